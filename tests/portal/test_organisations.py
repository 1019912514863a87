"""The organisation tree in the admin: committee staff edit it, secretaries only look."""

import pytest
from django.urls import reverse

from portal.models import Organisation
from tests.factories import CommitteeFactory, OrganisationFactory

LIST_URL = reverse("wagtailsnippets_portal_organisation:list")
ADD_URL = reverse("wagtailsnippets_portal_organisation:add")


def url(view, organisation):
    return reverse(f"wagtailsnippets_portal_organisation:{view}", args=[organisation.pk])


def assert_refused(response):
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def organisation_form(parent, **overrides):
    data = {
        "name": "丙党支部",
        "short_name": "",
        "kind": Organisation.Kind.BRANCH,
        "parent": parent.pk if parent else "",
        "code": "BING",
        "description": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_path_follows_a_move_down_the_whole_subtree(committee, branch_a, branch_b):
    group = OrganisationFactory(name="甲一党小组", parent=branch_a)
    branch_a.parent = branch_b
    branch_a.save()
    group.refresh_from_db()
    assert group.path == f"{committee.organisation.pk}/{branch_b.pk}/{branch_a.pk}/{group.pk}/"
    assert branch_b.contains(group)


@pytest.mark.django_db
def test_secretary_sees_only_own_subtree_and_cannot_edit(client, secretary_a, branch_a, branch_b):
    group = OrganisationFactory(name="甲一党小组", parent=branch_a)
    client.force_login(secretary_a.user)
    text = client.get(LIST_URL).content.decode()
    assert "甲党支部" in text and "甲一党小组" in text
    assert "乙党支部" not in text
    assert client.get(url("inspect", group)).status_code == 200
    assert client.get(url("inspect", branch_b)).status_code == 404
    # Wagtail answers a refused admin action with a redirect to the dashboard.
    assert_refused(client.get(url("edit", branch_a)))
    assert_refused(client.get(ADD_URL))
    assert_refused(client.post(ADD_URL, organisation_form(branch_a)))
    assert not Organisation.objects.filter(code="BING").exists()


@pytest.mark.django_db
def test_committee_admin_adds_a_branch_under_their_committee(client, committee):
    client.force_login(committee.user)
    response = client.post(ADD_URL, organisation_form(committee.organisation))
    assert response.status_code == 302
    branch = Organisation.objects.get(code="BING")
    assert branch.parent == committee.organisation
    assert branch.path == f"{committee.organisation.pk}/{branch.pk}/"


@pytest.mark.django_db
def test_committee_admin_cannot_place_a_unit_in_another_committee(client, committee):
    other = CommitteeFactory(name="外单位党委")
    client.force_login(committee.user)
    assert "外单位党委" not in client.get(ADD_URL).content.decode()
    response = client.post(ADD_URL, organisation_form(other))
    assert response.status_code == 400
    assert "只能选择您所管理的组织" in response.content.decode()
    assert not Organisation.objects.filter(code="BING").exists()
    assert client.get(url("edit", other)).status_code == 404


@pytest.mark.django_db
def test_committee_admin_cannot_add_a_second_root(client, committee):
    client.force_login(committee.user)
    response = client.post(ADD_URL, organisation_form(None))
    assert response.status_code == 400
    assert "请选择上级组织" in response.content.decode()


@pytest.mark.django_db
def test_a_unit_cannot_move_under_its_own_child(client, committee, branch_a):
    group = OrganisationFactory(name="甲一党小组", parent=branch_a)
    client.force_login(committee.user)
    form = organisation_form(group, name=branch_a.name, code=branch_a.code)
    response = client.post(url("edit", branch_a), form)
    assert response.status_code == 400
    branch_a.refresh_from_db()
    assert branch_a.parent == committee.organisation


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "请填写组织名称"),
        ({"kind": ""}, "请选择组织类型"),
        ({"code": ""}, "请填写组织编码"),
        ({"code": "第一支部"}, "编码只能包含英文字母"),
        ({"code": "{taken}"}, "已存在"),
    ],
)
def test_malformed_organisation_form_is_refused_in_chinese(
    client, committee, branch_a, overrides, message
):
    client.force_login(committee.user)
    overrides = {k: v.format(taken=branch_a.code) for k, v in overrides.items()}
    before = Organisation.objects.count()
    response = client.post(ADD_URL, organisation_form(committee.organisation, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.count() == before


@pytest.mark.django_db
def test_committee_admin_edits_own_root_without_moving_it(client, committee):
    root = committee.organisation
    client.force_login(committee.user)
    other = CommitteeFactory()
    form = organisation_form(other, name="教育局党委", code=root.code)
    response = client.post(url("edit", root), form)
    assert response.status_code == 302
    root.refresh_from_db()
    assert root.name == "教育局党委"
    assert root.parent is None


@pytest.mark.django_db
def test_organisation_listing_query_count_is_flat(client, committee, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(committee.user)
    OrganisationFactory.create_batch(5, parent=committee.organisation)
    client.get(LIST_URL)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    OrganisationFactory.create_batch(60, parent=committee.organisation)
    with django_assert_num_queries(len(few)):
        assert client.get(LIST_URL).status_code == 200
