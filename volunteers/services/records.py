"""Service records: entering hours, approving, returning, editing and corrections.

Every change writes a RecordVersion (who, when, what); nothing is deleted. Every change of
what a record counts moves the running totals in the same transaction (`totals`).
"""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Member
from portal.text_limits import clean_text
from volunteers.models import (
    Activity,
    CorrectionRequest,
    RecordVersion,
    ServiceRecord,
    SignUp,
    Team,
    TeamMembership,
    VolunteerSettings,
)

from .common import VolunteerError, can_review, is_leader_of, is_secretary_over, record_due_on
from .totals import contribution, record_changed

MAX_HOURS_PER_DAY = Decimal("24")
HALF_HOUR = Decimal("0.5")
BACK_ENTRY_WINDOW = timedelta(days=7)


def clean_hours(value) -> Decimal:
    """Hours greater than 0, in half-hour steps (0.5, 1, 1.5 …), at most 24."""
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise VolunteerError(_("请填写服务时长，例如 2 或 2.5。")) from None
    if not hours.is_finite() or hours <= 0:
        raise VolunteerError(_("服务时长应大于0小时。"))
    if hours % HALF_HOUR != 0:
        raise VolunteerError(_("服务时长以半小时为单位，例如 1.5 小时。"))
    if hours > MAX_HOURS_PER_DAY:
        raise VolunteerError(_("一条记录的服务时长不能超过24小时。"))
    return hours


def _version(record: ServiceRecord, *, action: str, by: Member, note: str = "") -> RecordVersion:
    return RecordVersion.objects.create(
        record=record,
        number=record.version,
        action=action,
        by=by,
        note=note,
        data=record.snapshot(),
    )


def _check_rules(
    *,
    member: Member,
    hours: Decimal,
    started_at: datetime,
    ended_at: datetime,
    activity: Activity | None,
    exclude_pk: int | None = None,
) -> None:
    """The rules every record obeys, whoever enters it; the caller holds the member's lock."""
    if ended_at <= started_at:
        raise VolunteerError(_("结束时间应晚于开始时间。"))
    if ended_at > timezone.now():
        raise VolunteerError(_("不能记录尚未发生的服务时长。"))
    span = Decimal((ended_at - started_at).total_seconds()) / Decimal(3600)
    if hours > span:
        raise VolunteerError(
            _("服务时长（%(hours)s 小时）不能超过开始到结束的时间。") % {"hours": hours}
        )
    if activity is not None:
        if started_at < activity.starts_at or ended_at > activity.ends_at:
            start = timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M")
            end = timezone.localtime(activity.ends_at).strftime("%Y-%m-%d %H:%M")
            raise VolunteerError(
                _("记录时间应在活动时间范围内（%(start)s 至 %(end)s）。")
                % {"start": start, "end": end}
            )
        duplicate = ServiceRecord.objects.filter(member=member, activity=activity)
        if exclude_pk:
            duplicate = duplicate.exclude(pk=exclude_pk)
        if duplicate.exists():
            raise VolunteerError(
                _("%(name)s 在此活动中已有服务记录，请修改原记录。") % {"name": member.name}
            )
    others = ServiceRecord.objects.filter(member=member).live()
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    overlap = others.filter(started_at__lt=ended_at, ended_at__gt=started_at).first()
    if overlap:
        raise VolunteerError(
            _("与已有记录“%(title)s”（%(day)s）时间重叠。")
            % {"title": overlap.title, "day": overlap.served_on.isoformat()}
        )
    served_on = timezone.localdate(started_at)
    day_total = others.filter(served_on=served_on).aggregate(total=Sum("hours"))["total"] or 0
    if day_total + hours > MAX_HOURS_PER_DAY:
        raise VolunteerError(
            _("每人每天累计服务时长不能超过24小时（%(day)s 已有 %(total)s 小时）。")
            % {"day": served_on.isoformat(), "total": day_total}
        )


def _flags(record: ServiceRecord, settings: VolunteerSettings) -> str:
    """Why a secretary should look twice: a long day, or a leader back-entering a lot."""
    reasons = []
    day_total = (
        ServiceRecord.objects.filter(member=record.member, served_on=record.served_on)
        .live()
        .aggregate(total=Sum("hours"))["total"]
        or 0
    )
    if day_total > settings.suspicious_daily_hours:
        reasons.append(
            _("当日累计 %(total)s 小时，超过 %(limit)s 小时")
            % {"total": day_total, "limit": settings.suspicious_daily_hours}
        )
    if record.source == ServiceRecord.Source.BACK_ENTRY:
        recent = ServiceRecord.objects.filter(
            entered_by=record.entered_by,
            source=ServiceRecord.Source.BACK_ENTRY,
            created_at__gte=timezone.now() - BACK_ENTRY_WINDOW,
        ).count()
        if recent > settings.suspicious_back_entries:
            reasons.append(
                _("%(name)s 7日内补录 %(count)s 条")
                % {"name": record.entered_by.name, "count": recent}
            )
    # A note the portal writes for the reviewer, not user input: shortened to the column.
    return "；".join(reasons)[: ServiceRecord._meta.get_field("flag_reason").max_length]


