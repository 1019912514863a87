"""Reads for the committee dashboard and the organisational-life compliance view.

Both cost a fixed number of queries however many participants or meetings
there are: rows come from one annotated query and flags are computed in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from activities.models import Assessment, Campaign, CampaignPhase, Inspection, Meeting
from portal.models import Organisation
from portal.permissions import Subtrees

Status = Assessment.Status
SOON_DAYS = 7

# Display order on the dashboard and a colour per state (see admin.css).
STATUS_ORDER = [
    Status.RECTIFYING,
    Status.SUBMITTED,
    Status.RESUBMITTED,
    Status.DRAFT,
    Status.PASSED,
    Status.REVOKED,
    Status.WITHDRAWN,
]


@dataclass
class DashboardRow:
    assessment: Assessment
    flag: str = ""
    overdue: bool = False
    due_soon: bool = False
    due_on: datetime.date | None = None


@dataclass
class Dashboard:
    campaign: Campaign
    rows: list[DashboardRow]
    counts: list[tuple[str, str, int]]  # (status, label, count)
    overdue: int = 0


def campaign_dashboard(*, campaign: Campaign, user, today: datetime.date) -> Dashboard:
    phases = {phase.kind: phase for phase in CampaignPhase.objects.filter(campaign=campaign)}
    apply_end = phases.get(CampaignPhase.Kind.APPLY)
    inspect_end = phases.get(CampaignPhase.Kind.INSPECT)
    assessments = (
        Assessment.objects.for_user(user)
        .filter(campaign=campaign)
        .select_related("organisation", "award")
        .annotate(
            next_check=Min(
                "inspections__scheduled_on",
                filter=Q(inspections__result=Inspection.Result.PENDING),
            )
        )
    )
    rows = []
    counts: dict[str, int] = defaultdict(int)
    for assessment in assessments:
        counts[assessment.status] += 1
        row = DashboardRow(assessment=assessment)
        status = assessment.status
        if status == Status.DRAFT and apply_end:
            row.due_on = apply_end.ends_on
            row.flag = _("逾期未申报") if today > apply_end.ends_on else _("申报截止")
        elif status in {Status.SUBMITTED, Status.RESUBMITTED} and inspect_end:
            row.due_on = inspect_end.ends_on
            row.flag = _("逾期未验收") if today > inspect_end.ends_on else _("待验收")
        elif status == Status.RECTIFYING and assessment.rectify_deadline:
            row.due_on = assessment.rectify_deadline
            row.flag = _("整改逾期") if today > row.due_on else _("整改期限")
        elif status == Status.PASSED and assessment.next_check:
            row.due_on = assessment.next_check
            row.flag = _("复查逾期") if today > row.due_on else _("计划复查")
        if row.due_on:
            row.overdue = today > row.due_on
            row.due_soon = not row.overdue and (row.due_on - today).days <= SOON_DAYS
        rows.append(row)
    rank = {status: index for index, status in enumerate(STATUS_ORDER)}
    rows.sort(
        key=lambda r: (
            not r.overdue,
            not r.due_soon,
            rank[r.assessment.status],
            r.due_on or datetime.date.max,
            r.assessment.organisation.path,
        )
    )
    return Dashboard(
        campaign=campaign,
        rows=rows,
        counts=[(s, Status(s).label, counts[s]) for s in STATUS_ORDER],
        overdue=sum(r.overdue for r in rows),
    )


# Organisational-life compliance -------------------------------------------------

K = Meeting.Kind
MONTHLY = [K.THEME_DAY, K.COMMITTEE, K.GROUP]
QUARTERLY = [K.CONGRESS, K.LECTURE]
ALL_SESSIONS = "all"


@dataclass
class ComplianceRow:
    branch: Organisation
    counts: dict[str, int] = field(default_factory=dict)
    shortfalls: list[str] = field(default_factory=list)
    has_groups: bool = False

    @property
    def compliant(self) -> bool:
        return not self.shortfalls


def _completed_months(year: int, today: datetime.date) -> list[int]:
    if year < today.year:
        return list(range(1, 13))
    if year > today.year:
        return []
    return list(range(1, today.month))


def compliance_branches(user):
    """The active branches in the user's scope that 组织生活落实情况 reports on."""
    from portal.permissions import scoped

    return scoped(Organisation.objects.branches().active().order_by("path"), user, "")


