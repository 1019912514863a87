"""Honours work on the workbench: nominations to the 善行功德榜 waiting for the committee, and
certificate batches that failed or stalled. Registered from `apps.py`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from honors.models import HonorRollEntry
from honors.permissions import batch_policy, entry_policy
from portal.workbench import Todo, capped_count


def nominations_to_review(user):
    """The nominations 提名审核 offers to review: in scope, submitted, not the user's own."""

    return (
        entry_policy.scoped_queryset(user)
        .filter(status=HonorRollEntry.Status.SUBMITTED)
        .exclude(nominated_by=user)
    )


def batches_to_fix(user):
    """The batches the scoped batch list shows with ``?attention=1``."""
    from honors.selectors import batches_needing_attention

    return batches_needing_attention(batch_policy.scoped_queryset(user))


def staff_todos(user, member) -> list[Todo]:
    todos = []
    if user.has_perm("honors.approve_honorrollentry"):
        todos.append(
            Todo(
                key="honors.nominations",
                label=_("待审核的功德榜提名"),
                count=capped_count(nominations_to_review(user)),
                url=reverse("honors_admin:pending"),
            )
        )
    if user.has_perm("honors.change_certificatebatch"):
        todos.append(
            Todo(
                key="honors.batches",
                label=_("证书批量生成失败或停滞"),
                count=capped_count(batches_to_fix(user)),
                url=reverse("wagtailsnippets_honors_certificatebatch:list") + "?attention=1",
                hint=_("打开批次后点“重试”或“取消”"),
                level="urgent",
            )
        )
    return todos
