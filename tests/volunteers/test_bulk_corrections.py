"""采纳所选: many correction requests accepted in one action, each under the one-at-a-time rules."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from tests.factories import MemberFactory
from tests.volunteers.conftest import make_record
from volunteers.models import CorrectionRequest, RecordVersion
from volunteers.services import (
    accept_corrections,
    approve_record,
    decide_correction,
    request_correction,
)

pytestmark = pytest.mark.django_db

URL = "/me/volunteer/lead/corrections/accept/"


def _ask(member, team, leader, hours="4"):
    record = make_record(member=member, team=team, hours="2", span=4)
    approve_record(record=record, by=leader)
    return request_correction(
        member=member, record=record, explanation="实际服务了4小时", proposed_hours=hours
    )


@pytest.fixture
def asked(team, branch_a, leader):
    """Four members of branch A, each asking to correct an approved record of theirs."""
    return [_ask(MemberFactory(organisation=branch_a), team, leader) for _ in range(4)]


def test_accepting_many_corrections_applies_each_and_keeps_each_history(secretary_a, asked):
    outcome = accept_corrections(
        correction_ids=[c.pk for c in asked], by=secretary_a, reason="签到表属实"
    )
    assert len(outcome.done) == 4 and outcome.refused == []
    for correction in asked:
        correction.refresh_from_db()
        assert correction.status == "accepted" and correction.decided_by == secretary_a
        assert correction.decision_reason == "签到表属实"
        record = correction.record
        record.refresh_from_db()
        assert record.hours == Decimal("4") and record.status == "pending"
        assert RecordVersion.objects.filter(record=record, action="corrected").count() == 1


def test_own_out_of_scope_and_decided_requests_are_refused_the_rest_accepted(
    secretary_a, asked, team, other_team, member_b, leader
):
    own = _ask(secretary_a, team, leader)
    foreign = _ask(member_b, other_team, other_team.leaders.first())
    decide_correction(correction=asked[0], by=leader, accept=False, reason="与签到时间不符")
    ids = [c.pk for c in asked] + [own.pk, foreign.pk]
    outcome = accept_corrections(correction_ids=ids, by=secretary_a, reason="属实")
    assert {c.pk for c in outcome.done} == {c.pk for c in asked[1:]}
    reasons = dict(outcome.refused)
    assert len(reasons) == 3
    assert reasons[f"{secretary_a.name} · {own.record.title}"] == "不能处理本人的更正申请。"
    assert reasons[f"申请 {foreign.pk}"] == "不在您可以处理的范围内。"
    assert member_b.name not in " ".join(label for label, _ in outcome.refused)
    first = asked[0]
    assert (
        reasons[f"{first.member.name} · {first.record.title}"]
        == f"已由{leader.name}处理（未采纳）。"
    )
    foreign.refresh_from_db()
    own.refresh_from_db()
    assert foreign.status == own.status == "pending"


def test_one_request_that_breaks_a_rule_is_rolled_back_and_the_others_go_through(
    secretary_a, asked
):
    # 30 hours in one day: the service refuses it, nothing of it is half-saved.
    CorrectionRequest.objects.filter(pk=asked[1].pk).update(proposed_hours=Decimal("30"))
    outcome = accept_corrections(
        correction_ids=[c.pk for c in asked], by=secretary_a, reason="属实"
    )
    assert len(outcome.done) == 3
    assert len(outcome.refused) == 1 and "24" in outcome.refused[0][1]
    asked[1].refresh_from_db()
    assert asked[1].status == "pending" and asked[1].decided_by is None


def test_two_decisions_on_the_same_request_accept_it_once(secretary_a, committee, asked):
    first = accept_corrections(correction_ids=[asked[0].pk], by=secretary_a, reason="属实")
    second = accept_corrections(correction_ids=[asked[0].pk], by=committee, reason="同意")
    assert len(first.done) == 1 and second.done == []
    assert "已由甲书记处理（已采纳）" in second.refused[0][1]
    asked[0].refresh_from_db()
    assert asked[0].decided_by == secretary_a and asked[0].decision_reason == "属实"
    record = asked[0].record
    assert RecordVersion.objects.filter(record=record, action="corrected").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_accepting_at_once_accept_each_request_once(team, branch_a, committee):
    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    from tests.factories import SecretaryFactory

    first = SecretaryFactory(organisation=branch_a)
    leader = team.leaders.first()
    ids = [_ask(MemberFactory(organisation=branch_a), team, leader).pk for _ in range(8)]
    outcomes = {}

    def run(name, by):
        try:
            outcomes[name] = accept_corrections(correction_ids=ids, by=by, reason=name)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(n, b)) for n, b in (("a", first), ("b", committee))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes["a"].done) + len(outcomes["b"].done) == 8
    assert len(outcomes["a"].refused) + len(outcomes["b"].refused) == 8
    assert (
        RecordVersion.objects.filter(record__corrections__pk__in=ids, action="corrected").count()
        == 8
    )


def login(client, member):
    client.force_login(member.user)
    return client


def test_select_all_then_accept_on_the_lead_page_lists_what_was_refused(
    client, secretary_a, asked, team, leader
):
    own = _ask(secretary_a, team, leader)
    login(client, secretary_a)
    page = client.get("/me/volunteer/lead/").content.decode()
    # The secretary's own request is not in their list, so not offered for selection.
    assert page.count('type="checkbox" name="corrections"') == 4
    assert "采纳所选" in page
    ids = [c.pk for c in asked] + [own.pk]
    response = client.post(URL, {"corrections": ids, "reason": "核实无误"}, follow=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert "已采纳 4 份更正申请" in text
    assert "1 条未采纳，原因如下：" in text and "不能处理本人的更正申请。" in text
    assert CorrectionRequest.objects.filter(status="accepted").count() == 4


def test_branch_b_secretary_cannot_accept_branch_a_requests_by_posting_their_ids(
    client, secretary_b, asked
):
    login(client, secretary_b)
    response = client.post(
        URL, {"corrections": [c.pk for c in asked], "reason": "同意"}, follow=True
    )
    text = response.content.decode()
    assert "4 条未采纳" in text and "不在您可以处理的范围内" in text
    assert asked[0].member.name not in text
    assert not CorrectionRequest.objects.filter(status="accepted").exists()


def test_no_reason_or_nothing_ticked_is_a_clear_message(client, secretary_a, asked):
    login(client, secretary_a)
    response = client.post(URL, {"corrections": ["x"], "reason": "同意"}, follow=True)
    assert "请先勾选要采纳的更正申请。" in response.content.decode()
    response = client.post(URL, {"corrections": [asked[0].pk], "reason": "  "}, follow=True)
    assert response.status_code == 200
    assert "请填写处理意见。" in response.content.decode()
    assert not CorrectionRequest.objects.filter(status="accepted").exists()
