"""The site's two ways of writing a moment, so every page says dates alike.

A day is written 2026年12月2日 (the language's DATE_FORMAT); a moment with
its time is 12月5日 09:00, with the year in front when it is not this year's.
Templates use the ``day`` and ``moment`` filters (portal_dates), messages use
these functions; machine-readable values (``<time datetime>``, inputs) stay ISO.
"""

import datetime

from django.utils import formats, timezone


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value) -> str:
    """2026年12月2日: a date, or the day of a date-time."""
    if not value:
        return ""
    return formats.date_format(_local(value), "DATE_FORMAT")


def moment(value) -> str:
    """12月5日 09:00 this year, 2025年12月5日 09:00 in another."""
    if not value:
        return ""
    value = _local(value)
    same_year = value.year == timezone.localdate().year
    when = formats.date_format(value, "MONTH_DAY_FORMAT" if same_year else "DATE_FORMAT")
    if isinstance(value, datetime.datetime):
        return f"{when} {formats.date_format(value, 'H:i')}"
    return when
