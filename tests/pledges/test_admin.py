"""The admin side: review, 回头看, moderation, rounds and grades, stars and rankings, scoped."""

import pytest
from django.urls import reverse

from pledges import services
from pledges.models import (
    DemocraticGrade,
    MonthlyRanking,
    Pledge,
    Rating,
    ReviewRound,
    ServiceStandard,
    StarRating,
    StarSettings,
)
from tests.factories import MemberFactory, WindowFactory

from .conftest import MEMBER_LINES

REVIEW = "pledges_admin_review"


@pytest.fixture
def submitted(member_a):
    pledge = services.create_pledge(
        by=member_a.user, year=2026, lines=MEMBER_LINES, member=member_a
    )
    return services.submit_pledge(pledge=pledge, by=member_a.user)


def test_a_member_without_admin_access_cannot_reach_the_review_page(client, member_a, submitted):
    client.force_login(member_a.user)
    response = client.post(reverse(REVIEW), {"pledge": submitted.pk, "action": "publish"})
    assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert submitted.status == Pledge.Status.SUBMITTED


def test_secretary_publishes_a_pledge_of_their_branch(client, secretary_a, submitted):
    client.force_login(secretary_a.user)
    assert "甲党员" in client.get(reverse(REVIEW)).content.decode()
    response = client.post(reverse(REVIEW), {"pledge": submitted.pk, "action": "publish"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Pledge.Status.PUBLISHED


def test_secretary_of_branch_b_neither_sees_nor_publishes_branch_a(client, secretary_b, submitted):
    client.force_login(secretary_b.user)
    assert "甲党员" not in client.get(reverse(REVIEW)).content.decode()
    response = client.post(reverse(REVIEW), {"pledge": submitted.pk, "action": "publish"})
    assert response.status_code == 400
    assert "无权审核" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Pledge.Status.SUBMITTED


def test_look_back_in_the_admin_refuses_a_missing_explanation(
    client, secretary_a, published_pledge
):
    client.force_login(secretary_a.user)
    first, second = published_pledge.items.all()
    data = {
        "pledge": published_pledge.pk,
        "action": "look_back",
        f"outcome-{first.pk}": "fulfilled",
        f"outcome-{second.pk}": "unfulfilled",
        f"note-{second.pk}": "",
    }
    response = client.post(reverse(REVIEW), data)
    assert response.status_code == 400
    assert "须公开说明原因" in response.content.decode()
    data[f"note-{second.pk}"] = "政策调整，事项取消"
    assert client.post(reverse(REVIEW), data).status_code == 302
    published_pledge.refresh_from_db()
    assert published_pledge.status == Pledge.Status.REVIEWED


def test_comment_moderation_is_scoped(client, secretary_a, secretary_b, window_a):
    rating = services.rate(window=window_a, level=4, comment="很好", visitor="v", ip="1.1.1.1")
    url = reverse("pledges_admin_comments")
    client.force_login(secretary_b.user)
    assert "很好" not in client.get(url).content.decode()
    assert client.post(url, {"rating": rating.pk, "action": "approve"}).status_code == 400
    client.force_login(secretary_a.user)
    assert client.post(url, {"rating": rating.pk, "action": "approve"}).status_code == 302
    rating.refresh_from_db()
    assert rating.comment_status == Rating.CommentStatus.APPROVED


def test_rounds_are_opened_and_seen_only_in_scope(client, secretary_a, secretary_b, branch_a):
    url = reverse("pledges_admin_rounds")
    client.force_login(secretary_b.user)
    data = {"branch": branch_a.pk, "year": "2026", "half": "1"}
    response = client.post(url, data)
    assert response.status_code == 400 and "无权" in response.content.decode()
    assert client.post(url, {"branch": "", "year": "x", "half": "1"}).status_code == 400
    client.force_login(secretary_a.user)
    assert client.post(url, data | {"is_annual": "on"}).status_code == 302
    round = ReviewRound.objects.get()
    assert round.is_annual
    detail = reverse("pledges_admin_round", args=[round.pk])
    assert client.get(detail).status_code == 200
    client.force_login(secretary_b.user)
    assert client.get(detail).status_code == 404


def test_grading_over_the_cap_is_refused_in_the_admin(client, secretary_a, branch_a):
    members = [MemberFactory(organisation=branch_a) for _ in range(2)]  # 3 members → 1 优秀
    round = services.open_round(
        branch=branch_a, by=secretary_a.user, year=2026, half=2, is_annual=True
    )
    client.force_login(secretary_a.user)
    url = reverse("pledges_admin_round", args=[round.pk])
    response = client.post(url, {"action": "grade", "grade": "qualified", "member": members[0].pk})
    assert response.status_code == 400 and "先结束" in response.content.decode()
    assert client.post(url, {"action": "close"}).status_code == 302
    data = {"action": "grade", "grade": "excellent"}
    assert client.post(url, data | {"member": members[0].pk}).status_code == 302
    response = client.post(url, data | {"member": members[1].pk})
    assert response.status_code == 400
    assert "最多 1 名优秀" in response.content.decode()
    assert DemocraticGrade.objects.count() == 1


def test_stars_and_rankings_are_for_the_committee(client, secretary_a, committee, window_a):
    url = reverse("pledges_admin_stars")
    client.force_login(secretary_a.user)
    assert client.post(url, {"action": "stars", "year": "2026", "half": "1"}).status_code == 400
    assert client.post(url, {"action": "ranking", "month": "2026-03"}).status_code == 400
    assert not MonthlyRanking.objects.exists()
    client.force_login(committee.user)
    assert client.post(url, {"action": "stars", "year": "2026", "half": "3"}).status_code == 400
    assert client.post(url, {"action": "ranking", "month": "2026-13"}).status_code == 400
    assert client.post(url, {"action": "ranking", "month": "2026-03"}).status_code == 302
    assert MonthlyRanking.objects.filter(month="2026-03-01").exists()
    assert client.post(url, {"action": "stars", "year": "2026", "half": "1"}).status_code == 302
    assert not StarRating.objects.exists()  # nobody has been rated yet


def test_service_standard_snippets_are_scoped(client, secretary_a, secretary_b, window_a):
    ServiceStandard.objects.create(
        window=window_a, name="老年证办理", procedure="受理", time_limit="即办"
    )
    WindowFactory(name="乙窗口", parent=secretary_b.organisation)
    listing = reverse("wagtailsnippets_pledges_servicestandard:list")
    add = reverse("wagtailsnippets_pledges_servicestandard:add")
    client.force_login(secretary_b.user)
    assert "老年证办理" not in client.get(listing).content.decode()
    assert client.get(add).status_code == 200
    response = client.post(
        add, {"window": window_a.pk, "name": "越权事项", "procedure": "x", "time_limit": "即办"}
    )
    assert response.status_code == 200  # the form refuses a window outside the scope
    assert not ServiceStandard.objects.filter(name="越权事项").exists()
    client.force_login(secretary_a.user)
    assert "老年证办理" in client.get(listing).content.decode()


def test_malformed_ids_are_404_not_500(client, secretary_a):
    client.force_login(secretary_a.user)
    assert client.post(reverse(REVIEW), {"pledge": "abc", "action": "publish"}).status_code == 404
    url = reverse("pledges_admin_comments")
    assert client.post(url, {"rating": "", "action": "approve"}).status_code == 404


def test_committee_sees_every_admin_page_and_pledges_are_read_only(
    client, committee, published_pledge, window_a, branch_a
):
    round = services.open_round(branch=branch_a, by=committee.user, year=2026, half=1)
    client.force_login(committee.user)
    for name, args in [
        (REVIEW, []),
        ("pledges_admin_comments", []),
        ("pledges_admin_rounds", []),
        ("pledges_admin_round", [round.pk]),
        ("pledges_admin_stars", []),
        ("wagtailsnippets_pledges_pledge:list", []),
        ("wagtailsnippets_pledges_rating:list", []),
        ("wagtailsnippets_pledges_servicestandard:list", []),
        ("wagtailsnippets_pledges_identityplate:list", []),
        ("wagtailsnippets_pledges_monthlyleaderscore:list", []),
        ("wagtailsnippets_pledges_starrating:list", []),
        ("wagtailsnippets_pledges_monthlyranking:list", []),
        ("wagtailsettings:edit", ["pledges", "starsettings", StarSettings.load().pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    edit = reverse("wagtailsnippets_pledges_pledge:edit", args=[published_pledge.pk])
    assert client.get(edit).status_code in (302, 403)
    inspect = reverse("wagtailsnippets_pledges_pledge:inspect", args=[published_pledge.pk])
    assert client.get(inspect).status_code == 200


def test_star_settings_refuse_bad_thresholds(client, committee):
    client.force_login(committee.user)
    url = reverse("wagtailsettings:edit", args=["pledges", "starsettings", StarSettings.load().pk])
    data = {"public_weight": 50, "leader_weight": 30, "peer_weight": 20, "thresholds": "1,2,3"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "须为 10 个分数" in response.content.decode()


def test_look_back_shows_the_member_s_fulfilment_records_it_judges(
    client, secretary_a, member_a, published_pledge
):
    services.add_fulfilment_update(
        pledge=published_pledge, by=member_a.user, text="三月为12名群众代办社保卡"
    )
    client.force_login(secretary_a.user)
    page = client.get(reverse(REVIEW)).content.decode()
    look_back = page.split("回头看（已公开的承诺）")[1]
    assert "践诺记录" in look_back and "三月为12名群众代办社保卡" in look_back


def test_monthly_ranking_exports_to_a_printable_sheet(client, committee, secretary_a, member_a):
    import datetime
    import io

    import openpyxl

    from tests.documents import assert_prints_well

    windows = [WindowFactory(name=f"窗口{n}", parent=secretary_a.organisation) for n in range(1, 4)]
    for window, level in zip(windows, (4, 3, 1), strict=True):
        services.rate(window=window, level=level, comment="", visitor=f"v{level}", ip="1.1.1.1")
    month = datetime.date.today().replace(day=1)
    services.publish_monthly_ranking(month=month)
    url = reverse("pledges_admin_ranking_export", args=[month.year, month.month])
    client.force_login(secretary_a.user)
    response = client.get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert_prints_well(sheet, title=f"{month.year}年{month.month}月服务窗口月评比通报")
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("名次", "服务窗口", "所属单位")
    assert [row[1] for row in rows[1:]] == ["窗口1", "窗口2", "窗口3"]
    assert rows[1][0] == 1 and rows[1][2] == secretary_a.organisation.name
    assert client.get(reverse("pledges_admin_ranking_export", args=[2001, 1])).status_code == 404
    client.force_login(member_a.user)
    assert client.get(url).status_code in (302, 403)


@pytest.mark.parametrize("value", ["²", "1 OR 1=1", "99999999999999999999999", "-1"])
def test_ids_that_are_not_numbers_are_404_not_500(client, secretary_a, value):
    client.force_login(secretary_a.user)
    assert client.post(reverse(REVIEW), {"pledge": value, "action": "publish"}).status_code == 404
    url = reverse("pledges_admin_comments")
    assert client.post(url, {"rating": value, "action": "approve"}).status_code == 404


@pytest.mark.parametrize("year", ["99999999999999999999", "-2026", "²⁰²⁶", "3000"])
def test_impossible_years_get_a_chinese_400_and_nothing_is_saved(
    client, secretary_a, committee, branch_a, year
):
    client.force_login(secretary_a.user)
    rounds = reverse("pledges_admin_rounds")
    response = client.post(rounds, {"branch": branch_a.pk, "year": year, "half": "1"})
    assert response.status_code == 400
    assert "年度" in response.content.decode()
    assert not ReviewRound.objects.exists()
    client.force_login(committee.user)
    stars = reverse("pledges_admin_stars")
    response = client.post(stars, {"action": "stars", "year": year, "half": "1"})
    assert response.status_code == 400
    assert not StarRating.objects.exists()
    response = client.post(stars, {"action": "ranking", "month": f"{year}-01"})
    assert response.status_code == 400
    assert not MonthlyRanking.objects.exists()


def _held(window):
    from django.utils import timezone

    return Rating.objects.create(
        window=window,
        level=1,
        visitor="burst",
        rated_on=timezone.localdate(),
        check_status=Rating.CheckStatus.HELD,
        check_reason="同一网络地址短时间内多次评价",
    )


def test_secretary_checks_held_ratings_of_their_branch_only(
    client, secretary_a, secretary_b, window_a
):
    rating = _held(window_a)
    url = reverse("pledges_admin_held")
    client.force_login(secretary_b.user)
    assert "同一网络地址" not in client.get(url).content.decode()
    assert client.post(url, {"rating": rating.pk, "action": "keep"}).status_code == 400
    rating.refresh_from_db()
    assert rating.check_status == Rating.CheckStatus.HELD

    client.force_login(secretary_a.user)
    listing = client.get(url).content.decode()
    assert "同一网络地址短时间内多次评价" in listing and "民政局窗口" in listing
    response = client.post(url, {"rating": rating.pk, "action": "discard"}, follow=True)
    assert "已剔除" in response.content.decode()
    rating.refresh_from_db()
    assert rating.check_status == Rating.CheckStatus.DISCARDED
    assert "同一网络地址" not in client.get(url).content.decode()
