"""Demo data for `manage.py seed_demo`: the two checklists, a campaign of each kind, and a year
of organisational life.

Room campaign: 教育局 and 一中 passed (plaque and certificate through honours),
实验小学 is rectifying after a failed spot check, 行政服务中心 lost its plaque
when its deadline passed. Window campaign: windows in every state. Runs after
portal and honours; everything is found by natural key, so a second run adds
nothing.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from activities.checklists import ensure_template
from activities.models import Assessment, Campaign, CampaignPhase, Meeting, RoomUse
from activities.permissions import ensure_inspection_group
from activities.services import assessment as services
from activities.services.meetings import expected_members, record_attendance
from portal.models import Organisation

ORDER = 40
ROOM_TEMPLATE = "标准化党员活动室（六有八牌一岗）"
WINDOW_TEMPLATE = "标准化服务窗口"

# Phases as the sources set them: 申报 by end of May, plaques before 七一, 复查 at year end.
ROOM_PHASES = [
    ("prepare", (3, 1), (3, 15)),
    ("mobilise", (3, 16), (3, 31)),
    ("implement", (4, 1), (5, 15)),
    ("apply", (5, 16), (5, 31)),
    ("inspect", (6, 1), (6, 28)),
    ("recheck", (7, 1), (12, 31)),
]
WINDOW_PHASES = [
    ("prepare", (8, 1), (8, 10)),
    ("mobilise", (8, 11), (8, 20)),
    ("implement", (8, 21), (9, 15)),
    ("apply", (9, 16), (9, 30)),
    ("inspect", (10, 1), (11, 30)),
    ("recheck", (12, 1), (12, 31)),
]
# organisation code → outcome
ROOM_OUTCOMES = {"JYJ": "passed", "DYZX": "passed", "SYXX": "rectifying", "FWZX": "revoked"}
WINDOW_OUTCOMES = {
    "FWZX-MZ": "passed",
    "FWZX-SW": "passed",
    "FWZX-GA": "submitted",
    "FWZX-BDC": "rectifying",
    "FWZX-RS": "draft",
    "FWZX-CG": "draft",
}


def _photo(index: int) -> SimpleUploadedFile:
    """A small placeholder picture standing in for the branch's own photo of the item."""
    colours = ["#b4191f", "#d9822b", "#2b6cb0", "#2f855a", "#6b46c1"]
    image = Image.new("RGB", (640, 480), colours[index % len(colours)])
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 580, 420), outline="#ffffff", width=12)
    draw.ellipse((250, 170, 390, 310), fill="#ffd54a")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{index}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _campaign(name, year, template, organiser, phases, description) -> tuple[Campaign, bool]:
    campaign, created = Campaign.objects.get_or_create(
        name=name,
        year=year,
        defaults={"template": template, "organiser": organiser, "description": description},
    )
    if created:
        for order, (kind, start, end) in enumerate(phases):
            CampaignPhase.objects.create(
                campaign=campaign,
                kind=kind,
                sort_order=order,
                starts_on=datetime.date(year, *start),
                ends_on=datetime.date(year, *end),
            )
    return campaign, created


def _fill(assessment: Assessment, *, by, failing: int = 0) -> None:
    """Every item met (photos attached) except the last `failing` ordinary items."""
    items = list(assessment.items.all())
    ordinary = [i for i in items if not i.is_veto]
    failed = {i.pk for i in ordinary[len(ordinary) - failing :]} if failing else set()
    answers = {i.pk: (i.pk not in failed, "") for i in items}
    photos = {i.pk: [_photo(n)] for n, i in enumerate(items) if i.photo_required}
    services.save_self_assessment(assessment=assessment, by=by, answers=answers, photos=photos)


def _verdicts(assessment: Assessment, *, failing: int = 0) -> dict:
    items = list(assessment.items.all())
    ordinary = [i for i in items if not i.is_veto and i.is_required]
    failed = {i.pk for i in ordinary[:failing]}
    return {
        i.pk: (i.pk not in failed, "现场查看：未达标，需整改。" if i.pk in failed else "")
        for i in items
    }


