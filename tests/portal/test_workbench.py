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


def test_a_capped_count_counts_a_row_in_two_parts_once_and_stops_past_the_cap(
    branch_a, branch_b, monkeypatch
):
    from portal import workbench
    from portal.models import Member
    from tests.factories import MemberFactory

    for organisation in (branch_a, branch_a, branch_b):
        MemberFactory(organisation=organisation)
    a = Member.objects.filter(organisation=branch_a)
    everyone = Member.objects.filter(organisation__in=[branch_a, branch_b])
    assert workbench.capped_count(a, everyone) == everyone.count() == 3
    monkeypatch.setattr(workbench, "COUNT_CAP", 1)
    assert workbench.capped_count(a, everyone) == 2  # "more than one"
    assert workbench.capped_count(everyone) == 2
    assert Todo(key="t", label="多", count=2, url="/").shown_count == "1+"
    assert Todo(key="t", label="一", count=1, url="/").shown_count == "1"
