"""The public pages and members' pages as a visitor or a member uses them."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pledges import services
from pledges.models import (
    IdentityPlate,
    Pledge,
    Rating,
    SelfAssessment,
    ServiceStandard,
    StarRating,
)
from tests.documents import svg_qr_codes
from tests.factories import MemberFactory

from .conftest import MEMBER_LINES, bulk_pledges, make_published

RATE_OK = {"level": "4", "comment": ""}


def window_url(wall, window, suffix=""):
    return f"{wall.url}windows/{window.code}/{suffix}"


# ------------------------------------------------------------ 承诺墙


def test_the_wall_shows_published_pledges_by_organisation_only(
    client, wall, published_pledge, member_b
):
    services.create_pledge(by=member_b.user, year=2026, lines=["草稿一", "草稿二"], member=member_b)
    response = client.get(wall.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "甲党员" in body and "甲党支部" in body
    assert MEMBER_LINES[0] in body
    assert "草稿一" not in body
    assert "public" in response["Cache-Control"]


def test_the_wall_searches_and_filters(client, wall, published_pledge, member_b, secretary_b):
    make_published(member=member_b, by=secretary_b.user, lines=["全年零投诉", "义务代办"])
    body = client.get(wall.url, {"q": "零投诉"}).content.decode()
    assert "乙党员" in body and "甲党员" not in body
    body = client.get(wall.url, {"org": published_pledge.member.organisation.code}).content.decode()
    assert "甲党员" in body and "乙党员" not in body
    body = client.get(wall.url, {"kind": "organisation"}).content.decode()
    assert "没有找到符合条件的承诺" in body
    # Nonsense filters are ignored, not errors.
    assert client.get(wall.url, {"year": "abc", "kind": "<x>", "page": "-1"}).status_code == 200


@pytest.mark.parametrize("count", [20, 2000])
def test_the_wall_takes_the_same_queries_for_20_and_2000_pledges(
    client, wall, member_a, count, django_assert_num_queries
):
    bulk_pledges(member=member_a, count=count)
    client.get(wall.url)  # warm Wagtail's site and page caches
    # Site and page routing (6), count, years, filter organisations, windows, pledges,
    # their items and their ratings: the same 13 for any number of pledges.
    with django_assert_num_queries(13):
        response = client.get(wall.url)
    assert response.status_code == 200
    assert response.content.decode().count("pledge-card") == 20


# ------------------------------------------------------------ a window's page and 群众评议


@pytest.fixture
def standard(window_a):
    return ServiceStandard.objects.create(
        window=window_a,
        name="老年证办理",
        procedure="受理—审核—发证",
        materials="身份证、一寸照片",
        time_limit="即办",
    )


def test_window_page_shows_standards_chart_and_satisfaction(client, wall, window_a, standard):
    today = timezone.localdate()
    for n, level in enumerate([4, 3, 2, 1]):
        Rating.objects.create(window=window_a, level=level, visitor=f"v{n}", rated_on=today)
    response = client.get(window_url(wall, window_a))
    body = response.content.decode()
    assert response.status_code == 200
    assert "老年证办理" in body and "即办" in body and "免费" in body
    assert "<svg" in body and "trend-chart" in body
    assert "50.0%" in body  # (1 很满意 + 1 满意) / 4
    assert "no-store" in response["Cache-Control"]  # it carries a form token


def test_a_visitor_rates_a_window_once_a_day(client, wall, window_a):
    url = window_url(wall, window_a, "rate/")
    response = client.post(url, RATE_OK, follow=True)
    assert response.status_code == 200
    assert "感谢您的评价" in response.content.decode()
    assert Rating.objects.filter(window=window_a, level=4).count() == 1
    assert "pledges_visitor" in response.client.cookies

    second = client.post(url, {"level": "1"})
    assert second.status_code == 409
    assert "今天已经评价过" in second.content.decode()
    assert Rating.objects.count() == 1


def test_a_forged_visitor_cookie_counts_as_a_new_visitor_not_an_error(client, wall, window_a):
    client.cookies["pledges_visitor"] = "forged-value"
    response = client.post(window_url(wall, window_a, "rate/"), RATE_OK)
    assert response.status_code == 302
    visitor = Rating.objects.get().visitor
    assert visitor != "forged-value"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择很满意"),
        ({"level": "9"}, "请选择很满意"),
        ({"level": "4", "comment": "长" * 201}, "200 字"),
    ],
)
def test_bad_ratings_get_a_400_and_a_chinese_message(client, wall, window_a, data, message):
    response = client.post(window_url(wall, window_a, "rate/"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_needs_post(client, wall, window_a):
    assert client.get(window_url(wall, window_a, "rate/")).status_code == 405


def test_comments_appear_only_after_approval_and_as_text(
    client, wall, published_pledge, secretary_a
):
    url = f"{wall.url}p/{published_pledge.pk}/"
    client.post(url + "rate/", {"level": "3", "comment": "<script>alert(1)</script>很好"})
    assert "alert(1)" not in client.get(url).content.decode()
    rating = Rating.objects.get()
    services.moderate_comment(rating=rating, by=secretary_a.user, approve=True)
    body = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;很好" in body
    assert "<script>alert(1)" not in body


def test_unpublished_pledge_and_unknown_window_are_404(client, wall, member_a):
    draft = services.create_pledge(by=member_a.user, year=2026, lines=MEMBER_LINES, member=member_a)
    assert client.get(f"{wall.url}p/{draft.pk}/").status_code == 404
    assert client.post(f"{wall.url}p/{draft.pk}/rate/", RATE_OK).status_code == 404
    assert client.get(f"{wall.url}windows/NOPE/").status_code == 404


def test_pledge_page_links_previous_and_next_rounds(
    client, wall, published_pledge, secretary_a, member_a
):
    items = published_pledge.items.all()
    services.look_back(
        pledge=published_pledge,
        by=secretary_a.user,
        outcomes={i.pk: ("unfulfilled", "窗口调整，事项移交") for i in items},
    )
    new = services.repledge(previous=published_pledge, by=member_a.user, lines=["甲", "乙"])
    services.submit_pledge(pledge=new, by=member_a.user)
    services.publish_pledge(pledge=new, by=secretary_a.user)
    old_body = client.get(f"{wall.url}p/{published_pledge.pk}/").content.decode()
    assert "未兑现" in old_body and "窗口调整，事项移交" in old_body
    assert f"p/{new.pk}/" in old_body
    assert f"p/{published_pledge.pk}/" in client.get(f"{wall.url}p/{new.pk}/").content.decode()


# ------------------------------------------------------------ 亮身份


def test_identity_plate_masks_the_phone_and_has_a_qr_code(client, wall, window_member):
    IdentityPlate.objects.create(member=window_member, post_title="vanguard")
    response = client.get(f"{wall.url}plates/{window_member.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "邓小芸" in body and "共产党员" in body and "党员先锋岗" in body
    assert "138****5678" in body and "13812345678" not in body
    printed = client.get(f"{wall.url}plates/{window_member.pk}/print/").content.decode()
    assert "plate-print.css" in printed and "138****5678" in printed


def test_identity_plate_qr_scans_to_the_plate_on_site_url(client, wall, window_member, settings):
    settings.SITE_URL = "https://dangjian.example.cn"
    IdentityPlate.objects.create(member=window_member, post_title="vanguard")
    for suffix in ("", "print/"):
        body = client.get(f"{wall.url}plates/{window_member.pk}/{suffix}").content.decode()
        svg = re.search(r"<svg[^>]*qr-svg.*?</svg>", body, re.S).group(0)
        urls = svg_qr_codes(svg, box_mm=25)
        assert urls == [f"https://dangjian.example.cn{wall.url}plates/{window_member.pk}/"]
        followed = client.get(urls[0].removeprefix("https://dangjian.example.cn"))
        assert followed.status_code == 200 and "邓小芸" in followed.content.decode()


def test_probationary_member_is_marked_and_unpublished_plates_are_404(client, wall, branch_a):
    member = MemberFactory(organisation=branch_a, status="probationary")
    plate = IdentityPlate.objects.create(member=member)
    assert "预备党员" in client.get(f"{wall.url}plates/{member.pk}/").content.decode()
    plate.is_published = False
    plate.save()
    assert client.get(f"{wall.url}plates/{member.pk}/").status_code == 404


# ------------------------------------------------------------ 十星榜 and 月评比


@pytest.mark.parametrize("count", [20, 2000])
def test_star_board_takes_the_same_queries_at_any_size(
    client, wall, branch_a, window_a, count, django_assert_num_queries
):
    from portal.models import Member

    members = Member.objects.bulk_create(
        Member(name=f"党员{n}", organisation=branch_a) for n in range(count)
    )
    StarRating.objects.bulk_create(
        StarRating(member=m, year=2026, half=1, score=80, stars=8) for m in members
    )
    StarRating.objects.create(organisation=window_a, year=2026, half=1, score=91, stars=10)
    client.get(f"{wall.url}stars/")
    # Routing (6), periods, settings, organisations' stars, members' count and page.
    with django_assert_num_queries(11):
        response = client.get(f"{wall.url}stars/")
    body = response.content.decode()
    assert "民政局窗口" in body and "群众评议 × 50" in body
    assert body.count("star-level") == min(count, 100) + 1


def test_monthly_notices_stay_browsable(client, wall, window_a):
    for month in (datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)):
        Rating.objects.create(window=window_a, level=4, visitor="v", rated_on=month)
        services.publish_monthly_ranking(month=month)
    body = client.get(f"{wall.url}rankings/").content.decode()
    assert "2026年01月窗口评比通报" in body and "2026年02月窗口评比通报" in body
    notice = client.get(f"{wall.url}rankings/2026-01/").content.decode()
    assert "民政局窗口" in notice and "前三名" in notice
    assert client.get(f"{wall.url}rankings/2026-13/").status_code == 404
    assert client.get(f"{wall.url}rankings/abc/").status_code == 404


# ------------------------------------------------------------ 我的承诺


def test_member_writes_and_submits_a_pledge(client, member_a):
    client.force_login(member_a.user)
    response = client.post(
        reverse("pledges:new_pledge"), {"year": "2026", "items": "只有一条", "title": ""}
    )
    assert response.status_code == 400
    assert "2 至 5 条" in response.content.decode()
    assert not Pledge.objects.exists()
    response = client.post(
        reverse("pledges:new_pledge"), {"year": "2026", "items": "\n".join(MEMBER_LINES)}
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    client.post(reverse("pledges:submit_pledge", args=[pledge.pk]))
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED
    page = client.get(reverse("pledges:my_pledges"))
    assert "待审核" in page.content.decode()
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]


def test_another_members_pledge_is_not_found(client, published_pledge, member_b):
    client.force_login(member_b.user)
    assert client.get(reverse("pledges:add_update", args=[published_pledge.pk])).status_code == 404
    assert (
        client.post(reverse("pledges:submit_pledge", args=[published_pledge.pk])).status_code == 404
    )


def test_member_adds_a_fulfilment_update(client, wall, published_pledge, member_a):
    client.force_login(member_a.user)
    url = reverse("pledges:add_update", args=[published_pledge.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    response = client.post(url, {"text": "为76岁的李大爷办理了老年证", "happened_on": "2026-03-01"})
    assert response.status_code == 302
    body = client.get(f"{wall.url}p/{published_pledge.pk}/").content.decode()
    assert "为76岁的李大爷办理了老年证" in body


def test_fulfilment_update_with_a_photo_and_a_bad_file(client, wall, published_pledge, member_a):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    client.force_login(member_a.user)
    url = reverse("pledges:add_update", args=[published_pledge.pk])
    bad = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(url, {"text": "走访敬老院", "photo": bad})
    assert response.status_code == 400 and "请上传 JPG 或 PNG 图片" in response.content.decode()
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    photo = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    assert client.post(url, {"text": "走访敬老院", "photo": photo}).status_code == 302
    update = published_pledge.updates.get()
    assert update.photo is not None
    body = client.get(f"{wall.url}p/{published_pledge.pk}/").content.decode()
    assert "<img" in body and "走访敬老院" in body


def peer(colleague, skill="", conduct="", performance="", comment="", grade=None):
    key = f"peer-{colleague.pk}-"
    data = {key + "skill": skill, key + "conduct": conduct, key + "performance": performance}
    data[key + "comment"] = comment
    if grade is not None:
        data[key + "grade"] = grade
    return data


def test_peer_review_saves_the_whole_page_and_others_see_only_averages(
    client, branch_a, secretary_a, member_a
):
    round = services.open_round(branch=branch_a, by=secretary_a.user, year=2026, half=1)
    client.force_login(member_a.user)
    url = reverse("pledges:review_round", args=[round.pk])
    response = client.post(url, {"self-text": "按时参加组织生活。"} | peer(secretary_a, 4, 5, 3))
    assert response.status_code == 302
    client.force_login(secretary_a.user)
    body = client.get(url).content.decode()
    assert "1 名党员参与评议" in body
    assert member_a.name not in body.split("我收到的互评")[1].split("个人自评")[0]


def test_peer_review_scores_start_unset_and_the_comment_box_has_a_label(
    client, branch_a, secretary_a, member_a
):
    round = services.open_round(branch=branch_a, by=secretary_a.user, year=2026, half=1)
    client.force_login(member_a.user)
    body = client.get(reverse("pledges:review_round", args=[round.pk])).content.decode()
    key = f"peer-{secretary_a.pk}"
    select = body[body.index(f'name="{key}-skill"') :]
    assert select.index('<option value="">请选择</option>') < select.index("</select>")
    assert "selected" not in select[: select.index("</select>")]
    assert f'<label for="{key}-comment">' in body
    main = body[body.index("<main") : body.index("</main>")]
    assert main.count('type="submit"') == 1


def test_half_filled_review_is_refused_beside_the_row_and_nothing_is_saved(
    client, branch_a, secretary_a, member_a
):
    round = services.open_round(branch=branch_a, by=secretary_a.user, year=2026, half=1)
    client.force_login(member_a.user)
    url = reverse("pledges:review_round", args=[round.pk])
    response = client.post(url, {"self-text": "自评内容"} | peer(secretary_a, skill=4))
    assert response.status_code == 400
    body = response.content.decode()
    key = f"peer-{secretary_a.pk}"
    assert f'id="{key}-error">请为比技能、比作风、比业绩各选一个分数。' in body
    assert f'aria-describedby="{key}-error"' in body
    assert '<option value="4" selected>' in body  # the answer given is kept
    assert not SelfAssessment.objects.exists()


def test_annual_round_page_takes_an_assessment_vote(client, branch_a, secretary_a, member_a):
    from pledges.models import AssessmentVote

    round = services.open_round(
        branch=branch_a, by=secretary_a.user, year=2026, half=2, is_annual=True
    )
    client.force_login(member_a.user)
    url = reverse("pledges:review_round", args=[round.pk])
    assert "民主测评" in client.get(url).content.decode()
    response = client.post(url, peer(secretary_a, 5, 5, 5))
    assert response.status_code == 400
    assert "请选择民主测评等次。" in response.content.decode()
    response = client.post(url, peer(secretary_a, 5, 5, 5, grade="excellent"))
    assert response.status_code == 302
    assert AssessmentVote.objects.get().grade == "excellent"


def test_member_of_another_branch_cannot_open_the_round(client, branch_a, secretary_a, member_b):
    round = services.open_round(branch=branch_a, by=secretary_a.user, year=2026, half=1)
    client.force_login(member_b.user)
    assert client.get(reverse("pledges:review_round", args=[round.pk])).status_code == 404


def test_my_pledges_needs_sign_in(client):
    response = client.get(reverse("pledges:my_pledges"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_star_board_switches_period_and_ignores_nonsense(client, wall, window_a):
    StarRating.objects.create(organisation=window_a, year=2025, half=2, score=70, stars=6)
    StarRating.objects.create(organisation=window_a, year=2026, half=1, score=91, stars=10)
    latest = client.get(f"{wall.url}stars/").content.decode()
    assert "91.0" in latest and "70.0" not in latest
    older = client.get(f"{wall.url}stars/", {"period": "2025-2"}).content.decode()
    assert "70.0" in older and "91.0" not in older
    assert client.get(f"{wall.url}stars/", {"period": "x-<y>"}).status_code == 200


def test_my_page_links_to_my_pledges(client, member_a):
    client.force_login(member_a.user)
    body = client.get(reverse("portal:me")).content.decode()
    assert "我的承诺" in body and reverse("pledges:my_pledges") in body


def test_a_member_who_left_keeps_their_plate_marked_and_leaves_the_window_page(
    client, wall, window_a, window_member, committee
):
    from portal.models import MembershipChange
    from portal.services.membership import record_departure

    IdentityPlate.objects.create(member=window_member, post_title="vanguard")
    assert "邓小芸" in client.get(window_url(wall, window_a)).content.decode()
    record_departure(
        member=window_member,
        kind=MembershipChange.Kind.TRANSFER_OUT,
        destination="市政务服务中心",
        by=committee.user,
        happened_on=datetime.date(2026, 5, 1),
    )

    assert "邓小芸" not in client.get(window_url(wall, window_a)).content.decode()
    plate = client.get(f"{wall.url}plates/{window_member.pk}/").content.decode()
    assert "邓小芸" in plate and "已转出（2026-05-01）" in plate


# ------------------------------------------------------------ issue 13: the public standard


def test_after_rating_the_thanks_replaces_the_form_where_the_visitor_lands(client, wall, window_a):
    response = client.post(window_url(wall, window_a, "rate/"), RATE_OK)
    assert response["Location"] == window_url(wall, window_a) + "?rated=yes#rate"
    body = client.get(response["Location"]).content.decode()
    box = body[body.index('id="rate"') :]
    assert "感谢您的评价！" in box[: box.index("</section>")]
    assert 'name="level"' not in body
    # The page itself leads to the rating box from the top.
    plain = client.get(window_url(wall, window_a)).content.decode()
    assert plain.index('href="#rate"') < plain.index("亮标准")


def test_comments_are_listed_newest_first(client, wall, window_a, secretary_a):
    for day, text in [(3, "三号的留言"), (9, "九号的留言"), (5, "五号的留言")]:
        Rating.objects.create(
            window=window_a,
            level=4,
            comment=text,
            comment_status=Rating.CommentStatus.APPROVED,
            visitor=f"v{day}",
            rated_on=datetime.date(2026, 11, day),
        )
    body = client.get(window_url(wall, window_a)).content.decode()
    assert body.index("九号") < body.index("五号") < body.index("三号")
    assert "2026年11月9日" in body


def test_stars_show_their_number_as_text(client, wall, window_a):
    StarRating.objects.create(organisation=window_a, year=2026, half=1, score=91, stars=9)
    body = client.get(f"{wall.url}stars/").content.decode()
    assert '<span class="star-count">9 星</span>' in body
    assert 'aria-label="9 星"' not in body


def test_public_plate_is_headed_by_the_name_without_the_hammer_and_sickle_glyph(
    client, wall, window_member
):
    IdentityPlate.objects.create(member=window_member, post_title="vanguard")
    body = client.get(f"{wall.url}plates/{window_member.pk}/").content.decode()
    assert '<h1 class="plate-name">邓小芸</h1>' in body
    assert "邓小芸的公开承诺" in body
    assert "我的承诺" not in body.split("<main")[1]
    assert "☭" not in body


def test_star_board_ranks_organisations_by_score_with_shared_places(client, wall, branch_a):
    from tests.factories import WindowFactory

    low, high, tied = (WindowFactory(parent=branch_a) for _ in range(3))
    for window, score, stars in [(low, 70, 6), (high, 91, 10), (tied, 91, 10)]:
        StarRating.objects.create(organisation=window, year=2026, half=1, score=score, stars=stars)
    body = client.get(f"{wall.url}stars/").content.decode()
    table = body[body.index("star-table") :]
    ranks = [row.split("</td>")[0] for row in table.split("<tr><td>")[1:4]]
    assert ranks == ["1", "1", "3"]
    assert body.index(low.name) > body.index(tied.name)
    assert "得分相同者名次并列" in body


def test_the_fulfilment_form_starts_at_today_in_iso(client, wall, published_pledge, member_a):
    client.force_login(member_a.user)
    html = client.get(reverse("pledges:add_update", args=[published_pledge.pk])).content.decode()
    assert f'type="date" name="happened_on" value="{timezone.localdate().isoformat()}"' in html
