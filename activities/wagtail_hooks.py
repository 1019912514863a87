"""Admin of activities: two menus, 创建活动 (checklists, campaigns, dashboard) and 组织生活
(meetings, room use, compliance), and the work views behind them."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from activities import views
from activities.forms import CampaignForm, ChecklistTemplateForm, ScopedOrganisationForm
from activities.models import Campaign, ChecklistTemplate, Meeting, RoomUse
from activities.services.meetings import sync_lecture_credits
from portal.admin_menu import StaffRoleMenuItem
from portal.permissions import OrganisationScopedPermissionPolicy
from portal.viewsets.scoped import ScopedSnippetViewSetMixin

meeting_policy = OrganisationScopedPermissionPolicy(Meeting, organisation_path="organisation")
room_use_policy = OrganisationScopedPermissionPolicy(RoomUse, organisation_path="organisation")
register_permission_policy(Meeting, meeting_policy)
register_permission_policy(RoomUse, room_use_policy)


class ChecklistTemplateViewSet(SnippetViewSet):
    model = ChecklistTemplate
    icon = "list-ul"
    menu_label = _("检查标准")
    list_display = ["name", "kind", "version", "title_name", "updated_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("title_name")]),
            FieldPanel("description"),
            InlinePanel("items", label=_("检查项目"), heading=_("检查项目")),
        ],
        base_form_class=ChecklistTemplateForm,
    )


def _dashboard_link(campaign):
    return format_html(
        '<a href="{}">{}</a>', reverse("activities_dashboard", args=[campaign.pk]), _("看板")
    )


class CampaignViewSet(ScopedSnippetViewSetMixin, SnippetViewSet):
    """Edited only by the committee that organises it (or one above); others' are 404."""

    model = Campaign
    icon = "clipboard-list"
    menu_label = _("创建活动")
    list_display = ["name", "year", "template", Column("dashboard", _("进度"), _dashboard_link)]
    list_filter = ["year"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("year"), FieldPanel("template"), FieldPanel("organiser")]),
            FieldPanel("description"),
            InlinePanel("phases", label=_("阶段"), heading=_("阶段与时间")),
            FieldPanel("participants"),
        ],
        base_form_class=CampaignForm,
    )

    def get_queryset(self, request):
        return Campaign.objects.managed_by(request.user).select_related("template")


def _record_link(meeting):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("activities_meeting_record", args=[meeting.pk]),
        _("出勤与照片"),
    )


class MeetingViewSet(ScopedSnippetViewSetMixin, SnippetViewSet):
    model = Meeting
    icon = "group"
    menu_label = _("三会一课")
    permission_policy = meeting_policy
    list_display = [
        "title",
        "kind",
        "held_on",
        "organisation",
        "status",
        Column("record", _("记录"), _record_link),
    ]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("kind")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("held_on"), FieldPanel("place"), FieldPanel("host")]),
            FieldRowPanel([FieldPanel("status"), FieldPanel("study_hours")]),
            FieldPanel("minutes"),
        ],
        base_form_class=ScopedOrganisationForm,
    )

    def get_queryset(self, request):
        return meeting_policy.scoped_queryset(request.user).select_related("organisation")


class RoomUseViewSet(ScopedSnippetViewSetMixin, SnippetViewSet):
    model = RoomUse
    icon = "home"
    menu_label = _("活动室使用记录")
    permission_policy = room_use_policy
    list_display = ["used_on", "purpose", "equipment", "organisation"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("used_on")]),
            FieldPanel("purpose"),
            FieldRowPanel([FieldPanel("equipment"), FieldPanel("keeper")]),
            FieldPanel("meeting"),
            FieldPanel("note"),
        ],
        base_form_class=ScopedOrganisationForm,
    )

    def get_queryset(self, request):
        return room_use_policy.scoped_queryset(request.user).select_related("organisation")


class CampaignsGroup(SnippetViewSetGroup):
    menu_label = _("创建活动")
    menu_icon = "clipboard-list"
    menu_order = 320
    submenu_hook = "register_activities_campaign_menu_item"
    items = (ChecklistTemplateViewSet, CampaignViewSet)


class OrganisationalLifeGroup(SnippetViewSetGroup):
    menu_label = _("组织生活")
    menu_icon = "group"
    menu_order = 321
    submenu_hook = "register_activities_life_menu_item"
    items = (MeetingViewSet, RoomUseViewSet)


register_snippet(CampaignsGroup)
register_snippet(OrganisationalLifeGroup)


@hooks.register("after_edit_snippet")
@hooks.register("after_create_snippet")
def resync_lecture_credits(request, instance):
    # A 党课 whose hours, date or status changed: the members' credits follow it.
    if isinstance(instance, Meeting):
        sync_lecture_credits(meeting=instance)


@hooks.register("register_activities_campaign_menu_item")
def register_dashboard_menu_item():
    return StaffRoleMenuItem(
        _("看板与自查验收"), reverse("activities_campaigns"), icon_name="view", order=0
    )


@hooks.register("register_activities_life_menu_item")
def register_compliance_menu_item():
    return StaffRoleMenuItem(
        _("组织生活落实情况"), reverse("activities_compliance"), icon_name="date", order=10
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("activities/", views.CampaignListView.as_view(), name="activities_campaigns"),
        path(
            "activities/campaigns/<int:pk>/",
            views.DashboardView.as_view(),
            name="activities_dashboard",
        ),
        path(
            "activities/assessments/<int:pk>/",
            views.AssessmentView.as_view(),
            name="activities_assessment",
        ),
        path(
            "activities/assessments/<int:pk>/self/",
            views.SelfAssessmentView.as_view(),
            name="activities_self_assessment",
        ),
        path(
            "activities/assessments/<int:pk>/inspect/",
            views.InspectionView.as_view(),
            name="activities_inspection",
        ),
        path(
            "activities/meetings/<int:pk>/record/",
            views.MeetingRecordView.as_view(),
            name="activities_meeting_record",
        ),
        path(
            "activities/photos/<str:kind>/<int:pk>/<str:variant>/",
            views.PhotoView.as_view(),
            name="activities_photo",
        ),
        path(
            "activities/compliance/", views.ComplianceView.as_view(), name="activities_compliance"
        ),
        path(
            "activities/compliance/<int:branch_id>/<int:year>.xlsx",
            views.ComplianceExportView.as_view(),
            name="activities_compliance_export",
        ),
    ]
