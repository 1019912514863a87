"""The drawn seal: every character of a long issuer name on the ring, none overlapping."""

import math
import re

import pytest

from honors.seal import seal_svg

SIZE = 180
RING_INNER = SIZE / 2 - 4 - SIZE * 0.035 / 2


def _squares(svg: str) -> list[list[tuple[float, float]]]:
    """The em square of each character, as four corners, turned as it is drawn."""
    squares = []
    for match in re.finditer(
        r'transform="rotate\((?P<a>[-\d.]+)[^"]*"[^>]*font-size="(?P<f>[\d.]+)"[^>]*'
        r'data-cx="(?P<x>[\d.]+)" data-cy="(?P<y>[\d.]+)"',
        svg,
    ):
        a = math.radians(float(match["a"]))
        half = float(match["f"]) / 2
        x, y = float(match["x"]), float(match["y"])
        ux, uy = math.cos(a), math.sin(a)  # along the ring
        vx, vy = -math.sin(a), math.cos(a)  # towards the centre
        squares.append(
            [
                (x + su * half * ux + sv * half * vx, y + su * half * uy + sv * half * vy)
                for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1))
            ]
        )
    return squares


def _overlap(p, q) -> bool:
    """Separating-axis test of two convex quadrilaterals (touching is not overlapping)."""
    for poly in (p, q):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            nx, ny = y2 - y1, x1 - x2
            a = [nx * x + ny * y for x, y in p]
            b = [nx * x + ny * y for x, y in q]
            if max(a) <= min(b) + 1e-6 or max(b) <= min(a) + 1e-6:
                return False
    return True


@pytest.mark.parametrize("length", [4, 9, 15, 18, 24, 32])
def test_long_issuer_names_fit_on_the_seal_without_overlap(length):
    name = ("中共某某县直属机关工作委员会第一党总支" * 3)[:length]
    svg = seal_svg(name, size=SIZE)
    squares = _squares(svg)
    assert len(squares) == length  # no character dropped
    for left, right in zip(squares, squares[1:], strict=False):
        assert not _overlap(left, right)
    for square in squares:
        for x, y in square:
            assert math.hypot(x - SIZE / 2, y - SIZE / 2) <= RING_INNER
