"""Reads for the public pages: each listing in a fixed number of queries, whatever its size."""

from datetime import date

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q

from pledges import scoring
from pledges.models import (
    FulfilmentUpdate,
    IdentityPlate,
    MonthlyRanking,
    Pledge,
    PledgeItem,
    Rating,
    ServiceStandard,
    StarRating,
)
from pledges.models.ratings import satisfaction_counts
from portal.models import Member, Organisation

SEARCH_MAX_LENGTH = 50
# By the owner's unit in tree order, the unit's own pledges before its members'.
WALL_ORDER = ("home_path", "organisation_id", "member__name", "-year", "pk")


def wall_pledges(
    *, q: str = "", organisation: Organisation | None = None, kind: str = "", year=None
):
    """Published pledges, by organisation, with their items and satisfaction counts.

    Ordered and narrowed by the pledge's own `home_path` (pledges.services.home_paths), so a
    page of the wall reads one index range, not every pledge joined to two paths.
    """
    pledges = Pledge.objects.for_wall()
    if organisation is not None:
        pledges = pledges.filter(home_path__startswith=organisation.path)
    q = (q or "").strip()[:SEARCH_MAX_LENGTH]
    if q:
        # EXISTS for the items, so a pledge matching twice is still one row (no DISTINCT).
        pledges = pledges.filter(
            Q(Exists(PledgeItem.objects.filter(pledge=OuterRef("pk"), content__icontains=q)))
            | Q(title__icontains=q)
            | Q(member__name__icontains=q)
            | Q(organisation__name__icontains=q)
        )
    if kind == "member":
        pledges = pledges.filter(member__isnull=False)
    elif kind == "organisation":
        pledges = pledges.filter(organisation__isnull=False)
    if year:
        pledges = pledges.filter(year=year)
    return pledges.order_by(*WALL_ORDER)


def attach_satisfaction(pledges) -> list[Pledge]:
    """Rating counts for one page of pledges in one grouped query.

    Counting on the page rather than annotating the listing keeps the
    paginator's COUNT(*) free of a join with every rating.
    """
    pledges = list(pledges)
    rows = {
        row["pledge"]: row
        for row in Rating.objects.counted()
        .filter(pledge__in=[p.pk for p in pledges])
        .values("pledge")
        .annotate(**satisfaction_counts())
    }
    for pledge in pledges:
        row = rows.get(pledge.pk, {"total": 0, "satisfied": 0})
        pledge.set_satisfaction(total=row["total"], satisfied=row["satisfied"])
    return pledges


WALL_WINDOWS = 40


def wall_organisation(code: str) -> Organisation | None:
    """The unit the wall is narrowed to (?org=), any open unit of the tree."""
    return Organisation.objects.active().filter(code=code).first() if code else None


def filter_organisations(current: Organisation | None = None) -> list[Organisation]:
    """The unit filter's choices: the way down to `current` and the units just below it.

    A city has thousands of units; listing them all made every wall page
    render thousands of options. Like a folder tree, the filter offers the
    top two levels, then, once a unit is chosen, its ancestors and its children.
    """
    units = Organisation.objects.active().exclude(kind=Organisation.Kind.GROUP)
    if current is None:
        units = units.filter(Q(parent=None) | Q(parent__parent=None))
    else:
        ancestors = [int(part) for part in current.path.split("/") if part]
        units = units.filter(Q(pk__in=ancestors) | Q(parent=current))
    return list(units.order_by("path").only("pk", "name", "code", "path"))


def wall_windows(current: Organisation | None = None) -> tuple[list[Organisation], bool]:
    """Service windows in the chosen unit's subtree (all when none): the first
    WALL_WINDOWS by tree order, and whether there are more."""
    windows = Organisation.objects.windows().active()
    if current is not None:
        windows = windows.filter(path__startswith=current.path)
    found = list(windows.order_by("path").only("pk", "name", "code")[: WALL_WINDOWS + 1])
    return found[:WALL_WINDOWS], len(found) > WALL_WINDOWS


def pledge_years() -> list[int]:
    """Every year from the last to the first with a public pledge, newest first.

    Read as the first and last year (two probes of `pledge_wall_year`): a DISTINCT
    over a city's 50,000 pledges read them all on every view of the wall.
    Pledges are made every year, so a year in between with none is rare; it is
    listed and shows an empty wall.
    """
    span = Pledge.objects.published().aggregate(first=Min("year"), last=Max("year"))
    if span["first"] is None:
        return []
    return list(range(span["last"], span["first"] - 1, -1))


