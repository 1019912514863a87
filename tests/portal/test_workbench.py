"""The workbench registry: what apps contribute, what is shown."""

import pytest

from portal.workbench import Todo, member_todos, register_todos, unregister_todos

pytestmark = pytest.mark.django_db


def test_items_with_nothing_to_do_are_left_out_and_urgent_ones_come_first(member_a):
    def provider(member):
        return [
            Todo(key="t.none", label="无事", count=0, url="/"),
            Todo(key="t.some", label="有事", count=2, url="/"),
            Todo(key="t.late", label="逾期", count=1, url="/", level="urgent"),
        ]

    register_todos("test", member=provider)
    try:
        assert [t.key for t in member_todos(member_a)] == ["t.late", "t.some"]
    finally:
        unregister_todos("test")
