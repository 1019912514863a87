"""月评比: the monthly ranking of standardised service windows (红旗窗口, 后三名)."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from pledges import scoring
from pledges.models import (
    MonthlyLeaderScore,
    MonthlyRanking,
    RankingEntry,
    Rating,
    StarSettings,
)
from pledges.models.ratings import satisfaction_counts
from portal.models import Organisation

STANDARD_WINDOW_TITLE = "标准化服务窗口"


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def window_is_standardised(window: Organisation, *, on: date) -> bool:
    """Only a window holding 标准化服务窗口 may be 红旗窗口; honours knows who holds it."""
    from honors.services import holds_title

    return holds_title(window, STANDARD_WINDOW_TITLE, on=on)


@transaction.atomic
def publish_monthly_ranking(*, month: date, note: str = "") -> MonthlyRanking:
    """Ranks active windows on the month's ratings and leader scores; run once per month.

    A notice once published is a public record and is returned unchanged if
    asked for again.
    """
    month = month.replace(day=1)
    existing = MonthlyRanking.objects.filter(month=month).first()
    if existing is not None:
        return existing
    end = month_end(month)
    weights = StarSettings.load().weights
    windows = list(Organisation.objects.windows().active())
    rating_rows = {
        row["window"]: row
        for row in Rating.objects.counted()
        .filter(window__isnull=False, rated_on__range=(month, end))
        .values("window")
        .annotate(**satisfaction_counts())
    }
    leader = dict(MonthlyLeaderScore.objects.filter(month=month).values_list("window", "score"))
    ranking = MonthlyRanking.objects.create(month=month, note=note)
    scores, entries = {}, {}
    for window in windows:
        row = rating_rows.get(window.pk, {"total": 0, "satisfied": 0})
        rate = scoring.satisfaction_rate(satisfied=row["satisfied"], total=row["total"])
        leader_score = Decimal(leader[window.pk]) if window.pk in leader else None
        score = scoring.combined_score(
            {"public": rate, "leader": leader_score},
            {"public": weights["public"], "leader": weights["leader"]},
        )
        entries[window.pk] = RankingEntry(
            ranking=ranking,
            window=window,
            score=score,
            satisfaction_rate=rate,
            ratings_count=row["total"],
            leader_score=leader_score,
        )
        if score is not None:
            scores[window.pk] = score
    ranks = scoring.competition_ranks(scores)
    top, bottom = scoring.top_and_bottom(scores)
    eligible = [pk for pk in scores if window_is_standardised(_by_pk(windows, pk), on=end)]
    red_flags = set(scoring.best_of(scores, eligible))
    for pk, entry in entries.items():
        entry.rank = ranks.get(pk)
        entry.is_top = any(s.key == pk for s in top)
        entry.is_bottom = any(s.key == pk for s in bottom)
        entry.is_red_flag = pk in red_flags
    RankingEntry.objects.bulk_create(entries.values())
    return ranking


def _by_pk(windows: list[Organisation], pk: int) -> Organisation:
    return next(w for w in windows if w.pk == pk)
