"""Titles and plaques (称号 / 挂牌) and the awards that confer them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Member, Organisation
from portal.permissions import in_subtree

DUPLICATE_AWARD = _("该对象本期已持有此称号，不能重复授予。")


class Title(models.Model):
    class HolderKind(models.TextChoices):
        PERSON = "person", _("个人")
        ORGANISATION = "organisation", _("组织")

    name = models.CharField(_("称号名称"), max_length=40, unique=True)
    holder_kind = models.CharField(
        _("授予对象"), max_length=20, choices=HolderKind.choices, default=HolderKind.PERSON
    )
    has_plaque = models.BooleanField(_("挂牌"), default=False, help_text=_("授予时颁发牌匾。"))
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("称号")
        verbose_name_plural = _("称号")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def for_person(self) -> bool:
        return self.holder_kind == self.HolderKind.PERSON


class AwardQuerySet(models.QuerySet):
    def active_on(self, day) -> "AwardQuerySet":
        """Awards in force on `day`: granted by then, not yet revoked or expired."""
        return self.filter(granted_on__lte=day).filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self) -> "AwardQuerySet":
        return self.active_on(timezone.localdate())

    def in_subtree(self, organisation: Organisation) -> "AwardQuerySet":
        return in_subtree(self, organisation, "unit")


class Award(models.Model):
    """A title held by a member or an organisation for a period.

    Revocation keeps the row (and its certificate) as history; only the status
    changes, so staff can always see who held what and when it ended.
    """

    title = models.ForeignKey(
        Title, verbose_name=_("称号"), on_delete=models.PROTECT, related_name="awards"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("获得者（个人）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("获得者（组织）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("个人所在组织或获奖组织本身，用于权限范围。"),
    )
    issuer = models.ForeignKey(
        Organisation,
        verbose_name=_("授予单位"),
        on_delete=models.PROTECT,
        related_name="issued_awards",
    )
    period = models.CharField(_("期次"), max_length=20, help_text=_("例如 2025年度。"))
    reason = models.TextField(_("授予理由"), blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("授予人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_on = models.DateField(_("授予日期"), default=timezone.localdate)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    source = models.CharField(
        _("来源"),
        max_length=100,
        blank=True,
        help_text=_("授予此称号的业务记录，例如 activities.inspection:42；同一来源只授予一次。"),
    )
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AwardQuerySet.as_manager()

    # An award is what someone earned: it is revoked (撤销, for a plaque also called 摘牌),
    # never deleted.
    deletion_refused = True
    deletion_alternative = _(
        "称号不再有效时，请在称号授予或证书列表中点「撤销」，写明理由和日期，记录和证书都会保留。"
    )

    class Meta:
        verbose_name = _("称号授予")
        verbose_name_plural = _("称号授予")
        ordering = ["-granted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(member__isnull=False, organisation__isnull=True)
                    | Q(member__isnull=True, organisation__isnull=False)
                ),
                name="honors_award_one_holder",
                violation_error_message=_("获得者须为一名党员或一个组织。"),
            ),
            models.UniqueConstraint(
                fields=["title", "member", "period"],
                condition=Q(member__isnull=False, revoked_on__isnull=True),
                name="honors_award_unique_member_title_period",
                violation_error_message=DUPLICATE_AWARD,
            ),
            models.UniqueConstraint(
                fields=["title", "organisation", "period"],
                condition=Q(organisation__isnull=False, revoked_on__isnull=True),
                name="honors_award_unique_org_title_period",
                violation_error_message=DUPLICATE_AWARD,
            ),
            models.UniqueConstraint(
                fields=["source"],
                condition=~Q(source=""),
                name="honors_award_unique_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.title} · {self.period}"

    @property
    def holder(self) -> Member | Organisation:
        return self.member if self.member_id else self.organisation

    @property
    def holder_name(self) -> str:
        return self.holder.name if self.holder else ""

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None
