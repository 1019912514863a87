"""Each pledge's `home_path`: a copy of its owner's unit's path, the wall's sort key and subtree.

The wall lists every public pledge by the owner's unit (a member's branch or
the organisation itself). Ordering by a COALESCE of two joined paths cannot use
an index, so the path is copied onto the pledge row (set when the pledge is
created, see `Pledge.save`) and rewritten here whenever it could go stale: a
member moves to another unit (组织关系转接, or the member form) or a unit moves
in the tree (its path, and its children's, change). Both are saves in `portal`,
which imports no app, so `PledgesConfig.ready` connects these receivers.
"""

from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from pledges.models import Pledge
from portal.models import Member, Organisation


def owner_path():
    """The expression for a pledge's home path, computed in the database."""
    return Coalesce(
        Subquery(Organisation.objects.filter(pk=OuterRef("organisation_id")).values("path")[:1]),
        Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("organisation__path")[:1]),
        Value(""),
    )


def refresh_home_paths(pledges: QuerySet | None = None) -> int:
    """Rewrites the copies of `pledges` (all when None) in one UPDATE; returns rows changed."""
    pledges = Pledge.objects.all() if pledges is None else pledges
    return pledges.update(home_path=owner_path())


def member_saved(sender, instance: Member, raw=False, update_fields=None, **kwargs) -> None:
    # Saves that cannot have moved the member (a last-login stamp, a role) cost nothing.
    if raw or (update_fields is not None and "organisation" not in update_fields):
        return
    path = Organisation.objects.filter(pk=instance.organisation_id).values("path")[:1]
    Pledge.objects.filter(member_id=instance.pk).exclude(home_path=Subquery(path)).update(
        home_path=Subquery(path)
    )


def organisation_saved(sender, instance: Organisation, raw=False, **kwargs) -> None:
    # Organisation.save saves each child after its parent, so each unit rewrites its own.
    if raw or not instance.path:
        return
    members = Member.objects.filter(organisation_id=instance.pk).values("pk")
    Pledge.objects.filter(Q(organisation_id=instance.pk) | Q(member_id__in=members)).exclude(
        home_path=instance.path
    ).update(home_path=instance.path)
