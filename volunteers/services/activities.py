"""Activities: publishing, sign-up under a capacity, QR check-in and attendance."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Member
from volunteers.models import Activity, ServiceRecord, SignUp, Team

from .common import VolunteerError, can_manage_team
from .records import create_record
from .teams import ensure_profile


def publish_activity(
    *,
    team: Team,
    by: Member,
    title: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    description: str = "",
    sign_up_deadline: datetime | None = None,
    kind: str = Activity.Kind.SERVICE,
) -> Activity:
    if not can_manage_team(by, team):
        raise VolunteerError(_("只有本队队长或组建单位书记可以发布活动。"))
    if not title.strip() or not place.strip():
        raise VolunteerError(_("请填写活动名称和地点。"))
    if ends_at <= starts_at:
        raise VolunteerError(_("结束时间应晚于开始时间。"))
    if starts_at <= timezone.now():
        raise VolunteerError(_("开始时间应晚于现在。"))
    if capacity is None or capacity < 1:
        raise VolunteerError(_("招募人数至少为1人。"))
    if sign_up_deadline and sign_up_deadline > starts_at:
        raise VolunteerError(_("报名截止时间应早于活动开始时间。"))
    if kind not in Activity.Kind.values:
        raise VolunteerError(_("请选择活动类别。"))
    return Activity.objects.create(
        team=team,
        title=title.strip(),
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        description=description.strip(),
        sign_up_deadline=sign_up_deadline,
        kind=kind,
        created_by=by,
    )


def record_donations(*, activity: Activity, by: Member, amount) -> Activity:
    """Donations in yuan raised at an activity (扶贫走访), for the monthly summary."""
    if not can_manage_team(by, activity.team):
        raise VolunteerError(_("只有本队队长可以登记捐款捐物。"))
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise VolunteerError(_("请填写金额，例如 1200 或 86.5。")) from None
    if not value.is_finite() or value < 0 or value >= Decimal("100000000"):
        raise VolunteerError(_("金额应为0到1亿元之间的数字。"))
    activity.donations = value
    activity.save(update_fields=["donations"])
    return activity


def _active_count(activity: Activity) -> int:
    return SignUp.objects.filter(activity=activity, status=SignUp.Status.SIGNED_UP).count()


@transaction.atomic
def sign_up(*, activity: Activity, member: Member) -> SignUp:
    """Takes a place if one is left; the activity row lock keeps two from taking the last one."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    now = timezone.now()
    if activity.status != Activity.Status.PUBLISHED:
        raise VolunteerError(_("该活动已取消。"))
    if now >= activity.starts_at:
        raise VolunteerError(_("活动已开始，不能再报名。"))
    if activity.sign_up_deadline and now > activity.sign_up_deadline:
        raise VolunteerError(_("报名已截止。"))
    existing = SignUp.objects.filter(activity=activity, member=member).first()
    if existing and existing.status == SignUp.Status.SIGNED_UP:
        raise VolunteerError(_("您已报名该活动。"))
    if _active_count(activity) >= activity.capacity:
        raise VolunteerError(_("名额已满（共 %(n)s 人）。") % {"n": activity.capacity})
    ensure_profile(member=member)
    if existing:
        existing.status = SignUp.Status.SIGNED_UP
        existing.cancelled_at = None
        existing.save(update_fields=["status", "cancelled_at"])
        return existing
    return SignUp.objects.create(activity=activity, member=member)


@transaction.atomic
def cancel_sign_up(*, activity: Activity, member: Member) -> SignUp:
    """Cancelling before the start frees the place; after the start an absence is a no-show."""
    entry = (
        SignUp.objects.select_for_update()
        .filter(activity=activity, member=member, status=SignUp.Status.SIGNED_UP)
        .first()
    )
    if entry is None:
        raise VolunteerError(_("您没有报名该活动。"))
    if timezone.now() >= activity.starts_at:
        raise VolunteerError(_("活动已开始，不能取消报名。如不能参加请联系队长。"))
    entry.status = SignUp.Status.CANCELLED
    entry.cancelled_at = timezone.now()
    entry.save(update_fields=["status", "cancelled_at"])
    return entry


