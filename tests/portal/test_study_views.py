"""The study column as members and the public use it: index, article, 我已学习, my record."""

import io
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal.models import StudyArticlePage, StudyRecord
from portal.services.study import credit_study, mark_article_studied
from tests.factories import MemberFactory, SecretaryFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db


def studied_url(article) -> str:
    return reverse("portal:mark_studied", args=[article.pk])


@pytest.fixture
def member(study):
    return MemberFactory(name="王党员")


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def quick_articles(index, count: int, **kwargs) -> list[StudyArticlePage]:
    """Live articles without the revision round-trip: enough for listings."""
    today = timezone.localdate()
    return [
        index.add_child(
            instance=StudyArticlePage(
                title=f"学习文章{i:03d}",
                slug=f"article-{i}",
                topic=kwargs.get("topic", "policy"),
                date=today - timedelta(days=i),
                study_hours=Decimal("1"),
            )
        )
        for i in range(count)
    ]


# --- the index --------------------------------------------------------------------------


def test_index_lists_articles_newest_first_with_hours(client, study):
    make_article(title="较早的文章", date=date(2025, 1, 5))
    make_article(title="最新的文章", date=date(2025, 6, 1), study_hours=Decimal("1.5"))

    response = client.get(study.url)

    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("最新的文章") < text.index("较早的文章")
    assert "1.5 学时" in text
    assert "已学习" not in text


def test_index_topic_tab_shows_only_that_topic(client, study):
    make_article(title="政策解读", topic="policy")
    make_article(title="我的心得", topic="reflections")

    response = client.get(study.url, {"topic": "reflections"})

    text = response.content.decode()
    assert "我的心得" in text
    assert "政策解读" not in text
    assert 'href="?topic=reflections" aria-current="true"' in text
    for label in ("党的政策", "党的基本知识", "党建工作", "心得体会", "党员风采"):
        assert label in text


@pytest.mark.parametrize("query", [{"topic": "<script>"}, {"page": "abc"}, {"page": "999"}])
def test_index_shrugs_off_bad_query_parameters(client, study, query):
    make_article(title="政策解读")
    response = client.get(study.url, query)
    assert response.status_code == 200
    assert "政策解读" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_index_paginates_and_keeps_the_topic_in_page_links(client, study):
    quick_articles(study, 14, topic="basics")

    first = client.get(study.url, {"topic": "basics"}).content.decode()
    second = client.get(study.url, {"topic": "basics", "page": 2}).content.decode()

    assert "第 1 / 2 页" in first
    assert "?topic=basics&amp;page=2" in first  # {% querystring %} keeps the topic
    assert first.count('class="article-item') == 12
    assert second.count('class="article-item') == 2


def test_index_hides_unpublished_and_private_articles(client, study):
    make_article(title="公开文章")
    draft = make_article(title="草稿文章")
    draft.unpublish()
    private = make_article(title="内部文章")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    text = client.get(study.url).content.decode()

    assert "公开文章" in text
    assert "草稿文章" not in text
    assert "内部文章" not in text


def test_index_marks_what_the_member_studied_and_shows_progress(member_client, member, study):
    done = make_article(title="已读文章", study_hours=Decimal("2"))
    make_article(title="未读文章")
    mark_article_studied(member=member, article=done)

    text = member_client.get(study.url).content.decode()

    assert text.count("✓ 已学习") == 1
    item = text[text.index("已读文章") :]
    assert item.index("已学习") < item.index("</li>")
    assert "已学 <strong>2</strong> / 32 学时" in text


# --- caching ----------------------------------------------------------------------------


def test_public_study_pages_are_cacheable_for_anonymous_readers(client, study):
    article = make_article()
    for url in (study.url, article.url):
        response = client.get(url)
        assert response.status_code == 200
        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        assert "max-age=300" in cache_control


