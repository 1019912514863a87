"""学习情况: the secretary's members × articles matrix, its scope, its export and its cost."""

import io
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.exports import content_disposition, xlsx_response
from portal.models import Member, StudyArticlePage, StudyRecord
from portal.services.study import credit_study, mark_article_studied
from tests.documents import assert_prints_well
from tests.factories import MemberFactory, make_article

pytestmark = pytest.mark.django_db

MATRIX = reverse("portal_study_matrix")
EXPORT = reverse("portal_study_matrix_export")
THIS_YEAR = timezone.localdate().year


def read_export(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in workbook.active.iter_rows()]


@pytest.fixture
def two_articles(study):
    first = make_article(title="党章学习", date=date(THIS_YEAR, 1, 10), study_hours=Decimal("2"))
    second = make_article(title="二十大报告", date=date(THIS_YEAR, 3, 5), study_hours=Decimal("3"))
    return first, second


@pytest.fixture
def studied(two_articles, member_a, secretary_a, member_b):
    first, second = two_articles
    mark_article_studied(member=member_a, article=first)
    mark_article_studied(member=member_a, article=second)
    mark_article_studied(member=secretary_a, article=first)
    mark_article_studied(member=member_b, article=second)
    credit_study(
        member=member_a,
        title="七一党课",
        hours=Decimal("4"),
        studied_on=date(THIS_YEAR, 7, 1),
        source_key="meeting:1",
    )
    return two_articles


# --- who sees what ----------------------------------------------------------------------


def test_secretary_sees_own_branch_with_ticks_and_totals(client, secretary_a, studied):
    client.force_login(secretary_a.user)

    response = client.get(MATRIX)

    text = response.content.decode()
    assert response.status_code == 200
    assert "甲党员" in text and "甲书记" in text
    assert "乙党员" not in text and "乙书记" not in text
    row = text[text.index("甲党员") : text.index("</tr>", text.index("甲党员"))]
    assert row.count("✓") == 2
    assert ">9</td>" in row  # 2 + 3 学时 of articles and 4 of the 党课
    assert ">32</td>" in row
    secretary_row = text[text.index("甲书记") : text.index("</tr>", text.index("甲书记"))]
    assert secretary_row.count("✓") == 1
    assert ">56</td>" in secretary_row
    footer = text[text.index("<tfoot>") :]
    assert "2/2" in footer  # both of branch A studied 党章学习
    assert "1/2" in footer  # only 甲党员 studied 二十大报告


def test_secretary_cannot_open_another_branch(client, secretary_a, branch_b, studied):
    client.force_login(secretary_a.user)
    for url in (MATRIX, EXPORT):
        response = client.get(url, {"org": branch_b.pk})
        assert response.status_code == 404
        assert "乙党员" not in response.content.decode()


@pytest.mark.parametrize("org", ["abc", "987654", "-1", "1.5", "99999999999999999999"])
def test_a_bad_organisation_is_not_found(client, secretary_a, org):
    client.force_login(secretary_a.user)
    assert client.get(MATRIX, {"org": org}).status_code == 404
    assert client.get(EXPORT, {"org": org}).status_code == 404


def test_secretary_export_holds_only_their_branch(client, secretary_a, studied):
    client.force_login(secretary_a.user)
    rows = read_export(client.get(EXPORT))
    names = [row[1] for row in rows[1:-1]]
    assert sorted(names) == ["甲书记", "甲党员"]


def test_committee_admin_sees_every_branch_and_may_pick_one(client, committee, branch_b, studied):
    client.force_login(committee.user)

    everything = client.get(MATRIX).content.decode()
    only_b = client.get(MATRIX, {"org": branch_b.pk}).content.decode()

    for name in ("甲党员", "甲书记", "乙党员"):
        assert name in everything
    assert "乙党员" in only_b
    assert "甲党员" not in only_b
    assert f'<option value="{branch_b.pk}" selected>' in only_b


