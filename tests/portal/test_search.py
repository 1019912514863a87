"""Site and admin search find Chinese words inside unspaced text, on SQLite and PostgreSQL."""

import io
import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Phrase, PlainText

from portal.models import Member, Organisation
from portal.search.query import without_empty_terms
from portal.search.segment import query_phrase, query_terms, segment_text
from tests.factories import MemberFactory, OrganisationFactory, make_article

BODY = "社区党员积极参加志愿服务，按时过好组织生活，认真学习党的二十大精神。"
ODD_QUERIES = [
    '"',
    '"志愿',
    "志愿 OR 服务",
    "OR",
    "AND NOT",
    "*",
    "志*",
    "😀",
    "志愿😀",
    "'; DROP TABLE wagtailcore_page; --",
    "a\x00b",
    "(志愿) -服务 +组织 ~生活^2",
    "NEAR(志愿 服务)",
    "title:志愿",
]


def paragraph(text):
    return [("paragraph", RichText(f"<p>{text}</p>"))]


def site_search(query):
    return list(Page.objects.live().public().specific().search(query))


# --- segmenting ---------------------------------------------------------------


def test_chinese_run_is_indexed_as_overlapping_chunks_then_its_characters():
    assert segment_text("志愿服务").split() == ["志愿", "愿服", "服务", "志", "愿", "服", "务"]


def test_text_without_chinese_is_indexed_as_written():
    assert segment_text("Party branch 2024, 3.5 hours") == "Party branch 2024, 3.5 hours"


def test_chinese_is_cut_from_digits_and_latin_next_to_it():
    assert segment_text("20大abc").split() == ["20", "大", "abc"]


def test_phrase_across_two_runs_stays_adjacent_in_the_index():
    tokens = segment_text("志愿 服务队").split()
    assert tokens[:3] == ["志愿", "服务", "务队"]


def test_query_word_becomes_its_chunks_and_latin_words_stay():
    assert query_terms("二十大 精神 Python3") == ["二十 十大", "精神", "Python3"]
    assert query_terms("abc志愿") == ["abc", "志愿"]
    assert query_terms("志") == ["志"]


def test_query_symbols_quotes_and_control_characters_are_dropped():
    assert query_terms('"志愿" *** 😀 -- OR a\x00b') == ["志愿", "OR", "a", "b"]
    assert query_terms("*** 😀") == []
    assert query_phrase("组织生活 会") == "组织 织生 生活 会"


def test_query_parts_with_no_word_are_left_out():
    query = And([PlainText("***"), Phrase("志愿"), PlainText("😀")])
    cleaned = without_empty_terms(query)
    assert isinstance(cleaned, And)
    assert [type(sub) for sub in cleaned.subqueries] == [Phrase]
    assert without_empty_terms(And([PlainText("*"), Phrase('"')])) is None


# --- site search ----------------------------------------------------------------


@pytest.fixture
def body_article(study):
    """An article whose title says none of the words its body mentions."""
    return make_article(title="社区工作简报", slug="brief", body=paragraph(BODY))


@pytest.fixture
def other_article(study):
    return make_article(title="春节慰问困难党员", slug="other", body=paragraph("走访慰问老党员。"))


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["志愿", "组织生活", "二十大", "志愿服务", "党"])
def test_word_inside_unspaced_body_is_found(body_article, other_article, word):
    results = site_search(word)
    assert body_article in results
    if word != "党":
        assert other_article not in results


@pytest.mark.django_db
def test_absent_word_finds_nothing(body_article, other_article):
    assert site_search("乡村振兴") == []


@pytest.mark.django_db
def test_characters_of_a_word_far_apart_do_not_match_it(study):
    make_article(title="简报", slug="apart", body=paragraph("支部组织开展生活垃圾分类宣传。"))
    assert site_search("组织生活") == []


@pytest.mark.django_db
def test_title_match_ranks_above_body_match(study):
    in_body = make_article(
        title="社区动态",
        slug="in-body",
        body=paragraph("志愿者报名踊跃，志愿活动持续开展，志愿精神深入人心。"),
    )
    in_title = make_article(title="志愿服务队招募", slug="in-title", body=paragraph("欢迎报名。"))
    results = [page for page in site_search("志愿") if page in (in_body, in_title)]
    assert results == [in_title, in_body]


@pytest.mark.django_db
def test_publishing_a_new_revision_reindexes_the_page(body_article):
    body_article.body = paragraph("开展乡村振兴调研。")
    body_article.save_revision().publish()
    assert site_search("乡村振兴") == [body_article]
    assert body_article not in site_search("组织生活")


@pytest.mark.django_db
def test_draft_article_is_not_in_site_search(study):
    draft = make_article(title="志愿服务草稿", slug="draft")
    draft.unpublish()
    assert draft not in site_search("志愿")


@pytest.mark.django_db
def test_update_index_rebuilds_a_segmented_index(body_article):
    IndexEntry.objects.all().delete()
    assert site_search("组织生活") == []
    call_command("update_index", stdout=io.StringIO())
    assert site_search("组织生活") == [body_article]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_do_not_break_the_backend(body_article, query):
    results = site_search(query)
    assert isinstance(results, list)
    Page.objects.autocomplete(query).count()