def pledge_detail(pk: int) -> Pledge | None:
    return (
        Pledge.objects.published()
        .with_satisfaction()
        .select_related("member__organisation", "member__photo", "organisation", "previous")
        .prefetch_related(
            "items",
            Prefetch(
                "updates", queryset=FulfilmentUpdate.objects.select_related("photo", "author")
            ),
        )
        .filter(pk=pk)
        .first()
    )


def next_pledge(pledge: Pledge) -> Pledge | None:
    return Pledge.objects.published().filter(previous=pledge).first()


def approved_comments(
    *, pledge: Pledge | None = None, window: Organisation | None = None, limit=20
):
    target = {"pledge": pledge} if pledge is not None else {"window": window}
    # Newest first; ratings saved in the same instant (an import) keep the order they were made in.
    comments = Rating.objects.filter(**target).approved_comments()
    return list(comments.order_by("-rated_on", "-created_at", "-pk")[:limit])


def window_by_code(code: str) -> Organisation | None:
    return (
        Organisation.objects.windows().active().select_related("parent").filter(code=code).first()
    )


def window_standards(window: Organisation):
    return list(ServiceStandard.objects.filter(window=window))


def window_plates(window: Organisation):
    """The window's present staff; a member who transferred out or left keeps their own page."""
    return list(
        IdentityPlate.objects.filter(
            is_published=True,
            member__organisation=window,
            member__standing=Member.Standing.ACTIVE,
        )
        .select_related("member__photo")
        .order_by("member__name")
    )


def window_pledges(window: Organisation):
    return attach_satisfaction(
        Pledge.objects.for_wall()
        # The window's own pledges and its staff's: their home path is the window's.
        .filter(home_path=window.path)
        .order_by("-year", "member_id", "pk")[:20]
    )


def window_satisfaction(window: Organisation) -> dict:
    counts = Rating.objects.counted().filter(window=window).counts()
    counts["rate"] = scoring.satisfaction_rate(satisfied=counts["satisfied"], total=counts["total"])
    return counts


def add_months(month: date, delta: int) -> date:
    index = month.year * 12 + month.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


def satisfaction_trend(*, window: Organisation, today: date, months: int = 12):
    """[(month, rate or None, count)] for the last `months` months, in one grouped query.

    Grouped by day on the (window, rated_on) index and folded into months here:
    at most a year of rows, and no date function for the database to run per rating.
    """
    first = add_months(today.replace(day=1), -(months - 1))
    rows = (
        Rating.objects.counted()
        .filter(window=window, rated_on__gte=first)
        .values("rated_on")
        .annotate(**satisfaction_counts())
        .order_by()
    )
    by_month: dict[tuple[int, int], list[int]] = {}
    for row in rows:
        key = (row["rated_on"].year, row["rated_on"].month)
        counts = by_month.setdefault(key, [0, 0])
        counts[0] += row["total"]
        counts[1] += row["satisfied"]
    trend = []
    for offset in range(months):
        month = add_months(first, offset)
        total, satisfied = by_month.get((month.year, month.month), (0, 0))
        rate = scoring.satisfaction_rate(satisfied=satisfied, total=total)
        trend.append((month, rate, total))
    return trend


def latest_star(*, member: Member | None = None, organisation: Organisation | None = None):
    lookup = {"member": member} if member is not None else {"organisation": organisation}
    return StarRating.objects.filter(**lookup).order_by("-year", "-half").first()


def plate_for(member_id: int) -> IdentityPlate | None:
    return (
        IdentityPlate.objects.filter(is_published=True, member_id=member_id)
        .select_related("member__organisation__parent", "member__photo")
        .first()
    )


def member_current_pledges(member: Member):
    return list(
        Pledge.objects.published()
        .filter(member=member)
        .prefetch_related("items")
        .order_by("-year", "-pk")[:2]
    )


def star_periods() -> list[tuple[int, int]]:
    return list(
        StarRating.objects.order_by("-year", "-half").values_list("year", "half").distinct()
    )


def star_board(*, year: int, half: int):
    """One half year: organisations ranked by score (the site's tie rule), members by branch."""
    stars = StarRating.objects.filter(year=year, half=half)
    organisations = list(
        stars.filter(organisation__isnull=False)
        .select_related("organisation")
        .order_by("-score", "-stars", "organisation__path")
    )
    ranks = scoring.competition_ranks({s.pk: s.score for s in organisations})
    for star in organisations:
        star.rank = ranks[star.pk]
    members = (
        stars.filter(member__isnull=False)
        .select_related("member__organisation")
        .order_by("member__organisation__path", "member__name")
    )
    return organisations, members


