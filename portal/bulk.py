"""Bulk decisions: many items decided in one action, each under its one-at-a-time rules.

Records, correction requests and 功德榜 nominations share this loop and its
summary, so "one bad item never blocks the others" and "say what was refused
and why" are written once:

    outcome = decide_each(ids, approve_one, errors=(VolunteerError,))
    report_outcome(request, outcome, done=_("已通过 %(n)s 条。") % {"n": len(outcome.done)})

`decide(item)` runs inside its own transaction and locks its row
(select_for_update), so two secretaries acting on the same page at once are
put in order by the database and the second one is told the item was decided.
It may set `item.label` once it has read what the item is, and raises
`Refused(reason)` (or one of `errors`) to refuse it; the item's writes are
then rolled back and the loop goes on with the next.
"""

import dataclasses
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

MAX_BULK = 500
MAX_REFUSALS_SHOWN = 20


class Refused(Exception):
    """This item is not decided; the message says why, in words the decider can act on."""


@dataclasses.dataclass
class BulkItem:
    pk: int
    # Said without a name until the item is known to be the decider's to see.
    label: str = ""


@dataclasses.dataclass
class BulkOutcome:
    """What a bulk decision did: the items it changed, and each refusal with its reason."""

    done: list = dataclasses.field(default_factory=list)
    refused: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (which, why)


def clean_ids(values: Iterable) -> list[int]:
    """The ids a form posted, as numbers, each once, in a fixed order (so locks are taken in
    the same order by two deciders); anything that is not a number is dropped."""
    ids = {int(value) for value in values if str(value).strip().isdigit()}
    return sorted(ids)[:MAX_BULK]


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def decide_each(
    ids: Iterable,
    decide: Callable[[BulkItem], object],
    *,
    errors: tuple[type[Exception], ...] = (),
    label: str = "",
) -> BulkOutcome:
    """Calls `decide` for each id, one transaction each; `label` names an unknown item
    (``"记录 %(pk)s"``)."""
    outcome = BulkOutcome()
    for pk in clean_ids(ids):
        item = BulkItem(pk=pk, label=(label or _("第 %(pk)s 项")) % {"pk": pk})
        try:
            with transaction.atomic():
                result = decide(item)
        except (Refused, *errors) as error:
            outcome.refused.append((item.label, error_text(error)))
        else:
            outcome.done.append(result)
    return outcome


def report_outcome(request, outcome: BulkOutcome, *, done: str, refused_word: str = "") -> None:
    """The summary after a bulk decision: what was done, then each refusal and why."""
    if outcome.done:
        messages.success(request, done)
    if outcome.refused:
        messages.warning(
            request,
            _("%(n)s 条%(word)s，原因如下：")
            % {"n": len(outcome.refused), "word": refused_word or _("未通过")},
        )
        for which, why in outcome.refused[:MAX_REFUSALS_SHOWN]:
            messages.warning(request, f"{which}：{why}")
        if len(outcome.refused) > MAX_REFUSALS_SHOWN:
            messages.warning(
                request,
                _("另有 %(n)s 条未列出。") % {"n": len(outcome.refused) - MAX_REFUSALS_SHOWN},
            )
