"""Importing members from an Excel sheet: all rows or none, every bad row named in Chinese."""

import io
import zipfile
from datetime import date, datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from portal.models import Member
from portal.permissions import scope_for
from portal.services.member_import import IMPORT_HEADERS, import_members

IMPORT_URL = reverse("portal_member_import")
TEMPLATE_URL = reverse("portal_member_import_template")
User = get_user_model()


def xlsx(rows, headers=IMPORT_HEADERS, title=None) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    if headers:
        sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile("党员名单.xlsx", output.getvalue())


def row(
    name="张三",
    organisation="甲党支部",
    status="正式党员",
    joined="2015-07-01",
    post="",
    duties="",
    phone="",
    email="",
    gender="男",
):
    return [name, organisation, status, joined, post, duties, phone, email, gender]


def run(file, secretary):
    return import_members(
        file=file, organisation_scope=scope_for(secretary.user), by=secretary.user
    )


# -- Good files -----------------------------------------------------------------------


@pytest.mark.django_db
def test_good_file_imports_every_row_with_accounts_and_emails(
    client, secretary_a, branch_a, django_capture_on_commit_callbacks
):
    rows = [
        row(
            "张三",
            "甲党支部",
            "正式党员",
            datetime(2015, 7, 1),
            "窗口服务岗",
            "受理咨询",
            13900000001,
            "zhangsan@example.cn",
            "男",
        ),
        row("李四", branch_a.code, "中共预备党员", "2023/7/1", phone="139-0000-0002", gender="女"),
        row("王五", "甲党支部", "入党积极分子", "", phone="", email="wangwu@example.cn"),
        row("赵六", "甲党支部", "群众", "", gender=""),
    ]
    client.force_login(secretary_a.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT_URL, {"file": xlsx(rows)})
    assert response.status_code == 200
    text = response.content.decode()
    assert "已导入 4 名党员" in text
    zhang = Member.objects.get(name="张三")
    assert zhang.organisation == branch_a
    assert (zhang.status, zhang.joined_on, zhang.phone) == ("full", date(2015, 7, 1), "13900000001")
    assert (zhang.post, zhang.duties, zhang.gender) == ("窗口服务岗", "受理咨询", "male")
    li = Member.objects.get(name="李四")
    assert (li.status, li.phone, li.gender) == ("probationary", "13900000002", "female")
    assert Member.objects.get(name="赵六").status == "masses"
    for name in ["张三", "李四", "王五", "赵六"]:
        member = Member.objects.get(name=name)
        assert member.user is not None and not member.user.has_usable_password()
        assert member.user.username in text
    assert sorted(m.to[0] for m in mail.outbox) == ["wangwu@example.cn", "zhangsan@example.cn"]
    # Every member's link is on the page, for those without email to be handed over.
    assert text.count(f'href="{settings.SITE_URL}/accounts/password/reset/key/') == 4


@pytest.mark.django_db
def test_title_row_above_header_and_blank_rows_are_allowed(secretary_a, branch_a):
    file = xlsx([row("张三"), [None] * 9, row("李四")], title="甲党支部党员名单")
    result = run(file, secretary_a)
    assert result.ok, result.errors
    assert {m.member.name for m in result.created} == {"张三", "李四"}


@pytest.mark.django_db
def test_phone_numbers_are_read_as_people_type_them(secretary_a, branch_a):
    rows = [
        row("甲一", phone="+86 139 0000 0001"),
        row("甲二", phone=13900000002.0),
        row("甲三", phone="(139)0000-0003"),
    ]
    result = run(xlsx(rows), secretary_a)
    assert result.ok, result.errors
    phones = sorted(
        Member.objects.filter(name__in=["甲一", "甲二", "甲三"]).values_list("phone", flat=True)
    )
    assert phones == ["13900000001", "13900000002", "13900000003"]


@pytest.mark.django_db
def test_committee_admin_imports_into_any_branch_of_theirs(committee, branch_a, branch_b):
    result = run(xlsx([row("张三", "甲党支部"), row("李四", "乙党支部")]), committee)
    assert result.ok, result.errors
    assert Member.objects.get(name="李四").organisation == branch_b


# -- Bad rows: nothing imported, each row named -------------------------------------


