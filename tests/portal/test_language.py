"""The language switch is a plain link; anonymous pages stay free of form tokens."""

import pytest


@pytest.mark.django_db
def test_switching_to_english_sets_the_cookie_and_returns_to_the_page(client, home):
    response = client.get("/language/en/?next=/study/")
    assert response.status_code == 302
    assert response["Location"] == "/study/"
    assert response.cookies["django_language"].value == "en"


@pytest.mark.django_db
def test_unknown_language_is_404(client):
    assert client.get("/language/xx/").status_code == 404


@pytest.mark.django_db
def test_next_pointing_at_another_site_goes_home_instead(client):
    response = client.get("/language/zh-hans/?next=https://evil.example.com/")
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_anonymous_home_page_sets_no_csrf_cookie(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert "csrftoken" not in response.cookies
    assert 'href="/language/en/?next=/"' in response.content.decode()
