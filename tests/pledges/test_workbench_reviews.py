"""三评 on the workbench: rounds waiting for a 领导点评, a 等次 or the committee, and a review a
member has still to give. Each count is the length of the list it links to."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pledges import services
from pledges.models import ReviewRound
from portal.workbench import member_todos, staff_todos
from tests.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def todos(user) -> dict:
    return {todo.key: todo for todo in staff_todos(user)}


def listed_rounds(client, url) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-round="(\d+)"', client.get(url).content.decode())}


def test_open_rounds_without_every_leader_review_wait_on_the_secretary(
    client, committee, secretary_a, branch_a, branch_b
):
    people = [MemberFactory(organisation=branch_a) for _ in range(2)]
    waiting = services.open_round(branch=branch_a, by=committee.user, year=2026, half=1)
    done = services.open_round(branch=branch_a, by=committee.user, year=2025, half=2)
    for person in people:
        services.write_leader_review(
            round=done, by=secretary_a.user, member=person, score=90, comment="服务热情"
        )
    services.open_round(branch=branch_b, by=committee.user, year=2026, half=1)  # not theirs
    todo = todos(secretary_a.user)["pledges.rounds.review"]
    # The secretary's own row never waits on them: nobody reviews themself.
    assert todo.count == 1
    client.force_login(secretary_a.user)
    assert listed_rounds(client, todo.url) == {waiting.pk}
    for person in people:
        services.write_leader_review(
            round=waiting, by=secretary_a.user, member=person, score=88, comment="认真负责"
        )
    assert "pledges.rounds.review" not in todos(secretary_a.user)


def test_a_closed_yearly_round_waits_for_grades_then_for_the_committee(
    client, committee, secretary_a, branch_a
):
    person = MemberFactory(organisation=branch_a)
    round = services.open_round(
        branch=branch_a, by=committee.user, year=2025, half=2, is_annual=True
    )
    services.close_round(round=round, by=secretary_a.user)
    grade = todos(secretary_a.user)["pledges.rounds.grade"]
    assert grade.count == 1
    client.force_login(secretary_a.user)
    assert listed_rounds(client, grade.url) == {round.pk}
    assert "pledges.rounds.confirm" not in todos(committee.user)
    for who in (person, secretary_a):
        services.propose_grade(round=round, member=who, grade="qualified", by=secretary_a.user)
    assert "pledges.rounds.grade" not in todos(secretary_a.user)
    confirm = todos(committee.user)["pledges.rounds.confirm"]
    assert confirm.count == 1
    client.force_login(committee.user)
    assert listed_rounds(client, confirm.url) == {round.pk}
    services.confirm_grades(round=round, by=committee.user)
    assert "pledges.rounds.confirm" not in todos(committee.user)


def test_a_member_sees_the_review_they_have_not_given_until_they_give_it(
    client, committee, member_a, branch_a
):
    colleague = MemberFactory(organisation=branch_a)
    round = services.open_round(branch=branch_a, by=committee.user, year=2026, half=1)
    ReviewRound.objects.create(branch=branch_a, year=2025, half=1, status="closed")
    mine = [t for t in member_todos(member_a) if t.key.startswith("pledges.review_round")]
    assert [t.url for t in mine] == [f"/me/reviews/{round.pk}/"]
    client.force_login(member_a.user)
    assert "参加评议" in client.get("/me/").content.decode()
    services.submit_self_assessment(round=round, member=member_a, text="按时参加组织生活")
    services.submit_peer_rating(
        round=round, rater=member_a, ratee=colleague, skill=5, conduct=4, performance=5
    )
    assert not [t for t in member_todos(member_a) if t.key.startswith("pledges.review_round")]


def test_round_todos_cost_the_same_queries_for_a_small_and_a_large_subtree(committee):
    def grow(branches: int, people: int):
        for year in range(branches):
            branch = OrganisationFactory(parent=committee.organisation)
            for _ in range(people):
                MemberFactory(organisation=branch)
            services.open_round(branch=branch, by=committee.user, year=2020 + year, half=1)

    secretary = MemberFactory(organisation=committee.organisation, role="secretary")
    grow(1, 1)
    staff_todos(secretary.user)
    with CaptureQueriesContext(connection) as small:
        first = todos(secretary.user)["pledges.rounds.review"].count
    grow(4, 6)
    with CaptureQueriesContext(connection) as large:
        assert todos(secretary.user)["pledges.rounds.review"].count == first + 4
    assert len(large) == len(small)
