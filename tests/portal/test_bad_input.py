"""Bad input is never a 500: ids that are not numbers, numbers too large, malformed posts.

Each case answers a Chinese 400 or a 404 and saves nothing.
"""

import pytest
from django.urls import reverse

from pledges.models import IdentityPlate, MonthlyLeaderScore, PledgeWallPage
from portal.inputs import parse_id, parse_year
from portal.models import StudyArticlePage
from tests.factories import WindowFactory, home_page, make_article

MALFORMED = ["abc", "²", "1 OR 1=1", "99999999999999999999999", "-1", "<script>alert(1)</script>"]


@pytest.mark.parametrize("value", MALFORMED + ["", None, "0", "١٢"])
def test_parse_id_refuses_what_is_not_a_database_id(value):
    assert parse_id(value) is None


def test_parse_id_and_year_accept_plain_numbers():
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7
    assert parse_year("2026") == 2026
    assert parse_year("²⁰²⁶") is None and parse_year("-2026") is None and parse_year("3000") is None


@pytest.fixture
def wall(db):
    return PledgeWallPage.objects.first() or home_page().add_child(
        instance=PledgeWallPage(title="公开承诺", slug="pledges")
    )


@pytest.mark.parametrize(
    "path", ["plates/99999999999999999999999/", "plates/99999999999999999999999/print/"]
)
def test_a_number_too_large_in_a_url_is_404(client, wall, path):
    response = client.get(f"{wall.url}{path}")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize("value", MALFORMED)
def test_a_correction_for_a_record_that_is_not_an_id_is_404(client, member_a, value):
    client.force_login(member_a.user)
    assert client.get("/me/volunteer/corrections/new/", {"record": value}).status_code == 404
    assert client.get("/me/volunteer/corrections/new/", {"activity": value}).status_code == 404


@pytest.mark.parametrize("value", ["abc", "²", "1 OR 1=1"])
def test_chooser_fields_with_an_id_that_is_not_a_number_show_the_form_again(
    client, secretary_a, branch_a, value
):
    window = WindowFactory(parent=branch_a)
    client.force_login(secretary_a.user)
    plate = client.post(
        reverse("wagtailsnippets_pledges_identityplate:add"),
        {"member": value, "post": "窗口负责人", "duties": "受理"},
    )
    score = client.post(
        reverse("wagtailsnippets_pledges_monthlyleaderscore:add"),
        {"window": value, "month": "2026-01-01", "score": "90"},
    )
    for response in (plate, score):
        assert response.status_code == 200  # Wagtail's form-with-errors page
        assert "error" in response.content.decode()
    assert not IdentityPlate.objects.exists()
    assert not MonthlyLeaderScore.objects.filter(window=window).exists()


@pytest.mark.parametrize("q", ["审批", "1 OR 1=1", "²", "<script>"])
def test_staff_can_search_the_team_list(client, secretary_a, q):
    client.force_login(secretary_a.user)
    url = reverse("wagtailsnippets_volunteers_team:list_results")
    assert client.get(url, {"q": q}).status_code == 200


@pytest.fixture
def article(db):
    return make_article(title="原标题")


def _article_post(article, **extra):
    data = {
        "title": "改过的标题",
        "slug": article.slug,
        "topic": "policy",
        "date": "2026-03-01",
        "study_hours": "1.0",
        "intro": "",
        "action-publish": "action-publish",
    }
    data.update(extra)
    return data


def test_a_page_editor_post_without_its_stream_count_is_400_and_saves_nothing(
    client, admin_user, article
):
    client.force_login(admin_user)
    response = client.post(f"/admin/pages/{article.pk}/edit/", _article_post(article))
    assert response.status_code == 400
    assert "提交的内容格式不正确，未保存任何内容" in response.content.decode()
    assert StudyArticlePage.objects.get(pk=article.pk).title == "原标题"
    assert article.revisions.count() == 1


def test_rich_text_that_is_not_json_is_400_and_saves_nothing(client, admin_user, article):
    client.force_login(admin_user)
    data = _article_post(
        article,
        **{
            "body-count": "1",
            "body-0-type": "paragraph",
            "body-0-value": "{not json",
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-id": "",
        },
    )
    response = client.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 400
    assert StudyArticlePage.objects.get(pk=article.pk).title == "原标题"

    home = home_page()
    response = client.post(
        f"/admin/pages/{home.pk}/edit/",
        {"title": "首页", "slug": home.slug, "intro": "not json at all"},
    )
    assert response.status_code == 400
