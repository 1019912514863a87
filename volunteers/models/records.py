"""Service records (志愿服务记录), their history and correction requests.

The fields follow 《志愿服务记录与证明出具办法（试行）》 (2020) arts. 7–10:
activity, date, place, content, hours actually served (travel excluded),
organising unit, person in charge, who recorded it, and a quality evaluation.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Member, Organisation

from .activities import Activity
from .teams import Team


class ServiceRecordQuerySet(models.QuerySet):
    def approved(self) -> "ServiceRecordQuerySet":
        return self.filter(status=ServiceRecord.Status.APPROVED)

    def service(self) -> "ServiceRecordQuerySet":
        """Training hours are kept apart and never count as service."""
        return self.filter(kind=ServiceRecord.Kind.SERVICE)

    def counted(self) -> "ServiceRecordQuerySet":
        """What totals, stars, ledgers and proofs count: approved service hours."""
        return self.approved().service()

    def live(self) -> "ServiceRecordQuerySet":
        """Records that hold a member's time: pending or approved, not returned."""
        return self.filter(status__in=[ServiceRecord.Status.PENDING, ServiceRecord.Status.APPROVED])

    def for_branch(self, organisation: Organisation) -> "ServiceRecordQuerySet":
        """Records of members in the subtree: an id subquery, so the member index is used."""
        members = Member.objects.in_subtree(organisation)
        return self.filter(member__in=members.values("pk"))


class ServiceRecord(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")

    class Source(models.TextChoices):
        CHECK_IN = "check_in", _("扫码签到")
        SELF = "self", _("本人填报")
        BACK_ENTRY = "back_entry", _("队长补录")

    class Kind(models.TextChoices):
        SERVICE = "service", _("志愿服务")
        TRAINING = "training", _("培训")

    class Quality(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        GOOD = "good", _("良好")
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    member = models.ForeignKey(
        Member, verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="service_records"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("服务队"), on_delete=models.PROTECT, related_name="records"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("活动"),
        on_delete=models.PROTECT,
        related_name="records",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    title = models.CharField(_("活动名称"), max_length=100)
    served_on = models.DateField(_("服务日期"))
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("服务地点"), max_length=120)
    content = models.TextField(_("服务内容"))
    hours = models.DecimalField(
        _("服务时长（小时）"),
        max_digits=4,
        decimal_places=1,
        help_text=_("实际服务时长，不含往返路途时间，以半小时为单位。"),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("组织单位"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("记录并出具证明的单位（谁记录谁证明）。"),
    )
    person_in_charge = models.CharField(_("负责人"), max_length=50, blank=True)
    source = models.CharField(_("记录方式"), max_length=20, choices=Source.choices)
    entered_by = models.ForeignKey(
        Member, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        Member, verbose_name=_("最后修改人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    quality = models.CharField(_("质量评价"), max_length=20, choices=Quality.choices, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    reviewed_by = models.ForeignKey(
        Member,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    is_late = models.BooleanField(
        _("逾期记录"), default=False, help_text=_("活动结束10个工作日后才记录。")
    )
    flag_reason = models.CharField(_("核查提示"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务记录")
        verbose_name_plural = _("志愿服务记录")
        ordering = ["-served_on", "-pk"]
        # Totals read (who, status, day, kind, hours) from the index alone.
        indexes = [
            models.Index(
                fields=["member", "status", "served_on", "kind", "hours"],
                name="volunteers_record_member_idx",
            ),
            models.Index(
                fields=["team", "status", "served_on", "kind", "hours"],
                name="volunteers_record_team_idx",
            ),
            models.Index(fields=["status", "served_on"], name="volunteers_record_day_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "activity"],
                name="volunteers_one_record_per_member_activity",
                violation_error_message=_("该志愿者在此活动中已有服务记录。"),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="volunteers_record_hours_in_range",
                violation_error_message=_("服务时长应大于0且不超过24小时。"),
            ),
            models.CheckConstraint(
                condition=Q(ended_at__gt=models.F("started_at")),
                name="volunteers_record_ends_after_start",
                violation_error_message=_("结束时间应晚于开始时间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.title} · {self.hours}h"

    @property
    def is_hand_entered(self) -> bool:
        """Shown apart from checked-in hours everywhere (a mark on lists, ledger, proof)."""
        return self.source != self.Source.CHECK_IN

    @property
    def counts(self) -> bool:
        return self.status == self.Status.APPROVED and self.kind == self.Kind.SERVICE

    def snapshot(self) -> dict:
        """What a version keeps: every field a person could change or decide."""
        return {
            "title": self.title,
            "kind": self.kind,
            "served_on": self.served_on.isoformat(),
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat(),
            "place": self.place,
            "content": self.content,
            "hours": f"{Decimal(self.hours):.1f}",
            "status": self.status,
            "quality": self.quality,
            "return_reason": self.return_reason,
            "flag_reason": self.flag_reason,
        }


class RecordVersion(models.Model):
    """One change of a record: who, when, what, and the record as it was afterwards."""

    class Action(models.TextChoices):
        CREATED = "created", _("记录")
        EDITED = "edited", _("修改")
        APPROVED = "approved", _("审核通过")
        RETURNED = "returned", _("退回")
        CORRECTED = "corrected", _("按更正申请修改")

    record = models.ForeignKey(
        ServiceRecord, verbose_name=_("记录"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本"))
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    by = models.ForeignKey(
        Member, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("内容"))

    class Meta:
        verbose_name = _("记录历史")
        verbose_name_plural = _("记录历史")
        ordering = ["record", "pk"]

    def __str__(self) -> str:
        return f"{self.record_id} · {self.get_action_display()}"


class CorrectionRequest(models.Model):
    """A member's request to correct a record or add a missing one (办法 art. 13)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        ACCEPTED = "accepted", _("已采纳")
        DECLINED = "declined", _("未采纳")

    member = models.ForeignKey(
        Member, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        ServiceRecord,
        verbose_name=_("原记录"),
        on_delete=models.PROTECT,
        related_name="corrections",
        null=True,
        blank=True,
        help_text=_("留空表示补充遗漏的记录。"),
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("活动"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        Team, verbose_name=_("服务队"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_hours = models.DecimalField(
        _("应为时长（小时）"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    proposed_content = models.TextField(_("应为服务内容"), blank=True)
    explanation = models.TextField(_("情况说明"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        Member,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_reason = models.TextField(_("处理意见"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("更正申请")
        verbose_name_plural = _("更正申请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"
