"""What the summaries show: the most used families, the most used changes of each kind per
period, and how a use is cited. Shared by the text, Markdown and HTML renderers (``render``,
``report``); JSON and CSV (``records``) hold everything."""

from __future__ import annotations

from collections.abc import Sequence

from tifa.tracking.formulations.changes import ChangeReport, PeriodChange, PeriodSummary
from tifa.tracking.formulations.families import Family, FamilyMember
from tifa.tracking.formulations.records import counted
from tifa.tracking.periods import parse_bound, period_at
from tifa.tracking.scope import scope_line

LIMIT = 20


def top(families: Sequence[Family], limit: int | None) -> list[Family]:
    """The families said most (events), the ones recurring across more periods first on a
    tie; all of them when ``limit`` is None. A summary of the whole voice (``limit`` given)
    leaves out a phrase nested in one it already shows, or holding one, as ``ranked`` does:
    注意到有关, 注意到有关报道, 我们注意到有关 and 我们注意到有关报道 were four of the first twelve
    on the MFA pages."""
    ranked = sorted(families, key=lambda f: (-f.uses, -len(f.periods), f.id))
    if limit is None:
        return ranked
    chosen: list[Family] = []
    shown = _Shown()
    for f in ranked:
        if len(chosen) == limit:
            break
        if f.topic != "all" or shown.take(f.label):
            chosen.append(f)
    return chosen


def nested_note(chosen: Sequence[Family]) -> str:
    """What a summary of the whole voice says of the phrases ``top`` left out."""
    return ", phrases nested in one shown left out" if chosen and chosen[0].topic == "all" else ""


class _Shown:
    """The labels a summary shows, to tell whether another is nested in one of them or holds
    one, in time linear in the labels, not in their pairs: the whole voice of 10,000
    briefings lists thousands of changes of a kind in a period."""

    def __init__(self) -> None:
        self.labels: set[str] = set()
        self.lengths: set[int] = set()
        self.joined = ""  # the labels, apart: one substring search finds a label in any

    def take(self, label: str) -> bool:
        """Show ``label`` unless it is nested in one shown or holds one; whether shown."""
        if label in self.joined or any(
            label[i : i + n] in self.labels
            for n in self.lengths
            if n <= len(label)
            for i in range(len(label) - n + 1)
        ):
            return False
        self.labels.add(label)
        self.lengths.add(len(label))
        self.joined += f"{label}\x00"
        return True


def cite(m: FamilyMember, wording: bool = False) -> str:
    """Where a use is; with ``wording``, the raw offsets of its variant's wording (the cut
    of its window, ``cores``) rather than of the whole window."""
    variant = f" (edition of {m.variant_of})" if m.variant_of else ""
    linked = f" (key phrase {m.linked_by})" if m.linked_by else ""
    start, end = (m.raw_wording_start, m.raw_wording_end) if wording else (m.raw_start, m.raw_end)
    return f"{m.doc} turn {m.turn} [{start}–{end}]{variant}{linked}"


def ranked(items: Sequence[PeriodChange]) -> list[PeriodChange]:
    """The most used formulations first; of phrases nested in one another (the whole voice:
    人类卫生健康共同体, 构建人类卫生健康共同体) only the most used."""
    order = sorted(items, key=lambda c: (-c.family.uses, c.family.id))
    shown = _Shown()
    return [c for c in order if c.family.topic != "all" or shown.take(c.family.label)]


def documents(s: PeriodSummary) -> str:
    """A period's documents, and its events when there are fewer (two editions of one press
    conference, or a statement and the briefing that printed it, count once): ``42
    documents, 36 events``. Counts of uses are of events."""
    said = counted(s.documents, "document")
    return said if s.events == s.documents else f"{said}, {counted(s.events, 'event')}"


def period_notes(s: PeriodSummary, report: ChangeReport) -> list[str]:
    """What a period's head says besides its counts: that it is the baseline (the first of
    the corpus, or of the range asked for), and that the range cuts it (``partial:
    2019-05-15 to 2019-05-31``): its counts are of part of it, compared with whole periods."""
    span, unit = report.range, report.unit
    notes = []
    if s.baseline:
        notes.append(f"baseline: first {unit} {'of the range' if span.first else 'in the corpus'}")
    whole = period_at(parse_bound(s.period, end=False), unit)
    assert whole.first is not None and whole.last is not None
    lo = span.first if span.first is not None and span.first > whole.first else whole.first
    hi = span.last if span.last is not None and span.last < whole.last else whole.last
    if (lo, hi) != (whole.first, whole.last):
        notes.append(f"partial: {lo.isoformat()} to {hi.isoformat()}")
    return notes


def change_scope(report: ChangeReport) -> list[str]:
    """The lines heading a change report: its scope, and with a range what its new and
    dropped lines were checked against outside it (``outside``)."""
    lines = [scope_line(report.roles, None, report.range, report.left_out)]
    if report.outside is not None:
        lines.append(report.outside.line())
    return [line for line in lines if line]
