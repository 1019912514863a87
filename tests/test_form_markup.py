"""Every form of the site, as its users open it and as it comes back refused (issue 13).

The pages are found as the other probes find them: the routes without an id from
tests/test_fuzz_forms.py's inventory (the admin's add pages, the members' pages),
every route with an id filled from tests/test_routes.py's world, and the public
pages with a form. Each page is opened as the first of the people who may use it,
and each of its post forms is sent back with a NUL byte in every text input,
which no field accepts, so the page comes back with its errors. On every page:

- every `aria-describedby` names an element that is on the page (a screen reader
  reads the help text and the error it points at, not nothing);
- no `<label for="">` (a radio group's label belongs to a fieldset's legend);
- no "---------" empty choice, 「请选择」 instead;
- no field label ending in an ASCII colon;
- the NUL byte is refused in correct Chinese beside its field, never with
  Django's mistranslated 「不允许是用空字符串。」.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from pledges.models import PledgeWallPage
from tests.factories import home_page
from tests.helpers import build_world
from tests.pledges.conftest import make_published
from tests.test_fuzz_forms import SKIPPED_ACTIONS, FormParser, _pages_with_forms, _plausible
from tests.test_routes import _probes

NUL = "甲\x00乙"
NUL_MESSAGE = "不能包含空字符"
MISTRANSLATED = "不允许是用空字符串"
# Forms whose first button (the one a probe presses) does not read the text input: the
# text belongs to the other button, so the post succeeds without reading it.
IGNORES_THE_TEXT = {
    "/admin/pledges/review/": "审核通过 does not read the 退回意见",
    "/me/volunteer/lead/records/": "通过 does not read the 退回理由",
    "/admin/activities/meetings/": "a member marked 出席 has no absence reason to read",
}
# Still refused only in the banner at the top: the 领导点评 rows of a review round are
# one small form per member, and the refusal does not yet say which row it is about.
BANNER_ONLY = {
    "/admin/pledges/rounds/": "per-row 领导点评 forms (issue 13, left open)",
    "/admin/pledges/review/": "per-pledge 退回/回头看 forms (issue 13, left open)",
}
# Wagtail's own upload pages (its templates, not the project's): their inputs name Django's
# <id>_error, which Wagtail's upload templates do not print. Left to Wagtail.
WAGTAIL_UPLOADS = ("/admin/documents/add/", "/admin/images/add/")
TEXT_INPUTS = ("text", "textarea", "search", "email", "tel", "url", "password")


class Markup(HTMLParser):
    """What a page promises a screen reader: ids, the ids it refers to, labels, options."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []  # (element, id it names)
        self.empty_for = 0
        self.labels: list[str] = []
        self.options: list[str] = []
        self._in = None
        self.errors: dict[str, str] = {}  # error element id -> its text

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for target in (attrs.get("aria-describedby") or "").split():
            self.described.append((f"<{tag} name={attrs.get('name') or attrs.get('id')}>", target))
        if tag == "label":
            if "for" in attrs and not attrs["for"]:
                self.empty_for += 1
            self.labels.append("")
            self._in = ("label", None)
        elif tag == "option":
            self.options.append("")
            self._in = ("option", None)
        elif attrs.get("id", "").endswith(("_error", "-error", "-errors")):
            self.errors[attrs["id"]] = ""
            self._in = ("error", attrs["id"])

    def handle_endtag(self, tag):
        if self._in and tag in ("label", "option", "ul", "p", "div"):
            self._in = None

    def handle_data(self, data):
        if self._in is None:
            return
        kind, key = self._in
        if kind == "label":
            self.labels[-1] += data
        elif kind == "option":
            self.options[-1] += data
        else:
            self.errors[key] += data


def _defects(html: str) -> list[str]:
    page = Markup()
    page.feed(html)
    found = [
        f"{element} aria-describedby={target} (no such id)"
        for element, target in page.described
        if target not in page.ids
    ]
    if page.empty_for:
        found.append(f'{page.empty_for} × <label for="">')
    found += [
        f"empty choice {text!r}" for text in page.options if text.strip("-") == "" and "-" in text
    ]
    found += [
        f"label {text.strip()!r} ends in an ASCII colon"
        for text in page.labels
        if text.strip().endswith(":")
    ]
    if MISTRANSLATED in html:
        found.append(f"Django's mistranslated 「{MISTRANSLATED}」")
    return found


