"""Two 优秀 proposals at once cannot both take the last place under the ⅓ cap.

Meaningful only where rows can be locked; SQLite serialises whole transactions.
"""

import threading

import pytest
from django.db import connection, connections

from pledges import services
from pledges.models import DemocraticGrade
from pledges.services import PledgeError
from tests.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_concurrent_excellent_proposals_respect_the_cap(branch_a, secretary_a):
    for _ in range(5):  # with the secretary: 6 members, at most 2 优秀
        MemberFactory(organisation=branch_a)
    round = services.open_round(
        branch=branch_a, by=secretary_a.user, year=2026, half=2, is_annual=True
    )
    services.close_round(round=round, by=secretary_a.user)
    members = list(round.participants())
    assert services.excellent_cap(round) == 2

    barrier = threading.Barrier(len(members))
    refused, errors = [], []

    def propose(member):
        try:
            barrier.wait()
            services.propose_grade(
                round=round, member=member, grade="excellent", by=secretary_a.user
            )
        except PledgeError as error:
            refused.append(str(error))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=propose, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert DemocraticGrade.objects.filter(round=round, grade="excellent").count() == 2
    assert len(refused) == len(members) - 2
    assert all("最多 2 名优秀" in message for message in refused)
