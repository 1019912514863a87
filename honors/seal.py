"""The issuer's seal, drawn as SVG: a red ring, a star, the name around the top.

Never a scanned image of a real seal. Each character is placed and rotated
on the arc by hand because WeasyPrint draws <textPath> as straight text.
"""

import math
from html import escape

SEAL_RED = "#d7141a"


def seal_svg(name: str, *, size: int = 180) -> str:
    c = size / 2
    ring = size / 2 - 4
    stroke = size * 0.035
    chars = list(name)[:20] or ["　"]
    n = len(chars)
    # Longer names take more of the circle and smaller type, as on real seals.
    sweep = min(250.0, 40.0 + n * 17.0)
    font = min(size * 0.15, (2 * math.pi * ring * sweep / 360) / max(n, 1) * 0.92)
    baseline_r = ring - stroke - 2 - font * 0.88
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="seal" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="{escape(name)}">',
        f'<circle cx="{c}" cy="{c}" r="{ring}" fill="none" stroke="{SEAL_RED}" '
        f'stroke-width="{stroke:.2f}"/>',
    ]
    for i, char in enumerate(chars):
        angle = -sweep / 2 + sweep * (i + 0.5) / n
        rad = math.radians(angle)
        x = c + baseline_r * math.sin(rad)
        y = c - baseline_r * math.cos(rad)
        parts.append(
            f'<text x="{x:.2f}" y="{y:.2f}" transform="rotate({angle:.2f} {x:.2f} {y:.2f})" '
            f'text-anchor="middle" font-size="{font:.2f}" fill="{SEAL_RED}" '
            f'font-family="Noto Serif CJK SC, Noto Sans CJK SC, serif">'
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
