"""亮承诺: members' and organisations' pledges, from draft to review, 践诺 updates and 回头看."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pledges.models import (
    FulfilmentUpdate,
    Pledge,
    PledgeItem,
)
from pledges.models.pledges import PLEDGE_ITEM_MAX_LENGTH
from pledges.permissions import can_edit_pledge, can_review_pledge
from portal.models import Member, Organisation
from portal.permissions import member_of
from portal.text_limits import clean_text

from .common import PledgeError

MEMBER_ITEMS = (2, 5)
ORGANISATION_MIN_ITEMS = 10


def clean_items(*, lines: list[str], for_member: bool) -> list[str]:
    """Blank lines dropped; refuses over-long items and the wrong number of items."""
    items = [line.strip() for line in lines if line and line.strip()]
    if not items:
        raise PledgeError(_("请填写承诺事项，每行一条。"))
    for number, item in enumerate(items, start=1):
        if len(item) > PLEDGE_ITEM_MAX_LENGTH:
            raise PledgeError(
                _("第 %(n)d 条承诺超过 %(max)d 字，请精简。")
                % {"n": number, "max": PLEDGE_ITEM_MAX_LENGTH}
            )
    low, high = MEMBER_ITEMS
    if for_member and not low <= len(items) <= high:
        raise PledgeError(
            _("党员承诺须为 %(low)d 至 %(high)d 条，现在是 %(n)d 条。")
            % {"low": low, "high": high, "n": len(items)}
        )
    if not for_member and len(items) < ORGANISATION_MIN_ITEMS:
        raise PledgeError(
            _("组织承诺至少 %(min)d 条，现在是 %(n)d 条。")
            % {"min": ORGANISATION_MIN_ITEMS, "n": len(items)}
        )
    return items


def _replace_items(pledge: Pledge, items: list[str]) -> None:
    pledge.items.all().delete()
    PledgeItem.objects.bulk_create(
        PledgeItem(pledge=pledge, content=content, sort_order=i) for i, content in enumerate(items)
    )


@transaction.atomic
def create_pledge(
    *,
    by,
    year: int,
    lines: list[str],
    title: str = "",
    member: Member | None = None,
    organisation: Organisation | None = None,
    previous: Pledge | None = None,
) -> Pledge:
    if (member is None) == (organisation is None):
        raise PledgeError(_("承诺须属于一名党员或一个组织。"))
    title = clean_text(title, model=Pledge, field="title", error=PledgeError)
    pledge = Pledge(member=member, organisation=organisation, year=year, title=title)
    if not can_edit_pledge(pledge=pledge, by=by):
        raise PledgeError(_("只能为本人或本组织填写承诺。"))
    items = clean_items(lines=lines, for_member=member is not None)
    if previous is not None:
        if previous.status != Pledge.Status.REVIEWED:
            raise PledgeError(_("上一轮承诺“回头看”完成后才能再承诺。"))
        if (previous.member_id, previous.organisation_id) != (
            pledge.member_id,
            pledge.organisation_id,
        ):
            raise PledgeError(_("只能接续本人或本组织的承诺。"))
        if Pledge.objects.filter(previous=previous).exists():
            raise PledgeError(_("该承诺已经再承诺过了。"))
        pledge.previous = previous
    pledge.save()
    _replace_items(pledge, items)
    return pledge


@transaction.atomic
def update_pledge(*, pledge: Pledge, by, lines: list[str], title: str = "") -> Pledge:
    if not can_edit_pledge(pledge=pledge, by=by):
        raise PledgeError(_("只能修改本人或本组织的承诺。"))
    if pledge.status != Pledge.Status.DRAFT:
        raise PledgeError(_("已提交的承诺不能修改。"))
    items = clean_items(lines=lines, for_member=bool(pledge.member_id))
    pledge.title = clean_text(title, model=Pledge, field="title", error=PledgeError)
    pledge.save(update_fields=["title", "updated_at"])
    _replace_items(pledge, items)
    return pledge


def submit_pledge(*, pledge: Pledge, by) -> Pledge:
    if not can_edit_pledge(pledge=pledge, by=by):
        raise PledgeError(_("只能提交本人或本组织的承诺。"))
    if pledge.status != Pledge.Status.DRAFT:
        raise PledgeError(_("该承诺已提交。"))
    pledge.status = Pledge.Status.SUBMITTED
    pledge.save(update_fields=["status", "updated_at"])
    return pledge


def publish_pledge(*, pledge: Pledge, by) -> Pledge:
    """示诺: the secretary checks the pledge and puts it on the public wall."""
    if not can_review_pledge(pledge=pledge, by=by):
        raise PledgeError(_("您无权审核这份承诺（本人的承诺须由上级审核）。"))
    if pledge.status != Pledge.Status.SUBMITTED:
        raise PledgeError(_("只有待审核的承诺才能公开。"))
    pledge.status = Pledge.Status.PUBLISHED
    pledge.published_at = timezone.now()
    pledge.reviewed_by = member_of(by)
    pledge.review_note = ""
    pledge.save()
    return pledge


def return_pledge(*, pledge: Pledge, by, note: str) -> Pledge:
    if not can_review_pledge(pledge=pledge, by=by):
        raise PledgeError(_("您无权审核这份承诺。"))
    if pledge.status != Pledge.Status.SUBMITTED:
        raise PledgeError(_("只有待审核的承诺才能退回。"))
    note = clean_text(note, model=Pledge, field="review_note", error=PledgeError)
    if not note:
        raise PledgeError(_("退回时请写明修改意见。"))
    pledge.status = Pledge.Status.DRAFT
    pledge.review_note = note
    pledge.reviewed_by = member_of(by)
    pledge.save()
    return pledge


def add_fulfilment_update(
    *, pledge: Pledge, by, text: str, happened_on: date | None = None, photo=None
) -> FulfilmentUpdate:
    """践诺: the owner records what was done; only on a pledge the public can see."""
    if not can_edit_pledge(pledge=pledge, by=by):
        raise PledgeError(_("只能为本人或本组织的承诺添加践诺记录。"))
    if pledge.status != Pledge.Status.PUBLISHED:
        raise PledgeError(_("承诺公开后、回头看之前才能添加践诺记录。"))
    text = (text or "").strip()
    if not text:
        raise PledgeError(_("请填写践诺情况。"))
    if len(text) > 1000:
        raise PledgeError(_("践诺情况不能超过 1000 字。"))
    today = timezone.localdate()
    happened_on = happened_on or today
    if happened_on > today:
        raise PledgeError(_("日期不能晚于今天。"))
    return FulfilmentUpdate.objects.create(
        pledge=pledge, text=text, happened_on=happened_on, photo=photo, author=member_of(by)
    )


@transaction.atomic
def look_back(*, pledge: Pledge, by, outcomes: dict[int, tuple[str, str]]) -> Pledge:
    """回头看: each item 已兑现 / 部分兑现 / 未兑现, with a public reason when not fulfilled."""
    if not can_review_pledge(pledge=pledge, by=by):
        raise PledgeError(_("您无权对这份承诺进行回头看。"))
    if pledge.status != Pledge.Status.PUBLISHED:
        raise PledgeError(_("只有已公开的承诺才能回头看。"))
    items = list(pledge.items.all())
    valid = {
        PledgeItem.Outcome.FULFILLED,
        PledgeItem.Outcome.PARTIAL,
        PledgeItem.Outcome.UNFULFILLED,
    }
    for item in items:
        outcome, note = outcomes.get(item.pk, ("", ""))
        note = clean_text(note, model=PledgeItem, field="outcome_note", error=PledgeError)
        if outcome not in valid:
            raise PledgeError(_("请为每条承诺选择兑现情况：%(item)s") % {"item": item.content})
        if outcome != PledgeItem.Outcome.FULFILLED and not note:
            raise PledgeError(
                _("未完全兑现的承诺须公开说明原因：%(item)s") % {"item": item.content}
            )
        item.outcome, item.outcome_note = outcome, note
    PledgeItem.objects.bulk_update(items, ["outcome", "outcome_note"])
    pledge.status = Pledge.Status.REVIEWED
    pledge.looked_back_at = timezone.now()
    pledge.save(update_fields=["status", "looked_back_at", "updated_at"])
    return pledge


def repledge(*, previous: Pledge, by, lines: list[str], title: str = "", year: int | None = None):
    """再承诺: a new draft linked to the looked-back pledge, which stays as it was."""
    return create_pledge(
        by=by,
        year=year or max(previous.year, timezone.localdate().year),
        lines=lines,
        title=title,
        member=previous.member,
        organisation=previous.organisation,
        previous=previous,
    )
