"""三亮 三评 work on the workbench: pledges to review (示诺), comments to moderate, 三评 rounds
waiting for a 领导点评, a 等次 or the committee's confirmation; a member's pledge returned
for changes and a 评议 they have not given yet. Registered from `apps.py`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pledges import selectors
from pledges.models import Pledge, Rating, ReviewRound
from portal.workbench import Todo, capped_count

ROUND_TODOS = (
    ("review", _("待领导点评的评议"), _("点评本支部党员，满分100分")),
    ("grade", _("待提出民主评议等次"), _("评议已结束，请为每名党员提出等次")),
    ("confirm", _("待确认的民主评议等次"), _("支部已提出全部等次，由党委确认")),
)


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


def rounds_to_handle(user, member, what: str):
    """The rounds the 三评与民主评议 list shows with ``?waiting=<what>``."""
    from pledges.views.admin import scoped

    rounds = scoped(ReviewRound.objects.all(), user, "branch")
    return selectors.rounds_waiting(rounds, what, reviewer=member)


def _round_work(user, member) -> list[str]:
    """Secretaries point and propose; the committee confirms (it has `confirm_grade`)."""
    from portal.models import Member

    if user.has_perm("pledges.confirm_grade") and (
        user.is_superuser or (member is not None and member.role == Member.Role.COMMITTEE)
    ):
        return ["confirm"]
    return ["review", "grade"]


def staff_todos(user, member) -> list[Todo]:
    from portal.permissions import is_staff_role

    if not is_staff_role(user):
        return []
    rounds = reverse("pledges_admin_rounds")
    return [
        Todo(
            key=f"pledges.rounds.{what}",
            label=label,
            count=capped_count(rounds_to_handle(user, member, what)),
            url=f"{rounds}?waiting={what}",
            hint=hint,
        )
        for what, label, hint in ROUND_TODOS
        if what in _round_work(user, member)
    ] + [
        Todo(
            key="pledges.review",
            label=_("待审核的公开承诺"),
            count=capped_count(pledges_to_review(user, member)),
            url=reverse("pledges_admin_review"),
        ),
        Todo(
            key="pledges.comments",
            label=_("待审核的群众留言"),
            count=capped_count(comments_to_moderate(user)),
            url=reverse("pledges_admin_comments"),
        ),
    ]


def member_todos(member) -> list[Todo]:
    returned = Pledge.objects.filter(member=member, status=Pledge.Status.DRAFT).exclude(
        review_note=""
    )[:5]
    reviews = [
        Todo(
            key=f"pledges.review_round.{round.pk}",
            label=_("参加评议：%(r)s") % {"r": round},
            count=1,
            url=reverse("pledges:review_round", args=[round.pk]),
            hint=_("个人自评和党员互评；被评议人只看到平均分"),
        )
        for round in selectors.reviews_to_give(member)[:3]
    ]
    return reviews + [
        Todo(
            key=f"pledges.returned.{pledge.pk}",
            label=_("承诺被退回修改：%(p)s") % {"p": pledge},
            count=1,
            url=reverse("pledges:edit_pledge", args=[pledge.pk]),
            hint=pledge.review_note,
        )
        for pledge in returned.select_related("member", "organisation")
    ]