def test_signed_in_members_get_a_personal_uncached_copy(member_client, study):
    article = make_article()
    for url in (study.url, article.url):
        cache_control = member_client.get(url)["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control
        assert "public" not in cache_control


# --- the article and 我已学习 -----------------------------------------------------------


def test_article_renders_every_kind_of_body_block(client, study, settings, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="支部活动", file=get_test_image_file())
    document = Document.objects.create(
        title="学习资料", file=ContentFile(b"%PDF-1.4", name="xuexi.pdf")
    )
    embeddable = "https://video.example.cn/watch/1"
    Embed.objects.create(
        url=embeddable,
        hash=get_embed_hash(embeddable),
        type="video",
        html='<iframe src="https://video.example.cn/embed/1"></iframe>',
        title="视频",
    )
    article = make_article(
        title="图文并茂",
        body=[
            ("paragraph", "<p>正文第一段。</p>"),
            ("image", {"image": image, "caption": "支部主题党日"}),
            ("quote", {"text": "为中国人民谋幸福。", "source": "党的二十大报告"}),
            ("document", {"document": document, "title": ""}),
            ("video", {"video": embeddable, "caption": "专题片"}),
            ("video", {"video": "https://www.bilibili.com/video/BV1xx", "caption": ""}),
        ],
    )

    response = client.get(article.url)

    text = response.content.decode()
    assert response.status_code == 200
    assert "正文第一段。" in text
    assert 'alt="支部主题党日"' in text and "<figcaption>支部主题党日</figcaption>" in text
    assert "——党的二十大报告" in text
    assert "📎 学习资料" in text and "（PDF）" in text
    assert 'src="https://video.example.cn/embed/1"' in text and "专题片" in text
    # A site Wagtail cannot embed still gets a link rather than nothing.
    assert 'href="https://www.bilibili.com/video/BV1xx"' in text


def test_anonymous_reader_is_invited_to_sign_in(client, study):
    article = make_article(title="党章学习")
    text = client.get(article.url).content.decode()
    assert "登录后记录学习" in text
    assert "我已学习" not in text


def test_member_marks_an_article_studied_and_sees_it(member_client, member, study):
    article = make_article(title="党章学习", study_hours=Decimal("2"))
    assert "我已学习（2 学时）" in member_client.get(article.url).content.decode()

    response = member_client.post(studied_url(article))

    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#study"
    page = member_client.get(article.url).content.decode()
    assert "已学习" in page
    assert "计入 2 学时" in page
    assert "我已学习（" not in page
    assert "已学习《党章学习》，计入 2 学时。" in page
    record = StudyRecord.objects.get(member=member)
    assert record.article == article
    assert record.hours == Decimal("2")


def test_a_double_post_credits_the_article_once(member_client, member, study):
    article = make_article(study_hours=Decimal("1.5"))
    assert member_client.post(studied_url(article)).status_code == 302
    assert member_client.post(studied_url(article)).status_code == 302
    assert StudyRecord.objects.filter(member=member).count() == 1


def test_marking_needs_a_post(member_client, study):
    article = make_article()
    assert member_client.get(studied_url(article)).status_code == 405
    assert not StudyRecord.objects.exists()


def test_anonymous_marking_is_sent_to_sign_in(client, study):
    article = make_article()
    response = client.post(studied_url(article))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not StudyRecord.objects.exists()


def test_marking_an_unpublished_or_missing_article_is_not_found(member_client, study):
    draft = make_article()
    draft.unpublish()
    assert member_client.post(studied_url(draft)).status_code == 404
    assert member_client.post(reverse("portal:mark_studied", args=[987654])).status_code == 404
    assert member_client.post(studied_url(study)).status_code == 404
    assert not StudyRecord.objects.exists()


def test_marking_an_article_restricted_to_another_group_is_not_found(member_client, study):
    article = make_article()
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="党委委员"))
    assert member_client.post(studied_url(article)).status_code == 404
    assert not StudyRecord.objects.exists()


def test_an_account_without_a_member_profile_cannot_mark(client, study):
    client.force_login(UserFactory())
    article = make_article()
    response = client.post(studied_url(article))
    assert response.status_code == 403
    assert "未关联党员信息" in response.content.decode()
    assert not StudyRecord.objects.exists()


# --- scheduled publishing and revisions -------------------------------------------------


def test_scheduled_article_goes_live_only_when_its_time_comes(client, member_client, study):
    article = StudyArticlePage(
        title="七一专题学习",
        topic="policy",
        live=False,
        go_live_at=timezone.now() + timedelta(days=1),
    )
    study.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()

    assert not article.live
    assert "七一专题学习" not in client.get(study.url).content.decode()
    assert member_client.post(studied_url(article)).status_code == 404

    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        call_command("publish_scheduled", stdout=io.StringIO())
    article.refresh_from_db()

    assert article.live
    assert "七一专题学习" in client.get(study.url).content.decode()
    assert member_client.post(studied_url(article)).status_code == 302