def _may_enter_for(*, by: Member, member: Member, team: Team, activity: Activity | None) -> str:
    """The record's source, or an error: members enter their own, leaders back-enter."""
    if activity is not None and activity.team_id != team.pk:
        raise VolunteerError(_("该活动不属于此服务队。"))
    if by.pk == member.pk:
        belongs = TeamMembership.objects.filter(team=team, member=member).exists() or (
            activity is not None
            and SignUp.objects.filter(
                activity=activity, member=member, status=SignUp.Status.SIGNED_UP
            ).exists()
        )
        if not belongs:
            raise VolunteerError(_("您未参加该服务队或未报名该活动，不能填报。"))
        return ServiceRecord.Source.SELF
    if not is_leader_of(by, team):
        raise VolunteerError(_("只有本队队长可以为队员补录服务时长。"))
    return ServiceRecord.Source.BACK_ENTRY


def create_record(
    *,
    member: Member,
    team: Team,
    by: Member,
    source: str,
    title: str,
    started_at: datetime,
    ended_at: datetime,
    hours,
    place: str,
    content: str,
    activity: Activity | None = None,
    kind: str | None = None,
) -> ServiceRecord:
    """Writes a record after checking every rule; callers decide the source."""
    hours = clean_hours(hours)
    title, place, content = title.strip(), place.strip(), content.strip()
    if not title:
        raise VolunteerError(_("请填写活动名称。"))
    if not place:
        raise VolunteerError(_("请填写服务地点。"))
    if not content:
        raise VolunteerError(_("请填写服务内容。"))
    settings = VolunteerSettings.load()
    with transaction.atomic():
        # One member's records are written one at a time: the overlap and
        # 24-hour checks read what the other writer would otherwise miss.
        Member.objects.select_for_update().filter(pk=member.pk).first()
        _check_rules(
            member=member,
            hours=hours,
            started_at=started_at,
            ended_at=ended_at,
            activity=activity,
        )
        leader = team.leaders.order_by("pk").first()
        record = ServiceRecord(
            member=member,
            team=team,
            activity=activity,
            kind=kind or (activity.kind if activity else ServiceRecord.Kind.SERVICE),
            title=clean_text(title, model=ServiceRecord, field="title", error=VolunteerError),
            served_on=timezone.localdate(started_at),
            started_at=started_at,
            ended_at=ended_at,
            place=clean_text(place, model=ServiceRecord, field="place", error=VolunteerError),
            content=content,
            hours=hours,
            organisation=team.organisation,
            person_in_charge=leader.name if leader else "",
            source=source,
            entered_by=by,
            last_edited_by=by,
            is_late=bool(activity and timezone.localdate() > record_due_on(activity, settings)),
        )
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise VolunteerError(_("该志愿者在此活动中已有服务记录。")) from None
        record.flag_reason = _flags(record, settings)
        if record.flag_reason:
            record.save(update_fields=["flag_reason"])
        record_changed(None, contribution(record))
        _version(record, action=RecordVersion.Action.CREATED, by=by)
    return record


def record_hours(
    *,
    member: Member,
    team: Team,
    by: Member,
    title: str,
    started_at: datetime,
    ended_at: datetime,
    hours,
    place: str,
    content: str,
    activity: Activity | None = None,
    kind: str | None = None,
) -> ServiceRecord:
    """Hours entered by hand: by the member (本人填报) or back-entered by a leader (队长补录)."""
    source = _may_enter_for(by=by, member=member, team=team, activity=activity)
    return create_record(
        member=member,
        team=team,
        by=by,
        source=source,
        title=title,
        started_at=started_at,
        ended_at=ended_at,
        hours=hours,
        place=place,
        content=content,
        activity=activity,
        kind=kind,
    )


def _reviewable(record: ServiceRecord, by: Member) -> None:
    if not can_review(by, record):
        raise VolunteerError(_("只有本队队长或该党员所在支部书记可以审核此记录。"))
    if by.pk in {record.entered_by_id, record.last_edited_by_id}:
        raise VolunteerError(_("不能审核自己记录或修改的服务时长，请由其他队长或支部书记审核。"))


def _locked(record: ServiceRecord) -> ServiceRecord:
    return (
        ServiceRecord.objects.select_for_update(of=("self",))
        .select_related("team", "member__organisation")
        .get(pk=record.pk)
    )


