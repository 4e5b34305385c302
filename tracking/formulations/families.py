"""Formulation families: how one line on a topic was worded from period to period.

``build_families(corpus, topic)`` reads the official voice (answers, statements, the text of
reports and speeches: ``corpus.voice``; other turns on request, ``roles``), takes the
sentences on the topic, cuts them into candidate windows of adjacent clauses
(``formulations.clauses``), groups the windows by similarity (``formulations.clustering``)
and by shared key phrases (``formulations.keyphrases``), and returns each family with its
members by period and the word-level change between consecutive periods
(``tracking.worddiff.word_edits`` on jieba words).

Periods are years by default, or quarters or months (``by``), within a date range
(``span``); ``tracking.periods`` places each document. A document without a period of that
unit (no year; a year-only document in a month report; outside the range) is left out and
listed in ``FamilyReport.left_out``. Everything said below of years holds for the period.
Per-period counts are first-class: ``Family.count(period)`` is how many events of the period
use the formulation, ``FamilyReport.events_in[period]`` how many events the period has.

Defaults, and why:

* ``min_similarity = 0.70`` (``--min-similarity``), the Indel ratio of the two wordings with
  punctuation removed. On the five seeds 0.70 keeps every year-to-year rewording a reader
  recognises as the same line: 世界上只有一个中国，台湾是中国的一部分 → …台湾是中国领土不可分割
  的一部分 (0.86), 坚持维护半岛稳定 → 坚持维护半岛和平稳定 (0.89), 维护多边主义 → 携手维护多边
  主义 (0.86), 这不仅是历史事实 → 这是历史和法理事实 (0.71), 本着多边主义的理念 → 秉持多边主义
  理念 (0.71). At 0.75 the last two are lost; at 0.65 different claims that share a frame
  start to pair: 中非是休戚与共的命运共同体 (2017, China–Africa) with 是同甘共苦的命运共同体
  (2021, Myanmar, 0.67), 打造更加紧密的中非命运共同体 with 我们愿同东盟打造更为紧密的命运共同体
  (0.69). A window also links when nearly all of it (containment − 0.15 ≥ the threshold, at
  least 8 shared characters) lies inside a longer one: 成为迄今最受欢迎的国际公共产品 (2017) in
  成为当今世界最受欢迎的国际公共产品和最大规模的国际合作平台 (2024).
* Windows of 1–3 clauses (``max_clauses``): clauses split at ，；：, and the Taiwan formulation
  spans two; no formulation in the seeds needs four, and longer windows only add cost.
* Two documents of one event (``versions.events``: near-duplicates, or the same year and
  date) count once in a period: the fullest edition's window is counted (the one closest to
  the family's label when an edition has two), the other edition's wording is kept as a
  member (``counted=False``, ``variant_of`` the counted document). The label is the most used
  wording (events), the medoid of the most used on a tie: the wording most similar to all
  the others; of the lines the family says itself, not one that a key phrase tied in by
  being said inside it (``variants``).
* Members are grouped into variants (``tracking.formulations.variants``: one wording up to
  the slots that vary by occasion); each period's canonical wording is its most used variant's
  most used text, and the change shown between two periods is between their canonical
  wordings, marked ``reworded`` when the variant changed (not only a slot's filler).
* A window that strings two lines draws each said alone into its family by containment
  (世界上只有一个中国，中华人民共和国政府是代表全中国的唯一合法政府，台湾是…); the members
  saying the line the family's core does not say part into a family of their own
  (``_parts``, measured in ``benchmarks/bench_fragmentation.py --samples P``).
* A line said the other way round (严重违反一个中国原则… beside 美方恪守一个中国原则…) looks
  like the line, and its members part into a family of their own (``reversals``).
* A clause without a keyword founds a family only when it recurs beside a recurring keyword
  formulation, in the same sentences in at least two years (这不仅是历史事实 → 这是历史和法理事实
  beside 台湾是中国的一部分); otherwise frames such as 我们愿同各方一道 would be families.

Every member cites its document, turn, sentence and offsets: ``start``/``end`` into the
normalised text, ``raw_start``/``raw_end`` into the raw file.
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

import numpy as np
from rapidfuzz.distance import Indel

from tifa.corpus import Corpus
from tifa.corpus.collector import collector_paused
from tifa.corpus.columns import from_columns, to_columns
from tifa.corpus.model import Compact, Document, Role
from tifa.corpus.progress import Progress, Report, Stage
from tifa.corpus.voice import OFFICIAL, parse_roles
from tifa.tracking.forked import can_fork, forked_map
from tifa.tracking.formulations.clauses import MAX_CLAUSES, Candidate, topic_candidates
from tifa.tracking.formulations.clustering import cluster, floor
from tifa.tracking.formulations.cores import astray, core_of, cut_words, cuts, side_by_side
from tifa.tracking.formulations.disjoint import DisjointSets
from tifa.tracking.formulations.keyphrases import anchor, inside_longer
from tifa.tracking.formulations.keys import match_key
from tifa.tracking.formulations.recurrent import voice_candidates
from tifa.tracking.formulations.remembered import Filed, ReportStore, kept_report, report_data
from tifa.tracking.formulations.reversals import reversed_parts
from tifa.tracking.formulations.similarity import Similarity, Wordings
from tifa.tracking.formulations.slots import key_words, template
from tifa.tracking.formulations.topics import Topic
from tifa.tracking.formulations.variants import Slot, Variant, When, describe, group
from tifa.tracking.periods import Binning, DateRange, Reason, Unit, bin_documents
from tifa.tracking.versions.events import Event, corpus_events, event_index
from tifa.tracking.worddiff import WordEdit, word_spans

MIN_SIMILARITY = 0.70
MEDOID_POOL = 200  # most used wordings a tied label is chosen among
LEADERS = 3  # most used wordings of a family that may join it to another


@dataclass(frozen=True, slots=True)
class FamilyMember(Compact):
    """One occurrence of a formulation. ``start``/``end`` index ``doc.text``; raw_* the file."""

    doc: str
    year: int
    period: str
    date: str | None  # the document's date as established ("2019-03-08", "2019-03"), if any
    event: int
    turn: int
    speaker: str
    sentence: int
    first_clause: int
    last_clause: int  # exclusive
    start: int
    end: int
    raw_start: int
    raw_end: int
    text: str
    key: str
    tokens: tuple[str, ...]
    hit: bool  # holds a keyword of the topic
    counted: bool  # False: the event is counted by another member (another edition's, or
    # another use in the same document)
    variant_of: str | None  # the counted member's document when that is another edition
    linked_by: str | None  # the key phrase that tied it to the family, if not similarity
    similarity: float  # to the family's label wording, 0..1
    variant: int = 0  # index into the family's variants
    # the stretch of the window that says the family's core (``cores``), which its variant
    # is grouped on: offsets into ``doc.text`` and the raw file, as start/end
    wording_start: int = 0
    wording_end: int = 0
    raw_wording_start: int = 0
    raw_wording_end: int = 0
    wording: str = ""  # text[wording_start - start : wording_end - start], its variant's

    @property
    def wording_key(self) -> str:
        return self.key[self.wording_start - self.start : self.wording_end - self.start]

    @property
    def wording_tokens(self) -> tuple[str, ...]:
        if self.wording_start == self.start and self.wording_end == self.end:
            return self.tokens  # the whole window
        return cut_words(
            self.tokens, (self.wording_start - self.start, self.wording_end - self.start)
        )


@dataclass(frozen=True, slots=True)
class FamilyChange(Compact):
    """The word-level change from one period's wording to the next period's present."""

    from_period: str
    to_period: str
    before: FamilyMember
    after: FamilyMember
    edits: tuple[WordEdit, ...]  # equal runs included; texts are the displayed wordings
    similarity: float
    reworded: bool = True  # False: the same variant, only its slots filled otherwise

    @property
    def from_year(self) -> int:
        return self.before.year

    @property
    def to_year(self) -> int:
        return self.after.year

    @property
    def ops(self) -> tuple[WordEdit, ...]:
        return tuple(e for e in self.edits if e.op != "equal")

    @property
    def changed(self) -> bool:
        return bool(self.ops)


@dataclass(frozen=True, slots=True)
class Family(Compact):
    id: str
    topic: str
    label: str  # the most used wording (the medoid on a tie)
    members: tuple[FamilyMember, ...]  # by period, counted member first
    periods: tuple[str, ...]
    changes: tuple[FamilyChange, ...]  # between consecutive periods' canonical wordings
    phrases: tuple[str, ...]  # key phrases that tied members in, the most members first
    variants: tuple[Variant, ...] = ()  # by uses, most used first
    # per period: its members, how many events they count, its canonical variant's index
    # (built on first use, once: a family of a dense archive has thousands of members and is
    # asked about each of its periods many times)
    _by_period: dict[str, tuple[tuple[FamilyMember, ...], int, int]] | None = dataclasses.field(
        default=None, init=False, repr=False, compare=False
    )

    def __reduce__(self) -> tuple[Callable[..., Family], tuple[object, ...]]:
        """Pickled with its members as columns, one tuple per field (``corpus.columns``),
        and its variants and changes naming members by their place: a member pickled as an
        object is two memo entries (it and its arguments), held to the end of the dump, so
        pickling the whole voice of 2,000 briefings took 4.5 s and 320 MB more than the
        report itself; its members are made again without ``__init__``."""
        at = {id(m): n for n, m in enumerate(self.members)}
        variants: list[_VariantRow] = [
            (
                v.index,
                v.wording,
                v.template,
                v.slots,
                v.uses,
                v.periods,
                at[id(v.first)],
                at[id(v.last)],
                at[id(v.cited)],
                v.speakers,
            )
            for v in self.variants
        ]
        changes: list[_ChangeRow] = [
            (
                c.from_period,
                c.to_period,
                at[id(c.before)],
                at[id(c.after)],
                c.edits,
                c.similarity,
                c.reworded,
            )
            for c in self.changes
        ]
        members = to_columns(self.members, FamilyMember) if self.members else ()
        head = (self.id, self.topic, self.label, self.periods, self.phrases)
        return _family_from, (head, members, tuple(variants), tuple(changes))

    def _periods(self) -> dict[str, tuple[tuple[FamilyMember, ...], int, int]]:
        if self._by_period is not None:
            return self._by_period
        held: dict[str, list[FamilyMember]] = {}
        for period, run in groupby(self.members, key=_PERIOD):  # members are by period
            held.setdefault(period, []).extend(run)
        best: dict[str, tuple[int, int]] = {}  # the period's most used variant, lowest index
        for v in self.variants:
            for p, n in v.periods:
                b = best.get(p)
                if b is None or n > b[0] or (n == b[0] and v.index < b[1]):
                    best[p] = (n, v.index)
        index = {
            p: (tuple(ms), sum(map(_COUNTED, ms)), best[p][1] if p in best else -1)
            for p, ms in held.items()
        }
        object.__setattr__(self, "_by_period", index)
        return index

    def relabelled(self, **changes: object) -> Family:
        """``dataclasses.replace`` of anything but the members and variants, keeping the
        period index."""
        if "members" in changes or "variants" in changes:
            raise ValueError("relabelled keeps the members and variants")
        family = dataclasses.replace(self, **changes)  # type: ignore[arg-type]
        object.__setattr__(family, "_by_period", self._by_period)
        return family

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({m.year for m in self.members}))

    @property
    def first(self) -> str:
        return self.periods[0]

    @property
    def last(self) -> str:
        return self.periods[-1]

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def last_year(self) -> int:
        return self.years[-1]

    @property
    def recurring(self) -> bool:
        return len(self.periods) > 1

    @property
    def uses(self) -> int:
        """Events that use the formulation, over all periods."""
        return len(set(map(EVENT, self.members)))

    def in_period(self, period: str) -> tuple[FamilyMember, ...]:
        held = self._periods().get(period)
        return held[0] if held else ()

    def count(self, period: str) -> int:
        """Events of ``period`` that use the formulation (two editions count once)."""
        held = self._periods().get(period)
        return held[1] if held else 0

    def canonical(self, period: str) -> Variant:
        """The period's most used variant (the more used overall on a tie)."""
        held = self._periods().get(period)
        index = held[2] if held else -1
        if index < 0:
            raise ValueError(f"no variant of {self.id or self.label} is said in {period}")
        return self.variants[index]

    def wording(self, period: str) -> FamilyMember:
        """The period's canonical wording: the canonical variant's most used wording
        (``FamilyMember.wording``) in the period, its earliest use (a counted member if
        there is one)."""
        variant = self.canonical(period).index
        said: dict[str, set[int]] = {}
        first: dict[str, tuple[tuple[bool, When, int], FamilyMember]] = {}  # per wording
        for n, m in enumerate(self.in_period(period)):
            if m.variant == variant:
                said.setdefault(m.wording, set()).add(m.event)
                rank = (not m.counted, when(m), n)
                if m.wording not in first or rank < first[m.wording][0]:
                    first[m.wording] = (rank, m)
        # the most used; on a tie, the one first used (a counted use first)
        text = min(said, key=lambda t: (-len(said[t]), first[t][0]))
        return first[text][1]


