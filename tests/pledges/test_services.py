"""The rules of 三亮 三比 三评 as the services enforce them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from honors.services import grant_award
from pledges import services
from pledges.models import (
    DemocraticGrade,
    LeaderReview,
    MonthlyLeaderScore,
    MonthlyRanking,
    PeerRating,
    Pledge,
    PledgeItem,
    Rating,
    StarRating,
)
from tests.factories import MemberFactory, WindowFactory

from .conftest import MEMBER_LINES, ORG_LINES

PledgeError = services.PledgeError


# ------------------------------------------------------------ 亮承诺


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "请填写承诺事项"),
        (["   ", ""], "请填写承诺事项"),
        (["只有一条"], "2 至 5 条"),
        ([f"第{i}条" for i in range(6)], "2 至 5 条"),
        (["正常的一条", "长" * 201], "第 2 条承诺超过 200 字"),
    ],
)
def test_bad_member_pledges_are_refused_and_nothing_is_saved(member_a, lines, message):
    with pytest.raises(PledgeError, match=message):
        services.create_pledge(by=member_a.user, year=2026, lines=lines, member=member_a)
    assert not Pledge.objects.exists()
    assert not PledgeItem.objects.exists()


def test_organisation_pledge_needs_at_least_ten_items(secretary_a, branch_a):
    with pytest.raises(PledgeError, match="至少 10 条"):
        services.create_pledge(
            by=secretary_a.user, year=2026, lines=ORG_LINES[:9], organisation=branch_a
        )
    pledge = services.create_pledge(
        by=secretary_a.user, year=2026, lines=ORG_LINES, organisation=branch_a
    )
    assert pledge.items.count() == 10


def test_a_member_cannot_pledge_for_someone_else(member_a, member_b):
    with pytest.raises(PledgeError):
        services.create_pledge(by=member_a.user, year=2026, lines=MEMBER_LINES, member=member_b)


def test_a_member_cannot_publish_their_own_pledge(member_a):
    pledge = services.create_pledge(
        by=member_a.user, year=2026, lines=MEMBER_LINES, member=member_a
    )
    services.submit_pledge(pledge=pledge, by=member_a.user)
    with pytest.raises(PledgeError, match="无权审核"):
        services.publish_pledge(pledge=pledge, by=member_a.user)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED


def test_a_secretary_cannot_publish_their_own_pledge_but_the_committee_can(secretary_a, committee):
    pledge = services.create_pledge(
        by=secretary_a.user, year=2026, lines=MEMBER_LINES, member=secretary_a
    )
    services.submit_pledge(pledge=pledge, by=secretary_a.user)
    with pytest.raises(PledgeError):
        services.publish_pledge(pledge=pledge, by=secretary_a.user)
    services.publish_pledge(pledge=pledge, by=committee.user)
    assert pledge.status == Pledge.Status.PUBLISHED


def test_secretary_of_branch_b_cannot_review_branch_a(member_a, secretary_b, secretary_a):
    pledge = services.create_pledge(
        by=member_a.user, year=2026, lines=MEMBER_LINES, member=member_a
    )
    services.submit_pledge(pledge=pledge, by=member_a.user)
    with pytest.raises(PledgeError):
        services.publish_pledge(pledge=pledge, by=secretary_b.user)
    with pytest.raises(PledgeError):
        services.return_pledge(pledge=pledge, by=secretary_b.user, note="不行")
    services.publish_pledge(pledge=pledge, by=secretary_a.user)
    assert pledge.reviewed_by == secretary_a


def test_returning_a_pledge_needs_a_note_and_makes_it_editable_again(member_a, secretary_a):
    pledge = services.create_pledge(
        by=member_a.user, year=2026, lines=MEMBER_LINES, member=member_a
    )
    services.submit_pledge(pledge=pledge, by=member_a.user)
    with pytest.raises(PledgeError, match="修改意见"):
        services.return_pledge(pledge=pledge, by=secretary_a.user, note=" ")
    services.return_pledge(pledge=pledge, by=secretary_a.user, note="请结合岗位职责细化")
    services.update_pledge(pledge=pledge, by=member_a.user, lines=MEMBER_LINES + ["新增一条"])
    assert pledge.items.count() == 3


def test_fulfilment_updates_only_on_published_pledges_by_the_owner(
    published_pledge, member_a, member_b
):
    update = services.add_fulfilment_update(
        pledge=published_pledge, by=member_a.user, text="帮助76岁的李大爷办理了老年证。"
    )
    assert update.author == member_a
    with pytest.raises(PledgeError):
        services.add_fulfilment_update(pledge=published_pledge, by=member_b.user, text="冒名")
    with pytest.raises(PledgeError, match="请填写"):
        services.add_fulfilment_update(pledge=published_pledge, by=member_a.user, text="  ")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(PledgeError, match="晚于今天"):
        services.add_fulfilment_update(
            pledge=published_pledge, by=member_a.user, text="明天的事", happened_on=tomorrow
        )


# ------------------------------------------------------------ 回头看 and 再承诺


def test_look_back_needs_an_explanation_for_anything_not_fulfilled(published_pledge, secretary_a):
    first, second = published_pledge.items.all()
    with pytest.raises(PledgeError, match="须公开说明原因"):
        services.look_back(
            pledge=published_pledge,
            by=secretary_a.user,
            outcomes={first.pk: ("fulfilled", ""), second.pk: ("partial", "")},
        )
    with pytest.raises(PledgeError, match="选择兑现情况"):
        services.look_back(
            pledge=published_pledge, by=secretary_a.user, outcomes={first.pk: ("fulfilled", "")}
        )
    published_pledge.refresh_from_db()
    assert published_pledge.status == Pledge.Status.PUBLISHED
    services.look_back(
        pledge=published_pledge,
        by=secretary_a.user,
        outcomes={first.pk: ("fulfilled", ""), second.pk: ("partial", "代办项目受审批时限影响")},
    )
    second.refresh_from_db()
    assert second.outcome == "partial"
    assert second.outcome_note == "代办项目受审批时限影响"


def test_repledge_links_to_the_previous_pledge_which_stays_unchanged(
    published_pledge, secretary_a, member_a
):
    with pytest.raises(PledgeError, match="回头看"):
        services.repledge(previous=published_pledge, by=member_a.user, lines=MEMBER_LINES)
    items = list(published_pledge.items.all())
    services.look_back(
        pledge=published_pledge,
        by=secretary_a.user,
        outcomes={i.pk: ("fulfilled", "") for i in items},
    )
    new = services.repledge(
        previous=published_pledge, by=member_a.user, lines=["全年无差错", "主动一声问候"], year=2027
    )
    assert new.previous == published_pledge
    assert new.status == Pledge.Status.DRAFT
    assert [i.content for i in published_pledge.items.all()] == MEMBER_LINES
    with pytest.raises(PledgeError, match="已经再承诺"):
        services.repledge(previous=published_pledge, by=member_a.user, lines=MEMBER_LINES)


# ------------------------------------------------------------ 群众评议


def test_one_rating_per_visitor_per_target_per_day(window_a):
    services.rate(window=window_a, level=4, visitor="v1", ip="10.0.0.1")
    with pytest.raises(services.AlreadyRated, match="今天已经评价过"):
        services.rate(window=window_a, level=1, visitor="v1", ip="10.0.0.1")
    services.rate(window=window_a, level=3, visitor="v2", ip="10.0.0.1")
    Rating.objects.filter(visitor="v1").update(
        rated_on=timezone.localdate() - datetime.timedelta(1)
    )
    services.rate(window=window_a, level=4, visitor="v1", ip="10.0.0.1")
    assert Rating.objects.count() == 3


def test_the_101st_rating_from_one_ip_in_a_minute_is_refused(window_a, settings):
    settings.PLEDGES_RATINGS_PER_ADDRESS_PER_DAY = 1000  # a busy hall's shared address
    for n in range(100):
        services.rate(window=window_a, level=4, visitor=f"v{n}", ip="10.0.0.9", proven_human=True)
    with pytest.raises(services.RateLimited, match="评价过于频繁"):
        services.rate(window=window_a, level=4, visitor="v100", ip="10.0.0.9", proven_human=True)
    services.rate(window=window_a, level=4, visitor="v100", ip="10.0.0.10")
    assert Rating.objects.count() == 101


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level": 5}, "请选择很满意"),
        ({"level": "很满意"}, "请选择很满意"),
        ({"level": 4, "comment": "长" * 201}, "不能超过 200 字"),
        ({"level": 4, "visitor": ""}, "Cookie"),
    ],
)
def test_bad_ratings_are_refused(window_a, kwargs, message):
    with pytest.raises(PledgeError, match=message):
        services.rate(window=window_a, ip="10.0.0.1", **({"visitor": "v"} | kwargs))
    assert not Rating.objects.exists()


def test_unpublished_pledges_and_non_windows_cannot_be_rated(member_a, branch_a):
    draft = services.create_pledge(by=member_a.user, year=2026, lines=MEMBER_LINES, member=member_a)
    with pytest.raises(PledgeError, match="尚未公开"):
        services.rate(pledge=draft, level=4, visitor="v", ip="1.1.1.1")
    with pytest.raises(PledgeError, match="服务窗口"):
        services.rate(window=branch_a, level=4, visitor="v", ip="1.1.1.1")


def test_comments_wait_for_approval_by_a_secretary_in_scope(window_a, secretary_a, secretary_b):
    rating = services.rate(window=window_a, level=4, comment="态度很好", visitor="v", ip="1.1.1.1")
    assert rating.comment_status == Rating.CommentStatus.PENDING
    assert not Rating.objects.approved_comments().exists()
    with pytest.raises(PledgeError):
        services.moderate_comment(rating=rating, by=secretary_b.user, approve=True)
    services.moderate_comment(rating=rating, by=secretary_a.user, approve=True)
    assert list(Rating.objects.approved_comments()) == [rating]


# ------------------------------------------------------------ 党员互评, 领导点评, 民主评议


@pytest.fixture
def round_a(branch_a, secretary_a):
    return services.open_round(branch=branch_a, by=secretary_a.user, year=2026, half=1)


def test_secretary_of_branch_b_cannot_open_a_round_for_branch_a(branch_a, secretary_b):
    with pytest.raises(PledgeError, match="无权"):
        services.open_round(branch=branch_a, by=secretary_b.user, year=2026, half=1)


def test_peer_rating_of_oneself_is_refused(round_a, member_a):
    with pytest.raises(PledgeError, match="不能给自己评分"):
        services.submit_peer_rating(
            round=round_a, rater=member_a, ratee=member_a, skill=5, conduct=5, performance=5
        )
    assert not PeerRating.objects.exists()


def test_peer_rating_outside_the_branch_and_out_of_range_is_refused(round_a, member_a, member_b):
    with pytest.raises(PledgeError, match="不是本支部党员"):
        services.submit_peer_rating(
            round=round_a, rater=member_a, ratee=member_b, skill=5, conduct=5, performance=5
        )
    colleague = MemberFactory(organisation=member_a.organisation)
    with pytest.raises(PledgeError, match="1 至 5 分"):
        services.submit_peer_rating(
            round=round_a, rater=member_a, ratee=colleague, skill=6, conduct=5, performance=5
        )


def test_ratee_sees_averages_only(round_a, member_a, secretary_a):
    colleague = MemberFactory(organisation=member_a.organisation)
    services.submit_peer_rating(
        round=round_a, rater=colleague, ratee=member_a, skill=5, conduct=4, performance=3
    )
    services.submit_peer_rating(
        round=round_a, rater=secretary_a, ratee=member_a, skill=3, conduct=4, performance=5
    )
    averages = services.peer_averages(round=round_a, member=member_a)
    assert averages["raters"] == 2
    assert averages["skill"] == 4 and averages["performance"] == 4
    assert averages["score"] == Decimal("80.0")
    assert "rater" not in averages


def _annual_round(branch, secretary, size, *, close=True):
    for _ in range(size - 1):  # the secretary is a member too
        MemberFactory(organisation=branch)
    round = services.open_round(branch=branch, by=secretary.user, year=2026, half=2, is_annual=True)
    if close:
        services.close_round(round=round, by=secretary.user)
    return round


def test_assessment_votes_are_tallied_and_never_for_oneself(branch_a, secretary_a):
    round = _annual_round(branch_a, secretary_a, 4, close=False)
    members = list(round.participants())
    with pytest.raises(PledgeError, match="不能测评自己"):
        services.cast_assessment_vote(
            round=round, voter=members[0], member=members[0], grade="excellent"
        )
    with pytest.raises(PledgeError, match="请选择优秀"):
        services.cast_assessment_vote(round=round, voter=members[0], member=members[1], grade="")
    for voter, grade in zip(members[1:], ["excellent", "excellent", "qualified"], strict=True):
        services.cast_assessment_vote(round=round, voter=voter, member=members[0], grade=grade)
    # A second vote by the same member replaces the first.
    services.cast_assessment_vote(round=round, voter=members[3], member=members[0], grade="basic")
    assert services.vote_tallies(round)[members[0].pk] == {"excellent": 2, "basic": 1}
    with pytest.raises(PledgeError, match="先结束"):
        services.propose_grade(
            round=round, member=members[0], grade="excellent", by=secretary_a.user
        )
    services.close_round(round=round, by=secretary_a.user)
    with pytest.raises(PledgeError, match="已结束"):
        services.cast_assessment_vote(
            round=round, voter=members[1], member=members[0], grade="qualified"
        )
    services.propose_grade(round=round, member=members[0], grade="excellent", by=secretary_a.user)


def test_no_assessment_votes_in_a_half_year_round(round_a, member_a, secretary_a):
    with pytest.raises(PledgeError, match="年度评议"):
        services.cast_assessment_vote(
            round=round_a, voter=member_a, member=secretary_a, grade="qualified"
        )


def test_excellent_is_capped_at_a_third_of_the_branch(branch_a, secretary_a):
    round = _annual_round(branch_a, secretary_a, 7)  # 7 members → at most 2 优秀
    members = list(round.participants())
    assert services.excellent_cap(round) == 2
    for member in members[:2]:
        services.propose_grade(round=round, member=member, grade="excellent", by=secretary_a.user)
    with pytest.raises(PledgeError, match="最多 2 名优秀"):
        services.propose_grade(
            round=round, member=members[2], grade="excellent", by=secretary_a.user
        )
    # Changing one's mind frees the place.
    services.propose_grade(round=round, member=members[0], grade="qualified", by=secretary_a.user)
    services.propose_grade(round=round, member=members[2], grade="excellent", by=secretary_a.user)
    assert DemocraticGrade.objects.filter(grade="excellent").count() == 2


def test_the_committee_confirms_grades_once_everyone_has_one(branch_a, secretary_a, committee):
    round = _annual_round(branch_a, secretary_a, 3)
    members = list(round.participants())
    services.propose_grade(round=round, member=members[0], grade="qualified", by=secretary_a.user)
    with pytest.raises(PledgeError, match="上级党委确认"):
        services.confirm_grades(round=round, by=secretary_a.user)
    with pytest.raises(PledgeError, match="还有 2 名"):
        services.confirm_grades(round=round, by=committee.user)
    for member in members[1:]:
        services.propose_grade(round=round, member=member, grade="qualified", by=secretary_a.user)
    assert services.confirm_grades(round=round, by=committee.user) == 3
    with pytest.raises(PledgeError, match="不能修改"):
        services.propose_grade(round=round, member=members[0], grade="basic", by=secretary_a.user)


def test_grades_only_in_the_annual_round(round_a, member_a, secretary_a):
    with pytest.raises(PledgeError, match="年度评议"):
        services.propose_grade(
            round=round_a, member=member_a, grade="qualified", by=secretary_a.user
        )


def test_leader_review_is_refused_for_oneself_and_out_of_range(round_a, secretary_a, member_a):
    with pytest.raises(PledgeError, match="不能点评自己"):
        services.write_leader_review(
            round=round_a, by=secretary_a.user, member=secretary_a, score=90, comment="好"
        )
    with pytest.raises(PledgeError, match="0 到 100"):
        services.write_leader_review(
            round=round_a, by=secretary_a.user, member=member_a, score=101, comment="好"
        )
    assert not LeaderReview.objects.exists()


# ------------------------------------------------------------ 十星 and 月评比


def test_stars_combine_public_leader_and_peer_scores(
    round_a, published_pledge, member_a, secretary_a, window_a
):
    colleague = MemberFactory(organisation=member_a.organisation)
    today = timezone.localdate()
    for n, level in enumerate([4, 4, 3, 1]):  # 3 of 4 satisfied → 75
        Rating.objects.create(pledge=published_pledge, level=level, visitor=f"v{n}", rated_on=today)
    services.write_leader_review(
        round=round_a, by=secretary_a.user, member=member_a, score=85, comment="服务热情"
    )
    services.submit_peer_rating(
        round=round_a, rater=colleague, ratee=member_a, skill=4, conduct=4, performance=4
    )  # 80
    services.write_leader_review(
        round=round_a, by=secretary_a.user, window=window_a, score=72, comment="需加强"
    )
    round_a.year, round_a.half = today.year, 1 if today.month <= 6 else 2
    round_a.save()
    services.compute_stars(year=round_a.year, half=round_a.half)
    star = StarRating.objects.get(member=member_a)
    # (75×50 + 85×30 + 80×20) / 100 = 79.0 → 7 stars with the default thresholds
    assert (star.public_score, star.leader_score, star.peer_score) == (75, 85, 80)
    assert star.score == Decimal("79.0") and star.stars == 7
    colleague_star = StarRating.objects.filter(member=colleague).first()
    assert colleague_star is None  # nothing to score: no star rather than one star
    window_star = StarRating.objects.get(organisation=window_a)
    assert window_star.public_score is None and window_star.score == Decimal("72.0")


def test_compute_stars_is_for_the_committee(secretary_a):
    with pytest.raises(PledgeError, match="党委管理员"):
        services.compute_stars(year=2026, half=1, by=secretary_a.user)


def _rate_window(window, month, levels):
    Rating.objects.bulk_create(
        Rating(window=window, level=level, visitor=f"{window.pk}-{n}", rated_on=month)
        for n, level in enumerate(levels)
    )


def test_monthly_ranking_top_bottom_and_red_flag(branch_a):
    month = datetime.date(2026, 3, 1)
    windows = [WindowFactory(parent=branch_a, name=f"窗口{i}") for i in range(7)]
    # satisfaction: 100, 100, 75, 75, 50, 25, no ratings (leader score only)
    for window, levels in zip(
        windows[:6],
        [[4, 4], [4, 3], [4, 4, 4, 1], [3, 3, 3, 2], [4, 1], [4, 1, 1, 1]],
        strict=True,
    ):
        _rate_window(window, month.replace(day=15), levels)
    MonthlyLeaderScore.objects.create(window=windows[6], month=month, score=60)
    # Only windows[1] and windows[2] hold 标准化服务窗口; windows[0] is better but not eligible.
    for window in windows[1:3]:
        grant_award(
            title="标准化服务窗口",
            holder=window,
            period="2026年度",
            certificate=False,
            granted_on=datetime.date(2026, 1, 1),
        )
    ranking = services.publish_monthly_ranking(month=month)
    entries = {e.window_id: e for e in ranking.entries.all()}
    ranks = [entries[w.pk].rank for w in windows]
    assert ranks == [1, 1, 3, 3, 6, 7, 5]
    assert [w.name for w in windows if entries[w.pk].is_top] == ["窗口0", "窗口1", "窗口2", "窗口3"]
    assert {w.name for w in windows if entries[w.pk].is_bottom} == {"窗口4", "窗口5", "窗口6"}
    assert [w.name for w in windows if entries[w.pk].is_red_flag] == ["窗口1"]
    assert entries[windows[6].pk].satisfaction_rate is None
    # Published notices are a record: asking again returns the same one.
    assert services.publish_monthly_ranking(month=month) == ranking
    assert MonthlyRanking.objects.count() == 1


def test_window_with_no_data_is_listed_but_not_ranked(window_a):
    ranking = services.publish_monthly_ranking(month=datetime.date(2026, 4, 1))
    entry = ranking.entries.get()
    assert entry.rank is None and not entry.is_top and not entry.is_red_flag


def test_the_half_year_task_stars_the_half_just_ended(window_a, settings, monkeypatch):
    from pledges import tasks

    calls = []
    monkeypatch.setattr(tasks.services, "compute_stars", lambda **kw: calls.append(kw) or [])
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: datetime.date(2027, 1, 1))
    tasks.compute_half_year_stars.delay().get()
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: datetime.date(2027, 7, 1))
    tasks.compute_half_year_stars.delay().get()
    assert calls == [{"year": 2026, "half": 2}, {"year": 2027, "half": 1}]
    schedule = settings.CELERY_BEAT_SCHEDULE["pledges-half-year-stars"]["schedule"]
    assert schedule.month_of_year == {1, 7} and schedule.day_of_month == {1}


def test_the_monthly_task_ranks_last_month(window_a, settings):
    from pledges.tasks import publish_monthly_ranking

    slug = publish_monthly_ranking.delay().get()
    expected = services.previous_month(timezone.localdate())
    assert slug == f"{expected:%Y-%m}"
    assert MonthlyRanking.objects.filter(month=expected).exists()
    assert settings.CELERY_BEAT_SCHEDULE["pledges-monthly-ranking"]["schedule"].day_of_month == {1}


def test_confirming_grades_needs_the_confirm_grade_permission(branch_a, secretary_a, committee):
    from django.contrib.auth.models import Permission

    round = _annual_round(branch_a, secretary_a, 3)
    for member in round.participants():
        services.propose_grade(round=round, member=member, grade="qualified", by=secretary_a.user)
    permission = Permission.objects.get(content_type__app_label="pledges", codename="confirm_grade")
    for group in committee.user.groups.all():
        group.permissions.remove(permission)
    user = type(committee.user).objects.get(pk=committee.user.pk)  # a fresh permission cache

    with pytest.raises(PledgeError, match="上级党委确认"):
        services.confirm_grades(round=round, by=user)
    assert not DemocraticGrade.objects.filter(confirmed_at__isnull=False).exists()


def test_a_too_long_title_or_return_note_is_refused_not_cut(member_a, secretary_a):
    with pytest.raises(PledgeError, match="承诺主题不能超过 60 个字"):
        services.create_pledge(
            by=member_a.user, year=2026, lines=MEMBER_LINES, member=member_a, title="题" * 61
        )
    assert not Pledge.objects.exists()
    pledge = services.create_pledge(
        by=member_a.user, year=2026, lines=MEMBER_LINES, member=member_a, title="题" * 60
    )
    assert pledge.title == "题" * 60
    services.submit_pledge(pledge=pledge, by=member_a.user)
    with pytest.raises(PledgeError, match="审核意见不能超过 200 个字"):
        services.return_pledge(pledge=pledge, by=secretary_a.user, note="改" * 201)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED and pledge.review_note == ""
