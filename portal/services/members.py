"""Adding members: one by one or from an Excel sheet, each with an account and a password link.

Secretaries add members; members never sign up. Each new member gets an
account with no usable password and a link to allauth's "set a new password"
page, emailed when they have an email and shown to the secretary either way,
so it can be passed on to members who have none.
"""

import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Member, MembershipChange, Organisation
from portal.models.members import phone_validator
from portal.permissions import holds_every_power_of, organisation_in_scope

logger = logging.getLogger(__name__)

ASSIGN_ROLE_PERMISSION = "portal.assign_role"
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
EMAIL_MAX_LENGTH = 254  # the account's email column


# -- Scope (portal.permissions) ----------------------------------------------


ACCOUNT_MORE_POWERFUL = gettext_lazy(
    "该党员的账号拥有您所没有的管理权限，不能由您修改或发放设置密码链接，请联系上级党委管理员。"
)


def can_act_for_account(*, by, member: Member) -> bool:
    """Whether `by` may edit this member or hand out a link that opens their account."""
    return organisation_in_scope(by, member.organisation) and holds_every_power_of(
        by=by, account=member.user if member.user_id else None
    )


def _check_member_rules(*, by, organisation: Organisation, sets_role: bool) -> None:
    if not organisation_in_scope(by, organisation):
        raise ValidationError({"organisation": _("只能在您所管理的组织中添加或调整党员。")})
    if not organisation.is_active:
        raise ValidationError(
            {"organisation": _("「%(name)s」已关闭，不能再加入党员。") % {"name": organisation}}
        )
    if sets_role and not by.has_perm(ASSIGN_ROLE_PERMISSION):
        raise ValidationError({"role": _("只有党委管理员可以设置支部书记或党委管理员。")})


# -- Accounts ------------------------------------------------------------------


@dataclass
class NewMember:
    """A member just added, with the link they use to choose a password."""

    member: Member
    link: str
    emailed: bool


