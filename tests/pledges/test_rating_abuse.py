"""Rating stuffing: a window's ranking cannot be bought by one client in a minute.

Per client address: a 验证码 after the first few ratings of the day, a daily cap
per window, bursts held out of the scores until a secretary checks them, and
a first visit's double click counting once.
"""

import re
import threading

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.test import Client
from django.utils import timezone

from pledges import selectors, services
from pledges.models import Rating
from tests.factories import WindowFactory

DAILY = 10  # PLEDGES_RATINGS_PER_ADDRESS_PER_DAY
BEFORE_PROOF = 3  # PLEDGES_RATINGS_BEFORE_PROOF


def rate_url(wall, window):
    return f"{wall.url}windows/{window.code}/rate/"


def window_page(wall, window):
    return f"{wall.url}windows/{window.code}/"


def solved_captcha(client, wall, window) -> dict:
    """What a person who reads the image would post: the challenge's key and its answer.

    The challenge is the one the page shows, or a fresh one as a bot would fetch.
    """
    body = client.get(window_page(wall, window)).content.decode()
    found = re.search(r'name="captcha_0" value="([^"]+)"', body)
    key = found.group(1) if found else CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def test_two_hundred_cookieless_ratings_in_seconds_count_at_most_the_daily_limit(
    client, wall, window_a
):
    statuses = []
    for n in range(200):
        client.cookies.clear()  # the attacker drops its cookie and changes its browser
        response = client.post(rate_url(wall, window_a), {"level": "1"}, HTTP_USER_AGENT=f"bot/{n}")
        statuses.append(response.status_code)
    assert statuses[:BEFORE_PROOF] == [302] * BEFORE_PROOF
    assert set(statuses[BEFORE_PROOF:]) <= {400, 429}
    assert Rating.objects.count() == BEFORE_PROOF
    assert Rating.objects.counted().count() <= DAILY
    assert selectors.window_satisfaction(window_a)["total"] <= DAILY


def test_a_bot_that_solves_every_captcha_still_stops_at_the_daily_limit_and_is_held(
    client, wall, window_a
):
    for n in range(DAILY + 5):
        client.cookies.clear()
        data = {"level": "1", **solved_captcha(client, wall, window_a)}
        client.cookies.clear()
        client.post(rate_url(wall, window_a), data, HTTP_USER_AGENT=f"bot/{n}")
    assert Rating.objects.count() == DAILY
    # More than three in ten minutes from one address is a burst: all of it is held.
    assert Rating.objects.counted().count() == 0
    assert Rating.objects.filter(check_status=Rating.CheckStatus.HELD).count() == DAILY
    assert selectors.window_satisfaction(window_a)["total"] == 0

    client.cookies.clear()
    data = {"level": "1", **solved_captcha(client, wall, window_a)}
    response = client.post(rate_url(wall, window_a), data, HTTP_USER_AGENT="bot/last")
    assert response.status_code == 429
    assert "今天来自您所在网络的评价已达上限" in response.content.decode()


def test_after_a_few_ratings_the_form_asks_for_a_captcha_in_chinese(client, wall, window_a):
    others = [WindowFactory(parent=window_a.parent) for _ in range(BEFORE_PROOF)]
    assert "captcha_1" not in client.get(window_page(wall, window_a)).content.decode()
    for other in others:
        assert client.post(rate_url(wall, other), {"level": "4"}).status_code == 302

    page = client.get(window_page(wall, window_a)).content.decode()
    assert "请填写图中算式的结果" in page and 'name="captcha_1"' in page
    refused = client.post(rate_url(wall, window_a), {"level": "4"})
    assert refused.status_code == 400
    assert "请填写验证码后再提交评价" in refused.content.decode()
    wrong = {"level": "4", **solved_captcha(client, wall, window_a), "captcha_1": "999"}
    response = client.post(rate_url(wall, window_a), wrong)
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert not Rating.objects.filter(window=window_a).exists()

    right = {"level": "4", **solved_captcha(client, wall, window_a)}
    assert client.post(rate_url(wall, window_a), right).status_code == 302
    assert Rating.objects.filter(window=window_a).count() == 1


