"""Chinese forms for what a certificate prints: dates, wording with placeholders."""

import datetime
import re

DIGITS = "〇一二三四五六七八九"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def chinese_year(year: int) -> str:
    """2025 → 二〇二五: each digit read out, as on official documents."""
    return "".join(DIGITS[int(d)] for d in str(year))


def chinese_number(n: int) -> str:
    """1–31 → 一 … 三十一, the way months and days are written."""
    if n < 10:
        return DIGITS[n] if n else "〇"
    tens, ones = divmod(n, 10)
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")


def chinese_month(day: datetime.date) -> str:
    """二〇二五年十二月"""
    return f"{chinese_year(day.year)}年{chinese_number(day.month)}月"


def fill_wording(wording: str, values: dict[str, str]) -> str:
    """Replaces {name} placeholders; plain substitution, no format-string attribute access."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), wording)