def _progress(
    assessment: Assessment, outcome: str, *, branch_user, inspector, today, dates
) -> None:
    applied, inspected = dates
    if outcome == "draft":
        items = list(assessment.items.all())[:5]
        services.save_self_assessment(
            assessment=assessment,
            by=branch_user,
            answers={i.pk: (True, "") for i in items},
        )
        return
    _fill(assessment, by=branch_user)
    services.apply_for_acceptance(assessment=assessment, by=branch_user)
    if outcome == "submitted":
        return
    if outcome == "rectifying" and assessment.campaign.template.kind == "window":
        # Failed acceptance: a notice, no plaque yet.
        services.record_inspection(
            assessment=assessment,
            by=inspector,
            verdicts=_verdicts(assessment, failing=2),
            passed=False,
            comments="请按限期整改书逐项整改，整改完成后重新申报。",
            deadline=today + datetime.timedelta(days=20),
            on=min(inspected, today),
        )
        return
    services.record_inspection(
        assessment=assessment,
        by=inspector,
        verdicts=_verdicts(assessment),
        passed=True,
        comments="六有、八牌、一岗齐全，资料完整，验收合格。"
        if assessment.campaign.template.kind == "room"
        else "五个方面标准逐项达标，无一票否决情形，验收合格。",
        on=inspected,
    )
    if outcome == "rectifying":
        services.record_inspection(
            assessment=assessment,
            by=inspector,
            verdicts=_verdicts(assessment, failing=2),
            passed=False,
            comments="抽查发现部分制度牌缺失，限期整改。",
            deadline=today + datetime.timedelta(days=21),
            on=today - datetime.timedelta(days=9),
        )
    elif outcome == "revoked":
        services.record_inspection(
            assessment=assessment,
            by=inspector,
            verdicts=_verdicts(assessment, failing=3),
            passed=False,
            comments="抽查发现活动室被挪作他用，电教设备缺失，限期整改。",
            deadline=today - datetime.timedelta(days=20),
            on=today - datetime.timedelta(days=50),
        )
        services.enforce_deadlines(today=today)
    elif assessment.organisation.code == "JYJ":
        services.schedule_inspection(
            assessment=assessment,
            kind="year_end",
            on=max(today + datetime.timedelta(days=14), datetime.date(today.year, 12, 20)),
            by=inspector,
        )


def _run_campaign(campaign, outcomes, *, users, today, dates, stdout) -> None:
    for code, outcome in outcomes.items():
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            continue
        assessment = services.start_assessment(campaign=campaign, organisation=organisation)
        if assessment.transitions.exists() or assessment.items.exclude(self_met=None).exists():
            continue
        branch_user = users["secretary"] if code == "JYJ" else users["committee"]
        _progress(
            assessment,
            outcome,
            branch_user=branch_user,
            inspector=users["committee"],
            today=today,
            dates=dates,
        )
    counts = {}
    for status in campaign.assessments.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    summary = "、".join(f"{Assessment.Status(s).label} {n}" for s, n in counts.items())
    stdout.write(f"  {campaign}：{summary}")


# Organisational life ------------------------------------------------------------

LECTURES = [
    (2, 26, "深入学习贯彻党的二十大精神", Decimal("2.0")),
    (5, 21, "弘扬伟大建党精神，践行初心使命", Decimal("2.0")),
    (8, 27, "加强作风建设，反对指尖上的形式主义", Decimal("1.5")),
]


