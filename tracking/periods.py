"""Time bins and date ranges: which period of a timeline, a family or a year of changes a
document counts in.

A period is a year ("2021"), a quarter ("2021-Q2") or a month ("2021-05"); its key is that
string, which is also what JSON carries under ``period``. Decisions:

* A document's date is what its metadata establishes, never more: a full date
  (``doc.date`` "2021-05-08", or "2021-05" when only the month is known) or a year alone
  (``doc.year``). It goes to the period of the chosen unit that holds its whole extent.
* A document dated only to a coarser unit than the one asked for (a year-only document in a
  month timeline) is never put in January: it is counted in a row of its own, the year's
  period ("2021"), placed after the year's last month or quarter, so the months' zeros stay
  true zeros. Families and changes, which need a place in the sequence, leave such documents
  out and say so (``left_out["imprecise"]``).
* A document with no year is counted in an ``undated`` row (key ``None``), last. With a
  range (``since``/``until``) it cannot be placed inside it and is left out instead.
* A range keeps a document only when its whole extent lies inside the range: a year-only
  2019 document is out of ``--since 2019-03`` (it may be from February); such documents are
  listed as ``imprecise``, documents wholly outside as ``out_of_range``.
* Every period of the range gets a row, zeros included, so an absence shows: from the first
  period holding a document dated to the unit (or ``since``) to the last (or ``until``);
  year-only rows do not stretch the range. A period with no
  document at all is told apart from one whose documents never use the phrase (no rate).
* Bounds accept what people type: "2019", "2019-03", "2019-Q2", "2019-03-08" (also with
  ``/`` or ``.``); ``since`` is the first day of what it names, ``until`` the last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol

Unit = Literal["year", "quarter", "month"]
UNITS: tuple[Unit, ...] = ("year", "quarter", "month")
UNDATED = "undated"
# Why a document is not in any period: no year (while a range is asked for); its extent
# straddles a bound of the range; outside the range; in a sequence of periods (families,
# changes), dated only to a coarser unit than the one asked for.
Reason = Literal["undated", "imprecise", "out_of_range", "coarse"]
REASONS: tuple[Reason, ...] = ("undated", "imprecise", "out_of_range", "coarse")

_BOUND = re.compile(r"^(\d{4})(?:[-/.](?:[Qq]([1-4])|(\d{1,2}))(?:[-/.](\d{1,2}))?)?$")
_DOC_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


Bound = Literal["since", "until"]


class PeriodError(ValueError):
    """A bound or unit that cannot be read; the message is one line for the user, and
    ``bounds`` says which of a range's bounds are at fault (none for a unit), so that a form
    can mark its fields."""

    def __init__(self, message: str, bounds: tuple[Bound, ...] = ()) -> None:
        super().__init__(message)
        self.bounds = bounds


class Dated(Protocol):
    """What binning reads of a document (``corpus.Document`` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def date(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Period:
    """A bin of time. ``key`` is None for undated documents; ``first``/``last`` are the
    period's first and last days (None when undated)."""

    key: str | None
    unit: Unit | None
    first: date | None
    last: date | None

    @property
    def year(self) -> int | None:
        return self.first.year if self.first else None

    @property
    def label(self) -> str:
        return self.key if self.key is not None else UNDATED

    @property
    def order(self) -> tuple[int, int, int]:
        """Chronological, a year-only row after the months of its year, undated last."""
        if self.first is None:
            return (10_000, 0, 0)
        coarse = 1 if self.unit == "year" else 0
        return (self.first.year, coarse, self.first.toordinal())

    def shown(self, unit: Unit) -> str:
        """The label in a table of ``unit``: a year-only row says so ("2021 (year only)")."""
        if self.key is None:
            return UNDATED
        return self.key if self.unit == unit else f"{self.key} (year only)"

    def contains(self, day: date) -> bool:
        return self.first is not None and self.last is not None and self.first <= day <= self.last


UNDATED_PERIOD = Period(None, None, None, None)


def period_at(day: date, unit: Unit) -> Period:
    """The period of ``unit`` that holds ``day``."""
    if unit == "year":
        return Period(f"{day.year:04d}", unit, date(day.year, 1, 1), date(day.year, 12, 31))
    if unit == "quarter":
        q = (day.month - 1) // 3 + 1
        first = date(day.year, 3 * q - 2, 1)
        return Period(f"{day.year:04d}-Q{q}", unit, first, _month_end(day.year, 3 * q))
    first = date(day.year, day.month, 1)
    return Period(f"{day.year:04d}-{day.month:02d}", unit, first, _month_end(day.year, day.month))


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def periods_between(first: date, last: date, unit: Unit) -> list[Period]:
    """Every period of ``unit`` from the one holding ``first`` to the one holding ``last``."""
    out: list[Period] = []
    day = first
    while day <= last:
        period = period_at(day, unit)
        out.append(period)
        assert period.last is not None
        day = period.last + timedelta(days=1)
    return out


def doc_extent(doc: Dated) -> tuple[date, date] | None:
    """The first and last day the document may be from: its day, its month, or its year;
    None when not even the year is known. A date whose year disagrees with ``doc.year`` is
    not trusted beyond the year."""
    match = _DOC_DATE.match(doc.date or "")
    if match is not None:
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if doc.year in (None, year) and month is not None and 1 <= month <= 12:
            if day is not None:
                try:
                    found = date(year, month, day)
                except ValueError:
                    found = None
                if found is not None:
                    return found, found
            return date(year, month, 1), _month_end(year, month)
    if doc.year is None:
        return None
    return date(doc.year, 1, 1), date(doc.year, 12, 31)


def place(extent: tuple[date, date] | None, unit: Unit) -> Period:
    """The period of ``unit`` holding the whole extent, else its year's, else undated."""
    if extent is None:
        return UNDATED_PERIOD
    first, last = extent
    period = period_at(first, unit)
    if period.contains(last):
        return period
    year = period_at(first, "year")
    return year if year.contains(last) else UNDATED_PERIOD


def parse_bound(text: str, *, end: bool) -> date:
    """A range bound as typed: the first day of what it names, or the last when ``end``."""
    match = _BOUND.match(text.strip())
    if match is None:
        raise PeriodError(f"{text!r}: not a date (expected 2019, 2019-03, 2019-Q2 or 2019-03-08)")
    year, quarter, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if year < 1:
        raise PeriodError(f"{text!r}: not a date (year {year})")
    if quarter is not None:
        first = date(year, 3 * quarter - 2, 1)
        return _month_end(year, 3 * quarter) if end else first
    if month is None:
        return date(year, 12, 31) if end else date(year, 1, 1)
    if not 1 <= month <= 12:
        raise PeriodError(f"{text!r}: not a date (month {month})")
    if day is None:
        return _month_end(year, month) if end else date(year, month, 1)
    try:
        return date(year, month, day)
    except ValueError as err:
        raise PeriodError(f"{text!r}: not a date ({err})") from None


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive bounds; None means open. ``since``/``until`` as the user typed them."""

    first: date | None = None
    last: date | None = None
    since: str | None = None
    until: str | None = None

    @property
    def bounded(self) -> bool:
        return self.first is not None or self.last is not None

    def status(self, extent: tuple[date, date]) -> Literal["in", "out", "straddles"]:
        lo, hi = extent
        after_start = self.first is None or lo >= self.first
        before_end = self.last is None or hi <= self.last
        if after_start and before_end:
            return "in"
        if (self.first is not None and hi < self.first) or (
            self.last is not None and lo > self.last
        ):
            return "out"
        return "straddles"

    def describe(self) -> str:
        if not self.bounded:
            return ""
        return f"{self.since or '…'} to {self.until or '…'}"


def date_range(
    since: str | None = None,
    until: str | None = None,
    *,
    names: tuple[str, str] = ("--since", "--until"),
) -> DateRange:
    """The range between two typed bounds; PeriodError when one is unreadable or they cross,
    its message calling the bounds by ``names``: the command line's options, or the fields of
    a form where the user typed them."""
    first = _read_bound(since, "since", names[0], end=False)
    last = _read_bound(until, "until", names[1], end=True)
    if first is not None and last is not None and first > last:
        raise PeriodError(f"{names[0]} {since} is after {names[1]} {until}", ("since", "until"))
    return DateRange(first, last, since or None, until or None)


def _read_bound(text: str | None, bound: Bound, name: str, *, end: bool) -> date | None:
    if not text:
        return None
    try:
        return parse_bound(text, end=end)
    except PeriodError as err:
        raise PeriodError(f"{name} {err}", (bound,)) from None


def check_unit(unit: str) -> Unit:
    for known in UNITS:
        if unit == known:
            return known
    raise PeriodError(f"unknown period unit {unit!r} (expected one of: {', '.join(UNITS)})")


@dataclass(frozen=True, slots=True)
class Binning:
    """Where each document of a corpus counts, for one unit and range.

    ``periods`` are the rows in order: every period of ``unit`` in the range, then the
    year-only rows after their year's periods, then ``undated`` (only when there is no
    range). ``of_doc`` maps the id of each placed document to its period; ``left_out`` lists
    the others by reason.
    """

    unit: Unit
    range: DateRange
    periods: tuple[Period, ...]
    of_doc: Mapping[str, Period]
    left_out: Mapping[Reason, tuple[str, ...]]

    def exact(self, doc_id: str) -> Period | None:
        """The document's period when it is one of the unit's own (not year-only, dated)."""
        period = self.of_doc.get(doc_id)
        return period if period is not None and period.unit == self.unit else None

    def sequence_left_out(self) -> dict[Reason, tuple[str, ...]]:
        """What a sequence of the unit's periods leaves out: ``left_out``, plus the
        documents of the undated row (as ``undated``) and of year-only rows (``coarse``)."""
        out = {r: list(ids) for r, ids in self.left_out.items()}
        for doc_id, period in self.of_doc.items():
            if period.unit != self.unit:
                out["undated" if period.key is None else "coarse"].append(doc_id)
        return {r: tuple(ids) for r, ids in out.items()}


def bin_documents(
    docs: Iterable[Dated], unit: Unit = "year", span: DateRange | None = None
) -> Binning:
    """Place each document in a period of ``unit`` (see the module docstring)."""
    span = span or DateRange()
    of_doc: dict[str, Period] = {}
    left: dict[Reason, list[str]] = {r: [] for r in REASONS}
    extents: list[tuple[date, date]] = []
    # Where a document goes depends on its date and year only: decided once per pair (an
    # archive of 10,000 documents has a few thousand), with one Period object per period,
    # so that tables keyed by period find it by identity.
    Decision = tuple[tuple[date, date], str, Period] | None
    decided: dict[tuple[str | None, int | None], Decision] = {}
    periods: dict[Period, Period] = {}
    for doc in docs:
        when = (doc.date, doc.year)
        if when not in decided:
            extent = doc_extent(doc)
            if extent is None:
                decided[when] = None
            else:
                period = place(extent, unit)
                decided[when] = extent, span.status(extent), periods.setdefault(period, period)
        found = decided[when]
        if found is None:
            if span.bounded:
                left["undated"].append(doc.id)
            else:
                of_doc[doc.id] = UNDATED_PERIOD
            continue
        extent, status, period = found
        if status != "in":
            left["imprecise" if status == "straddles" else "out_of_range"].append(doc.id)
            continue
        of_doc[doc.id] = period
        if period.unit == unit:
            extents.append(extent)
    placed = {id(period): period for period in of_doc.values()}.values()  # no hashing
    return Binning(
        unit,
        span,
        _rows(placed, extents, unit, span),
        of_doc,
        {r: tuple(ids) for r, ids in left.items()},
    )


def _rows(
    placed: Iterable[Period], extents: Sequence[tuple[date, date]], unit: Unit, span: DateRange
) -> tuple[Period, ...]:
    lo = span.first or min((e[0] for e in extents), default=None)
    hi = span.last or max((e[1] for e in extents), default=None)
    rows = set(placed)  # first: a set keeps the objects the documents were placed in
    if lo is not None and hi is not None:
        rows.update(periods_between(lo, hi, unit))
    return tuple(sorted(rows, key=lambda p: p.order))


WHY: dict[Reason, str] = {
    "undated": "no year",
    "imprecise": "date too coarse for the range",
    "out_of_range": "outside the range",
    "coarse": "dated only to a coarser period",
}


def left_out_line(left_out: Mapping[Reason, Sequence[str]]) -> str:
    """One line for people: what was left out, and why ("" when nothing was)."""
    parts = [f"{len(ids)} {WHY[r]}" for r, ids in left_out.items() if ids]
    return f"left out: {', '.join(parts)} (documents)" if parts else ""
