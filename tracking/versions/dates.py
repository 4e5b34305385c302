"""How far apart two documents were issued, from their metadata, and what is not known.

A document's date is what ``Document.date`` says (ISO ``yyyy-mm-dd``; ``yyyy-mm`` or ``yyyy``
are read as the whole month or year) or, failing that, ``Document.year``; neither is guessed
here. Each date is an interval of days, so the gap between two documents is known exactly
(two days), bounded (a day and a year: at least and at most so many days), or unknown (a
document without any date). ``apart`` answers the one question relations ask, "more than
``WEEK`` days apart?", with ``None`` when the metadata cannot say. Two documents in different
years with no day known are taken as apart: being a week apart across New Year is the only
way to be wrong, and the note says the days are unknown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from tifa.corpus import Document, DocumentInfo

WEEK = 7
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True)
class DateGap:
    """``days`` when both days are known; ``apart`` True/False/None (more than a week apart,
    or not known); ``note`` says what was missing or inferred (None when both days known)."""

    days: int | None
    apart: bool | None
    note: str | None


def interval(doc: Document | DocumentInfo) -> tuple[dt.date, dt.date] | None:
    """The first and last day ``doc`` may have been issued on, or None if nothing is known."""
    match = _ISO.match(doc.date or "")
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:
            if month and day:
                return dt.date(year, month, day), dt.date(year, month, day)
            if month:
                last = calendar.monthrange(year, month)[1]
                return dt.date(year, month, 1), dt.date(year, month, last)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        except ValueError:
            pass  # an impossible date (2019-02-30): fall back to the year
    if doc.year:
        return dt.date(doc.year, 1, 1), dt.date(doc.year, 12, 31)
    return None


def days_apart(days: int, word: str = "apart") -> str:
    """``days`` as a reader says it: "the same day", "1 day apart", "9 days later"."""
    if days == 0:
        return "the same day"
    return f"{days:,} day{'s' if days != 1 else ''} {word}"


def date_gap(a: Document | DocumentInfo, b: Document | DocumentInfo) -> DateGap:
    """The gap between ``a`` and ``b``, as far as their metadata says."""
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        missing = [d.id for d, i in ((a, ia), (b, ib)) if i is None]
        return DateGap(None, None, f"date unknown: {', '.join(missing)}")
    least = max(0, (ib[0] - ia[1]).days, (ia[0] - ib[1]).days)
    most = max((ib[1] - ia[0]).days, (ia[1] - ib[0]).days)
    if least == most:
        return DateGap(least, least > WEEK, None)
    vague = [d.id for d, i in ((a, ia), (b, ib)) if i[0] != i[1]]
    note = f"day unknown: {', '.join(vague)}; {least:,}-{most:,} days apart"
    if least > WEEK or most <= WEEK:
        return DateGap(None, least > WEEK, note)
    if ia[0].year != ib[0].year:  # intervals never span two years
        return DateGap(None, True, f"{note}; in different years, taken as apart")
    return DateGap(None, None, note)
