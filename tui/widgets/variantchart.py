"""A family's variants per period, as stacked horizontal bars: one row per period, one colour
per variant (v0, the most used, first; the rest as "other wordings"), the row's length its
variant uses (a use that says two wordings counts for each, and the legend says so when that
makes the rows add up to more than the family's uses). A wording giving way to another
shows as one colour replacing another down the rows.

The numbers are ``tracking.formulations.shares`` (what the HTML report charts). A period in
which the family is not said shows ``·``; a run of ``RUN`` or more such periods folds into one
line, so a hundred monthly rows stay readable (the same rule as ``barchart``). Colours come
from component classes, so they follow the theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from tifa.tui.widgets.ink import ink, on_theme

if TYPE_CHECKING:
    from tifa.tracking.formulations.families import Family

RUN = 3
WIDTH = 36
COLOURS = 6  # variant--0 … variant--5: the five most used and the other wordings
# The five are Okabe and Ito's colour-blind-safe hues, read on dark and light alike, not the
# theme's: in Textual's own themes $accent is $warning, and two variants side by side in one
# bar read as one (v2 and v4 of the MFA pages' 慎重妥善处理涉台问题, 2 uses each, as one of 4).


class VariantChart(Static):
    COMPONENT_CLASSES = {
        "variant--0",
        "variant--1",
        "variant--2",
        "variant--3",
        "variant--4",
        "variant--5",
        "variant--muted",
    }
    DEFAULT_CSS = """
    VariantChart { height: auto; padding: 0 1; }
    VariantChart > .variant--0 { color: #56B4E9; }
    VariantChart > .variant--1 { color: #009E73; }
    VariantChart > .variant--2 { color: #E69F00; }
    VariantChart > .variant--3 { color: #D55E00; }
    VariantChart > .variant--4 { color: #CC79A7; }
    VariantChart > .variant--5 { color: $text-muted; }
    VariantChart > .variant--muted { color: $text-muted; }
    """

    shown: tuple[Family, Sequence[str]] | None = None

    def on_mount(self) -> None:
        on_theme(self, lambda: self.show(*self.shown) if self.shown else None)

    def show(self, family: Family, periods: Sequence[str], width: int = WIDTH) -> None:
        """Draw ``family`` over every period of its report."""
        from tifa.tracking.formulations.shares import shares

        self.shown = (family, periods)
        data = shares(family, periods, top=COLOURS - 1)
        styles = [ink(self, f"variant--{k % COLOURS}") for k in range(len(data.series))]
        muted = ink(self, "variant--muted")
        most = max(data.totals, default=0)
        label_width = max((len(p) for p in periods), default=4)
        legend: list[Content | str] = ["   "]
        for k, s in enumerate(data.series):
            legend += [Content.styled("■ ", styles[k]), f"{s.name}  "]
        if sum(data.totals) != family.uses:
            legend.append(Content.styled("(a use that says two wordings counts for each)", muted))
        lines = [Content.assemble(*legend)]
        for group in _runs(data.totals):
            first = group[0]
            if len(group) > 1:
                span = f"{periods[first]} … {periods[group[-1]]}"
                lines.append(Content.styled(f"  {span}  not said ({len(group)})", muted))
                continue
            total = data.totals[first]
            if not total:
                lines.append(Content.styled(f"  {periods[first]:>{label_width}}  ·", muted))
                continue
            cells = _cells([s.uses[first] for s in data.series], total, most, width)
            parts: list[Content | str] = [f"  {periods[first]:>{label_width}}  "]
            for k, n in enumerate(cells):
                if n:
                    parts.append(Content.styled("█" * n, styles[k]))
            parts.append(f" {total}")
            lines.append(Content.assemble(*parts))
        self.update(Content("\n").join(lines))


def _runs(totals: Sequence[int]) -> list[list[int]]:
    """Period indices grouped: each run of ``RUN`` or more periods without a use is one
    group, every other period a group of its own."""
    groups: list[list[int]] = []
    quiet: list[int] = []
    for n, total in [*enumerate(totals), (len(totals), None)]:
        if total == 0:
            quiet.append(n)
            continue
        groups += [quiet] if len(quiet) >= RUN else [[q] for q in quiet]
        quiet = []
        if total is not None:
            groups.append([n])
    return groups


def _cells(uses: Sequence[int], total: int, most: int, width: int) -> list[int]:
    """Cells per series, the row ``total`` scaled to ``width`` at the busiest period; every
    series used gets a cell at least, so a wording said once still shows."""
    row = max(1, round(width * total / most)) if most else 0
    return [max(1, round(row * n / total)) if n else 0 for n in uses]
