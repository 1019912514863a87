"""The 志愿服务 admin: branch A's secretary cannot reach branch B's teams, activities or records,
and service records are read-only there for everyone, because only the services keep their rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.helpers import choice_ids, snippet_url
from volunteers.models import Activity, CorrectionRequest, ServiceRecord, Team

from .conftest import ActivityFactory, TeamFactory, make_record


@pytest.fixture
def team_a(branch_a, member_a):
    return TeamFactory(name="甲服务队", organisation=branch_a, leaders=[member_a])


@pytest.fixture
def team_b(branch_b, member_b):
    return TeamFactory(name="乙服务队", organisation=branch_b, leaders=[member_b])


@pytest.fixture
def activity_b(team_b):
    return ActivityFactory(team=team_b, title="乙队慰问")


@pytest.fixture
def record_b(member_b, team_b):
    return make_record(member=member_b, team=team_b, hours="2")


def team_data(organisation, leaders=(), name="新服务队"):
    return {
        "name": name,
        "field": "扶弱助老",
        "description": "",
        "organisation": organisation.pk,
        "leaders": [m.pk for m in leaders],
        "contact_phone": "",
        "is_active": "on",
    }


def activity_data(team, title="新活动"):
    start = timezone.localtime() + timedelta(days=3)
    fmt = "%Y-%m-%d %H:%M"
    return {
        "team": team.pk,
        "title": title,
        "kind": "service",
        "place": "社区",
        "starts_at": start.strftime(fmt),
        "ends_at": (start + timedelta(hours=2)).strftime(fmt),
        "capacity": 5,
        "sign_up_deadline": "",
        "description": "",
        "donations": "0",
        "status": "published",
    }


# -- Teams and activities: choices and POSTs ------------------------------------------


def test_team_form_offers_only_own_units_and_members(
    client, secretary_a, branch_a, branch_b, member_a, member_b
):
    client.force_login(secretary_a.user)
    response = client.get(snippet_url(Team, "add"))
    assert response.status_code == 200
    organisations = choice_ids(response, "organisation")
    assert branch_a.pk in organisations and branch_b.pk not in organisations
    leaders = choice_ids(response, "leaders")
    assert member_a.pk in leaders and member_b.pk not in leaders


def test_a_team_for_another_branch_is_refused(client, secretary_a, branch_b):
    client.force_login(secretary_a.user)
    response = client.post(snippet_url(Team, "add"), team_data(branch_b, name="越权队"))
    assert response.status_code in (200, 400)
    assert "只能选择您所管理的" in response.content.decode()
    assert not Team.objects.filter(name="越权队").exists()


def test_another_branchs_member_cannot_lead_a_team(client, secretary_a, branch_a, member_b):
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(Team, "add"), team_data(branch_a, leaders=[member_b], name="越权队")
    )
    assert response.status_code in (200, 400)
    assert "只能选择您所管理的" in response.content.decode()
    assert not Team.objects.filter(name="越权队").exists()


def test_secretary_sets_up_a_team_of_their_branch(client, secretary_a, branch_a, member_a):
    client.force_login(secretary_a.user)
    response = client.post(snippet_url(Team, "add"), team_data(branch_a, leaders=[member_a]))
    assert response.status_code == 302
    team = Team.objects.get(name="新服务队")
    assert team.organisation == branch_a
    assert list(team.leaders.all()) == [member_a]


def test_activity_form_offers_only_own_teams_and_refuses_another(
    client, secretary_a, team_a, team_b
):
    client.force_login(secretary_a.user)
    teams = choice_ids(client.get(snippet_url(Activity, "add")), "team")
    assert team_a.pk in teams and team_b.pk not in teams
    response = client.post(snippet_url(Activity, "add"), activity_data(team_b, title="越权活动"))
    assert response.status_code in (200, 400)
    assert "只能选择您所管理的" in response.content.decode()
    assert not Activity.objects.filter(title="越权活动").exists()


@pytest.mark.parametrize("fixture", ["team_b", "activity_b"])
def test_another_branchs_team_or_activity_is_404_everywhere(client, secretary_a, request, fixture):
    obj = request.getfixturevalue(fixture)
    model = type(obj)
    client.force_login(secretary_a.user)
    listing = client.get(snippet_url(model, "list")).content.decode()
    assert snippet_url(model, "edit", obj.pk) not in listing
    for action in ("edit", "history", "usage"):
        assert client.get(snippet_url(model, action, obj.pk)).status_code == 404, action


def test_editing_another_branchs_team_by_post_changes_nothing(
    client, secretary_a, team_b, branch_a
):
    client.force_login(secretary_a.user)
    response = client.post(snippet_url(Team, "edit", team_b.pk), team_data(branch_a, name="改名"))
    assert response.status_code == 404
    team_b.refresh_from_db()
    assert (team_b.name, team_b.organisation.name) == ("乙服务队", "乙党支部")


# -- Service records and corrections: read-only for everyone --------------------------


def test_secretary_a_cannot_inspect_branch_bs_record(client, secretary_a, secretary_b, record_b):
    client.force_login(secretary_a.user)
    assert client.get(snippet_url(ServiceRecord, "inspect", record_b.pk)).status_code == 404
    listing = client.get(snippet_url(ServiceRecord, "list")).content.decode()
    assert snippet_url(ServiceRecord, "inspect", record_b.pk) not in listing
    client.force_login(secretary_b.user)
    assert client.get(snippet_url(ServiceRecord, "inspect", record_b.pk)).status_code == 200


def test_even_a_superuser_cannot_edit_add_or_delete_a_record_in_the_admin(
    client, superuser, record_b, member_b, team_b
):
    client.force_login(superuser)
    assert client.get(snippet_url(ServiceRecord, "inspect", record_b.pk)).status_code == 200
    assert client.get(snippet_url(ServiceRecord, "edit", record_b.pk)).status_code in (302, 403)
    response = client.post(
        snippet_url(ServiceRecord, "edit", record_b.pk),
        {
            "member": member_b.pk,
            "team": team_b.pk,
            "title": "改过的记录",
            "hours": "30",
            "status": "approved",
        },
    )
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != snippet_url(ServiceRecord, "list")
    record_b.refresh_from_db()
    assert record_b.title != "改过的记录"
    assert record_b.hours != 30
    assert record_b.versions.count() == 1
    assert client.get(snippet_url(ServiceRecord, "add")).status_code in (302, 403)
    assert client.post(snippet_url(ServiceRecord, "delete", record_b.pk)).status_code in (302, 403)
    assert ServiceRecord.objects.filter(pk=record_b.pk).exists()
    listing = client.get(snippet_url(ServiceRecord, "list")).content.decode()
    assert snippet_url(ServiceRecord, "edit", record_b.pk) not in listing
    assert snippet_url(ServiceRecord, "add") not in listing


def test_a_correction_request_is_read_only_too(client, superuser, record_b, member_b, team_b):
    correction = CorrectionRequest.objects.create(
        member=member_b, record=record_b, team=team_b, explanation="时长记错了"
    )
    client.force_login(superuser)
    assert client.get(snippet_url(CorrectionRequest, "inspect", correction.pk)).status_code == 200
    response = client.post(
        snippet_url(CorrectionRequest, "edit", correction.pk),
        {"status": "accepted", "team": team_b.pk, "explanation": "改"},
    )
    assert response.status_code in (302, 403)
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.PENDING
