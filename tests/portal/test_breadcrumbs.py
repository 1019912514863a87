"""Every public and member page says where it is: 首页 › … › this page, nothing dangling.

The test walks the demo site (seed_demo) as a visitor, a member and a team
leader, following the links a person could follow, one page of each kind,
and reads each page's trail as a screen reader would.
"""

import re
from html import unescape
from io import StringIO
from urllib.parse import urldefrag, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SKIP = re.compile(
    r"^/(admin|documents|accounts|i18n|language|display|static|media|favicon|captcha|jsi18n|health)"
    r"|\.(pdf|xlsx|zip|png|jpg|svg|ico)$|/(pdf|print|download)/$"
)
NO_TRAIL = {"/"}  # the front page is where every trail starts
TRAIL = re.compile(r'<nav class="breadcrumbs[^"]*" aria-label="当前位置">(.*?)</nav>', re.S)
ITEM = re.compile(r"<li([^>]*)>(.*?)</li>", re.S)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _shape(path: str) -> str:
    return re.sub(r"/windows/[^/]+/", "/windows/X/", re.sub(r"\d+", "N", path))


def _walk(client, start: list[str], limit: int = 70) -> dict[str, str]:
    pages, seen, queue = {}, set(), list(start)
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if _shape(path) in seen or SKIP.search(urlparse(path).path):
            continue
        seen.add(_shape(path))
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        pages[path] = body
        for href in re.findall(r'href="([^"#][^"]*)"', body):
            url = urldefrag(unescape(href))[0]
            parsed = urlparse(url)
            if parsed.netloc or not parsed.path.startswith("/"):
                continue
            if "page=" in parsed.query or "next=" in parsed.query:
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return pages


def _problems(path: str, body: str) -> list[str]:
    main = body.split('<main id="main"', 1)[1]
    trails = TRAIL.findall(main)
    if path in NO_TRAIL:
        return [f"{path}: a trail on the front page"] if trails else []
    if len(trails) != 1:
        return [f"{path}: {len(trails)} breadcrumb trails"]
    items = ITEM.findall(trails[0])
    texts = [_text(inner) for _, inner in items]
    problems = []
    if len(items) < 2 or texts[0] != "首页":
        problems.append(f"{path}: trail {texts} does not start at 首页")
    if any(not text for text in texts):
        problems.append(f"{path}: empty item in {texts}")
    if "›" in _text(trails[0]):
        problems.append(f"{path}: a › written into the trail {texts}")
    if 'aria-current="page"' not in items[-1][0]:
        problems.append(f"{path}: last item is not the current page")
    title = _text(re.search(r"<title>(.*?)</title>", body, re.S).group(1)).rsplit(" · ", 1)[0]
    heading = _text(re.search(r"<h1[^>]*>(.*?)</h1>", main, re.S).group(1))
    if texts[-1] not in (title, heading) and not heading.startswith(texts[-1]):
        problems.append(f"{path}: trail ends {texts[-1]!r}, page is {title!r} / {heading!r}")
    return problems


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "dangjian2026"
    call_command("seed_demo", stdout=StringIO())


def test_every_page_a_visitor_member_or_leader_reaches_has_a_complete_trail(client, demo):
    users = get_user_model().objects
    walks = {"visitor": ["/", "/notices/", "/certificates/", "/search/?q=志愿"]}
    walks["member"] = ["/me/", "/me/study/", "/me/pledges/", "/me/volunteer/", "/me/certificates/"]
    walks["zengfan"] = ["/me/volunteer/", "/me/volunteer/lead/"]
    problems, walked = [], {}
    for who, start in walks.items():
        client.logout()
        if who != "visitor":
            client.force_login(users.get(username=who))
        pages = _walk(client, start)
        if who != "visitor":
            pages = {path: body for path, body in pages.items() if path.startswith("/me/")}
        walked[who] = sorted(pages)
        for path, body in pages.items():
            problems += _problems(path, body)
    assert problems == []
    # The walk really went through the site, members' pages and leaders' pages included.
    assert len(walked["visitor"]) >= 15
    for path in ("/me/study/", "/me/pledges/", "/me/volunteer/", "/me/certificates/"):
        assert path in walked["member"]
    assert any(path.startswith("/me/volunteer/lead/teams/") for path in walked["zengfan"])
