"""Member profiles: the person behind an account, their organisation and role."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.masking import mask_phone
from portal.scoping import in_subtree, scoped

from .organisations import Organisation

phone_validator = RegexValidator(r"^1[3-9]\d{9}$", _("请输入11位手机号码，例如 13812345678。"))


class MemberQuerySet(models.QuerySet):
    def in_subtree(self, organisation: Organisation) -> "MemberQuerySet":
        return in_subtree(self, organisation, "organisation")

    def visible_to(self, user) -> "MemberQuerySet":
        """Members a staff user may manage: all for superusers, else their subtree."""
        return scoped(self, user, "organisation")

    def current(self) -> "MemberQuerySet":
        """Members still on the books (在册): not transferred out, not left."""
        return self.filter(standing=Member.Standing.ACTIVE)

    def party_members(self) -> "MemberQuerySet":
        """Current full and probationary members: the people lists, matrices and rankings count."""
        return self.current().filter(status__in=[Member.Status.FULL, Member.Status.PROBATIONARY])


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

    class Standing(models.TextChoices):
        ACTIVE = "active", _("在册")
        TRANSFERRED_OUT = "transferred_out", _("已转出")
        LEFT = "left", _("已离开")

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
    standing = models.CharField(
        _("组织关系"),
        max_length=20,
        choices=Standing.choices,
        default=Standing.ACTIVE,
        db_index=True,
        editable=False,
        help_text=_("转出或离开后，本人的承诺、评价、学时、出勤和评议等次都保留。"),
    )
    left_on = models.DateField(_("转出/离开日期"), null=True, blank=True, editable=False)
    destination = models.CharField(_("去向"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    # Shown when a delete would take the member's history with them (portal.deletion).
    deletion_alternative = _(
        "党员调离或离开时，请在党员列表中点「组织关系」办理转接、转出或离开，历史记录会保留。"
    )

    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("post"),
        index.FilterField("organisation"),
        index.FilterField("status"),
        index.FilterField("role"),
        index.FilterField("standing"),
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
    def is_current(self) -> bool:
        return self.standing == self.Standing.ACTIVE

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def manages_members(self) -> bool:
        """A branch secretary or committee admin (not a volunteer team's 队长): they manage
        the members of their subtree and carry the heavier study requirement."""
        return self.role in self.STAFF_ROLES


class MembershipChange(models.Model):
    """One step in a member's 组织关系: a transfer between branches, a transfer out, leaving."""

    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("组织关系转接")
        TRANSFER_OUT = "transfer_out", _("转出")
        LEAVE = "leave", _("离开")

    member = models.ForeignKey(
        Member,
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="membership_changes",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    from_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("原组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("转入组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destination = models.CharField(_("去向"), max_length=200, blank=True)
    happened_on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("办理时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("组织关系变动")
        verbose_name_plural = _("组织关系变动")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()} · {self.happened_on:%Y-%m-%d}"
