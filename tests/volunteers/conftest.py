"""Fixtures for the volunteers app: a team with a leader, an activity, a signed-up member."""

from datetime import timedelta

import factory
import pytest
from django.utils import timezone

from tests.factories import MemberFactory
from volunteers.models import Activity, ServiceRecord, Team


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"第{n}志愿服务队")
    field = "扶弱助老"
    description = "走访慰问空巢老人。"
    organisation = factory.LazyAttribute(lambda o: MemberFactory().organisation)

    @factory.post_generation
    def leaders(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.leaders.set(extracted)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"敬老院慰问{n}")
    place = "城关镇敬老院"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    capacity = 10
    description = "打扫卫生、陪老人聊天。"


def past_activity(team, *, days_ago=1, hours=3, **kwargs) -> Activity:
    start = timezone.now() - timedelta(days=days_ago, hours=hours)
    return ActivityFactory(
        team=team, starts_at=start, ends_at=start + timedelta(hours=hours), **kwargs
    )


def make_record(
    *, member, team, by=None, hours="2", activity=None, days_ago=1, status=None, **kwargs
):
    """A record written straight through the service, so every rule is applied."""
    from volunteers.services.records import create_record

    if activity is not None:
        start = activity.starts_at
    else:
        start = timezone.now() - timedelta(days=days_ago, hours=6)
    by = by or member
    record = create_record(
        member=member,
        team=team,
        by=by,
        source=kwargs.pop(
            "source", ServiceRecord.Source.SELF if by == member else ServiceRecord.Source.BACK_ENTRY
        ),
        title=kwargs.pop("title", activity.title if activity else "义务打扫责任区"),
        started_at=start,
        ended_at=start + timedelta(hours=float(kwargs.pop("span", hours))),
        hours=hours,
        place="责任区",
        content="清扫积雪",
        activity=activity,
        **kwargs,
    )
    if status == ServiceRecord.Status.APPROVED:
        from volunteers.services.totals import refresh_hours_totals

        ServiceRecord.objects.filter(pk=record.pk).update(status=status)
        record.refresh_from_db()
        refresh_hours_totals()  # the update went around the services, as a repair would
    return record


@pytest.fixture
def leader(branch_a):
    return MemberFactory(name="张队长", organisation=branch_a)


@pytest.fixture
def team(leader, branch_a):
    return TeamFactory(name="扶弱助老志愿服务队", organisation=branch_a, leaders=[leader])


@pytest.fixture
def other_team(branch_b):
    other_leader = MemberFactory(name="乙队长", organisation=branch_b)
    return TeamFactory(name="生态环境保护志愿服务队", organisation=branch_b, leaders=[other_leader])


@pytest.fixture
def activity(team):
    return ActivityFactory(team=team)


@pytest.fixture
def volunteer(member_a, team):
    from volunteers.services import join_team

    join_team(team=team, member=member_a)
    return member_a


@pytest.fixture
def section(home):
    from volunteers.models import VolunteerIndexPage

    existing = VolunteerIndexPage.objects.first()
    if existing:
        return existing
    return home.add_child(instance=VolunteerIndexPage(title="党员志愿服务", slug="volunteers"))


def bulk_records(*, team, members, count, status="approved", start_day=None):
    """Many approved records without the services' per-row checks: for query-count tests."""
    from datetime import datetime

    start_day = start_day or (timezone.localdate() - timedelta(days=1))
    rows = []
    for i in range(count):
        member = members[i % len(members)]
        day = start_day - timedelta(days=i // len(members))
        start = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=8)
        rows.append(
            ServiceRecord(
                member=member,
                team=team,
                title="清扫积雪",
                served_on=day,
                started_at=start,
                ended_at=start + timedelta(hours=2),
                place="人民路",
                content="清扫积雪",
                hours="2",
                organisation=team.organisation,
                source=ServiceRecord.Source.CHECK_IN,
                entered_by=member,
                last_edited_by=member,
                status=status,
            )
        )
    ServiceRecord.objects.bulk_create(rows, batch_size=500)
    from volunteers.services.totals import refresh_hours_totals

    # bulk_create goes around the services, like an import: the nightly rebuild's job.
    refresh_hours_totals()
