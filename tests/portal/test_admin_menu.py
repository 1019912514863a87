"""The admin menu: each app's extra views sit inside that app's group, for staff only."""

import json
import re

import pytest


def menu_labels(html: str) -> list[str]:
    """Labels of the sidebar's menu, as Wagtail serialises them for its JS sidebar."""
    match = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    assert match, "sidebar props not found"
    return re.findall(
        r'"label": "([^"]*)"', json.dumps(json.loads(match.group(1)), ensure_ascii=False)
    )


@pytest.mark.django_db
def test_secretary_finds_pledge_and_volunteer_work_inside_their_groups(client, secretary_a):
    client.force_login(secretary_a.user)
    labels = menu_labels(client.get("/admin/").content.decode())
    for label in (
        "三亮三比三评",
        "承诺审核与回头看",
        "群众留言审核",
        "志愿服务",
        "志愿服务审核与台帐",
    ):
        assert label in labels
    # Grouped: each group label comes before its own views in the menu tree.
    assert labels.index("三亮三比三评") < labels.index("承诺审核与回头看")
    assert labels.index("志愿服务") < labels.index("志愿服务审核与台帐")
