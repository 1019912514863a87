"""Fixtures shared by the whole suite."""

import os

import pytest

from tests.factories import (
    CommitteeAdminFactory,
    MemberFactory,
    OrganisationFactory,
    SecretaryFactory,
    home_page,
    study_index,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls from live_server fixtures are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache.

    allauth keeps login rate limits and used two-step codes there, and every
    test client signs in from 127.0.0.1: without this, sign-ins from earlier
    tests would count against later ones.
    """
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads and certificate PDFs of every test go to a fresh folder, never the repo's."""
    root = tmp_path_factory.mktemp("files")
    settings.MEDIA_ROOT = root / "media"
    settings.HONORS_CERTIFICATE_ROOT = root / "private"


@pytest.fixture
def home(db):
    return home_page()


@pytest.fixture
def study(db):
    return study_index()


@pytest.fixture
def committee(db):
    """A committee admin at the root of a small tree of two branches."""
    admin = CommitteeAdminFactory()
    return admin


@pytest.fixture
def branch_a(committee):
    return OrganisationFactory(name="甲党支部", parent=committee.organisation)


@pytest.fixture
def branch_b(committee):
    return OrganisationFactory(name="乙党支部", parent=committee.organisation)


@pytest.fixture
def secretary_a(branch_a):
    return SecretaryFactory(name="甲书记", organisation=branch_a)


@pytest.fixture
def secretary_b(branch_b):
    return SecretaryFactory(name="乙书记", organisation=branch_b)


@pytest.fixture
def member_a(branch_a):
    return MemberFactory(name="甲党员", organisation=branch_a)


@pytest.fixture
def member_b(branch_b):
    return MemberFactory(name="乙党员", organisation=branch_b)


@pytest.fixture
def superuser(db):
    from tests.helpers import make_superuser

    return make_superuser()
