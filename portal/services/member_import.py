"""Adding members from an Excel sheet: every row is checked first, then all are added or none.

A secretary fills in the template (`import_template`); each row becomes a
member through `portal.services.members.create_member`, the same operation as
adding one by one, inside one transaction, so a file with one bad row adds no
one and the error list names every row to fix.
"""

import logging
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.forms import MemberRowForm
from portal.models import Member, Organisation
from portal.services.members import (
    NewMember,
    create_member,
    phone_taken_message,
)

logger = logging.getLogger(__name__)

# The order a row's errors are listed in: the template's columns.
ROW_ORDER = ["name", "organisation", "status", "joined_on", "post", "phone", "email", "gender"]

IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 2000
# Columns read per row; the template uses nine, people add a few of their own.
IMPORT_MAX_COLUMNS = 40
# The sheet's columns, in the template's order.
IMPORT_HEADERS = [
    "姓名",
    "所在组织",
    "政治面貌",
    "入党时间",
    "岗位",
    "岗位职责",
    "手机号码",
    "邮箱",
    "性别",
]
# What secretaries actually type in the 政治面貌 column, besides the four labels.
STATUS_ALIASES = {
    "正式党员": Member.Status.FULL,
    "中共党员": Member.Status.FULL,
    "党员": Member.Status.FULL,
    "预备党员": Member.Status.PROBATIONARY,
    "中共预备党员": Member.Status.PROBATIONARY,
    "入党积极分子": Member.Status.ACTIVIST,
    "积极分子": Member.Status.ACTIVIST,
    "群众": Member.Status.MASSES,
}
GENDERS = {"男": Member.Gender.MALE, "女": Member.Gender.FEMALE}


@dataclass
class ImportResult:
    """What an import did: either every row was added, or nothing was and `errors` says why.

    Each error is (row number as Excel shows it, or None for the whole file; reason).
    """

    created: list[NewMember] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    name: str
    organisation: Organisation | None
    status: str
    joined_on: date | None
    post: str
    duties: str
    phone: str
    email: str
    gender: str


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


_DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")


def _parse_date(value) -> date | None:
    """Dates as Excel stores them, or typed: 2020-07-01, 2020/7/1, 2020年7月1日, 2020.07."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if match := _DATE_PATTERN.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _MONTH_PATTERN.match(text):
        year, month, day = int(match.group(1)), int(match.group(2)), 1
    else:
        raise ValueError(text)
    return date(year, month, day)


def _normalise_phone(value) -> str:
    phone = re.sub(r"[\s()-]", "", _text(value))
    # Numbers copied from a contact list often carry the country code.
    return re.sub(r"^(\+?86)(1\d{10})$", r"\2", phone)


def _file_error(message: str) -> ImportResult:
    return ImportResult(errors=[(None, message)])


def _read_sheet(file) -> list[tuple[int, tuple]]:
    """The first sheet's non-blank rows as (Excel row number, values); ValueError says why not."""
    from openpyxl import load_workbook

    size = getattr(file, "size", None)
    if size is not None and size > IMPORT_MAX_BYTES:
        raise ValueError(_("文件超过 2 MB，请拆分成几个文件分别导入。"))
    data = file.read(IMPORT_MAX_BYTES + 1)
    if len(data) > IMPORT_MAX_BYTES:
        raise ValueError(_("文件超过 2 MB，请拆分成几个文件分别导入。"))
    if not data:
        raise ValueError(_("文件是空的，请用模板填写党员信息后再上传。"))
    if not zipfile.is_zipfile(BytesIO(data)):
        raise ValueError(
            _(
                "文件不是 Excel（.xlsx）格式。"
                "如果是 .xls 或 .csv，请在 Excel 中另存为 .xlsx 后再上传。"
            )
        )
    rows = []
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Rows are read lazily, so a damaged sheet fails here, inside the try.
        for number, row in enumerate(
            sheet.iter_rows(values_only=True, max_col=IMPORT_MAX_COLUMNS), start=1
        ):
            if not _blank(row):
                rows.append((number, row))
                # The header, the allowed rows, and one more to know there are too many.
                if len(rows) > IMPORT_MAX_ROWS + 1:
                    break
        workbook.close()
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        logger.info("Unreadable member import file: %r", error)
        raise ValueError(
            _("无法读取该 Excel 文件，文件可能已损坏。请用模板重新填写后上传。")
        ) from error
    return rows


def _blank(row) -> bool:
    return all(_text(value) == "" for value in row)