def test_the_captcha_image_is_served_without_javascript(client, wall, window_a):
    for _ in range(BEFORE_PROOF):
        client.cookies.clear()
        client.post(rate_url(wall, window_a), {"level": "4"}, HTTP_USER_AGENT=str(_))
    page = client.get(window_page(wall, window_a)).content.decode()
    src = re.search(r'<img src="([^"]+)" alt="验证码图片', page).group(1)
    image = client.get(src)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_the_address_comes_from_allauths_trusted_proxy_rule(client, wall, window_a, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(BEFORE_PROOF + 1):
        client.cookies.clear()
        response = client.post(
            rate_url(wall, window_a),
            {"level": "4"},
            REMOTE_ADDR="10.0.0.1",  # nginx, the same for everyone
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        assert response.status_code == 302, n  # four people, four addresses: no captcha
    assert Rating.objects.values("address").distinct().count() == BEFORE_PROOF + 1


def test_a_burst_from_many_addresses_is_held_until_a_secretary_keeps_it(
    client, wall, window_a, settings, secretary_a
):
    settings.PLEDGES_BURST_PER_TARGET = 5
    for n in range(8):
        client.cookies.clear()
        client.post(rate_url(wall, window_a), {"level": "1"}, REMOTE_ADDR=f"198.51.100.{n}")
    assert Rating.objects.count() == 8
    held = Rating.objects.filter(check_status=Rating.CheckStatus.HELD)
    assert held.count() == 3
    assert selectors.window_satisfaction(window_a)["total"] == 5

    for rating in held:
        services.check_held_rating(rating=rating, by=secretary_a.user, keep=True)
    assert selectors.window_satisfaction(window_a)["total"] == 8


def test_held_ratings_do_not_reach_the_monthly_ranking(wall, window_a, committee):
    today = timezone.localdate()
    Rating.objects.create(window=window_a, level=4, visitor="a", rated_on=today)
    Rating.objects.create(
        window=window_a,
        level=1,
        visitor="b",
        rated_on=today,
        check_status=Rating.CheckStatus.HELD,
    )
    Rating.objects.create(
        window=window_a,
        level=1,
        visitor="c",
        rated_on=today,
        check_status=Rating.CheckStatus.DISCARDED,
    )
    assert selectors.window_satisfaction(window_a)["rate"] == 100


# ------------------------------------------------ first visit's double click


def test_a_first_visits_double_click_counts_once(client, wall, window_a):
    first = client.post(rate_url(wall, window_a), {"level": "4"})
    client.cookies.clear()  # the second click left before the first's cookie arrived
    second = client.post(rate_url(wall, window_a), {"level": "4"})
    assert first.status_code == 302
    assert second.status_code in (302, 409)
    assert Rating.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_first_visit_posts_make_one_rating(wall, window_a):
    barrier = threading.Barrier(2)
    statuses = []

    def post():
        client = Client()
        barrier.wait()
        statuses.append(client.post(rate_url(wall, window_a), {"level": "1"}).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Rating.objects.count() == 1
    assert 302 in statuses and all(s in (302, 409) for s in statuses)


def _token(client, wall, window) -> str:
    body = client.get(window_page(wall, window)).content.decode()
    return re.search(r'name="visitor_token" value="([^"]+)"', body).group(1)


def test_a_double_click_from_a_form_whose_cookie_never_arrived_counts_once(client, wall, window_a):
    token = _token(client, wall, window_a)
    for _ in range(2):
        client.cookies.clear()  # cookies refused: only the form's own token is posted
        client.post(rate_url(wall, window_a), {"level": "4", "visitor_token": token})
    assert Rating.objects.count() == 1


def test_two_people_on_the_halls_wifi_with_the_same_phone_each_rate_once(wall, window_a):
    people = [Client(HTTP_USER_AGENT="MicroMessenger/8.0 iPhone"), Client()]
    people[1].defaults["HTTP_USER_AGENT"] = "MicroMessenger/8.0 iPhone"
    for person in people:
        token = _token(person, wall, window_a)  # the page gives each one their own visitor id
        data = {"level": "4", "visitor_token": token}
        assert person.post(rate_url(wall, window_a), data).status_code == 302
    assert Rating.objects.filter(window=window_a).count() == 2


def test_the_captcha_question_is_a_small_sum_whose_answer_is_its_total():
    from pledges.forms import addition_challenge

    for _ in range(50):
        question, answer = addition_challenge()
        first, second = question.rstrip("=").split("+")
        assert 1 <= int(first) <= 10 and 1 <= int(second) <= 10
        assert int(answer) == int(first) + int(second)