# a variant, and a change, with members named by their place in the family (``__reduce__``)
_VariantRow = tuple[
    int,
    str,
    str,
    tuple[Slot, ...],
    int,
    tuple[tuple[str, int], ...],
    int,
    int,
    int,
    tuple[tuple[str, int], ...],
]
_ChangeRow = tuple[str, str, int, int, tuple[WordEdit, ...], float, bool]


def _family_from(
    head: tuple[str, str, str, tuple[str, ...], tuple[str, ...]],
    columns: tuple[tuple[object, ...], ...],
    variants: tuple[_VariantRow, ...],
    changes: tuple[_ChangeRow, ...],
) -> Family:
    """The family ``Family.__reduce__`` took apart."""
    members = from_columns(FamilyMember, columns) if columns else ()
    family_id, topic, label, periods, phrases = head
    return Family(
        family_id,
        topic,
        label,
        members,
        periods,
        tuple(
            FamilyChange(p0, p1, members[a], members[b], edits, similarity, reworded)
            for p0, p1, a, b, edits, similarity, reworded in changes
        ),
        phrases,
        tuple(
            Variant(n, wording, shown, slots, uses, said, members[a], members[b], members[c], by)
            for n, wording, shown, slots, uses, said, a, b, c, by in variants
        ),
    )


