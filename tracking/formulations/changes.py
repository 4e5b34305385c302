"""What changed per period: formulations new, gone quiet, back after a silence, reworded,
and wordings that overtook others.

Periods are those of the family reports (years by default, or quarters or months; see
``tracking.periods``). In an archive of daily briefings a line skips a month for no reason,
and a boilerplate line's first use falls in the second month by chance; so a silence is
reported only when it is evidence (``tracking.formulations.turning.silence_chance``: were the
formulation's uses spread at random over the events that discussed its topic, a stretch that
long without one would have a chance below 5 %). Where periods hold few events (at most
``SPARSE``, 3, on average: a handful of press conferences, a report a year) no test can tell
anything, and every absence over a period that discussed the topic counts, as a reader of a
handful of transcripts expects.
The lists stay short enough to read: a formulation, not every clause that happens to recur.
Only families whose most used wording holds a keyword of the topic are listed (a context line
such as 关于第二个问题 or 我愿再次重申, said beside the topic, is not a formulation on it). The
rules:

* The periods are those holding at least one document, not the topic's: a formulation absent
  from a period whose press conferences are in the corpus was not said there. A period
  without any document is no gap (2017 → 2019 with no 2018 file is consecutive).
* **new** in P: the formulation's first use is in P, it is used again (in another event: a
  line said once is no formulation yet), and the silence before P is telling. The first
  period is the baseline: nothing is new in it. A new wording of an older line is new too:
  a variant first said after its family's first period, said again, whose silence before
  is telling at the variant's own rate with ``ALPHA`` divided by the number of the family's
  variants said twice (Bonferroni: each is one more test). A family is an umbrella for one
  formulation's wordings, and a slogan that joins one (推动共建“一带一路”高质量发展 among the
  lines that say 共建“一带一路”) is still a new line; the item carries the ``variant``.
* **dropped** after P: P is its last use, and the silence after it, to the end of the
  corpus, is telling. Nothing is dropped after the last period. A silence that ends is
  reported once, where it ends, as **returning**: to a reader a line quiet through 2017 and
  said again in 2018 has a gap, not a drop (listing it as dropped in 2016 as well filled the
  baseline year of the MFA sample with 138 such items). Dropped and returning need an
  established line: said in two periods, or in ``MIN_USES`` (3) events. In a dense archive a
  dropped line must have been said in two periods: a line said only in one period (海湖庄园
  会晤, 16 briefings of 2017) was an episode, not a formulation that went quiet.
* **returning** in P: back after a telling silence; ``gap`` lists the periods skipped,
  ``silent`` those in which the topic was not discussed at all (no question on the Peninsula
  in 2021 is not the same as a Peninsula answer without 双轨并进), and ``last`` cites the use
  before the silence. In a dense archive the line must have been said in ``MIN_USES``
  events before it fell silent: a phrase said once in 2016 and often from 2018 on came into
  use in 2018, it did not come back (in a sparse one every absence counts, as above).
* **reworded** in P: the canonical variant (``Family.canonical``) replaces the one of the
  family's previous period (the old one is not said in P, the new one was not said before),
  and each is said in at least half the family's uses of its period (a clear leader, not one
  of many wordings said once each) and, in a dense archive, more often than any other
  variant there (a tie names no usual wording), neither only held by a key phrase, and the
  two keep most of their characters in common: a ``similarity`` (Indel ratio) of at least
  the floor every wording of a family must reach against every other (``clustering.floor``:
  0.55 at the default ``min_similarity``). Less alike, they are two lines that a key phrase
  or a chain of links put in one family, or a phrase and a longer sentence around it, and
  the change is of line, not of words (中方坚决反对任何形式的“台独”分裂 → 国际社会广泛理解和
  支持中国人民反对“台独”分裂活动…, 0.28; 我们看到了关于美国拟在韩国部署无人机的报道 → 我们看到了相关
  报道, 0.53). On the MFA pages this took the yearly rewordings of Taiwan from 26 to 22, and of
  the United States from 161 to 143. Nor is one wording the other with words added or
  dropped at its ends only (美国在韩国部署“萨德”反导系统[-严重破坏地区战略平衡-], [+美国政府和企业
  对+]中国政府在台湾问题上的立场[+是非常清楚的+]): that is the formulation cut in a wider or
  narrower stretch, its words unchanged (Taiwan 22 → 20, the United States 143 → 131 a year;
  a change inside, 停止部署[+“萨德”+]进程, or at an end that replaces a word, is still one;
  with no tie in a dense archive, as the families now stand, Taiwan 18 → 10 and the United
  States 183 → 123: among the ties, taiwan-85's 2017 的信号 over 信息, which another 2017
  briefing still said). In a dense archive each wording is a usual one on its side of the
  change, said in ``MIN_REWORDED`` events (``_usual``; Taiwan 10 → 1 a year and 54 → 7 a
  month, the United States 123 → 5 and 497 → 14). With the word-level change between the
  two canonical wordings. In a dense archive, where wordings coexist, **overtook** says more.
* **overtook** in P: a variant whose share of the family rises for good in P
  (``turning.change_points``), to lead the family after P, while another variant led before.
* Each item cites the first (for dropped: the last) use in P: document, turn, and the
  offsets of what the use says of the formulation (its wording, ``cores``), which the
  summaries head the item with: two families whose first use is one sentence (a line, and a
  key phrase said inside it) then read apart.
* Each period says how many events (documents, two editions of one event counting once) it
  holds, so a count of changes can be read against how much was said.
* The whole voice's new, dropped and returning lines are listed only when the text bears
  them out (``nested``): its phrases nested in one another are families of their own, and a
  line's words may go on inside a longer line after its own family falls silent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, takewhile
from typing import TYPE_CHECKING, Literal

import numpy as np

from tifa.corpus.model import Role
from tifa.corpus.voice import OFFICIAL
from tifa.tracking.formulations.clustering import floor
from tifa.tracking.formulations.families import (
    EVENT,
    Family,
    FamilyChange,
    FamilyMember,
    FamilyReport,
)
from tifa.tracking.formulations.nested import said_inside
from tifa.tracking.formulations.turning import ALPHA, change_points, silence_chance
from tifa.tracking.formulations.variants import Variant
from tifa.tracking.periods import DateRange, Reason, Unit
from tifa.tracking.worddiff import WordEdit

if TYPE_CHECKING:
    from tifa.tracking.formulations.outside import Outside

Kind = Literal["new", "dropped", "returning", "reworded", "overtook"]
KINDS: tuple[Kind, ...] = ("new", "dropped", "returning", "reworded", "overtook")
MIN_USES = 3  # a family said less often, in one period, has no silence worth testing
SPARSE = 3  # events a period holds on average, at most, for every absence to count
MIN_VARIANT_USES = 3  # a variant used fewer times has no share series worth testing
CLEAR_LEADER = 0.5
MIN_REWORDED = 2  # events saying each side of a rewording, at least, in a dense archive


NOT_DISCUSSED = "topic not discussed"
NOTHING_RECURS = "no recurring phrase said"  # the whole voice, which has no topic


@dataclass(frozen=True, slots=True)
class PeriodChange:
    """One family's change in one period; ``member`` is the use cited (the first in the
    period, the last for ``dropped``)."""

    period: str
    kind: Kind
    family: Family
    member: FamilyMember
    gap: tuple[str, ...] = ()  # returning: the periods it was absent
    silent: tuple[str, ...] = ()  # the gap periods in which the topic was not discussed at all
    change: FamilyChange | None = None  # reworded: the change from the previous period
    chance: float | None = None  # new, dropped, returning: the silence's chance at its rate
    last: FamilyMember | None = None  # returning: the last use before the silence
    variant: Variant | None = None  # overtook: the variant that rose
    overtaken: Variant | None = None  # overtook: the variant that led before
    before: float | None = None  # overtook: the rising variant's share before and after P
    after: float | None = None
    before_span: tuple[str, str] | None = None  # overtook: (first, last) period of each share
    after_span: tuple[str, str] | None = None
    # a new wording, with a range: the date (or document) of its line's last use before the
    # range (``outside.checked_outside``), its family's first period being only the range's
    line_before: str | None = None

    @property
    def final(self) -> bool:
        """A dropped line does not come back (a silence that ends is ``returning``)."""
        return self.kind == "dropped"


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    period: str
    events: int  # events (two editions count once) in the period
    documents: int  # documents placed in the period
    baseline: bool  # the first period: nothing can be new in it
    discussed: bool  # the topic comes up in this period's answers at all
    present: int  # families present this period
    new: tuple[PeriodChange, ...]
    dropped: tuple[PeriodChange, ...]  # last use before a telling silence to the end
    returning: tuple[PeriodChange, ...]
    reworded: tuple[PeriodChange, ...]
    overtook: tuple[PeriodChange, ...] = ()

    @property
    def year(self) -> int:
        return int(self.period[:4])

    def changes(self) -> tuple[PeriodChange, ...]:
        return self.new + self.dropped + self.returning + self.reworded + self.overtook


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """The summaries of every period, with the unit, range and left-out documents they
    were built with; iterating gives the summaries."""

    unit: Unit
    range: DateRange
    left_out: dict[Reason, tuple[str, ...]]
    roles: tuple[Role, ...]
    summaries: tuple[PeriodSummary, ...]
    # what a period is called in which nothing was said of it: the whole voice has no topic
    silence: str = NOT_DISCUSSED
    # with a range: the new and dropped lines checked against the documents outside it
    # (``outside.checked_outside``), None before that
    outside: Outside | None = None

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
    whole = all(r.topic.whole for r in reports)
    return ChangeReport(
        first.unit,
        first.binning.range,
        first.left_out,
        first.roles,
        _summaries(reports),
        NOTHING_RECURS if whole else NOT_DISCUSSED,
    )


def _sparse(events: Mapping[str, int]) -> bool:
    """Whether an archive of these events per period is sparse: ``SPARSE`` a period or fewer
    on average, so that every absence counts and a tie is one document saying a line two
    ways (the congress reports), where a dense one's briefings say lines side by side."""
    return sum(events.values()) <= SPARSE * len(events)


