"""`manage.py seed_demo`: what `make run` shows a newcomer, and that re-running loses nothing."""

import sys
import textwrap
from importlib import import_module
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Page, Revision, Site

from portal.demo import seed as seed_module
from portal.demo.articles import ARTICLES
from portal.models import (
    HomePage,
    Member,
    Organisation,
    StudyArticlePage,
    StudyIndexPage,
    StudyRecord,
    StudyTopic,
)
from portal.services.roles import COMMITTEE_GROUP, SECRETARY_GROUP
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev(settings):
    """`make run` runs with DEBUG on; the command refuses otherwise."""
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "dangjian2026"
    return settings


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "members": Member.objects.count(),
        "users": get_user_model().objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "study_records": StudyRecord.objects.count(),
        "groups": Group.objects.count(),
        "sites": Site.objects.count(),
    }


def test_second_run_changes_nothing_and_keeps_what_users_added(dev):
    first_output = seed()
    after_first = counts()
    assert "新建组织 13 个" in first_output

    # A secretary adds an article and retitles a demo one before the next `make run`.
    own = make_article(title="支部自己的学习文章", slug="our-own-article", topic="policy")
    edited = StudyArticlePage.objects.get(slug=ARTICLES[0].slug)
    edited.title = "支部改过的标题"
    edited.save_revision().publish()
    expected = counts()

    second_output = seed()

    assert counts() == expected
    assert expected["pages"] == after_first["pages"] + 1
    assert "已齐全" in second_output
    assert StudyArticlePage.objects.get(pk=own.pk).live
    assert StudyArticlePage.objects.get(pk=edited.pk).title == "支部改过的标题"


def test_builds_the_tree_members_and_articles_the_issue_asks_for(dev):
    seed()

    committee = Organisation.objects.get(code="XZJGGW")
    assert committee.kind == Organisation.Kind.COMMITTEE
    branches = Organisation.objects.filter(parent=committee).branches()
    assert set(branches.values_list("name", flat=True)) == {
        "教育局机关党支部",
        "第一中学党支部",
        "实验小学党支部",
        "行政服务中心党支部",
    }
    assert Organisation.objects.filter(parent__code="JYJ").count() == 2
    windows = Organisation.objects.windows().filter(parent__code="FWZX")
    assert {"民政局窗口", "城管窗口", "公安局户籍窗口"} <= set(
        windows.values_list("name", flat=True)
    )

    assert 25 <= Member.objects.count() <= 40
    assert {"王珺", "李堃", "陈𠈌"} <= set(Member.objects.values_list("name", flat=True))
    statuses = set(Member.objects.values_list("status", flat=True))
    assert {Member.Status.FULL, Member.Status.PROBATIONARY, Member.Status.ACTIVIST} <= statuses

    articles = StudyArticlePage.objects.live()
    assert articles.count() >= 12
    assert set(articles.values_list("topic", flat=True)) == set(StudyTopic.values)
    assert all(article.date.year == 2026 for article in articles)
    bodies = " ".join(str(article.body.render_as_block()) for article in articles)
    for term in ("志愿服务", "组织生活", "二十大"):
        assert term in bodies
    # No traditional characters leak in from the source quoted in 004.
    for traditional in ("標準", "窗口建設", "服務"):
        assert traditional not in bodies


def test_demo_accounts_sign_in_with_the_printed_password(dev, client):
    dev.DEMO_PASSWORD = "demo-pass-2026"
    output = seed()

    for username in ("committee", "secretary", "member"):
        assert username in output
    assert "demo-pass-2026" in output
    assert "http://127.0.0.1:8000/admin/" in output

    for username in ("committee", "secretary", "member"):
        assert client.login(username=username, password="demo-pass-2026"), username
        client.logout()

    committee = Member.objects.get(user__username="committee")
    assert committee.role == Member.Role.COMMITTEE
    assert committee.organisation.code == "XZJGGW"
    # Other apps' demos may add the committee account to their own groups too
    # (e.g. the inspection group); the role group must be there, not 支部书记.
    committee_groups = set(committee.user.groups.values_list("name", flat=True))
    assert COMMITTEE_GROUP in committee_groups
    assert SECRETARY_GROUP not in committee_groups

    secretary = Member.objects.get(user__username="secretary")
    assert secretary.role == Member.Role.SECRETARY
    assert secretary.organisation.name == "教育局机关党支部"
    assert list(secretary.user.groups.values_list("name", flat=True)) == [SECRETARY_GROUP]
    study = StudyIndexPage.objects.get()
    assert Group.objects.get(name=SECRETARY_GROUP).page_permissions.filter(page=study).exists()

    member = Member.objects.get(user__username="member")
    assert member.role == Member.Role.MEMBER
    assert member.organisation.name == "教育局机关党支部"
    assert not member.user.groups.exists()

    # Everyone else has an account but no password anyone knows.
    others = get_user_model().objects.exclude(username__in=["committee", "secretary", "member"])
    assert others.exists()
    assert not any(user.has_usable_password() for user in others)

    # A demo user who changed their password keeps it; the box says so until a reset.
    member.user.set_password("my-own-secret-1")
    member.user.save()
    assert "已修改" in seed()
    assert client.login(username="member", password="my-own-secret-1")
    client.logout()
    seed(reset_passwords=True)
    assert client.login(username="member", password="demo-pass-2026")


