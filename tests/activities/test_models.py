"""Checklist versioning and the database rules behind the models."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from activities.models import Assessment, Attendance, ChecklistItem, Meeting
from activities.services import assessment as services

pytestmark = pytest.mark.django_db


def test_editing_the_template_leaves_earlier_assessments_alone(
    client, committee, campaign, room_template, branch_a, branch_b
):
    before = services.start_assessment(campaign=campaign, organisation=branch_a)
    assert before.template_version == 1
    client.force_login(committee.user)
    url = reverse("wagtailsnippets_activities_checklisttemplate:edit", args=[room_template.pk])
    items = list(room_template.items.order_by("sort_order"))
    data = {
        "name": room_template.name,
        "kind": "room",
        "title_name": "标准化党员活动室",
        "description": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        prefix = f"items-{index}-"
        data.update(
            {
                prefix + "id": str(item.pk),
                prefix + "ORDER": str(index + 1),
                prefix + "section": item.section,
                prefix + "text": item.text,
                prefix + "is_required": "on" if item.is_required else "",
                prefix + "photo_required": "on" if item.photo_required else "",
                prefix + "is_veto": "",
            }
        )
    data["items-0-text"] = "有醒目的门牌（统一制作）"
    data["items-1-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    room_template.refresh_from_db()
    assert room_template.version == 2
    assert ChecklistItem.objects.filter(text="有醒目的门牌（统一制作）").exists()

    texts = list(before.items.values_list("text", flat=True))
    assert texts[:2] == ["有醒目的门牌", "有党旗党徽"]
    after = services.start_assessment(campaign=campaign, organisation=branch_b)
    assert after.template_version == 2
    assert list(after.items.values_list("text", flat=True))[:2] == [
        "有醒目的门牌（统一制作）",
        "墙上挂“入党誓词”牌",
    ]


def test_one_assessment_per_participant(campaign, branch_a):
    first = services.start_assessment(campaign=campaign, organisation=branch_a)
    again = services.start_assessment(campaign=campaign, organisation=branch_a)
    assert first == again
    with pytest.raises(IntegrityError):
        Assessment.objects.create(campaign=campaign, organisation=branch_a, template_version=1)


def test_absence_without_reason_is_refused_by_the_database(branch_a, member_a):
    meeting = Meeting.objects.create(
        organisation=branch_a, kind="theme_day", title="主题党日", held_on=datetime.date.today()
    )
    with pytest.raises(IntegrityError):
        Attendance.objects.create(meeting=meeting, member=member_a, present=False)


def test_campaign_form_adds_participants_of_the_right_kind(
    client, committee, room_template, branch_a, window, titles
):
    client.force_login(committee.user)
    url = reverse("wagtailsnippets_activities_campaign:add")
    data = {
        "name": "创建标准化党员活动室",
        "year": "2026",
        "template": room_template.pk,
        "organiser": committee.organisation.pk,
        "description": "",
        "phases-TOTAL_FORMS": "1",
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
        "phases-0-kind": "apply",
        "phases-0-starts_on": "2026-05-01",
        "phases-0-ends_on": "2026-05-31",
        "phases-0-ORDER": "1",
        "participants": [branch_a.pk, window.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "只适用于党支部" in response.content.decode()
    assert not Assessment.objects.exists()
    data["participants"] = [branch_a.pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = Assessment.objects.get()
    assert assessment.organisation == branch_a and assessment.items.count() == 4
