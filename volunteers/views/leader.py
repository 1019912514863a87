"""Team leaders' and secretaries' pages: activities, check-in QR, attendance, reviews."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.bulk import MAX_BULK, clean_ids, report_outcome
from portal.decorators import member_required
from portal.qr import public_url, qr_svg
from portal.templatetags.portal_tags import hours as format_hours
from volunteers import selectors, services
from volunteers.forms import (
    ActivityForm,
    BackEntryForm,
    DecisionForm,
    ReviewForm,
)
from volunteers.models import (
    Activity,
    CorrectionRequest,
    ServiceRecord,
    SignUp,
    Team,
)
from volunteers.permissions import can_manage_team
from volunteers.services import VolunteerError
from volunteers.views.responses import back, do, render_page


def _managed_team(request, team_id: int) -> Team:
    team = get_object_or_404(Team.objects.select_related("organisation"), pk=team_id)
    if not can_manage_team(request.member, team):
        raise PermissionDenied
    return team


def _managed_activity(request, activity_id: int) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("team__organisation"), pk=activity_id
    )
    if not can_manage_team(request.member, activity.team):
        raise PermissionDenied
    return activity


LEAD_QUEUE_SHOWN = 200


@member_required
def lead(request):
    """Approvals and corrections waiting for this leader or secretary, and their teams."""
    member = request.member
    teams = selectors.managed_teams(member)
    queue = selectors.review_queue(member)
    return render_page(
        request,
        "volunteers/lead.html",
        {
            "teams": teams,
            "queue": queue[:LEAD_QUEUE_SHOWN],
            "queue_count": queue.count(),
            "queue_shown": LEAD_QUEUE_SHOWN,
            "overdue": selectors.overdue_activities_of(teams),
            "corrections": selectors.corrections_queue(member),
            "review_form": ReviewForm(),
            "decision_form": DecisionForm(),
        },
    )


@member_required
def lead_team(request, team_id: int):
    team = _managed_team(request, team_id)
    activities = selectors.lead_team_activities(team)[:30]
    return render_page(
        request,
        "volunteers/lead_team.html",
        {
            "team": team,
            "activities": activities,
            "overdue": selectors.overdue_activities(team),
            "year_hours": selectors.team_year_hours(team),
            "queue": selectors.review_queue(request.member).filter(team=team)[:100],
            "review_form": ReviewForm(),
        },
    )


@member_required
def new_activity(request, team_id: int):
    team = _managed_team(request, team_id)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.publish_activity(team=team, by=request.member, **form.cleaned_data)
        except VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("活动已发布。"))
            return redirect("volunteers:lead_activity", activity_id=activity.pk)
    return render_page(
        request,
        "volunteers/activity_form.html",
        {"form": form, "team": team},
        status=400 if form.errors else 200,
    )


def check_in_url(activity: Activity) -> str:
    return public_url(reverse("volunteers:check_in", args=[activity.check_in_token]))


@member_required
def lead_activity(request, activity_id: int):
    """The leader's phone page: the QR to scan, who signed up, attendance and back-entry."""
    activity = _managed_activity(request, activity_id)
    url = check_in_url(activity)
    sign_ups = selectors.activity_sign_ups(activity)
    recorded = selectors.recorded_hours(activity)
    members = selectors.back_entry_members(activity).exclude(pk__in=list(recorded))
    return render_page(
        request,
        "volunteers/lead_activity.html",
        {
            "activity": activity,
            "qr_svg": qr_svg(url, label=_("签到二维码")),
            "check_in_url": url,
            "sign_ups": sign_ups,
            "recorded": recorded,
            "back_entry_form": BackEntryForm(members=members),
            "started": timezone.now() >= activity.starts_at,
            "ended": timezone.now() > activity.ends_at,
            "due_on": services.record_due_on(activity),
        },
    )


@require_POST
@member_required
def attendance_view(request, activity_id: int, sign_up_id: int):
    activity = _managed_activity(request, activity_id)
    entry = get_object_or_404(SignUp, pk=sign_up_id, activity=activity)
    action = request.POST.get("action")

    def run():
        if action == "confirm":
            result = services.confirm_walk_in(sign_up=entry, by=request.member)
            if result.problem:
                messages.warning(request, result.problem)
        elif action == "undo_check_out":
            services.undo_check_out(sign_up=entry, by=request.member)
        elif action in {"present", "absent"}:
            services.mark_attendance(sign_up=entry, by=request.member, present=action == "present")
        else:
            raise VolunteerError(_("请选择出勤或缺席。"))

    return do(
        request, run, _("已记录考勤。"), reverse("volunteers:lead_activity", args=[activity.pk])
    )


