import io
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from honors import services
from honors.models import Certificate, CertificateBatch, HonorRollEntry, HonorRollPage
from portal.models import PortalSettings
from tests.factories import OrganisationFactory, home_page
from tests.honors.factories import EntryFactory, HonorCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roll_page(db):
    page = home_page().add_child(instance=HonorRollPage(title="善行功德榜", slug="honors"))
    page.save_revision().publish()
    return page


def make_roll(count: int, organisations) -> None:
    categories = [HonorCategoryFactory(name=n) for n in ("敬业", "诚信", "孝敬", "勤俭", "互助")]
    for i in range(count):
        EntryFactory(organisation=organisations[i % len(organisations)], category=categories[i % 5])


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


class TestHonourRollPage:
    def test_roll_groups_by_category_and_hides_entries_without_consent(self, client, roll_page):
        branch = OrganisationFactory(name="民政局窗口")
        EntryFactory(organisation=branch, person_name="邓小芸", deed="主动送证上门。")
        EntryFactory(organisation=branch, person_name="不公开", consent_to_publish=False)
        EntryFactory(
            organisation=branch, person_name="待审核", status=HonorRollEntry.Status.SUBMITTED
        )
        response = client.get("/honors/")
        text = response.content.decode()
        assert "邓小芸" in text and "主动送证上门" in text and "民政局窗口" in text
        assert "不公开" not in text and "待审核" not in text
        assert "public" in response["Cache-Control"]

    def test_roll_filters_by_period_and_organisation(self, client, roll_page):
        one, two = OrganisationFactory(), OrganisationFactory()
        EntryFactory(organisation=one, person_name="甲好人", period="2024年度")
        EntryFactory(organisation=two, person_name="乙好人", period="2025年度")
        EntryFactory(organisation=one, person_name="丙好人", period="2025年度")
        text = client.get("/honors/").content.decode()
        assert "乙好人" in text and "丙好人" in text and "甲好人" not in text
        text = client.get(f"/honors/?period=2025年度&org={two.code}").content.decode()
        assert "乙好人" in text and "丙好人" not in text
        text = client.get("/honors/?period=2024年度").content.decode()
        assert "甲好人" in text

    def test_one_new_year_approval_does_not_replace_the_full_roll(self, client, roll_page):
        branch = OrganisationFactory()
        for name in ("甲好人", "乙好人", "丙好人"):
            EntryFactory(organisation=branch, person_name=name, period="2025年度")
        EntryFactory(organisation=branch, person_name="新好人", period="2026年度")
        with time_machine.travel("2026-03-01 10:00 +0800"):
            text = client.get("/honors/").content.decode()
        assert "甲好人" in text and "丙好人" in text and "新好人" not in text
        assert '<option value="2026年度"' in text
        text = client.get("/honors/?period=2026年度").content.decode()
        assert "新好人" in text and "甲好人" not in text

    def test_roll_form_submits_to_the_roll_itself(self, client, roll_page):
        EntryFactory(organisation=OrganisationFactory())
        assert '<form class="honor-filter" method="get" action="/honors/">' in (
            client.get("/honors/").content.decode()
        )

    def test_roll_queries_do_not_grow_with_entries(
        self, client, roll_page, django_assert_num_queries
    ):
        organisations = [OrganisationFactory() for _ in range(5)]
        make_roll(30, organisations)
        client.get("/honors/")  # warm Wagtail's site cache
        queries = query_count(client, "/honors/")
        make_roll(270, organisations)
        with django_assert_num_queries(queries):
            response = client.get("/honors/")
        assert response.content.decode().count('class="honor-person"') == 300

    def test_organisation_page_lists_current_titles_only(self, client, roll_page, plaque_title):
        window = OrganisationFactory(name="城管窗口")
        award = services.grant_award(title=plaque_title, holder=window, period="2024年度")
        services.revoke_award(award=award, reason="复查未通过")
        services.grant_award(title="红旗窗口", holder=window, period="2025年度", certificate=False)
        text = client.get(f"/honors/organisations/{window.code}/").content.decode()
        assert "红旗窗口" in text and "2025年度" in text and "2024年度" not in text
        assert client.get("/honors/organisations/NOPE/").status_code == 404