def _summaries(reports: Sequence[FamilyReport]) -> tuple[PeriodSummary, ...]:
    periods = sorted({p for r in reports for p in r.periods})
    events = {p: max(r.events_in.get(p, 0) for r in reports) for p in periods}
    documents = reports[0].documents_in  # the reports share their unit and range
    found: dict[str, dict[Kind, list[PeriodChange]]] = {p: {k: [] for k in KINDS} for p in periods}
    present = dict.fromkeys(periods, 0)
    sparse = _sparse(events)
    for r in reports:
        line = _Timeline(periods, r.topic_events, sparse)
        listed: list[PeriodChange] = []
        for fam in r.families:
            for p in fam.periods:
                present[p] += 1
            if not fam.variants[0].first.hit:
                continue  # a context line (关于第二个问题, 我愿再次重申) beside the topic
            listed.extend(_family_changes(fam, line, floor(r.min_similarity)))
        if r.topic.whole:
            listed = _said_in_words(listed, r.families, line.at)
        for change in listed:
            found[change.period][change.kind].append(change)
    discussed = {p for r in reports for p in r.topic_periods}
    return tuple(
        PeriodSummary(
            p,
            events[p],
            documents.get(p, 0),
            n == 0,
            p in discussed,
            present[p],
            *(tuple(found[p][k]) for k in KINDS),
        )
        for n, p in enumerate(periods)
    )