def _nul_data(form: dict) -> dict:
    data = {}
    for name, value, kind in form["fields"]:
        if kind in TEXT_INPUTS and name != "csrfmiddlewaretoken":
            data[name] = NUL
        else:
            data[name] = _plausible(name, value, kind)
    return data


@pytest.fixture
def world(db, settings, tmp_path):
    from activities.permissions import ensure_inspection_group
    from tests.factories import CommitteeAdminFactory
    from volunteers.models import SignUp

    world = build_world(settings, tmp_path)
    world.objects["volunteers.SignUp"] = SignUp.objects.create(
        activity=world.of("volunteers.Activity"), member=world.member_a
    )
    committee = CommitteeAdminFactory(organisation=world.committee).user
    committee.groups.add(ensure_inspection_group())
    world.objects["committee"] = committee
    wall = PledgeWallPage.objects.first() or home_page().add_child(
        instance=PledgeWallPage(title="公开承诺", slug="pledges")
    )
    pledge = make_published(member=world.member_a, by=world.secretary_a.user)
    world.objects["public"] = [
        "/certificate-lookup/",
        f"{wall.url}windows/{world.window_a.code}/",
        f"{wall.url}p/{pledge.pk}/",
    ]
    return world


def _pages(world) -> list[str]:
    admin, member = _pages_with_forms()
    with_ids = [
        url
        for url, _obj in _probes(world)
        if "/choose/" not in url
        and "/bulk/" not in url
        and not url.endswith((".pdf", ".zip", ".xlsx"))
    ]
    return world.of("public") + member + admin + with_ids


def test_every_form_ties_its_errors_to_its_fields(world):
    people = {
        "member": world.member_a.user,
        "secretary": world.secretary_a.user,
        "committee": world.of("committee"),
    }
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in people.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)

    def roles_for(url):
        if url.startswith("/admin/"):
            return ["secretary", "committee"]
        if url.startswith("/me/"):
            return ["member", "secretary"]
        return ["anonymous"]

    defects, posted, accepted, not_beside = [], set(), [], []
    for url in dict.fromkeys(_pages(world)):
        for role in roles_for(url):
            client = clients[role]
            page = client.get(url)
            if page.status_code == 200 and "html" in page.get("Content-Type", ""):
                break
        else:
            continue
        html = page.content.decode()
        defects += [f"GET {url}: {d}" for d in _defects(html)]
        parser = FormParser()
        parser.feed(html)
        for form in parser.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            if any(skip in action for skip in SKIPPED_ACTIONS) or urlsplit(action).path in posted:
                continue
            if not any(kind in TEXT_INPUTS for _name, _value, kind in form["fields"]):
                continue
            posted.add(urlsplit(action).path)
            response = client.post(action, _nul_data(form))
            if 300 <= response.status_code < 400:
                if any(urlsplit(action).path.startswith(p) for p in IGNORES_THE_TEXT):
                    continue
                accepted.append(f"POST {action} as {role} → {response.status_code}")
                continue
            if "html" not in response.get("Content-Type", ""):
                continue
            answer = response.content.decode()
            if urlsplit(action).path in WAGTAIL_UPLOADS:
                continue
            defects += [f"POST {action} as {role}: {d}" for d in _defects(answer)]
            refused = Markup()
            refused.feed(answer)
            banner_only = any(urlsplit(action).path.startswith(p) for p in BANNER_ONLY)
            if not banner_only and not any(NUL_MESSAGE in t for t in refused.errors.values()):
                not_beside.append(f"POST {action} as {role} → {response.status_code}")

    assert len(posted) >= 40, f"only {len(posted)} forms with text inputs: the probe found too few"
    problems = defects
    problems += [f"{a}: the NUL byte was accepted" for a in accepted]
    problems += [f"{a}: the NUL byte refused, but not beside a field" for a in not_beside]
    assert problems == [], "\n".join(problems)