def _window_error(activity: Activity) -> VolunteerError:
    start = timezone.localtime(activity.starts_at).strftime("%m月%d日 %H:%M")
    end = timezone.localtime(activity.ends_at).strftime("%H:%M")
    return VolunteerError(
        _("不在签到时间内。签到、签退时间为活动期间（%(start)s—%(end)s）及前后30分钟。")
        % {"start": start, "end": end}
    )


@transaction.atomic
def check_in(*, activity: Activity, member: Member, at: datetime | None = None) -> SignUp:
    """The first scan. A member who had not signed up waits for the leader's confirmation."""
    at = at or timezone.now()
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != Activity.Status.PUBLISHED:
        raise VolunteerError(_("该活动已取消。"))
    if not activity.check_in_open(at):
        raise _window_error(activity)
    entry = SignUp.objects.filter(activity=activity, member=member).first()
    if entry and entry.status == SignUp.Status.SIGNED_UP and entry.checked_in_at:
        raise VolunteerError(_("您已签到。"))
    ensure_profile(member=member)
    if entry is None:
        entry = SignUp(activity=activity, member=member, walk_in=True)
    elif entry.status == SignUp.Status.CANCELLED:
        entry.status = SignUp.Status.SIGNED_UP
        entry.cancelled_at = None
        entry.walk_in = True
    entry.checked_in_at = at
    if not entry.awaiting_confirmation:
        entry.attendance = SignUp.Attendance.PRESENT
    entry.save()
    return entry


@dataclass
class CheckOutResult:
    sign_up: SignUp
    record: ServiceRecord | None
    problem: str = ""


