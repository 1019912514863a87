"""The 志愿服务台帐 .xlsx: one row per approved service record, right totals, flat queries."""

import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from tests.documents import assert_prints_well
from tests.factories import MemberFactory
from tests.volunteers.conftest import bulk_records, make_record, past_activity
from volunteers.models import Activity
from volunteers.selectors import monthly_summary

pytestmark = pytest.mark.django_db


def _download(client, scope, start, end):
    response = client.get("/me/volunteer/ledger.xlsx", {"scope": scope, "start": start, "end": end})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    # The read-only reader streams rows; print settings need the full one.
    response.printable = openpyxl.load_workbook(io.BytesIO(body)).active
    return response, openpyxl.load_workbook(io.BytesIO(body), read_only=True).active


def test_branch_ledger_has_only_approved_service_rows_and_totals(
    client, volunteer, team, other_team, member_b, secretary_a, leader
):
    bulk_records(team=team, members=[volunteer], count=3)  # 6 h approved
    make_record(member=volunteer, team=team, hours="1", days_ago=10)  # pending: left out
    training = past_activity(team, days_ago=20, kind="training")
    make_record(member=volunteer, team=team, activity=training, status="approved")  # training
    bulk_records(team=other_team, members=[member_b], count=2)  # branch B: left out
    client.force_login(secretary_a.user)
    today = timezone.localdate()
    response, sheet = _download(
        client,
        f"org:{secretary_a.organisation.pk}",
        (today - timedelta(days=60)).isoformat(),
        today.isoformat(),
    )
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert_prints_well(response.printable, title="志愿服务台帐-")
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "志愿者", "志愿者编号")
    data = [row for row in rows[1:] if row and isinstance(row[0], int)]
    assert len(data) == 3 and {row[1] for row in data} == {volunteer.name}
    assert data[0][10] == "扫码签到"
    total = rows[-1]
    assert total[0] == "合计" and total[5] == "3 条" and Decimal(str(total[9])) == Decimal("6")


def test_secretary_cannot_export_another_branch(client, secretary_a, branch_b):
    client.force_login(secretary_a.user)
    response = client.get(
        "/me/volunteer/ledger.xlsx",
        {"scope": f"org:{branch_b.pk}", "start": "2024-01-01", "end": "2024-12-31"},
    )
    assert response.status_code == 302  # back to the form: not one of their scopes


def test_export_queries_are_constant(client, team, leader, branch_a, django_assert_num_queries):
    members = MemberFactory.create_batch(5, organisation=branch_a)
    bulk_records(team=team, members=members, count=10)
    client.force_login(leader.user)
    params = {
        "scope": f"team:{team.pk}",
        "start": f"{timezone.localdate().year - 1}-01-01",
        "end": timezone.localdate().isoformat(),
    }
    with django_assert_num_queries(6) as small:
        b"".join(client.get("/me/volunteer/ledger.xlsx", params).streaming_content)
    bulk_records(
        team=team, members=members, count=1000, start_day=timezone.localdate() - timedelta(days=3)
    )
    with django_assert_num_queries(len(small.captured_queries)):
        b"".join(client.get("/me/volunteer/ledger.xlsx", params).streaming_content)


def test_monthly_summary_counts_people_activities_hours_and_donations(volunteer, team, leader):
    activity = past_activity(team, days_ago=2)
    Activity.objects.filter(pk=activity.pk).update(donations=Decimal("1200"))
    record = make_record(member=volunteer, team=team, activity=activity, hours="3")
    from volunteers.services import approve_record

    approve_record(record=record, by=leader)
    today = timezone.localdate()
    rows = monthly_summary(start=today - timedelta(days=30), end=today, team=team)
    month = [row for row in rows if row.activities]
    assert month[0].people == 1 and month[0].hours == Decimal("3")
    assert sum(row.donations for row in rows) == Decimal("1200")
