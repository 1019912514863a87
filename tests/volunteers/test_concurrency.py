"""50 members signing up for the same activity at the same moment, through the whole request.

On SQLite the test database is a file (portal.settings.test), so this is the
embedded default as `make run` serves it: every request's writes must wait
their turn (IMMEDIATE transactions, busy timeout) rather than fail with
"database is locked". On PostgreSQL the activity row lock does the same.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import MemberFactory
from tests.volunteers.conftest import ActivityFactory
from volunteers.models import SignUp

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = 50
CAPACITY = 30


def test_fifty_sign_ups_at_once_give_no_errors_and_capacity_holds(team, branch_a):
    assert connection.vendor != "sqlite" or "memory" not in str(connection.settings_dict["NAME"]), (
        "the SQLite test database must be a file to test locking"
    )
    activity = ActivityFactory(team=team, capacity=CAPACITY)
    clients = []
    for i in range(MEMBERS):
        member = MemberFactory(name=f"报名者{i:02d}", organisation=branch_a)
        client = Client(raise_request_exception=False)
        client.force_login(member.user)
        clients.append(client)
    url = reverse("volunteers:sign_up", args=[activity.pk])
    barrier = threading.Barrier(MEMBERS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def sign_up(client):
        try:
            barrier.wait(timeout=60)
            statuses.append(client.post(url).status_code)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors
    assert len(statuses) == MEMBERS
    assert all(status == 302 for status in statuses), sorted(set(statuses))
    taken = SignUp.objects.filter(activity=activity, status=SignUp.Status.SIGNED_UP).count()
    assert taken == CAPACITY
