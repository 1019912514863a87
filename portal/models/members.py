"""Member profiles: the person behind an account, their organisation and role."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.masking import mask_phone
from portal.permissions import in_subtree, scoped

from .organisations import Organisation

phone_validator = RegexValidator(r"^1[3-9]\d{9}$", _("请输入11位手机号码，例如 13812345678。"))


class MemberQuerySet(models.QuerySet):
    def in_subtree(self, organisation: Organisation) -> "MemberQuerySet":
        return in_subtree(self, organisation, "organisation")

    def visible_to(self, user) -> "MemberQuerySet":
        """Members a staff user may manage: all for superusers, else their subtree."""
        return scoped(self, user, "organisation")

    def party_members(self) -> "MemberQuerySet":
        return self.filter(status__in=[Member.Status.FULL, Member.Status.PROBATIONARY])


class Member(index.Indexed, models.Model):
    class Status(models.TextChoices):
        FULL = "full", _("正式党员")
        PROBATIONARY = "probationary", _("预备党员")
        ACTIVIST = "activist", _("入党积极分子")
        MASSES = "masses", _("群众")

    class Role(models.TextChoices):
        MEMBER = "member", _("党员")
        SECRETARY = "secretary", _("支部书记")
        COMMITTEE = "committee", _("党委管理员")

    # The roles that manage members (and work in the admin); every check of "is staff"
    # asks `manages_members` or `portal.permissions.scope_for`, never a copy of this set.
    STAFF_ROLES = frozenset({Role.SECRETARY, Role.COMMITTEE})

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在组织"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    status = models.CharField(
        _("政治面貌"), max_length=20, choices=Status.choices, default=Status.FULL
    )
    joined_on = models.DateField(_("入党时间"), null=True, blank=True)
    post = models.CharField(_("岗位"), max_length=100, blank=True)
    duties = models.TextField(_("岗位职责"), blank=True)
    phone = models.CharField(
        _("手机号码"),
        max_length=11,
        blank=True,
        validators=[phone_validator],
        help_text=_("仅本人和管理人员可见，公开页面只显示 138****1234 形式。"),
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("post"),
        index.FilterField("organisation"),
        index.FilterField("status"),
        index.FilterField("role"),
        # Admin listings filter by the user's subtree (organisation__path__startswith).
        index.RelatedFields("organisation", [index.FilterField("path")]),
    ]

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["organisation__path", "name"]
        permissions = [("assign_role", _("可以设置党员角色（支部书记、党委管理员）"))]
        constraints = [
            # A phone number identifies one person, whichever branch they are in.
            models.UniqueConstraint(
                fields=["phone"],
                condition=~models.Q(phone=""),
                name="member_unique_phone",
                # Neutral: it must not tell a secretary that another branch has this number.
                violation_error_message=_(
                    "该手机号码无法登记，请核对号码；如确为本人号码，请联系上级党委管理员。"
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def manages_members(self) -> bool:
        """A branch secretary or committee admin (not a volunteer team's 队长): they manage
        the members of their subtree and carry the heavier study requirement."""
        return self.role in self.STAFF_ROLES