@pytest.mark.django_db
def test_autocomplete_finds_a_chinese_prefix_of_a_title(study):
    article = make_article(title="志愿服务队招募", slug="recruit")
    for prefix in ("志", "志愿", "志愿服"):
        assert article.pk in [page.pk for page in Page.objects.autocomplete(prefix)], prefix


@pytest.mark.django_db
def test_member_autocomplete_finds_a_fragment_of_a_name(branch_a):
    zhang = MemberFactory(name="张建国", organisation=branch_a)
    MemberFactory(name="李明", organisation=branch_a)
    assert list(get_search_backend().autocomplete("建国", Member)) == [zhang]


# --- /search/ page -----------------------------------------------------------------


@pytest.mark.django_db
def test_search_page_lists_matching_articles(client, body_article, other_article):
    response = client.get("/search/", {"q": "组织生活"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "社区工作简报" in text
    assert "春节慰问困难党员" not in text
    assert "找到 1 条结果" in text


@pytest.mark.django_db
def test_search_page_without_query_shows_only_the_form(client, body_article):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["results_page"] is None
    assert "社区工作简报" not in response.content.decode()


@pytest.mark.django_db
def test_search_page_says_when_nothing_is_found(client, body_article):
    response = client.get("/search/", {"q": "乡村振兴"})
    assert response.status_code == 200
    assert "没有找到与“乡村振兴”相关的内容。" in response.content.decode()


@pytest.mark.django_db
def test_search_page_cuts_a_long_query_to_100_characters(client, body_article):
    response = client.get("/search/", {"q": "志" * 101})
    assert response.status_code == 200
    assert response.context["query"] == "志" * 100


@pytest.mark.django_db
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_search_page_answers_odd_queries(client, body_article, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_page_links_to_next_page_with_the_query_encoded(client, study):
    for n in range(11):
        make_article(title=f"志愿服务第{n}期", slug=f"issue-{n}")
    response = client.get("/search/", {"q": "志愿 &"})
    assert response.status_code == 200
    # The next link keeps the query whole: "&" is encoded, not a new parameter.
    (link,) = re.findall(r'href="(\?[^"]*page=2[^"]*)"', response.content.decode())
    assert parse_qs(urlparse(unescape(link)).query) == {"q": ["志愿 &"], "page": ["2"]}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 6])
def test_search_page_query_count_does_not_grow_with_results(
    client, study, django_assert_num_queries, count
):
    for n in range(count):
        make_article(title=f"志愿服务第{n}期", slug=f"issue-{n}")
    client.get("/search/", {"q": "期"})  # warms Site and page-URL caches
    with django_assert_num_queries(5):
        response = client.get("/search/", {"q": "期"})
    assert len(response.context["results_page"].object_list) == count


# --- admin search ------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_member_search_finds_a_name_fragment(client, superuser, branch_a):
    MemberFactory(name="张建国", organisation=branch_a)
    MemberFactory(name="李明", organisation=branch_a)
    client.force_login(superuser)
    response = client.get("/admin/snippets/portal/member/", {"q": "建国"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "张建国" in text
    assert "李明" not in text


@pytest.mark.django_db
def test_admin_member_search_stays_within_the_secretary_branch(client, secretary_a, branch_b):
    MemberFactory(name="张建国", organisation=secretary_a.organisation)
    MemberFactory(name="王建国", organisation=branch_b)
    client.force_login(secretary_a.user)
    response = client.get("/admin/snippets/portal/member/", {"q": "建国"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "张建国" in text
    assert "王建国" not in text


@pytest.mark.django_db
def test_admin_organisation_search_by_name_fields(client, superuser, branch_a, branch_b):
    """The viewset restricts search to `name`, which the backend maps onto its index."""
    OrganisationFactory(name="第三网格服务窗口", kind=Organisation.Kind.WINDOW)
    client.force_login(superuser)
    response = client.get("/admin/snippets/portal/organisation/", {"q": "党支"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "甲党支部" in text
    assert "乙党支部" in text
    assert "第三网格服务窗口" not in text


@pytest.mark.django_db
def test_admin_page_search_finds_the_article(client, superuser, study):
    article = make_article(title="志愿服务队招募", slug="recruit")
    make_article(title="春节慰问困难党员", slug="other")
    client.force_login(superuser)
    response = client.get("/admin/pages/search/", {"q": "志愿"})
    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert "春节慰问困难党员" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_admin_page_search_answers_odd_queries(client, superuser, body_article, query):
    client.force_login(superuser)
    assert client.get("/admin/pages/search/", {"q": query}).status_code == 200


@pytest.mark.django_db
def test_search_summary_shows_rich_text_intro_as_words_not_markup(client, study):
    study.intro = "<p>自愿参加<b>组织生活</b> &amp; 学习</p>"
    study.save_revision().publish()
    response = client.get("/search/", {"q": "党员学习教育专栏"})
    text = response.content.decode()
    assert "自愿参加组织生活 &amp; 学习" in text
    assert "&lt;p&gt;" not in text


@pytest.mark.django_db
def test_search_never_lists_the_home_page(client, home, study):
    home.title = "组织生活门户"
    home.save_revision().publish()
    make_article(title="组织生活会召开", slug="meeting")
    response = client.get("/search/", {"q": "组织生活"})
    results = list(response.context["results_page"].object_list)
    assert [page.title for page in results] == ["组织生活会召开"]
