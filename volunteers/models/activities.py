"""Activities (志愿服务活动), sign-ups, check-in and attendance."""

import secrets
from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Member

from .teams import Team

# Scanning opens this long before the start and stays open this long after the
# end: volunteers arrive early and the last one out needs a moment to check out.
CHECK_IN_GRACE = timedelta(minutes=30)


def new_check_in_token() -> str:
    return secrets.token_urlsafe(16)


class ActivityQuerySet(models.QuerySet):
    def published(self) -> "ActivityQuerySet":
        return self.filter(status=Activity.Status.PUBLISHED)

    def upcoming(self) -> "ActivityQuerySet":
        return self.published().filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def ended(self) -> "ActivityQuerySet":
        return self.published().filter(ends_at__lt=timezone.now())


class Activity(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", _("志愿服务")
        TRAINING = "training", _("培训")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("已发布")
        CANCELLED = "cancelled", _("已取消")

    team = models.ForeignKey(
        Team, verbose_name=_("服务队"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("活动名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    place = models.CharField(_("地点"), max_length=120)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("招募人数"))
    description = models.TextField(_("服务内容"), blank=True)
    sign_up_deadline = models.DateTimeField(_("报名截止时间"), null=True, blank=True)
    donations = models.DecimalField(
        _("捐款捐物（元）"),
        max_digits=10,
        decimal_places=2,
        default=0,
        help_text=_("扶贫走访等活动中募集的捐款和物资折合金额。"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    check_in_token = models.CharField(
        _("签到码"), max_length=40, unique=True, default=new_check_in_token, editable=False
    )
    created_by = models.ForeignKey(
        Member,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["team", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="volunteers_activity_ends_after_start",
                violation_error_message=_("结束时间应晚于开始时间。"),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="volunteers_activity_capacity_positive",
                violation_error_message=_("招募人数至少为1人。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_training(self) -> bool:
        return self.kind == self.Kind.TRAINING

    def check_in_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.starts_at - CHECK_IN_GRACE <= at <= self.ends_at + CHECK_IN_GRACE

    def sign_up_open(self, at=None) -> bool:
        at = at or timezone.now()
        if self.status != self.Status.PUBLISHED or at >= self.starts_at:
            return False
        return self.sign_up_deadline is None or at <= self.sign_up_deadline


class SignUp(models.Model):
    """A member's place on an activity, then their attendance.

    A walk-in (scanned the QR without signing up) is a sign-up waiting for the
    leader's confirmation; no-shows are recorded as `attendance = absent`.
    """

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("已报名")
        CANCELLED = "cancelled", _("已取消")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("未记录")
        PRESENT = "present", _("出勤")
        ABSENT = "absent", _("缺席")

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="sign_ups"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="volunteer_sign_ups"
    )
    status = models.CharField(
        _("报名状态"), max_length=20, choices=Status.choices, default=Status.SIGNED_UP
    )
    attendance = models.CharField(
        _("出勤"), max_length=20, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    walk_in = models.BooleanField(_("现场加入"), default=False)
    confirmed_by = models.ForeignKey(
        Member,
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    signed_up_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        Member,
        verbose_name=_("考勤记录人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["signed_up_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                name="volunteers_one_sign_up_per_activity",
                violation_error_message=_("您已报名该活动。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.activity}"

    @property
    def awaiting_confirmation(self) -> bool:
        return self.walk_in and self.confirmed_by_id is None

    @property
    def is_no_show(self) -> bool:
        return self.attendance == self.Attendance.ABSENT
