"""Reads: totals, stars, attendance, team listings, review queues, ledgers and summaries.

Every listing here runs a fixed number of queries whatever the number of
records; the tests pin them at two sizes of data.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.models import Member, Organisation
from portal.ranking import competition_ranks
from portal.workbench import capped_count
from portal.workdays import WorkingCalendar
from volunteers.deadlines import record_due_on
from volunteers.models import (
    Activity,
    ActivityMonthTotal,
    CorrectionRequest,
    MemberHoursTotal,
    OrganisationMonthTotal,
    OrganisationYearTotal,
    ServiceRecord,
    SignUp,
    Team,
    TeamHoursTotal,
    TeamMembership,
    VolunteerProfile,
    VolunteerSettings,
)
from volunteers.models.totals import next_month
from volunteers.permissions import managed_teams_filter, reviewable_filter, reviewable_parts

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=1))
# Marked for makemessages here, translated where they are shown.
STAR_LABELS = [
    gettext_noop("一星志愿者"),
    gettext_noop("二星志愿者"),
    gettext_noop("三星志愿者"),
    gettext_noop("四星志愿者"),
    gettext_noop("五星志愿者"),
]


def _sum_hours(condition: Q | None = None, prefix: str = "") -> Coalesce:
    return Coalesce(Sum(f"{prefix}hours", filter=condition), ZERO)


@dataclass
class MemberTotals:
    year: int
    year_hours: Decimal
    all_hours: Decimal
    training_hours: Decimal
    pending_hours: Decimal


def member_totals(member: Member, year: int | None = None) -> MemberTotals:
    """One query: approved service hours this year and all time, training apart."""
    year = year or timezone.localdate().year
    approved = Q(status=ServiceRecord.Status.APPROVED)
    service = Q(kind=ServiceRecord.Kind.SERVICE)
    row = ServiceRecord.objects.filter(member=member).aggregate(
        year_hours=_sum_hours(approved & service & Q(served_on__year=year)),
        all_hours=_sum_hours(approved & service),
        training_hours=_sum_hours(approved & Q(kind=ServiceRecord.Kind.TRAINING)),
        pending_hours=_sum_hours(Q(status=ServiceRecord.Status.PENDING) & service),
    )
    return MemberTotals(year=year, **row)


@dataclass
class StarProgress:
    level: int
    label: str
    hours: Decimal
    next_label: str
    next_hours: Decimal | None
    remaining: Decimal
    percent: int


def star_progress(hours: Decimal, settings: VolunteerSettings | None = None) -> StarProgress:
    """Star level by cumulative approved hours, and the way to the next one."""
    thresholds = (settings or VolunteerSettings.load()).star_thresholds
    level = sum(1 for threshold in thresholds if hours >= threshold)
    label = _(STAR_LABELS[level - 1]) if level else _("志愿者")
    if level >= len(thresholds):
        return StarProgress(level, label, hours, "", None, Decimal("0"), 100)
    floor = thresholds[level - 1] if level else Decimal("0")
    target = thresholds[level]
    percent = int((hours - floor) * 100 / (target - floor)) if target > floor else 100
    return StarProgress(
        level,
        label,
        hours,
        _(STAR_LABELS[level]),
        target,
        target - hours,
        max(0, min(percent, 100)),
    )


@dataclass
class Attendance:
    attended: int
    absent: int

    @property
    def rate(self) -> int | None:
        total = self.attended + self.absent
        return round(self.attended * 100 / total) if total else None


def attendance(member: Member) -> Attendance:
    row = SignUp.objects.filter(member=member, status=SignUp.Status.SIGNED_UP).aggregate(
        attended=Count("pk", filter=Q(attendance=SignUp.Attendance.PRESENT)),
        absent=Count("pk", filter=Q(attendance=SignUp.Attendance.ABSENT)),
    )
    return Attendance(**row)


def _count_of(queryset, field: str):
    """A per-row count as its own subquery: two of these never multiply each other."""
    rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    counted = rows.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def lead_team_activities(team: Team):
    """The team's activities, newest first, with sign-ups taken and records awaiting review.

    Two `Count()`s over the sign-up and record joins would multiply each other
    (3 sign-ups × 3 pending records showed 报名 9/10), so each is a subquery.
    """
    return (
        Activity.objects.filter(team=team)
        .annotate(
            taken=_count_of(SignUp.objects.filter(status=SignUp.Status.SIGNED_UP), "activity"),
            pending=_count_of(
                ServiceRecord.objects.filter(status=ServiceRecord.Status.PENDING), "activity"
            ),
        )
        .order_by("-starts_at")
    )


def teams_for_listing(year: int | None = None):
    """Active teams with this year's approved hours (the running total) and current member count.

    Paginate it: the counts are subqueries per team shown, not per team in the city.
    """
    year = year or timezone.localdate().year
    hours = TeamHoursTotal.objects.filter(team=OuterRef("pk"), year=year).values("hours")
    members = (
        TeamMembership.objects.filter(team=OuterRef("pk"), left_at__isnull=True)
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Team.objects.active()
        .select_related("organisation")
        .annotate(
            year_hours=Coalesce(Subquery(hours, output_field=DecimalField()), ZERO),
            member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
        )
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.upcoming().annotate(
                    taken=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.SIGNED_UP))
                ),
                to_attr="upcoming",
            ),
            Prefetch("leaders", queryset=Member.objects.select_related("volunteer")),
        )
        .order_by("pk")
    )


def public_name(member: Member) -> str | None:
    """The name if they agreed to be named (条例 art. 20); None means count, don't name."""
    profile = getattr(member, "volunteer", None) if _has_profile(member) else None
    return member.name if profile and profile.public_name_consent else None