@transaction.atomic
def approve_record(
    *, record: ServiceRecord, by: Member, quality: str = ServiceRecord.Quality.PASS
) -> ServiceRecord:
    """Approves a pending record; approving an approved record again changes nothing."""
    record = _locked(record)
    _reviewable(record, by)
    if record.status == ServiceRecord.Status.APPROVED:
        return record
    if record.status != ServiceRecord.Status.PENDING:
        raise VolunteerError(_("该记录已退回，需本人修改后重新提交。"))
    if quality not in ServiceRecord.Quality.values:
        raise VolunteerError(_("请选择质量评价。"))
    before = contribution(record)
    record.status = ServiceRecord.Status.APPROVED
    record.quality = quality
    record.return_reason = ""
    record.reviewed_by = by
    record.reviewed_at = timezone.now()
    record.version += 1
    record.save()
    record_changed(before, contribution(record))
    _version(record, action=RecordVersion.Action.APPROVED, by=by)
    return record


@transaction.atomic
def return_record(*, record: ServiceRecord, by: Member, reason: str) -> ServiceRecord:
    """Returns a pending record with a reason the member reads on their phone."""
    reason = (reason or "").strip()
    if not reason:
        raise VolunteerError(_("退回时请填写理由。"))
    record = _locked(record)
    _reviewable(record, by)
    if record.status != ServiceRecord.Status.PENDING:
        raise VolunteerError(_("只有待审核的记录可以退回。"))
    before = contribution(record)
    record.status = ServiceRecord.Status.RETURNED
    record.return_reason = reason
    record.reviewed_by = by
    record.reviewed_at = timezone.now()
    record.version += 1
    record.save()
    record_changed(before, contribution(record))
    _version(record, action=RecordVersion.Action.RETURNED, by=by, note=reason)
    return record


EDITABLE_FIELDS = {"title", "place", "content", "hours", "started_at", "ended_at"}


