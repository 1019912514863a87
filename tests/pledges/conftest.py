"""Fixtures for the pledges tests: the section page, windows, pledges in each state."""

import datetime

import pytest

from pledges import services
from pledges.models import Pledge, PledgeItem, PledgeWallPage
from tests.factories import MemberFactory, WindowFactory, home_page

MEMBER_LINES = [
    "热情接待每一位办事群众，做到来有迎声、问有答声、走有送声",
    "代理一个项目，当好代办员",
]
ORG_LINES = [f"第{i}条：不让服务对象在我这里受到冷落" for i in range(1, 11)]


@pytest.fixture
def wall(db):
    existing = PledgeWallPage.objects.first()
    if existing:
        return existing
    return home_page().add_child(instance=PledgeWallPage(title="公开承诺", slug="pledges"))


@pytest.fixture
def window_a(branch_a):
    return WindowFactory(name="民政局窗口", code="FWZX-MZ", parent=branch_a)


@pytest.fixture
def window_member(window_a):
    return MemberFactory(name="邓小芸", organisation=window_a, phone="13812345678")


def make_published(*, member=None, organisation=None, by, lines=None, year=2026) -> Pledge:
    """A pledge written by its owner and published by `by` (a secretary in scope)."""
    owner_user = member.user if member else by
    lines = lines or (MEMBER_LINES if member else ORG_LINES)
    pledge = services.create_pledge(
        by=owner_user, year=year, lines=lines, member=member, organisation=organisation
    )
    services.submit_pledge(pledge=pledge, by=owner_user)
    return services.publish_pledge(pledge=pledge, by=by)


@pytest.fixture
def published_pledge(member_a, secretary_a):
    return make_published(member=member_a, by=secretary_a.user)


def bulk_pledges(*, member, count: int, year: int = 2026) -> None:
    """Many published pledges in two inserts, for the query-count tests."""
    now = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    pledges = Pledge.objects.bulk_create(
        Pledge(
            member=member,
            year=year,
            status=Pledge.Status.PUBLISHED,
            published_at=now,
            home_path=member.organisation.path,  # bulk_create skips Pledge.save
        )
        for _ in range(count)
    )
    PledgeItem.objects.bulk_create(
        PledgeItem(pledge=p, content=line, sort_order=i)
        for p in pledges
        for i, line in enumerate(MEMBER_LINES)
    )
