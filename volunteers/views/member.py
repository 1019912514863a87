"""A member's own volunteer pages: hours, teams, sign-up, QR check-in, records, proof."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import member_required
from portal.inputs import object_or_404
from portal.templatetags.portal_tags import hours as format_hours
from volunteers import selectors, services
from volunteers.forms import (
    CorrectionForm,
    ProofForm,
    RecordForm,
    ReviewForm,
)
from volunteers.models import (
    Activity,
    ServiceRecord,
    SignUp,
    Team,
    VolunteerSettings,
)
from volunteers.permissions import can_review
from volunteers.services import VolunteerError
from volunteers.views.responses import do, render_page


@member_required
def my_hours(request):
    member = request.member
    settings_ = VolunteerSettings.load(request_or_site=request)
    totals = selectors.member_totals(member)
    return render_page(
        request,
        "volunteers/my_hours.html",
        {
            "totals": totals,
            "star": selectors.star_progress(totals.all_hours, settings_),
            "attendance": selectors.attendance(member),
            "memberships": list(selectors.current_memberships(member)),
            "records": selectors.recent_records(member),
            "sign_ups": selectors.upcoming_sign_ups(member),
            "corrections": selectors.recent_corrections(member),
            "profile": services.ensure_profile(member=member),
            "is_reviewer": selectors.reviews_records(member),
        },
    )


@require_POST
@member_required
def consent(request):
    services.set_public_name_consent(
        member=request.member, consent=request.POST.get("consent") == "1"
    )
    messages.success(request, _("已更新公开姓名的设置。"))
    return redirect("volunteers:my_hours")


@require_POST
@member_required
def join(request, team_id: int):
    team = get_object_or_404(Team, pk=team_id)
    return do(
        request,
        lambda: services.join_team(team=team, member=request.member),
        _("已加入%(team)s。") % {"team": team.name},
        reverse("volunteers:my_hours"),
    )


@require_POST
@member_required
def leave(request, team_id: int):
    team = get_object_or_404(Team, pk=team_id)
    return do(
        request,
        lambda: services.leave_team(team=team, member=request.member),
        _("已退出%(team)s，您的服务记录仍会保留。") % {"team": team.name},
        reverse("volunteers:my_hours"),
    )


@require_POST
@member_required
def sign_up_view(request, activity_id: int):
    activity = get_object_or_404(Activity, pk=activity_id)
    return do(
        request,
        lambda: services.sign_up(activity=activity, member=request.member),
        _("报名成功：%(title)s。") % {"title": activity.title},
        reverse("volunteers:my_hours"),
    )


@require_POST
@member_required
def cancel_view(request, activity_id: int):
    activity = get_object_or_404(Activity, pk=activity_id)
    return do(
        request,
        lambda: services.cancel_sign_up(activity=activity, member=request.member),
        _("已取消报名。"),
        reverse("volunteers:my_hours"),
    )


@member_required
def check_in_view(request, token: str):
    """What the activity's QR code opens: one big button, 签到 then 签退."""
    activity = get_object_or_404(Activity.objects.select_related("team"), check_in_token=token)
    member = request.member
    entry = selectors.sign_up_of(activity, member)
    confirm_check_out = ""
    if request.method == "POST":
        try:
            if entry and entry.status == SignUp.Status.SIGNED_UP and entry.checked_in_at:
                if request.POST.get("action") != "check-out":
                    # A tap on a page that still showed 签到 (a double tap): not a check-out.
                    messages.info(request, _("您已签到，活动结束时再点“签退”。"))
                    return redirect("volunteers:check_in", token=token)
                result = services.check_out(
                    activity=activity, member=member, confirmed=request.POST.get("confirm") == "1"
                )
                if result.record:
                    messages.success(
                        request,
                        _("签退成功，服务 %(h)s 小时，已提交待审核。")
                        % {"h": format_hours(result.record.hours)},
                    )
                else:
                    messages.success(request, _("签退成功。") + result.problem)
            else:
                entry = services.check_in(activity=activity, member=member)
                if entry.awaiting_confirmation:
                    messages.success(request, _("已签到。您未报名此活动，请队长确认。"))
                else:
                    messages.success(request, _("签到成功，活动结束时请再次扫码签退。"))
        except services.CheckOutTooSoon as question:
            confirm_check_out = str(question)
        except VolunteerError as error:
            messages.error(request, str(error))
        if not confirm_check_out:
            return redirect("volunteers:check_in", token=token)
    return render_page(
        request,
        "volunteers/check_in.html",
        {
            "activity": activity,
            "entry": entry,
            "open": activity.check_in_open(),
            "confirm_check_out": confirm_check_out,
        },
    )