@require_POST
@member_required
def back_entry(request, activity_id: int):
    activity = _managed_activity(request, activity_id)
    form = BackEntryForm(request.POST, members=selectors.back_entry_members(activity))
    target = reverse("volunteers:lead_activity", args=[activity.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    data = form.cleaned_data
    return do(
        request,
        lambda: services.back_enter_hours(
            activity=activity,
            member=data["member"],
            by=request.member,
            hours=data["hours"],
            content=data["content"],
        ),
        _("已为%(name)s补录 %(h)s 小时，待审核。")
        % {"name": data["member"].name, "h": format_hours(data["hours"])},
        target,
    )


@require_POST
@member_required
def donations(request, activity_id: int):
    activity = _managed_activity(request, activity_id)
    return do(
        request,
        lambda: services.record_donations(
            activity=activity, by=request.member, amount=request.POST.get("amount", "")
        ),
        _("已登记捐款捐物金额。"),
        reverse("volunteers:lead_activity", args=[activity.pk]),
    )


@require_POST
@member_required
def review(request, record_id: int):
    record = get_object_or_404(ServiceRecord, pk=record_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择通过或退回。"))
        return back(request, reverse("volunteers:lead"))
    data = form.cleaned_data
    if data["action"] == "approve":
        action = lambda: services.approve_record(  # noqa: E731
            record=record, by=request.member, quality=data["quality"] or "pass"
        )
        done = _("已通过：%(name)s %(h)s 小时。")
    else:
        action = lambda: services.return_record(  # noqa: E731
            record=record, by=request.member, reason=data["reason"]
        )
        done = _("已退回：%(name)s %(h)s 小时。")
    return do(
        request,
        action,
        done % {"name": record.member.name, "h": format_hours(record.hours)},
        reverse("volunteers:lead"),
    )


@require_POST
@member_required
def bulk_approve(request):
    """通过所选: the ticked records (or every record in the queue), one decision each."""
    target = reverse("volunteers:lead")
    quality = request.POST.get("quality") or ServiceRecord.Quality.PASS
    if request.POST.get("scope") == "all":
        queue = selectors.review_queue(request.member)
        team = request.POST.get("team", "")
        if team.isdigit():
            queue = queue.filter(team_id=int(team))
        ids = list(queue.values_list("pk", flat=True)[:MAX_BULK])
    else:
        ids = clean_ids(request.POST.getlist("records"))
    if not ids:
        messages.error(request, _("请先勾选要通过的记录。"))
        return back(request, target)
    try:
        outcome = services.approve_records(record_ids=ids, by=request.member, quality=quality)
    except VolunteerError as error:
        messages.error(request, str(error))
        return back(request, target)
    hours = sum(record.hours for record in outcome.done)
    done = _("已通过 %(n)s 条记录，共 %(h)s 小时。")
    report_outcome(request, outcome, done=done % {"n": len(outcome.done), "h": format_hours(hours)})
    return back(request, target)


@require_POST
@member_required
def bulk_accept_corrections(request):
    """采纳所选: the ticked correction requests, one shared 处理意见, one decision each."""
    target = reverse("volunteers:lead") + "#corrections"
    ids = clean_ids(request.POST.getlist("corrections"))
    if not ids:
        messages.error(request, _("请先勾选要采纳的更正申请。"))
        return back(request, target)
    try:
        outcome = services.accept_corrections(
            correction_ids=ids, by=request.member, reason=request.POST.get("reason", "")
        )
    except VolunteerError as error:
        messages.error(request, str(error))
        return back(request, target)
    done = _("已采纳 %(n)s 份更正申请，相关记录回到待审核。") % {"n": len(outcome.done)}
    report_outcome(request, outcome, done=done, refused_word=_("未采纳"))
    return back(request, target)


@require_POST
@member_required
def decide(request, correction_id: int):
    correction = get_object_or_404(CorrectionRequest, pk=correction_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择是否采纳并填写处理意见。"))
        return back(request, reverse("volunteers:lead"))
    return do(
        request,
        lambda: services.decide_correction(
            correction=correction, by=request.member, **form.cleaned_data
        ),
        _("已处理更正申请。"),
        reverse("volunteers:lead"),
    )
