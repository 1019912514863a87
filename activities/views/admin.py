"""Admin views of 创建活动 and 组织生活: thin forms over `activities.services`.

A branch reaches only its own assessments and meetings (others are 404); the
inspection form is refused (403) to anyone outside the 考核验收小组.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from activities import documents, forms
from activities.models import (
    Assessment,
    Attendance,
    Campaign,
    EvidencePhoto,
    Inspection,
    InspectionVerdict,
    Meeting,
    MeetingPhoto,
    RectificationNotice,
    RoomUse,
)
from activities.permissions import (
    can_inspect,
    can_manage,
    can_record_meetings,
    can_schedule,
)
from activities.selectors import (
    branch_compliance,
    campaign_dashboard,
    compliance_branches,
    meetings_due,
)
from activities.services import assessment as assessment_services
from activities.services import meetings as meeting_services
from portal.admin_pages import AdminPageMixin
from portal.exports import xlsx_response
from portal.inputs import object_or_404
from portal.models import Organisation
from portal.permissions import (
    in_subtree,
    is_staff_role,
    organisation_in_scope,
    subtree_q,
)

REFUSALS = (assessment_services.AssessmentError, meeting_services.MeetingError)


class StaffView(AdminPageMixin, TemplateView):
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context

    def refuse(self, error, *, blockers: bool = False, **kwargs):
        """The page again with the reason on it (400); answers already saved stay saved."""
        context = self.get_context_data(**kwargs)
        context["error"] = str(error)
        context["show_all_blockers"] = blockers
        return self.render_to_response(context, status=400)


def visible_assessment(user, pk) -> Assessment:
    queryset = Assessment.objects.for_user(user).select_related(
        "campaign__template", "campaign__organiser", "organisation", "award"
    )
    return get_object_or_404(queryset, pk=pk)


class NoticePdfView(View):
    """限期整改书 as a PDF: for the unit that received it and the staff above it."""

    def get(self, request, pk: int):
        if not is_staff_role(request.user):
            raise PermissionDenied
        notice = get_object_or_404(
            RectificationNotice.objects.filter(
                assessment__in=Assessment.objects.for_user(request.user)
            ).select_related(
                "assessment__organisation",
                "assessment__campaign__organiser",
                "assessment__campaign__template",
                "inspection",
            ),
            pk=pk,
        )
        return documents.notice_download(notice)


class InspectionPdfView(View):
    """An inspection's result (验收, 抽查 or 复查) as a PDF, item by item."""

    def get(self, request, pk: int):
        if not is_staff_role(request.user):
            raise PermissionDenied
        inspection = get_object_or_404(
            Inspection.objects.filter(assessment__in=Assessment.objects.for_user(request.user))
            .exclude(result=Inspection.Result.PENDING)
            .select_related(
                "assessment__organisation",
                "assessment__campaign__organiser",
                "assessment__campaign__template",
                "inspector__member",
            ),
            pk=pk,
        )
        return documents.inspection_download(inspection)


# 创建活动 ------------------------------------------------------------------


class CampaignListView(StaffView):
    template_name = "activities/admin/campaigns.html"
    page_title = gettext_lazy("创建活动看板")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaigns"] = (
            Campaign.objects.for_user(self.request.user)
            .select_related("template")
            .annotate(
                participants=Count(
                    "assessments",
                    filter=~Q(assessments__status=Assessment.Status.WITHDRAWN),
                    distinct=True,
                ),
                passed=Count(
                    "assessments",
                    filter=Q(assessments__status=Assessment.Status.PASSED),
                    distinct=True,
                ),
            )
        )
        # What the user's own unit (or the units under it) was told to fix.
        context["notices"] = (
            RectificationNotice.objects.filter(
                assessment__in=Assessment.objects.for_user(self.request.user)
            )
            .select_related("assessment__organisation", "assessment__campaign")
            .order_by("-issued_on", "-pk")[:50]
        )
        return context