def _apply_changes(
    record: ServiceRecord, *, by: Member, author: Member, changes: dict, action: str, note: str
) -> ServiceRecord:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise VolunteerError(_("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    new = {field: changes.get(field, getattr(record, field)) for field in EDITABLE_FIELDS}
    new["hours"] = clean_hours(new["hours"])
    for field in ("title", "place", "content"):
        new[field] = (new[field] or "").strip()
        if not new[field]:
            raise VolunteerError(_("活动名称、服务地点和服务内容都要填写。"))
    Member.objects.select_for_update().filter(pk=record.member_id).first()
    _check_rules(
        member=record.member,
        hours=new["hours"],
        started_at=new["started_at"],
        ended_at=new["ended_at"],
        activity=record.activity,
        exclude_pk=record.pk,
    )
    before = contribution(record)
    time_changed = any(new[f] != getattr(record, f) for f in ("hours", "started_at", "ended_at"))
    for field, value in new.items():
        setattr(record, field, value)
    record.served_on = timezone.localdate(record.started_at)
    if time_changed and record.source == ServiceRecord.Source.CHECK_IN:
        # Hours changed by hand are no longer the scanned times; they are marked.
        record.source = (
            ServiceRecord.Source.SELF
            if author.pk == record.member_id
            else ServiceRecord.Source.BACK_ENTRY
        )
    record.status = ServiceRecord.Status.PENDING
    record.quality = ""
    record.reviewed_by = None
    record.reviewed_at = None
    record.last_edited_by = author
    record.version += 1
    record.flag_reason = ""
    record.save()
    record_changed(before, contribution(record))
    record.flag_reason = _flags(record, VolunteerSettings.load())
    record.save(update_fields=["flag_reason"])
    _version(record, action=action, by=by, note=note)
    return record


@transaction.atomic
def edit_record(*, record: ServiceRecord, by: Member, note: str = "", **changes) -> ServiceRecord:
    """Edits a record; it goes back to 待审核 and the earlier version stays in its history.

    The member edits their own record until it is approved (after that, a
    correction request); leaders and secretaries who may review it edit any time.
    """
    record = _locked(record)
    own = by.pk == record.member_id
    if own:
        if record.status == ServiceRecord.Status.APPROVED:
            raise VolunteerError(_("已通过的记录如有错误，请提交更正申请。"))
    elif not can_review(by, record):
        raise VolunteerError(_("您不能修改这条记录。"))
    return _apply_changes(
        record, by=by, author=by, changes=changes, action=RecordVersion.Action.EDITED, note=note
    )


@transaction.atomic
def request_correction(
    *,
    member: Member,
    explanation: str,
    record: ServiceRecord | None = None,
    activity: Activity | None = None,
    proposed_hours=None,
    proposed_content: str = "",
) -> CorrectionRequest:
    """A member asks to correct an error in a record, or to add one that is missing (art. 13)."""
    explanation = (explanation or "").strip()
    if not explanation:
        raise VolunteerError(_("请写明需要更正的情况。"))
    hours = clean_hours(proposed_hours) if proposed_hours not in (None, "") else None
    if record is not None:
        if record.member_id != member.pk:
            raise VolunteerError(_("只能对本人的服务记录申请更正。"))
        if CorrectionRequest.objects.filter(
            record=record, status=CorrectionRequest.Status.PENDING
        ).exists():
            raise VolunteerError(_("这条记录已有一份更正申请在处理中。"))
        if hours is None and not proposed_content.strip():
            raise VolunteerError(_("请填写应为的服务时长或服务内容。"))
        team, activity = record.team, record.activity
    else:
        if activity is None:
            raise VolunteerError(_("补充遗漏的记录时请选择活动。"))
        if hours is None:
            raise VolunteerError(_("补充遗漏的记录时请填写服务时长。"))
        if activity.ends_at > timezone.now():
            raise VolunteerError(_("活动尚未结束，结束后再申请补充记录。"))
        if ServiceRecord.objects.filter(member=member, activity=activity).exists():
            raise VolunteerError(_("您在该活动中已有服务记录，请对该记录申请更正。"))
        team = activity.team
    return CorrectionRequest.objects.create(
        member=member,
        record=record,
        activity=activity,
        team=team,
        proposed_hours=hours,
        proposed_content=proposed_content.strip(),
        explanation=explanation,
    )


@transaction.atomic
def decide_correction(
    *, correction: CorrectionRequest, by: Member, accept: bool, reason: str
) -> CorrectionRequest:
    """The leader (or secretary) accepts or declines, always with a reason.

    Accepting applies the member's figures and sends the record back to
    待审核: the values are the member's, so the decider may then approve them.
    """
    correction = (
        CorrectionRequest.objects.select_for_update(of=("self",))
        .select_related("team", "member__organisation", "activity")
        .get(pk=correction.pk)
    )
    reason = (reason or "").strip()
    if not reason:
        raise VolunteerError(_("请填写处理意见。"))
    if correction.status != CorrectionRequest.Status.PENDING:
        raise VolunteerError(_("该更正申请已处理。"))
    allowed = is_leader_of(by, correction.team) or (
        correction.record is not None and can_review(by, correction.record)
    )
    if not allowed:
        allowed = is_secretary_over(by, correction.member.organisation)
    if not allowed:
        raise VolunteerError(_("只有本队队长或该党员所在支部书记可以处理更正申请。"))
    if by.pk == correction.member_id:
        raise VolunteerError(_("不能处理本人的更正申请。"))
    if accept:
        if correction.record is not None:
            changes = {}
            if correction.proposed_hours is not None:
                changes["hours"] = correction.proposed_hours
                record = correction.record
                span_end = record.started_at + timedelta(hours=float(correction.proposed_hours))
                if span_end > record.ended_at:
                    changes["ended_at"] = (
                        min(span_end, record.activity.ends_at) if record.activity else span_end
                    )
            if correction.proposed_content:
                changes["content"] = correction.proposed_content
            _apply_changes(
                _locked(correction.record),
                by=by,
                author=correction.member,
                changes=changes,
                action=RecordVersion.Action.CORRECTED,
                note=f"{correction.explanation}\n{reason}",
            )
        else:
            activity = correction.activity
            end = min(
                activity.starts_at + timedelta(hours=float(correction.proposed_hours)),
                activity.ends_at,
            )
            record = create_record(
                member=correction.member,
                team=correction.team,
                by=correction.member,
                source=ServiceRecord.Source.SELF,
                title=activity.title,
                started_at=activity.starts_at,
                ended_at=end,
                hours=correction.proposed_hours,
                place=activity.place,
                content=correction.proposed_content or activity.description or activity.title,
                activity=activity,
            )
            correction.record = record
    correction.status = (
        CorrectionRequest.Status.ACCEPTED if accept else CorrectionRequest.Status.DECLINED
    )
    correction.decided_by = by
    correction.decided_at = timezone.now()
    correction.decision_reason = reason
    correction.save()
    return correction


def back_enter_hours(
    *, activity: Activity, member: Member, by: Member, hours, content: str
) -> ServiceRecord:
    """队长补录: hours for an attendee, timed from the activity's start and never past its end."""
    ended_at = min(activity.starts_at + timedelta(hours=float(hours)), activity.ends_at)
    return record_hours(
        member=member,
        team=activity.team,
        by=by,
        title=activity.title,
        started_at=activity.starts_at,
        ended_at=ended_at,
        hours=hours,
        place=activity.place,
        content=content or activity.description or activity.title,
        activity=activity,
    )
