"""The workbench: one list of the work waiting on a person, contributed by every app.

`portal` imports none of the feature apps, so each registers its own
providers from `AppConfig.ready()`:

    from portal.workbench import Todo, register_todos

    def staff_todos(user, member):
        n = selectors.review_queue(member).count()
        return [Todo(key="volunteers.records", label=_("待审核的服务记录"), count=n,
                     url=reverse("volunteers:lead") + "#queue")]

    register_todos("volunteers", staff=staff_todos, member=member_todos, order=20)

A staff provider fills the admin dashboard's 待办 panel of a secretary,
leader or committee member (scoped to their subtree); a member provider fills
the "等我处理" card on 我的. Rules every provider keeps:

- `count` is the length of the list `url` opens (the tests check it), so a
  provider counts with the same selector its list page uses, through
  `capped_count`: past `COUNT_CAP` the item shows 「99+」 and the counting
  stops there, so a committee over a city's 100,000 members (an exact count of
  which is 100 ms of SQL per item) costs what a branch costs;
- a fixed number of queries, whatever the size of the subtree;
- only work that needs someone to act: an item whose count is 0 is dropped
  here, and nothing is a ranking of people.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

COUNT_CAP = 99


def capped_count(*querysets) -> int:
    """Rows of the union of `querysets` (one or more), counted up to `COUNT_CAP` + 1.

    Each queryset is read to at most `COUNT_CAP` + 1 keys: if the union holds
    more than that, one of its parts alone does, or all parts were read whole.
    """
    limit = COUNT_CAP + 1
    # Keys only: no joins for select_related, no columns, nothing to order by.
    keys = [queryset.select_related(None).order_by().values("pk") for queryset in querysets]
    if len(keys) == 1:
        return keys[0][:limit].count()
    seen = set()
    for queryset in keys:
        seen.update(row["pk"] for row in queryset[:limit])
    return min(len(seen), limit)


@dataclass(frozen=True)
class Todo:
    key: str
    label: str | Promise
    count: int
    url: str
    hint: str | Promise = ""
    # "urgent" for work past a deadline, shown first and marked.
    level: str = ""

    @property
    def shown_count(self) -> str:
        """「99+」 past the cap, as the count stops there (`capped_count`)."""
        return f"{COUNT_CAP}+" if self.count > COUNT_CAP else str(self.count)


Provider = Callable[..., list[Todo]]


@dataclass(frozen=True)
class _Registration:
    name: str
    staff: Provider | None
    member: Provider | None
    order: int


_registry: dict[str, _Registration] = {}


def register_todos(
    name: str,
    *,
    staff: Provider | None = None,
    member: Provider | None = None,
    order: int = 100,
) -> None:
    """`staff(user, member)` and `member(member)` return Todo lists; same name replaces."""
    _registry[name] = _Registration(name=name, staff=staff, member=member, order=order)


def unregister_todos(name: str) -> None:
    _registry.pop(name, None)


def _collect(results: list[list[Todo]]) -> list[Todo]:
    todos = [todo for items in results for todo in items if todo.count > 0]
    # Urgent work first; otherwise the apps' order.
    return sorted(todos, key=lambda todo: todo.level != "urgent")


def _ordered() -> list[_Registration]:
    return sorted(_registry.values(), key=lambda r: (r.order, r.name))


def staff_todos(user) -> list[Todo]:
    """What waits on a secretary, leader or committee member, in their subtree."""
    from portal.permissions import member_of

    member = member_of(user)
    return _collect([r.staff(user, member) for r in _ordered() if r.staff is not None])


def member_todos(member) -> list[Todo]:
    """What waits on a member: a pledge to update, a review to give, a returned record."""
    if member is None:
        return []
    return _collect([r.member(member) for r in _ordered() if r.member is not None])
