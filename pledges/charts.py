"""A small server-side SVG line chart: the satisfaction trend on a window's page, no JavaScript."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A narrow drawing with large type: on a 390 px phone the labels still render at 12 px or more.
WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 16, 40


def trend_svg(points: list[tuple[str, float | None]], *, title: str, low: float = 0) -> SafeString:
    """Percentages over labelled periods; missing periods break the line rather than fake a zero."""
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM
    count = max(len(points), 1)
    step = inner_w / max(count - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(value: float) -> float:
        return TOP + inner_h * (1 - (float(value) - low) / (100 - low))

    parts = [
        f'<svg class="trend-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (low, (low + 100) / 2, 100):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#e6e0da"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="17" '
            f'fill="#666">{tick:.0f}%</text>'
        )
    segment: list[str] = []
    segments = []
    for i, (_label, value) in enumerate(points):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(value):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        parts.append(
            f'<polyline points="{" ".join(seg)}" fill="none" stroke="#c8161d" stroke-width="2.5"/>'
        )
    for i, (label, value) in enumerate(points):
        if value is not None:
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5" fill="#c8161d">'
                f"<title>{escape(label)}: {float(value):.1f}%</title></circle>"
            )
        if count <= 6 or i % 2 == (count - 1) % 2:  # every other month, the latest always
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="16" '
                f'fill="#666">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every label and the title are escaped above