class TestVerification:
    def test_valid_certificate(self, client, member_a, person_title):
        member_a.phone = "13812345678"
        member_a.save()
        award = services.grant_award(title=person_title, holder=member_a, period="2025年度")
        number = Certificate.objects.get(award=award).number
        PortalSettings.footer()  # the footer's details are cached once for every page
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/certificates/{number}/")
        text = response.content.decode()
        assert response.status_code == 200
        assert "有效" in text and "已撤销" not in text
        assert member_a.name in text and "服务之星" in text and "2025年度" in text
        assert "13812345678" not in text and "1234" not in text
        assert len(queries) == 1

    def test_revoked_unit_certificate_says_so_with_the_date_and_reason(
        self, client, branch_a, plaque_title
    ):
        import datetime

        award = services.grant_award(title=plaque_title, holder=branch_a, period="2025年度")
        services.revoke_award(
            award=award, reason="年终复查未通过，逾期未整改", on=datetime.date.today()
        )
        number = Certificate.objects.get(award=award).number
        text = client.get(f"/certificates/{number}/").content.decode()
        assert "已撤销" in text
        assert f"{datetime.date.today():%Y年%-m月%-d日}" in text
        # 摘牌 of a unit is public, with its reason (issue: "shown on the verification page").
        assert "年终复查未通过，逾期未整改" in text

    def test_unknown_number_is_a_clear_404(self, client):
        response = client.get("/certificates/2025-NOPE-9999/")
        assert response.status_code == 404
        assert "未找到该证书" in response.content.decode()

    def test_roll_entry_without_consent_shows_only_the_surname(self, client, branch_a, category):
        entry = EntryFactory(organisation=branch_a, person_name="李堃", consent_to_publish=False)
        certificate = services.issue_roll_certificate(entry=entry, render=False)
        text = client.get(f"/certificates/{certificate.number}/").content.decode()
        assert "李*" in text and "李堃" not in text


