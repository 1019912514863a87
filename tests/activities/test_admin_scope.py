"""The 组织生活 and 创建活动 admin: branch A's secretary cannot see, choose or change branch B's
meetings, room records or assessments, by listing, form choice or typed-in id."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Meeting, RoomUse
from tests.helpers import choice_ids, snippet_url


@pytest.fixture
def meeting_b(branch_b):
    return Meeting.objects.create(
        organisation=branch_b,
        kind=Meeting.Kind.choices[0][0],
        title="乙支部党员大会",
        held_on=datetime.date(2026, 3, 5),
    )


@pytest.fixture
def room_use_b(branch_b, meeting_b):
    return RoomUse.objects.create(
        organisation=branch_b, used_on=datetime.date(2026, 3, 5), purpose="乙支部学习"
    )


def meeting_data(organisation, title="越权会议"):
    return {
        "organisation": organisation.pk,
        "kind": Meeting.Kind.choices[0][0],
        "title": title,
        "held_on": "2026-03-10",
        "place": "党员活动室",
        "host": "",
        "status": Meeting.Status.choices[0][0],
        "study_hours": "0",
        "minutes": "",
    }


@pytest.mark.parametrize("fixture", ["meeting_b", "room_use_b"])
def test_another_branchs_record_is_unlisted_and_404_in_every_view(
    client, secretary_a, request, fixture
):
    obj = request.getfixturevalue(fixture)
    model = type(obj)
    client.force_login(secretary_a.user)
    listing = client.get(snippet_url(model, "list"))
    assert listing.status_code == 200
    assert snippet_url(model, "edit", obj.pk) not in listing.content.decode()
    for action in ("edit", "delete", "history", "usage"):
        assert client.get(snippet_url(model, action, obj.pk)).status_code == 404, action
    assert client.post(snippet_url(model, "delete", obj.pk)).status_code == 404
    assert model.objects.filter(pk=obj.pk).exists()


def test_editing_another_branchs_meeting_by_post_changes_nothing(
    client, secretary_a, meeting_b, branch_a
):
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(Meeting, "edit", meeting_b.pk), meeting_data(branch_a, title="改名")
    )
    assert response.status_code == 404
    meeting_b.refresh_from_db()
    assert (meeting_b.title, meeting_b.organisation.name) == ("乙支部党员大会", "乙党支部")


def test_meeting_form_offers_only_own_branch_and_refuses_another(
    client, secretary_a, branch_a, branch_b
):
    client.force_login(secretary_a.user)
    organisations = choice_ids(client.get(snippet_url(Meeting, "add")), "organisation")
    assert branch_a.pk in organisations and branch_b.pk not in organisations
    response = client.post(snippet_url(Meeting, "add"), meeting_data(branch_b))
    assert response.status_code in (200, 400)
    assert not Meeting.objects.filter(title="越权会议").exists()


def test_room_use_cannot_point_at_another_branchs_meeting(client, secretary_a, branch_a, meeting_b):
    client.force_login(secretary_a.user)
    assert meeting_b.pk not in choice_ids(client.get(snippet_url(RoomUse, "add")), "meeting")
    response = client.post(
        snippet_url(RoomUse, "add"),
        {
            "organisation": branch_a.pk,
            "used_on": "2026-03-10",
            "purpose": "越权关联",
            "equipment": "",
            "keeper": "",
            "meeting": meeting_b.pk,
            "note": "",
        },
    )
    assert response.status_code in (200, 400)
    assert not RoomUse.objects.filter(purpose="越权关联").exists()


def test_custom_views_with_another_branchs_id_are_404(
    client, secretary_a, meeting_b, assessment_b, branch_b
):
    client.force_login(secretary_a.user)
    urls = [
        reverse("activities_meeting_record", args=[meeting_b.pk]),
        reverse("activities_assessment", args=[assessment_b.pk]),
        reverse("activities_self_assessment", args=[assessment_b.pk]),
        reverse("activities_compliance_export", args=[branch_b.pk, 2026]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("activities_meeting_record", args=[meeting_b.pk]), {})
    assert response.status_code == 404


def test_campaign_dashboard_shows_only_the_secretarys_branch(
    client, secretary_a, assessment_a, assessment_b
):
    client.force_login(secretary_a.user)
    response = client.get(reverse("activities_dashboard", args=[assessment_a.campaign_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "甲党支部" in page
    assert "乙党支部" not in page
