"""Members' and leaders' pages: thin views over `volunteers.services` and `selectors`."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import member_required
from portal.exports import xlsx_response
from portal.inputs import object_or_404
from portal.models import Member, Organisation
from portal.qr import public_url, qr_svg
from portal.refusals import add_refusal
from portal.templatetags.portal_tags import hours as format_hours
from volunteers import selectors, services
from volunteers.forms import (
    ActivityForm,
    BackEntryForm,
    CorrectionForm,
    DecisionForm,
    LedgerForm,
    ProofForm,
    RecordForm,
    ReviewForm,
)
from volunteers.models import (
    Activity,
    CorrectionRequest,
    ServiceRecord,
    SignUp,
    Team,
    TeamMembership,
    VolunteerIndexPage,
    VolunteerSettings,
)
from volunteers.permissions import can_manage_team, can_review
from volunteers.services import VolunteerError


def _section():
    return VolunteerIndexPage.objects.live().first()


def _render(request, template: str, context: dict, status: int = 200):
    context.setdefault("section", _section())
    context.setdefault("member", request.member)
    return render(request, template, context, status=status)


def _back(request, default: str):
    target = request.POST.get("next") or default
    return redirect(target if target.startswith("/") and not target.startswith("//") else default)


# A member's own pages ------------------------------------------------------------


@member_required
def my_hours(request):
    member = request.member
    settings_ = VolunteerSettings.load(request_or_site=request)
    totals = selectors.member_totals(member)
    memberships = list(
        TeamMembership.objects.filter(member=member, left_at__isnull=True).select_related("team")
    )
    records = (
        ServiceRecord.objects.filter(member=member)
        .select_related("team", "activity")
        .order_by("-served_on", "-pk")[:50]
    )
    sign_ups = (
        SignUp.objects.filter(
            member=member, status=SignUp.Status.SIGNED_UP, activity__ends_at__gte=timezone.now()
        )
        .select_related("activity__team")
        .order_by("activity__starts_at")
    )
    corrections = (
        CorrectionRequest.objects.filter(member=member)
        .select_related("record", "activity")
        .order_by("-created_at")[:10]
    )
    return _render(
        request,
        "volunteers/my_hours.html",
        {
            "totals": totals,
            "star": selectors.star_progress(totals.all_hours, settings_),
            "attendance": selectors.attendance(member),
            "memberships": memberships,
            "records": records,
            "sign_ups": sign_ups,
            "corrections": corrections,
            "profile": services.ensure_profile(member=member),
            "is_reviewer": Team.objects.filter(leaders=member).exists() or member.manages_members,
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


def _do(request, action, success: str, default: str):
    try:
        action()
    except VolunteerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _back(request, default)


@require_POST
@member_required
def join(request, team_id: int):
    team = get_object_or_404(Team, pk=team_id)
    return _do(
        request,
        lambda: services.join_team(team=team, member=request.member),
        _("已加入%(team)s。") % {"team": team.name},
        reverse("volunteers:my_hours"),
    )


@require_POST
@member_required
def leave(request, team_id: int):
    team = get_object_or_404(Team, pk=team_id)
    return _do(
        request,
        lambda: services.leave_team(team=team, member=request.member),
        _("已退出%(team)s，您的服务记录仍会保留。") % {"team": team.name},
        reverse("volunteers:my_hours"),
    )


@require_POST
@member_required
def sign_up_view(request, activity_id: int):
    activity = get_object_or_404(Activity, pk=activity_id)
    return _do(
        request,
        lambda: services.sign_up(activity=activity, member=request.member),
        _("报名成功：%(title)s。") % {"title": activity.title},
        reverse("volunteers:my_hours"),
    )


@require_POST
@member_required
def cancel_view(request, activity_id: int):
    activity = get_object_or_404(Activity, pk=activity_id)
    return _do(
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
    entry = SignUp.objects.filter(activity=activity, member=member).first()
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
    return _render(
        request,
        "volunteers/check_in.html",
        {
            "activity": activity,
            "entry": entry,
            "open": activity.check_in_open(),
            "confirm_check_out": confirm_check_out,
        },
    )


def _member_teams(member: Member):
    return Team.objects.filter(
        memberships__member=member, memberships__left_at__isnull=True
    ).distinct()


def _record_initial(activities, activity_id: str) -> dict:
    """An activity the member attended, offered with its times filled in (one tap to submit)."""
    activity = activities.filter(pk=int(activity_id)).first() if activity_id.isdigit() else None
    if activity is None:
        return {}
    # Whole minutes inside the activity's times (the form has no seconds).
    starts = timezone.localtime(activity.starts_at)
    if starts.second or starts.microsecond:
        starts = starts.replace(second=0, microsecond=0) + timedelta(minutes=1)
    ends = timezone.localtime(activity.ends_at).replace(second=0, microsecond=0)
    return {
        "team": activity.team_id,
        "activity": activity.pk,
        "title": activity.title,
        "served_on": starts.date(),
        "start": starts.time(),
        "end": ends.time(),
        "hours": services.served_hours(starts, ends),
        "place": activity.place,
        "content": activity.description or activity.title,
    }


@member_required
def new_record(request):
    member = request.member
    teams = _member_teams(member)
    if not teams.exists():
        messages.error(request, _("请先加入一支志愿服务队，再填报服务时长。"))
        return redirect("volunteers:my_hours")
    activities = selectors.activities_to_log(member, teams)
    form = RecordForm(
        request.POST or None,
        teams=Team.objects.filter(
            Q(pk__in=teams.values("pk")) | Q(pk__in=activities.values("team_id"))
        ),
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
            add_refusal(form, error)
        else:
            messages.success(request, _("已提交，等待队长或支部书记审核。"))
            return redirect("volunteers:my_hours")
    return _render(
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
    versions = record.versions.select_related("by").order_by("pk")
    return _render(
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
            add_refusal(form, error)
        else:
            messages.success(request, _("已修改并重新提交审核，原记录保留在修改历史中。"))
            return redirect("volunteers:record", record_id=record.pk)
    return _render(
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
            add_refusal(form, error)
        else:
            messages.success(request, _("更正申请已提交，队长处理后会在此页显示结果。"))
            return redirect("volunteers:my_hours")
    return _render(
        request,
        "volunteers/correction_form.html",
        {"form": form, "record": record, "activity": activity},
        status=400 if form.errors else 200,
    )


# Leaders and secretaries -------------------------------------------------------------


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


def _managed_teams(member: Member):
    return selectors.managed_teams(member)


LEAD_QUEUE_SHOWN = 200


@member_required
def lead(request):
    """Approvals and corrections waiting for this leader or secretary, and their teams."""
    member = request.member
    teams = _managed_teams(member)
    queue = selectors.review_queue(member)
    return _render(
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
    return _render(
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
            add_refusal(form, error)
        else:
            messages.success(request, _("活动已发布。"))
            return redirect("volunteers:lead_activity", activity_id=activity.pk)
    return _render(
        request,
        "volunteers/activity_form.html",
        {"form": form, "team": team},
        status=400 if form.errors else 200,
    )


def check_in_url(activity: Activity) -> str:
    return public_url(reverse("volunteers:check_in", args=[activity.check_in_token]))


def _back_entry_members(activity: Activity):
    """Who a leader may back-enter for: the team's members and the activity's sign-ups."""
    in_team = TeamMembership.objects.filter(team=activity.team, left_at__isnull=True)
    signed = SignUp.objects.filter(activity=activity, status=SignUp.Status.SIGNED_UP)
    return Member.objects.filter(
        Q(pk__in=in_team.values("member_id")) | Q(pk__in=signed.values("member_id"))
    ).order_by("name")


@member_required
def lead_activity(request, activity_id: int):
    """The leader's phone page: the QR to scan, who signed up, attendance and back-entry."""
    activity = _managed_activity(request, activity_id)
    url = check_in_url(activity)
    sign_ups = (
        SignUp.objects.filter(activity=activity)
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("member__organisation")
        .order_by("signed_up_at")
    )
    recorded = dict(
        ServiceRecord.objects.filter(activity=activity).values_list("member_id", "hours")
    )
    members = _back_entry_members(activity).exclude(pk__in=list(recorded))
    return _render(
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

    return _do(
        request, run, _("已记录考勤。"), reverse("volunteers:lead_activity", args=[activity.pk])
    )


@require_POST
@member_required
def back_entry(request, activity_id: int):
    activity = _managed_activity(request, activity_id)
    form = BackEntryForm(request.POST, members=_back_entry_members(activity))
    target = reverse("volunteers:lead_activity", args=[activity.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    data = form.cleaned_data
    end = min(activity.starts_at + timedelta(hours=float(data["hours"])), activity.ends_at)
    return _do(
        request,
        lambda: services.record_hours(
            member=data["member"],
            team=activity.team,
            by=request.member,
            title=activity.title,
            started_at=activity.starts_at,
            ended_at=end,
            hours=data["hours"],
            place=activity.place,
            content=data["content"] or activity.description or activity.title,
            activity=activity,
        ),
        _("已为%(name)s补录 %(h)s 小时，待审核。")
        % {"name": data["member"].name, "h": format_hours(data["hours"])},
        target,
    )


@require_POST
@member_required
def donations(request, activity_id: int):
    activity = _managed_activity(request, activity_id)
    return _do(
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
        return _back(request, reverse("volunteers:lead"))
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
    return _do(
        request,
        action,
        done % {"name": record.member.name, "h": format_hours(record.hours)},
        reverse("volunteers:lead"),
    )


MAX_REFUSALS_SHOWN = 20


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
        ids = list(queue.values_list("pk", flat=True)[: services.MAX_BULK])
    else:
        ids = [value for value in request.POST.getlist("records") if value.isdigit()]
    if not ids:
        messages.error(request, _("请先勾选要通过的记录。"))
        return _back(request, target)
    try:
        outcome = services.approve_records(record_ids=ids, by=request.member, quality=quality)
    except VolunteerError as error:
        messages.error(request, str(error))
        return _back(request, target)
    if outcome.approved:
        hours = sum(record.hours for record in outcome.approved)
        messages.success(
            request,
            _("已通过 %(n)s 条记录，共 %(h)s 小时。")
            % {"n": len(outcome.approved), "h": format_hours(hours)},
        )
    if outcome.refused:
        messages.warning(request, _("%(n)s 条未通过，原因如下：") % {"n": len(outcome.refused)})
        for label, reason in outcome.refused[:MAX_REFUSALS_SHOWN]:
            messages.warning(request, f"{label}：{reason}")
        if len(outcome.refused) > MAX_REFUSALS_SHOWN:
            messages.warning(
                request,
                _("另有 %(n)s 条未列出。") % {"n": len(outcome.refused) - MAX_REFUSALS_SHOWN},
            )
    return _back(request, target)


@require_POST
@member_required
def decide(request, correction_id: int):
    correction = get_object_or_404(CorrectionRequest, pk=correction_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择是否采纳并填写处理意见。"))
        return _back(request, reverse("volunteers:lead"))
    return _do(
        request,
        lambda: services.decide_correction(
            correction=correction, by=request.member, **form.cleaned_data
        ),
        _("已处理更正申请。"),
        reverse("volunteers:lead"),
    )


# Ledger -------------------------------------------------------------------------------


def _ledger_scopes(member: Member) -> list[tuple[str, str]]:
    scopes = [(f"team:{t.pk}", t.name) for t in _managed_teams(member)]
    if member.manages_members:
        branches = Organisation.objects.subtree_of(member.organisation).exclude(
            kind=Organisation.Kind.WINDOW
        )
        scopes += [(f"org:{o.pk}", o.name) for o in branches]
    return scopes


def _ledger_form(request):
    member = request.member
    scopes = _ledger_scopes(member)
    if not scopes:
        raise PermissionDenied
    today = timezone.localdate()
    data = request.GET if "scope" in request.GET else None
    form = LedgerForm(
        data,
        scopes=scopes,
        initial={"scope": scopes[0][0], "start": date(today.year, 1, 1), "end": today},
    )
    return form


def _ledger_scope(form) -> dict:
    kind, _sep, pk = form.cleaned_data["scope"].partition(":")
    if kind == "team":
        return {"team": Team.objects.get(pk=pk)}
    return {"branch": Organisation.objects.get(pk=pk)}


@member_required
def ledger(request):
    """志愿服务台帐: a monthly summary with a bar chart, and the .xlsx download."""
    form = _ledger_form(request)
    summary = None
    if form.is_bound and form.is_valid():
        scope = _ledger_scope(form)
        summary = selectors.monthly_summary(
            start=form.cleaned_data["start"], end=form.cleaned_data["end"], **scope
        )
    return _render(
        request,
        "volunteers/ledger.html",
        {"form": form, "summary": summary, "query": request.GET.urlencode()},
        status=400 if form.errors else 200,
    )


@member_required
def ledger_export(request):
    form = _ledger_form(request)
    if not (form.is_bound and form.is_valid()):
        messages.error(request, _("请选择范围和日期后再导出。"))
        return redirect("volunteers:ledger")
    scope = _ledger_scope(form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    name = (scope.get("team") or scope.get("branch")).name
    return xlsx_response(
        f"志愿服务台帐-{name}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
        "志愿服务台帐",
        selectors.LEDGER_HEADER,
        selectors.ledger_rows(start=start, end=end, **scope),
        column_widths=[6, 10, 16, 18, 18, 20, 12, 16, 30, 10, 10, 18, 10, 10, 10, 8],
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
            add_refusal(form, error)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
    today = timezone.localdate()
    units = proof_units(member=request.member, start=date(1990, 1, 1), end=today)
    return _render(
        request,
        "volunteers/proof_form.html",
        {"form": form, "units": units},
        status=400 if form.errors else 200,
    )
