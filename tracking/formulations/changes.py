"""What changed per year: formulations new in a year, dropped after it, back after a gap.

Decisions:

* Years are the corpus's years (those with at least one dated document), not the topic's: a
  formulation absent from a year whose press conference is in the corpus was not said there.
  A year without any document is no gap (2017 → 2019 with no 2018 file is consecutive).
* The first corpus year is the baseline: everything in it would be "new", so nothing is
  listed as new there. Likewise nothing is "dropped after" the last year.
* "dropped after Y" lists a formulation present in Y and absent in the next corpus year; it
  is ``final`` when the formulation never comes back. "returning in Y" lists one absent in the
  previous corpus year and present in an earlier one, with the years it skipped (``gap``) and,
  among them, those whose answers did not discuss the topic at all (``silent``: no question
  on the Peninsula in 2021 is not the same as a Peninsula answer without 双轨并进).
* "reworded in Y" lists families present in Y and in the year before it (in the family's own
  years) whose counted wordings differ, with the word-level change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tifa.tracking.formulations.families import Family, FamilyChange, FamilyMember, FamilyReport

Kind = Literal["new", "dropped", "returning", "reworded"]
KINDS: tuple[Kind, ...] = ("new", "dropped", "returning", "reworded")


@dataclass(frozen=True, slots=True)
class YearChange:
    """One family's change in one year; ``member`` is its wording in ``year``."""

    year: int
    kind: Kind
    family: Family
    member: FamilyMember
    gap: tuple[int, ...] = ()  # returning: the corpus years it was absent
    silent: tuple[int, ...] = ()  # the gap years in which the topic was not discussed at all
    final: bool = False  # dropped: it does not come back in a later year
    change: FamilyChange | None = None  # reworded: the change from the previous year


@dataclass(frozen=True, slots=True)
class YearSummary:
    year: int
    baseline: bool  # the first corpus year: nothing can be new in it
    discussed: bool  # the topic comes up in this year's answers at all
    present: int  # families present this year
    new: tuple[YearChange, ...]
    dropped: tuple[YearChange, ...]  # present this year, absent the next corpus year
    returning: tuple[YearChange, ...]
    reworded: tuple[YearChange, ...]

    def changes(self) -> tuple[YearChange, ...]:
        return self.new + self.dropped + self.returning + self.reworded


def year_changes(report: FamilyReport | Sequence[FamilyReport]) -> tuple[YearSummary, ...]:
    """Per corpus year, what changed across the families of one or several reports."""
    reports = (report,) if isinstance(report, FamilyReport) else tuple(report)
    if not reports:
        return ()
    years = sorted({y for r in reports for y in r.years})
    families = [f for r in reports for f in r.families]
    discussed = {r.topic.id: set(r.topic_years) for r in reports}
    out = []
    for n, year in enumerate(years):
        before = years[n - 1] if n else None
        after = years[n + 1] if n + 1 < len(years) else None
        new, dropped, returning, reworded = [], [], [], []
        present = [f for f in families if year in f.years]
        for fam in present:
            member = fam.wording(year)
            if before is not None and year == fam.first_year:
                new.append(YearChange(year, "new", fam, member))
            if after is not None and after not in fam.years:
                final = year == fam.last_year
                dropped.append(YearChange(year, "dropped", fam, member, final=final))
            if before is not None and before not in fam.years and year != fam.first_year:
                last = max(y for y in fam.years if y < year)
                gap = tuple(y for y in years if last < y < year)
                silent = tuple(y for y in gap if y not in discussed[fam.topic])
                returning.append(YearChange(year, "returning", fam, member, gap=gap, silent=silent))
            change = next((c for c in fam.changes if c.to_year == year), None)
            if change is not None and change.changed:
                reworded.append(YearChange(year, "reworded", fam, member, change=change))
        talked = any(year in d for d in discussed.values())
        out.append(
            YearSummary(
                year,
                before is None,
                talked,
                len(present),
                tuple(new),
                tuple(dropped),
                tuple(returning),
                tuple(reworded),
            )
        )
    return tuple(out)