def _record_initial(activities, activity_id: str) -> dict:
    """An activity the member attended, offered with its times filled in (one tap to submit)."""
    activity = activities.filter(pk=int(activity_id)).first() if activity_id.isdigit() else None
    if activity is None:
        return {}
    return {
        "team": activity.team_id,
        "activity": activity.pk,
        "title": activity.title,
        **services.times_from_activity(activity),
        "place": activity.place,
        "content": activity.description or activity.title,
    }


@member_required
def new_record(request):
    member = request.member
    teams = selectors.member_teams(member)
    if not teams.exists():
        messages.error(request, _("请先加入一支志愿服务队，再填报服务时长。"))
        return redirect("volunteers:my_hours")
    activities = selectors.activities_to_log(member, teams)
    form = RecordForm(
        request.POST or None,
        teams=selectors.teams_to_log(teams, activities),
        activities=activities,
        initial=_record_initial(activities, request.GET.get("activity", "")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_hours(
                member=member,
                team=data["team"],
                by=member,
                title=data["title"],
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                hours=data["hours"],
                place=data["place"],
                content=data["content"],
                activity=data["activity"],
            )
        except VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已提交，等待队长或支部书记审核。"))
            return redirect("volunteers:my_hours")
    return render_page(
        request,
        "volunteers/record_form.html",
        {"form": form, "title": _("填报服务时长")},
        status=400 if form.errors else 200,
    )


def _visible_record(request, record_id: int) -> ServiceRecord:
    record = get_object_or_404(
        ServiceRecord.objects.select_related(
            "member__organisation", "team", "activity", "entered_by", "reviewed_by"
        ),
        pk=record_id,
    )
    if record.member_id != request.member.pk and not can_review(request.member, record):
        raise Http404
    return record


@member_required
def record_detail(request, record_id: int):
    record = _visible_record(request, record_id)
    versions = selectors.record_versions(record)
    return render_page(
        request,
        "volunteers/record_detail.html",
        {
            "record": record,
            "versions": versions,
            "review_form": ReviewForm(),
            "can_review": can_review(request.member, record),
        },
    )


@member_required
def edit_record_view(request, record_id: int):
    record = _visible_record(request, record_id)
    local_start = timezone.localtime(record.started_at)
    local_end = timezone.localtime(record.ended_at)
    initial = {
        "team": record.team,
        "activity": record.activity,
        "title": record.title,
        "served_on": local_start.date(),
        "start": local_start.time(),
        "end": local_end.time(),
        "hours": record.hours,
        "place": record.place,
        "content": record.content,
    }
    teams = Team.objects.filter(pk=record.team_id)
    activities = Activity.objects.filter(pk=record.activity_id)
    form = RecordForm(request.POST or None, initial=initial, teams=teams, activities=activities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_record(
                record=record,
                by=request.member,
                title=data["title"],
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                hours=data["hours"],
                place=data["place"],
                content=data["content"],
            )
        except VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已修改并重新提交审核，原记录保留在修改历史中。"))
            return redirect("volunteers:record", record_id=record.pk)
    return render_page(
        request,
        "volunteers/record_form.html",
        {"form": form, "title": _("修改服务记录"), "record": record},
        status=400 if form.errors else 200,
    )


@member_required
def new_correction(request):
    member = request.member
    record = activity = None
    if request.GET.get("record"):
        record = object_or_404(ServiceRecord, request.GET["record"], member=member)
    elif request.GET.get("activity"):
        activity = object_or_404(Activity, request.GET["activity"], sign_ups__member=member)
    else:
        raise Http404
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_correction(
                member=member, record=record, activity=activity, **form.cleaned_data
            )
        except VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("更正申请已提交，队长处理后会在此页显示结果。"))
            return redirect("volunteers:my_hours")
    return render_page(
        request,
        "volunteers/correction_form.html",
        {"form": form, "record": record, "activity": activity},
        status=400 if form.errors else 200,
    )


@member_required
def proof(request):
    """志愿服务记录证明: a free PDF of approved hours over a period, one per issuing unit."""
    from volunteers.proofs import issue_proof, proof_units

    form = ProofForm(
        request.POST or None,
        initial={"start": date(timezone.localdate().year, 1, 1), "end": timezone.localdate()},
        id_number_known=bool(services.ensure_profile(member=request.member).id_number),
    )
    if request.method == "POST" and form.is_valid():
        try:
            # The ID number is kept only if the proof is issued.
            with transaction.atomic():
                if form.cleaned_data["id_number"]:
                    services.set_id_number(
                        member=request.member, id_number=form.cleaned_data["id_number"]
                    )
                return issue_proof(
                    request=request,
                    member=request.member,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    organisation_id=request.POST.get("organisation") or None,
                )
        except VolunteerError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
    today = timezone.localdate()
    units = proof_units(member=request.member, start=date(1990, 1, 1), end=today)
    return render_page(
        request,
        "volunteers/proof_form.html",
        {"form": form, "units": units},
        status=400 if form.errors else 200,
    )