def rankings():
    return MonthlyRanking.objects.annotate(windows=Count("entries")).order_by("-month")


def ranking_by_slug(slug: str) -> MonthlyRanking | None:
    try:
        year, month = (int(part) for part in slug.split("-"))
        month_start = date(year, month, 1)
    except (TypeError, ValueError):
        return None
    return (
        MonthlyRanking.objects.filter(month=month_start).prefetch_related("entries__window").first()
    )


def front_page_red_flags() -> dict:
    """The front page's 红旗窗口 panel: the latest monthly notice's red-flag windows."""
    from pledges.models import PledgeWallPage, RankingEntry

    ranking = MonthlyRanking.objects.order_by("-month").first()
    entries = []
    if ranking is not None:
        entries = list(
            RankingEntry.objects.filter(ranking=ranking, is_red_flag=True)
            .select_related("window")
            .order_by("rank", "window__name")
        )
    return {"ranking": ranking, "entries": entries, "wall": PledgeWallPage.objects.live().first()}


# ---------------------------------------------------------------- 三评 rounds that wait on someone

ROUNDS_WAITING = ("review", "grade", "confirm")


def _round_participants():
    """Party members of the outer round's branch subtree (`ReviewRound.participants`, in SQL)."""
    from django.db.models import OuterRef

    return Member.objects.party_members().filter(
        organisation__path__startswith=OuterRef("branch__path")
    )


def rounds_waiting(rounds, what: str, *, reviewer: Member | None = None):
    """The rounds of `rounds` (already scoped to the user) where `what` waits on them.

    - ``review``: an open round with a member still without a 领导点评 (the
      reviewer's own row never counts: nobody reviews themself);
    - ``grade``: a closed yearly round (民主评议) with a member still without a
      proposed 等次;
    - ``confirm``: a closed yearly round whose 等次 are all proposed and not yet
      confirmed by the committee.

    One query whatever the number of rounds or members: the 三评与民主评议 list
    filtered by ``?waiting=<what>`` shows this same queryset.
    """
    from django.db.models import Exists, OuterRef

    from pledges.models import DemocraticGrade, LeaderReview, ReviewRound

    def without(model, participants):
        """Participants of the outer round with no `model` row in it."""
        rows = model.objects.filter(round=OuterRef(OuterRef("pk")), member=OuterRef("pk"))
        return participants.filter(~Exists(rows))

    # Only the subqueries `what` needs are built: the workbench asks on every visit.
    closed_annual = rounds.filter(status=ReviewRound.Status.CLOSED, is_annual=True)
    if what == "review":
        members = _round_participants()
        if reviewer is not None:
            members = members.exclude(pk=reviewer.pk)
        no_review = without(LeaderReview, members)
        return rounds.filter(Exists(no_review), status=ReviewRound.Status.OPEN)
    if what == "grade":
        return closed_annual.filter(Exists(without(DemocraticGrade, _round_participants())))
    if what == "confirm":
        unconfirmed = DemocraticGrade.objects.filter(
            round=OuterRef("pk"), confirmed_at__isnull=True
        )
        no_grade = without(DemocraticGrade, _round_participants())
        return closed_annual.filter(~Exists(no_grade), Exists(unconfirmed))
    raise ValueError(what)


def reviews_to_give(member: Member):
    """Open rounds of the member's branch (or a branch above it) where they have not yet
    written their 个人自评 or rated any colleague: the 评议 waiting on them on 我的."""
    from django.db.models import Exists, OuterRef

    from pledges.models import PeerRating, ReviewRound, SelfAssessment

    party_member = member.standing == Member.Standing.ACTIVE and member.status in (
        Member.Status.FULL,
        Member.Status.PROBATIONARY,
    )
    if member.organisation_id is None or not party_member:
        return ReviewRound.objects.none()
    ancestors = [part for part in member.organisation.path.split("/") if part]
    rated = PeerRating.objects.filter(round=OuterRef("pk"), rater=member)
    assessed = SelfAssessment.objects.filter(round=OuterRef("pk"), member=member)
    return (
        ReviewRound.objects.filter(status=ReviewRound.Status.OPEN, branch_id__in=ancestors)
        .filter(~Exists(rated) | ~Exists(assessed))
        .select_related("branch")
        .order_by("created_at")
    )
