"""一诺双评创十星: each half-year's stars, from the period's ratings, reviews and pledges."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Avg
from django.utils.translation import gettext as _

from pledges import scoring
from pledges.models import (
    LeaderReview,
    PeerRating,
    Rating,
    StarRating,
    StarSettings,
)
from pledges.models.ratings import satisfaction_counts
from portal.models import Member, Organisation
from portal.permissions import member_of, scope_for

from .common import PledgeError, check_year


def half_bounds(year: int, half: int) -> tuple[date, date]:
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == 1
        else (date(year, 7, 1), date(year, 12, 31))
    )


def _rates(rows, key: str) -> dict:
    return {
        row[key]: scoring.satisfaction_rate(satisfied=row["satisfied"], total=row["total"])
        for row in rows
        if row[key] is not None
    }


@transaction.atomic
def compute_stars(*, year: int, half: int, by=None) -> list[StarRating]:
    """Scores every party member and every window or pledging organisation for a half year.

    A handful of grouped queries, whatever the number of people: the
    components are aggregated per owner, combined by `scoring`, and the
    half year's star levels replaced.
    """
    if by is not None and scope_for(by) is not True:
        member = member_of(by)
        if member is None or member.role != Member.Role.COMMITTEE:
            raise PledgeError(_("十星评定由党委管理员执行。"))
    check_year(year)
    if half not in (1, 2):
        raise PledgeError(_("请选择上半年或下半年。"))
    settings = StarSettings.load()
    weights, thresholds = settings.weights, settings.threshold_list
    start, end = half_bounds(year, half)
    ratings = Rating.objects.counted().filter(rated_on__range=(start, end))
    counts = satisfaction_counts()
    member_public = _rates(ratings.values("pledge__member").annotate(**counts), "pledge__member")
    org_public = _rates(
        ratings.values("pledge__organisation").annotate(**counts), "pledge__organisation"
    )
    window_rows = ratings.filter(window__isnull=False).values("window").annotate(**counts)
    # A window's public score counts ratings of the window and of its own pledges.
    window_counts: dict = defaultdict(lambda: {"total": 0, "satisfied": 0})
    for row in window_rows:
        window_counts[row["window"]]["total"] += row["total"]
        window_counts[row["window"]]["satisfied"] += row["satisfied"]
    for row in (
        ratings.filter(pledge__organisation__kind=Organisation.Kind.WINDOW)
        .values("pledge__organisation")
        .annotate(**counts)
    ):
        window_counts[row["pledge__organisation"]]["total"] += row["total"]
        window_counts[row["pledge__organisation"]]["satisfied"] += row["satisfied"]
    org_public.update(
        {
            key: scoring.satisfaction_rate(satisfied=c["satisfied"], total=c["total"])
            for key, c in window_counts.items()
        }
    )

    reviews = LeaderReview.objects.filter(round__year=year, round__half=half)
    member_leader = {
        r["member"]: Decimal(r["avg"]).quantize(Decimal("0.1"))
        for r in reviews.filter(member__isnull=False).values("member").annotate(avg=Avg("score"))
    }
    org_leader = {
        r["window"]: Decimal(r["avg"]).quantize(Decimal("0.1"))
        for r in reviews.filter(window__isnull=False).values("window").annotate(avg=Avg("score"))
    }
    member_peer = {
        r["ratee"]: scoring.peer_score(
            skill=r["skill"], conduct=r["conduct"], performance=r["performance"]
        )
        for r in PeerRating.objects.filter(round__year=year, round__half=half)
        .values("ratee")
        .annotate(skill=Avg("skill"), conduct=Avg("conduct"), performance=Avg("performance"))
    }

    StarRating.objects.filter(year=year, half=half).delete()
    results = []
    for member_id in Member.objects.party_members().values_list("pk", flat=True):
        components = {
            "public": member_public.get(member_id),
            "leader": member_leader.get(member_id),
            "peer": member_peer.get(member_id),
        }
        results.append(_star(components, weights, thresholds, year, half, member_id=member_id))
    org_ids = set(org_public) | set(org_leader)
    for org_id in org_ids:
        components = {
            "public": org_public.get(org_id),
            "leader": org_leader.get(org_id),
            "peer": None,
        }
        results.append(_star(components, weights, thresholds, year, half, organisation_id=org_id))
    stars = [s for s in results if s is not None]
    StarRating.objects.bulk_create(stars)
    return stars


def last_half(today: date) -> tuple[int, int]:
    """The half year that ended most recently: on 1 July the first half, on 1 January the last."""
    return (today.year, 1) if today.month > 6 else (today.year - 1, 2)


def _star(components, weights, thresholds, year, half, **owner) -> StarRating | None:
    score = scoring.combined_score(components, weights)
    stars = scoring.stars_for(score, thresholds)
    if stars is None:
        return None
    return StarRating(
        year=year,
        half=half,
        public_score=components["public"],
        leader_score=components["leader"],
        peer_score=components["peer"],
        score=score,
        stars=stars,
        **owner,
    )
