"""A double tap on a form does its work once (portal.submissions), on every kind of form."""

import threading

import pytest
from django.db import connection
from django.test import Client

from pledges.models import Pledge
from portal.models import SubmissionReceipt

LINES = "热情接待每一位办事群众\n代理一个项目，当好代办员"


def new_pledge(client):
    return client.post(
        "/me/pledges/new/",
        {"year": "2026", "items": LINES, "title": "我的承诺"},
    )


def test_the_same_pledge_form_posted_twice_makes_one_pledge(client, member_a):
    client.force_login(member_a.user)
    first = new_pledge(client)
    second = new_pledge(client)
    assert first.status_code == 302
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Pledge.objects.filter(member=member_a).count() == 1


def test_a_new_rendering_of_the_form_is_a_new_submission(client, member_a):
    client.force_login(member_a.user)
    for token in ("token-of-first-rendering", "token-of-second-rendering"):
        client.post(
            "/me/pledges/new/",
            {"year": "2026", "items": LINES, "csrfmiddlewaretoken": token},
        )
    assert Pledge.objects.filter(member=member_a).count() == 2


def test_a_refused_post_can_be_sent_again(client, member_a):
    client.force_login(member_a.user)
    bad = {"year": "2026", "items": ""}
    assert client.post("/me/pledges/new/", bad).status_code == 400
    assert client.post("/me/pledges/new/", bad).status_code == 400
    assert not SubmissionReceipt.objects.exists()


def test_two_members_posting_the_same_text_each_get_their_pledge(client, member_a, member_b):
    for member in (member_a, member_b):
        client.force_login(member.user)
        assert new_pledge(client).status_code == 302
    assert Pledge.objects.count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)
@pytest.mark.django_db(transaction=True)
def test_a_double_tap_at_once_makes_one_pledge(member_a):
    barrier = threading.Barrier(2)
    statuses = []

    def post():
        client = Client()
        client.force_login(member_a.user)
        barrier.wait()
        statuses.append(new_pledge(client).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Pledge.objects.filter(member=member_a).count() == 1


def test_the_repeat_gets_the_first_answers_cookies_so_the_thanks_still_shows(client, member_a):
    client.force_login(member_a.user)
    first = new_pledge(client)
    client.cookies.pop("messages", None)  # the first answer never reached the browser
    second = new_pledge(client)
    assert second.status_code == 302
    assert second.cookies["messages"].value == first.cookies["messages"].value
    assert Pledge.objects.filter(member=member_a).count() == 1
