"""Small SVG bar charts drawn at build time: no JavaScript, and each has a table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from markupsafe import Markup

from ..escaping import html_text

# Mid-tone colours: at least 3:1 against both the light and the dark page background.
COLOURS = ("#2b6cb0", "#c05621", "#2f855a", "#805ad5")


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]


def _shorten(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def stacked_bars(chart_id: str, title: str, series: tuple[str, ...], bars: list[Bar], width: int = 640) -> Markup:
    """Horizontal stacked bars, one per row, with a legend; text uses the page's colour."""
    label_width, bar_height, gap, legend_height = 230, 18, 8, 28
    plot_width = width - label_width - 50
    largest = max((sum(bar.values) for bar in bars), default=0) or 1
    height = legend_height + len(bars) * (bar_height + gap)
    chart_id = html_text(chart_id)
    parts = [
        f'<svg id="{chart_id}" class="koszyk-chart" role="img" aria-labelledby="{chart_id}-title" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{html_text(title)}</title>',
    ]
    x = 0
    for index, name in enumerate(series):
        parts.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{COLOURS[index]}"/>')
        parts.append(f'<text x="{x + 20}" y="16" font-size="13" fill="currentColor">{html_text(name)}</text>')
        x += 30 + 8 * len(name)
    for row, bar in enumerate(bars):
        y = legend_height + row * (bar_height + gap)
        parts.append(f'<text x="{label_width - 8}" y="{y + 14}" font-size="12" text-anchor="end" '
                     f'fill="currentColor">{html_text(_shorten(bar.label))}</text>')
        x = label_width
        for index, value in enumerate(bar.values):
            length = plot_width * value / largest
            if length:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{COLOURS[index]}"/>')
            x += length
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}" font-size="12" fill="currentColor">{sum(bar.values)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
