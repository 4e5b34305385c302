"""Phrase timelines: how often a term occurs per period and per document, and in whose turns.

Built on ``kwic.find_occurrences`` (the one matcher), so a timeline and a search agree;
which period a document counts in is ``tracking.periods``'s decision (years, quarters or
months, a date range, undated and partially dated documents). Records, tables and the text,
JSON, CSV, Markdown and HTML renderings are in ``render``. Decisions:

* The rate is per 10,000 characters of normalised text (``len(doc.text)``), so periods with
  more or longer transcripts compare fairly; two editions of one event both count. A period
  without any document has no rate (``None``): nothing was said there, not zero.
* Every period of the range gets a row, zero included: an absence is a finding. Documents
  without a known year are counted under ``undated``, last; year-only documents in a
  quarter or month timeline under their year, after its last quarter or month.
* ``by_role`` always has the four roles; ``by_speaker`` is keyed by canonical speaker
  (narration under "(narration)"), most frequent first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import get_args

from tifa.corpus import Corpus, Document
from tifa.corpus.model import Role
from tifa.tracking.periods import Binning, DateRange, Period, Unit, bin_documents
from tifa.tracking.phrases.kwic import CONTEXT, Occurrence, Term, find_occurrences, make_terms

ROLES: tuple[str, ...] = get_args(Role)
NARRATION = "(narration)"
PER = 10_000


@dataclass(frozen=True, slots=True)
class PeriodCount:
    """One term in one period. ``rate`` is None when the period has no document."""

    phrase: str
    period: Period
    docs: int
    docs_with: int
    chars: int
    count: int
    rate: float | None
    by_role: dict[str, int]
    by_speaker: dict[str, int]

    @property
    def year(self) -> int | None:
        return self.period.year


@dataclass(frozen=True, slots=True)
class DocCount:
    """One term in one document (zero counts included)."""

    phrase: str
    doc_id: str
    period: Period
    year: int | None
    date: str | None
    edition: str | None
    chars: int
    count: int
    rate: float
    by_role: dict[str, int]
    by_speaker: dict[str, int]


@dataclass(frozen=True, slots=True)
class Timeline:
    terms: tuple[Term, ...]
    fuzzy: float | None
    binning: Binning
    periods: tuple[PeriodCount, ...]
    documents: tuple[DocCount, ...]
    occurrences: tuple[Occurrence, ...]

    @property
    def unit(self) -> Unit:
        return self.binning.unit

    def periods_of(self, phrase: str) -> tuple[PeriodCount, ...]:
        return tuple(p for p in self.periods if p.phrase == phrase)

    def occurrences_of(self, phrase: str) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.phrase == phrase)


def phrase_timeline(
    corpus: Corpus,
    phrases: Sequence[str | Term],
    *,
    aliases: Sequence[str] | Mapping[str, Sequence[str]] = (),
    fuzzy: float | None = None,
    context: int = CONTEXT,
    by: Unit = "year",
    span: DateRange | None = None,
) -> Timeline:
    """The timeline of each term (a phrase with its aliases; see ``kwic.make_terms``), per
    period of ``by`` within ``span`` (``tracking.periods.date_range``; default: all)."""
    terms = make_terms(phrases, aliases)
    binning = bin_documents(corpus.documents, by, span)
    docs = tuple(d for d in corpus.documents if d.id in binning.of_doc)
    occurrences = find_occurrences(Corpus(docs), terms, fuzzy=fuzzy, context=context)
    in_period: dict[Period, list[Document]] = {p: [] for p in binning.periods}
    for doc in docs:
        in_period[binning.of_doc[doc.id]].append(doc)
    period_rows: list[PeriodCount] = []
    doc_rows: list[DocCount] = []
    for term in terms:
        by_doc: dict[str, list[Occurrence]] = {}
        for o in occurrences:
            if o.phrase == term.label:
                by_doc.setdefault(o.doc_id, []).append(o)
        for doc in docs:
            found = by_doc.get(doc.id, [])
            doc_rows.append(
                DocCount(
                    term.label,
                    doc.id,
                    binning.of_doc[doc.id],
                    doc.year,
                    doc.date,
                    doc.edition,
                    len(doc.text),
                    len(found),
                    _rate(len(found), len(doc.text)) or 0.0,
                    *_breakdown(found),
                )
            )
        for period, members in in_period.items():
            found = [o for d in members for o in by_doc.get(d.id, ())]
            chars = sum(len(d.text) for d in members)
            period_rows.append(
                PeriodCount(
                    term.label,
                    period,
                    len(members),
                    sum(1 for d in members if d.id in by_doc),
                    chars,
                    len(found),
                    _rate(len(found), chars),
                    *_breakdown(found),
                )
            )
    return Timeline(terms, fuzzy, binning, tuple(period_rows), tuple(doc_rows), occurrences)


def _rate(count: int, chars: int) -> float | None:
    return count * PER / chars if chars else None


def _breakdown(found: Sequence[Occurrence]) -> tuple[dict[str, int], dict[str, int]]:
    roles = Counter[str](o.role for o in found)
    speakers = Counter(o.speaker or NARRATION for o in found)
    return {r: roles.get(r, 0) for r in ROLES}, dict(speakers.most_common())
