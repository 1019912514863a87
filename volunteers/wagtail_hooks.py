"""Admin for the volunteers app: teams and activities to manage, records to look through."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from portal.admin_menu import StaffRoleMenuItem
from portal.forms import ScopedModelForm
from portal.frontpage import HOOK as FRONT_PAGE_HOOK
from portal.frontpage import FrontPagePanel
from portal.permissions import (
    OrganisationScopedPermissionPolicy,
    ViewOnlyScopedPermissionPolicy,
)
from portal.viewsets.scoped import ScopedSnippetViewSet
from volunteers.models import Activity, CorrectionRequest, ServiceRecord, Team

team_policy = OrganisationScopedPermissionPolicy(Team, organisation_path="organisation")
activity_policy = OrganisationScopedPermissionPolicy(
    Activity, organisation_path="team__organisation"
)
# Records and corrections follow the volunteer's branch: that secretary answers for them.
# They change only through the services (hour steps, 24 h a day, approver other than the
# recorder, a version per change), so the admin lists and inspects them, even for superusers.
record_policy = ViewOnlyScopedPermissionPolicy(
    ServiceRecord, organisation_path="member__organisation"
)
correction_policy = ViewOnlyScopedPermissionPolicy(
    CorrectionRequest, organisation_path="member__organisation"
)
for model, policy in (
    (Team, team_policy),
    (Activity, activity_policy),
    (ServiceRecord, record_policy),
    (CorrectionRequest, correction_policy),
):
    register_permission_policy(model, policy)


class ActivityForm(ScopedModelForm):
    """Only teams set up inside the user's subtree can run the activity."""

    scoped_fields = {"team": "organisation"}


class TeamViewSet(ScopedSnippetViewSet):
    model = Team
    icon = "group"
    menu_label = _("志愿服务队")
    list_display = ["name", "field", "organisation", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "field"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("field"),
            FieldPanel("description"),
            FieldPanel("organisation"),
            FieldPanel("leaders"),
            FieldPanel("contact_phone"),
            FieldPanel("is_active"),
        ],
        base_form_class=ScopedModelForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class ActivityViewSet(ScopedSnippetViewSet):
    model = Activity
    icon = "date"
    menu_label = _("志愿服务活动")
    list_display = ["title", "team", "starts_at", "capacity", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("team"),
            FieldPanel("title"),
            FieldPanel("kind"),
            FieldPanel("place"),
            FieldPanel("starts_at"),
            FieldPanel("ends_at"),
            FieldPanel("capacity"),
            FieldPanel("sign_up_deadline"),
            FieldPanel("description"),
            FieldPanel("donations"),
            FieldPanel("status"),
        ],
        base_form_class=ActivityForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team")


class ServiceRecordViewSet(ScopedSnippetViewSet):
    """Read-only (see record_policy): records change only through the services."""

    model = ServiceRecord
    icon = "time"
    menu_label = _("服务记录")
    inspect_view_enabled = True
    list_display = ["member", "title", "served_on", "hours", "source", "status", "flag_reason"]
    list_filter = ["status", "source", "kind", "is_late"]
    search_fields = ["title"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "team")


class CorrectionViewSet(ScopedSnippetViewSet):
    model = CorrectionRequest
    icon = "edit"
    menu_label = _("更正申请")
    inspect_view_enabled = True
    list_display = ["member", "record", "status", "created_at"]
    list_filter = ["status"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "record")


class VolunteersViewSetGroup(SnippetViewSetGroup):
    menu_label = _("志愿服务")
    menu_icon = "group"
    menu_order = 300
    # The approvals and ledger link joins the group's submenu.
    submenu_hook = "register_volunteers_menu_item"
    items = (TeamViewSet, ActivityViewSet, ServiceRecordViewSet, CorrectionViewSet)


register_snippet(VolunteersViewSetGroup)


@hooks.register("register_volunteers_menu_item")
def review_menu_item():
    """Approvals happen on the phone-friendly pages; the admin links there."""
    return StaffRoleMenuItem(
        _("志愿服务审核与台帐"),
        reverse("volunteers:lead"),
        name="volunteer-review",
        icon_name="tasks",
        order=310,
    )


@hooks.register(FRONT_PAGE_HOOK)
def register_front_page_activities():
    from volunteers import selectors

    return FrontPagePanel(
        key="upcoming_activities",
        label=_("近期志愿活动"),
        default_heading=_("近期志愿活动"),
        template="volunteers/panels/upcoming_activities.html",
        context=lambda *, request, limit: selectors.front_page_activities(limit=limit),
        order=20,
    )