_SILENCES = ("new", "dropped", "returning")  # the changes a silence makes


def _said_in_words(
    changes: list[PeriodChange], families: Sequence[Family], at: Mapping[str, int]
) -> list[PeriodChange]:
    """The whole voice's changes that its words bear out (``nested``): no line new in a
    period that a longer line said it in before, dropped after one, or returning from a
    silence during which one said it."""
    claims = [c for c in changes if c.kind in _SILENCES and c.variant is None]
    inside = said_inside(families, {id(c.family): c.family for c in claims}.values())

    def borne_out(c: PeriodChange) -> bool:
        said = {at[p] for p in inside.get(c.family.id, ()) if p in at}
        here = at[c.period]
        if c.kind == "new":
            return not any(n < here for n in said)
        if c.kind == "dropped":
            return not any(n > here for n in said)
        return said.isdisjoint(at[p] for p in c.gap)

    return [c for c in changes if c.kind not in _SILENCES or c.variant is not None or borne_out(c)]


class _Timeline:
    """The periods of a report and the events that discussed its topic, summed once for
    all its families (a silence's events are a difference of two running sums)."""

    def __init__(self, periods: Sequence[str], heard: Mapping[str, int], sparse: bool) -> None:
        self.periods = periods
        self.at = {p: n for n, p in enumerate(periods)}
        self.heard = heard
        self.running = list(accumulate((heard.get(p, 0) for p in periods), initial=0))
        self.events = self.running[-1]
        self.sparse = sparse

    def silence(self, lo: int, hi: int, uses: int) -> tuple[bool, float | None]:
        """Is the silence over periods[lo:hi] telling for a line said in ``uses`` events,
        and its chance (None if sparse)?"""
        quiet = self.running[hi] - self.running[lo]
        if self.sparse:
            return quiet > 0, None
        chance = silence_chance(uses, quiet, self.events)
        return chance < ALPHA, chance


