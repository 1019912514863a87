"""Admin registration for the portal app: organisations and members."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal import library  # noqa: F401  (image and document library: policies and hooks)
from portal.admin_menu import StaffRoleMenuItem
from portal.models import Member, Organisation
from portal.views.admin_study import StudyMatrixExportView, StudyMatrixView
from portal.viewsets.organisations import (
    PortalViewSetGroup,
    member_policy,
    organisation_policy,
)

register_permission_policy(Organisation, organisation_policy)
register_permission_policy(Member, member_policy)
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
