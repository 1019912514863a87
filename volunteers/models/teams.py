"""Teams (志愿服务队), who leads them, who has joined, and each volunteer's profile."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.models import Member, Organisation


class TeamQuerySet(models.QuerySet):
    def active(self) -> "TeamQuerySet":
        return self.filter(is_active=True)

    def led_by(self, member: Member) -> "TeamQuerySet":
        return self.filter(leaders=member)


class Team(index.Indexed, models.Model):
    """A team set up by a branch or the committee; its organisation issues its members' proofs."""

    name = models.CharField(_("队名"), max_length=60, unique=True)
    field = models.CharField(
        _("服务领域"), max_length=60, help_text=_("例如：审批代理、扶弱助老、生态环境保护。")
    )
    description = models.TextField(_("简介"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("组建单位"),
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
        help_text=_("组建并记录本队服务时长的党组织，也是志愿服务记录证明的出具单位。"),
    )
    leaders = models.ManyToManyField(
        Member, verbose_name=_("队长"), related_name="led_teams", blank=True
    )
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, help_text=_("印在志愿服务记录证明上的单位电话。")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("field"),
        # Admin listings and pickers filter by the user's subtree (portal.permissions.scoped).
        index.RelatedFields("organisation", [index.FilterField("path")]),
    ]

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """A member in a team; leaving sets `left_at`, so their history stays with the team."""

    team = models.ForeignKey(
        Team, verbose_name=_("服务队"), on_delete=models.PROTECT, related_name="memberships"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("队员"),
        on_delete=models.PROTECT,
        related_name="volunteer_memberships",
    )
    joined_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    left_at = models.DateTimeField(_("退出时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("队员")
        verbose_name_plural = _("队员")
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "member"],
                condition=Q(left_at__isnull=True),
                name="volunteers_one_current_membership",
                violation_error_message=_("您已经是该服务队队员。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.team}"

    @property
    def is_current(self) -> bool:
        return self.left_at is None


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def validate_id_number(value: str) -> None:
    """A mainland resident ID number: 18 characters, the last one its checksum (GB 11643)."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        raise ValidationError(_("请输入18位居民身份证号码，最后一位可以是 X。"))
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        raise ValidationError(_("身份证号码校验位不对，请核对后重新输入。"))


class VolunteerProfile(models.Model):
    """A member's volunteer number and their consent to be named on public pages.

    《志愿服务条例》 art. 20: a volunteer's name is published only with consent;
    without it they are counted on public pages but not named.
    """

    member = models.OneToOneField(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="volunteer"
    )
    number = models.CharField(_("志愿者编号"), max_length=30, unique=True)
    id_number = models.CharField(
        _("身份证件号码"),
        max_length=18,
        blank=True,
        validators=[validate_id_number],
        help_text=_("志愿服务记录证明上只显示前三位和后四位，页面上从不显示。"),
    )
    public_name_consent = models.BooleanField(_("同意公开姓名"), default=False)
    consent_changed_at = models.DateTimeField(_("同意状态更新时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")

    def __str__(self) -> str:
        return f"{self.member} ({self.number})"
