"""Waiting states (待审核, 待确认) look like waiting, not like an error, and stay readable."""

import re
from pathlib import Path

from tests.volunteers.conftest import make_record

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _variable(css: str, name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", css).group(1)


def test_pending_colours_meet_the_contrast_for_small_text_and_are_not_the_error_red():
    css = CSS.read_text(encoding="utf-8")
    text, background = _variable(css, "pending"), _variable(css, "pending-bg")
    light, dark = sorted([_luminance(text), _luminance(background)], reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5
    assert text.lower() not in (_variable(css, "red").lower(), _variable(css, "red-dark").lower())


def test_my_pending_record_wears_the_pending_badge(client, section, volunteer, team, leader):
    make_record(member=volunteer, team=team, by=leader, days_ago=0)
    client.force_login(volunteer.user)
    text = client.get("/me/volunteer/").content.decode()
    assert '<span class="badge pending">待审核</span>' in text


def test_leaders_queue_count_is_pending_not_red(client, volunteer, team, leader):
    make_record(member=volunteer, team=team)
    client.force_login(leader.user)
    text = client.get("/me/volunteer/lead/").content.decode()
    assert '<span class="badge pending" data-testid="queue-count">1</span>' in text
