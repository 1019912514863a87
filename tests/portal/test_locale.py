"""Translations: no English in the admin for secretaries; English on the public site on request.

Wagtail's own zh_Hans catalogues leave about a fifth of the admin in English;
locale/zh_Hans fills those gaps. The portal's strings are written in Chinese
and locale/en translates them. The .mo files are built by `make install`.
"""

import ast
import importlib.util
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.factories import MemberFactory, make_article, study_index

LOCALE = Path(settings.BASE_DIR) / "locale"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _load_checker():
    path = Path(settings.BASE_DIR) / "scripts" / "missing_translations.py"
    spec = importlib.util.spec_from_file_location("missing_translations", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


checker = _load_checker()


class _VisibleText(HTMLParser):
    """What a person reads or hears: text outside script and style, placeholders and labels."""

    HIDDEN = {"script", "style", "noscript"}
    READ_ATTRIBUTES = {"placeholder", "aria-label", "title"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1
        self.parts.extend(value for name, value in attrs if name in self.READ_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(response) -> str:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return "\n".join(parser.parts)


def assert_chinese(text: str, *, english: list[str], chinese: list[str]) -> None:
    shown = [phrase for phrase in english if phrase in text]
    assert not shown, f"English left in the admin: {shown}"
    absent = [phrase for phrase in chinese if phrase not in text]
    assert not absent, f"Chinese missing from the admin: {absent}"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.cn", "pass-12345")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def article(db):
    return make_article(title="学习贯彻党的二十大精神")


# --- the catalogues themselves --------------------------------------------------------


@pytest.mark.django_db
def test_no_wagtail_admin_string_is_left_without_chinese():
    """A Wagtail upgrade that adds strings fails here; missing_translations.py --po lists them."""
    watched = {
        "wagtail.admin",
        "wagtail.snippets",
        "wagtail",
        "wagtail.images",
        "wagtail.documents",
        "wagtail.users",
        "wagtail.contrib.settings",
        "wagtail.contrib.forms",
        "wagtail.contrib.redirects",
        "wagtail.embeds",
        "wagtail.sites",
        "wagtail.search",
        "allauth",
    }
    found = checker.find_missing()
    assert {app for app, _ in found} >= watched
    missing = {
        f"{app} {domain}": [e["msgid"] for e in lost[:5]]
        for (app, domain), (_, lost) in found.items()
        if app in watched and lost
    }
    assert missing == {}


def test_chinese_catalogue_holds_only_third_party_strings():
    """The portal's own msgids are Chinese and show as written; they need no zh_Hans entry."""
    for po in (LOCALE / "zh_Hans" / "LC_MESSAGES").glob("*.po"):
        chinese_ids = [e["msgid"] for e in checker.read_po(po) if CJK.search(e["msgid"])]
        assert chinese_ids == [], po.name


def test_every_english_entry_is_translated_and_none_is_fuzzy():
    po = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    entries = checker.read_po(po)
    assert len(entries) > 1000
    assert [e["msgid"] for e in entries if "fuzzy" in ", ".join(e["flags"])] == []
    blocks = po.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = []
    for block in blocks:
        if block.lstrip().startswith("#~"):
            continue
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        values = ["".join(ast.literal_eval(s) for s in re.findall(r'".*"', v)) for v in strings]
        if not all(values):
            untranslated.append(block.splitlines()[-2:])
    assert untranslated == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
@pytest.mark.parametrize(
    "po",
    sorted(str(p.relative_to(LOCALE)) for p in LOCALE.glob("*/LC_MESSAGES/*.po")),
)
def test_catalogue_compiles_with_format_checks(po, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(LOCALE / po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_compiled_catalogues_are_up_to_date():
    stale = [
        str(po.relative_to(LOCALE))
        for po in LOCALE.glob("*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    assert stale == [], "run `make install` to compile the translations"


# --- the admin in Chinese -------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_has_no_english(admin_client, article):
    text = visible_text(admin_client.get("/admin/"))
    assert_chinese(
        text,
        english=["Search all pages", "editor guide", "Show keyboard shortcuts", "Text formatting"],
        chinese=["搜索所有页面", "显示键盘快捷键", "文本格式"],
    )


@pytest.mark.django_db
def test_page_explorer_has_no_english(admin_client, article):
    response = admin_client.get(f"/admin/pages/{study_index().pk}/")
    assert response.status_code == 200
    assert_chinese(
        visible_text(response),
        english=["Date updated", "Edited by", "Has child pages", "Page type", "Live"],
        chinese=["更新日期", "编辑人", "有子页面", "页面类型", "已发布"],
    )
    assert "在用" not in visible_text(response)


@pytest.mark.django_db
def test_page_editor_has_no_english(admin_client, article):
    response = admin_client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert_chinese(
        visible_text(response),
        english=["Schedule to publish", "Content metrics", "Reading time", "Readability"],
        chinese=["定时发布", "内容指标", "阅读时间", "可读性"],
    )


@pytest.mark.django_db
def test_member_listing_has_no_english(admin_client):
    MemberFactory(name="甲党员")
    response = admin_client.get("/admin/snippets/portal/member/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "甲党员" in text
    assert_chinese(
        text,
        english=["Bulk actions", "Filter", "Exploring"],
        chinese=["批量操作", "筛选"],
    )


@pytest.mark.django_db
def test_member_form_has_no_english(admin_client):
    response = admin_client.get("/admin/snippets/portal/member/add/")
    assert response.status_code == 200
    assert_chinese(
        visible_text(response),
        english=["Save your changes before leaving", "Go to the first error"],
        chinese=["离开前请保存修改"],
    )


@pytest.mark.django_db
def test_study_settings_have_no_english(admin_client, home):
    response = admin_client.get("/admin/settings/portal/studyrequirementsettings/", follow=True)
    assert response.status_code == 200
    assert_chinese(
        visible_text(response),
        english=["Save your changes before leaving", "Paste without formatting"],
        chinese=["学时要求", "离开前请保存修改"],
    )


@pytest.mark.django_db
def test_account_settings_have_no_english(admin_client):
    response = admin_client.get("/admin/account/")
    assert response.status_code == 200
    assert_chinese(
        visible_text(response),
        english=["Admin theme", "More contrast", "Snug", "Enable custom keyboard shortcuts"],
        chinese=["后台主题", "高对比度", "紧凑", "启用 Wagtail 专用的自定义键盘快捷键", "账号"],
    )
    # Everyone works in China time: no list of 600 English zone names to choose from.
    assert "America/Chicago" not in response.content.decode()


@pytest.mark.django_db
def test_admin_javascript_catalogue_is_chinese(admin_client):
    response = admin_client.get("/admin/jsi18n/")
    assert response.status_code == 200
    found = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)
    catalog = json.loads(found.group(1))
    assert catalog["Autosave in progress…"] == "正在自动保存…"
    assert catalog["Insert a block"] == "插入块"
    assert catalog["Actions"] == "操作"


# --- the public site in English -------------------------------------------------------


@pytest.mark.django_db
def test_public_home_is_chinese_by_default(client, home):
    text = visible_text(client.get("/"))
    for title in ["学习专栏", "公开承诺", "志愿服务", "善行功德榜", "登录"]:
        assert title in text


@pytest.mark.django_db
def test_english_visitor_sees_english_sections(client, home):
    study_index()
    client.get("/language/en/?next=/")
    text = visible_text(client.get("/"))
    for title in ["Study", "Pledges", "Volunteering", "Honour Roll", "Sign in", "Search"]:
        assert title in text
    for title in ["学习专栏", "公开承诺", "善行功德榜", "登录"]:
        assert title not in text


@pytest.mark.django_db
def test_browser_asking_for_english_still_gets_chinese(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = visible_text(response)
    assert "学习专栏" in text
    assert "Study" not in text
    assert '<html lang="zh-CN">' in response.content.decode()


@pytest.mark.django_db
def test_english_chosen_with_the_switch_is_remembered_and_marked_in_html_lang(client, home):
    client.get("/language/en/?next=/")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="en">' in response.content.decode()
    client.get("/language/zh-hans/?next=/")
    assert '<html lang="zh-CN">' in client.get("/").content.decode()