def _family_changes(fam: Family, line: _Timeline, alike: float) -> Iterator[PeriodChange]:
    """Everything that changed for one family (see the module docstring)."""
    periods, at, heard, sparse = line.periods, line.at, line.heard, line.sparse
    said = [p for p in fam.periods if p in at]
    uses = fam.uses

    def silence(lo: int, hi: int, uses: int = uses) -> tuple[bool, float | None]:
        return line.silence(lo, hi, uses)

    first = at[said[0]]
    if first > 0 and uses > 1:
        onset, chance = silence(0, first)
        if onset:
            yield PeriodChange(said[0], "new", fam, _first(fam, said[0]), chance=chance)
    # a new wording of an older line (推动共建“一带一路”高质量发展 in a family of the lines that
    # say 共建“一带一路”): each variant said again is one more test of a silence, so the chance
    # must be below ALPHA over their number (Bonferroni)
    tested = [v for v in fam.variants if v.uses > 1]
    for v in tested:
        start = v.periods[0][0]
        if at[start] <= first:
            continue
        onset, chance = silence(0, at[start], v.uses)
        if onset and (chance is None or chance < ALPHA / len(tested)):
            yield PeriodChange(
                start, "new", fam, _first(fam, start, v.index), chance=chance, variant=v
            )
    if uses < MIN_USES and not fam.recurring:
        said = []  # said once or twice in one period: no established line to fall silent
    uses_by = _uses_by(fam, said)
    for n, p in enumerate(said):
        here = at[p]
        upto = at[said[n + 1]] if n + 1 < len(said) else len(periods)
        if upto == here + 1:
            continue  # said again in the next period, or the last period: no silence
        quiet, chance = silence(here + 1, upto)
        if not quiet:
            continue
        if upto == len(periods):
            if sparse or n > 0:
                yield PeriodChange(p, "dropped", fam, _last(fam, p), chance=chance)
        elif sparse or uses_by[n] >= MIN_USES:
            gap = tuple(periods[here + 1 : upto])
            yield PeriodChange(
                periods[upto],
                "returning",
                fam,
                _first(fam, periods[upto]),
                gap=gap,
                silent=tuple(q for q in gap if not heard.get(q)),
                chance=chance,
                last=_last(fam, p),
            )
    yield from _reworded(fam, alike, strict=not sparse)
    yield from _overtook(fam, periods, at)


