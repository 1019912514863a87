"""Helpers shared by every app's tests: admin URLs, form choices, and a two-branch world."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CommitteeFactory,
    MemberFactory,
    OrganisationFactory,
    SecretaryFactory,
    UserFactory,
    WindowFactory,
)


def snippet_url(model, action, *args):
    """The admin URL of a snippet view: snippet_url(Team, "edit", team.pk)."""
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{action}", args=args)


def chooser_url(model, action="choose", *args):
    """The snippet picker's URLs: "choose", "choose_results", "chosen" (with a pk)."""
    meta = model._meta
    return reverse(f"wagtailsnippetchoosers_{meta.app_label}_{meta.model_name}:{action}", args=args)


def bulk_delete_url(model, *pks):
    meta = model._meta
    ids = "&".join(f"id={pk}" for pk in pks)
    return f"/admin/bulk/{meta.app_label}/{meta.model_name}/delete/?{ids}"


def text_of(response) -> str:
    """A response's text; a picker's JSON answer (HTML inside, Chinese escaped) decoded."""
    if response.get("Content-Type", "").startswith("application/json"):
        import json

        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def choice_ids(response, name):
    """The ids a form's choice field offers, as the view built it."""
    return set(response.context["form"].fields[name].queryset.values_list("pk", flat=True))


def make_superuser(username="root"):
    return UserFactory(username=username, is_superuser=True, is_staff=True)


@dataclass
class World:
    """Branch A (inside the general branch 甲总支, with a window) holds one object of every
    scoped model; branch B, beside it under the same committee, has a secretary and a member."""

    committee: object
    tree_a: object
    branch_a: object
    window_a: object
    branch_b: object
    secretary_a: object
    member_a: object
    secretary_b: object
    member_b: object
    objects: dict = field(default_factory=dict)  # "app_label.ModelName" -> object in A

    def of(self, label):
        return self.objects[label]


