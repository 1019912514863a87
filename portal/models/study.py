"""Study records and the yearly 学时 requirement."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .members import Member


@register_setting(icon="time")
class StudyRequirementSettings(BaseGenericSetting):
    """Yearly 学时 each member must reach; editable by the committee."""

    member_hours = models.DecimalField(
        _("党员年度学时要求"), max_digits=5, decimal_places=1, default=Decimal("32")
    )
    leader_hours = models.DecimalField(
        _("书记、党委委员年度学时要求"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("56"),
    )

    class Meta:
        verbose_name = _("学时要求")

    def required_for(self, member: Member) -> Decimal:
        return self.leader_hours if member.manages_members else self.member_hours


class StudyRecordQuerySet(models.QuerySet):
    def in_year(self, year: int) -> "StudyRecordQuerySet":
        return self.filter(studied_on__year=year)

    def total_hours(self) -> Decimal:
        return self.aggregate(total=Sum("hours"))["total"] or Decimal("0")


class StudyRecord(models.Model):
    """One piece of study credited to a member: an article read, or a 党课 attended.

    Only the fact of having studied is kept, never time spent online: the 2023
    rules against 指尖上的形式主义 forbid tracking it.
    """

    class Source(models.TextChoices):
        ARTICLE = "article", _("在线学习")
        LECTURE = "lecture", _("党课")
        OTHER = "other", _("其他")

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="study_records"
    )
    article = models.ForeignKey(
        "portal.StudyArticlePage",
        verbose_name=_("学习文章"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="study_records",
    )
    source = models.CharField(
        _("学习方式"), max_length=20, choices=Source.choices, default=Source.ARTICLE
    )
    source_key = models.CharField(
        _("来源标识"),
        max_length=100,
        blank=True,
        help_text="Identifies the originating record (e.g. a 党课 meeting) so it is credited once.",
    )
    title = models.CharField(_("学习内容"), max_length=255)
    hours = models.DecimalField(
        _("学时"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    studied_on = models.DateField(_("学习日期"), default=timezone.localdate)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = StudyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        ordering = ["-studied_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "article"],
                condition=Q(article__isnull=False),
                name="study_record_once_per_article",
                violation_error_message=_("已标记学习过这篇文章。"),
            ),
            models.UniqueConstraint(
                fields=["member", "source", "source_key"],
                condition=~Q(source_key=""),
                name="study_record_once_per_source",
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="study_record_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.title}"