def _uses_by(fam: Family, said: Sequence[str]) -> list[int]:
    """Per period of ``said``, the events that used the family up to and including it."""
    seen: set[int] = set()
    out = []
    for p in said:
        seen.update(map(EVENT, fam.in_period(p)))
        out.append(len(seen))
    return out


def _reworded(fam: Family, alike: float, strict: bool) -> Iterator[PeriodChange]:
    for change in _rewordings(fam, alike, strict):
        old, new = fam.canonical(change.from_period), fam.canonical(change.to_period)
        clean = not old.count(change.to_period) and not new.count(change.from_period)
        # a wording a key phrase added says the formulation inside another line: no rewording
        clean = clean and change.before.linked_by is None and change.after.linked_by is None
        if clean and all(_clear(fam, p, strict) for p in (change.from_period, change.to_period)):
            cited = _first(fam, change.to_period, wording=change.after.wording)
            yield PeriodChange(change.to_period, "reworded", fam, cited, change=change)


def _usual(fam: Family, change: FamilyChange) -> bool:
    """In a dense archive, is each wording a usual one on its side of the change: the old
    said in ``MIN_REWORDED`` events in its period and those before it since the new was last
    said, the new in as many in its period and those after it before the old is said again
    (the two may be said side by side in the periods of the change: 一个中国政策 and 原则 in
    2017 and 2018 on the MFA pages)? One briefing's turn of phrase
    against another's is no change of usual wording: on the MFA pages every yearly Taiwan
    rewording was one use against one, or two against one (有关[+国家的+]做法[-违背了-]
    [+违反+]一个中国原则, 2018 → 2020), and month by month 台湾问题事关中国[-的-]主权和领土完整
    came and went five times. Those left say what a reader looks for: 严重违反一个中国原则和
    中美三个联合公报[+特别是“八·一七”公报+]规定 in August 2019, and back in September."""
    old, new = fam.canonical(change.from_period), fam.canonical(change.to_period)
    said = [(old.count(p), new.count(p)) for p in fam.periods]
    at = fam.periods.index(change.from_period)
    before = said[at][0] + sum(n for n, _ in takewhile(lambda n: not n[1], reversed(said[:at])))
    after = said[at + 1][1] + sum(n for _, n in takewhile(lambda n: not n[0], said[at + 2 :]))
    return min(before, after) >= MIN_REWORDED


def rewordings(fam: Family, report: FamilyReport) -> list[FamilyChange]:
    """The family's changes of canonical wording from period to period that change words,
    not the line nor only the stretch said: another variant, keeping most characters (the
    floor of **reworded** in the module docstring), not the other with words added or dropped
    at its ends only, and in a dense archive each a usual wording (``_usual``). The families'
    summaries show these, so that none shows a change of line, or one briefing's turn of
    phrase against another's, as a rewording (on the MFA pages the Taiwan families showed
    100 changes, now 17); ``tifa changes`` lists those that are also clean (neither
    wording said on the other side) and clear (each leading its period): an old wording said
    on beside the new is an overtaking there (taiwan-1's 一个中国[-政策-][+原则+] from 2017 to
    2018, whose new wording leads 2018 with 49 % of its uses)."""
    events = {p: report.events_in.get(p, 0) for p in report.periods}
    return list(_rewordings(fam, floor(report.min_similarity), not _sparse(events)))


def _rewordings(fam: Family, alike: float, strict: bool) -> Iterator[FamilyChange]:
    for change in fam.changes:
        if (
            change.reworded
            and change.changed
            and change.similarity >= alike
            and not _widened(change.edits)
            and (not strict or _usual(fam, change))
        ):
            yield change


