import pytest


@pytest.mark.django_db
def test_home_page_lists_the_four_sections(client, home):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    for title in ("学习专栏", "公开承诺", "志愿服务", "善行功德榜"):
        assert title in text
