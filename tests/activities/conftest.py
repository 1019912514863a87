"""Fixtures for activities: a small room checklist, a campaign, inspectors, photos on disk."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities.models import Campaign, CampaignPhase, ChecklistItem, ChecklistTemplate
from activities.permissions import ensure_inspection_group
from activities.services import assessment as services
from honors.models import Title
from tests.factories import MemberFactory, WindowFactory


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HONORS_CERTIFICATE_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


def jpeg(size=(800, 600), name="photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#b4191f").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def titles(db):
    for name in ("标准化党员活动室", "标准化服务窗口"):
        Title.objects.get_or_create(
            name=name, defaults={"holder_kind": "organisation", "has_plaque": True}
        )


@pytest.fixture
def room_template(db):
    template = ChecklistTemplate.objects.create(
        name="标准化党员活动室", kind="room", title_name="标准化党员活动室"
    )
    rows = [
        ("六有", "有醒目的门牌", True, False, True),
        ("六有", "有党旗党徽", False, False, True),
        ("八牌", "墙上挂“入党誓词”牌", False, False, True),
        ("软件", "坚持每月组织党员过1-2次组织生活", False, False, False),
    ]
    for index, (section, text, photo, veto, required) in enumerate(rows):
        ChecklistItem.objects.create(
            template=template,
            sort_order=index,
            section=section,
            text=text,
            photo_required=photo,
            is_veto=veto,
            is_required=required,
        )
    return template


@pytest.fixture
def window_template(db):
    template = ChecklistTemplate.objects.create(
        name="标准化服务窗口", kind="window", title_name="标准化服务窗口"
    )
    rows = [
        ("服务行为", "有制服的着制服、挂牌上岗", False),
        ("一票否决", "有违反“六条禁令”的", True),
        ("一票否决", "与服务对象争吵，造成不良影响的", True),
    ]
    for index, (section, text, veto) in enumerate(rows):
        ChecklistItem.objects.create(
            template=template, sort_order=index, section=section, text=text, is_veto=veto
        )
    return template


def make_campaign(template, organiser, year=2026) -> Campaign:
    campaign = Campaign.objects.create(
        name="创建标准化党员活动室", year=year, template=template, organiser=organiser
    )
    for order, (kind, start, end) in enumerate(
        [("apply", (5, 1), (5, 31)), ("inspect", (6, 1), (6, 28)), ("recheck", (7, 1), (12, 31))]
    ):
        CampaignPhase.objects.create(
            campaign=campaign,
            kind=kind,
            sort_order=order,
            starts_on=datetime.date(year, *start),
            ends_on=datetime.date(year, *end),
        )
    return campaign


@pytest.fixture
def campaign(room_template, committee, titles):
    return make_campaign(room_template, committee.organisation)


@pytest.fixture
def inspector(committee):
    """A committee member who also sits on the 考核验收小组."""
    member = MemberFactory(name="验收组长", organisation=committee.organisation, role="committee")
    member.user.groups.add(ensure_inspection_group())
    return member


@pytest.fixture
def assessment_a(campaign, branch_a):
    return services.start_assessment(campaign=campaign, organisation=branch_a)


@pytest.fixture
def assessment_b(campaign, branch_b):
    return services.start_assessment(campaign=campaign, organisation=branch_b)


def all_met(assessment):
    return {item.pk: (True, "") for item in assessment.items.all()}


def photos_for(assessment):
    return {item.pk: [jpeg()] for item in assessment.items.filter(photo_required=True)}


def submit(assessment, user):
    """Self-assessment complete with photos, then applied for."""
    services.save_self_assessment(
        assessment=assessment, by=user, answers=all_met(assessment), photos=photos_for(assessment)
    )
    return services.apply_for_acceptance(assessment=assessment, by=user)


def verdicts(assessment, *, failing=()):
    return {item.pk: (item.text not in failing, "") for item in assessment.items.all()}


@pytest.fixture
def window(branch_a):
    return WindowFactory(name="民政局窗口", parent=branch_a)
