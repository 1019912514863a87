"""Organisational life: 三会一课 and 主题党日, attendance, photos, and use of the activity room."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Member, Organisation

from .photos import PhotoBase


class MeetingQuerySet(models.QuerySet):
    def held(self) -> "MeetingQuerySet":
        return self.filter(status=Meeting.Status.HELD)

    def in_year(self, year: int) -> "MeetingQuerySet":
        return self.filter(held_on__year=year)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        CONGRESS = "congress", _("支部党员大会")
        COMMITTEE = "committee", _("支委会")
        GROUP = "group", _("党小组会")
        LECTURE = "lecture", _("党课")
        THEME_DAY = "theme_day", _("主题党日")

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划")
        HELD = "held", _("已召开")
        CANCELLED = "cancelled", _("已取消")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("党支部；党小组会选党小组。"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True, default="党员活动室")
    host = models.CharField(_("主持人"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    study_hours = models.DecimalField(
        _("学时"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
        help_text=_("党课计入到会党员的学习学时。"),
    )
    minutes = models.TextField(_("会议记录"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    # Shown when a delete would take attendance or 学时 with it (portal.deletion).
    deletion_alternative = _(
        "会议不再举行时，请在编辑页把状态改为「已取消」：已计入的学时同时撤回，出勤记录保留。"
    )

    class Meta:
        verbose_name = _("三会一课")
        verbose_name_plural = _("三会一课与主题党日")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.title}"

    @property
    def credit_key(self) -> str:
        return f"activities.meeting:{self.pk}"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("出席"))
    absence_reason = models.CharField(_("缺席原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now=True)

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        ordering = ["meeting", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="activities_attendance_once_per_member"
            ),
            models.CheckConstraint(
                condition=Q(present=True) | ~Q(absence_reason=""),
                name="activities_absence_has_reason",
                violation_error_message=_("缺席须填写原因。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {'出席' if self.present else '缺席'}"


class MeetingPhoto(PhotoBase):
    photo_kind = "meeting"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="photos"
    )

    class Meta:
        verbose_name = _("会议照片")
        verbose_name_plural = _("会议照片")
        ordering = ["pk"]


class RoomUse(models.Model):
    """活动室和电教设备使用情况记录, one of the room's soft requirements."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="room_uses"
    )
    used_on = models.DateField(_("使用日期"))
    purpose = models.CharField(_("用途"), max_length=200)
    equipment = models.CharField(
        _("使用设备"), max_length=200, blank=True, help_text=_("例如 电视机、碟机、电教碟片。")
    )
    keeper = models.CharField(_("管理人"), max_length=50, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("相关会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="room_uses",
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("活动室使用记录")
        verbose_name_plural = _("活动室使用记录")
        ordering = ["-used_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.used_on:%Y-%m-%d} {self.purpose}"