def _has_profile(member: Member) -> bool:
    try:
        member.volunteer  # noqa: B018
    except VolunteerProfile.DoesNotExist:
        return False
    return True


def team_roster(team: Team) -> tuple[list[str], int]:
    """Names of current members who consented, and how many others are counted unnamed."""
    names, unnamed = [], 0
    memberships = (
        TeamMembership.objects.filter(team=team, left_at__isnull=True)
        .select_related("member__volunteer")
        .order_by("joined_at")
    )
    for membership in memberships:
        name = public_name(membership.member)
        if name:
            names.append(name)
        else:
            unnamed += 1
    return names, unnamed


def ranking(year: int | None = None, limit: int = 10) -> list[dict]:
    """This year's volunteers by approved hours; people who did not consent stay unnamed.

    Read from the running totals in the order of their index: the top rows, not every record.
    """
    year = year or timezone.localdate().year
    rows = list(
        MemberHoursTotal.objects.filter(year=year, hours__gt=0)
        .select_related("member__organisation", "member__volunteer")
        .order_by("-hours", "member_id")[:limit]
    )
    ranks = competition_ranks({row.member_id: row.hours for row in rows})
    return [
        {
            "rank": ranks[row.member_id],
            "name": public_name(row.member),
            "organisation": row.member.organisation.display_name,
            "hours": row.hours,
        }
        for row in rows
    ]


def team_year_hours(team: Team, year: int | None = None) -> Decimal:
    year = year or timezone.localdate().year
    total = TeamHoursTotal.objects.filter(team=team, year=year).values_list("hours", flat=True)
    return total.first() or Decimal("0")


def branch_totals(organisation: Organisation, year: int | None = None) -> dict:
    """Approved service hours and volunteers of a branch and everything under it.

    Summed from the organisations' yearly running totals over the subtree (its
    path prefix): a committee's answer reads a few rows per organisation, not
    every record of its members.
    """
    year = year or timezone.localdate().year
    organisations = Organisation.objects.subtree_of(organisation).values("pk")
    return OrganisationYearTotal.objects.filter(organisation__in=organisations).aggregate(
        year_hours=_sum_hours(Q(year=year)),
        all_hours=_sum_hours(),
        people=Coalesce(Sum("people", filter=Q(year=year)), 0),
    )


def _waiting_records(member: Member):
    # A record they entered or last changed is left out: someone else reviews it,
    # so it is not waiting on them.
    return (
        ServiceRecord.objects.filter(status=ServiceRecord.Status.PENDING)
        .exclude(entered_by=member)
        .exclude(last_edited_by=member)
    )


