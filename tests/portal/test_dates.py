"""One way to write a date and one to write a date with its time, on every public page."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from portal import dates
from portal.models import Notice

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
TODAY = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)
ROOT = Path(__file__).resolve().parents[2]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "language,value,expected",
    [
        ("zh-hans", datetime.date(2026, 12, 2), "2026年12月2日"),
        ("zh-hans", datetime.date(2026, 9, 5), "2026年9月5日"),
        ("en", datetime.date(2026, 12, 2), "Dec. 2, 2026"),
    ],
)
def test_a_day_is_written_in_full(language, value, expected):
    with translation.override(language):
        assert dates.day(value) == expected


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "language,value,expected",
    [
        # Stored in UTC, shown in Beijing time, month without a leading zero.
        ("zh-hans", datetime.datetime(2026, 9, 5, 1, 0, tzinfo=datetime.UTC), "9月5日 09:00"),
        ("zh-hans", datetime.datetime(2025, 12, 5, 9, 0, tzinfo=SHANGHAI), "2025年12月5日 09:00"),
        ("en", datetime.datetime(2026, 12, 5, 14, 30, tzinfo=SHANGHAI), "Dec. 5 14:30"),
    ],
)
def test_a_moment_is_month_day_and_time_with_the_year_only_when_not_this_year(
    language, value, expected
):
    with translation.override(language):
        assert dates.moment(value) == expected


@time_machine.travel(TODAY, tick=False)
def test_notice_pages_write_the_day_in_full(client, home, branch_a):
    notice = Notice.objects.create(
        organisation=branch_a, title="公示", published_on=datetime.date(2026, 11, 27)
    )
    for url in (reverse("notices"), reverse("notice", args=[notice.pk])):
        body = client.get(url).content.decode()
        assert ">2026年11月27日</time>" in body
        assert 'datetime="2026-11-27"' in body  # the machine-readable value stays ISO
        assert "2026/11/27" not in body


DISPLAY = re.compile(r"""\|date:["'](?!H:i|Y年n月["']|c["'])""")


def test_public_and_member_templates_use_the_named_formats():
    """A new page that writes its own date format (Y-m-d, m/d…) fails here, not in review."""
    offenders = []
    for template in ROOT.glob("*/templates/**/*.html"):
        if any(part in ("admin", "documents") for part in template.parts):
            continue
        if template.name.endswith("_pdf.html"):
            continue
        for line in template.read_text(encoding="utf-8").splitlines():
            # <time datetime="{{ d|date:'Y-m-d' }}"> is for machines and stays ISO.
            line = re.sub(r"""datetime=["']\{\{[^}]*\}\}""", "", line)
            if DISPLAY.search(line):
                offenders.append(f"{template.relative_to(ROOT)}: {line.strip()[:80]}")
    assert offenders == []
