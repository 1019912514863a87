"""A bounded fuzz run over the forms: bad input is never a 5xx, a double tap never a duplicate.

The forms are found as a user finds them: every create page of the admin and
the members' pages in the URL resolver, plus the public pages with forms,
opened as the role that uses them; each <form method="post"> on those pages
is then posted with input a probe would send (empty, huge, non-numeric,
superscript digits, SQL-ish and script strings, impossible dates, numbers too
large, truncated files), drawn with a fixed seed so a failure can be rerun,
and once more filled plausibly and posted twice to check the second post
creates nothing.
"""

import random
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver

from pledges.models import PledgeWallPage
from tests.factories import MemberFactory, WindowFactory, home_page, make_article
from tests.pledges.conftest import make_published

SEED = 20261201
KINDS_PER_FORM = 3

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)

KINDS = {
    "empty": "",
    "huge": "党" * 20000,
    "non-numeric": "abc",
    "superscript": "²",
    "sql": "1 OR 1=1; DROP TABLE portal_member;--",
    "script": "<script>alert(1)</script>",
    "impossible-date": "2026-02-30",
    "far-date": "99999-12-31",
    "too-large": "99999999999999999999999",
    "negative": "-1",
}

# Posts that would end the run's session or change the world for the rest of it.
SKIPPED_ACTIONS = (
    "logout",
    "/i18n/",
    "/language/",
    "delete",
    "unpublish",
    "/lock/",
    "/unlock/",
    "revoke",
    "/accounts/",
    "/2fa/",
    "password",
    "workflow",
    "/copy/",
    "/move/",
)
# Tables a post may touch without creating anything a user would see twice.
UNTRACKED = {
    "portal.submissionreceipt",
    "captcha.captchastore",
    "sessions.session",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailadmin.editingsession",
}
TRACKED_APPS = {
    "portal",
    "honors",
    "pledges",
    "volunteers",
    "activities",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "auth",
}


class FormParser(HTMLParser):
    """The post forms of a page: their action and their fields with default values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self.form = {"action": attrs.get("action") or "", "fields": [], "files": []}
                self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                self.form["files"].append(name)
            elif kind in ("checkbox", "radio"):
                if not any(f[0] == name for f in self.form["fields"]):
                    self.form["fields"].append((name, attrs.get("value") or "on", kind))
            elif kind not in ("submit", "button", "image", "reset"):
                self.form["fields"].append((name, attrs.get("value") or "", kind))
        elif tag == "select" and name:
            self.select = [name, None]
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select[1] is None and value:
                self.select[1] = value
        elif tag == "textarea" and name:
            self.textarea = name
        elif (
            tag == "button"
            and name
            and attrs.get("type", "submit") == "submit"
            and not any(f[0] == name for f in self.form["fields"])
        ):
            self.form["fields"].append((name, attrs.get("value") or "", "submit"))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            if self.form is not None:
                self.form["fields"].append((self.select[0], self.select[1] or "", "select"))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            if self.form is not None:
                self.form["fields"].append((self.textarea, "", "textarea"))
            self.textarea = None


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif not any(c in route for c in "<([?*+\\"):
            yield "/" + route.lstrip("^").rstrip("$")


def _pages_with_forms() -> tuple[list[str], list[str]]:
    routes = sorted(set(_routes()))
    admin = [
        r
        for r in routes
        if r.startswith("/admin/")
        and not r.endswith((".xlsx", "/export/", "template.xlsx"))
        and (
            r.endswith(("/add/", "/new/"))
            or r.split("/")[2] in ("pledges", "honors", "activities", "study", "members")
        )
    ]
    member = [r for r in routes if r.startswith("/me/") and not r.endswith(".xlsx")]
    return admin, member


def _plausible(name: str, value: str, kind: str) -> str:
    if value or kind in ("hidden", "select", "submit"):
        return value
    if kind == "number":
        return "1"
    if kind == "date" or "date" in name or name.endswith("_on"):
        return "2026-03-01"
    if kind == "email" or "email" in name:
        return "fuzz@example.com"
    if "year" in name:
        return "2026"
    return "测试内容"


def _data(form: dict, kind: str | None):
    data = {}
    for name, value, field_kind in form["fields"]:
        if name == "csrfmiddlewaretoken":
            data[name] = value
        elif kind is None:
            data[name] = _plausible(name, value, field_kind)
        elif field_kind == "submit":
            data[name] = value
        else:
            data[name] = KINDS[kind]
    for name in form["files"]:
        content = PNG if kind is None else PNG[: len(PNG) // 2]  # a truncated upload
        data[name] = SimpleUploadedFile("photo.png", content, content_type="image/png")
    return data


def _counts() -> dict:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in TRACKED_APPS
        and model._meta.label_lower not in UNTRACKED
        and not model._meta.proxy
    }


@pytest.fixture
def world(committee, branch_a, secretary_a, member_a, admin_user):
    """One of everything a form may refer to, in branch A."""
    window = WindowFactory(name="民政局窗口", code="FWZX-MZ", parent=branch_a)
    MemberFactory(name="邓小芸", organisation=window)
    wall = PledgeWallPage.objects.first() or home_page().add_child(
        instance=PledgeWallPage(title="公开承诺", slug="pledges")
    )
    pledge = make_published(member=member_a, by=secretary_a.user)
    article = make_article(title="学习贯彻党的二十大精神")
    return {
        "anonymous": [f"{wall.url}windows/{window.code}/", f"{wall.url}p/{pledge.pk}/"],
        "member": [f"/me/pledges/{pledge.pk}/updates/new/"],
        "secretary": [f"/admin/pages/{article.pk}/edit/"],
        "users": {
            "member": member_a.user,
            "secretary": secretary_a.user,
            "committee": committee.user,
        },
    }


def test_no_form_answers_5xx_and_no_double_submission_makes_a_duplicate(world):
    rng = random.Random(SEED)
    admin_pages, member_pages = _pages_with_forms()
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in world["users"].items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    pages = [("anonymous", url) for url in world["anonymous"]]
    pages += [("member", url) for url in member_pages + world["member"]]
    pages += [("secretary", url) for url in admin_pages + world["secretary"]]
    pages += [("committee", url) for url in admin_pages]

    failures, duplicates, seen = [], [], set()
    posts = 0
    for role, url in pages:
        client = clients[role]
        page = client.get(url)
        if page.status_code >= 500:
            failures.append(f"GET {url} as {role}: {page.status_code}")
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = FormParser()
        parser.feed(page.content.decode())
        for form in parser.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            path = urlsplit(action).path
            if any(skip in action for skip in SKIPPED_ACTIONS) or (role, path) in seen:
                continue
            seen.add((role, path))
            for kind in rng.sample(sorted(KINDS), KINDS_PER_FORM):
                response = client.post(action, _data(form, kind))
                posts += 1
                if response.status_code >= 500:
                    failures.append(f"POST {action} as {role} with {kind}: {response.status_code}")
            data = _data(form, None)
            first = client.post(action, data)
            after_first = _counts()
            for upload in form["files"]:
                data[upload].seek(0)
            second = client.post(action, data)
            posts += 2
            for response in (first, second):
                if response.status_code >= 500:
                    failures.append(f"POST {action} as {role}, filled: {response.status_code}")
            grown = {
                label: count - after_first[label]
                for label, count in _counts().items()
                if count > after_first.get(label, 0)
            }
            if grown:
                duplicates.append(f"POST {action} as {role} twice: second added {grown}")

    assert posts >= 200, f"only {posts} posts: the run found too few forms"
    assert not failures, "\n".join(failures)
    assert not duplicates, "\n".join(duplicates)
