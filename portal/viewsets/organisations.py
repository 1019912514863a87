"""Admin for organisations and members, scoped to the user's subtree.

Built on `portal.viewsets.scoped.ScopedSnippetViewSet`, like every app's
snippets: listings, single-object views, pickers and bulk actions stop at the
user's subtree, so branch B's members are invisible to branch A's secretary.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSetGroup,
)

from portal.forms import MemberAdminForm, MemberCreateForm, OrganisationAdminForm
from portal.models import Member, Organisation
from portal.permissions import OrganisationScopedPermissionPolicy
from portal.services import members as member_services
from portal.services.two_step import RESET_PERMISSION as RESET_TWO_STEP_PERMISSION
from portal.viewsets.digests import ReminderDigestViewSet
from portal.viewsets.display import YesNoColumn
from portal.viewsets.notices import NoticeViewSet
from portal.viewsets.scoped import ScopedSnippetViewSet

organisation_policy = OrganisationScopedPermissionPolicy(Organisation, organisation_path="")
member_policy = OrganisationScopedPermissionPolicy(Member, organisation_path="organisation")


class InvalidFormIs400Mixin:
    """A form sent back with errors answers 400, so clients and tests see the refusal."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if response.status_code == 200:
            response.status_code = 400
        return response


class ScopedEditView(InvalidFormIs400Mixin, EditView):
    pass


class ScopedCreateView(InvalidFormIs400Mixin, CreateView):
    pass


class PortalSnippetViewSet(ScopedSnippetViewSet):
    """Organisations and members: refused forms answer 400."""

    edit_view_class = ScopedEditView
    add_view_class = ScopedCreateView


# -- Organisations --------------------------------------------------------------


class OrganisationIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_active and self.permission_policy.user_has_permission(
            self.request.user, "change"
        ):
            buttons.append(
                Button(
                    _("关闭"),
                    url=reverse("portal_organisation_close", args=[instance.pk]),
                    icon_name="lock",
                    priority=60,
                )
            )
        return buttons


class OrganisationViewSet(PortalSnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("组织")
    index_view_class = OrganisationIndexView
    list_display = [
        "name",
        "kind",
        "parent",
        "code",
        YesNoColumn("is_active", label=_("启用")),
        "closed_on",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    ordering = ["path"]
    # Secretaries may look at their own subtree without being able to change it.
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "short_name",
        "kind",
        "parent",
        "code",
        "description",
        "is_active",
        "closed_on",
    ]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("short_name"),
            FieldPanel("kind"),
            FieldPanel("parent", widget=forms.Select),
            FieldPanel("code"),
            FieldPanel("description"),
            FieldPanel("is_active"),
        ],
        base_form_class=OrganisationAdminForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


# -- Members --------------------------------------------------------------------


class MemberIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    _("从 Excel 导入"),
                    url=reverse("portal_member_import"),
                    icon_name="upload",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                Button(
                    _("设置密码链接"),
                    url=reverse("portal_member_password_link", args=[instance.pk]),
                    icon_name="key",
                    priority=50,
                )
            )
            buttons.append(
                Button(
                    _("组织关系"),
                    url=reverse("portal_member_relation", args=[instance.pk]),
                    icon_name="arrow-right-full",
                    priority=55,
                )
            )
        if self.request.user.has_perm(RESET_TWO_STEP_PERMISSION):
            buttons.append(
                Button(
                    _("重置两步验证"),
                    url=reverse("portal_member_reset_two_step", args=[instance.pk]),
                    icon_name="lock-open",
                    priority=60,
                )
            )
        return buttons


class MemberCreateView(ScopedCreateView):
    """Adding a member goes through the service, which also opens their account."""

    def save_instance(self):
        data = self.form.cleaned_data
        created = member_services.create_member(
            by=self.request.user,
            name=data["name"],
            organisation=data["organisation"],
            username=data.get("username") or None,
            email=data.get("email") or None,
            gender=data.get("gender", ""),
            photo=data.get("photo"),
            status=data.get("status") or Member.Status.FULL,
            joined_on=data.get("joined_on"),
            post=data.get("post", ""),
            duties=data.get("duties", ""),
            phone=data.get("phone", ""),
            role=data.get("role") or Member.Role.MEMBER,
        )
        log(instance=created.member, action="wagtail.create", user=self.request.user)
        self.created = created
        return created.member

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ValidationError, IntegrityError) as error:
            _add_service_error(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_message(self, instance):
        return _password_link_message(self.created)


class MemberEditView(ScopedEditView):
    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        # The form writes the new values onto this same instance; keep the old ones.
        self.previous_role = obj.role
        self.previous_organisation = obj.organisation
        return obj

    def save_instance(self):
        member = member_services.update_member(
            member=self.form.instance,
            by=self.request.user,
            previous_role=self.previous_role,
            previous_organisation=self.previous_organisation,
        )
        log(instance=member, action="wagtail.edit", user=self.request.user)
        return member

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ValidationError, IntegrityError) as error:
            _add_service_error(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


def _add_service_error(form, error) -> None:
    """Shows a refusal from the service on the form, by its field when the form has one."""
    if isinstance(error, IntegrityError):
        # Another secretary saved the same phone or login name a moment earlier.
        form.add_error(None, gettext("手机号码或用户名刚刚被其他党员占用，请检查后重试。"))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _password_link_message(created):
    member = created.member
    if created.emailed:
        text = gettext("已添加党员「{name}」（用户名 {username}），设置密码的链接已发到 {email}：")
    else:
        text = gettext(
            "已添加党员「{name}」（用户名 {username}）。请把下面的链接转交本人设置密码："
        )
    return format_html(
        text + ' <a href="{link}" style="color: inherit; text-decoration: underline">{link}</a>',
        name=member.name,
        username=member.user.username,
        email=member.user.email,
        link=created.link,
    )


MEMBER_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("name"),
            FieldPanel("gender"),
            FieldPanel("photo"),
            FieldPanel("organisation", widget=forms.Select),
            FieldPanel("status"),
            FieldPanel("joined_on"),
        ],
        heading=_("基本信息"),
    ),
    MultiFieldPanel(
        [FieldPanel("post"), FieldPanel("duties"), FieldPanel("phone")],
        heading=_("岗位与联系方式"),
    ),
    FieldPanel("role", permission=member_services.ASSIGN_ROLE_PERMISSION),
]
ACCOUNT_PANELS = [
    MultiFieldPanel(
        [FieldPanel("email"), FieldPanel("username")],
        heading=_("登录账号"),
    ),
]


class MemberViewSet(PortalSnippetViewSet):
    model = Member
    icon = "user"
    menu_label = _("党员")
    index_view_class = MemberIndexView
    add_view_class = MemberCreateView
    edit_view_class = MemberEditView
    list_display = ["name", "organisation", "status", "post", "phone", "role", "standing"]
    list_filter = ["status", "role", "standing"]
    list_per_page = 50
    copy_view_enabled = False
    edit_handler = ObjectList(MEMBER_PANELS, base_form_class=MemberAdminForm)

    @cached_property
    def create_handler(self):
        return ObjectList(
            MEMBER_PANELS + ACCOUNT_PANELS, base_form_class=MemberCreateForm
        ).bind_to_model(Member)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            panel=self.create_handler,
            form_class=self.create_handler.get_form_class(),
            **kwargs,
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class PortalViewSetGroup(SnippetViewSetGroup):
    menu_label = _("组织与党员")
    menu_icon = "group"
    menu_order = 200
    items = (OrganisationViewSet, MemberViewSet, NoticeViewSet, ReminderDigestViewSet)
