"""An award is what someone earned: it is revoked, never deleted, not even by a superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from honors import services
from honors.models import Award

pytestmark = pytest.mark.django_db


def test_an_award_is_not_deleted_and_the_page_says_to_revoke_it(client, member_a, person_title):
    award = services.grant_award(
        title=person_title, holder=member_a, period="2025年度", certificate=False
    )
    superuser = get_user_model().objects.create_superuser("root", "root@example.cn", "pw-12345")
    client.force_login(superuser)
    url = reverse("wagtailsnippets_honors_award:delete", args=[award.pk])

    page = client.get(url)
    response = client.post(url)

    assert page.status_code == 200 and "「撤销」" in page.content.decode()
    assert response.status_code == 409
    assert Award.objects.filter(pk=award.pk).exists()
