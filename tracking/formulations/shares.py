"""A family's variants' shares per period: the numbers behind every chart of a family.

The text and Markdown summaries draw them as a sparkline per variant, the HTML report and the
workbench as a stacked column per period. Decisions:

* A variant's share in a period is its uses over all the family's variant uses there (an
  event saying two variants counts for each, as ``variants`` counts them).
* The ``top`` most used variants get a series each; the rest are summed into one "other
  wordings" series, so that a family said in a hundred one-off wordings still reads.
* A period in which the family is not said has no share (None): absent, not zero percent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tifa.tracking.formulations.families import Family

TOP = 5
OTHER = "other wordings"
SPARKS = "▁▂▃▄▅▆▇█"
NO_USE = "·"


@dataclass(frozen=True, slots=True)
class Series:
    name: str  # "v0" … or OTHER
    wording: str  # the variant's template (empty for OTHER)
    uses: tuple[int, ...]  # per period


@dataclass(frozen=True, slots=True)
class Shares:
    periods: tuple[str, ...]
    series: tuple[Series, ...]  # most used first, OTHER last
    totals: tuple[int, ...]  # all variant uses per period

    def share(self, series: Series, n: int) -> float | None:
        return series.uses[n] / self.totals[n] if self.totals[n] else None


def shares(family: Family, periods: Sequence[str], top: int = TOP) -> Shares:
    """The variants' uses per period of ``periods`` (see the module docstring)."""
    shown = [
        Series(f"v{v.index}", v.template, tuple(v.count(p) for p in periods))
        for v in family.variants[:top]
    ]
    rest = family.variants[top:]
    if rest:
        shown.append(Series(OTHER, "", tuple(sum(v.count(p) for v in rest) for p in periods)))
    totals = tuple(sum(s.uses[n] for s in shown) for n in range(len(periods)))
    return Shares(tuple(periods), tuple(shown), totals)


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value in 0..1: eighth blocks, ``·`` where it is 0 or None (this
    wording not said in that period)."""
    return "".join(
        SPARKS[min(len(SPARKS) - 1, int(v * len(SPARKS)))] if v else NO_USE for v in values
    )
