"""A per-period strip such as ``2017 ■ 2019 · 2021 ■ 2024 ■``: which periods a formulation
is in. Beyond ``LABELLED`` periods (48 months of daily briefings) each period is one mark
between the first and the last label: ``2017-01 ■■·■···■■ 2020-12``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.style import Style

PRESENT, ABSENT = "■", "·"
LABELLED = 12


def period_strip(
    periods: Sequence[str],
    present: Iterable[str],
    *,
    on: Style | None = None,
    off: Style | None = None,
) -> Content:
    """Every period of the report with a mark for those in ``present``."""
    have = set(present)

    def mark(text: str, inside: bool) -> Content:
        style = on if inside else off
        return Content(text).stylize(style) if style is not None else Content(text)

    if len(periods) > LABELLED:
        marks = [mark(PRESENT if p in have else ABSENT, p in have) for p in periods]
        return Content.assemble(f"{periods[0]} ", *marks, f" {periods[-1]}")
    parts: list[Content | str] = []
    for n, period in enumerate(periods):
        if n:
            parts.append(" ")
        inside = period in have
        parts.append(mark(f"{period} {PRESENT if inside else ABSENT}", inside))
    return Content.assemble(*parts)
