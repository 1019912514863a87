"""Admin registration for the portal app: organisations and members."""

from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal import library  # noqa: F401  (image and document library: policies and hooks)
from portal.admin_menu import StaffRoleMenuItem
from portal.deletion import check_deletion
from portal.frontpage import HOOK as FRONT_PAGE_HOOK
from portal.frontpage import FrontPagePanel
from portal.models import Member, Notice, Organisation, ReminderDigest
from portal.views.admin_study import StudyMatrixExportView, StudyMatrixView
from portal.viewsets.digests import digest_policy
from portal.viewsets.notices import notice_policy
from portal.viewsets.organisations import (
    PortalViewSetGroup,
    member_policy,
    organisation_policy,
)
from portal.viewsets.scoped import ScopedDeleteBulkAction

register_permission_policy(Organisation, organisation_policy)
register_permission_policy(Member, member_policy)
register_permission_policy(ReminderDigest, digest_policy)
register_permission_policy(Notice, notice_policy)
register_snippet(PortalViewSetGroup)
# After Wagtail's own (order 0), so it replaces the snippets' bulk delete for every model.
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=1)


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
        path(
            "members/<int:pk>/relation/",
            admin_members.MemberRelationView.as_view(),
            name="portal_member_relation",
        ),
        path(
            "organisations/<int:pk>/close/",
            admin_members.OrganisationCloseView.as_view(),
            name="portal_organisation_close",
        ),
    ]


@hooks.register("register_log_actions")
def register_two_step_log_actions(actions):
    from portal.services.two_step import RESET_ACTION

    actions.register_action(RESET_ACTION, _("重置两步验证"), _("重置了两步验证，需重新开启"))


@hooks.register("register_log_actions")
def register_history_log_actions(actions):
    actions.register_action("portal.membership_change", _("组织关系变动"), _("组织关系变动"))
    actions.register_action("portal.close_organisation", _("关闭组织"), _("关闭组织"))


@hooks.register("before_delete_snippet")
def refuse_delete_that_loses_history(request, instances):
    """A delete that would take earned records with it is refused, on the page, in Chinese.

    Runs for the single delete view (its confirmation page and its POST) and the
    bulk delete action, for every snippet of every app.
    """
    refusals = []
    for instance in instances:
        check = check_deletion([instance])
        if not check.allowed:
            refusals.append({"object": instance, "message": check.message})
    if not refusals:
        return None
    model = type(instances[0])
    back_url = get_valid_next_url_from_request(request) or reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list"
    )
    return TemplateResponse(
        request,
        "portal/admin/delete_refused.html",
        {
            "refusals": refusals,
            "back_url": back_url,
            "page_title": _("不能删除"),
            "page_subtitle": capfirst(model._meta.verbose_name),
            "header_icon": "warning",
        },
        status=200 if request.method == "GET" else 409,
    )


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


@hooks.register(FRONT_PAGE_HOOK)
def register_front_page_articles():
    from portal.selectors.study import front_page_articles

    return FrontPagePanel(
        key="study_articles",
        label=_("学习专栏最新文章"),
        default_heading=_("学习专栏"),
        template="portal/panels/study_articles.html",
        context=lambda *, request, limit: front_page_articles(limit=limit),
        order=50,
    )
