"""An approved record shows on the cached public volunteer page at once."""

import re

import pytest
from django.core.cache import cache

from volunteers.models import ServiceRecord
from volunteers.services.records import approve_record

from .conftest import make_record


@pytest.mark.django_db(transaction=True)
def test_approving_a_record_drops_the_cached_volunteer_page(
    client, settings, section, team, leader, volunteer, member_a
):
    settings.PUBLIC_PAGE_CACHE = True
    cache.clear()
    record = make_record(member=member_a, team=team, hours="3")
    served = re.compile(r"年服务 3(\.0)? 小时")
    assert not served.search(client.get(section.url).content.decode())
    approve_record(record=record, by=leader)
    assert ServiceRecord.objects.get(pk=record.pk).status == ServiceRecord.Status.APPROVED
    assert served.search(client.get(section.url).content.decode())