def branch_compliance(
    *, branches: list[Organisation], year: int, today: datetime.date
) -> list[ComplianceRow]:
    """Per branch: held meetings per kind, and every completed month or quarter short of the rule.

    主题党日, 支委会 and 党小组会 monthly (党小组会 only where the branch has
    groups); 支部党员大会 and 党课 quarterly; at least one session a month.
    """
    if not branches:
        return []
    months = _completed_months(year, today)
    quarters = sorted({(m - 1) // 3 + 1 for m in months if m % 3 == 0})
    by_path = {branch.path: ComplianceRow(branch=branch) for branch in branches}
    subtrees = Subtrees(by_path)
    group_parents = (
        Organisation.objects.filter(subtrees.q(""), kind=Organisation.Kind.GROUP)
        .order_by()
        .values_list("parent__path", flat=True)
    )
    for path in group_parents:
        if path in by_path:
            by_path[path].has_groups = True

    tallies: dict[str, dict[tuple[str, int], int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        Meeting.objects.held()
        .in_year(year)
        .filter(subtrees.q())
        .annotate(month=ExtractMonth("held_on"))
        .values("organisation__path", "kind", "month")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        owner = subtrees.owner(row["organisation__path"])
        if owner is None:
            continue
        tallies[owner][(row["kind"], row["month"])] += row["n"]
        tallies[owner][(ALL_SESSIONS, row["month"])] += row["n"]

    for path, result in by_path.items():
        tally = tallies[path]
        for kind in K:
            result.counts[kind] = sum(n for (k, _m), n in tally.items() if k == kind)
        for kind in MONTHLY:
            if kind == K.GROUP and not result.has_groups:
                continue
            missed = [m for m in months if not tally.get((kind, m))]
            if missed:
                result.shortfalls.append(
                    _("%(kind)s每月一次：%(months)s 未开展")
                    % {"kind": kind.label, "months": "、".join(f"{m}月" for m in missed)}
                )
        for kind in QUARTERLY:
            missed = [
                q
                for q in quarters
                if not any(tally.get((kind, m)) for m in range(q * 3 - 2, q * 3 + 1))
            ]
            if missed:
                result.shortfalls.append(
                    _("%(kind)s每季度一次：第%(quarters)s季度未开展")
                    % {"kind": kind.label, "quarters": "、".join(str(q) for q in missed)}
                )
        empty = [m for m in months if not tally.get((ALL_SESSIONS, m))]
        if empty:
            result.shortfalls.append(
                _("每月1至2次组织生活：%(months)s 没有组织生活")
                % {"months": "、".join(f"{m}月" for m in empty)}
            )
    return list(by_path.values())


@dataclass
class DueRow:
    branch: Organisation
    due: list[str] = field(default_factory=list)


def meetings_due(*, branches: list[Organisation], today: datetime.date) -> list[DueRow]:
    """Branches that still have to hold a required meeting this month: 主题党日, 支委会 and
    党小组会 (where the branch has groups) not yet held this month; in the last month of a
    quarter, the quarter's 支部党员大会 or 党课 if none was held in it.

    The same rules as `branch_compliance`, looked at for the month that is running, so
    a secretary sees what to plan before it becomes a shortfall. Two queries in all.
    """
    due = _due_by_path([branch.path for branch in branches], today)
    return [
        DueRow(branch=branch, due=list(due[branch.path])) for branch in branches if due[branch.path]
    ]


def count_meetings_due(*, paths: list[str], today: datetime.date) -> int:
    """How many rows `meetings_due` lists for the branches at `paths`, without loading them:
    the workbench counts a committee's 3,000 branches on every visit."""
    return sum(1 for labels in _due_by_path(paths, today).values() if labels)


def _due_by_path(paths: list[str], today: datetime.date) -> dict[str, tuple[str, ...]]:
    """The meetings each branch (by path) still has to hold this month."""
    if not paths:
        return {}
    quarter_start = (today.month - 1) // 3 * 3 + 1
    quarter_ends = today.month % 3 == 0
    subtrees = Subtrees(paths)
    with_groups = set(
        Organisation.objects.filter(subtrees.q(""), kind=Organisation.Kind.GROUP)
        .order_by()
        .values_list("parent__path", flat=True)
        .distinct()
    )
    rows = (
        Meeting.objects.held()
        .filter(subtrees.q(), held_on__year=today.year, held_on__month__gte=quarter_start)
        .filter(held_on__month__lte=today.month)
        .annotate(month=ExtractMonth("held_on"))
        .values("organisation__path", "kind", "month")
        .annotate(n=Count("pk"))
    )
    held: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for row in rows:
        owner = subtrees.owner(row["organisation__path"])
        if owner is not None:
            held[owner].add((row["kind"], row["month"]))

    def due(done: set, has_groups: bool) -> tuple[str, ...]:
        labels = [
            kind.label
            for kind in MONTHLY
            if (kind != K.GROUP or has_groups) and (kind, today.month) not in done
        ]
        if quarter_ends:
            labels += [kind.label for kind in QUARTERLY if not any(k == kind for k, _m in done)]
        return tuple(labels)

    # A branch that held nothing yet owes everything: two answers, worked out once, for
    # what is most of a city's 3,000 branches early in the month.
    owes_all = {True: due(set(), True), False: due(set(), False)}
    return {
        path: due(held[path], path in with_groups)
        if path in held
        else owes_all[path in with_groups]
        for path in paths
    }
