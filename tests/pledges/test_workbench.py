"""Pledges on the workbench: submitted pledges to review, and a member's returned pledge."""

import pytest

from pledges import services
from pledges.models import Pledge
from portal.workbench import member_todos, staff_todos
from tests.factories import MemberFactory
from tests.pledges.conftest import MEMBER_LINES

pytestmark = pytest.mark.django_db


def submitted(member) -> Pledge:
    pledge = services.create_pledge(by=member.user, year=2026, lines=MEMBER_LINES, member=member)
    return services.submit_pledge(pledge=pledge, by=member.user)


def counts(user) -> dict:
    return {todo.key: todo.count for todo in staff_todos(user)}


def test_pledges_to_review_count_matches_the_review_page_and_leaves_out_own_and_branch_b(
    client, secretary_a, branch_a, member_b
):
    for _ in range(2):
        submitted(MemberFactory(organisation=branch_a))
    submitted(secretary_a)  # their own: the committee reviews it
    submitted(member_b)
    assert counts(secretary_a.user)["pledges.review"] == 2
    client.force_login(secretary_a.user)
    page = client.get("/admin/pledges/review/").content.decode()
    assert page.count('value="publish"') == 2


def test_a_returned_pledge_waits_on_its_member_with_the_note(member_a, secretary_a):
    pledge = submitted(member_a)
    assert not [t for t in member_todos(member_a) if t.key.startswith("pledges.")]
    services.return_pledge(pledge=pledge, by=secretary_a.user, note="请写得具体一些")
    todos = [t for t in member_todos(member_a) if t.key.startswith("pledges.")]
    assert [(t.count, t.hint, t.url) for t in todos] == [
        (1, "请写得具体一些", f"/me/pledges/{pledge.pk}/edit/")
    ]