# a member's fields read by C-level maps: a dense archive's families have millions of members
EVENT = attrgetter("event")
_PERIOD = attrgetter("period")
_COUNTED = attrgetter("counted")


def when(m: FamilyMember) -> When:
    """A use's place in time, the order in which a reader expects uses listed: by period,
    date, document and offset (a family's members are by period, the counted first)."""
    return (m.period, m.date or "", m.doc, m.start)


@dataclass(frozen=True, slots=True)
class FamilyReport:
    topic: Topic
    families: tuple[Family, ...]
    binning: Binning
    periods: tuple[str, ...]  # periods with at least one document placed in them
    events_in: dict[str, int]  # events (two editions count once) per period
    topic_periods: tuple[str, ...]  # periods whose answers discuss the topic at all
    events: tuple[Event, ...]
    min_similarity: float
    max_clauses: int
    candidates: int
    left_out: dict[Reason, tuple[str, ...]]  # documents without a period, by reason
    roles: tuple[Role, ...]  # the turns read: the official voice unless asked otherwise
    topic_events: dict[str, int] = dataclasses.field(default_factory=dict)  # per period:
    # events whose turns read say something on the topic (the denominator of its silences)

    @property
    def unit(self) -> Unit:
        return self.binning.unit

    @property
    def years(self) -> tuple[int, ...]:
        """Years of the periods (each once)."""
        return tuple(sorted({int(p[:4]) for p in self.periods}))

    @property
    def documents_in(self) -> dict[str, int]:
        """Documents placed per period (``events_in`` counts two editions of one event, or a
        statement and the briefing that printed it, once)."""
        placed = Counter(b.key for b in self.binning.of_doc.values() if b.unit == self.unit)
        return {p: placed[p] for p in self.periods}

    @property
    def recurring(self) -> tuple[Family, ...]:
        return tuple(f for f in self.families if f.recurring)


def build_families(
    corpus: Corpus,
    topic: Topic,
    *,
    min_similarity: float = MIN_SIMILARITY,
    max_clauses: int = MAX_CLAUSES,
    events: Sequence[Event] | None = None,
    by: Unit = "year",
    span: DateRange | None = None,
    roles: Collection[str] | None = None,
    store: ReportStore | None = None,
    progress: Report | None = None,
) -> FamilyReport:
    """The families of ``topic`` in ``corpus`` per period of ``by`` within ``span``, read
    from the turns in ``roles`` (default: the official voice, ``corpus.voice``); ``events``
    defaults to ``corpus_events``. With a ``store`` (``formulations.remembered``), a report
    kept there from the same code, documents, events, topic and parameters is given back,
    and one built is kept. ``progress`` hears of each stage (documents read, the grouping,
    families made); it may raise to stop the build."""
    if not 0.0 < min_similarity <= 1.0:
        raise ValueError("min_similarity must be in (0, 1]")
    if max_clauses < 1:
        raise ValueError("max_clauses must be at least 1")
    read = read_roles(roles)
    events = _events(corpus, events, store)
    if store is not None:
        key = store.report_key(
            corpus.documents, topic, events, by, span, read, min_similarity, max_clauses
        )
        kept = store.report(key, events)
        if kept is not None:
            return kept
    # windows, families and members make no reference cycles, and the collector would rescan
    # the whole corpus each time enough of them are made (an eighth of the time at 10,000
    # briefings): see ``corpus.collector``
    with collector_paused():
        report = _build(
            corpus, topic, min_similarity, max_clauses, events, by, span, read, progress
        )
        if store is not None:
            store.keep(key, report_data(report))
    return report