def test_home_study_column_articles_and_my_study_render(dev, client):
    seed()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()

    home = client.get("/")
    assert home.status_code == 200
    text = home.content.decode()
    for section in ("学习专栏", "公开承诺", "志愿服务", "善行功德榜"):
        assert section in text
    assert 'href="/study/"' in text

    study = client.get("/study/")
    assert study.status_code == 200
    listed = [a for a in StudyArticlePage.objects.live() if a.url in study.content.decode()]
    assert len(listed) >= 12
    assert StudyIndexPage.objects.get().title in study.content.decode()

    for article in StudyArticlePage.objects.live():
        response = client.get(article.url)
        assert response.status_code == 200, article.slug
        assert article.title in response.content.decode()

    # 我的学习记录 of the demo member is not empty.
    records = StudyRecord.objects.filter(member__user__username="member")
    assert records.filter(source=StudyRecord.Source.ARTICLE, article__live=True).count() >= 3
    assert records.filter(source=StudyRecord.Source.LECTURE).exists()
    assert all(record.hours > 0 for record in records)
    client.login(username="member", password="dangjian2026")
    response = client.get(reverse("portal:my_study"))
    assert response.status_code == 200
    assert records.first().title in response.content.decode()


def test_refuses_to_create_public_password_accounts_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not get_user_model().objects.filter(username="committee").exists()


@pytest.fixture
def fake_apps(tmp_path, monkeypatch):
    """Three apps on sys.path: two with demo modules (ORDER 200 and default), one without."""
    sources = {
        "late_app/demo.py": "ORDER = 200\ndef seed(*, stdout):\n    stdout.write('late')\n",
        "plain_app/demo.py": "def seed(*, stdout):\n    stdout.write('plain')\n",
        "no_demo_app/models.py": "",
    }
    for relative, source in sources.items():
        path = tmp_path / relative
        path.parent.mkdir(exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(textwrap.dedent(source))
    monkeypatch.syspath_prepend(str(tmp_path))
    configs = [
        SimpleNamespace(name=name, label=name, module=import_module(name))
        for name in ("late_app", "plain_app", "no_demo_app")
    ]
    monkeypatch.setattr(seed_module.apps, "get_app_configs", lambda: configs)
    yield tmp_path
    for name in list(sys.modules):
        if name.split(".")[0] in {"late_app", "plain_app", "no_demo_app", "broken_app"}:
            del sys.modules[name]


def test_app_demo_modules_run_by_order(fake_apps):
    seeders = seed_module.app_demo_seeders()
    assert [label for _order, label, _seed in seeders] == ["plain_app", "late_app"]
    out = StringIO()
    for _order, _label, app_seed in seeders:
        app_seed(stdout=out)
    assert out.getvalue() == "plainlate"


def test_import_error_inside_a_demo_module_is_not_swallowed(fake_apps, monkeypatch):
    broken = fake_apps / "broken_app"
    broken.mkdir()
    (broken / "__init__.py").touch()
    (broken / "demo.py").write_text("import no_such_module_anywhere\n")
    config = SimpleNamespace(
        name="broken_app", label="broken_app", module=import_module("broken_app")
    )
    monkeypatch.setattr(seed_module.apps, "get_app_configs", lambda: [config])
    with pytest.raises(ImportError):
        seed_module.app_demo_seeders()


def test_demo_has_one_of_each_printed_document(dev, tmp_path):
    """make run shows each document: certificates (𪚥 and a 500-character deed), proof, notices."""
    from activities.models import RectificationNotice
    from honors.models import Certificate, HonorRollEntry
    from honors.models.roll import DEED_MAX_LENGTH

    dev.HONORS_CERTIFICATE_ROOT = tmp_path
    dev.MEDIA_ROOT = tmp_path / "media"
    seed()
    assert Certificate.objects.filter(kind="award").exists()
    rare = Certificate.objects.get(kind="roll_entry", holder_name="王𪚥")
    assert 400 <= len(HonorRollEntry.objects.get(certificate=rare).deed) <= DEED_MAX_LENGTH
    proof = Certificate.objects.get(kind="document", member__user__username="member")
    assert proof.title_text == "志愿服务记录证明" and "110***********002X" in proof.body_text
    assert RectificationNotice.objects.exclude(number="").exists()
