"""What changed per period: formulations new in a period, dropped after it, back after a gap.

Periods are those of the family reports (years by default, or quarters or months; see
``tracking.periods``). Decisions:

* The periods are those holding at least one document, not the topic's: a formulation absent
  from a period whose press conferences are in the corpus was not said there. A period
  without any document is no gap (2017 → 2019 with no 2018 file is consecutive).
* The first period is the baseline: everything in it would be "new", so nothing is listed as
  new there. Likewise nothing is "dropped after" the last period.
* "dropped after P" lists a formulation present in P and absent in the next period; it is
  ``final`` when the formulation never comes back. "returning in P" lists one absent in the
  previous period and present in an earlier one, with the periods it skipped (``gap``) and,
  among them, those whose answers did not discuss the topic at all (``silent``: no question
  on the Peninsula in 2021 is not the same as a Peninsula answer without 双轨并进).
* "reworded in P" lists families present in P and in the period before it (in the family's
  own periods) whose counted wordings differ, with the word-level change.
* Each period says how many events (documents, two editions of one event counting once) it
  holds (``events``), so a count of changes can be read against how much was said.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from tifa.corpus.model import Role
from tifa.corpus.voice import OFFICIAL
from tifa.tracking.formulations.families import Family, FamilyChange, FamilyMember, FamilyReport
from tifa.tracking.periods import DateRange, Reason, Unit

Kind = Literal["new", "dropped", "returning", "reworded"]
KINDS: tuple[Kind, ...] = ("new", "dropped", "returning", "reworded")


@dataclass(frozen=True, slots=True)
class PeriodChange:
    """One family's change in one period; ``member`` is its wording in ``period``."""

    period: str
    kind: Kind
    family: Family
    member: FamilyMember
    gap: tuple[str, ...] = ()  # returning: the periods it was absent
    silent: tuple[str, ...] = ()  # the gap periods in which the topic was not discussed at all
    final: bool = False  # dropped: it does not come back in a later period
    change: FamilyChange | None = None  # reworded: the change from the previous period


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    period: str
    events: int  # events (two editions count once) in the period
    baseline: bool  # the first period: nothing can be new in it
    discussed: bool  # the topic comes up in this period's answers at all
    present: int  # families present this period
    new: tuple[PeriodChange, ...]
    dropped: tuple[PeriodChange, ...]  # present this period, absent the next one
    returning: tuple[PeriodChange, ...]
    reworded: tuple[PeriodChange, ...]

    @property
    def year(self) -> int:
        return int(self.period[:4])

    def changes(self) -> tuple[PeriodChange, ...]:
        return self.new + self.dropped + self.returning + self.reworded


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """The summaries of every period, with the unit, range and left-out documents they
    were built with; iterating gives the summaries."""

    unit: Unit
    range: DateRange
    left_out: dict[Reason, tuple[str, ...]]
    roles: tuple[Role, ...]
    summaries: tuple[PeriodSummary, ...]

    def __iter__(self) -> Iterator[PeriodSummary]:
        return iter(self.summaries)

    def __len__(self) -> int:
        return len(self.summaries)


def period_changes(report: FamilyReport | Sequence[FamilyReport]) -> ChangeReport:
    """Per period, what changed across the families of one or several reports (built with
    the same unit and range)."""
    reports = (report,) if isinstance(report, FamilyReport) else tuple(report)
    if not reports:
        return ChangeReport("year", DateRange(), {}, OFFICIAL, ())
    first = reports[0]
    return ChangeReport(
        first.unit, first.binning.range, first.left_out, first.roles, _summaries(reports)
    )


def _summaries(reports: Sequence[FamilyReport]) -> tuple[PeriodSummary, ...]:
    periods = sorted({p for r in reports for p in r.periods})
    events = {p: max(r.events_in.get(p, 0) for r in reports) for p in periods}
    families = [f for r in reports for f in r.families]
    discussed = {r.topic.id: set(r.topic_periods) for r in reports}
    out = []
    for n, period in enumerate(periods):
        before = periods[n - 1] if n else None
        after = periods[n + 1] if n + 1 < len(periods) else None
        new, dropped, returning, reworded = [], [], [], []
        present = [f for f in families if period in f.periods]
        for fam in present:
            member = fam.wording(period)
            if before is not None and period == fam.first:
                new.append(PeriodChange(period, "new", fam, member))
            if after is not None and after not in fam.periods:
                final = period == fam.last
                dropped.append(PeriodChange(period, "dropped", fam, member, final=final))
            if before is not None and before not in fam.periods and period != fam.first:
                last = max(p for p in fam.periods if p < period)
                gap = tuple(p for p in periods if last < p < period)
                silent = tuple(p for p in gap if p not in discussed[fam.topic])
                returning.append(
                    PeriodChange(period, "returning", fam, member, gap=gap, silent=silent)
                )
            change = next((c for c in fam.changes if c.to_period == period), None)
            if change is not None and change.changed:
                reworded.append(PeriodChange(period, "reworded", fam, member, change=change))
        talked = any(period in d for d in discussed.values())
        out.append(
            PeriodSummary(
                period,
                events[period],
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
