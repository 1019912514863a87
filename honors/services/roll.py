"""善行功德榜: a secretary nominates, the committee approves or returns with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from honors.models import HonorCategory, HonorRollEntry
from honors.models.roll import DEED_MAX_LENGTH, DUPLICATE_NOMINATION
from portal.bulk import BulkItem, BulkOutcome, Refused, decide_each
from portal.models import Member, Organisation
from portal.permissions import member_of, organisation_in_scope

EDITABLE_FIELDS = (
    "organisation",
    "member",
    "person_name",
    "unit",
    "category",
    "period",
    "deed",
    "photo",
    "consent_to_publish",
)


def can_nominate(user, organisation: Organisation | None) -> bool:
    return user.has_perm("honors.add_honorrollentry") and organisation_in_scope(user, organisation)


def can_review(user, entry: HonorRollEntry) -> bool:
    """The committee reviews entries in its subtree, never a nomination of its own."""
    return (
        user.has_perm("honors.approve_honorrollentry")
        and organisation_in_scope(user, entry.organisation)
        and entry.nominated_by_id != user.pk
    )


def _clean(entry: HonorRollEntry) -> None:
    errors = {}
    if entry.member_id:
        if not entry.organisation_id:
            entry.organisation = entry.member.organisation
        entry.person_name = entry.person_name.strip() or entry.member.name
        if entry.organisation_id and not entry.organisation.contains(entry.member.organisation):
            errors["member"] = "所选党员不在该组织中。"
    entry.person_name = (entry.person_name or "").strip()
    entry.period = (entry.period or "").strip()
    entry.deed = (entry.deed or "").strip()
    if not entry.person_name:
        errors["person_name"] = "请填写被提名人姓名。"
    if not entry.period:
        errors["period"] = "请填写期次，例如 2025年度。"
    if not entry.deed:
        errors["deed"] = "请填写事迹。"
    elif len(entry.deed) > DEED_MAX_LENGTH:
        errors["deed"] = f"事迹不能超过 {DEED_MAX_LENGTH} 字（现有 {len(entry.deed)} 字）。"
    if errors:
        raise ValidationError(errors)
    entry.validate_constraints()


def _save(entry: HonorRollEntry) -> HonorRollEntry:
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        # Two nominations of one person racing past validate_constraints().
        raise ValidationError(DUPLICATE_NOMINATION) from error
    return entry


@transaction.atomic
def nominate(
    *,
    by,
    category: HonorCategory,
    period: str,
    deed: str,
    consent_to_publish: bool,
    organisation: Organisation | None = None,
    member: Member | None = None,
    person_name: str = "",
    unit: str = "",
    photo=None,
) -> HonorRollEntry:
    entry = HonorRollEntry(
        organisation=organisation or (member.organisation if member else None),
        member=member,
        person_name=person_name,
        unit=unit,
        category=category,
        period=period,
        deed=deed,
        photo=photo,
        consent_to_publish=consent_to_publish,
        nominated_by=by,
    )
    if entry.organisation is None:
        raise ValidationError({"organisation": "请选择被提名人所在组织。"})
    if not can_nominate(by, entry.organisation):
        raise PermissionDenied("您只能提名本组织及下级组织的人员。")
    _clean(entry)
    return _save(entry)


@transaction.atomic
def update_nomination(*, entry: HonorRollEntry, by, **changes) -> HonorRollEntry:
    """Edits a nomination. A nominator's edit sends it back for review."""
    locked = HonorRollEntry.objects.select_for_update().get(pk=entry.pk)
    if not can_nominate(by, locked.organisation):
        raise PermissionDenied("您只能修改本组织及下级组织的提名。")
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(name)
        setattr(locked, name, value)
    if not can_nominate(by, locked.organisation):
        raise PermissionDenied("您只能提名本组织及下级组织的人员。")
    if not by.has_perm("honors.approve_honorrollentry"):
        locked.status = HonorRollEntry.Status.SUBMITTED
        locked.return_reason = ""
    _clean(locked)
    return _save(locked)


@transaction.atomic
def approve_nomination(*, entry: HonorRollEntry, by) -> HonorRollEntry:
    entry = (
        HonorRollEntry.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=entry.pk)
    )
    if not can_review(by, entry):
        raise PermissionDenied("您不能审核这条提名（自己提交的提名须由他人审核）。")
    if entry.status == HonorRollEntry.Status.APPROVED:
        raise ValidationError("这条提名已审核通过。")
    entry.status = HonorRollEntry.Status.APPROVED
    entry.reviewed_by = by
    entry.reviewed_at = timezone.now()
    entry.return_reason = ""
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_reason"])
    return entry


@transaction.atomic
def return_nomination(*, entry: HonorRollEntry, by, reason: str) -> HonorRollEntry:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"return_reason": "退回时请填写理由。"})
    entry = (
        HonorRollEntry.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=entry.pk)
    )
    if not can_review(by, entry):
        raise PermissionDenied("您不能审核这条提名（自己提交的提名须由他人审核）。")
    if entry.status != HonorRollEntry.Status.SUBMITTED:
        raise ValidationError("只能退回待审核的提名。")
    entry.status = HonorRollEntry.Status.RETURNED
    entry.reviewed_by = by
    entry.reviewed_at = timezone.now()
    entry.return_reason = reason
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_reason"])
    return entry


def approve_nominations(*, entry_ids, by) -> BulkOutcome:
    """通过所选 on 提名审核: each nomination by `approve_nomination`, each in its own transaction.

    Returning is not offered in bulk: the nominator reads why, so each
    returned nomination gets its own reason. Two committee members approving
    the same page at once: the row lock orders them and the second is told
    who approved it first.
    """

    def approve(item: BulkItem) -> HonorRollEntry:
        entry = (
            HonorRollEntry.objects.select_for_update(of=("self",))
            .select_related("organisation", "reviewed_by__member")
            .filter(pk=item.pk)
            .first()
        )
        if entry is None or not organisation_in_scope(by, entry.organisation):
            raise Refused("不在您可以审核的范围内。")
        item.label = f"{entry.person_name} · {entry.period}"
        if entry.status == HonorRollEntry.Status.APPROVED:
            raise Refused(f"已由{_name_of(entry.reviewed_by)}审核通过。")
        if entry.status != HonorRollEntry.Status.SUBMITTED:
            raise Refused("已退回提名人修改，不在待审核之列。")
        return approve_nomination(entry=entry, by=by)

    return decide_each(
        entry_ids, approve, errors=(PermissionDenied, ValidationError), label="提名 %(pk)s"
    )


def _name_of(user) -> str:
    member = member_of(user)
    return member.name if member else (user.get_username() if user else "")
