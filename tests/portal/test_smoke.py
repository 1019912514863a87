import pytest


@pytest.mark.django_db
def test_home_page_lists_the_four_sections(client, home):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    for title in ("学习专栏", "公开承诺", "志愿服务", "善行功德榜"):
        assert title in text


@pytest.mark.django_db
def test_home_page_title_names_the_portal_once(client, home):
    text = client.get("/").content.decode()
    assert "<title>党建与志愿服务门户</title>" in text


@pytest.mark.django_db
def test_section_page_title_carries_the_portal_name(client, study):
    text = client.get("/study/").content.decode()
    assert f"<title>{study.title} · 党建与志愿服务门户</title>" in text
