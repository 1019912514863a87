"""限期整改书 and inspection results: A4 PDFs in the official layout, scoped downloads."""

import datetime

import pytest

from activities.models import RectificationNotice
from activities.services import assessment as services
from tests.activities.conftest import submit, verdicts
from tests.documents import pdf_pages, pdf_pngs, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(assessment_a, secretary_a, inspector):
    submit(assessment_a, secretary_a.user)
    item = assessment_a.items.get(text="墙上挂“入党誓词”牌")
    answers = verdicts(assessment_a, failing=["墙上挂“入党誓词”牌"])
    answers[item.pk] = (False, "誓词牌缺失，墙面未布置")
    services.record_inspection(
        assessment=assessment_a,
        by=inspector.user,
        verdicts=answers,
        passed=False,
        comments="按“八牌”要求补齐上墙制度牌，并拍照上传。",
        deadline=datetime.date(2027, 1, 15),
        on=datetime.date(2026, 12, 1),
    )
    return RectificationNotice.objects.get(assessment=assessment_a)


def test_notice_numbers_count_per_issuing_body_and_year(failed, committee):
    prefix = f"{committee.organisation.short_name or committee.organisation.name}整改〔2026〕"
    assert failed.number == f"{prefix}1号"
    assert services.notice_number(issuer=committee.organisation, on=datetime.date(2026, 12, 2)) == (
        f"{prefix}2号"
    )


def test_notice_pdf_has_every_part_of_an_official_notice(client, failed, secretary_a, committee):
    client.force_login(secretary_a.user)
    response = client.get(f"/admin/activities/notices/{failed.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for part in (
        committee.organisation.name,  # 红头 and the issuing body under the text
        failed.number,  # 文号
        "限期整改书",
        "甲党支部：",  # addressee
        "八牌：墙上挂“入党誓词”牌",  # the failed item in the checklist's wording
        "检查意见：誓词牌缺失，墙面未布置",
        "整改要求：按“八牌”要求补齐上墙制度牌，并拍照上传。",
        "2027年1月15日前完成",  # deadline
        "二〇二六年十二月一日",  # date in Chinese under the issuing body
        "（盖章）",  # the seal area
        "标准化党员活动室",
    ):
        assert part in text, part
    assert "有醒目的门牌" not in text  # a met item is not listed
    pngs = pdf_pngs(response.content, dpi=30)
    assert len(pngs) == pdf_pages(response.content) == 1
    from PIL import Image

    with Image.open(pngs[0]) as page:  # A4 portrait at 30 dpi
        assert (page.width, page.height) == (249, 351)


def test_inspection_result_pdf_lists_each_item_and_the_conclusion(
    client, failed, secretary_a, committee
):
    client.force_login(secretary_a.user)
    response = client.get(f"/admin/activities/inspections/{failed.inspection_id}.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    for part in (
        committee.organisation.name,
        "验收结果通知",
        "甲党支部：",
        "检查结论为：不合格",
        "有醒目的门牌达标",
        "墙上挂“入党誓词”牌未达标誓词牌缺失，墙面未布置",
        failed.number,
        "验收组长",
        "二〇二六年十二月一日",
    ):
        assert part in text, part


def test_another_branch_cannot_download_the_notice(client, failed, secretary_b, member_a):
    client.force_login(secretary_b.user)
    assert client.get(f"/admin/activities/notices/{failed.pk}.pdf").status_code == 404
    assert (
        client.get(f"/admin/activities/inspections/{failed.inspection_id}.pdf").status_code == 404
    )


def test_unit_sees_the_notices_it_received_and_others_do_not(
    client, failed, secretary_a, secretary_b
):
    client.force_login(secretary_a.user)
    page = client.get("/admin/activities/").content.decode()
    assert failed.number in page and f"/admin/activities/notices/{failed.pk}.pdf" in page
    client.force_login(secretary_b.user)
    assert failed.number not in client.get("/admin/activities/").content.decode()