def test_editors_can_open_an_article_and_its_history_in_the_admin(client, admin_user, study):
    article = make_article(title="初稿")
    article.title = "修订稿"
    article.save_revision().publish()
    client.force_login(admin_user)

    edit = client.get(f"/admin/pages/{article.pk}/edit/")
    history = client.get(f"/admin/pages/{article.pk}/history/")

    assert edit.status_code == 200
    assert "学时" in edit.content.decode()
    assert "go_live_at" in edit.content.decode()
    assert history.status_code == 200
    assert article.revisions.count() == 2


def test_a_secretary_can_edit_study_articles(client, study):
    article = make_article()
    secretary = SecretaryFactory()
    client.force_login(secretary.user)
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200


# --- my study record --------------------------------------------------------------------


def test_my_study_shows_articles_and_lectures_with_their_source(member_client, member, study):
    this_year = timezone.localdate().year
    mark_article_studied(member=member, article=make_article(title="党章学习"))
    credit_study(
        member=member,
        title="七一专题党课",
        hours=Decimal("3"),
        studied_on=date(this_year, 1, 1),
        source_key="meeting:1",
    )

    response = member_client.get(reverse("portal:my_study"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "党章学习" in text
    assert "在线学习" in text
    assert "七一专题党课" in text
    assert "党课" in text
    assert "<strong>4</strong>已完成学时" in text
    assert "<strong>32</strong>年度要求" in text
    assert "<strong>28</strong>还差学时" in text
    assert "党员年度学时要求：32 学时" in text


def test_my_study_shows_56_hours_for_a_secretary(client, study):
    secretary = SecretaryFactory()
    client.force_login(secretary.user)
    text = client.get(reverse("portal:my_study")).content.decode()
    assert "书记、党委委员年度学时要求：56 学时" in text


def test_my_study_switches_year(member_client, member, study):
    this_year = timezone.localdate().year
    credit_study(
        member=member,
        title="去年的党课",
        hours=Decimal("2"),
        studied_on=date(this_year - 1, 5, 1),
        source_key="m:1",
    )

    current = member_client.get(reverse("portal:my_study")).content.decode()
    last = member_client.get(reverse("portal:my_study"), {"year": this_year - 1}).content.decode()

    assert "去年的党课" not in current
    assert f'href="?year={this_year - 1}"' in current
    assert "去年的党课" in last
    assert f"{this_year - 1}年学习进度" in last


@pytest.mark.parametrize("year", ["abc", "", "1900", "99999999999999999999", "2024.5"])
def test_my_study_with_a_bad_year_shows_this_year(member_client, year):
    response = member_client.get(reverse("portal:my_study"), {"year": year})
    assert response.status_code == 200
    assert f"{timezone.localdate().year}年学习进度" in response.content.decode()


def test_my_study_is_personal_and_needs_a_member(client, member_client):
    response = member_client.get(reverse("portal:my_study"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]

    client.logout()
    anonymous = client.get(reverse("portal:my_study"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))

    client.force_login(UserFactory())
    assert client.get(reverse("portal:my_study")).status_code == 403


# --- query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 200])
def test_study_index_query_count_does_not_grow_with_articles(
    member_client, member, study, count, django_assert_num_queries
):
    articles = quick_articles(study, count)
    for article in articles[::2]:
        StudyRecord.objects.create(
            member=member, article=article, title=article.title, hours=article.study_hours
        )
    member_client.get(study.url)  # warm the site-root and settings caches

    with django_assert_num_queries(17):
        response = member_client.get(study.url)

    assert response.status_code == 200
    # Newest first, every second one studied: 5 of 10 on the page, or 6 of the first 12.
    assert response.content.decode().count("✓ 已学习") == (5 if count == 10 else 6)


@pytest.mark.parametrize("count", [10, 200])
def test_anonymous_study_index_query_count_does_not_grow_with_articles(
    client, study, count, django_assert_num_queries
):
    quick_articles(study, count)
    client.get(study.url)

    # Wagtail's own view-restriction check is the only one; caching adds no queries.
    with django_assert_num_queries(9):
        assert client.get(study.url).status_code == 200
