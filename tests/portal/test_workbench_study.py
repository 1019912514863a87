"""学时 on the workbench: members short of their yearly requirement, counted as the 学习情况
matrix filtered to them lists them, in a fixed number of queries."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import StudyRequirementSettings
from portal.services.study import credit_study
from portal.workbench import staff_todos
from tests.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def credit(member, hours):
    credit_study(
        member=member,
        title="集中轮训",
        hours=Decimal(hours),
        studied_on=timezone.localdate(),
        source_key=f"training:{member.pk}",
    )


def study_todo(user):
    return {t.key: t for t in staff_todos(user)}.get("portal.study_below")


def test_members_short_of_their_hours_are_counted_as_the_filtered_matrix_lists_them(
    client, secretary_a, branch_a, member_b
):
    settings = StudyRequirementSettings.load()
    settings.member_hours, settings.leader_hours = Decimal("10"), Decimal("20")
    settings.save()
    short = MemberFactory(name="差学时", organisation=branch_a)
    credit(short, "4")
    done = MemberFactory(name="已达标", organisation=branch_a)
    credit(done, "10")
    credit(secretary_a, "12")  # enough for a member, short of a secretary's 20
    MemberFactory(name="已转出", organisation=branch_a, standing="transferred_out")
    # member_b in branch B is short too, but not this secretary's.
    todo = study_todo(secretary_a.user)
    assert todo.count == 2
    assert "党员 10 学时" in str(todo.hint) and "20 学时" in str(todo.hint)
    client.force_login(secretary_a.user)
    page = client.get(todo.url).content.decode()
    assert "未达到学时要求 2 名党员" in page
    assert "差学时" in page and "甲书记" in page
    assert "已达标" not in page and member_b.name not in page
    # The filter stays on in the export link.
    assert re.search(r'href="[^"]*export[^"]*below=1', page)


def test_nobody_short_shows_nothing(secretary_a):
    settings = StudyRequirementSettings.load()
    settings.member_hours = settings.leader_hours = Decimal("1")
    settings.save()
    credit(secretary_a, "1")
    assert study_todo(secretary_a.user) is None


def test_the_study_item_costs_the_same_queries_for_a_small_and_a_large_subtree(committee):
    def grow(branches, people):
        for _ in range(branches):
            branch = OrganisationFactory(parent=committee.organisation)
            for _ in range(people):
                credit(MemberFactory(organisation=branch), "1")

    grow(1, 1)
    study_todo(committee.user)
    with CaptureQueriesContext(connection) as small:
        first = study_todo(committee.user).count
    grow(3, 8)
    with CaptureQueriesContext(connection) as large:
        assert study_todo(committee.user).count == first + 24
    assert len(large) == len(small)