def _widened(edits: Sequence[WordEdit]) -> bool:
    """Whether one wording is the other with words added or dropped at its ends only: the
    formulation said in a longer or shorter stretch of its clause (a period's canonical
    wording cut wider), not reworded."""
    kinds = [e.op for e in edits]
    if "equal" not in kinds:
        return False
    first, last = kinds.index("equal"), len(kinds) - 1 - kinds[::-1].index("equal")
    inside, ends = kinds[first : last + 1], kinds[:first] + kinds[last + 1 :]
    return all(k == "equal" for k in inside) and all(k in ("insert", "delete") for k in ends)


def _clear(fam: Family, period: str, strict: bool) -> bool:
    """Is the period's canonical variant said in at least half the family's uses there and,
    ``strict`` (a dense archive), more often than any other? There a tie is broken by the
    variants' uses overall, which says nothing of the period: on the MFA pages taiwan-85's
    2017 wording 的信号 (1 use) was listed as replacing 信息 while another 2017 briefing,
    cited as the line's last, still said 信息 (ties were 8 of Taiwan's 18 yearly rewordings,
    60 of the US's 183). In a sparse archive a tie is one report saying the line two ways
    (2002: 实现祖国的完全统一 and 解决台湾问题、实现祖国的完全统一), both reworded alike."""
    counts = sorted((v.count(period) for v in fam.variants), reverse=True)
    lead = fam.canonical(period).count(period)
    tied = len(counts) > 1 and lead == counts[1]
    return lead >= CLEAR_LEADER * sum(counts) and not (strict and tied)


def _overtook(fam: Family, periods: Sequence[str], at: Mapping[str, int]) -> Iterator[PeriodChange]:
    """Variants whose share rises for good to lead the family (see the module docstring)."""
    tested = [v for v in fam.variants if v.uses >= MIN_VARIANT_USES]
    if len(tested) < 2:
        return
    table = np.zeros((len(fam.variants), len(periods)), dtype=np.int64)  # uses per period
    for v in fam.variants:
        for p, count in v.periods:
            table[v.index, at[p]] = count
    n = table.sum(axis=0).tolist()
    for v in tested:
        points = change_points(table[v.index].tolist(), n)
        for m, point in enumerate(points):
            if not point.rising:
                continue
            lo = points[m - 1].index if m else 0
            hi = points[m + 1].index if m + 1 < len(points) else len(periods)
            leader_after = _leader(table[:, point.index : hi])
            leader_before = _leader(table[:, lo : point.index])
            if leader_after != v.index or leader_before in (None, v.index):
                continue
            assert leader_before is not None
            # the first period from the change on that says the variant: a share that rises
            # across periods that say nothing of the family (months of a range, a gap in
            # the archive) rises where the variant is next said, and its use there is cited
            start = next(k for k in range(point.index, hi) if table[v.index, k])
            period = periods[start]
            yield PeriodChange(
                period,
                "overtook",
                fam,
                _first(fam, period, v.index),
                variant=v,
                overtaken=fam.variants[leader_before],
                before=round(point.before, 3),
                after=round(point.after, 3),
                before_span=(periods[lo], periods[point.index - 1]),
                after_span=(period, periods[hi - 1]),
            )


def _leader(span: np.ndarray) -> int | None:
    """The variant most used over a span of periods (the lower index on a tie), or None."""
    pooled = span.sum(axis=1)
    return int(pooled.argmax()) if pooled.any() else None


def _first(
    fam: Family, period: str, variant: int | None = None, wording: str | None = None
) -> FamilyMember:
    """The period's first use (of a variant, or of a wording: a rewording cites the first
    use of its new wording, where ``Family.wording`` prefers a counted one, which on the MFA
    pages may come weeks later, another edition's use counted for its event)."""
    mine = [
        m
        for m in fam.in_period(period)
        if (variant is None or m.variant == variant) and (wording is None or m.wording == wording)
    ]
    return min(mine, key=lambda m: (m.date or "", not m.counted, m.doc, m.start))


def _last(fam: Family, period: str) -> FamilyMember:
    return max(fam.in_period(period), key=lambda m: (m.date or "", m.counted, m.doc, m.start))
