"""On a phone every link standing on its own is a 44 px tap target, and none touches a button.

Links inside a sentence are exempt (WCAG 2.5.8): what is measured is the
header's 登录, 忘记密码？, 返回… links, trails and lists, in both display modes.
"""

import pytest
from wagtail.models import Locale, Page

from portal.models import Notice
from tests.factories import OrganisationFactory, home_page

pytestmark = pytest.mark.e2e

MEASURE = """() => {
  const seen = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const inSentence = a => { const p = a.parentElement;
    return getComputedStyle(a).display === 'inline'
      && (p.innerText || '').trim().length > (a.innerText || '').trim().length + 6; };
  const links = [...document.querySelectorAll('a[href], button.link-button')]
    .filter(a => seen(a) && !a.closest('.skip-link, .visually-hidden'));
  const buttons = [...document.querySelectorAll('button:not(.link-button), a.button')].filter(seen);
  const found = [];
  for (const a of links) {
    const r = a.getBoundingClientRect(), name = a.innerText.trim();
    if (r.height < 44 && !inSentence(a)) found.push(`${name}: ${Math.round(r.height)} px tall`);
    if (a.classList.contains('button')) continue;
    for (const b of buttons) {
      if (b === a || b.contains(a)) continue;
      const q = b.getBoundingClientRect();
      const gap = Math.max(q.left - r.right, r.left - q.right, q.top - r.bottom, r.top - q.bottom);
      if (gap < 8) found.push(`${name}: ${Math.round(gap)} px from ${b.innerText.trim()}`);
    }
  }
  return found;
}"""


@pytest.fixture
def site(transactional_db):
    if Page.get_first_root_node() is None:
        locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home_page()
    branch = OrganisationFactory(name="红星社区党支部")
    Notice.objects.create(organisation=branch, title="关于召开组织生活会的通知", is_pinned=True)


@pytest.mark.parametrize("mode", ["normal", "large"])
def test_links_are_tap_sized_and_keep_away_from_buttons(page, live_server, site, mode):
    page.set_viewport_size({"width": 390, "height": 844})
    if mode == "large":
        page.context.add_cookies(
            [{"name": "portal_display", "value": "large", "url": live_server.url}]
        )
    problems = {}
    for path in (
        "/accounts/login/",  # header 登录, 忘记密码？
        "/accounts/password/reset/",  # 返回登录
        "/notices/",  # the trail, the list
        "/certificates/?number=NOPE-0001",  # 重新查验 beside 返回首页
    ):
        page.goto(live_server.url + path)
        found = page.evaluate(MEASURE)
        if found:
            problems[path] = found
    assert problems == {}
