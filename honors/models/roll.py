"""善行功德榜: categories and the nominations that become the public honour roll."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from portal.permissions import in_subtree

DEED_MAX_LENGTH = 500
DUPLICATE_NOMINATION = _("该人员已在本期同一类别中被提名，不能重复提名。")


class HonorCategory(models.Model):
    """敬业, 诚信, 孝敬, 勤俭, 互助 — kept as rows so the committee can edit them."""

    name = models.CharField(_("名称"), max_length=20, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("功德榜类别")
        verbose_name_plural = _("功德榜类别")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class HonorRollEntryQuerySet(models.QuerySet):
    def approved(self) -> "HonorRollEntryQuerySet":
        return self.filter(status=HonorRollEntry.Status.APPROVED)

    def published(self) -> "HonorRollEntryQuerySet":
        """Approved entries whose person consented to public display."""
        return self.approved().filter(consent_to_publish=True)

    def in_subtree(self, organisation: Organisation) -> "HonorRollEntryQuerySet":
        return in_subtree(self, organisation, "organisation")


class HonorRollEntry(models.Model):
    """One nomination; once approved it is an entry of the roll for its period."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在组织"),
        on_delete=models.PROTECT,
        related_name="honor_roll_entries",
        help_text=_("被提名人所在的支部或窗口，决定由谁提名和审核。"),
    )
    member = models.ForeignKey(
        "portal.Member",
        verbose_name=_("党员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honor_roll_entries",
        help_text=_("被提名人是本系统的党员时选择，证书会出现在其“我的”页面。"),
    )
    person_name = models.CharField(_("姓名"), max_length=50)
    unit = models.CharField(
        _("单位"), max_length=100, blank=True, help_text=_("公开显示的单位，留空则用所在组织名称。")
    )
    category = models.ForeignKey(
        HonorCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="entries"
    )
    period = models.CharField(_("期次"), max_length=20, help_text=_("例如 2025年度。"))
    deed = models.TextField(
        _("事迹"),
        max_length=DEED_MAX_LENGTH,
        validators=[MaxLengthValidator(DEED_MAX_LENGTH)],
        help_text=_("不超过 500 字。"),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_to_publish = models.BooleanField(
        _("本人同意公开展示"),
        default=False,
        help_text=_("未经本人同意的，只存档，不在公开的善行功德榜上显示。"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提名人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("提名时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)

    objects = HonorRollEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("功德榜提名")
        verbose_name_plural = _("功德榜提名")
        ordering = ["-period", "category__sort_order", "organisation__path", "person_name"]
        permissions = [("approve_honorrollentry", _("可审核功德榜提名"))]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "category", "period"],
                condition=Q(member__isnull=False),
                name="honors_entry_unique_member_category_period",
                violation_error_message=DUPLICATE_NOMINATION,
            ),
            models.UniqueConstraint(
                fields=["organisation", "person_name", "category", "period"],
                condition=Q(member__isnull=True),
                name="honors_entry_unique_name_category_period",
                violation_error_message=DUPLICATE_NOMINATION,
            ),
        ]
        indexes = [models.Index(fields=["status", "period"], name="honors_entry_status_period")]

    def __str__(self) -> str:
        return f"{self.person_name}（{self.category} · {self.period}）"

    @property
    def display_unit(self) -> str:
        return self.unit or self.organisation.display_name

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED and self.consent_to_publish
