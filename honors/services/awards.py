"""Granting, revoking and asking about titles: the interface other apps use.

volunteers, pledges and activities call these (never the models) to confer
a title when their own rule is met, to withdraw it (摘牌) after a failed
re-inspection, and to ask whether a unit holds a title on a given day.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from honors.models import Award, Title
from honors.models.titles import DUPLICATE_AWARD
from portal.models import Member, Organisation
from portal.permissions import organisation_in_scope

from .certificates import issue_award_certificate, issuer_for, revoke_certificate

Holder = Member | Organisation


def _title(title: Title | str) -> Title:
    if isinstance(title, Title):
        return title
    try:
        return Title.objects.get(name=title)
    except Title.DoesNotExist as error:
        raise ValidationError(f"称号“{title}”不存在。") from error


def _unit(holder: Holder) -> Organisation:
    return holder.organisation if isinstance(holder, Member) else holder


def _check_staff(user, permission: str, organisation: Organisation) -> None:
    # `by=None` is a grant made by another app's rule, which checked its own permissions.
    if user is None:
        return
    if not user.has_perm(f"honors.{permission}") or not organisation_in_scope(user, organisation):
        raise PermissionDenied("您没有权限管理该组织的称号。")


@transaction.atomic
def grant_award(
    *,
    title: Title | str,
    holder: Holder,
    period: str,
    reason: str = "",
    by=None,
    issuer: Organisation | None = None,
    granted_on: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    source: str = "",
    certificate: bool = True,
) -> Award:
    """Confers a title on a member or an organisation and issues its certificate.

    With a `source` the grant is idempotent: the award already made for that
    source is returned unchanged.
    """
    title = _title(title)
    period = (period or "").strip()
    if not period:
        raise ValidationError({"period": "请填写期次，例如 2025年度。"})
    if source:
        existing = Award.objects.filter(source=source).first()
        if existing is not None:
            return existing
    is_person = isinstance(holder, Member)
    if is_person != title.for_person:
        kind = "个人" if title.for_person else "组织"
        raise ValidationError(f"称号“{title.name}”只能授予{kind}。")
    if not title.is_active:
        raise ValidationError(f"称号“{title.name}”已停用。")
    unit = _unit(holder)
    _check_staff(by, "add_award", unit)
    award = Award(
        title=title,
        member=holder if is_person else None,
        organisation=None if is_person else holder,
        unit=unit,
        issuer=issuer or issuer_for(unit),
        period=period,
        reason=reason,
        granted_by=by,
        granted_on=granted_on or timezone.localdate(),
        valid_until=valid_until,
        source=source,
    )
    award.validate_constraints()
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError as error:
        raise ValidationError(DUPLICATE_AWARD) from error
    if certificate:
        issue_award_certificate(award=award)
    return award


@transaction.atomic
def revoke_award(*, award: Award, reason: str, by=None, on: datetime.date | None = None) -> Award:
    """撤销 (取消称号; for a plaque 摘牌): the award stays as history, its certificate 已撤销."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"revoke_reason": "请填写撤销理由。"})
    award = Award.objects.select_for_update(of=("self",)).select_related("title").get(pk=award.pk)
    if award.is_revoked:
        raise ValidationError("该称号已撤销，不能重复撤销。")
    _check_staff(by, "change_award", award.unit)
    on = on or timezone.localdate()
    if on < award.granted_on:
        raise ValidationError({"revoked_on": "撤销日期不能早于授予日期。"})
    award.revoked_on = on
    award.revoke_reason = reason
    award.revoked_by = by
    award.save(update_fields=["revoked_on", "revoke_reason", "revoked_by"])
    certificate = getattr(award, "certificate", None)
    if certificate is not None:
        revoke_certificate(certificate=certificate, reason=reason, on=on)
    return award


def holds_title(holder: Holder, title: Title | str, *, on: datetime.date | None = None) -> bool:
    """Whether a member or organisation holds the title on a day (today by default)."""
    day = on or timezone.localdate()
    awards = Award.objects.active_on(day)
    awards = (
        awards.filter(title=title) if isinstance(title, Title) else awards.filter(title__name=title)
    )
    if isinstance(holder, Member):
        return awards.filter(member=holder).exists()
    return awards.filter(organisation=holder).exists()


def titles_held(holder: Holder, *, on: datetime.date | None = None) -> list[Title]:
    day = on or timezone.localdate()
    lookup = {"member": holder} if isinstance(holder, Member) else {"organisation": holder}
    ids = Award.objects.active_on(day).filter(**lookup).values("title_id")
    return list(Title.objects.filter(pk__in=ids))
