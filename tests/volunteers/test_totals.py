"""The running hours totals always equal the sums of the records they stand for."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import MemberFactory
from tests.volunteers.conftest import make_record, past_activity
from volunteers.models import (
    ActivityMonthTotal,
    CorrectionRequest,
    MemberHoursTotal,
    OrganisationMonthTotal,
    OrganisationYearTotal,
    RecordVersion,
    ServiceRecord,
    TeamHoursTotal,
)
from volunteers.selectors import branch_totals, ranking, team_year_hours
from volunteers.services import (
    approve_record,
    decide_correction,
    edit_record,
    join_team,
    request_correction,
    return_record,
)
from volunteers.services.totals import refresh_hours_totals

pytestmark = pytest.mark.django_db


def from_records() -> dict:
    """Every running total, summed the slow way from the approved records."""
    sums: dict = defaultdict(lambda: [Decimal("0"), 0, set()])
    for record in ServiceRecord.objects.counted().select_related("member"):
        month = record.served_on.replace(day=1)
        organisation = record.member.organisation_id
        keys = [
            ("member", record.member_id, record.served_on.year),
            ("team", record.team_id, record.served_on.year),
            ("organisation", organisation, month),
            ("organisation-year", organisation, record.served_on.year),
        ]
        if record.activity_id:
            keys.append(("activity", record.activity_id, organisation, month))
        for key in keys:
            sums[key][0] += record.hours
            sums[key][1] += 1
            sums[key][2].add(record.member_id)
    result = {}
    for key, (hours, records, people) in sums.items():
        if key[0] in ("member", "team"):
            result[key] = (hours, records)
        elif key[0] in ("organisation", "organisation-year"):
            result[key] = (hours, records, len(people))
        else:
            result[key] = records
    return result


def stored() -> dict:
    result = {}
    for row in MemberHoursTotal.objects.exclude(records=0):
        result[("member", row.member_id, row.year)] = (row.hours, row.records)
    for row in TeamHoursTotal.objects.exclude(records=0):
        result[("team", row.team_id, row.year)] = (row.hours, row.records)
    for row in OrganisationMonthTotal.objects.exclude(records=0):
        key = ("organisation", row.organisation_id, row.month)
        result[key] = (row.hours, row.records, row.people)
    for row in OrganisationYearTotal.objects.exclude(records=0):
        key = ("organisation-year", row.organisation_id, row.year)
        result[key] = (row.hours, row.records, row.people)
    for row in ActivityMonthTotal.objects.exclude(records=0):
        result[("activity", row.activity_id, row.organisation_id, row.month)] = row.records
    return result


def assert_totals_match():
    assert stored() == from_records()


def test_totals_follow_approvals_corrections_returns_edits_and_deletions(
    team, other_team, leader, volunteer, branch_a, secretary_a
):
    other_leader = other_team.leaders.get()
    second = MemberFactory(organisation=branch_a)
    join_team(team=team, member=second)
    join_team(team=other_team, member=volunteer)
    records = [
        make_record(member=volunteer, team=team, hours="2", days_ago=1),
        make_record(member=volunteer, team=other_team, hours="3", days_ago=2),
        make_record(member=second, team=team, hours="1.5", days_ago=3),
        make_record(member=volunteer, team=team, hours="4", days_ago=400),  # another year
        make_record(member=second, team=team, hours="2.5", days_ago=5),
        make_record(member=second, team=team, hours="3", activity=past_activity(team, days_ago=1)),
    ]
    assert_totals_match()  # pending counts nothing
    assert not MemberHoursTotal.objects.exists()

    for record in records[:4] + records[5:]:
        approver = other_leader if record.team_id == other_team.pk else leader
        approve_record(record=record, by=approver, quality="good")
        assert_totals_match()
    return_record(record=records[4], by=leader, reason="时间与签到不符")
    assert_totals_match()

    # A leader's edit sends an approved record back to 待审核: it stops counting, then counts anew.
    edited = edit_record(record=records[0], by=leader, hours="1.5")
    assert_totals_match()
    approve_record(record=edited, by=secretary_a, quality="pass")
    assert_totals_match()

    # An accepted correction changes the hours of an approved record.
    correction = request_correction(
        member=second, record=records[2], explanation="实际服务了1小时", proposed_hours="1"
    )
    decide_correction(correction=correction, by=leader, accept=True, reason="核实无误")
    assert_totals_match()
    approve_record(record=ServiceRecord.objects.get(pk=records[2].pk), by=leader)
    assert_totals_match()

    # Deleting (an erasure done in the shell: the services delete nothing) takes its hours away.
    CorrectionRequest.objects.filter(record=records[2]).delete()
    RecordVersion.objects.filter(record__in=records[1:3]).delete()
    ServiceRecord.objects.get(pk=records[1].pk).delete()
    ServiceRecord.objects.filter(pk=records[2].pk).delete()
    assert_totals_match()

    year = timezone.localdate().year
    assert team_year_hours(team, year) == Decimal("4.5")
    assert team_year_hours(other_team, year) == Decimal("0")
    assert branch_totals(branch_a, year) == {
        "year_hours": Decimal("4.5"),
        "all_hours": Decimal("8.5"),
        "people": 2,
    }


def test_two_approvals_for_one_member_in_a_new_year_add_up(team, leader, volunteer):
    first = make_record(member=volunteer, team=team, hours="2", days_ago=1)
    second = make_record(member=volunteer, team=team, hours="3", days_ago=2)
    approve_record(record=first, by=leader)
    approve_record(record=second, by=leader)
    row = MemberHoursTotal.objects.get(member=volunteer)
    assert (row.hours, row.records) == (Decimal("5"), 2)
    assert_totals_match()


def test_the_rebuild_repairs_totals_written_around_the_services(team, leader, volunteer):
    record = make_record(member=volunteer, team=team, hours="2")
    approve_record(record=record, by=leader)
    MemberHoursTotal.objects.update(hours=Decimal("99"))
    ServiceRecord.objects.filter(pk=record.pk).update(hours="3")  # a repair in the shell
    assert stored() != from_records()

    call_command("refresh_hours_totals", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_totals_match()
    assert refresh_hours_totals() == 4  # a member's, a team's, an organisation's year and month


def test_the_hours_board_reads_the_year_s_totals(team, leader, volunteer, branch_a):
    second = MemberFactory(organisation=branch_a)
    join_team(team=team, member=second)
    for member, hours in ((volunteer, "2"), (second, "3"), (volunteer, "4")):
        record = make_record(
            member=member, team=team, hours=hours, days_ago=1 + int(Decimal(hours))
        )
        approve_record(record=record, by=leader)
    last_year = make_record(member=second, team=team, hours="8", days_ago=400)
    approve_record(record=last_year, by=leader)

    board = ranking(timezone.localdate().year)
    assert [(row["rank"], row["hours"]) for row in board] == [
        (1, Decimal("6")),
        (2, Decimal("3")),
    ]
    assert ranking((timezone.localdate() - timedelta(days=400)).year)[0]["hours"] == Decimal("8")