class TestMyCertificates:
    def test_member_sees_and_downloads_own_certificate(
        self, client, member_a, person_title, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            award = services.grant_award(title=person_title, holder=member_a, period="2025年度")
        number = Certificate.objects.get(award=award).number
        client.force_login(member_a.user)
        text = client.get(reverse("honors:my_certificates")).content.decode()
        assert number in text and "服务之星" in text
        response = client.get(reverse("honors:download", args=[number]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_member_cannot_download_someone_elses(self, client, member_a, member_b, person_title):
        award = services.grant_award(title=person_title, holder=member_b, period="2025年度")
        number = Certificate.objects.get(award=award).number
        client.force_login(member_a.user)
        assert client.get(reverse("honors:download", args=[number])).status_code == 404

    def test_revoked_certificate_cannot_be_downloaded(self, client, member_a, person_title):
        award = services.grant_award(title=person_title, holder=member_a, period="2025年度")
        services.revoke_award(award=award, reason="违反纪律")
        number = Certificate.objects.get(award=award).number
        client.force_login(member_a.user)
        response = client.get(reverse("honors:download", args=[number]))
        assert response.status_code == 410
        assert "已撤销" in response.content.decode()

    def test_a_persons_revocation_reason_stays_private(self, client, member_a, person_title):
        award = services.grant_award(title=person_title, holder=member_a, period="2025年度")
        services.revoke_award(award=award, reason="违反纪律")
        number = Certificate.objects.get(award=award).number
        text = client.get(reverse("honors:verify", args=[number])).content.decode()
        assert "已撤销" in text
        assert "违反纪律" not in text

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(reverse("honors:my_certificates"))
        assert response.status_code == 302 and "login" in response["Location"]


def assert_refused(response) -> None:
    """Wagtail turns PermissionDenied in admin views into a redirect to the dashboard."""
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


class TestAdmin:
    def test_secretary_cannot_open_the_review_page(self, client, secretary_a, member_a, category):
        entry = services.nominate(
            by=secretary_a.user,
            member=member_a,
            category=category,
            period="2025年度",
            deed="事迹",
            consent_to_publish=True,
        )
        client.force_login(secretary_a.user)
        response = client.get(reverse("honors_admin:review", args=[entry.pk]))
        assert_refused(response)

    def test_return_without_reason_is_refused_then_approve(
        self, client, committee, secretary_a, member_a, category
    ):
        entry = services.nominate(
            by=secretary_a.user,
            member=member_a,
            category=category,
            period="2025年度",
            deed="事迹",
            consent_to_publish=True,
        )
        client.force_login(committee.user)
        url = reverse("honors_admin:review", args=[entry.pk])
        response = client.post(url, {"decision": "return", "reason": ""})
        assert response.status_code == 400
        assert "退回时请填写理由" in response.content.decode()
        entry.refresh_from_db()
        assert entry.status == HonorRollEntry.Status.SUBMITTED
        assert client.post(url, {"decision": "approve"}).status_code == 302
        entry.refresh_from_db()
        assert entry.status == HonorRollEntry.Status.APPROVED

    def test_duplicate_nomination_in_the_admin_form_shows_chinese_error(
        self, client, secretary_a, member_a, category
    ):
        services.nominate(
            by=secretary_a.user,
            member=member_a,
            category=category,
            period="2025年度",
            deed="事迹",
            consent_to_publish=True,
        )
        client.force_login(secretary_a.user)
        response = client.post(
            "/admin/snippets/honors/honorrollentry/add/",
            {
                "organisation": member_a.organisation.pk,
                "member": member_a.pk,
                "person_name": "",
                "unit": "",
                "category": category.pk,
                "period": "2025年度",
                "deed": "另一份事迹",
                "consent_to_publish": "on",
            },
        )
        assert response.status_code == 200
        assert "不能重复提名" in response.content.decode()
        assert HonorRollEntry.objects.count() == 1

    def test_revoke_form_needs_a_reason(self, client, committee, branch_a, plaque_title):
        award = services.grant_award(
            title=plaque_title, holder=branch_a, period="2025年度", certificate=False
        )
        client.force_login(committee.user)
        url = reverse("honors_admin:revoke", args=[award.pk])
        response = client.post(url, {"reason": "", "revoked_on": "not a date"})
        assert response.status_code == 400
        text = response.content.decode()
        assert "请填写撤销理由" in text and "日期格式应为" in text
        award.refresh_from_db()
        assert not award.is_revoked

    def test_secretary_cannot_revoke(self, client, secretary_a, branch_a, plaque_title):
        award = services.grant_award(
            title=plaque_title, holder=branch_a, period="2025年度", certificate=False
        )
        client.force_login(secretary_a.user)
        response = client.post(
            reverse("honors_admin:revoke", args=[award.pk]),
            {"reason": "x", "revoked_on": "2026-01-01"},
        )
        assert_refused(response)
        award.refresh_from_db()
        assert not award.is_revoked

    def test_batch_for_a_roll_reports_progress_and_zips(
        self, client, committee, branch_a, django_capture_on_commit_callbacks
    ):
        make_roll(12, [branch_a])
        client.force_login(committee.user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("honors_admin:new_batch"), {"kind": "roll", "period": "2025年度"}
            )
        batch = CertificateBatch.objects.get()
        assert response.status_code == 302
        progress = client.get(reverse("honors_admin:batch_progress", args=[batch.pk])).json()
        assert progress["status"] == "done"
        assert progress["done"] == progress["total"] == 12
        zipped = client.get(progress["download"])
        archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
        assert len(archive.namelist()) == 12
        # Running it again keeps every number.
        numbers = set(Certificate.objects.values_list("number", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("honors_admin:new_batch"), {"kind": "roll", "period": "2025年度"})
        assert set(Certificate.objects.values_list("number", flat=True)) == numbers

    def test_batch_form_refuses_bad_input(self, client, committee):
        client.force_login(committee.user)
        response = client.post(reverse("honors_admin:new_batch"), {"kind": "title", "period": ""})
        assert response.status_code == 400
        text = response.content.decode()
        assert "请填写期次" in text and "请选择称号" in text
        assert not CertificateBatch.objects.exists()

    def test_secretary_cannot_start_a_batch(self, client, secretary_a):
        client.force_login(secretary_a.user)
        assert_refused(client.get(reverse("honors_admin:new_batch")))