def password_set_link(user) -> str:
    """An absolute link to allauth's set-a-new-password page for this account.

    The token (portal/tokens.py) stops working once the password is set, after
    PASSWORD_RESET_TIMEOUT, or when the account's powers change.
    """
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def _send_password_email(*, name: str, username: str, email: str, link: str) -> None:
    from portal.tasks import send_email

    subject = _("%(site)s：请设置您的登录密码") % {"site": settings.WAGTAIL_SITE_NAME}
    body = _(
        "%(name)s同志：\n\n"
        "您所在的党组织已为您开通%(site)s账号。\n"
        "用户名：%(username)s（也可以用本邮箱登录）\n\n"
        "请打开下面的链接设置登录密码：\n%(link)s\n\n"
        "链接%(hours)d小时内有效，只能使用一次；如已失效，请联系您的支部书记重新发送。"
    ) % {
        "name": name,
        "site": settings.WAGTAIL_SITE_NAME,
        "username": username,
        "link": link,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    try:
        send_email.delay(subject, body, [email])
    except Exception:
        # The secretary sees the link on screen and can pass it on by hand.
        logger.exception("Could not queue the password email for %s", username)


def _unique_username(base: str) -> str:
    User = get_user_model()
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def _check_account_fields(*, username: str | None, email: str | None) -> None:
    User = get_user_model()
    errors = {}
    if username:
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError:
            errors["username"] = _("用户名只能包含字母、数字和 @ . + - _。")
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = _("用户名「%(username)s」已被使用。") % {"username": username}
    if email:
        try:
            validate_email(email)
            if len(email) > EMAIL_MAX_LENGTH:
                raise ValidationError("too long")
        except ValidationError:
            errors["email"] = _("邮箱「%(email)s」格式不正确。") % {"email": email}
        else:
            if email_in_use(email):
                errors["email"] = _("邮箱「%(email)s」已被其他账号使用。") % {"email": email}
    if errors:
        raise ValidationError(errors)


def email_in_use(email: str) -> bool:
    User = get_user_model()
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def phone_taken_message(phone: str) -> str:
    """Refuses a number another member holds without saying whose, or in which branch."""
    return _(
        "手机号码「%(phone)s」无法登记，请核对号码；如确为本人号码，请联系上级党委管理员。"
    ) % {"phone": phone}


def phone_in_use(phone: str, *, exclude: Member | None = None) -> bool:
    members = Member.objects.filter(phone=phone)
    if exclude is not None and exclude.pk:
        members = members.exclude(pk=exclude.pk)
    return members.exists()


def _create_account(*, member: Member, username: str | None, email: str | None):
    User = get_user_model()
    user = User(username=username or _unique_username(f"m{member.pk:06d}"), email=email or "")
    user.set_unusable_password()
    user.save()
    if email:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    return user


def _give_role_group(member: Member) -> None:
    if member.role != Member.Role.MEMBER:
        from portal.services.roles import assign_role

        assign_role(member=member, role=member.role)


def _finish(member: Member, *, notify: bool) -> NewMember:
    user = member.user
    link = password_set_link(user)
    emailed = bool(user.email) and notify
    if emailed:
        transaction.on_commit(
            lambda: _send_password_email(
                name=member.name, username=user.username, email=user.email, link=link
            )
        )
    return NewMember(member=member, link=link, emailed=emailed)


@transaction.atomic
def create_member(
    *,
    name: str,
    organisation: Organisation,
    by,
    username: str | None = None,
    email: str | None = None,
    gender: str = "",
    photo=None,
    status: str = Member.Status.FULL,
    joined_on: date | None = None,
    post: str = "",
    duties: str = "",
    phone: str = "",
    role: str = Member.Role.MEMBER,
    notify: bool = True,
) -> NewMember:
    """Adds a member with an account; the password email goes out once the transaction commits."""
    _check_member_rules(by=by, organisation=organisation, sets_role=role != Member.Role.MEMBER)
    email = (email or "").strip() or None
    username = (username or "").strip() or None
    _check_account_fields(username=username, email=email)
    if phone and phone_in_use(phone):
        raise ValidationError({"phone": phone_taken_message(phone)})
    member = Member.objects.create(
        name=name,
        organisation=organisation,
        gender=gender,
        photo=photo,
        status=status,
        joined_on=joined_on,
        post=post,
        duties=duties,
        phone=phone,
        role=Member.Role.MEMBER,
    )
    _create_account(member=member, username=username, email=email)
    member.role = role
    _give_role_group(member)
    return _finish(member, notify=notify)


@transaction.atomic
def update_member(
    *, member: Member, by, previous_role: str, previous_organisation: Organisation
) -> Member:
    """Saves an edited profile; a changed role also changes the account's admin group.

    `member` carries the new values and `previous_*` what was stored, so both
    the organisation the member leaves and the one they join are checked.
    """
    if not organisation_in_scope(by, previous_organisation):
        raise ValidationError(_("您无权修改该党员。"))
    if member.user_id and not holds_every_power_of(by=by, account=member.user):
        raise ValidationError(ACCOUNT_MORE_POWERFUL)
    role_changed = member.role != previous_role
    moved = member.organisation_id != previous_organisation.pk
    # Moving a secretary or committee admin moves the subtree they manage: a role decision.
    moves_leader = (
        previous_role != Member.Role.MEMBER and member.organisation_id != previous_organisation.pk
    )
    if moved or role_changed:
        _check_member_rules(by=by, organisation=member.organisation, sets_role=role_changed)
    if moves_leader and not by.has_perm(ASSIGN_ROLE_PERMISSION):
        raise ValidationError(
            {"organisation": _("只有党委管理员可以调整支部书记或党委管理员的所在组织。")}
        )
    if member.phone and phone_in_use(member.phone, exclude=member):
        raise ValidationError({"phone": phone_taken_message(member.phone)})
    member.save()
    if moved:
        # A move inside the subtree is a transfer too: it stays in the member's 组织关系 record.
        MembershipChange.objects.create(
            member=member,
            kind=MembershipChange.Kind.TRANSFER,
            from_organisation=previous_organisation,
            to_organisation=member.organisation,
            happened_on=timezone.localdate(),
            by=by,
        )
    if role_changed:
        from portal.services.roles import assign_role

        assign_role(member=member, role=member.role)
    return member


def reissue_password_link(*, member: Member, by) -> NewMember:
    """A fresh link for a member whose first one expired or was lost."""
    if not organisation_in_scope(by, member.organisation):
        raise ValidationError(_("您无权管理该党员。"))
    if member.user_id and not holds_every_power_of(by=by, account=member.user):
        raise ValidationError(ACCOUNT_MORE_POWERFUL)
    if member.user_id is None:
        with transaction.atomic():
            _create_account(member=member, username=None, email=None)
    return _finish(member, notify=True)


# -- Import from Excel ---------------------------------------------------------------


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
        errors: list[str] = []
        name = _text(cell(row, "姓名"))
        if not name:
            errors.append(_("姓名不能为空。"))
        elif len(name) > 50:
            errors.append(_("姓名不能超过 50 个字。"))

        organisation = None
        organisation_text = _text(cell(row, "所在组织"))
        if not organisation_text:
            errors.append(_("所在组织不能为空。"))
        else:
            organisation, problem = organisations.find(organisation_text)
            if problem:
                errors.append(problem)

        status_text = _text(cell(row, "政治面貌"))
        status = STATUS_ALIASES.get(status_text.replace(" ", ""))
        if not status_text:
            errors.append(_("政治面貌不能为空。"))
        elif status is None:
            errors.append(
                _("政治面貌「%(value)s」无法识别，应为：正式党员、预备党员、入党积极分子或群众。")
                % {"value": status_text}
            )

        joined_on = None
        joined_value = cell(row, "入党时间")
        if _text(joined_value):
            try:
                joined_on = _parse_date(joined_value)
            except ValueError:
                errors.append(
                    _("入党时间「%(value)s」无法识别，请写成 2020-07-01 这样的日期。")
                    % {"value": _text(joined_value)}
                )
            else:
                if joined_on > timezone.localdate():
                    errors.append(_("入党时间不能晚于今天。"))

        post = _text(cell(row, "岗位"))
        if len(post) > 100:
            errors.append(_("岗位不能超过 100 个字。"))
        duties = _text(cell(row, "岗位职责"))

        phone = _normalise_phone(cell(row, "手机号码"))
        if phone:
            try:
                phone_validator(phone)
            except ValidationError:
                errors.append(_("手机号码「%(value)s」不是 11 位手机号码。") % {"value": phone})
            else:
                if phone in seen_phones:
                    errors.append(
                        _("手机号码「%(value)s」与第 %(row)d 行重复。")
                        % {"value": phone, "row": seen_phones[phone]}
                    )
                else:
                    seen_phones[phone] = number

        email = _text(cell(row, "邮箱"))
        if email:
            try:
                validate_email(email)
                if len(email) > EMAIL_MAX_LENGTH:
                    raise ValidationError("too long")
            except ValidationError:
                errors.append(_("邮箱「%(value)s」格式不正确。") % {"value": email})
            else:
                key = email.lower()
                if key in seen_emails:
                    errors.append(
                        _("邮箱「%(value)s」与第 %(row)d 行重复。")
                        % {"value": email, "row": seen_emails[key]}
                    )
                else:
                    seen_emails[key] = number

        gender_text = _text(cell(row, "性别"))
        gender = GENDERS.get(gender_text, "")
        if gender_text and not gender:
            errors.append(_("性别「%(value)s」无法识别，应为“男”或“女”。") % {"value": gender_text})

        result.errors.extend((number, message) for message in errors)
        parsed.append(
            _Row(
                number,
                name,
                organisation,
                status or "",
                joined_on,
                post,
                duties,
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
