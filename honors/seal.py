"""The issuer's seal, drawn as SVG: a red ring, a star, the name around the top.

Never a scanned image of a real seal. Each character is placed and rotated
on the arc by hand because WeasyPrint draws <textPath> as straight text.
"""

import math
from html import escape

SEAL_RED = "#d7141a"


SEAL_FONT = "Noto Serif CJK SC, HanaMinA, HanaMinB, BabelStone Han, serif"


def seal_layout(name: str, *, size: int = 180) -> tuple[float, float, float]:
    """(sweep in degrees, font size, radius of the glyphs' centres) for `name` on a seal.

    A CJK glyph is one em square standing on the circle; the squares of two
    neighbours come closest at their inner edge, so the em must fit the arc
    *there*, not on the ring outside them (which made long names overlap).
    Longer names take more of the circle, then smaller type; no name is cut.
    """
    ring = size / 2 - 4
    stroke = size * 0.035
    n = max(len(name), 1)
    sweep = min(300.0, 40.0 + n * 17.0)
    font = size * 0.15
    for _ in range(8):  # the centre radius depends on the size; this settles in a few steps
        inner_r = ring - stroke / 2 - 2 - font
        font = min(size * 0.15, 2 * math.pi * inner_r * sweep / 360 / n)
    centre_r = ring - stroke / 2 - 2 - font / 2
    return sweep, font, centre_r


def seal_svg(name: str, *, size: int = 180) -> str:
    c = size / 2
    ring = size / 2 - 4
    stroke = size * 0.035
    chars = list(name) or ["　"]
    n = len(chars)
    sweep, font, centre_r = seal_layout(name, size=size)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="seal" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="{escape(name)}">',
        f'<circle cx="{c}" cy="{c}" r="{ring}" fill="none" stroke="{SEAL_RED}" '
        f'stroke-width="{stroke:.2f}"/>',
    ]
    for i, char in enumerate(chars):
        angle = -sweep / 2 + sweep * (i + 0.5) / n
        rad = math.radians(angle)
        x = c + centre_r * math.sin(rad)
        y = c - centre_r * math.cos(rad)
        # dominant-baseline is not drawn by WeasyPrint: the baseline is put
        # 0.38 em below the centre by hand, along the glyph's own vertical.
        bx = x - 0.38 * font * math.sin(rad)
        by = y + 0.38 * font * math.cos(rad)
        parts.append(
            f'<text x="{bx:.2f}" y="{by:.2f}" transform="rotate({angle:.2f} {bx:.2f} {by:.2f})" '
            f'text-anchor="middle" font-size="{font:.2f}" fill="{SEAL_RED}" '
            f'font-family="{SEAL_FONT}" data-cx="{x:.2f}" data-cy="{y:.2f}">'
            f"{escape(char)}</text>"
        )
    parts.append(f'<polygon points="{_star(c, c + size * 0.03, size * 0.17)}" fill="{SEAL_RED}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _star(cx: float, cy: float, outer: float) -> str:
    inner = outer * 0.382
    points = []
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        a = math.radians(-90 + k * 36)
        points.append(f"{cx + r * math.cos(a):.2f},{cy + r * math.sin(a):.2f}")
    return " ".join(points)
