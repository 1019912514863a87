"""Every custom admin page is headed by its own title, with breadcrumbs 首页 › … › the title."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    ("pledges_admin_review", "承诺审核与回头看"),
    ("pledges_admin_comments", "群众留言审核"),
    ("pledges_admin_held", "评价核实"),
    ("pledges_admin_rounds", "三评与民主评议"),
    ("pledges_admin_stars", "十星评定与月评比"),
    ("activities_campaigns", "创建活动看板"),
    ("portal_study_matrix", "学习情况"),
]


def breadcrumbs(response) -> list[str]:
    html = response.content.decode()
    nav = re.search(r'(?s)<nav[^>]*aria-label="面包屑导航">(.*?)</nav>', html).group(1)
    items = re.findall(r"(?s)<li.*?</li>", nav)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


@pytest.mark.parametrize(("url_name", "title"), PAGES)
def test_a_custom_admin_page_is_headed_by_its_title(client, committee, url_name, title):
    client.force_login(committee.user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert breadcrumbs(response) == ["首页", title]


def test_a_review_round_s_breadcrumbs_lead_back_to_the_rounds(client, secretary_a, branch_a):
    from pledges import services

    round = services.open_round(by=secretary_a.user, branch=branch_a, year=2026, half=1)
    client.force_login(secretary_a.user)
    response = client.get(reverse("pledges_admin_round", args=[round.pk]))
    assert breadcrumbs(response) == ["首页", "三评与民主评议", str(round)]
    assert f'href="{reverse("pledges_admin_rounds")}"' in response.content.decode()
