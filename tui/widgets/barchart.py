"""Per-year bars of a phrase timeline: one line per year, bar length by rate per 10k chars.

The bars are drawn from ``tracking.phrases.timeline.YearCount`` rows exactly as given (zero years
included, since an absence is a finding); the longest bar is the highest rate of the term.
Eighth-blocks give sub-cell resolution.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from tifa.tui import safe
from tifa.tui.widgets.ink import ink, on_theme

if TYPE_CHECKING:
    from tifa.tracking.phrases.timeline import YearCount

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, top: float, width: int) -> str:
    """``value`` as a bar of at most ``width`` cells; anything above zero shows."""
    if value <= 0 or top <= 0 or width <= 0:
        return ""
    eighths = max(1, round(width * 8 * value / top))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


class YearBars(Static):
    COMPONENT_CLASSES = {"bars--bar", "bars--term", "bars--year", "bars--zero"}
    DEFAULT_CSS = """
    YearBars { height: auto; padding: 0 1; }
    YearBars > .bars--bar { color: $primary; }
    YearBars > .bars--term { text-style: bold; color: $accent; }
    YearBars > .bars--year { color: $text; }
    YearBars > .bars--zero { color: $text-muted; }
    """

    def on_mount(self) -> None:
        on_theme(self, lambda: self.show(*self.shown) if self.shown else None)

    shown: tuple[Sequence[str], Sequence[YearCount]] | None = None

    def show(self, terms: Sequence[str], years: Sequence[YearCount], width: int = 40) -> None:
        self.shown = (terms, years)
        bar_style = ink(self, "bars--bar")
        term_style = ink(self, "bars--term")
        zero_style = ink(self, "bars--zero")
        lines: list[Content] = []
        for term in terms:
            rows = [y for y in years if y.phrase == term]
            top = max((y.rate for y in rows), default=0.0)
            total = sum(y.count for y in rows)
            lines.append(Content.assemble(safe.label(term, term_style), f"  {total} in all"))
            for y in rows:
                year = str(y.year) if y.year is not None else "unknown"
                drawn = bar(y.rate, top, width)
                figures = Content(
                    f"  {y.count:>4}  {y.rate:6.2f}/10k  in {y.docs_with} of {y.docs} docs"
                )
                lines.append(
                    Content.assemble(
                        f"{year:>7}  ",
                        (drawn.ljust(width), bar_style),
                        figures.stylize(zero_style) if y.count == 0 else figures,
                    )
                )
        self.update(Content("\n").join(lines))