def kept_families(
    rows: Sequence[Filed],
    topic: Topic,
    store: ReportStore,
    *,
    min_similarity: float = MIN_SIMILARITY,
    max_clauses: int = MAX_CLAUSES,
    by: Unit = "year",
    span: DateRange | None = None,
    roles: Collection[str] | None = None,
    progress: Report | None = None,
) -> FamilyReport | None:
    """The report ``build_families(..., store=store)`` would give back without building,
    told from the documents' catalogue rows alone (no document or word read), or None;
    ``progress`` hears how much of it has been read."""
    events = store.kept_events(rows)
    if events is None:
        return None
    read = read_roles(roles)
    key = store.report_key(rows, topic, events, by, span, read, min_similarity, max_clauses)
    return store.report(key, events, progress)


def words_read(topic: Topic) -> bool | Callable[[Document], bool]:
    """Which documents' jieba words a build of ``topic`` reads, for a caller that loads the
    corpus (``Catalogue.corpus(words=...)``): every document's for the whole voice; for a
    keyword topic, those of the documents holding a hit of it, since its windows are cut
    from the sentences with hits alone (``clauses.document_candidates``)."""
    if topic.whole:
        return True
    return lambda doc: bool(topic.hits(doc.key))


def read_roles(roles: Collection[str] | None) -> tuple[Role, ...]:
    """The turns read: the official voice unless ``roles`` says otherwise."""
    return OFFICIAL if roles is None else parse_roles(roles)


def _events(
    corpus: Corpus, events: Sequence[Event] | None, store: ReportStore | None
) -> tuple[Event, ...]:
    """The events given, else the corpus's (kept in ``store``, when there is one)."""
    if events is not None:
        return tuple(events)
    return tuple(corpus_events(corpus) if store is None else store.events(corpus))


def _build(
    corpus: Corpus,
    topic: Topic,
    min_similarity: float,
    max_clauses: int,
    events: tuple[Event, ...],
    by: Unit,
    span: DateRange | None,
    read: tuple[Role, ...],
    progress: Report | None = None,
) -> FamilyReport:
    of_doc = event_index(events)
    binning = bin_documents(corpus.documents, by, span)
    if topic.whole:
        candidates = voice_candidates(corpus, binning, of_doc, read, progress)
    else:
        candidates = topic_candidates(corpus, topic, binning, max_clauses, read, progress)
    if progress is not None:
        progress(Progress("grouping wordings", len(candidates), 0))
    ev = [of_doc[c.doc].index for c in candidates]
    words = Wordings([c.match for c in candidates], min_similarity)
    linked: dict[int, dict[int, str]] = {}
    if topic.whole:
        groups = _templates(candidates)
    else:
        groups = cluster(candidates, ev, words, min_similarity)
        anchored = anchor(candidates, groups, topic, words, ev)
        groups, linked = anchored.families, anchored.linked
        groups, linked = _absorbed_dropped(groups, linked, candidates)
        groups, linked = _subsets_dropped(groups, linked)
        groups, linked = _context_kept(groups, linked, candidates)
        groups, linked = _leaders_joined(groups, linked, words, ev, min_similarity)
        groups, linked = _parted(groups, linked, partial(_parts, candidates=candidates, events=ev))
        groups, linked = _parted(
            groups, linked, partial(reversed_parts, candidates=candidates, events=ev)
        )
    build = _Build.of(corpus, candidates, words, ev, of_doc)
    making = Stage(progress, "families", len(groups))
    families = []
    for f, members in enumerate(groups):
        families.append(_family(members, linked.get(f, {}), build))
        making.step()
    order = {d.id: n for n, d in enumerate(corpus.documents)}
    families.sort(
        key=lambda fam: (
            -len(fam.periods),
            -fam.uses,
            fam.first,
            min((order[m.doc], m.start) for m in fam.in_period(fam.first)),
        )
    )
    families = [
        fam.relabelled(id=f"{topic.id}-{n}", topic=topic.id) for n, fam in enumerate(families, 1)
    ]
    placed = {d: p.key for d, p in binning.of_doc.items() if p.unit == by and p.key}
    events_in: dict[str, set[int]] = {}
    for doc_id, key in placed.items():
        events_in.setdefault(key, set()).add(of_doc[doc_id].index)
    return FamilyReport(
        topic,
        tuple(families),
        binning,
        tuple(sorted(events_in)),
        {p: len(e) for p, e in sorted(events_in.items())},
        tuple(sorted({c.period for c in candidates})),
        events,
        min_similarity,
        max_clauses,
        len(candidates),
        binning.sequence_left_out(),
        read,
        _topic_events(candidates, ev),
    )


def _topic_events(candidates: Sequence[Candidate], events: Sequence[int]) -> dict[str, int]:
    said: dict[str, set[int]] = {}
    for c, e in zip(candidates, events, strict=True):
        said.setdefault(c.period, set()).add(e)
    return {p: len(e) for p, e in sorted(said.items())}