def _meetings(*, year: int, today: datetime.date, users, stdout) -> None:
    jyj = Organisation.objects.filter(code="JYJ").first()
    dyzx = Organisation.objects.filter(code="DYZX").first()
    groups = list(Organisation.objects.filter(code__in=["JYJ-G1", "JYJ-G2"]))
    if jyj is None:
        return
    created = 0
    last_month = today.month if today.year == year else 13
    plan = []
    for month in range(1, last_month):
        plan.append((jyj, Meeting.Kind.THEME_DAY, month, 10, f"{month}月主题党日：志愿服务进社区"))
        plan.append((jyj, Meeting.Kind.COMMITTEE, month, 5, f"{month}月支委会：研究支部当月工作"))
        for group in groups:
            plan.append((group, Meeting.Kind.GROUP, month, 15, f"{month}月党小组学习会"))
        if month % 3 == 0:
            plan.append((jyj, Meeting.Kind.CONGRESS, month, 25, f"第{month // 3}季度支部党员大会"))
    # 一中 holds fewer meetings than required, so the compliance view has something to flag.
    if dyzx is not None:
        for month in range(1, last_month, 2):
            plan.append((dyzx, Meeting.Kind.THEME_DAY, month, 12, f"{month}月主题党日"))
    for organisation, kind, month, day, title in plan:
        _meeting, was_created = Meeting.objects.get_or_create(
            organisation=organisation,
            kind=kind,
            held_on=datetime.date(year, month, day),
            defaults={
                "title": title,
                "status": Meeting.Status.HELD,
                "host": "王珺" if organisation == jyj else "",
                "minutes": "会议按议程进行，与会党员逐一发言，形成会议决定并明确责任人。",
            },
        )
        created += was_created
    secretary = users["secretary"]
    for month, day, title, hours in LECTURES:
        if month >= last_month:
            continue
        lecture, was_created = Meeting.objects.get_or_create(
            organisation=jyj,
            kind=Meeting.Kind.LECTURE,
            held_on=datetime.date(year, month, day),
            defaults={
                "title": title,
                "status": Meeting.Status.HELD,
                "host": "王珺",
                "study_hours": hours,
                "minutes": "支部书记讲党课，党员交流学习体会。",
            },
        )
        created += was_created
        if was_created and secretary is not None:
            members = list(expected_members(lecture))
            entries = {m.pk: (True, "") for m in members}
            if len(members) > 2:
                entries[members[-1].pk] = (False, "外出参加市教育局业务培训")
            record_attendance(meeting=lecture, by=secretary, entries=entries)
            RoomUse.objects.get_or_create(
                organisation=jyj,
                used_on=lecture.held_on,
                purpose=f"党课：{title}",
                defaults={
                    "equipment": "电视机、碟机、电教碟片",
                    "keeper": "刘洋",
                    "meeting": lecture,
                },
            )
    stdout.write(f"  组织生活：新增会议 {created} 次")


def seed(*, stdout) -> None:
    User = get_user_model()
    users = {
        name: User.objects.filter(username=name).first() for name in ("committee", "secretary")
    }
    committee_org = Organisation.objects.filter(code="XZJGGW").first()
    if users["committee"] is None or committee_org is None:
        stdout.write("  缺少演示组织或账号，跳过。")
        return
    group = ensure_inspection_group()
    users["committee"].groups.add(group)
    # Fresh user objects: the permission cache must see the new group.
    users = {name: User.objects.filter(username=name).first() for name in users}
    today = timezone.localdate()
    year = today.year

    room = ensure_template(ROOM_TEMPLATE)
    window = ensure_template(WINDOW_TEMPLATE)
    room_campaign, _created = _campaign(
        "创建标准化党员活动室",
        year,
        room,
        committee_org,
        ROOM_PHASES,
        "各支部5月底前申报，“七一”前挂牌，年底复查，不符合条件的摘牌。",
    )
    window_campaign, _created = _campaign(
        "创建标准化服务窗口",
        year,
        window,
        committee_org,
        WINDOW_PHASES,
        "按照准备、动员、实施、申报、验收、复查6个阶段组织实施。",
    )
    _run_campaign(
        room_campaign,
        ROOM_OUTCOMES,
        users=users,
        today=today,
        dates=(datetime.date(year, 5, 28), min(datetime.date(year, 6, 25), today)),
        stdout=stdout,
    )
    _run_campaign(
        window_campaign,
        WINDOW_OUTCOMES,
        users=users,
        today=today,
        dates=(datetime.date(year, 9, 28), min(datetime.date(year, 10, 20), today)),
        stdout=stdout,
    )
    _meetings(year=year, today=today, users=users, stdout=stdout)
