"""Demo data for `manage.py seed_demo`: the section page, four teams, activities and records.

Runs after portal's seeding (organisations, members, the `committee`,
`secretary` and `member` accounts). Teams are found by name, activities by
team and title, records by member and activity, so a re-run adds only what
is missing.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from portal.models import HomePage, Member, Organisation
from volunteers.models import (
    Activity,
    CorrectionRequest,
    ServiceRecord,
    SignUp,
    Team,
    VolunteerIndexPage,
)
from volunteers.services import (
    VolunteerError,
    approve_record,
    ensure_profile,
    join_team,
    mark_no_shows,
    record_hours,
    request_correction,
    return_record,
    set_id_number,
    set_public_name_consent,
)

ORDER = 20

# name, field, organisation code, leader usernames, description
TEAMS = [
    (
        "审批代理志愿服务队",
        "审批代理",
        "FWZX",
        ["zengfan"],
        "为行动不便的群众代办、帮办审批事项，提供“跑腿”服务。",
    ),
    (
        "扶弱助老志愿服务队",
        "扶弱助老",
        "XZJGGW",
        ["sunli"],
        "结对帮扶空巢老人、困难群众，开展敬老院慰问和一对一帮扶。",
    ),
    (
        "生态环境保护志愿服务队",
        "生态环境保护",
        "XZJGGW",
        ["liuyang"],
        "清扫责任区、扫雪除冰、植树护绿，宣传垃圾分类。",
    ),
    (
        "学雷锋志愿者服务队",
        "学雷锋",
        "JYJ",
        ["chenjing"],
        "学雷锋纪念日集中服务、义务献血和扶贫走访。",
    ),
]

# team, title, place, days from today (negative = past), start hour, hours, capacity, donations
ACTIVITIES = [
    ("生态环境保护志愿服务队", "清扫责任区积雪", "人民路责任区", -40, 8, 3, 20, 0),
    ("扶弱助老志愿服务队", "重阳节敬老院慰问", "城关镇敬老院", -25, 9, 3, 15, 0),
    ("学雷锋志愿者服务队", "扶贫走访慰问", "王庄村", -12, 9, 4, 10, 3600),
    ("审批代理志愿服务队", "代办老年证上门服务", "县政务服务中心", -5, 14, 2, 6, 0),
    ("扶弱助老志愿服务队", "空巢老人一对一帮扶", "幸福社区", 3, 9, 3, 12, 0),
    ("生态环境保护志愿服务队", "植树护绿", "滨河公园", 8, 8, 4, 30, 0),
    ("学雷锋志愿者服务队", "学雷锋纪念日集中服务", "县城中心广场", 14, 9, 3, 40, 0),
]


# Work waiting on the demo secretary: the branch's members logged these hours
# themselves and nobody has reviewed them yet (the workbench shows them, and
# the browser test approves them in bulk). team, title, place, days ago, hour, hours
WAITING = [
    ("学雷锋志愿者服务队", "校园周边交通文明劝导", "县第一中学校门口", -20, 7, 2),
    ("学雷锋志愿者服务队", "机关图书角整理", "教育局机关三楼", -18, 14, 2),
    ("学雷锋志愿者服务队", "关爱留守儿童课业辅导", "城关小学", -16, 15, 2),
]
WAITING_BRANCH = "JYJ"


def _seed_waiting_records(teams: dict, *, stdout) -> None:
    branch = Organisation.objects.filter(code=WAITING_BRANCH).first()
    if branch is None:
        return
    people = list(
        Member.objects.in_subtree(branch).exclude(user__username="secretary").order_by("pk")
    )
    created_records = 0
    for team_name, title, place, offset, hour, hours in WAITING:
        team = teams.get(team_name)
        if team is None:
            continue
        starts = _local(offset, hour)
        activity, created = Activity.objects.get_or_create(
            team=team,
            title=title,
            defaults={
                "place": place,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=hours),
                "capacity": len(people) + 5,
                "description": f"{title}：请提前十分钟到达{place}集合。",
                "created_by": team.leaders.first(),
            },
        )
        if not created:
            continue
        for person in people:
            SignUp.objects.get_or_create(
                activity=activity,
                member=person,
                defaults={"attendance": SignUp.Attendance.PRESENT},
            )
            record = _try(
                record_hours,
                member=person,
                team=team,
                by=person,
                title=activity.title,
                started_at=activity.starts_at,
                ended_at=activity.ends_at,
                hours=Decimal(hours),
                place=activity.place,
                content=f"参加{title}。",
                activity=activity,
            )
            created_records += record is not None
    if created_records:
        stdout.write(f"  volunteers: {created_records} records waiting for review")


def _local(day_offset: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _member(username: str) -> Member | None:
    return Member.objects.filter(user__username=username).select_related("organisation").first()


DEMO_ID_NUMBER = "11010519491231002X"  # GB 11643's own example, not a real person's


def _try(operation, **kwargs):
    """Runs a service; a refusal (already done, or a rule) just skips that item."""
    try:
        return operation(**kwargs)
    except VolunteerError:
        return None


def seed(*, stdout) -> None:
    home = HomePage.objects.first()
    if home and not VolunteerIndexPage.objects.exists():
        page = VolunteerIndexPage(
            title="党员志愿服务",
            slug="volunteers",
            intro="<p>自愿参加、自主选择。每名党员可参加一至两支志愿服务队，扫码签到记录服务时长。</p>",
        )
        home.add_child(instance=page)
        page.save_revision().publish()

    teams = {}
    for name, field, code, leaders, description in TEAMS:
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            stdout.write(f"  volunteers: organisation {code} missing, team {name} skipped")
            continue
        team, _created = Team.objects.get_or_create(
            name=name,
            defaults={
                "field": field,
                "organisation": organisation,
                "description": description,
                "contact_phone": "0371-6218" + str(len(teams) + 1000)[-4:],
            },
        )
        leader_members = [m for m in (_member(u) for u in leaders) if m]
        if leader_members and not team.leaders.exists():
            team.leaders.set(leader_members)
        teams[name] = team
    if not teams:
        return

    member, secretary = _member("member"), _member("secretary")
    others = list(
        Member.objects.exclude(user__username__in=["committee", "secretary", "member"])
        .filter(user__isnull=False)
        .order_by("pk")[:16]
    )
    volunteers = [m for m in [member, *others] if m]
    team_list = list(teams.values())
    for index, person in enumerate(volunteers):
        for team in (team_list[index % len(team_list)], team_list[(index + 1) % len(team_list)]):
            if not team.memberships.filter(member=person, left_at__isnull=True).exists():
                _try(join_team, team=team, member=person)
        if index % 3 != 2:
            set_public_name_consent(member=person, consent=True)

    now = timezone.now()
    for team_name, title, place, offset, hour, hours, capacity, donations in ACTIVITIES:
        team = teams.get(team_name)
        if team is None:
            continue
        starts = _local(offset, hour)
        activity, created = Activity.objects.get_or_create(
            team=team,
            title=title,
            defaults={
                "place": place,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=hours),
                "capacity": capacity,
                "donations": Decimal(donations),
                "description": f"{title}：请提前十分钟到达{place}集合。",
                "created_by": team.leaders.first(),
            },
        )
        team_members = [
            m.member for m in team.memberships.filter(left_at__isnull=True).select_related("member")
        ]
        for person in team_members[:capacity]:
            SignUp.objects.get_or_create(activity=activity, member=person)
        if activity.ends_at >= now or not created:
            continue
        leader = team.leaders.first()
        for position, person in enumerate(team_members[:capacity]):
            if position == len(team_members[:capacity]) - 1:
                continue  # the last one did not come: a no-show
            entry = SignUp.objects.get(activity=activity, member=person)
            entry.checked_in_at = activity.starts_at + timedelta(minutes=5)
            entry.checked_out_at = activity.ends_at - timedelta(minutes=10)
            entry.attendance = SignUp.Attendance.PRESENT
            entry.save()
            by = leader if position % 4 == 3 and leader and leader != person else person
            record = _try(
                record_hours,
                member=person,
                team=team,
                by=by,
                title=activity.title,
                started_at=activity.starts_at,
                ended_at=activity.ends_at - timedelta(minutes=10),
                hours=Decimal(hours) - Decimal("0.5"),
                place=activity.place,
                content=activity.description,
                activity=activity,
            )
            if record is None:
                continue
            if offset <= -12 and position % 5 != 4:
                reviewer = (
                    leader
                    if leader and leader.pk not in {record.entered_by_id, person.pk}
                    else secretary
                )
                if reviewer and reviewer.pk != person.pk:
                    _try(approve_record, record=record, by=reviewer, quality="good")
            elif position % 5 == 4 and leader and leader.pk != record.entered_by_id:
                reason = "签到时间与活动安排不符，请核实后修改。"
                _try(return_record, record=record, by=leader, reason=reason)
        mark_no_shows(activity=activity)

    _seed_waiting_records(teams, stdout=stdout)

    if member and not CorrectionRequest.objects.filter(member=member).exists():
        record = ServiceRecord.objects.filter(member=member, status="approved").first()
        if record:
            _try(
                request_correction,
                member=member,
                record=record,
                proposed_hours=record.hours + Decimal("0.5"),
                explanation="活动结束后又协助整理物资半小时，签退时间记录偏早。",
            )
    # A 志愿服务记录证明 for the demo member (a made-up ID number with a valid
    # checksum), so the proof and its verification page can be seen at once.
    if member:
        from volunteers.proofs import issue_proof, proof_units

        profile = ensure_profile(member=member)
        if not profile.id_number:
            set_id_number(member=member, id_number=DEMO_ID_NUMBER)
        today = timezone.localdate()
        start = today.replace(month=1, day=1) - timedelta(days=365)
        units = proof_units(member=member, start=start, end=today)
        if units:
            _try(
                issue_proof,
                request=None,
                member=member,
                start=start,
                end=today,
                organisation_id=units[0].pk,
            )
    stdout.write(
        f"  volunteers: {Team.objects.count()} teams, {Activity.objects.count()} activities, "
        f"{ServiceRecord.objects.count()} records"
    )
