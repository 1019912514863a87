"""Deleting in the activities admin: what holds assessments is refused, a bare checklist is not."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from activities.models import Assessment, Campaign, ChecklistItem, ChecklistTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.cn", "pass-12345")


def delete_url(model, pk):
    return reverse(f"wagtailsnippets_activities_{model._meta.model_name}:delete", args=[pk])


def test_a_campaign_with_participants_is_not_deleted(client, superuser, campaign, assessment_a):
    client.force_login(superuser)

    response = client.post(delete_url(Campaign, campaign.pk))

    assert response.status_code == 409
    assert "自查" in response.content.decode()
    assert Assessment.objects.filter(pk=assessment_a.pk).exists()


def test_a_checklist_in_use_is_not_deleted_and_says_why(client, superuser, campaign):
    client.force_login(superuser)

    response = client.get(delete_url(ChecklistTemplate, campaign.template_id))

    assert response.status_code == 200
    assert "不能删除" in response.content.decode() and "创建活动" in response.content.decode()
    assert client.post(delete_url(ChecklistTemplate, campaign.template_id)).status_code == 409
    assert ChecklistTemplate.objects.filter(pk=campaign.template_id).exists()


def test_an_unused_checklist_goes_with_its_own_items(client, superuser, room_template):
    client.force_login(superuser)

    response = client.post(delete_url(ChecklistTemplate, room_template.pk))

    assert response.status_code == 302
    assert not ChecklistTemplate.objects.filter(pk=room_template.pk).exists()
    assert not ChecklistItem.objects.filter(template_id=room_template.pk).exists()
