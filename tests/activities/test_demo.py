"""The demo `make run` shows: both checklists as transcribed, and a room campaign where some
branches passed (plaque and certificate), one is rectifying and one lost its plaque."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from activities.demo import ROOM_TEMPLATE, WINDOW_TEMPLATE
from activities.models import Assessment, ChecklistTemplate, Transition
from honors.models import Certificate

Status = Assessment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "dangjian2026"
    call_command("seed_demo", stdout=StringIO())


def sections(template) -> dict[str, int]:
    counts: dict[str, int] = {}
    for section in template.items.values_list("section", flat=True):
        counts[section] = counts.get(section, 0) + 1
    return counts


def test_both_checklists_are_transcribed(demo):
    room = ChecklistTemplate.objects.get(name=ROOM_TEMPLATE)
    assert (room.kind, room.title_name) == ("room", "标准化党员活动室")
    room_sections = sections(room)
    assert room_sections["六有"] == 6 and room_sections["八牌"] == 8
    assert any("一岗" in s for s in room_sections)
    window = ChecklistTemplate.objects.get(name=WINDOW_TEMPLATE)
    assert (window.kind, window.title_name) == ("window", "标准化服务窗口")
    for section in ("窗口建设", "窗口管理", "政务公开", "服务行为", "服务质量"):
        assert section in sections(window), section
    assert window.items.filter(is_veto=True).count() == 7


def test_room_campaign_has_every_outcome_and_the_pages_show_it(demo, client):
    room = ChecklistTemplate.objects.get(name=ROOM_TEMPLATE)
    assessments = Assessment.objects.filter(campaign__template=room).select_related("award")
    by_status: dict[str, list] = {}
    for assessment in assessments:
        by_status.setdefault(assessment.status, []).append(assessment)
    assert len(by_status[Status.PASSED]) >= 2
    for passed in by_status[Status.PASSED]:
        assert passed.award and not passed.award.is_revoked and passed.award.title.has_plaque
        assert Certificate.objects.filter(award=passed.award, revoked_on=None).exists()
    assert len(by_status[Status.RECTIFYING]) == 1
    assert by_status[Status.RECTIFYING][0].rectify_deadline
    [revoked] = by_status[Status.REVOKED]
    assert revoked.award.is_revoked and "予以摘牌" in revoked.award.revoke_reason
    certificate = Certificate.objects.get(award=revoked.award)
    page = client.get(reverse("honors:verify", args=[certificate.number]))
    assert page.status_code == 200 and "予以摘牌" in page.content.decode()

    # Seeding again adds no participant and no state change.
    before = (Assessment.objects.count(), Transition.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Assessment.objects.count(), Transition.objects.count()) == before
