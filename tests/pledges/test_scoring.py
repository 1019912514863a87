"""The formula on worked examples: satisfaction, combined score, stars, ranks and ties."""

from decimal import Decimal as D

import pytest

from pledges import scoring
from pledges.models.stars import DEFAULT_THRESHOLDS

WEIGHTS = {"public": 50, "leader": 30, "peer": 20}
THRESHOLDS = scoring.parse_thresholds(DEFAULT_THRESHOLDS)


def test_satisfaction_rate_matches_the_kaili_centre_report():
    # 72,150 ratings, 71,640 很满意 and 510 满意 → 100%.
    assert scoring.satisfaction_rate(satisfied=71640 + 510, total=72150) == D("100.0")


def test_satisfaction_rate_counts_only_very_satisfied_and_satisfied():
    # 3 很满意 + 1 满意 + 1 基本满意 + 1 不满意 → 4 / 6.
    assert scoring.satisfaction_rate(satisfied=4, total=6) == D("66.7")


def test_window_with_no_ratings_has_no_rate_rather_than_zero():
    assert scoring.satisfaction_rate(satisfied=0, total=0) is None


def test_peer_score_is_the_mean_of_three_dimensions_times_twenty():
    assert scoring.peer_score(skill=4, conduct=5, performance=3) == D("80.0")


def test_combined_score_weights_all_three_components():
    score = scoring.combined_score({"public": D(90), "leader": D(80), "peer": D(70)}, WEIGHTS)
    assert score == D("83.0")  # (90×50 + 80×30 + 70×20) / 100
    assert scoring.stars_for(score, THRESHOLDS) == 8


def test_member_with_no_peer_review_is_scored_on_the_other_two():
    score = scoring.combined_score({"public": D(90), "leader": D(80), "peer": None}, WEIGHTS)
    assert score == D("86.3")  # (4500 + 2400) / 80 = 86.25, rounded half up
    assert scoring.stars_for(score, THRESHOLDS) == 9


def test_window_with_no_ratings_is_scored_on_leader_alone():
    score = scoring.combined_score({"public": None, "leader": D(72), "peer": None}, WEIGHTS)
    assert score == D("72.0")
    assert scoring.stars_for(score, THRESHOLDS) == 6


def test_nothing_to_score_gives_no_star():
    score = scoring.combined_score({"public": None, "leader": None, "peer": None}, WEIGHTS)
    assert score is None
    assert scoring.stars_for(score, THRESHOLDS) is None


def test_star_levels_at_the_thresholds():
    assert scoring.stars_for(D("0"), THRESHOLDS) == 1
    assert scoring.stars_for(D("39.9"), THRESHOLDS) == 1
    assert scoring.stars_for(D("40"), THRESHOLDS) == 2
    assert scoring.stars_for(D("90"), THRESHOLDS) == 10
    assert scoring.stars_for(D("100"), THRESHOLDS) == 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0,40,50", "须为 10 个分数"),
        ("0,40,50,60,65,70,75,80,90,85", "从低到高"),
        ("0,40,50,60,65,70,75,80,85,一百", "只能填写数字"),
        ("0,40,50,60,65,70,75,80,85,101", "0 到 100"),
    ],
)
def test_bad_thresholds_are_refused_in_chinese(text, message):
    with pytest.raises(ValueError, match=message):
        scoring.parse_thresholds(text)


def test_ties_share_a_rank_and_skip_the_next():
    ranks = scoring.competition_ranks({"a": D(90), "b": D(80), "c": D(80), "d": D(70)})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_top_and_bottom_three_include_ties_at_the_edge():
    scores = {
        "a": D(95), "b": D(90), "c": D(85), "d": D(85),
        "e": D(80), "f": D(70), "g": D(60), "h": D(60),
    }  # fmt: skip
    top, bottom = scoring.top_and_bottom(scores)
    assert [s.key for s in top] == ["a", "b", "c", "d"]  # c and d tie for third
    assert sorted(s.key for s in bottom) == ["f", "g", "h"]


def test_few_windows_are_never_both_top_and_bottom():
    top, bottom = scoring.top_and_bottom({"a": D(90), "b": D(80), "c": D(70), "d": D(60)})
    assert [s.key for s in top] == ["a", "b", "c"]
    assert [s.key for s in bottom] == ["d"]


def test_red_flag_is_the_best_eligible_window_and_ties_share_it():
    scores = {"a": D(95), "b": D(90), "c": D(90), "d": D(50)}
    assert scoring.best_of(scores, eligible=["b", "c", "d"]) == ["b", "c"]
    assert scoring.best_of(scores, eligible=[]) == []
