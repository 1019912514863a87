"""A member of the public checks a certificate on a phone: 有效, then 已撤销."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from honors import services
from honors.models import Certificate, Title
from tests.factories import CommitteeFactory, OrganisationFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def award(transactional_db, settings, tmp_path):
    settings.HONORS_CERTIFICATE_ROOT = tmp_path
    committee = CommitteeFactory(name="县直机关工委", code="XZJGGW")
    window = OrganisationFactory(name="城管窗口", parent=committee, code="FWZX-CG")
    # The title exists from the data migration, unless an earlier transactional test flushed it.
    title, _created = Title.objects.get_or_create(
        name="标准化服务窗口", defaults={"holder_kind": "organisation", "has_plaque": True}
    )
    return services.grant_award(title=title, holder=window, period="2025年度", certificate=True)


def test_public_sees_valid_then_revoked(page, live_server, award):
    number = Certificate.objects.get(award=award).number
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/certificates/{number}/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("有效")
    expect(page.get_by_text("城管窗口")).to_be_visible()
    expect(page.get_by_text("标准化服务窗口")).to_be_visible()

    today = timezone.localdate()
    services.revoke_award(award=award, reason="年终复查未通过", on=today)

    page.reload()
    expect(page.get_by_role("status")).to_contain_text("已撤销")
    expect(page.get_by_text(f"{today.year}年{today.month}月{today.day}日").first).to_be_visible()
    expect(page.get_by_text("撤销原因：年终复查未通过")).to_be_visible()


def test_unknown_number_shows_a_clear_not_found_page(page, live_server, transactional_db):
    response = page.goto(f"{live_server.url}/certificates/2025-XZJGGW-9999/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="未找到该证书")).to_be_visible()