def import_members(*, file, organisation_scope, by) -> ImportResult:
    """Adds every member in the sheet, or none if any row is wrong.

    `organisation_scope` is what `scope_for(by)` returns: True for the whole
    tree or the Organisation whose subtree rows may name.
    """
    try:
        rows = _read_sheet(file)
    except ValueError as error:
        return _file_error(str(error))

    if not rows:
        return _file_error(
            _("表格是空的：第 1 行应为表头（%(headers)s），从第 2 行起每行一名党员。")
            % {"headers": "、".join(IMPORT_HEADERS)}
        )
    # A title row such as "某某支部党员名单" often sits above the header.
    header_at = next(
        (i for i, (_number, row) in enumerate(rows[:5]) if "姓名" in map(_text, row)), 0
    )
    header_number, header = rows[header_at]
    columns = {_text(value): index for index, value in enumerate(header) if _text(value)}
    missing = [name for name in IMPORT_HEADERS if name not in columns]
    if missing:
        return _file_error(
            _("第 %(row)d 行表头缺少列：%(missing)s。请使用导入模板。")
            % {"row": header_number, "missing": "、".join(missing)}
        )
    data_rows = rows[header_at + 1 :]
    if not data_rows:
        return _file_error(_("表格中没有党员数据：请从表头下一行起填写，每行一名党员。"))
    if len(data_rows) > IMPORT_MAX_ROWS:
        return _file_error(
            _("一次最多导入 %(max)d 名党员，请把文件拆分后分别导入。") % {"max": IMPORT_MAX_ROWS}
        )

    def cell(row, header_name):
        index = columns[header_name]
        return row[index] if index < len(row) else None

    result = ImportResult()
    organisations = _OrganisationLookup(organisation_scope)
    parsed: list[_Row] = []
    seen_phones: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for number, row in data_rows:
        # Errors by field, in the sheet's column order: what the cell itself says
        # (an unknown 政治面貌, a date Excel cannot read, an organisation out of
        # scope) first; the model's rules, through MemberRowForm, for the rest.
        errors: dict[str, list[str]] = defaultdict(list)
        cells = {
            "name": _text(cell(row, "姓名")),
            "organisation": _text(cell(row, "所在组织")),
            "status": _text(cell(row, "政治面貌")),
            "post": _text(cell(row, "岗位")),
            "duties": _text(cell(row, "岗位职责")),
            "phone": _normalise_phone(cell(row, "手机号码")),
            "email": _text(cell(row, "邮箱")),
            "gender": _text(cell(row, "性别")),
        }

        organisation = None
        if not cells["organisation"]:
            errors["organisation"].append(_("所在组织不能为空。"))
        else:
            organisation, problem = organisations.find(cells["organisation"])
            if problem:
                errors["organisation"].append(problem)

        status = STATUS_ALIASES.get(cells["status"].replace(" ", ""))
        if cells["status"] and status is None:
            errors["status"].append(
                _("政治面貌「%(value)s」无法识别，应为：正式党员、预备党员、入党积极分子或群众。")
                % {"value": cells["status"]}
            )

        joined_on = None
        joined_value = cell(row, "入党时间")
        if _text(joined_value):
            try:
                joined_on = _parse_date(joined_value)
            except ValueError:
                errors["joined_on"].append(
                    _("入党时间「%(value)s」无法识别，请写成 2020-07-01 这样的日期。")
                    % {"value": _text(joined_value)}
                )
            else:
                if joined_on > timezone.localdate():
                    errors["joined_on"].append(_("入党时间不能晚于今天。"))

        gender = GENDERS.get(cells["gender"], "")
        if cells["gender"] and not gender:
            errors["gender"].append(
                _("性别「%(value)s」无法识别，应为“男”或“女”。") % {"value": cells["gender"]}
            )

        form = MemberRowForm(
            {**cells, "status": status or "", "joined_on": joined_on, "gender": gender},
            cells=cells,
        )
        form.is_valid()
        for name, messages in form.errors.items():
            if not errors[name]:
                errors[name].extend(dict.fromkeys(messages))  # one message per cell

        phone, email = cells["phone"], cells["email"]
        if phone and not errors["phone"]:
            if phone in seen_phones:
                errors["phone"].append(
                    _("手机号码「%(value)s」与第 %(row)d 行重复。")
                    % {"value": phone, "row": seen_phones[phone]}
                )
            else:
                seen_phones[phone] = number
        if email and not errors["email"]:
            key = email.lower()
            if key in seen_emails:
                errors["email"].append(
                    _("邮箱「%(value)s」与第 %(row)d 行重复。")
                    % {"value": email, "row": seen_emails[key]}
                )
            else:
                seen_emails[key] = number

        result.errors.extend(
            (number, message) for name in ROW_ORDER for message in errors.get(name, [])
        )
        parsed.append(
            _Row(
                number,
                cells["name"],
                organisation,
                status or "",
                joined_on,
                cells["post"],
                cells["duties"],
                phone,
                email,
                gender,
            )
        )

    _check_existing(seen_phones, seen_emails, result)
    if result.errors:
        result.errors.sort(key=lambda error: error[0] or 0)
        return result

    try:
        with transaction.atomic():
            for row in parsed:
                result.created.append(
                    create_member(
                        name=row.name,
                        organisation=row.organisation,
                        by=by,
                        email=row.email or None,
                        gender=row.gender,
                        status=row.status,
                        joined_on=row.joined_on,
                        post=row.post,
                        duties=row.duties,
                        phone=row.phone,
                    )
                )
    except (ValidationError, IntegrityError) as error:
        # Someone added the same phone or email while this file was being checked.
        logger.info("Member import rolled back: %r", error)
        return _file_error(
            _("导入期间数据发生变化（手机号码或邮箱刚被占用），没有导入任何党员，请重新上传。")
        )
    return result


