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
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSetGroup,
)

from activities.forms import CampaignForm, ChecklistTemplateForm, ScopedOrganisationForm
from activities.models import Campaign, ChecklistTemplate, Meeting, RoomUse
from activities.permissions import meeting_policy, room_use_policy
from activities.services.assessment import change_participants, new_template_edition
from activities.services.meetings import meeting_saved
from activities.views import admin as views
from portal.admin_menu import StaffRoleMenuItem
from portal.permissions import (
    SharedDefinitionPermissionPolicy,
)
from portal.viewsets.scoped import ScopedSnippetViewSet, SharedSnippetViewSet

register_permission_policy(ChecklistTemplate, SharedDefinitionPermissionPolicy(ChecklistTemplate))
register_permission_policy(Meeting, meeting_policy)
register_permission_policy(RoomUse, room_use_policy)


class ChecklistTemplateEditView(EditView):
    def save_instance(self):
        changed = self.form.content_changed()
        template = super().save_instance()
        if changed:
            new_template_edition(template=template)
        return template


class ChecklistTemplateViewSet(SharedSnippetViewSet):
    model = ChecklistTemplate
    edit_view_class = ChecklistTemplateEditView
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


class CampaignParticipantsMixin:
    """The participants ticked on the campaign's page go through the service, in the same step."""

    def save_instance(self):
        add, withdraw = self.form.participant_changes()
        campaign = super().save_instance()
        change_participants(campaign=campaign, add=add, withdraw=withdraw, by=self.request.user)
        return campaign


class CampaignCreateView(CampaignParticipantsMixin, CreateView):
    pass


class CampaignEditView(CampaignParticipantsMixin, EditView):
    pass


class CampaignViewSet(ScopedSnippetViewSet):
    """Edited only by the committee that organises it (or one above); others' are 404."""

    model = Campaign
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
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


class MeetingCreateView(CreateView):
    def save_instance(self):
        return meeting_saved(meeting=super().save_instance(), by=self.request.user)


class MeetingEditView(EditView):
    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        # The form writes the new values onto this same instance; keep the old status.
        self.previous_status = obj.status
        return obj

    def save_instance(self):
        # Inside the view's transaction: a cancelled 党课's 学时 go in the same step.
        return meeting_saved(
            meeting=super().save_instance(),
            by=self.request.user,
            previous_status=self.previous_status,
        )


class MeetingViewSet(ScopedSnippetViewSet):
    model = Meeting
    add_view_class = MeetingCreateView
    edit_view_class = MeetingEditView
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
        return super().get_queryset(request).select_related("organisation")


class RoomUseViewSet(ScopedSnippetViewSet):
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
        return super().get_queryset(request).select_related("organisation")


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


@hooks.register("register_log_actions")
def register_meeting_log_actions(actions):
    actions.register_action(
        "activities.cancel_meeting", _("取消会议并撤回学时"), _("取消会议并撤回学时")
    )


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
            "activities/notices/<int:pk>.pdf",
            views.NoticePdfView.as_view(),
            name="activities_notice_pdf",
        ),
        path(
            "activities/inspections/<int:pk>.pdf",
            views.InspectionPdfView.as_view(),
            name="activities_inspection_pdf",
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