def review_queue(member: Member):
    """Pending records waiting on `member`, oldest first, flagged ones marked."""
    waiting = _waiting_records(member)
    return (
        waiting.filter(reviewable_filter(member, waiting))
        .select_related("member__organisation", "team", "activity", "entered_by")
        .order_by("created_at")
    )


def review_queue_count(member: Member) -> int:
    """The length of `review_queue`, up to the workbench's cap: each part read to the cap."""
    return capped_count(*reviewable_parts(member, _waiting_records(member)))


def _waiting_corrections(member: Member):
    return CorrectionRequest.objects.filter(status=CorrectionRequest.Status.PENDING).exclude(
        member=member
    )


def corrections_queue(member: Member):
    waiting = _waiting_corrections(member)
    return (
        waiting.filter(reviewable_filter(member, waiting))
        .select_related("member", "record", "activity", "team")
        .order_by("created_at")
    )


def corrections_queue_count(member: Member) -> int:
    """The length of `corrections_queue`, up to the workbench's cap."""
    return capped_count(*reviewable_parts(member, _waiting_corrections(member)))


def activities_to_log(member: Member, teams):
    """Ended activities a member may log hours for: their teams' and those they signed up for."""
    signed = SignUp.objects.filter(member=member, status=SignUp.Status.SIGNED_UP)
    return (
        Activity.objects.ended()
        .filter(Q(team__in=teams) | Q(pk__in=signed.values("activity_id")))
        .select_related("team")
    )


def attended_without_record(member: Member, *, days: int = 30, limit: int = 3):
    """Activities the member signed up for and did not miss, ended lately, with no record yet."""
    since = timezone.now() - timedelta(days=days)
    return (
        Activity.objects.ended()
        .filter(
            ends_at__gte=since,
            sign_ups__member=member,
            sign_ups__status=SignUp.Status.SIGNED_UP,
        )
        .exclude(sign_ups__member=member, sign_ups__attendance=SignUp.Attendance.ABSENT)
        .exclude(Exists(ServiceRecord.objects.filter(activity=OuterRef("pk"), member=member)))
        .order_by("-ends_at")[:limit]
    )


def managed_teams(member: Member):
    """Teams `member` leads, and the teams set up in a secretary's subtree."""
    condition = managed_teams_filter(member)
    return Team.objects.filter(pk__in=Team.objects.filter(condition).values("pk")).order_by("pk")


def overdue_activities(team: Team) -> list[Activity]:
    """Ended activities past their 10-working-day deadline with attendees still unrecorded."""
    return overdue_activities_of(Team.objects.filter(pk=team.pk))


def overdue_activities_of(teams) -> list[Activity]:
    """`overdue_activities` for several teams at once: one query, however many teams."""
    today = timezone.localdate()
    unrecorded = SignUp.objects.filter(
        activity=OuterRef("pk"),
        status=SignUp.Status.SIGNED_UP,
        attendance=SignUp.Attendance.PRESENT,
    ).exclude(
        Exists(
            ServiceRecord.objects.filter(activity=OuterRef("activity"), member=OuterRef("member"))
        )
    )
    pending = ServiceRecord.objects.filter(
        activity=OuterRef("pk"), status=ServiceRecord.Status.PENDING
    )
    candidates = (
        Activity.objects.ended()
        .filter(team__in=teams)
        .select_related("team")
        .filter(Q(Exists(unrecorded)) | Q(Exists(pending)))
        .order_by("ends_at")
    )
    candidates = list(candidates)
    if not candidates:  # the usual case: no settings or calendar to read
        return []
    settings = VolunteerSettings.load()
    calendar = WorkingCalendar.load()
    result = []
    for activity in candidates:
        activity.due_on = record_due_on(activity, settings, calendar)
        if today > activity.due_on:
            result.append(activity)
    return result


LEDGER_HEADER = [
    "序号",
    "志愿者",
    "志愿者编号",
    "所在支部",
    "服务队",
    "活动名称",
    "服务日期",
    "服务地点",
    "服务内容",
    "服务时长（小时）",
    "记录方式",
    "组织单位",
    "负责人",
    "记录人",
    "审核人",
    "质量评价",
]


def ledger_queryset(
    *, start: date, end: date, team: Team | None = None, branch: Organisation | None = None
):
    records = ServiceRecord.objects.counted().filter(served_on__gte=start, served_on__lte=end)
    if team is not None:
        records = records.filter(team=team)
    if branch is not None:
        records = records.for_branch(branch)
    return records


