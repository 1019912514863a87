"""三亮 三评 work on the workbench: pledges to review (示诺), comments to moderate, and a
member's pledge returned for changes. Registered from `apps.py`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pledges.models import Pledge, Rating
from portal.workbench import Todo


def pledges_to_review(user, member):
    """The 待审核（示诺） list of 承诺审核与回头看: in scope, never the reviewer's own pledge."""
    from pledges.views.admin import scoped

    pledges = scoped(
        Pledge.objects.filter(status=Pledge.Status.SUBMITTED),
        user,
        "organisation",
        "member__organisation",
    )
    return pledges.exclude(member=member) if member is not None else pledges


def comments_to_moderate(user):
    from pledges.views.admin import scoped

    return scoped(
        Rating.objects.filter(comment_status=Rating.CommentStatus.PENDING),
        user,
        "window",
        "pledge__organisation",
        "pledge__member__organisation",
    )


def staff_todos(user, member) -> list[Todo]:
    from portal.permissions import is_staff_role

    if not is_staff_role(user):
        return []
    return [
        Todo(
            key="pledges.review",
            label=_("待审核的公开承诺"),
            count=pledges_to_review(user, member).count(),
            url=reverse("pledges_admin_review"),
        ),
        Todo(
            key="pledges.comments",
            label=_("待审核的群众留言"),
            count=comments_to_moderate(user).count(),
            url=reverse("pledges_admin_comments"),
        ),
    ]


def member_todos(member) -> list[Todo]:
    returned = Pledge.objects.filter(member=member, status=Pledge.Status.DRAFT).exclude(
        review_note=""
    )[:5]
    return [
        Todo(
            key=f"pledges.returned.{pledge.pk}",
            label=_("承诺被退回修改：%(p)s") % {"p": pledge},
            count=1,
            url=reverse("pledges:edit_pledge", args=[pledge.pk]),
            hint=pledge.review_note,
        )
        for pledge in returned.select_related("member", "organisation")
    ]
