"""Honours work on the workbench: nominations to the 善行功德榜 waiting for the committee.
Registered from `apps.py`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from honors.models import HonorRollEntry
from honors.permissions import entry_policy
from portal.workbench import Todo


def nominations_to_review(user):
    """The nominations 提名审核 offers to review: in scope, submitted, not the user's own."""

    return (
        entry_policy.scoped_queryset(user)
        .filter(status=HonorRollEntry.Status.SUBMITTED)
        .exclude(nominated_by=user)
    )


def staff_todos(user, member) -> list[Todo]:
    if not user.has_perm("honors.approve_honorrollentry"):
        return []
    return [
        Todo(
            key="honors.nominations",
            label=_("待审核的功德榜提名"),
            count=nominations_to_review(user).count(),
            url=reverse("honors_admin:pending"),
        )
    ]
