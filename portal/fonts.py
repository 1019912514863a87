"""Which characters the installed fonts can print, so no document is issued with an empty box.

Names are the point of a certificate: 𪚥 (U+2A6A5, CJK Ext B) is not in Noto
CJK, and WeasyPrint would draw it as a .notdef box without complaint. The
fallback fonts (花园明朝 HanaMinA/B, BabelStone Han; README, Makefile) cover
Extensions B–G; a character that still no installed font draws refuses the
document with a message naming it, before any number is taken.

The check asks fontconfig, which is also where Pango (WeasyPrint) looks for a
fallback: first the main font's own table (read once per process), then
`fc-list :charset=…` for the few characters it lacks (cached).
"""

import functools
import shutil
import subprocess
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The CSS font stacks of every PDF and page name these families in this order;
# the first is the one most text is set in.
SERIF_STACK = (
    '"Noto Serif CJK SC", "Noto Serif CJK TC", "Noto Sans CJK SC", '
    '"HanaMinA", "HanaMinB", "BabelStone Han", serif'
)
MAIN_FONT = "Noto Serif CJK SC"

# Characters that are never drawn as glyphs: spaces, line breaks, joiners,
# variation selectors (they modify the character before them).
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn"}


@functools.cache
def _main_cmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    path = _fc(["fc-match", "-f", "%{file}", MAIN_FONT]).strip()
    if not path:
        return frozenset()
    font = TTFont(path, fontNumber=0, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def _fc(args: list[str]) -> str:
    if shutil.which(args[0]) is None:
        return ""
    return subprocess.run(args, capture_output=True, text=True, timeout=10, check=False).stdout


@functools.lru_cache(maxsize=4096)
def _some_font_has(codepoint: int) -> bool:
    return bool(_fc(["fc-list", f":charset={codepoint:x}", "family"]).strip())


def is_printable(char: str) -> bool:
    codepoint = ord(char)
    if codepoint < 0x80 or unicodedata.category(char) in _INVISIBLE_CATEGORIES:
        return True
    return codepoint in _main_cmap() or _some_font_has(codepoint)


def unprintable_characters(text: str) -> list[str]:
    """The distinct characters of `text` no installed font draws, in order of appearance."""
    return [char for char in dict.fromkeys(text) if not is_printable(char)]


def describe(char: str) -> str:
    """“\U000f0000”（U+F0000）, with the Unicode name where there is one."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"“{char}”（{code} {name}）" if name else f"“{char}”（{code}）"


class UnprintableText(ValidationError):
    """A document's text has a character no installed font draws: it is not issued."""


def ensure_printable(*texts: str, what: str = "") -> None:
    """Raises UnprintableText naming every character of `texts` that would print as a box."""
    missing = unprintable_characters("".join(t or "" for t in texts))
    if not missing:
        return
    chars = "、".join(describe(char) for char in missing)
    raise UnprintableText(
        _(
            "%(what)s中的字 %(chars)s 服务器上没有能显示它的字体，打印出来会是空白方框，"
            "因此未出具。请核对该字，或请管理员安装覆盖该字的字体后再试。"
        )
        % {"what": what or _("文件内容"), "chars": chars},
        code="unprintable",
    )
