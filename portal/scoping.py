"""The subtree rule: a secretary's scope is their organisation and everything below it.

Written once, here, and used by the models' querysets, `portal.permissions`'
policies and every app's predicates. It imports no model, so models may build
on it without an import circle: a row is reached through the lookup path from
its model to an Organisation, and the organisation's materialised `path` is
matched by prefix (an indexed `LIKE 'path%'`).
"""

import os

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q


def member_of(user):
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    try:
        return user.member
    except Exception:  # RelatedObjectDoesNotExist: an account with no profile
        return None


def scope_for(user):
    """True for the whole tree, an Organisation for its subtree, None for nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return True
    member = member_of(user)
    if member is None:
        return None
    if member.manages_members:
        return member.organisation
    return None


def is_staff_role(user) -> bool:
    return scope_for(user) is not None


def lookup_paths(paths) -> tuple[str, ...]:
    """One path or several; none means the model has its own `organisation` field."""
    if isinstance(paths, str):
        return (paths,)
    return tuple(paths) or ("organisation",)


def subtree_q(organisation, *paths: str) -> Q:
    """Rows whose organisation, reached by any of `paths`, is `organisation` or below it.

    A path is the lookup from the model to an Organisation ("organisation",
    "member__organisation", "" for Organisation itself); with several, a row
    matches if any of them does (a pledge is a member's or a unit's).
    """
    condition = Q()
    for path in lookup_paths(paths):
        lookup = f"{path}__path__startswith" if path else "path__startswith"
        condition |= Q(**{lookup: organisation.path})
    return condition


class Subtrees:
    """Rows under any of many organisations, each told apart by the organisation it falls under.

    An OR of one prefix per organisation grows with them: a city committee's
    2,950 branches made a 2,950-way OR, built in quadratic time in Python and
    served by no index. Instead the rows are read under the organisations'
    deepest common ancestor (one indexed prefix) and `owner()` files each row by
    walking its path's ancestors, in a step per tree level; a row under none of
    them is answered None and left out by the caller.
    """

    def __init__(self, paths):
        """`paths`: the organisations' materialised paths (no rows need loading)."""
        self.paths = set(paths)
        # The common prefix of a set of strings is that of its least and greatest;
        # cut back to the last whole segment.
        prefix = os.path.commonprefix([min(self.paths), max(self.paths)]) if self.paths else ""
        self.common_path = prefix[: prefix.rfind("/") + 1]

    def q(self, path: str = "organisation") -> Q:
        """Every row under the common ancestor (`path` as in `subtree_q`)."""
        lookup = f"{path}__path__startswith" if path else "path__startswith"
        return Q(**{lookup: self.common_path})

    def owner(self, path: str) -> str | None:
        """The path of the deepest of the organisations `path` is in or under, or None."""
        parts = path.rstrip("/").split("/")
        for n in range(len(parts), 0, -1):
            candidate = "".join(f"{part}/" for part in parts[:n])
            if candidate in self.paths:
                return candidate
        return None


def in_subtree(queryset, organisation, *paths: str):
    """`queryset` narrowed to `organisation`'s subtree (see `subtree_q` for `paths`)."""
    return queryset.filter(subtree_q(organisation, *paths))


def scoped(queryset, user, *paths: str):
    """`queryset` narrowed to what `user` manages: all for a superuser, nothing for a member."""
    scope = scope_for(user)
    if scope is True:
        return queryset
    if scope is None:
        return queryset.none()
    return in_subtree(queryset, scope, *paths)
