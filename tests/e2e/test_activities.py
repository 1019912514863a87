"""A secretary fills in the activity-room self-assessment on a phone and is told what blocks
the application; the dashboard, self-assessment and inspection pages at phone and desktop width."""

import datetime
import os
from pathlib import Path

import pytest

from activities.checklists import ensure_template
from activities.models import Assessment, Campaign, CampaignPhase
from activities.permissions import ensure_inspection_group
from activities.services import assessment as services
from honors.models import Title
from portal.services.roles import ensure_role_groups
from tests.factories import (
    CommitteeAdminFactory,
    MemberFactory,
    OrganisationFactory,
    SecretaryFactory,
    home_page,
)

pytestmark = pytest.mark.e2e

SCREENS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screens"))
PASSWORD = "pass-12345"  # tests.factories.UserFactory's


@pytest.fixture
def campaign_data(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HONORS_CERTIFICATE_ROOT = tmp_path / "private"
    home_page()
    ensure_role_groups()
    Title.objects.get_or_create(
        name="标准化党员活动室", defaults={"holder_kind": "organisation", "has_plaque": True}
    )
    committee = CommitteeAdminFactory(name="周振华", user__username="weiyuan")
    committee.user.groups.add(ensure_inspection_group())
    branch = OrganisationFactory(name="教育局机关党支部", parent=committee.organisation)
    secretary = SecretaryFactory(name="王珺", organisation=branch, user__username="wangjun")
    MemberFactory(name="李堃", organisation=branch)
    template = ensure_template("标准化党员活动室（六有八牌一岗）")
    campaign = Campaign.objects.create(
        name="创建标准化党员活动室",
        year=2026,
        template=template,
        organiser=committee.organisation,
    )
    today = datetime.date.today()
    CampaignPhase.objects.create(
        campaign=campaign,
        kind="apply",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=5),
    )
    assessment = services.start_assessment(campaign=campaign, organisation=branch)
    for index in range(6):
        other = OrganisationFactory(name=f"第{index + 1}中学党支部", parent=committee.organisation)
        late = services.start_assessment(campaign=campaign, organisation=other)
        status = ["passed", "rectifying", "submitted", "draft", "revoked", "passed"][index]
        Assessment.objects.filter(pk=late.pk).update(
            status=status,
            rectify_deadline=today - datetime.timedelta(days=3) if status == "rectifying" else None,
        )
    return {"campaign": campaign, "assessment": assessment, "secretary": secretary}


def sign_in(page, live_server, username: str, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}{next_path}")


def shoot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def test_secretary_is_told_which_items_block_the_application(page, live_server, campaign_data):
    assessment = campaign_data["assessment"]
    page.set_viewport_size({"width": 390, "height": 844})
    url = f"/admin/activities/assessments/{assessment.pk}/self/"
    sign_in(page, live_server, "wangjun", url)

    # Everything met, except the flag; no photos uploaded.
    for group in page.locator("fieldset.act-item").all():
        group.get_by_label("达标", exact=True).check()
    flag = page.locator("fieldset.act-item", has_text="有党旗党徽")
    flag.get_by_label("未达标").check()
    flag.get_by_label("说明").fill("党旗已订购，下周到货")
    page.get_by_role("button", name="保存并申报").click()

    alert = page.locator("#blockers")
    alert.wait_for()
    assert "不符合申报条件，暂不能申报" in alert.inner_text()
    assert "六有·有党旗党徽（未达标）" in alert.inner_text()
    assert "六有·有醒目的门牌（缺少照片）" in alert.inner_text()
    assert "软件·有活动室和电教设备的使用情况记录" not in alert.inner_text()
    # The answers were kept, so the secretary does not start again.
    flag = page.locator("fieldset.act-item", has_text="有党旗党徽")
    assert flag.get_by_label("未达标").is_checked()
    assert flag.get_by_label("说明").input_value() == "党旗已订购，下周到货"
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


@pytest.mark.parametrize("width", [390, 1280])
def test_activity_pages_fit_the_screen(page, live_server, campaign_data, width):
    campaign, assessment = campaign_data["campaign"], campaign_data["assessment"]
    secretary = campaign_data["secretary"]
    page.set_viewport_size({"width": width, "height": 900})

    sign_in(page, live_server, "wangjun", f"/admin/activities/assessments/{assessment.pk}/self/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, f"activities-self-assessment-{width}")

    # Submit with everything met (photos attached by the service) for the inspector's form.
    answers = {item.pk: (True, "") for item in assessment.items.all()}
    from tests.activities.conftest import jpeg

    photos = {i.pk: [jpeg()] for i in assessment.items.filter(photo_required=True)[:3]}
    services.save_self_assessment(
        assessment=assessment, by=secretary.user, answers=answers, photos=photos
    )
    assessment.items.filter(photo_required=True).update(photo_required=False)
    services.apply_for_acceptance(assessment=assessment, by=secretary.user)

    page.context.clear_cookies()
    sign_in(page, live_server, "weiyuan", f"/admin/activities/campaigns/{campaign.pk}/")
    assert page.locator(".act-table tbody tr").first.locator(".act-flag.overdue").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, f"activities-dashboard-{width}")

    page.goto(f"{live_server.url}/admin/activities/assessments/{assessment.pk}/inspect/")
    assert page.get_by_role("button", name="提交验收结果").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, f"activities-inspection-{width}")
