"""Adding members: one by one or from an Excel sheet, each with an account and a password link.

Secretaries add members; members never sign up. Each new member gets an
account with no usable password and a link to allauth's "set a new password"
page, emailed when they have an email and shown to the secretary either way,
so it can be passed on to members who have none.
"""

import logging
from dataclasses import dataclass
from datetime import date

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Member, MembershipChange, Organisation
from portal.permissions import holds_every_power_of, organisation_in_scope

logger = logging.getLogger(__name__)

ASSIGN_ROLE_PERMISSION = "portal.assign_role"
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