def build_all(
    corpus: Corpus,
    topics: Iterable[Topic],
    *,
    min_similarity: float = MIN_SIMILARITY,
    max_clauses: int = MAX_CLAUSES,
    events: Sequence[Event] | None = None,
    by: Unit = "year",
    span: DateRange | None = None,
    roles: Collection[str] | None = None,
    store: ReportStore | None = None,
) -> tuple[FamilyReport, ...]:
    """Reports for several topics, detecting the corpus's events once; the topics are built
    over the cores (``tracking.forked``: the same reports, in the order given). With a
    ``store``, the reports kept there are given back and only the others built, each kept
    by the process that built it."""
    events = _events(corpus, events, store)
    topics = tuple(topics)
    read = read_roles(roles)
    keys = []
    kept: dict[int, FamilyReport] = {}
    if store is not None:
        for n, t in enumerate(topics):
            keys.append(
                store.report_key(
                    corpus.documents, t, events, by, span, read, min_similarity, max_clauses
                )
            )
            report = store.report(keys[n], events)
            if report is not None:
                kept[n] = report
    missing = [n for n in range(len(topics)) if n not in kept]
    caller = os.getpid()
    made: dict[int, bytes] = {}  # in a fork: a report's data, by the report's id, to send

    def job(n: int) -> FamilyReport:
        topic = topics[missing[n]]
        report = _build(corpus, topic, min_similarity, max_clauses, events, by, span, read)
        if store is not None:
            data = report_data(report)
            store.keep(keys[missing[n]], data)
            if os.getpid() != caller:  # pickled once for the store and the caller
                made[id(report)] = data
        return report

    def pack(report: FamilyReport) -> bytes:
        return made.pop(id(report), None) or report_data(report)

    def unpack(data: bytes) -> FamilyReport:
        return kept_report(data, events)

    sizes = (
        _sizes(corpus, [topics[n] for n in missing])
        if len(missing) > 1 and can_fork()
        else [0] * len(missing)
    )
    order = sorted(range(len(missing)), key=lambda n: -sizes[n])
    # one pause for all the topics: the collector, resumed after each, would first scan
    # every object of the report just made (half a second a topic at 10,000 briefings), in
    # a fork that is about to send the report away and drop it
    with collector_paused():
        built = forked_map(job, len(missing), order, pack, unpack)
    kept.update(zip(missing, built, strict=True))
    return tuple(kept[n] for n in range(len(topics)))


SAMPLED = 500  # documents read to tell the topics' sizes apart