def ledger_rows(
    *, start: date, end: date, team: Team | None = None, branch: Organisation | None = None
) -> Iterator[list]:
    """One row per approved service record, then a totals row; streamed, never a whole list.

    Plain tuples from `values_list`, not model instances: a committee's two years
    are 100,000 rows, and building six related objects per row was most of the time.
    """
    records = (
        ledger_queryset(start=start, end=end, team=team, branch=branch)
        .order_by("served_on", "pk")
        .values_list(
            "member_id",
            "member__name",
            "member__volunteer__number",
            "member__organisation__name",
            "team__name",
            "title",
            "served_on",
            "place",
            "content",
            "hours",
            "source",
            "organisation__name",
            "person_in_charge",
            "entered_by__name",
            "reviewed_by__name",
            "quality",
        )
    )
    sources = {value: str(label) for value, label in ServiceRecord.Source.choices}
    qualities = {value: str(label) for value, label in ServiceRecord.Quality.choices}
    total = Decimal("0")
    people: set[int] = set()
    count = 0
    for member_id, *row in records.iterator(chunk_size=2000):
        count += 1
        total += row[8]
        people.add(member_id)
        row[1] = row[1] or ""  # no volunteer profile, no number
        row[9] = sources[row[9]]
        row[13] = row[13] or ""  # not reviewed by a person
        row[14] = qualities.get(row[14], "")
        yield [count, *row]
    yield []
    yield ["合计", f"{len(people)} 人", "", "", "", f"{count} 条", "", "", "", total]


@dataclass
class MonthRow:
    month: date
    people: int
    activities: int
    hours: Decimal
    donations: Decimal
    percent: int = 0


def _full_months(start: date, end: date) -> tuple[date, date] | None:
    """The first and last whole calendar months inside [start, end], if any."""
    first = start if start.day == 1 else next_month(start)
    last = end.replace(day=1)
    if next_month(last) - timedelta(days=1) != end:
        last = (last - timedelta(days=1)).replace(day=1)
    return (first, last) if first <= last else None


def _months_from_totals(branch: Organisation, first: date, last: date) -> dict:
    """Whole months of a subtree from the organisation-month totals, not from the records."""
    organisations = Organisation.objects.subtree_of(branch).values("pk")
    scope = {"organisation__in": organisations, "month__gte": first, "month__lte": last}
    rows = {
        row["month"]: MonthRow(row["month"], row["people"], 0, row["hours"], Decimal("0"))
        for row in OrganisationMonthTotal.objects.filter(**scope, records__gt=0)
        .values("month")
        .annotate(people=Sum("people"), hours=Sum("hours"))
        .order_by()
    }
    for row in (
        ActivityMonthTotal.objects.filter(**scope, records__gt=0)
        .values("month")
        .annotate(n=Count("activity", distinct=True))
        .order_by()
    ):
        if row["month"] in rows:
            rows[row["month"]].activities = row["n"]
    return rows


def monthly_summary(
    *, start: date, end: date, team: Team | None = None, branch: Organisation | None = None
) -> list[MonthRow]:
    """People, activities, hours and donations per month.

    For a branch or committee, whole months come from the running totals
    (a city's year is 12 rows per organisation, not half a million records);
    the part-months at either end of the range, and a team's months, from the records.
    """
    records = ledger_queryset(start=start, end=end, team=team, branch=branch)
    rows: dict[date, MonthRow] = {}
    remaining = records
    months = _full_months(start, end) if branch is not None and team is None else None
    if months:
        first, last = months
        rows.update(_months_from_totals(branch, first, last))
        remaining = (
            records.filter(Q(served_on__lt=first) | Q(served_on__gte=next_month(last)))
            if start < first or end >= next_month(last)
            else None
        )
    grouped = (
        remaining.annotate(month=TruncMonth("served_on"))
        .values("month")
        .annotate(
            people=Count("member", distinct=True),
            activities=Count("activity", distinct=True),
            hours=Sum("hours"),
        )
        .order_by("month")
        if remaining is not None
        else []
    )
    for row in grouped:
        rows[row["month"]] = MonthRow(
            row["month"], row["people"], row["activities"], row["hours"], Decimal("0")
        )
    activities = Activity.objects.filter(
        Exists(records.filter(activity=OuterRef("pk"))), donations__gt=0
    )
    for row in (
        activities.annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(total=Sum("donations"))
    ):
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        month = month.replace(day=1)
        entry = rows.setdefault(month, MonthRow(month, 0, 0, Decimal("0"), Decimal("0")))
        entry.donations += row["total"]
    result = sorted(rows.values(), key=lambda r: r.month)
    peak = max((r.hours for r in result), default=0)
    for row in result:
        row.percent = int(row.hours * 100 / peak) if peak else 0
    return result