def served_hours(start: datetime, end: datetime) -> Decimal:
    """Hours between two scans, rounded down to the half hour (2 h 50 min → 2.5)."""
    minutes = int((end - start).total_seconds() // 60)
    return Decimal(max(minutes, 0) // 30) / 2


def _record_from_scans(entry: SignUp) -> tuple[ServiceRecord | None, str]:
    """Turns check-in and check-out times, inside the activity's window, into a 待审核 record."""
    activity = entry.activity
    start = max(entry.checked_in_at, activity.starts_at)
    end = min(entry.checked_out_at, activity.ends_at)
    hours = served_hours(start, end)
    if hours <= 0:
        return None, _("服务时长不足半小时，未生成服务记录。")
    try:
        with transaction.atomic():
            record = create_record(
                member=entry.member,
                team=activity.team,
                by=entry.member,
                source=ServiceRecord.Source.CHECK_IN,
                title=activity.title,
                started_at=start,
                ended_at=end,
                hours=hours,
                place=activity.place,
                content=activity.description or activity.title,
                activity=activity,
            )
    except VolunteerError as error:
        return None, str(error)
    return record, ""


# A second tap this soon after 签到 is more likely a double tap than the end of the service.
CONFIRM_CHECK_OUT_WITHIN = timedelta(minutes=15)


class CheckOutTooSoon(VolunteerError):
    """The check-out needs the member's confirmation: they checked in minutes ago."""


@transaction.atomic
def check_out(
    *, activity: Activity, member: Member, at: datetime | None = None, confirmed: bool = False
) -> CheckOutResult:
    """The second scan: records the time and, once confirmed, the service record.

    Within minutes of check-in it asks first (`CheckOutTooSoon`), so a double
    tap on the one big button does not end the service with no record.
    """
    at = at or timezone.now()
    entry = (
        SignUp.objects.select_for_update()
        .select_related("activity__team", "member")
        .filter(activity=activity, member=member, status=SignUp.Status.SIGNED_UP)
        .first()
    )
    if entry is None or entry.checked_in_at is None:
        raise VolunteerError(_("您还没有签到。"))
    if entry.checked_out_at:
        raise VolunteerError(_("您已签退。"))
    if not entry.activity.check_in_open(at):
        raise _window_error(entry.activity)
    since = at - entry.checked_in_at
    if not confirmed and since < CONFIRM_CHECK_OUT_WITHIN:
        raise CheckOutTooSoon(
            _("您 %(m)s 分钟前刚签到。现在签退将结束本次服务，确定要签退吗？")
            % {"m": max(int(since.total_seconds() // 60), 0)}
        )
    entry.checked_out_at = at
    if not entry.awaiting_confirmation:
        entry.attendance = SignUp.Attendance.PRESENT
    entry.save()
    if entry.awaiting_confirmation:
        return CheckOutResult(entry, None, _("已签退，等待队长确认后生成服务记录。"))
    record, problem = _record_from_scans(entry)
    return CheckOutResult(entry, record, problem)


def _managed_entry(sign_up: SignUp, by: Member) -> SignUp:
    entry = (
        SignUp.objects.select_for_update()
        .select_related("activity__team", "member")
        .get(pk=sign_up.pk)
    )
    if not can_manage_team(by, entry.activity.team):
        raise VolunteerError(_("只有本队队长可以确认考勤。"))
    return entry


@transaction.atomic
def undo_check_out(*, sign_up: SignUp, by: Member) -> SignUp:
    """A leader takes back a mistaken 签退, so the member can check out again at the end.

    Only while no record came from it; a record is corrected by editing it.
    """
    entry = _managed_entry(sign_up, by)
    if entry.checked_out_at is None:
        raise VolunteerError(_("%(name)s 尚未签退。") % {"name": entry.member.name})
    if ServiceRecord.objects.filter(activity=entry.activity, member=entry.member).exists():
        raise VolunteerError(
            _("%(name)s 已有服务记录，请直接修改该记录的时长。") % {"name": entry.member.name}
        )
    entry.checked_out_at = None
    entry.save(update_fields=["checked_out_at"])
    return entry


@transaction.atomic
def confirm_walk_in(*, sign_up: SignUp, by: Member) -> CheckOutResult:
    """The leader confirms a member who scanned without signing up; capacity still holds."""
    Activity.objects.select_for_update().filter(pk=sign_up.activity_id).first()
    entry = _managed_entry(sign_up, by)
    if not entry.awaiting_confirmation:
        return CheckOutResult(entry, None)
    others = (
        SignUp.objects.filter(activity=entry.activity, status=SignUp.Status.SIGNED_UP)
        .exclude(pk=entry.pk)
        .exclude(walk_in=True, confirmed_by__isnull=True)
        .count()
    )
    if others >= entry.activity.capacity:
        raise VolunteerError(_("名额已满，不能再确认现场加入的队员。"))
    entry.confirmed_by = by
    entry.attendance = SignUp.Attendance.PRESENT
    entry.attendance_marked_by = by
    entry.save()
    if entry.checked_out_at:
        record, problem = _record_from_scans(entry)
        return CheckOutResult(entry, record, problem)
    return CheckOutResult(entry, None)


@transaction.atomic
def mark_attendance(*, sign_up: SignUp, by: Member, present: bool) -> SignUp:
    """Attendance by hand, for members without a phone or who forgot to scan."""
    entry = _managed_entry(sign_up, by)
    if entry.status != SignUp.Status.SIGNED_UP:
        raise VolunteerError(_("该党员已取消报名。"))
    if timezone.now() < entry.activity.starts_at:
        raise VolunteerError(_("活动开始后才能记录考勤。"))
    entry.attendance = SignUp.Attendance.PRESENT if present else SignUp.Attendance.ABSENT
    entry.attendance_marked_by = by
    if entry.walk_in and entry.confirmed_by_id is None and present:
        entry.confirmed_by = by
    entry.save()
    return entry


def mark_no_shows(*, activity: Activity) -> int:
    """After the end: signed up, never scanned, not marked, not cancelled → 缺席 (no-show)."""
    if activity.ends_at + timedelta(minutes=30) > timezone.now():
        return 0
    return SignUp.objects.filter(
        activity=activity,
        status=SignUp.Status.SIGNED_UP,
        attendance=SignUp.Attendance.UNKNOWN,
        checked_in_at__isnull=True,
        walk_in=False,
    ).update(attendance=SignUp.Attendance.ABSENT)


def times_from_activity(activity: Activity) -> dict:
    """An attended activity as a record's first draft: its day, whole-minute times and hours.

    The form has no seconds, so the start rounds up and the end down, keeping
    the times inside the activity (a check-in can never claim more than it ran).
    """
    starts = timezone.localtime(activity.starts_at)
    if starts.second or starts.microsecond:
        starts = starts.replace(second=0, microsecond=0) + timedelta(minutes=1)
    ends = timezone.localtime(activity.ends_at).replace(second=0, microsecond=0)
    return {
        "served_on": starts.date(),
        "start": starts.time(),
        "end": ends.time(),
        "hours": served_hours(starts, ends),
    }