@pytest.mark.parametrize("who", ["member_a", "anonymous"])
def test_members_and_the_public_get_no_matrix(client, request, studied, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who).user)
    for url in (MATRIX, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert "甲党员" not in response.content.decode()


def test_an_admin_user_without_a_staff_role_is_refused(client, django_user_model, studied):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(MATRIX)
    assert response.status_code in (302, 403)
    assert "甲党员" not in response.content.decode()


def test_menu_item_is_shown_to_staff_roles(client, secretary_a):
    client.force_login(secretary_a.user)
    assert MATRIX in client.get(reverse("wagtailadmin_home")).content.decode()


# --- filters, order, pagination ---------------------------------------------------------


def test_year_filter_switches_the_articles(client, secretary_a, study):
    make_article(title="今年的文章", date=date(THIS_YEAR, 2, 1))
    make_article(title="去年的文章", date=date(THIS_YEAR - 1, 2, 1))
    client.force_login(secretary_a.user)

    this_year = client.get(MATRIX).content.decode()
    last_year = client.get(MATRIX, {"year": THIS_YEAR - 1}).content.decode()
    garbled = client.get(MATRIX, {"year": "abc"})

    assert "今年的文章" in this_year and "去年的文章" not in this_year
    assert "去年的文章" in last_year and "今年的文章" not in last_year
    assert garbled.status_code == 200
    assert "今年的文章" in garbled.content.decode()


def test_members_are_listed_by_name_never_by_hours(client, secretary_a, branch_a):
    MemberFactory(name="王一", organisation=branch_a)
    busy = MemberFactory(name="王二", organisation=branch_a)
    credit_study(
        member=busy,
        title="集中轮训",
        hours=Decimal("30"),
        studied_on=timezone.localdate(),
        source_key="training:1",
    )
    client.force_login(secretary_a.user)

    text = client.get(MATRIX).content.decode()

    assert text.index("王一") < text.index("王二")
    assert "排名" not in text


def test_large_branch_is_paged_but_exported_whole(client, secretary_a, branch_a, study):
    article = make_article(title="党章学习", date=date(THIS_YEAR, 1, 10))
    members = Member.objects.bulk_create(
        Member(name=f"成员{i:02d}", organisation=branch_a) for i in range(55)
    )
    StudyRecord.objects.bulk_create(
        StudyRecord(member=m, article=article, title=article.title, hours=1) for m in members[:20]
    )
    client.force_login(secretary_a.user)

    first = client.get(MATRIX).content.decode()
    second = client.get(MATRIX, {"p": 2}).content.decode()
    garbled = client.get(MATRIX, {"p": "abc"})
    rows = read_export(client.get(EXPORT))

    assert first.count('<th scope="row" class="sticky-col">') == 50 + 1  # + footer row
    assert second.count('<th scope="row" class="sticky-col">') == 6 + 1
    assert "第 1 / 2 页" in first
    assert garbled.status_code == 200 and "第 1 / 2 页" in garbled.content.decode()
    assert "p=2" in first
    assert "20/56" in first and "20/56" in second
    assert len(rows) == 1 + 56 + 1
    assert rows[-1][1] == "已学人数"
    assert rows[-1][2] == 20


# --- the export -------------------------------------------------------------------------


def test_export_opens_in_excel_with_ticks_and_totals(client, secretary_a, branch_a, studied):
    client.force_login(secretary_a.user)

    response = client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == f"{THIS_YEAR}年学习情况-甲党支部.xlsx"
    assert "private" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    # Article titles head the columns: wrapped, in a row tall enough to show them.
    assert_prints_well(sheet, title=f"{THIS_YEAR}年学习情况-甲党支部")
    assert sheet.row_dimensions[1].height > 15

    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:2] == ["组织", "姓名"]
    assert header[2].startswith("党章学习") and header[3].startswith("二十大报告")
    assert header[-3:] == ["年度学时", "年度要求", "是否达标"]
    by_name = {row[1]: row for row in rows[1:-1]}
    assert by_name["甲党员"][2:] == ["✓", "✓", 9, 32, "否"]
    assert by_name["甲书记"][0] == "甲党支部"
    assert by_name["甲书记"][2:] == ["✓", None, 2, 56, "否"]
    assert rows[-1][1:4] == ["已学人数", 2, 1]


def test_export_helper_keeps_a_formula_looking_name_as_text(rf):
    response = xlsx_response(
        "台帐.xlsx", "志愿服务台帐", ["姓名", "学时"], iter([["=HYPERLINK(1)", Decimal("1.5")]])
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = workbook.active["A2"]
    assert cell.value == "=HYPERLINK(1)"
    assert cell.data_type == "s"
    assert workbook.active["B2"].value == 1.5
    assert workbook.active.title == "志愿服务台帐"


def test_content_disposition_has_an_ascii_fallback_and_the_chinese_name():
    header = content_disposition("2025年学习情况-甲党支部.xlsx")
    assert header.startswith('attachment; filename="2025.xlsx"; ')
    assert "filename*=UTF-8''2025%E5%B9%B4" in header
    assert content_disposition("台帐.xlsx").startswith('attachment; filename="export.xlsx"')


# --- query counts -----------------------------------------------------------------------


def populate(branch, count: int) -> None:
    """`count` members and `count` articles this year, each member having studied some."""
    index = StudyArticlePage.objects.first().get_parent()
    articles = [
        index.add_child(
            instance=StudyArticlePage(
                title=f"学习文章{i:03d}",
                slug=f"article-{i}",
                topic="policy",
                date=date(THIS_YEAR, 1 + i % 12, 1),
                study_hours=Decimal("1"),
            )
        )
        for i in range(count)
    ]
    members = Member.objects.bulk_create(
        Member(name=f"成员{i:03d}", organisation=branch) for i in range(count)
    )
    StudyRecord.objects.bulk_create(
        StudyRecord(member=m, article=a, title=a.title, hours=1)
        for i, m in enumerate(members)
        for a in articles[i % 3 :: 7]
    )


@pytest.mark.parametrize("count", [10, 200])
def test_matrix_query_count_does_not_grow(
    client, secretary_a, branch_a, study, count, django_assert_num_queries
):
    make_article(title="第一篇", date=date(THIS_YEAR, 1, 1))
    populate(branch_a, count)
    client.force_login(secretary_a.user)
    client.get(MATRIX)

    # 6 of them: the admin menu asks the scoped image and document policies
    # (the user's collection permissions and organisation collection, per model).
    with django_assert_num_queries(24):
        response = client.get(MATRIX)

    assert response.status_code == 200
    assert (
        response.content.decode().count('<th scope="row" class="sticky-col">')
        == min(count + 1, 50) + 1
    )