class DashboardView(StaffView):
    template_name = "activities/admin/dashboard.html"
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_role(request.user):
            raise PermissionDenied
        # Another tree's campaign does not exist for this user, whatever its id.
        self.campaign = get_object_or_404(
            Campaign.objects.for_user(request.user).select_related("template"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.campaign)

    def parent_breadcrumbs(self):
        return [{"url": reverse("activities_campaigns"), "label": _("创建活动看板")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaign"] = self.campaign
        context["phases"] = list(self.campaign.phases.all())
        context["dashboard"] = campaign_dashboard(
            campaign=self.campaign, user=self.request.user, today=context["today"]
        )
        return context


class AssessmentView(StaffView):
    """One participant: items and answers, history, notices, and the actions open to the user."""

    template_name = "activities/admin/assessment.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_role(request.user):
            raise PermissionDenied
        self.assessment = visible_assessment(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.assessment.organisation)

    def get_page_subtitle(self):
        return str(self.assessment.campaign)

    def parent_breadcrumbs(self):
        return [
            {"url": reverse("activities_campaigns"), "label": _("创建活动看板")},
            {
                "url": reverse("activities_dashboard", args=[self.assessment.campaign_id]),
                "label": str(self.assessment.campaign),
            },
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.assessment
        user = self.request.user
        items = list(assessment.items.prefetch_related("photos"))
        context.update(
            assessment=assessment,
            sections=forms.group_by_section(items),
            answered=sum(1 for item in items if item.self_met is not None),
            item_count=len(items),
            blockers=assessment_services.blocking_items(assessment)
            if assessment.is_editable
            else [],
            transitions=assessment.transitions.select_related("by"),
            inspections=assessment.inspections.select_related("inspector").prefetch_related(
                Prefetch("verdicts", queryset=InspectionVerdict.objects.select_related("item"))
            ),
            notices=assessment.notices.prefetch_related("items"),
            can_manage=can_manage(user, assessment.organisation),
            can_inspect=can_inspect(user, assessment.organisation),
            can_schedule=can_schedule(user, assessment.organisation)
            and assessment.status == Assessment.Status.PASSED,
            inspection_kinds=[
                (Inspection.Kind.SPOT_CHECK, Inspection.Kind.SPOT_CHECK.label),
                (Inspection.Kind.YEAR_END, Inspection.Kind.YEAR_END.label),
            ],
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "apply":
                assessment_services.apply_for_acceptance(
                    assessment=self.assessment, by=request.user
                )
                messages.success(request, _("已申报，等待考核验收小组验收。"))
            elif action == "schedule":
                on = forms.parse_date(request.POST.get("scheduled_on"), _("计划日期"))
                assessment_services.schedule_inspection(
                    assessment=self.assessment,
                    kind=request.POST.get("kind", ""),
                    on=on,
                    by=request.user,
                )
                messages.success(request, _("已安排复查。"))
            else:
                raise assessment_services.AssessmentError(_("未知操作。"))
        except REFUSALS as error:
            self.assessment.refresh_from_db()
            return self.refuse(error, blockers=action == "apply", **kwargs)
        return redirect("activities_assessment", pk=self.assessment.pk)


class SelfAssessmentView(AssessmentView):
    template_name = "activities/admin/self_assessment.html"

    def get_page_title(self):
        return _("自查：%s") % self.assessment.organisation

    def get(self, request, *args, **kwargs):
        if not can_manage(request.user, self.assessment.organisation):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    posted = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_photo_mb"] = 5
        if self.posted is not None:
            # Nothing was saved (a bad photo, say): show the answers as typed, not as stored.
            for _section, items in context["sections"]:
                for item in items:
                    value = self.posted.get(f"met-{item.pk}", "")
                    item.self_met = {forms.YES: True, forms.NO: False}.get(value)
                    item.self_note = self.posted.get(f"note-{item.pk}", "")
        return context

    def post(self, request, *args, **kwargs):
        items = list(self.assessment.items.all())
        try:
            answers, photos = forms.parse_self_assessment(request.POST, request.FILES, items)
            assessment_services.save_self_assessment(
                assessment=self.assessment, by=request.user, answers=answers, photos=photos
            )
        except REFUSALS as error:
            self.assessment.refresh_from_db()
            self.posted = request.POST
            return self.refuse(error, **kwargs)
        if "apply" in request.POST:
            try:
                assessment_services.apply_for_acceptance(
                    assessment=self.assessment, by=request.user
                )
            except REFUSALS as error:
                # The answers are saved; the page lists exactly what still blocks.
                self.assessment.refresh_from_db()
                return self.refuse(error, blockers=True, **kwargs)
            messages.success(request, _("自查已保存并申报，等待考核验收小组验收。"))
            return redirect("activities_assessment", pk=self.assessment.pk)
        messages.success(request, _("自查结果已保存。"))
        return redirect("activities_self_assessment", pk=self.assessment.pk)


class InspectionView(AssessmentView):
    template_name = "activities/admin/inspection.html"

    def get_page_title(self):
        return _("验收：%s") % self.assessment.organisation

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_role(request.user) and not request.user.has_perm(
            "activities.inspect_assessment"
        ):
            raise PermissionDenied
        self.assessment = visible_assessment(request.user, kwargs["pk"])
        if not can_inspect(request.user, self.assessment.organisation):
            raise PermissionDenied
        self.scheduled = None
        value = request.GET.get("inspection") or request.POST.get("inspection")
        if value:
            self.scheduled = object_or_404(
                self.assessment.inspections, value, result=Inspection.Result.PENDING
            )
        return super(AssessmentView, self).dispatch(request, *args, **kwargs)

    posted = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scheduled"] = self.scheduled
        posted = self.posted or {}
        # A refused submit comes back with every answer the inspector gave.
        for _section, items in context["sections"]:
            for item in items:
                item.verdict = posted.get(f"verdict-{item.pk}", "")
                item.verdict_note = posted.get(f"note-{item.pk}", "")
        default = context["today"] + datetime.timedelta(days=30)
        context.update(
            result=posted.get("result", ""),
            deadline=posted.get("deadline", f"{default:%Y-%m-%d}"),
            comments=posted.get("comments", ""),
        )
        return context

    def post(self, request, *args, **kwargs):
        items = list(self.assessment.items.all())
        try:
            data = forms.parse_inspection(request.POST, items)
            assessment_services.record_inspection(
                assessment=self.assessment, by=request.user, inspection=self.scheduled, **data
            )
        except REFUSALS as error:
            self.assessment.refresh_from_db()
            self.posted = request.POST
            return self.refuse(error, **kwargs)
        self.assessment.refresh_from_db()
        if self.assessment.status == Assessment.Status.PASSED:
            messages.success(request, _("已判定合格。"))
        else:
            messages.warning(request, _("已判定不合格，限期整改书已下发。"))
        return redirect("activities_assessment", pk=self.assessment.pk)


# 组织生活 ------------------------------------------------------------------


class MeetingRecordView(StaffView):
    """Attendance (present, or absent with a reason) and photos of one meeting."""

    template_name = "activities/admin/meeting_record.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_role(request.user):
            raise PermissionDenied
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("organisation"), pk=kwargs["pk"]
        )
        if not organisation_in_scope(request.user, self.meeting.organisation):
            raise Http404
        if not can_record_meetings(request.user, self.meeting.organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.meeting)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recorded = {a.member_id: a for a in Attendance.objects.filter(meeting=self.meeting)}
        members = list(meeting_services.expected_members(self.meeting))
        context.update(
            meeting=self.meeting,
            rows=[(m, recorded.get(m.pk)) for m in members],
            present=sum(1 for a in recorded.values() if a.present),
            photos=list(self.meeting.photos.all()),
            room_uses=list(RoomUse.objects.filter(meeting=self.meeting)),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            if request.POST.get("action") == "photos":
                uploads = request.FILES.getlist("photos")
                if not uploads:
                    raise meeting_services.MeetingError(_("请选择要上传的照片。"))
                meeting_services.add_meeting_photos(
                    meeting=self.meeting, by=request.user, uploads=uploads
                )
                messages.success(request, _("照片已上传。"))
            else:
                members = list(meeting_services.expected_members(self.meeting))
                entries = forms.parse_attendance(request.POST, members)
                meeting_services.record_attendance(
                    meeting=self.meeting, by=request.user, entries=entries
                )
                messages.success(request, _("出勤已保存。"))
        except REFUSALS as error:
            return self.refuse(error, **kwargs)
        return redirect("activities_meeting_record", pk=self.meeting.pk)


class PhotoView(View):
    """An evidence or meeting photo, to users who may see its assessment or meeting."""

    def get(self, request, kind: str, pk: int, variant: str):
        if not is_staff_role(request.user):
            raise PermissionDenied
        if kind == "evidence":
            photo = get_object_or_404(EvidencePhoto.objects.select_related("item"), pk=pk)
            visible_assessment(request.user, photo.item.assessment_id)  # 404 outside scope
        elif kind == "meeting":
            photo = get_object_or_404(
                MeetingPhoto.objects.select_related("meeting__organisation"), pk=pk
            )
            if not organisation_in_scope(request.user, photo.meeting.organisation):
                raise Http404
        else:
            raise Http404
        file = photo.thumbnail if variant == "thumb" else photo.image
        try:
            handle = file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        response = FileResponse(handle, content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        return response


class ComplianceScopeMixin:
    def branches(self):
        return compliance_branches(self.request.user)


class ComplianceView(ComplianceScopeMixin, StaffView):
    template_name = "activities/admin/compliance.html"
    page_title = gettext_lazy("组织生活落实情况")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = context["today"]
        year = forms.parse_year(self.request.GET.get("year"), default=today.year)
        context["year"] = year
        context["years"] = list(range(today.year, today.year - 5, -1))
        branches = list(self.branches())
        context["rows"] = branch_compliance(branches=branches, year=year, today=today)
        context["kinds"] = Meeting.Kind.choices
        # 本月待开展: what the workbench's 本月应开展的组织生活 counts and links to.
        context["due"] = meetings_due(branches=branches, today=today)
        return context


class ComplianceExportView(ComplianceScopeMixin, View):
    """A branch's year of organisational life as .xlsx: every meeting, then room use."""

    def get(self, request, branch_id: int, year: int):
        if not is_staff_role(request.user):
            raise PermissionDenied
        branch = get_object_or_404(Organisation, pk=branch_id)
        if not organisation_in_scope(request.user, branch) or not 2000 <= year <= 2100:
            raise Http404
        meetings = (
            Meeting.objects.in_year(year)
            .filter(subtree_q(branch, "organisation"))
            .select_related("organisation")
            .annotate(
                expected=Count("attendances"),
                attended=Count("attendances", filter=Q(attendances__present=True)),
            )
            .order_by("held_on", "pk")
        )
        absences = {}
        for attendance in Attendance.objects.filter(
            meeting__in=meetings.values("pk"), present=False
        ).select_related("member"):
            absences.setdefault(attendance.meeting_id, []).append(
                f"{attendance.member.name}（{attendance.absence_reason}）"
            )

        def rows():
            for m in meetings:
                yield [
                    m.held_on,
                    m.get_kind_display(),
                    m.title,
                    m.organisation.name,
                    m.get_status_display(),
                    m.place,
                    m.host,
                    m.expected,
                    m.attended,
                    "、".join(absences.get(m.pk, [])),
                    m.study_hours if m.kind == Meeting.Kind.LECTURE else None,
                    m.minutes,
                ]
            for use in (
                in_subtree(RoomUse.objects.all(), branch, "organisation")
                .filter(used_on__year=year)
                .order_by("used_on", "pk")
            ):
                yield [
                    use.used_on,
                    _("活动室使用"),
                    use.purpose,
                    branch.name,
                    "",
                    "",
                    use.keeper,
                    None,
                    None,
                    use.equipment,
                    None,
                    use.note,
                ]

        header = [
            _("日期"),
            _("类型"),
            _("主题"),
            _("党组织"),
            _("状态"),
            _("地点"),
            _("主持人"),
            _("应到"),
            _("实到"),
            _("缺席（原因）"),
            _("学时"),
            _("会议记录"),
        ]
        return xlsx_response(
            f"{branch.name}{year}年组织生活.xlsx",
            f"{year}年组织生活",
            header,
            rows(),
            column_widths=[12, 12, 30, 18, 8, 14, 10, 6, 6, 30, 6, 50],
        )
