"""三会一课 on the workbench: branches that still have to hold this month's meetings, counted
as 组织生活落实情况's 本月待开展 list shows them, in a fixed number of queries."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Meeting
from activities.selectors import meetings_due
from portal.models import Organisation
from portal.workbench import staff_todos
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

K = Meeting.Kind
JUNE = datetime.date(2026, 6, 15)  # the last month of a quarter: 党员大会 and 党课 are due too


def held(organisation, kind, day, status=Meeting.Status.HELD):
    return Meeting.objects.create(
        organisation=organisation, kind=kind, title="学习", held_on=day, status=status
    )


def every_monthly(branch, day):
    for kind in (K.THEME_DAY, K.COMMITTEE):
        held(branch, kind, day)


def test_a_branch_is_due_what_it_has_not_held_this_month_and_this_quarter(branch_a, branch_b):
    every_monthly(branch_a, datetime.date(2026, 6, 2))
    held(branch_a, K.CONGRESS, datetime.date(2026, 4, 20))  # this quarter
    held(branch_a, K.LECTURE, datetime.date(2026, 3, 20))  # last quarter: not enough
    every_monthly(branch_b, datetime.date(2026, 5, 30))  # last month: not enough
    held(branch_b, K.THEME_DAY, datetime.date(2026, 6, 20), status=Meeting.Status.PLANNED)
    group = OrganisationFactory(parent=branch_b, kind=Organisation.Kind.GROUP)
    held(group, K.CONGRESS, datetime.date(2026, 6, 1))  # a group's meeting is its branch's
    due = {
        row.branch.pk: row.due for row in meetings_due(branches=[branch_a, branch_b], today=JUNE)
    }
    assert due[branch_a.pk] == ["党课"]
    assert due[branch_b.pk] == ["主题党日", "支委会", "党小组会", "党课"]


def test_in_a_quarters_first_month_only_the_monthly_meetings_are_due(branch_a):
    every_monthly(branch_a, datetime.date(2026, 7, 1))
    assert meetings_due(branches=[branch_a], today=datetime.date(2026, 7, 9)) == []


def test_the_count_is_the_length_of_the_due_list_and_scoped_to_the_secretary(
    client, secretary_a, branch_a, branch_b, committee
):
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0), tick=False):
        every_monthly(branch_b, datetime.date(2026, 6, 2))
        todo = {t.key: t for t in staff_todos(committee.user)}["activities.meetings_due"]
        assert todo.count == 2
        client.force_login(committee.user)
        page = client.get(todo.url.split("#")[0]).content.decode()
        assert set(re.findall(r'data-branch="(\d+)"', page)) == {str(branch_a.pk), str(branch_b.pk)}
        assert "6月待开展" in page
        mine = {t.key: t for t in staff_todos(secretary_a.user)}["activities.meetings_due"]
        assert mine.count == 1
        client.force_login(secretary_a.user)
        page = client.get(mine.url.split("#")[0]).content.decode()
        assert re.findall(r'data-branch="(\d+)"', page) == [str(branch_a.pk)]


def test_the_meetings_item_costs_the_same_queries_for_few_and_many_branches(committee):
    def grow(n):
        for _ in range(n):
            branch = OrganisationFactory(parent=committee.organisation)
            OrganisationFactory(parent=branch, kind=Organisation.Kind.GROUP)
            every_monthly(branch, datetime.date(2026, 6, 3))

    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0), tick=False):
        grow(1)
        staff_todos(committee.user)
        with CaptureQueriesContext(connection) as small:
            staff_todos(committee.user)
        grow(6)
        with CaptureQueriesContext(connection) as large:
            staff_todos(committee.user)
    assert len(large) == len(small)
