"""Campaigns (创建活动), their participants' assessments, inspections and rectification notices.

An assessment's state changes only through `activities.services.assessment`,
which records every change as a `Transition`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from portal.models import Organisation
from portal.permissions import in_subtree, scope_for, scoped, subtree_q

from .checklists import ChecklistTemplate
from .photos import PhotoBase


class CampaignQuerySet(models.QuerySet):
    def for_user(self, user) -> "CampaignQuerySet":
        """Campaigns a user may open: organised in or above their subtree, or taken part in.

        A committee sees what it or its sub-committees organise; a branch sees the
        campaigns of the committees above it and those it takes part in; another
        committee's campaign does not exist for them.
        """
        scope = scope_for(user)
        if scope is True:
            return self
        if scope is None:
            return self.none()
        return self.filter(
            subtree_q(scope, "organiser")
            | Q(organiser__in=scope.ancestors())
            | Q(pk__in=in_subtree(Assessment.objects.all(), scope).values("campaign_id"))
        )

    def managed_by(self, user) -> "CampaignQuerySet":
        """Campaigns a user may edit: organised inside their own subtree."""
        return scoped(self, user, "organiser")


class Campaign(ClusterableModel):
    name = models.CharField(_("活动名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("检查标准"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("组织单位"),
        on_delete=models.PROTECT,
        related_name="organised_campaigns",
        help_text=_("负责考核验收的党委，例如 县直机关工委。"),
    )
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("创建活动")
        verbose_name_plural = _("创建活动")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"

    def phase_end(self, kind: str):
        for phase in self.phases.all():
            if phase.kind == kind:
                return phase.ends_on
        return None


class CampaignPhase(Orderable):
    class Kind(models.TextChoices):
        PREPARE = "prepare", _("准备")
        MOBILISE = "mobilise", _("动员")
        IMPLEMENT = "implement", _("实施")
        APPLY = "apply", _("申报")
        INSPECT = "inspect", _("验收")
        RECHECK = "recheck", _("复查")

    campaign = ParentalKey(
        Campaign, verbose_name=_("创建活动"), on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("阶段"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("starts_on"), FieldPanel("ends_on")])]

    class Meta(Orderable.Meta):
        verbose_name = _("阶段")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="activities_phase_dates_in_order",
                violation_error_message=_("截止日期不能早于开始日期。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%m-%d}—{self.ends_on:%m-%d}"


class AssessmentQuerySet(models.QuerySet):
    def for_user(self, user) -> "AssessmentQuerySet":
        return scoped(self, user, "organisation")


class Assessment(models.Model):
    """One participant of a campaign: its self-assessment, application and outcome."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("自查中")
        SUBMITTED = "submitted", _("已申报")
        PASSED = "passed", _("已达标")
        RECTIFYING = "rectifying", _("限期整改")
        RESUBMITTED = "resubmitted", _("整改后重新申报")
        REVOKED = "revoked", _("已摘牌")
        WITHDRAWN = "withdrawn", _("已退出")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建活动"), on_delete=models.CASCADE, related_name="assessments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("参与单位"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    template_version = models.PositiveIntegerField(_("标准版本"))
    applied_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    passed_on = models.DateField(_("达标日期"), null=True, blank=True)
    rectify_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    award = models.ForeignKey(
        "honors.Award",
        verbose_name=_("称号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("自查与验收")
        verbose_name_plural = _("自查与验收")
        ordering = ["campaign", "organisation__path"]
        permissions = [("inspect_assessment", _("可以考核验收（考核验收小组）"))]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"],
                name="activities_one_assessment_per_participant",
                violation_error_message=_("该单位已参加本次创建活动。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.campaign}"

    @property
    def is_editable(self) -> bool:
        """The branch may change its answers while drafting or rectifying."""
        return self.status in {self.Status.DRAFT, self.Status.RECTIFYING}

    @property
    def awaiting_inspection(self) -> bool:
        return self.status in {self.Status.SUBMITTED, self.Status.RESUBMITTED}

    def rectify_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.RECTIFYING
            and self.rectify_deadline is not None
            and self.rectify_deadline < today
        )


class AssessmentItem(models.Model):
    """A copy of one checklist item, so later edits of the template leave this assessment alone."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="items", verbose_name=_("自查")
    )
    source_item = models.ForeignKey(
        "activities.ChecklistItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("原检查项目"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    section = models.CharField(_("类别"), max_length=40)
    text = models.CharField(_("检查内容"), max_length=300)
    is_required = models.BooleanField(_("必须达标"), default=True)
    photo_required = models.BooleanField(_("须上传照片"), default=False)
    is_veto = models.BooleanField(_("一票否决"), default=False)
    # For a veto item, "met" means the disqualifying situation is absent.
    self_met = models.BooleanField(_("自查结果"), null=True, blank=True)
    self_note = models.CharField(_("自查说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("自查项目")
        verbose_name_plural = _("自查项目")
        ordering = ["assessment", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.section}·{self.text}"

    @property
    def label(self) -> str:
        return f"{self.section}·{self.text}"


class EvidencePhoto(PhotoBase):
    photo_kind = "evidence"

    item = models.ForeignKey(
        AssessmentItem, on_delete=models.CASCADE, related_name="photos", verbose_name=_("项目")
    )

    class Meta:
        verbose_name = _("佐证照片")
        verbose_name_plural = _("佐证照片")
        ordering = ["pk"]


class Inspection(models.Model):
    """An acceptance inspection (验收), a spot check (抽查) or the year-end re-inspection (复查)."""

    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", _("验收")
        SPOT_CHECK = "spot_check", _("抽查")
        YEAR_END = "year_end", _("年终复查")

    class Result(models.TextChoices):
        PENDING = "pending", _("待检查")
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="inspections", verbose_name=_("自查")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    scheduled_on = models.DateField(_("计划日期"), null=True, blank=True)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    result = models.CharField(
        _("结论"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    comments = models.TextField(_("验收意见"), blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("验收与复查")
        verbose_name_plural = _("验收与复查")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assessment.organisation} · {self.get_kind_display()}"


class InspectionVerdict(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查"), on_delete=models.CASCADE, related_name="verdicts"
    )
    item = models.ForeignKey(
        AssessmentItem, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="verdicts"
    )
    met = models.BooleanField(_("达标"))
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("逐项结论")
        verbose_name_plural = _("逐项结论")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"], name="activities_one_verdict_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {'达标' if self.met else '未达标'}"


class RectificationNotice(models.Model):
    """限期整改书: the items to fix and the deadline, sent to the branch after a failed check."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="notices", verbose_name=_("自查")
    )
    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="notice", verbose_name=_("检查")
    )
    items = models.ManyToManyField(AssessmentItem, related_name="+", verbose_name=_("整改项目"))
    number = models.CharField(
        _("文号"),
        max_length=60,
        blank=True,
        help_text=_("例如 县直机关工委整改〔2026〕3号：发文单位、年份和当年的序号。"),
    )
    requirements = models.TextField(_("整改要求"), blank=True)
    issued_on = models.DateField(_("下发日期"))
    deadline = models.DateField(_("整改期限"))
    closed_on = models.DateField(_("整改完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("限期整改书")
        verbose_name_plural = _("限期整改书")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="activities_notice_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment.organisation} 限期整改书（{self.issued_on:%Y-%m-%d}）"


class Transition(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("自查"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=Assessment.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Assessment.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
