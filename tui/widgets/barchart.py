"""Per-period bars of a phrase timeline: one line per period, bar length by rate per 10k chars.

The bars are drawn from ``tracking.phrases.timeline.PeriodCount`` rows as given (zero rows
included, since an absence is a finding); the longest bar is the highest rate of the term.
Eighth-blocks give sub-cell resolution. A hundred monthly rows stay readable: the chart sits
in a scrolling container, and a run of ``RUN`` or more periods without any document (not
periods whose documents never say the phrase: those keep their zero rows) is one line,
"2018-03 … 2018-09  no documents (7 months)".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from tifa.tui import safe
from tifa.tui.widgets.ink import ink, on_theme

if TYPE_CHECKING:
    from tifa.tracking.periods import Unit
    from tifa.tracking.phrases.timeline import PeriodCount

_EIGHTHS = " ▏▎▍▌▋▊▉"
RUN = 3


def bar(value: float, top: float, width: int) -> str:
    """``value`` as a bar of at most ``width`` cells; anything above zero shows."""
    if value <= 0 or top <= 0 or width <= 0:
        return ""
    eighths = max(1, round(width * 8 * value / top))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def runs(rows: Sequence[PeriodCount]) -> list[list[PeriodCount]]:
    """Rows grouped: each run of ``RUN`` or more periods without documents is one group,
    every other row a group of its own."""
    groups: list[list[PeriodCount]] = []
    empty: list[PeriodCount] = []
    for row in [*rows, None]:
        if row is not None and row.docs == 0 and row.period.key is not None:
            empty.append(row)
            continue
        if len(empty) >= RUN:
            groups.append(empty)
        else:
            groups += [[r] for r in empty]
        empty = []
        if row is not None:
            groups.append([row])
    return groups


class PeriodBars(Static):
    COMPONENT_CLASSES = {"bars--bar", "bars--term", "bars--zero"}
    DEFAULT_CSS = """
    PeriodBars { height: auto; padding: 0 1; }
    PeriodBars > .bars--bar { color: $primary; }
    PeriodBars > .bars--term { text-style: bold; color: $accent; }
    PeriodBars > .bars--zero { color: $text-muted; }
    """

    shown: tuple[Sequence[str], Sequence[PeriodCount], Unit] | None = None

    def on_mount(self) -> None:
        on_theme(self, lambda: self.show(*self.shown) if self.shown else None)

    def show(
        self, terms: Sequence[str], periods: Sequence[PeriodCount], unit: Unit, width: int = 40
    ) -> None:
        self.shown = (terms, periods, unit)
        bar_style = ink(self, "bars--bar")
        term_style = ink(self, "bars--term")
        zero_style = ink(self, "bars--zero")
        label_width = max((len(p.period.shown(unit)) for p in periods), default=4)
        lines: list[Content] = []
        for term in terms:
            rows = [p for p in periods if p.phrase == term]
            top = max((p.rate or 0.0 for p in rows), default=0.0)
            total = sum(p.count for p in rows)
            lines.append(Content.assemble(safe.label(term, term_style), f"  {total} in all"))
            for group in runs(rows):
                first = group[0]
                label = first.period.shown(unit)
                if len(group) > 1:
                    last = group[-1].period.shown(unit)
                    note = f"{label} … {last}  no documents ({len(group)} {unit}s)"
                    lines.append(Content(f"  {note}").stylize(zero_style))
                    continue
                figures = Content(
                    f"  {first.count:>4}  {first.rate:6.2f}/10k  "
                    f"in {first.docs_with} of {first.docs} docs"
                    if first.rate is not None
                    else f"  {'–':>4}  no documents"
                )
                lines.append(
                    Content.assemble(
                        f"  {label:>{label_width}}  ",
                        (bar(first.rate or 0.0, top, width).ljust(width), bar_style),
                        figures.stylize(zero_style) if first.count == 0 else figures,
                    )
                )
        self.update(Content("\n").join(lines))
