"""Database constraints that back the services' rules."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.volunteers.conftest import ActivityFactory, bulk_records, past_activity
from volunteers.models import Activity, ServiceRecord, TeamMembership

pytestmark = pytest.mark.django_db


def test_one_record_per_member_and_activity_in_the_database(volunteer, team):
    activity = past_activity(team)
    bulk_records(team=team, members=[volunteer], count=1)
    ServiceRecord.objects.update(activity=activity)
    record = ServiceRecord.objects.get()
    record.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


@pytest.mark.parametrize("hours", ["0", "-1", "24.5"])
def test_hours_must_be_positive_and_at_most_24_in_the_database(volunteer, team, hours):
    bulk_records(team=team, members=[volunteer], count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRecord.objects.update(hours=hours)


def test_only_one_current_membership_per_team(volunteer, team):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.create(team=team, member=volunteer)


def test_activity_must_end_after_it_starts_and_have_places(team):
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(team=team, starts_at=start, ends_at=start - timedelta(hours=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(team=team, capacity=0)


def test_hand_entered_records_are_marked(volunteer, team):
    bulk_records(team=team, members=[volunteer], count=1)
    record = ServiceRecord.objects.get()
    assert not record.is_hand_entered
    record.source = ServiceRecord.Source.BACK_ENTRY
    assert record.is_hand_entered


def test_check_in_window_opens_half_an_hour_early(team):
    activity = ActivityFactory(team=team)
    assert not activity.check_in_open(activity.starts_at - timedelta(minutes=31))
    assert activity.check_in_open(activity.starts_at - timedelta(minutes=29))
    assert activity.check_in_open(activity.ends_at + timedelta(minutes=29))
    assert not activity.check_in_open(activity.ends_at + timedelta(minutes=31))
    assert Activity.objects.upcoming().filter(pk=activity.pk).exists()
