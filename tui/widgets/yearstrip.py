"""A per-year strip such as ``2017 ■ 2019 · 2021 ■ 2024 ■``: which years a formulation is in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.style import Style

PRESENT, ABSENT = "■", "·"


def year_strip(
    all_years: Sequence[int],
    present: Iterable[int],
    *,
    on: Style | None = None,
    off: Style | None = None,
) -> Content:
    """Every year of the corpus with a mark for those in ``present``."""
    have = set(present)
    parts: list[Content | str] = []
    for n, year in enumerate(all_years):
        if n:
            parts.append(" ")
        inside = year in have
        mark = Content(f"{year} {PRESENT if inside else ABSENT}")
        style = on if inside else off
        parts.append(mark.stylize(style) if style is not None else mark)
    return Content.assemble(*parts)
