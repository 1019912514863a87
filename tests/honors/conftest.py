"""Fixtures for the honours tests: certificates written to a temporary folder."""

import pytest

from honors.models import HonorCategory, Title
from tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def certificate_root(settings, tmp_path):
    settings.HONORS_CERTIFICATE_ROOT = tmp_path / "private"
    settings.SITE_URL = "https://portal.example.cn"
    return settings.HONORS_CERTIFICATE_ROOT


@pytest.fixture
def category(db):
    return HonorCategory.objects.get_or_create(name="敬业", defaults={"sort_order": 0})[0]


@pytest.fixture
def person_title(db):
    return Title.objects.get_or_create(name="服务之星", defaults={"holder_kind": "person"})[0]


@pytest.fixture
def plaque_title(db):
    return Title.objects.get_or_create(
        name="红旗窗口", defaults={"holder_kind": "organisation", "has_plaque": True}
    )[0]


@pytest.fixture
def rare_member(branch_a):
    return MemberFactory(name="王𠈌堃珺", organisation=branch_a)