def build_world(settings, tmp_path) -> World:
    """Every object is made the way the site makes it where that is one call (services)."""
    from activities.models import Assessment, Campaign, ChecklistTemplate, Meeting, RoomUse
    from honors import services as honors
    from honors.models import Certificate, CertificateBatch, HonorCategory, Title
    from pledges import services as pledges
    from pledges.models import (
        IdentityPlate,
        MonthlyLeaderScore,
        Rating,
        ReviewRound,
        ServiceStandard,
        StarRating,
    )
    from volunteers.models import Activity, CorrectionRequest, ServiceRecord, Team

    settings.HONORS_CERTIFICATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"

    committee = CommitteeFactory(name="县直机关工委")
    tree_a = OrganisationFactory(name="甲总支", kind="general_branch", parent=committee)
    branch_a = OrganisationFactory(name="甲党支部", parent=tree_a)
    window_a = WindowFactory(name="甲窗口", parent=branch_a)
    branch_b = OrganisationFactory(name="乙党支部", parent=committee)
    secretary_a = SecretaryFactory(name="甲书记", organisation=branch_a)
    member_a = MemberFactory(name="甲党员李堃", organisation=branch_a)
    world = World(
        committee=committee,
        tree_a=tree_a,
        branch_a=branch_a,
        window_a=window_a,
        branch_b=branch_b,
        secretary_a=secretary_a,
        member_a=member_a,
        secretary_b=SecretaryFactory(name="乙书记", organisation=branch_b),
        member_b=MemberFactory(name="乙党员", organisation=branch_b),
    )
    o = world.objects
    o["portal.Organisation"] = branch_a
    o["portal.Member"] = member_a

    category = HonorCategory.objects.get_or_create(name="敬业", defaults={"sort_order": 0})[0]
    title = Title.objects.get_or_create(name="服务之星", defaults={"holder_kind": "person"})[0]
    o["honors.HonorRollEntry"] = honors.nominate(
        by=secretary_a.user,
        member=member_a,
        category=category,
        period="2025年度",
        deed="甲的事迹（未同意公开）",
        consent_to_publish=False,
    )
    o["honors.Award"] = honors.grant_award(title=title, holder=member_a, period="2025年度")
    o["honors.Certificate"] = Certificate.objects.get(award=o["honors.Award"])
    o["honors.CertificateBatch"] = CertificateBatch.objects.create(
        kind="title", period="2025年度", title=title, organisation=branch_a
    )

    team = Team.objects.create(name="甲扶弱助老志愿服务队", field="扶弱助老", organisation=branch_a)
    team.leaders.add(secretary_a)
    start = timezone.now() - datetime.timedelta(days=2)
    o["volunteers.Team"] = team
    o["volunteers.Activity"] = Activity.objects.create(
        team=team,
        title="甲敬老院慰问",
        place="城关镇敬老院",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        capacity=10,
    )
    from volunteers.services import join_team
    from volunteers.services.records import create_record, request_correction

    join_team(team=team, member=member_a)
    record = create_record(
        member=member_a,
        team=team,
        by=member_a,
        source=ServiceRecord.Source.SELF,
        title="甲义务打扫责任区",
        started_at=start,
        ended_at=start + datetime.timedelta(hours=2),
        hours="2",
        place="责任区",
        content="清扫积雪",
    )
    o["volunteers.ServiceRecord"] = record
    o["volunteers.CorrectionRequest"] = request_correction(
        member=member_a, record=record, explanation="甲的更正说明", proposed_hours="1.5"
    )
    assert isinstance(o["volunteers.CorrectionRequest"], CorrectionRequest)

    o["pledges.ServiceStandard"] = ServiceStandard.objects.create(
        window=window_a, name="甲低保审批", procedure="受理、审核", time_limit="5个工作日"
    )
    o["pledges.IdentityPlate"] = IdentityPlate.objects.create(member=member_a, motto="甲的承诺")
    o["pledges.MonthlyLeaderScore"] = MonthlyLeaderScore.objects.create(
        window=window_a, month=datetime.date(2026, 1, 1), score=90
    )
    pledge = pledges.create_pledge(
        by=member_a.user,
        year=2026,
        title="甲的草稿承诺",
        lines=["为群众办实事", "带头学习"],
        member=member_a,
    )
    o["pledges.Pledge"] = pledge
    o["pledges.Rating"] = Rating.objects.create(
        window=window_a, level=1, visitor="v-a", rated_on=timezone.localdate()
    )
    o["pledges.StarRating"] = StarRating.objects.create(
        member=member_a, year=2025, half=2, score=Decimal("8.5"), stars=8
    )
    o["pledges.ReviewRound"] = ReviewRound.objects.create(branch=branch_a, year=2026, half=1)

    template = ChecklistTemplate.objects.create(name="甲检查标准", kind="room")
    campaign = Campaign.objects.create(
        name="甲创建活动", year=2026, template=template, organiser=tree_a
    )
    o["activities.Campaign"] = campaign
    o["activities.Assessment"] = Assessment.objects.create(
        campaign=campaign, organisation=branch_a, template_version=1
    )
    o["activities.Meeting"] = Meeting.objects.create(
        organisation=branch_a, kind="congress", title="甲支部党员大会", held_on=start.date()
    )
    o["activities.RoomUse"] = RoomUse.objects.create(
        organisation=branch_a, used_on=start.date(), purpose="甲学习"
    )
    from portal.models import Notice, ReminderDigest

    o["portal.Notice"] = Notice.objects.create(
        organisation=branch_a, title="甲支部通知：本周五主题党日", body="<p>甲的通知</p>"
    )
    o["portal.ReminderDigest"] = ReminderDigest.objects.create(
        member=member_a,
        sent_on=timezone.localdate(),
        email="jia@example.cn",
        item_count=1,
        body="甲的每日提醒",
    )
    for obj in o.values():
        obj.refresh_from_db()  # str() as the pages print it (2.0h, not the "2" passed in)
    return world


class _Described(HTMLParser):
    """The inputs of a page by name, and the text of every element with an id."""

    VOID = {"input", "img", "br", "hr", "meta", "link", "source", "area", "base", "col", "wbr"}

    def __init__(self):
        super().__init__()
        self.inputs: dict[str, list[dict]] = {}
        self.texts: dict[str, str] = {}
        self.open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("name"):
            self.inputs.setdefault(attrs["name"], []).append(attrs)
        if attrs.get("id"):
            self.texts.setdefault(attrs["id"], "")
        if tag not in self.VOID:
            self.open.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        for element_id in self.open:
            if element_id:
                self.texts[element_id] += data


def error_beside(response, name: str) -> str:
    """The error a screen reader hears on the input `name`: it must be marked invalid and
    described by elements that exist; returns their text (help text and error)."""
    page = _Described()
    page.feed(response.content.decode())
    assert name in page.inputs, f"no input named {name!r} on the page"
    attrs = page.inputs[name][0]
    assert attrs.get("aria-invalid") == "true", f"{name} is not marked aria-invalid: {attrs}"
    ids = (attrs.get("aria-describedby") or "").split()
    assert ids, f"{name} has no aria-describedby"
    missing = [i for i in ids if i not in page.texts]
    assert not missing, f"{name} is described by ids not on the page: {missing}"
    return " ".join(page.texts[i].strip() for i in ids)
