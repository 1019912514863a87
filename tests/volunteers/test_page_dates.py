"""Activity times on the volunteers' pages: 12月5日 09:00, as on every page (portal.dates)."""

import datetime

import time_machine

from tests.volunteers.conftest import ActivityFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
TODAY = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)


@time_machine.travel(TODAY, tick=False)
def test_activity_pages_write_month_day_and_time(client, section, team):
    start = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=SHANGHAI)
    activity = ActivityFactory(
        team=team, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    for url in (section.url, f"{section.url}activities/{activity.pk}/"):
        body = client.get(url).content.decode()
        assert "12月5日 09:00" in body, url
        assert "2026-12-05" not in body.split("<main")[1].replace('datetime="2026-12-05', "")