def _check_existing(phones: dict[str, int], emails: dict[str, int], result) -> None:
    """Phones and emails already taken in the database, in three queries for the whole file."""
    for phone in Member.objects.filter(phone__in=list(phones)).values_list("phone", flat=True):
        result.errors.append((phones[phone], phone_taken_message(phone)))
    if not emails:
        return
    User = get_user_model()
    taken = set(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=list(emails))
        .values_list("email_lower", flat=True)
    ) | set(
        EmailAddress.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=list(emails))
        .values_list("email_lower", flat=True)
    )
    for email in sorted(taken):
        result.errors.append(
            (emails[email], _("邮箱「%(value)s」已被其他账号使用。") % {"value": email})
        )


class _OrganisationLookup:
    """Finds a row's organisation by code or name among the ones the secretary manages."""

    def __init__(self, scope):
        if scope is True:
            queryset = Organisation.objects.all()
        elif scope is None:
            queryset = Organisation.objects.none()
        else:
            queryset = Organisation.objects.subtree_of(scope)
        self.by_code: dict[str, Organisation] = {}
        self.by_name: dict[str, list[Organisation]] = {}
        for organisation in queryset.only("id", "name", "short_name", "code", "path", "kind"):
            self.by_code[organisation.code.lower()] = organisation
            self.by_name.setdefault(organisation.name, []).append(organisation)
            if organisation.short_name and organisation.short_name != organisation.name:
                self.by_name.setdefault(organisation.short_name, []).append(organisation)
        self.outside: dict[str, bool] = {}

    def find(self, text: str) -> tuple[Organisation | None, str | None]:
        if found := self.by_code.get(text.lower()):
            return found, None
        matches = self.by_name.get(text, [])
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            return None, _("组织名称「%(value)s」有重名，请改填组织编码（%(codes)s）。") % {
                "value": text,
                "codes": "、".join(o.code for o in matches),
            }
        if text not in self.outside:
            self.outside[text] = (
                Organisation.objects.filter(code__iexact=text).exists()
                or Organisation.objects.filter(name=text).exists()
            )
        if self.outside[text]:
            return None, _("组织「%(value)s」不在您管理的范围内。") % {"value": text}
        return None, _("找不到组织「%(value)s」，请填写组织全称或编码。") % {"value": text}


def import_template() -> bytes:
    """The .xlsx secretaries fill in: the headers, one example row and a hint sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "党员名单"
    sheet.append(IMPORT_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            "张三",
            "第一党支部",
            "正式党员",
            "2015-07-01",
            "窗口服务岗",
            "负责受理群众办事咨询",
            "13812345678",
            "zhangsan@example.cn",
            "男",
        ]
    )
    widths = [10, 20, 12, 12, 16, 30, 14, 24, 6]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.column_dimensions["D"].number_format = "yyyy-mm-dd"
    help_sheet = workbook.create_sheet("填写说明")
    for line in [
        "每行一名党员；第 1 行表头请勿修改，导入前请删除示例行。",
        "姓名、所在组织、政治面貌必填；其他列可留空。",
        "所在组织：填写组织全称或编码，只能是您所管理的组织。",
        "政治面貌：正式党员、预备党员、入党积极分子或群众。",
        "入党时间：例如 2015-07-01。",
        "手机号码：11 位手机号码，不可与其他党员重复；仅管理人员可见。",
        "邮箱：填写后系统会把设置密码的链接发到该邮箱；未填写的，导入后请把页面上的链接转交本人。",
        f"一次最多 {IMPORT_MAX_ROWS} 行，文件不超过 2 MB；有任何一行出错时，整个文件都不会导入。",
    ]:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 90
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
