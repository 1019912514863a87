"""The public site's shared frame: icon, messages in correct Chinese, heading outline."""

from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from honors.services.certificates import issue_roll_certificate
from pledges.services import create_pledge
from tests.factories import MemberFactory
from tests.honors.factories import EntryFactory

pytestmark = pytest.mark.django_db


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels = []

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.levels.append(int(tag[1]))


def heading_levels(response) -> list[int]:
    parser = _Headings()
    parser.feed(response.content.decode())
    return parser.levels


def assert_no_skipped_heading_level(response):
    levels = heading_levels(response)
    assert levels and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_favicon_is_found(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")
    assert finders.find("img/favicon.ico")
    assert "public" in response["Cache-Control"]


def test_every_page_names_its_icon(client, home):
    assert 'rel="icon"' in client.get("/").content.decode()


def test_nul_byte_gets_a_correct_chinese_message(client):
    response = client.post(reverse("account_login"), {"login": "a\x00b", "password": "x"})
    text = response.content.decode()
    assert "不能包含空字符" in text
    assert "不允许是用空字符串" not in text


def test_my_pledges_does_not_skip_a_heading_level(client, member_a):
    create_pledge(by=member_a.user, year=2026, lines=["热情接待", "代理一个项目"], member=member_a)
    client.force_login(member_a.user)
    response = client.get(reverse("pledges:my_pledges"))
    assert "热情接待" in response.content.decode()
    assert_no_skipped_heading_level(response)


def test_my_certificates_does_not_skip_a_heading_level(client, member_a):
    entry = EntryFactory(organisation=member_a.organisation, person_name=member_a.name)
    entry.member = member_a
    entry.save()
    issue_roll_certificate(entry=entry, render=False)
    client.force_login(member_a.user)
    response = client.get(reverse("honors:my_certificates"))
    assert "善行功德榜" in response.content.decode()
    assert_no_skipped_heading_level(response)


def test_member_without_organisation_record_sees_no_skipped_heading(client, branch_a):
    member = MemberFactory(organisation=branch_a)
    client.force_login(member.user)
    assert_no_skipped_heading_level(client.get(reverse("portal:me")))