def front_page_activities(*, limit: int) -> dict:
    """The front page's 志愿活动 panel: the next activities open to everyone, soonest first."""
    from volunteers.models import VolunteerIndexPage

    return {
        "activities": list(Activity.objects.upcoming().select_related("team")[:limit]),
        "section": VolunteerIndexPage.objects.live().first(),
    }


# A member's own page and a leader's activity page ---------------------------------------


def current_memberships(member: Member):
    return TeamMembership.objects.filter(member=member, left_at__isnull=True).select_related("team")


def member_teams(member: Member):
    """The teams a member belongs to now: where they may log hours."""
    return Team.objects.filter(
        memberships__member=member, memberships__left_at__isnull=True
    ).distinct()


def teams_to_log(teams, activities):
    """The member's teams, plus the teams of activities they signed up for outside them."""
    return Team.objects.filter(
        Q(pk__in=teams.values("pk")) | Q(pk__in=activities.values("team_id"))
    )


def recent_records(member: Member, limit: int = 50):
    return (
        ServiceRecord.objects.filter(member=member)
        .select_related("team", "activity")
        .order_by("-served_on", "-pk")[:limit]
    )


def upcoming_sign_ups(member: Member):
    return (
        SignUp.objects.filter(
            member=member, status=SignUp.Status.SIGNED_UP, activity__ends_at__gte=timezone.now()
        )
        .select_related("activity__team")
        .order_by("activity__starts_at")
    )


def recent_corrections(member: Member, limit: int = 10):
    return (
        CorrectionRequest.objects.filter(member=member)
        .select_related("record", "activity")
        .order_by("-created_at")[:limit]
    )


def reviews_records(member: Member) -> bool:
    """Whether 我的 shows the way to the review queue: a team leader or a secretary."""
    return Team.objects.filter(leaders=member).exists() or member.manages_members


def sign_up_of(activity: Activity, member: Member) -> SignUp | None:
    return SignUp.objects.filter(activity=activity, member=member).first()


def record_versions(record: ServiceRecord):
    return record.versions.select_related("by").order_by("pk")


def activity_sign_ups(activity: Activity):
    return (
        SignUp.objects.filter(activity=activity)
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("member__organisation")
        .order_by("signed_up_at")
    )


def recorded_hours(activity: Activity) -> dict[int, Decimal]:
    """Member id → hours already recorded for the activity (so back-entry skips them)."""
    return dict(ServiceRecord.objects.filter(activity=activity).values_list("member_id", "hours"))


def back_entry_members(activity: Activity):
    """Who a leader may back-enter for: the team's members and the activity's sign-ups."""
    in_team = TeamMembership.objects.filter(team=activity.team, left_at__isnull=True)
    signed = SignUp.objects.filter(activity=activity, status=SignUp.Status.SIGNED_UP)
    return Member.objects.filter(
        Q(pk__in=in_team.values("member_id")) | Q(pk__in=signed.values("member_id"))
    ).order_by("name")


def ledger_scopes(member: Member) -> list[tuple[str, str]]:
    """What a 台帐 can cover for `member`: the teams they manage, a secretary's branches."""
    scopes = [(f"team:{pk}", name) for pk, name in managed_teams(member).values_list("pk", "name")]
    if member.manages_members:
        branches = Organisation.objects.subtree_of(member.organisation).exclude(
            kind=Organisation.Kind.WINDOW
        )
        scopes += [(f"org:{pk}", name) for pk, name in branches.values_list("pk", "name")]
    return scopes
