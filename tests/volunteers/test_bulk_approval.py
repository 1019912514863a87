"""通过所选: many records in one action, each under the one-at-a-time rules."""

import threading

import pytest
from django.db import connection

from tests.factories import MemberFactory
from tests.volunteers.conftest import make_record
from volunteers.models import RecordVersion, ServiceRecord
from volunteers.services import approve_records, return_record

pytestmark = pytest.mark.django_db


def login(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def waiting(team, branch_a):
    """Five members of branch A, each with one record of their own waiting."""
    people = [MemberFactory(organisation=branch_a) for _ in range(5)]
    return [make_record(member=person, team=team, by=person) for person in people]


def test_secretary_approves_many_records_each_with_its_own_history(secretary_a, waiting):
    outcome = approve_records(record_ids=[r.pk for r in waiting], by=secretary_a)
    assert len(outcome.done) == 5 and outcome.refused == []
    assert ServiceRecord.objects.filter(status="approved", reviewed_by=secretary_a).count() == 5
    for record in waiting:
        assert RecordVersion.objects.filter(record=record, action="approved").count() == 1


def test_own_record_out_of_scope_and_returned_are_refused_and_the_rest_approved(
    secretary_a, waiting, team, other_team, member_b, leader
):
    own = make_record(member=secretary_a, team=team, by=secretary_a, days_ago=3)
    foreign = make_record(member=member_b, team=other_team, by=member_b, days_ago=3)
    return_record(record=waiting[0], by=leader, reason="时间不符")
    ids = [r.pk for r in waiting] + [own.pk, foreign.pk]
    outcome = approve_records(record_ids=ids, by=secretary_a)
    assert {r.pk for r in outcome.done} == {r.pk for r in waiting[1:]}
    reasons = dict(outcome.refused)
    assert len(outcome.refused) == 3
    assert "不能审核自己记录" in reasons[f"{secretary_a.name} · {own.title}"]
    assert reasons[f"记录 {foreign.pk}"] == "不在您可以审核的范围内。"
    # The out-of-scope record is not named to someone who may not see it.
    assert member_b.name not in " ".join(label for label, _ in outcome.refused)
    assert "已退回" in reasons[f"{waiting[0].member.name} · {waiting[0].title}"]
    foreign.refresh_from_db()
    assert foreign.status == "pending"


def test_a_record_approved_by_someone_else_is_reported_not_approved_twice(
    secretary_a, leader, waiting
):
    approve_records(record_ids=[waiting[0].pk], by=leader)
    outcome = approve_records(record_ids=[r.pk for r in waiting], by=secretary_a)
    assert len(outcome.done) == 4
    assert outcome.refused == [
        (f"{waiting[0].member.name} · {waiting[0].title}", f"已由{leader.name}审核通过。")
    ]
    assert RecordVersion.objects.filter(record=waiting[0], action="approved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_approving_at_once_approve_each_record_once(team, branch_a, committee):
    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    from tests.factories import SecretaryFactory

    first, second = SecretaryFactory(organisation=branch_a), committee
    people = [MemberFactory(organisation=branch_a) for _ in range(10)]
    ids = [make_record(member=p, team=team, by=p).pk for p in people]
    outcomes = {}

    def run(name, by):
        try:
            outcomes[name] = approve_records(record_ids=ids, by=by)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, b)) for n, b in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    approved = len(outcomes["a"].done) + len(outcomes["b"].done)
    assert approved == 10
    assert len(outcomes["a"].refused) + len(outcomes["b"].refused) == 10
    assert RecordVersion.objects.filter(record_id__in=ids, action="approved").count() == 10


def test_select_all_on_the_page_approves_twenty_records_in_one_post(client, secretary_a, team):
    people = [MemberFactory(organisation=secretary_a.organisation) for _ in range(20)]
    ids = [make_record(member=p, team=team, by=p).pk for p in people]
    login(client, secretary_a)
    page = client.get("/me/volunteer/lead/").content.decode()
    assert page.count('type="checkbox" name="records"') == 20
    response = client.post(
        "/me/volunteer/lead/records/approve/", {"records": ids, "quality": "good"}, follow=True
    )
    assert response.status_code == 200
    assert "已通过 20 条记录，共 40 小时。" in response.content.decode()
    assert ServiceRecord.objects.filter(pk__in=ids, status="approved", quality="good").count() == 20


def test_approve_all_by_filter_takes_only_the_chosen_team(client, secretary_a, team, branch_a):
    from tests.volunteers.conftest import TeamFactory

    second = TeamFactory(organisation=branch_a)
    mine = make_record(member=MemberFactory(organisation=branch_a), team=team)
    theirs = make_record(member=MemberFactory(organisation=branch_a), team=second)
    login(client, secretary_a)
    client.post("/me/volunteer/lead/records/approve/", {"scope": "all", "team": team.pk})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("approved", "pending")


def test_branch_b_secretary_cannot_approve_branch_a_records_by_posting_their_ids(
    client, secretary_b, waiting
):
    login(client, secretary_b)
    response = client.post(
        "/me/volunteer/lead/records/approve/", {"records": [r.pk for r in waiting]}, follow=True
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "5 条未通过" in text and "不在您可以审核的范围内" in text
    assert waiting[0].member.name not in text
    assert not ServiceRecord.objects.filter(status="approved").exists()


def test_nothing_ticked_or_a_bad_quality_is_a_clear_message_not_an_error(
    client, secretary_a, waiting
):
    login(client, secretary_a)
    response = client.post("/me/volunteer/lead/records/approve/", {"records": ["x"]}, follow=True)
    assert "请先勾选要通过的记录。" in response.content.decode()
    response = client.post(
        "/me/volunteer/lead/records/approve/",
        {"records": [waiting[0].pk], "quality": "perfect"},
        follow=True,
    )
    assert response.status_code == 200
    assert "请选择质量评价。" in response.content.decode()
    assert not ServiceRecord.objects.filter(status="approved").exists()
