"""Admin registration for the portal app: organisations and members."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal.admin_menu import StaffRoleMenuItem
from portal.models import Member, Organisation, ReminderDigest
from portal.views.admin_study import StudyMatrixExportView, StudyMatrixView
from portal.viewsets.digests import digest_policy
from portal.viewsets.organisations import (
    PortalViewSetGroup,
    member_policy,
    organisation_policy,
)

register_permission_policy(Organisation, organisation_policy)
register_permission_policy(Member, member_policy)
register_permission_policy(ReminderDigest, digest_policy)
register_snippet(PortalViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("study/matrix/", StudyMatrixView.as_view(), name="portal_study_matrix"),
        path(
            "study/matrix/export/",
            StudyMatrixExportView.as_view(),
            name="portal_study_matrix_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_study_matrix_menu_item():
    return StaffRoleMenuItem(
        _("学习情况"), reverse("portal_study_matrix"), icon_name="table", order=250
    )


@hooks.register("register_admin_urls")
def register_member_admin_urls():
    from portal.views import admin_members

    return [
        path(
            "members/import/",
            admin_members.MemberImportView.as_view(),
            name="portal_member_import",
        ),
        path(
            "members/import/template.xlsx",
            admin_members.MemberImportTemplateView.as_view(),
            name="portal_member_import_template",
        ),
        path(
            "members/<int:pk>/password-link/",
            admin_members.MemberPasswordLinkView.as_view(),
            name="portal_member_password_link",
        ),
        path(
            "members/<int:pk>/reset-two-step/",
            admin_members.MemberResetTwoStepView.as_view(),
            name="portal_member_reset_two_step",
        ),
    ]


@hooks.register("register_log_actions")
def register_two_step_log_actions(actions):
    from portal.services.two_step import RESET_ACTION

    actions.register_action(RESET_ACTION, _("重置两步验证"), _("重置了两步验证，需重新开启"))


class WorkbenchPanel(Component):
    """待办事项: the work waiting on the signed-in secretary, leader or committee member."""

    name = "workbench"
    template_name = "portal/admin/workbench_panel.html"
    order = 50  # before Wagtail's own panels

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from portal.workbench import staff_todos

        return {"todos": staff_todos(self.request.user), "request": self.request}


@hooks.register("construct_homepage_panels")
def add_workbench_panel(request, panels):
    from portal.permissions import member_of

    if member_of(request.user) is not None or request.user.is_superuser:
        panels.insert(0, WorkbenchPanel(request))


# Wagtail's "What's new" and English editor guide lead out of a Chinese admin.
ENGLISH_HELP_ITEMS = {"editor-guide"}


@hooks.register("construct_help_menu")
def hide_english_help(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in ENGLISH_HELP_ITEMS and not item.name.startswith("whats-new")
    ]
