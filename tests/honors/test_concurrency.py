"""Two requests at once never give one award two numbers, nor two awards one number.

Meaningful only where rows can be locked; SQLite serialises whole transactions.
"""

import threading

import pytest
from django.db import connection, connections

from honors import services
from honors.models import Certificate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def run_together(functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        try:
            barrier.wait()
            function()
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_concurrent_requests_for_one_award_give_one_number(member_a, person_title):
    award = services.grant_award(
        title=person_title, holder=member_a, period="2025年度", certificate=False
    )
    run_together([lambda: services.issue_award_certificate(award=award, render=False)] * 6)
    assert Certificate.objects.filter(award=award).count() == 1


def test_concurrent_awards_get_distinct_numbers(committee, branch_a, person_title):
    from tests.factories import MemberFactory

    awards = [
        services.grant_award(
            title=person_title,
            holder=MemberFactory(organisation=branch_a),
            period="2025年度",
            certificate=False,
        )
        for _ in range(6)
    ]
    run_together(
        [lambda a=a: services.issue_award_certificate(award=a, render=False) for a in awards]
    )
    numbers = list(Certificate.objects.values_list("sequence", flat=True))
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]


def test_two_committee_members_bulk_approving_at_once_approve_each_nomination_once(
    committee, branch_a, secretary_a
):
    from honors.models import HonorRollEntry
    from tests.factories import CommitteeAdminFactory
    from tests.honors.factories import EntryFactory

    other = CommitteeAdminFactory(organisation=committee.organisation)
    ids = [
        EntryFactory(
            organisation=branch_a,
            status=HonorRollEntry.Status.SUBMITTED,
            nominated_by=secretary_a.user,
        ).pk
        for _ in range(8)
    ]
    outcomes = []
    run_together(
        [
            lambda by=by: outcomes.append(services.approve_nominations(entry_ids=ids, by=by))
            for by in (committee.user, other.user)
        ]
    )
    assert sum(len(o.done) for o in outcomes) == 8
    assert sum(len(o.refused) for o in outcomes) == 8
    assert all("审核通过" in why for o in outcomes for _label, why in o.refused)
    assert HonorRollEntry.objects.filter(pk__in=ids, status="approved").count() == 8
