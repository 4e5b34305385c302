"""Standalone HTML reports with an SVG chart, for timelines and changes per period.

A report is one file a user can attach to a brief or paste into one: inline CSS, an inline
SVG chart, no script, no font, image or link fetched from anywhere. Decisions:

* Corpus text is data: every string goes through ``esc`` (``plain`` then ``html.escape``,
  quotes included, so it is safe in attributes too); numbers are formatted here.
* Chinese text needs no web font: the font stacks name the CJK families of each platform
  (Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei) before the generic
  ``sans-serif``, and the SVG uses the same stack.
* The chart is a column chart with time on the x axis; it stays readable with 100 monthly
  bars (bars narrow to fit a fixed width, and only some labels are drawn: every period up
  to 24, else one per year, else every n-th year). Each bar has a ``<title>`` tooltip with
  the figures. A period with no document at all is a grey tick under the axis, not a bar
  of zero: no document is not the same as a document that never says it.
* Colours follow ``prefers-color-scheme``; stacked series have a legend in the chart.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tifa.tracking.exports import plain

FONTS = (
    'system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
    '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)
CSS = f"""
body {{ font-family: {FONTS}; max-width: 64rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.6; color: #1f2328; background: #fff; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.2rem; margin-top: 2rem; }}
h3 {{ font-size: 1rem; margin: 1.4rem 0 .4rem; color: #0b4f8a; }}
p.meta {{ color: #57606a; }}
table {{ border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }}
td, th {{ border: 1px solid #d0d7de; padding: .15rem .5rem; text-align: left;
         vertical-align: top; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.empty td {{ color: #8c959f; }}
td.left {{ text-align: right; color: #57606a; }} td.right {{ color: #57606a; }}
td.match {{ font-weight: bold; white-space: nowrap; }}
figure {{ margin: 1rem 0; }} figcaption {{ color: #57606a; font-size: .9rem; }}
svg.chart {{ width: 100%; height: auto; font-family: {FONTS}; }}
svg .axis {{ stroke: #57606a; }} svg .grid {{ stroke: #d0d7de; }}
svg text {{ fill: #57606a; font-size: 11px; }}
svg .s0 {{ fill: #0969da; }} svg .s1 {{ fill: #1a7f37; }} svg .s2 {{ fill: #9a6700; }}
svg .s3 {{ fill: #cf222e; }} svg .s4 {{ fill: #8250df; }} svg .s5 {{ fill: #6e7781; }}
svg .nodocs {{ fill: #afb8c1; }}
del {{ background: #ffebe9; color: #82071e; }}
ins {{ background: #dafbe1; color: #116329; text-decoration: none; }}
details summary {{ cursor: pointer; color: #0b4f8a; }}
@media (prefers-color-scheme: dark) {{
  body {{ color: #e6edf3; background: #0d1117; }} td, th {{ border-color: #30363d; }}
  h3, details summary {{ color: #79c0ff; }} p.meta, figcaption {{ color: #8b949e; }}
  svg text {{ fill: #8b949e; }} svg .grid {{ stroke: #30363d; }} svg .axis {{ stroke: #8b949e; }}
  del {{ background: #5a1e24; color: #ffdcd7; }} ins {{ background: #1b4721; color: #aff5b4; }}
}}
"""
WIDTH, HEIGHT = 960, 280
SERIES_COLOURS = 6  # .s0 … .s5 in the style sheet; more series reuse them in turn
MAX_BAR = 48
LABEL_GAP = 40.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 12, 28, 46


def esc(value: object) -> str:
    """Any value as inert HTML text, safe inside an attribute as well."""
    return html.escape(plain(value), quote=True)


def page(title: str, body: Iterable[str]) -> str:
    """A whole standalone page: doctype, charset, inline style, the body's parts."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"


def table(
    columns: Sequence[str], rows: Iterable[Sequence[object]], *, empty: Sequence[bool] = ()
) -> str:
    """A table of escaped cells; numbers right-aligned; rows flagged in ``empty`` greyed."""
    out = ["<table>", "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in columns) + "</tr>"]
    for n, row in enumerate(rows):
        cells = "".join(
            f'<td class="n">{esc(v)}</td>' if isinstance(v, int | float) else f"<td>{esc(v)}</td>"
            for v in row
        )
        grey = ' class="empty"' if n < len(empty) and empty[n] else ""
        out.append(f"<tr{grey}>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Column:
    """One period of a chart: its label, a value per series (stacked), a tooltip; ``nodocs``
    marks a period without any document."""

    label: str
    values: tuple[float, ...]
    tooltip: str
    nodocs: bool = False


def _ticks(top: float) -> list[float]:
    """Round values from 0 to at least ``top``, at most four steps (1, 2 or 5 × 10^k)."""
    if top <= 0:
        return [0.0, 1.0]
    power = 10.0 ** math.floor(math.log10(top / 4))
    step = next(m * power for m in (1, 2, 5, 10) if top / (m * power) <= 4)
    return [round(i * step, 10) for i in range(math.ceil(top / step - 1e-9) + 1)]


def _labelled(labels: Sequence[str], slot: float) -> list[bool]:
    """Which x labels to draw: every period up to 24, else the first period of each year;
    then none closer than ``LABEL_GAP`` pixels to the next one drawn."""
    wanted = [
        len(labels) <= 24 or n == 0 or label[:4] != labels[n - 1][:4]
        for n, label in enumerate(labels)
    ]
    gap = LABEL_GAP if len(labels) > 24 else 0.0
    out, last = [False] * len(labels), math.inf
    for n in reversed(range(len(labels))):  # from the right: a partial first year gives way
        if wanted[n] and last - n * slot >= gap:
            out[n], last = True, n * slot
    return out


def bar_chart(
    columns: Sequence[Column],
    *,
    series: Sequence[str],
    axis: str,
    title: str,
    nodocs: str = "no documents",
) -> str:
    """An SVG column chart of ``columns`` (values stacked by ``series``), a y axis named
    ``axis``; ``title`` is the chart's accessible name, ``nodocs`` the legend of the grey
    tick marking a column flagged ``nodocs``."""
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    top = max((sum(c.values) for c in columns), default=0.0)
    ticks = _ticks(top)
    scale = plot_h / ticks[-1] if ticks[-1] else 0.0
    slot = plot_w / max(1, len(columns))
    bar_w = min(MAX_BAR, max(1.0, slot * 0.8))
    base = _TOP + plot_h
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
    ]
    for t in ticks:
        y = base - t * scale
        out.append(
            f'<line class="grid" x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        out.append(f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{t:g}</text>')
    out.append(
        f'<text x="14" y="{_TOP + plot_h / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {_TOP + plot_h / 2:.0f})">{esc(axis)}</text>'
    )
    show = _labelled([c.label for c in columns], slot)
    for n, col in enumerate(columns):
        x = _LEFT + n * slot + (slot - bar_w) / 2
        out.append("<g>")
        out.append(f"<title>{esc(col.tooltip)}</title>")
        if col.nodocs:
            out.append(_rect("nodocs", x, base + 2, bar_w, 3))
        y = base
        for k, value in enumerate(col.values):
            h = value * scale
            if h > 0:
                h = max(h, 1.0)
                y -= h
                out.append(_rect(f"s{k % SERIES_COLOURS}", x, y, bar_w, h))
        out.append("</g>")
        if show[n]:
            cx = x + bar_w / 2
            label = col.label if len(columns) <= 24 else col.label[:4]
            out.append(
                f'<text x="{cx:.1f}" y="{base + 16}" text-anchor="middle">{esc(label)}</text>'
                if len(columns) <= 12 or len(columns) > 24
                else f'<text x="{cx:.1f}" y="{base + 14}" text-anchor="end" '
                f'transform="rotate(-40 {cx:.1f} {base + 14})">{esc(label)}</text>'
            )
    out.append(f'<line class="axis" x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{base}" y2="{base}"/>')
    if len(series) > 1:
        x = _LEFT
        for k, name in enumerate(series):
            out.append(_rect(f"s{k % SERIES_COLOURS}", x, 8, 10, 10))
            out.append(f'<text x="{x + 14}" y="17">{esc(name)}</text>')
            x += 24 + 8 * len(name)
    if any(c.nodocs for c in columns):
        out.append(
            _rect("nodocs", WIDTH - _RIGHT - 150, 10, 10, 3)
            + f'<text x="{WIDTH - _RIGHT - 136}" y="17">{esc(nodocs)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _rect(cls: str, x: float, y: float, w: float, h: float) -> str:
    return f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"/>'


def figure(svg: str, caption: str) -> str:
    return f"<figure>\n{svg}\n<figcaption>{esc(caption)}</figcaption>\n</figure>"
