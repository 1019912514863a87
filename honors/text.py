"""Chinese forms for what a certificate prints: dates, wording with placeholders."""

import datetime
import re

DIGITS = "〇一二三四五六七八九"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# What an editor writes in a certificate's wording, and what each fills in. The English
# names are those of wording saved before the Chinese ones existed; both keep working.
PLACEHOLDER_NAMES = {
    "获得者": "holder",
    "称号": "title",
    "期次": "period",
    "类别": "category",
    "颁发单位": "issuer",
}
KNOWN_PLACEHOLDERS = set(PLACEHOLDER_NAMES) | set(PLACEHOLDER_NAMES.values())


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
    """Replaces {获得者} (or {holder}) … with `values` keyed by the English names; plain
    substitution, no format-string attribute access."""

    def value(match: re.Match) -> str:
        name = PLACEHOLDER_NAMES.get(match.group(1), match.group(1))
        return values.get(name, match.group(0))

    return PLACEHOLDER.sub(value, wording)


def wording_error(wording: str) -> str:
    """Why `wording` cannot be printed (an unknown {名称}, a stray brace), or ""."""
    unknown = [name for name in PLACEHOLDER.findall(wording) if name not in KNOWN_PLACEHOLDERS]
    allowed = " ".join(f"{{{name}}}" for name in PLACEHOLDER_NAMES)
    if unknown:
        return f"不认识的占位符 {{{unknown[0]}}}：措辞中只能使用 {allowed}。"
    rest = PLACEHOLDER.sub("", wording)
    if "{" in rest or "}" in rest:
        return f"花括号只用于占位符 {allowed}，请检查是否漏写或多写了括号。"
    return ""
