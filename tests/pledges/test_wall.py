"""The pledge wall at city size: pages, filters kept across pages, and the stored sort key.

The wall orders and narrows by each pledge's `home_path` (a copy of the owner's
unit's path); these tests move members and units and check the wall follows.
"""

import re

import pytest

from pledges.models import Pledge, PledgeItem
from pledges.services.home_paths import refresh_home_paths
from portal.services import membership
from tests.factories import MemberFactory, OrganisationFactory

from .conftest import bulk_pledges, make_published


def _next_link(body: str) -> str:
    match = re.search(r'<a class="button secondary" href="([^"]+)">下一页</a>', body)
    assert match, "no 下一页 link"
    return match.group(1).replace("&amp;", "&")


def test_a_search_with_an_ampersand_stays_one_search_on_the_next_page(
    client, wall, member_a, member_b
):
    bulk_pledges(member=member_a, count=25)
    PledgeItem.objects.filter(sort_order=0).update(content="承诺 a&status=x 做到")
    # Ten more that a link cut at the "&" (q=a) would let onto page 2 as well.
    bulk_pledges(member=member_b, count=10)
    PledgeItem.objects.filter(pledge__member=member_b).update(content="a 计划")
    first = client.get(wall.url, {"q": "a&status=x"}).content.decode()
    assert first.count("pledge-card") == 20
    link = _next_link(first)
    assert link == "?q=a%26status%3Dx&page=2"
    second = client.get(wall.url + link).content.decode()
    assert second.count("pledge-card") == 5
    assert "乙党员" not in second
    assert 'value="a&amp;status=x"' in second  # the search box still shows the whole search


def test_the_next_page_keeps_the_unit_and_year_filters(client, wall, member_a, member_b):
    bulk_pledges(member=member_a, count=22, year=2025)
    bulk_pledges(member=member_b, count=30, year=2025)
    org = member_a.organisation.code
    first = client.get(wall.url, {"org": org, "year": "2025", "utm": "x"}).content.decode()
    link = _next_link(first)
    assert f"org={org}" in link and "year=2025" in link and "page=2" in link
    second = client.get(wall.url + link).content.decode()
    assert second.count("pledge-card") == 2
    assert "乙党员" not in second


@pytest.mark.parametrize("count", [25, 250])
def test_a_filtered_second_page_takes_the_same_queries_at_any_size(
    client, wall, member_a, member_b, count, django_assert_num_queries
):
    bulk_pledges(member=member_a, count=count)
    bulk_pledges(member=member_b, count=count)
    params = {"org": member_a.organisation.code, "page": "2"}
    client.get(wall.url, params)  # warm Wagtail's site and page caches
    # Routing (6), the unit filter's lookup, count, years, filter organisations,
    # windows, pledges, their items and their ratings.
    with django_assert_num_queries(14):
        response = client.get(wall.url, params)
    assert response.content.decode().count("pledge-card") == min(20, count - 20)


def test_a_transferred_members_pledges_follow_them_to_the_new_branch(
    client, wall, member_a, secretary_a, branch_b
):
    pledge = make_published(member=member_a, by=secretary_a.user, lines=["代办到底", "随叫随到"])
    membership.transfer_member(member=member_a, to_organisation=branch_b, by=secretary_a.user)
    pledge.refresh_from_db()
    assert pledge.home_path == branch_b.path
    by_new = client.get(wall.url, {"org": branch_b.code}).content.decode()
    assert "代办到底" in by_new
    by_old = client.get(wall.url, {"org": member_a.organisation.code}).content.decode()
    assert "代办到底" not in by_old


def test_a_unit_moved_in_the_tree_takes_its_pledges_along(
    client, wall, committee, branch_a, branch_b, secretary_a
):
    group = OrganisationFactory(name="丙党小组", kind="group", parent=branch_a)
    member = MemberFactory(name="丙党员", organisation=group)
    unit_pledge = make_published(organisation=group, by=secretary_a.user)
    member_pledge = make_published(member=member, by=secretary_a.user, lines=["甲", "乙"])
    group.parent = branch_b
    group.save()
    group.refresh_from_db()
    for pledge in (unit_pledge, member_pledge):
        pledge.refresh_from_db()
        assert pledge.home_path == group.path
    assert group.path.startswith(branch_b.path)
    by_new_parent = client.get(wall.url, {"org": branch_b.code}).content.decode()
    assert "丙党员" in by_new_parent and "丙党小组" in by_new_parent
    assert "丙党员" not in client.get(wall.url, {"org": branch_a.code}).content.decode()


def test_refreshing_home_paths_repairs_rows_written_around_the_model(member_a, branch_b):
    # Bulk SQL (an import, a benchmark) skips Pledge.save; one UPDATE puts every copy right.
    Pledge.objects.bulk_create([Pledge(member=member_a, year=2026, status="published")])
    member_a.organisation = branch_b
    Member = type(member_a)
    Member.objects.filter(pk=member_a.pk).update(organisation=branch_b)  # around the receivers
    assert Pledge.objects.get().home_path == ""
    assert refresh_home_paths() == 1
    assert Pledge.objects.get().home_path == branch_b.path


def test_the_year_filter_offers_each_year_from_the_newest_to_the_first_public_pledge(
    client, wall, member_a, member_b
):
    bulk_pledges(member=member_a, count=2, year=2024)
    bulk_pledges(member=member_b, count=1, year=2026)
    bulk_pledges(member=member_b, count=1, year=2021)
    Pledge.objects.filter(year=2021).update(status=Pledge.Status.DRAFT)  # not public: no year
    body = client.get(wall.url).content.decode()
    select = body.split('name="year"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\d{4})"', select) == ["2026", "2025", "2024"]
