"""The admin speaks Chinese and has no dead ends: tab titles, help links, page moderation."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_admin_tab_title_names_the_portal_not_wagtail(client, secretary_a, home):
    client.force_login(secretary_a.user)
    html = client.get("/admin/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    assert title.endswith("- 党建与志愿服务门户")
    assert "Wagtail" not in title


def test_no_links_to_wagtail_s_english_guide_or_release_notes(client, secretary_a, home):
    client.force_login(secretary_a.user)
    html = client.get("/admin/").content.decode()
    assert "guide.wagtail.org" not in html
    assert "docs.wagtail.org" not in html
    assert "editor guide" not in html.lower()


def test_moderation_workflow_is_off_so_a_page_is_never_sent_to_an_empty_group(admin_client, home):
    response = admin_client.get(f"/admin/pages/{home.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="action-publish"' in html
    assert "Moderators" not in html
    assert "action-submit" not in html
