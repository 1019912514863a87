"""Branch A's secretary cannot see, choose or change branch B's 三亮 data in the admin snippets."""

import datetime

import pytest

from pledges.models import IdentityPlate, MonthlyLeaderScore, Pledge, ServiceStandard, StarRating
from tests.factories import MemberFactory, WindowFactory
from tests.helpers import choice_ids, snippet_url

from .conftest import make_published


@pytest.fixture
def window_b(branch_b):
    return WindowFactory(name="税务局窗口", code="FWZX-SW", parent=branch_b)


@pytest.fixture
def standard_b(window_b):
    return ServiceStandard.objects.create(window=window_b, name="发票代开", procedure="取号、受理")


@pytest.fixture
def plate_b(member_b):
    return IdentityPlate.objects.create(member=member_b, post_title="窗口工作人员", motto="乙")


@pytest.fixture
def score_b(window_b):
    return MonthlyLeaderScore.objects.create(
        window=window_b, month=datetime.date(2026, 3, 1), score=90
    )


# -- Create forms: choices and POSTs -------------------------------------------------


def test_create_forms_offer_only_the_secretarys_own_windows_and_members(
    client, secretary_a, window_a, window_b, member_a, member_b
):
    client.force_login(secretary_a.user)
    for model in (ServiceStandard, MonthlyLeaderScore):
        response = client.get(snippet_url(model, "add"))
        assert response.status_code == 200
        windows = choice_ids(response, "window")
        assert window_a.pk in windows
        assert window_b.pk not in windows
    response = client.get(snippet_url(IdentityPlate, "add"))
    members = choice_ids(response, "member")
    assert member_a.pk in members
    assert member_b.pk not in members


def test_a_standard_for_another_branchs_window_is_refused(client, secretary_a, window_b):
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(ServiceStandard, "add"),
        {
            "window": window_b.pk,
            "name": "越权事项",
            "procedure": "无",
            "time_limit": "即办",
            "sort_order": 0,
        },
    )
    assert response.status_code in (200, 400)
    assert "只能选择您所管理的" in response.content.decode()
    assert not ServiceStandard.objects.filter(name="越权事项").exists()


def test_a_monthly_score_for_another_branchs_window_is_refused(client, secretary_a, window_b):
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(MonthlyLeaderScore, "add"),
        {"window": window_b.pk, "month": "2026-03-01", "score": 99, "comment": ""},
    )
    assert response.status_code in (200, 400)
    assert "只能选择您所管理的" in response.content.decode()
    assert not MonthlyLeaderScore.objects.exists()


def test_a_plate_for_another_branchs_member_is_refused(client, secretary_a, member_b):
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(IdentityPlate, "add"),
        {
            "member": member_b.pk,
            "post_title": "窗口工作人员",
            "motto": "越权",
            "is_published": "on",
        },
    )
    assert response.status_code in (200, 400)
    assert "只能选择您所管理的" in response.content.decode()
    assert not IdentityPlate.objects.exists()


def test_secretary_adds_a_standard_for_their_own_window(client, secretary_a, window_a):
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(ServiceStandard, "add"),
        {
            "window": window_a.pk,
            "name": "低保申请",
            "procedure": "受理、审核",
            "time_limit": "3个工作日",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    assert ServiceStandard.objects.get(name="低保申请").window == window_a


# -- Another branch's objects: listing, edit, delete, history --------------------------


@pytest.mark.parametrize("fixture", ["standard_b", "plate_b", "score_b"])
def test_another_branchs_object_is_not_listed_and_every_view_of_it_is_404(
    client, secretary_a, request, fixture
):
    obj = request.getfixturevalue(fixture)
    model = type(obj)
    client.force_login(secretary_a.user)
    listing = client.get(snippet_url(model, "list"))
    assert listing.status_code == 200
    assert snippet_url(model, "edit", obj.pk) not in listing.content.decode()
    for action in ("edit", "delete", "history"):
        assert client.get(snippet_url(model, action, obj.pk)).status_code == 404, action
    assert client.post(snippet_url(model, "delete", obj.pk)).status_code == 404
    assert model.objects.filter(pk=obj.pk).exists()


def test_editing_another_branchs_standard_by_post_changes_nothing(
    client, secretary_a, standard_b, window_a
):
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(ServiceStandard, "edit", standard_b.pk),
        {
            "window": window_a.pk,
            "name": "改名",
            "procedure": "无",
            "time_limit": "即办",
            "sort_order": 0,
        },
    )
    assert response.status_code == 404
    standard_b.refresh_from_db()
    assert (standard_b.name, standard_b.window.name) == ("发票代开", "税务局窗口")


def test_moving_own_standard_to_another_branchs_window_is_refused(
    client, secretary_a, window_a, window_b
):
    standard = ServiceStandard.objects.create(
        window=window_a, name="低保申请", procedure="受理", time_limit="即办"
    )
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(ServiceStandard, "edit", standard.pk),
        {
            "window": window_b.pk,
            "name": "低保申请",
            "procedure": "受理",
            "time_limit": "即办",
            "sort_order": 0,
        },
    )
    assert response.status_code in (200, 400)
    assert "只能选择您所管理的" in response.content.decode()
    standard.refresh_from_db()
    assert standard.window == window_a


# -- Read-only listings -------------------------------------------------------------


def test_another_branchs_pledge_and_star_rating_cannot_be_inspected(
    client, secretary_a, secretary_b, member_b
):
    pledge = make_published(member=member_b, by=secretary_b.user)
    rating = StarRating.objects.create(member=member_b, year=2026, half=1, score=90, stars=9)
    client.force_login(secretary_a.user)
    assert client.get(snippet_url(Pledge, "inspect", pledge.pk)).status_code == 404
    assert client.get(snippet_url(StarRating, "inspect", rating.pk)).status_code == 404
    client.force_login(secretary_b.user)
    assert client.get(snippet_url(Pledge, "inspect", pledge.pk)).status_code == 200


def test_read_only_snippets_have_no_add_or_edit(client, secretary_a, member_a):
    pledge = make_published(member=member_a, by=secretary_a.user)
    client.force_login(secretary_a.user)
    assert client.get(snippet_url(Pledge, "add")).status_code in (302, 403)
    assert client.get(snippet_url(Pledge, "edit", pledge.pk)).status_code in (302, 403)


def test_committee_sees_both_branches_windows(client, committee, window_a, window_b):
    client.force_login(committee.user)
    windows = choice_ids(client.get(snippet_url(ServiceStandard, "add")), "window")
    assert {window_a.pk, window_b.pk} <= windows


def test_member_of_window_b_is_not_offered_to_branch_a(client, secretary_a, window_b):
    hidden = MemberFactory(name="乙窗口党员", organisation=window_b)
    client.force_login(secretary_a.user)
    assert hidden.pk not in choice_ids(client.get(snippet_url(IdentityPlate, "add")), "member")