@pytest.fixture
def taken(member_b):
    """A member elsewhere in the tree whose phone and email are already in use."""
    return member_b


BAD_ROWS = [
    (row(name=""), "姓名不能为空"),
    (row(organisation=""), "所在组织不能为空"),
    (row(organisation="不存在的支部"), "找不到组织「不存在的支部」"),
    (row(organisation="乙党支部"), "组织「乙党支部」不在您管理的范围内"),
    (row(status=""), "政治面貌不能为空"),
    (row(status="共青团员"), "政治面貌「共青团员」无法识别"),
    (row(joined="去年七月"), "入党时间「去年七月」无法识别"),
    (row(joined="2020-13-45"), "入党时间「2020-13-45」无法识别"),
    (row(joined="2999-01-01"), "入党时间不能晚于今天"),
    (row(phone="1380013"), "手机号码「1380013」不是 11 位手机号码"),
    (row(phone="{taken_phone}"), "无法登记，请核对号码"),
    (row(email="zhangsan@"), "邮箱「zhangsan@」格式不正确"),
    (row(email="a" * 250 + "@example.cn"), "格式不正确"),
    (row(name="长" * 51), "姓名不能超过 50 个字"),
    (row(post="岗" * 101), "岗位不能超过 100 个字"),
    (row(email="{taken_email}"), "已被其他账号使用"),
    (row(gender="未知"), "性别「未知」无法识别"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("bad", "reason"), BAD_ROWS)
def test_one_bad_row_imports_nothing_and_names_row_and_reason(
    client, secretary_a, branch_a, branch_b, taken, bad, reason
):
    bad = [
        str(v).format(taken_phone=taken.phone, taken_email=taken.user.email.upper())
        if isinstance(v, str)
        else v
        for v in bad
    ]
    rows = [row("甲一", phone="13900000001"), row("甲二"), bad]
    client.force_login(secretary_a.user)
    members_before, users_before = Member.objects.count(), User.objects.count()
    response = client.post(IMPORT_URL, {"file": xlsx(rows)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "没有导入任何党员" in text
    assert "第 4 行" in text  # header is row 1, the bad row is the third data row
    assert reason in text
    assert "第 2 行" not in text and "第 3 行" not in text
    assert Member.objects.count() == members_before
    assert User.objects.count() == users_before
    assert mail.outbox == []


@pytest.mark.django_db
def test_duplicates_within_the_file_point_at_the_first_row(secretary_a, branch_a):
    rows = [
        row("甲一", phone="13900000001", email="a@example.cn"),
        row("甲二", phone="13900000001", email="A@example.cn"),
    ]
    result = run(xlsx(rows), secretary_a)
    assert result.errors == [
        (3, "手机号码「13900000001」与第 2 行重复。"),
        (3, "邮箱「A@example.cn」与第 2 行重复。"),
    ]
    assert not Member.objects.filter(name__startswith="甲一").exists()


@pytest.mark.django_db
def test_every_bad_row_is_reported_not_only_the_first(secretary_a, branch_a):
    rows = [row(name=""), row("好人"), row(status="团员", phone="123")]
    result = run(xlsx(rows), secretary_a)
    assert [number for number, _reason in result.errors] == [2, 4, 4]


@pytest.mark.django_db
def test_ambiguous_organisation_name_asks_for_the_code(secretary_a, branch_a):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="第一党小组", code="GA1", parent=branch_a)
    OrganisationFactory(name="第一党小组", code="GA2", parent=branch_a)
    result = run(xlsx([row(organisation="第一党小组"), row(organisation="ga2")]), secretary_a)
    assert result.errors == [(2, "组织名称「第一党小组」有重名，请改填组织编码（GA1、GA2）。")]


# -- Bad files ------------------------------------------------------------------------


def upload(client, secretary, content: bytes, name="党员名单.xlsx"):
    client.force_login(secretary.user)
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


@pytest.mark.django_db
def test_non_xlsx_upload_is_refused(client, secretary_a, branch_a):
    response = upload(client, secretary_a, "姓名,所在组织\n张三,甲党支部\n".encode(), "名单.csv")
    assert response.status_code == 400
    assert "文件不是 Excel（.xlsx）格式" in response.content.decode()
    assert Member.objects.count() == 2  # the committee admin and the secretary


@pytest.mark.django_db
def test_corrupt_xlsx_is_refused(client, secretary_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<broken")
    response = upload(client, secretary_a, buffer.getvalue())
    assert response.status_code == 400
    assert "无法读取该 Excel 文件" in response.content.decode()


@pytest.mark.django_db
def test_truncated_xlsx_is_refused(client, secretary_a):
    content = xlsx([row()]).read()
    response = upload(client, secretary_a, content[: len(content) // 2])
    assert response.status_code == 400
    assert "Excel" in response.content.decode()


@pytest.mark.django_db
def test_zero_byte_upload_is_refused(client, secretary_a):
    response = upload(client, secretary_a, b"")
    assert response.status_code == 400
    assert "文件是空的" in response.content.decode()


@pytest.mark.django_db
def test_no_file_chosen_is_refused(client, secretary_a):
    client.force_login(secretary_a.user)
    response = client.post(IMPORT_URL, {})
    assert response.status_code == 400
    assert "请选择要导入的 Excel 文件" in response.content.decode()


@pytest.mark.django_db
def test_empty_sheet_is_refused(client, secretary_a):
    response = upload(client, secretary_a, xlsx([], headers=None).read())
    assert response.status_code == 400
    assert "表格是空的" in response.content.decode()


@pytest.mark.django_db
def test_header_only_sheet_is_refused(client, secretary_a):
    response = upload(client, secretary_a, xlsx([]).read())
    assert response.status_code == 400
    assert "表格中没有党员数据" in response.content.decode()


@pytest.mark.django_db
def test_missing_header_columns_are_named(client, secretary_a, branch_a):
    headers = [h for h in IMPORT_HEADERS if h not in {"手机号码", "政治面貌"}]
    response = upload(client, secretary_a, xlsx([["张三"] * 7], headers=headers).read())
    assert response.status_code == 400
    text = response.content.decode()
    assert "第 1 行表头缺少列：政治面貌、手机号码" in text
    assert not Member.objects.filter(name="张三").exists()


@pytest.mark.django_db
def test_file_over_two_megabytes_is_refused(client, secretary_a):
    response = upload(client, secretary_a, b"PK" + b"\0" * (2 * 1024 * 1024))
    assert response.status_code == 400
    assert "文件超过 2 MB" in response.content.decode()


@pytest.mark.django_db
def test_more_than_two_thousand_rows_is_refused(secretary_a, branch_a):
    rows = [row(f"党员{n}") for n in range(2001)]
    result = run(xlsx(rows), secretary_a)
    assert result.errors == [(None, "一次最多导入 2000 名党员，请把文件拆分后分别导入。")]
    assert not Member.objects.filter(name="党员1").exists()


# -- Access and the template -------------------------------------------------------------


@pytest.mark.django_db
def test_template_download_has_the_headers_and_imports_once_filled(client, secretary_a, branch_a):
    client.force_login(secretary_a.user)
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == IMPORT_HEADERS
    sheet["B2"] = "甲党支部"  # the example row, pointed at a real branch
    output = io.BytesIO()
    workbook.save(output)
    result = run(SimpleUploadedFile("t.xlsx", output.getvalue()), secretary_a)
    assert result.ok, result.errors
    assert result.created[0].member.name == "张三"


@pytest.mark.django_db
def test_import_page_links_the_template(client, secretary_a):
    client.force_login(secretary_a.user)
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    assert TEMPLATE_URL in response.content.decode()


@pytest.mark.django_db
def test_member_listing_offers_the_import(client, secretary_a):
    client.force_login(secretary_a.user)
    response = client.get(reverse("wagtailsnippets_portal_member:list"))
    assert IMPORT_URL in response.content.decode()


@pytest.mark.django_db
def test_plain_member_cannot_import(client, member_a, branch_a):
    client.force_login(member_a.user)
    response = client.post(IMPORT_URL, {"file": xlsx([row()])})
    assert response.status_code in (302, 403)
    assert not Member.objects.filter(name="张三").exists()
    assert client.get(TEMPLATE_URL).status_code in (302, 403)