def _sizes(corpus: Corpus, topics: Sequence[Topic]) -> list[int]:
    """How much each topic says, roughly: its keyword hits in a sample of the documents (the
    whole voice reads everything)."""
    docs = corpus.documents[:: max(1, len(corpus.documents) // SAMPLED)]
    return [
        sum(len(d.key) for d in docs) if t.whole else sum(len(t.hits(d.key)) for d in docs)
        for t in topics
    ]


def _absorbed_dropped(
    groups: list[list[int]], linked: Mapping[int, dict[int, str]], candidates: Sequence[Candidate]
) -> tuple[list[list[int]], dict[int, dict[int, str]]]:
    """Drop one-period families whose every window a key phrase moved into other families."""
    elsewhere = {i for links in linked.values() for i in links}
    keep = [
        f
        for f, members in enumerate(groups)
        if f in linked
        or not all(i in elsewhere for i in members)
        or len({candidates[i].period for i in members}) > 1
    ]
    return [groups[f] for f in keep], {n: linked[f] for n, f in enumerate(keep) if f in linked}


def _subsets_dropped(
    groups: list[list[int]], linked: Mapping[int, dict[int, str]]
) -> tuple[list[list[int]], dict[int, dict[int, str]]]:
    """Drop a family whose windows all belong to one larger family (key phrases can do that)."""
    sets = [frozenset(m) for m in groups]
    holding: dict[int, list[int]] = {}
    for g, s in enumerate(sets):
        for i in s:
            holding.setdefault(i, []).append(g)
    keep = [
        f
        for f, s in enumerate(sets)
        if not any(g != f and s <= sets[g] and (s != sets[g] or g < f) for g in holding[min(s)])
    ]
    return [groups[f] for f in keep], {n: linked[f] for n, f in enumerate(keep) if f in linked}


def _context_kept(
    groups: list[list[int]], linked: Mapping[int, dict[int, str]], candidates: Sequence[Candidate]
) -> tuple[list[list[int]], dict[int, dict[int, str]]]:
    """Keyword families, and context families that travel beside one in two or more periods.

    Beside means in the same sentence or the next one to either side.
    """
    hit = [any(candidates[i].hit for i in members) for members in groups]
    where: dict[tuple[str, int], set[int]] = {}
    for f, members in enumerate(groups):
        if hit[f]:
            for i in members:
                c = candidates[i]
                for n in (c.sentence - 1, c.sentence, c.sentence + 1):
                    where.setdefault((c.doc, n), set()).add(f)
    keep = []
    for f, members in enumerate(groups):
        if not hit[f]:
            beside: dict[int, set[str]] = {}
            for i in members:
                for g in where.get((candidates[i].doc, candidates[i].sentence), ()):
                    beside.setdefault(g, set()).add(candidates[i].period)
            if not any(len(ys) > 1 for ys in beside.values()):
                continue
        keep.append(f)
    return [groups[f] for f in keep], {n: linked[f] for n, f in enumerate(keep) if f in linked}


def _templates(candidates: Sequence[Candidate]) -> list[list[int]]:
    """Windows grouped by wording up to slots (the whole voice's families: ``recurrent``),
    read on the joined text, and one text in one family: jieba cuts one text two ways
    (合作共赢 at a clause's end, 合作|共|赢 before 的; 两国 a party, 两|国 a number and a noun),
    and 相互尊重、合作共赢 and 两国元首达成的重要共识 were two families each of the MFA pages."""
    shapes: dict[str, int] = {}  # each template's number
    of = [
        shapes.setdefault("".join(template(key_words(c.tokens))), len(shapes)) for c in candidates
    ]
    sets = DisjointSets(len(shapes))
    said: dict[str, int] = {}  # each text's first template
    for c, shape in zip(candidates, of, strict=True):
        sets.union(said.setdefault(c.match, shape), shape)
    groups: dict[int, list[int]] = {}
    for i, shape in enumerate(of):
        groups.setdefault(sets.find(shape), []).append(i)
    return list(groups.values())


def _leaders_joined(
    groups: list[list[int]],
    linked: Mapping[int, dict[int, str]],
    words: Wordings,
    events: Sequence[int],
    min_similarity: float,
) -> tuple[list[list[int]], dict[int, dict[int, str]]]:
    """Merge families whose established wordings are alike: the ``LEADERS`` most used
    wordings of each (said in two events or more) that score at least ``min_similarity``
    with one of another family's. In a dense archive the greedy clustering can leave one
    formulation in two families (恪守一个中国政策和中美三个联合公报原则 in 2016–17, …原则和…规定
    from 2018) when each gathered wordings the other's cannot all stand beside; the lines
    said again and again tell that they are one.

    The most alike pairs join first, and a join needs the most used wording of every family
    in it to score the clustering's floor against every other's (complete linkage, as the
    clustering grows a family): alike leaders one after another chained 以免损害中美关系和台海
    和平稳定 to 推动中美关系健康稳定发展 on the MFA pages (0.41 apart). That wording is the
    family's own (similarity placed it), when it has one said twice: a line a key phrase tied
    in where it is said most (以实际行动维护中美关系大局和台海和平稳定, by 实际行动维护中美) is not
    what the family says, and through it 维护中美关系健康稳定发展 joined 以免损害中美关系和台海和平
    稳定 in one family of 87 uses."""
    leader: dict[int, int] = {}
    primary: dict[int, int] = {}  # per family, its own most used wording said twice, else any
    sets = DisjointSets(len(groups))
    for f, members in enumerate(groups):
        said: dict[int, set[int]] = {}
        mine: dict[int, set[int]] = {}
        for i in members:
            u = int(words.of[i])
            said.setdefault(u, set()).add(events[i])
            if i not in linked.get(f, {}):  # its own wordings, not those a key phrase added
                mine.setdefault(u, set()).add(events[i])
        everyone, own = _said_again(said), _said_again(mine)
        for u in everyone[:1] + own[:LEADERS]:
            sets.union(leader.setdefault(u, f), f)  # one wording leading two families
        if own or everyone:  # its own most used wording, if one is said twice
            primary[f] = (own or everyone)[0]
    leaders = sorted(leader)
    led: dict[int, list[int]] = {}  # per joined set's root, its families' most used wordings
    for f, u in primary.items():
        led.setdefault(sets.find(f), []).append(u)
    # the leaders are few: their own pairs, from a much sparser sorted order than all
    # wordings', are all scored
    alike = Similarity([words.keys[u] for u in leaders], min_similarity)
    pairs = [
        (ratio, leaders[a], leaders[b])
        for a, b, ratio in zip(alike.a.tolist(), alike.b.tolist(), alike.ratio_of, strict=True)
        if ratio >= min_similarity
    ]
    least = floor(min_similarity)
    for _, u, v in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        f, g = sets.find(leader[u]), sets.find(leader[v])
        if f == g:
            continue
        joining = led[f]
        if words.sim.block(joining + led[g])[1][: len(joining), len(joining) :].min() >= least:
            f, g = min(f, g), max(f, g)
            sets.union(f, g)
            led[f] = led.pop(f) + led.pop(g)  # the root kept is f
    at, count = sets.labels()
    joined: list[list[int]] = [[] for _ in range(count)]
    links: dict[int, dict[int, str]] = {}
    for f, members in enumerate(groups):
        n = at[f]
        joined[n].extend(members)
        links.setdefault(n, {}).update(linked.get(f, {}))
    return [sorted(set(m)) for m in joined], {n: ls for n, ls in links.items() if ls}


def _parted(
    groups: list[list[int]],
    linked: Mapping[int, dict[int, str]],
    parts: Callable[[list[int], dict[int, str]], Iterable[tuple[list[int], dict[int, str]]]],
) -> tuple[list[list[int]], dict[int, dict[int, str]]]:
    """Each family read again as ``parts`` of it (its members, and those a key phrase tied
    in): the members that say another line (``_parts``), or the line reversed
    (``reversals``), parted into families of their own."""
    out: list[list[int]] = []
    links: dict[int, dict[int, str]] = {}
    for f, members in enumerate(groups):
        for part, tied in parts(members, linked.get(f, {})):
            if tied:
                links[len(out)] = tied
            out.append(part)
    return out, links


def _parts(
    members: list[int],
    tied: dict[int, str],
    candidates: Sequence[Candidate],
    events: Sequence[int],
) -> Iterator[tuple[list[int], dict[int, str]]]:
    """A family, and each line parted from it that says another line than its core
    (``_other_line``), read again in turn (the key phrases' ties stay with the family: no
    member they tied is parted)."""
    other = _other_line(members, tied, candidates, events)
    if not other:
        yield members, tied
        return
    gone = set(other)
    yield from _parts([i for i in members if i not in gone], tied, candidates, events)
    yield from _parts(other, {}, candidates, events)


def _other_line(
    members: list[int],
    tied: Mapping[int, str],
    candidates: Sequence[Candidate],
    events: Sequence[int],
) -> list[int]:
    """The members of a family that say another line than its core, each on its own, when a
    window of the family says both, one clause after the other: a window that strings two
    lines (世界上只有一个中国，中华人民共和国政府是代表全中国的唯一合法政府，台湾是…) draws each
    said alone into its family, by containment, and the one the core does not say
    (中华人民共和国政府是代表中国的唯一合法政府) is a formulation of its own. They are the
    members the core hardly matches (``cores.astray``), but those a key phrase tied in, that
    their own core matches, said in two events or more. Empty when there are none."""
    if len(members) < 3 or not any(len(candidates[i].clauses) > 1 for i in members):
        return []
    words = [candidates[i].tokens for i in members]
    said = [events[i] for i in members]
    core = core_of(words, said)
    far = astray(words, core)
    strays = [k for k, i in enumerate(members) if far[k] and i not in tied]
    if len(strays) < 2 or len(strays) == len(members):
        return []
    own = core_of([words[k] for k in strays], [said[k] for k in strays])
    again = astray([words[k] for k in strays], own)
    other = [k for k, x in zip(strays, again, strict=True) if not x]
    if len({said[k] for k in other}) < 2:
        return []
    mine = set(other)
    if not side_by_side([w for k, w in enumerate(words) if k not in mine], core, own):
        return []
    return [members[k] for k in other]


def _said_again(said: Mapping[int, set[int]]) -> list[int]:
    """The wordings said in two events or more (``said``: each wording's events), the most
    used first."""
    return sorted((u for u in said if len(said[u]) > 1), key=lambda u: (-len(said[u]), u))


class _Build(NamedTuple):
    """What every family of one build reads, made once per build. Members that say the same
    wording share its text, key and words (``texts``, ``wordings``: one object each), so a
    report holds, and a fork sends (``tracking.forked``), each wording once."""

    candidates: Sequence[Candidate]
    words: Wordings
    events: Sequence[int]  # per candidate, its event's index
    editions: Mapping[str, int]  # per document, its place in its event (0: the fullest)
    docs: Mapping[str, Document]
    texts: dict[str, str]
    wordings: dict[tuple[str, ...], tuple[str, ...]]

    @classmethod
    def of(
        cls,
        corpus: Corpus,
        candidates: Sequence[Candidate],
        words: Wordings,
        events: Sequence[int],
        of_doc: Mapping[str, Event],
    ) -> _Build:
        editions = {d: event.docs.index(d) for d, event in of_doc.items()}
        docs = {d.id: d for d in corpus.documents}
        return cls(candidates, words, events, editions, docs, {}, {})


def _family(members: list[int], linked: Mapping[int, str], build: _Build) -> Family:
    """One family from its windows (``members``, those a key phrase tied in ``linked``)."""
    candidates, texts = build.candidates, build.texts
    mine = [candidates[i] for i in members]
    events = [build.events[i] for i in members]
    if mine[0].part:  # the whole voice's phrases: one wording up to slots
        cut = [(0, len(c.text)) for c in mine]
    else:
        cut = cuts([c.tokens for c in mine], events)
    place: dict[tuple[str, int, int], int] = {}  # each use's place: its first member
    for k in sorted(range(len(members)), key=lambda k: (members[k] in linked, members[k])):
        place.setdefault((mine[k].doc, mine[k].start + cut[k][0], mine[k].start + cut[k][1]), k)
    if len(place) < len(members):  # two windows of one clause, cut to the same words: one use
        kept = sorted(place.values())
        members, mine, events, cut = (
            [members[k] for k in kept],
            [mine[k] for k in kept],
            [events[k] for k in kept],
            [cut[k] for k in kept],
        )
    counted: dict[int, int] = {}
    for k in sorted(
        range(len(members)),
        key=lambda k: (members[k] in linked, build.editions[mine[k].doc], members[k]),
    ):
        counted.setdefault(events[k], k)
    whole = [(lo, hi) == (0, len(c.text)) for c, (lo, hi) in zip(mine, cut, strict=True)]
    said = [  # each member's cut: its words and text
        (c.tokens, c.text)
        if full
        else (cut_words(c.tokens, (lo, hi)), texts.setdefault(c.text[lo:hi], c.text[lo:hi]))
        for c, (lo, hi), full in zip(mine, cut, whole, strict=True)
    ]
    words = [key_words(tokens) for tokens, _ in said]
    dates = [build.docs[c.doc].date for c in mine]
    whens = [(c.period, d or "", c.doc, c.start) for c, d in zip(mine, dates, strict=True)]
    heads = [counted[e] == k for k, e in enumerate(events)]
    wording = build.words.of[members].tolist()  # each member's wording
    tied = [i in linked for i in members]
    aside = [  # tied in by a key phrase said inside a longer line: not what the family says
        i in linked and inside_longer(linked[i], tokens)
        for i, (tokens, _) in zip(members, said, strict=True)
    ]
    numbers = group(
        words, events, whens, lambda: _tie_break(wording, events, tied, build.words), aside
    )
    at = _most_used([t for _, t in said], events, heads, whens, numbers)
    others = sorted(set(wording) - {wording[at]})
    scores = build.words.sim.scores(wording[at], others).tolist()
    # one number per wording, not one per member: the whole voice has millions of members
    score = {u: round(x, 3) for u, x in zip(others, scores, strict=True)}
    score[wording[at]] = 1.0
    rows = []  # each member's fields, in FamilyMember's order
    for k, (i, c) in enumerate(zip(members, mine, strict=True)):
        lo, hi = cut[k]
        head = mine[counted[events[k]]]
        doc = build.docs[c.doc]
        raw_start, raw_end = doc.raw_span(c.start, c.end)
        # a whole window's wording shares its offsets' objects (no new ints per member)
        wording_at = (c.start, c.end) if whole[k] else (c.start + lo, c.start + hi)
        raw_wording = (raw_start, raw_end) if whole[k] else doc.raw_span(*wording_at)
        rows.append(
            (
                c.doc,
                c.year,
                c.period,
                dates[k],
                events[k],
                c.turn,
                c.speaker,
                c.sentence,
                c.first_clause,
                c.last_clause,
                c.start,
                c.end,
                raw_start,
                raw_end,
                texts.setdefault(c.text, c.text),
                texts.setdefault(c.key, c.key),
                build.wordings.setdefault(c.tokens, c.tokens),
                c.hit,
                heads[k],
                None if head.doc == c.doc else head.doc,  # variant_of
                linked.get(i),  # linked_by
                score[wording[k]],  # similarity
                numbers[k],  # variant
                *wording_at,
                *raw_wording,
                texts.setdefault(said[k][1], said[k][1]),  # wording
            )
        )
    # made field by field (``columns.from_columns``): a frozen dataclass's ``__init__`` sets
    # its 28 fields one call each, five times the cost, for the ~300,000 members of the
    # topics of a dense archive
    out = from_columns(FamilyMember, tuple(zip(*rows, strict=True)))
    shown = sorted(  # the members' order in the family
        range(len(out)),
        key=lambda k: (out[k].period, not heads[k], tied[k], out[k].doc, out[k].start),
    )
    by_variant: dict[int, list[int]] = {}
    for k in sorted(shown, key=whens.__getitem__):  # each variant's in order of use
        by_variant.setdefault(numbers[k], []).append(k)
    variants = tuple(
        describe(
            n,
            [out[k] for k in by_variant[n]],
            [words[k] for k in by_variant[n]],
            [whens[k] for k in by_variant[n]],
        )
        for n in sorted(by_variant)
    )
    family = Family(
        "",
        "",
        variants[0].wording,
        tuple(out[k] for k in shown),
        tuple(sorted({c.period for c in mine})),
        (),
        _phrases(linked),
        variants,
    )
    return family.relabelled(changes=_changes(family))


def _phrases(linked: Mapping[int, str]) -> tuple[str, ...]:
    """The key phrases that tied members in: the one that tied most first, then in code
    point order (never in the order sets happened to give them, which changes with Python's
    hash seed)."""
    tied: dict[str, int] = {}
    for p in linked.values():
        tied[p] = tied.get(p, 0) + 1
    return tuple(sorted(tied, key=lambda p: (-tied[p], p)))


def _most_used(
    texts: Sequence[str],
    events: Sequence[int],
    counted: Sequence[bool],
    whens: Sequence[When],
    numbers: Sequence[int],
) -> int:
    """The index of the first use of variant 0's most used text (``variants.describe``
    chooses its wording so: most events, then a counted member's, then the earliest)."""
    said: dict[str, set[int]] = {}
    first: dict[str, tuple[bool, When, int]] = {}
    for n, (text, event, head, when, number) in enumerate(
        zip(texts, events, counted, whens, numbers, strict=True)
    ):
        if number == 0:
            said.setdefault(text, set()).add(event)
            rank = (not head, when, n)
            first[text] = min(first.get(text, rank), rank)
    text = min(said, key=lambda t: (-len(said[t]), first[t][:2]))
    return first[text][2]


def _tie_break(
    wording: Sequence[int], events: Sequence[int], tied: Sequence[bool], words: Wordings
) -> list[float]:
    """Per member (its wording, event, and whether a key phrase tied it in), how central its
    wording is (lower is more central): minus the sum of its link scores with the
    ``MEDOID_POOL`` most used wordings that similarity placed in the family; a member a key
    phrase added comes after them all. Variants used equally often are ordered by it, so
    that the label of a family of wordings said once each is its medoid."""
    said: dict[int, set[int]] = {}
    for u, event, linked in zip(wording, events, tied, strict=True):
        if not linked:
            said.setdefault(u, set()).add(event)
    pool = sorted(said, key=lambda u: (-len(said[u]), u))[:MEDOID_POOL]
    score = words.sim.block(pool)[1].sum(axis=1) if len(pool) > 1 else np.zeros(len(pool))
    centre = {u: -1.0 - float(x) for u, x in zip(pool, score.tolist(), strict=True)}
    return [0.0 if linked else centre.get(u, -1.0) for u, linked in zip(wording, tied, strict=True)]


@lru_cache(maxsize=1 << 14)
def _edits(
    a: str, b: str, a_key: str, b_key: str, a_tokens: tuple[str, ...], b_tokens: tuple[str, ...]
) -> tuple[WordEdit, ...]:
    """The word edits from wording ``a`` to ``b`` (``word_spans`` on their keys and words),
    cached: a family's canonical wording is the same from period to period more often than
    not, and equal edits are one object."""
    return tuple(
        WordEdit(op, a0, a1, b0, b1, a[a0:a1], b[b0:b1])
        for op, a0, a1, b0, b1 in word_spans(a_key, b_key, a_tokens, b_tokens)
    )


def _changes(family: Family) -> tuple[FamilyChange, ...]:
    """The word-level change between consecutive periods' canonical wordings."""
    said = []  # per period: its wording, its key and words, its canonical variant
    for p in family.periods:
        m = family.wording(p)
        said.append((m, m.wording_key, m.wording_tokens, family.canonical(p).index))
    out = []
    for p0, p1, (a, a_key, a_tokens, a_variant), (b, b_key, b_tokens, b_variant) in zip(
        family.periods, family.periods[1:], said, said[1:], strict=False
    ):
        edits = _edits(a.wording, b.wording, a_key, b_key, a_tokens, b_tokens)
        ratio = float(Indel.normalized_similarity(match_key(a_key), match_key(b_key)))
        out.append(FamilyChange(p0, p1, a, b, edits, round(ratio, 3), a_variant != b_variant))
    return tuple(out)
