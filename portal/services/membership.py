"""组织关系: members move between branches, transfer out or leave; units close. Nothing is deleted.

A member's pledges, ratings, 学时, attendance, grades and identity plate point
at the member, so they follow a transfer to the new branch and stay, shown as
history, after a transfer out or leaving. A member who has left no longer
counts in lists, matrices and rankings (`MemberQuerySet.current`) and can no
longer sign in.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.models import Member, MembershipChange, Organisation
from portal.permissions import organisation_in_scope, scope_for
from portal.services.roles import assign_role
from portal.signals import member_departed
from portal.text_limits import clean_text


def transfer_targets():
    """Units a member may be transferred to: any open organisation, in any subtree."""
    return Organisation.objects.active()


def _check_date(value: date | None) -> date:
    value = value or timezone.localdate()
    if value > timezone.localdate():
        raise ValidationError({"happened_on": _("日期不能晚于今天。")})
    return value


def _check_source(*, member: Member, by) -> None:
    # The secretary of the member's present branch (or anyone above) starts it.
    if not organisation_in_scope(by, member.organisation):
        raise PermissionDenied(_("只有党员所在组织的书记或上级组织可以办理组织关系。"))
    if not member.is_current:
        raise ValidationError(
            _("该党员%(standing)s，不能再办理。") % {"standing": member.get_standing_display()}
        )


def _step_down(member: Member) -> None:
    # A secretary's or committee role belongs to the unit they leave behind.
    if member.role != Member.Role.MEMBER:
        assign_role(member=member, role=Member.Role.MEMBER)


@transaction.atomic
def transfer_member(
    *,
    member: Member,
    to_organisation: Organisation,
    by,
    happened_on: date | None = None,
    note: str = "",
) -> MembershipChange:
    """组织关系转接: the member and all their records move to another branch."""
    # of=self: lock the member's row only, not the organisation joined for the checks.
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=member.pk)
    )
    _check_source(member=member, by=by)
    happened_on = _check_date(happened_on)
    note = clean_text(note, model=MembershipChange, field="note")
    if to_organisation is None or not transfer_targets().filter(pk=to_organisation.pk).exists():
        raise ValidationError({"to_organisation": _("请选择一个启用中的组织作为转入组织。")})
    if to_organisation.pk == member.organisation_id:
        raise ValidationError({"to_organisation": _("转入组织与原组织相同。")})
    change = MembershipChange.objects.create(
        member=member,
        kind=MembershipChange.Kind.TRANSFER,
        from_organisation=member.organisation,
        to_organisation=to_organisation,
        happened_on=happened_on,
        note=note,
        by=by,
    )
    _step_down(member)
    member.organisation = to_organisation
    member.save(update_fields=["organisation", "updated_at"])
    log(
        instance=member,
        action="portal.membership_change",
        user=by,
        data={"kind": change.kind, "from": change.from_organisation_id, "to": to_organisation.pk},
    )
    return change


@transaction.atomic
def record_departure(
    *,
    member: Member,
    kind: str,
    by,
    happened_on: date | None = None,
    destination: str = "",
    note: str = "",
) -> MembershipChange:
    """转出 (to a unit outside the portal) or 离开: history stays, the account is closed."""
    # of=self: PostgreSQL cannot lock the nullable side of the account's outer join.
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organisation", "user")
        .get(pk=member.pk)
    )
    _check_source(member=member, by=by)
    if kind not in (MembershipChange.Kind.TRANSFER_OUT, MembershipChange.Kind.LEAVE):
        raise ValidationError({"kind": _("请选择转出或离开。")})
    happened_on = _check_date(happened_on)
    destination = clean_text(destination, model=MembershipChange, field="destination")
    note = clean_text(note, model=MembershipChange, field="note")
    if kind == MembershipChange.Kind.TRANSFER_OUT and not destination:
        raise ValidationError({"destination": _("转出时请填写转往的单位。")})
    change = MembershipChange.objects.create(
        member=member,
        kind=kind,
        from_organisation=member.organisation,
        destination=destination,
        happened_on=happened_on,
        note=note,
        by=by,
    )
    _step_down(member)
    member.standing = (
        Member.Standing.TRANSFERRED_OUT
        if kind == MembershipChange.Kind.TRANSFER_OUT
        else Member.Standing.LEFT
    )
    member.left_on = happened_on
    member.destination = destination
    member.save(update_fields=["standing", "left_on", "destination", "updated_at"])
    member_departed.send(sender=Member, member=member, change=change)
    if member.user_id and member.user.is_active:
        # Their sessions end too: Django refuses inactive users on every request.
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
    log(
        instance=member,
        action="portal.membership_change",
        user=by,
        data={"kind": kind, "from": member.organisation_id, "destination": destination},
    )
    return change


@transaction.atomic
def close_organisation(
    *, organisation: Organisation, by, closed_on: date | None = None
) -> Organisation:
    """关闭/撤销: the unit stays with its history but takes no new members or records."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    parent_in_scope = scope_for(by) is True or (
        organisation.parent_id is not None and organisation_in_scope(by, organisation.parent)
    )
    if not parent_in_scope:
        raise PermissionDenied(_("组织只能由上级组织关闭。"))
    if not organisation.is_active:
        raise ValidationError(_("该组织已经关闭。"))
    closed_on = _check_date(closed_on)
    open_children = organisation.children.filter(is_active=True).count()
    if open_children:
        raise ValidationError(
            _("该组织下还有 %(n)d 个启用中的下级组织，请先关闭或调整它们。") % {"n": open_children}
        )
    current = Member.objects.current().filter(organisation=organisation).count()
    if current:
        raise ValidationError(
            _("该组织还有 %(n)d 名在册党员，请先办理组织关系转接。") % {"n": current}
        )
    organisation.is_active = False
    organisation.closed_on = closed_on
    organisation.save(update_fields=["is_active", "closed_on"])
    log(
        instance=organisation,
        action="portal.close_organisation",
        user=by,
        data={"closed_on": closed_on.isoformat()},
    )
    return organisation
