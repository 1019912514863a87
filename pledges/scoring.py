"""The scoring formula of 三评, 一诺双评创十星 and 月评比, in one place.

Every score is on a 0–100 scale with one decimal:

- 群众评议: the satisfaction rate as the sources compute it,
  (很满意 + 满意) / all ratings × 100.
- 党员互评: the mean of 比技能, 比作风 and 比业绩 (1–5 each) × 20.
- 领导点评: the leader's score as given (0–100).

The combined score is the weighted mean of the components that exist, the
weights of missing ones left out: a member nobody has peer-reviewed is scored
on public and leader scores alone, not punished with a zero. The star level
is how many of the ten ascending thresholds the combined score reaches.
Ties share a rank (1, 2, 2, 4), and the page shows them in name order.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.ranking import competition_ranks  # the site's one tie rule

ONE_PLACE = Decimal("0.1")
STAR_LEVELS = 10


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def satisfaction_rate(*, satisfied: int, total: int) -> Decimal | None:
    """(很满意 + 满意) / all × 100; None when nobody has rated yet."""
    if not total:
        return None
    return _round(Decimal(satisfied) * 100 / Decimal(total))


def peer_score(*, skill: float | Decimal, conduct: float | Decimal, performance: float | Decimal):
    """Averages of 比技能, 比作风, 比业绩 (1–5) on the 0–100 scale."""
    mean = (Decimal(str(skill)) + Decimal(str(conduct)) + Decimal(str(performance))) / 3
    return _round(mean * 20)


def combined_score(
    components: Mapping[str, Decimal | None], weights: Mapping[str, int]
) -> Decimal | None:
    """Weighted mean of the present components; None when none is present."""
    present = {
        name: value
        for name, value in components.items()
        if value is not None and weights.get(name, 0) > 0
    }
    total_weight = sum(weights[name] for name in present)
    if not total_weight:
        return None
    weighted = sum(Decimal(value) * weights[name] for name, value in present.items())
    return _round(weighted / total_weight)


def parse_thresholds(text: str) -> list[int]:
    """ "0,40,…" → ten ascending integers between 0 and 100, or ValueError in Chinese."""
    try:
        values = [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise ValueError("星级分数线只能填写数字，用逗号分隔。") from None
    if len(values) != STAR_LEVELS:
        raise ValueError(f"星级分数线须为 {STAR_LEVELS} 个分数，现在是 {len(values)} 个。")
    if any(v < 0 or v > 100 for v in values):
        raise ValueError("星级分数线须在 0 到 100 之间。")
    if any(b <= a for a, b in zip(values, values[1:], strict=False)):
        raise ValueError("星级分数线须从低到高排列，且不能重复。")
    return values


def stars_for(score: Decimal | None, thresholds: list[int]) -> int | None:
    """How many thresholds the score reaches (1–10); None for no score or below the first."""
    if score is None:
        return None
    reached = sum(1 for threshold in thresholds if score >= threshold)
    return reached or None


@dataclass(frozen=True)
class Standing:
    key: object
    score: Decimal
    rank: int


def top_and_bottom(
    scores: Mapping[object, Decimal], *, size: int = 3
) -> tuple[list[Standing], list[Standing]]:
    """前三 and 后三: everyone whose rank is within `size` of either end, ties included.

    With few windows the two ends would overlap; a window is then only in the top.
    """
    ranks = competition_ranks(scores)
    standings = sorted(
        (Standing(key, scores[key], ranks[key]) for key in scores), key=lambda s: s.rank
    )
    top = [s for s in standings if s.rank <= size]
    top_keys = {s.key for s in top}
    # Bottom by the same tie rule, counted from the other end.
    bottom_ranks = {
        s.key: sum(1 for other in standings if other.score < s.score) + 1 for s in standings
    }
    bottom = [s for s in standings if bottom_ranks[s.key] <= size and s.key not in top_keys]
    bottom.sort(key=lambda s: (s.score, str(s.key)))
    return top, bottom


def best_of(scores: Mapping[object, Decimal], eligible: Iterable[object]) -> list[object]:
    """The 红旗窗口: the eligible keys with the highest score (all of them on a tie)."""
    eligible_scores = {key: scores[key] for key in eligible if key in scores}
    if not eligible_scores:
        return []
    best = max(eligible_scores.values())
    return [key for key, score in eligible_scores.items() if score == best]
