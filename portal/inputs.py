"""Reading numbers that arrive in URLs and forms: an id or a year that is not one is None.

`"²".isdigit()` is true and `int("²")` raises; a twenty-digit id overflows
SQLite's integers. Every view that takes an id or a year from the request
reads it through these, then answers 404 (an id) or a Chinese 400 (a year).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

MAX_ID = 2**63 - 1  # the largest integer PostgreSQL's bigint and SQLite can hold
YEARS = range(2000, 2101)


def parse_id(value) -> int | None:
    """A positive database id, or None for anything else (empty, ², 1 OR 1=1, too large)."""
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_year(value) -> int | None:
    """A year the portal deals in (2000–2100), or None."""
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 4:
        return None
    year = int(value)
    return year if year in YEARS else None


def object_or_404(queryset_or_model, value, **lookups):
    """The object with the id `value` (as sent by the client), else 404."""
    pk = parse_id(value)
    if pk is None:
        raise Http404
    return get_object_or_404(queryset_or_model, pk=pk, **lookups)
