"""通过所选 on 提名审核: many nominations in one action, each under the one-at-a-time rules."""

import pytest

from honors.models import HonorRollEntry
from honors.services import approve_nominations, return_nomination
from portal.workbench import staff_todos
from tests.factories import CommitteeAdminFactory
from tests.honors.factories import EntryFactory

pytestmark = pytest.mark.django_db

SUBMITTED = HonorRollEntry.Status.SUBMITTED
URL = "/admin/honors/pending/approve/"


@pytest.fixture
def nominated(branch_a, secretary_a):
    return [
        EntryFactory(organisation=branch_a, status=SUBMITTED, nominated_by=secretary_a.user)
        for _ in range(5)
    ]


def test_committee_approves_many_nominations_each_with_its_reviewer(committee, nominated):
    outcome = approve_nominations(entry_ids=[e.pk for e in nominated], by=committee.user)
    assert len(outcome.done) == 5 and outcome.refused == []
    approved = HonorRollEntry.objects.filter(status="approved", reviewed_by=committee.user)
    assert approved.count() == 5 and not approved.filter(reviewed_at=None).exists()


def test_own_out_of_scope_returned_and_approved_ones_are_refused_the_rest_approved(
    committee, nominated, branch_a
):
    own = EntryFactory(organisation=branch_a, status=SUBMITTED, nominated_by=committee.user)
    elsewhere = CommitteeAdminFactory()  # another committee's tree
    foreign = EntryFactory(
        organisation=elsewhere.organisation, status=SUBMITTED, person_name="外单位好人"
    )
    return_nomination(entry=nominated[0], by=committee.user, reason="事迹不够具体")
    other = CommitteeAdminFactory(organisation=committee.organisation)
    approve_nominations(entry_ids=[nominated[1].pk], by=other.user)
    ids = [e.pk for e in nominated] + [own.pk, foreign.pk]
    outcome = approve_nominations(entry_ids=ids, by=committee.user)
    assert {e.pk for e in outcome.done} == {e.pk for e in nominated[2:]}
    reasons = dict(outcome.refused)
    assert len(reasons) == 4
    assert "自己提交的提名须由他人审核" in reasons[f"{own.person_name} · {own.period}"]
    assert reasons[f"提名 {foreign.pk}"] == "不在您可以审核的范围内。"
    assert "外单位好人" not in " ".join(label for label, _ in outcome.refused)
    assert "已退回" in reasons[f"{nominated[0].person_name} · 2025年度"]
    assert reasons[f"{nominated[1].person_name} · 2025年度"] == f"已由{other.name}审核通过。"
    own.refresh_from_db()
    foreign.refresh_from_db()
    nominated[0].refresh_from_db()
    assert own.status == foreign.status == SUBMITTED and nominated[0].status == "returned"


def test_two_decisions_on_the_same_nomination_approve_it_once(committee, nominated):
    other = CommitteeAdminFactory(organisation=committee.organisation)
    first = approve_nominations(entry_ids=[nominated[0].pk], by=committee.user)
    second = approve_nominations(entry_ids=[nominated[0].pk], by=other.user)
    assert len(first.done) == 1 and second.done == []
    assert second.refused[0][1] == f"已由{committee.name}审核通过。"
    nominated[0].refresh_from_db()
    assert nominated[0].reviewed_by == committee.user


def test_select_all_then_approve_drops_the_workbench_count_to_zero(client, committee, nominated):
    client.force_login(committee.user)
    assert {t.key: t.count for t in staff_todos(committee.user)}["honors.nominations"] == 5
    page = client.get("/admin/honors/pending/").content.decode()
    assert page.count('name="entries"') == 5 and "通过所选" in page
    response = client.post(URL, {"entries": [e.pk for e in nominated]}, follow=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert "已通过 5 条提名" in text and nominated[0].person_name in text
    assert "honors.nominations" not in {t.key for t in staff_todos(committee.user)}


def test_the_summary_says_why_a_nomination_was_refused(client, committee, nominated, branch_a):
    own = EntryFactory(organisation=branch_a, status=SUBMITTED, nominated_by=committee.user)
    client.force_login(committee.user)
    response = client.post(URL, {"entries": [nominated[0].pk, own.pk]}, follow=True)
    text = response.content.decode()
    assert "已通过 1 条提名" in text
    assert "1 条未通过，原因如下：" in text and "自己提交的提名须由他人审核" in text


def test_a_secretary_cannot_bulk_approve_and_nothing_ticked_is_a_message(
    client, committee, secretary_a, nominated
):
    client.force_login(secretary_a.user)
    response = client.post(URL, {"entries": [e.pk for e in nominated]})
    assert response.status_code in (302, 403)
    assert not HonorRollEntry.objects.filter(status="approved").exists()
    client.force_login(committee.user)
    response = client.post(URL, {"entries": ["x"]}, follow=True)
    assert "请先勾选要通过的提名。" in response.content.decode()
