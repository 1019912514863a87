"""Deleting in the volunteers admin: teams and activities with people's records stay."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from volunteers.models import Activity, SignUp, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.cn", "pass-12345")


def delete_url(model, pk):
    return reverse(f"wagtailsnippets_volunteers_{model._meta.model_name}:delete", args=[pk])


def test_an_activity_with_sign_ups_is_not_deleted(client, superuser, activity, volunteer):
    SignUp.objects.create(activity=activity, member=volunteer)
    client.force_login(superuser)

    response = client.post(delete_url(Activity, activity.pk))

    assert response.status_code == 409
    assert "报名" in response.content.decode()
    assert SignUp.objects.filter(activity=activity).count() == 1


def test_a_team_with_members_is_not_deleted(client, superuser, team, volunteer):
    client.force_login(superuser)

    page = client.get(delete_url(Team, team.pk))
    response = client.post(delete_url(Team, team.pk))

    assert page.status_code == 200 and "不能删除" in page.content.decode()
    assert response.status_code == 409
    assert Team.objects.filter(pk=team.pk).exists()
    assert team.memberships.filter(member=volunteer).exists()
