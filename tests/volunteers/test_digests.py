"""每日提醒: the workbench by email, at most once a day, as each person chooses, kept as sent."""

import pytest
from django.core import mail

from portal.models import ReminderDigest
from portal.services.digests import send_daily_digests, set_reminder_channel
from tests.factories import MemberFactory
from tests.volunteers.conftest import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(team, branch_a, leader):
    leader.user.email = "leader@example.cn"
    leader.user.save()
    return make_record(member=MemberFactory(organisation=branch_a), team=team)


def to_leader():
    return [m for m in mail.outbox if m.to == ["leader@example.cn"]]


def test_a_leader_with_work_waiting_gets_one_digest_a_day(
    leader, waiting, django_capture_on_commit_callbacks
):
    # The leader, and the committee above the branch, each get theirs.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 0  # the same day: nothing more
    assert len(mail.outbox) == 2
    assert len(to_leader()) == 1
    assert "待审核的服务记录：1" in to_leader()[0].body
    digest = ReminderDigest.objects.get(member=leader)
    assert digest.item_count == 1 and digest.email == "leader@example.cn"


def test_someone_who_chose_none_gets_no_digest(leader, waiting, django_capture_on_commit_callbacks):
    set_reminder_channel(member=leader, channel="none")
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests()
    assert to_leader() == []
    assert not ReminderDigest.objects.filter(member=leader).exists()


def test_no_digest_when_nothing_waits(leader, django_capture_on_commit_callbacks):
    # The committee above has work of its own in this world (三会一课 due, members short of
    # 学时); the team leader has none, so the leader gets nothing.
    leader.user.email = "leader@example.cn"
    leader.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests()
    assert to_leader() == []
    assert not ReminderDigest.objects.filter(member=leader).exists()


def test_the_choice_is_made_on_my_page(client, leader):
    client.force_login(leader.user)
    assert "每日提醒" in client.get("/me/").content.decode()
    response = client.post("/me/reminders/", {"channel": "none"}, follow=True)
    assert "已保存：不提醒。" in response.content.decode()
    assert leader.reminder_preference.channel == "none"
    response = client.post("/me/reminders/", {"channel": "sms"}, follow=True)
    assert response.status_code == 200 and "请选择提醒方式。" in response.content.decode()


def test_sent_digests_are_listed_in_the_admin_inside_the_secretary_s_subtree(
    client, leader, waiting, secretary_a, secretary_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests()
    url = "/admin/snippets/portal/reminderdigest/"
    client.force_login(secretary_a.user)
    response = client.get(url)
    assert response.status_code == 200 and leader.name in response.content.decode()
    client.force_login(secretary_b.user)
    response = client.get(url)
    assert response.status_code == 200 and leader.name not in response.content.decode()
