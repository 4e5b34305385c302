"""Phrase timelines: how often a term occurs per year and per document, and in whose turns.

Built on ``kwic.find_occurrences`` (the one matcher), so a timeline and a search agree;
records, tables and the text, JSON, CSV and Markdown renderings are in ``render``.
Decisions:

* The rate is per 10,000 characters of normalised text (``len(doc.text)``), so years with
  more or longer transcripts compare fairly; two editions of one event both count.
* Every year present in the corpus gets a row, zero included: an absence is a finding.
  Documents without a known year are grouped under year ``None`` ("unknown"), last.
* ``by_role`` always has the four roles; ``by_speaker`` is keyed by canonical speaker
  (narration under "(narration)"), most frequent first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import get_args

from tifa.corpus import Corpus
from tifa.corpus.load import Progress
from tifa.corpus.model import Role
from tifa.tracking.phrases.kwic import CONTEXT, Occurrence, Term, find_occurrences, make_terms

ROLES: tuple[str, ...] = get_args(Role)
NARRATION = "(narration)"
PER = 10_000


@dataclass(frozen=True, slots=True)
class YearCount:
    """One term in one year. ``year`` is None for documents of unknown year."""

    phrase: str
    year: int | None
    docs: int
    docs_with: int
    chars: int
    count: int
    rate: float
    by_role: dict[str, int]
    by_speaker: dict[str, int]


@dataclass(frozen=True, slots=True)
class DocCount:
    """One term in one document (zero counts included)."""

    phrase: str
    doc_id: str
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
    years: tuple[YearCount, ...]
    documents: tuple[DocCount, ...]
    occurrences: tuple[Occurrence, ...]

    def years_of(self, phrase: str) -> tuple[YearCount, ...]:
        return tuple(y for y in self.years if y.phrase == phrase)

    def occurrences_of(self, phrase: str) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.phrase == phrase)


def phrase_timeline(
    corpus: Corpus,
    phrases: Sequence[str | Term],
    *,
    aliases: Sequence[str] | Mapping[str, Sequence[str]] = (),
    fuzzy: float | None = None,
    context: int = CONTEXT,
    progress: Progress | None = None,
) -> Timeline:
    """The timeline of each term (a phrase with its aliases; see ``kwic.make_terms``);
    ``progress`` as for ``kwic.find_occurrences``."""
    terms = make_terms(phrases, aliases)
    occurrences = find_occurrences(corpus, terms, fuzzy=fuzzy, context=context, progress=progress)
    years = sorted({d.year for d in corpus.documents}, key=lambda y: (y is None, y or 0))
    year_rows: list[YearCount] = []
    doc_rows: list[DocCount] = []
    for term in terms:
        mine = [o for o in occurrences if o.phrase == term.label]
        by_doc: dict[str, list[Occurrence]] = {}
        for o in mine:
            by_doc.setdefault(o.doc_id, []).append(o)
        for doc in corpus.documents:
            found = by_doc.get(doc.id, [])
            doc_rows.append(
                DocCount(
                    term.label,
                    doc.id,
                    doc.year,
                    doc.date,
                    doc.edition,
                    len(doc.text),
                    len(found),
                    _rate(len(found), len(doc.text)),
                    *_breakdown(found),
                )
            )
        for year in years:
            docs = [d for d in corpus.documents if d.year == year]
            found = [o for o in mine if o.year == year]
            chars = sum(len(d.text) for d in docs)
            year_rows.append(
                YearCount(
                    term.label,
                    year,
                    len(docs),
                    len({o.doc_id for o in found}),
                    chars,
                    len(found),
                    _rate(len(found), chars),
                    *_breakdown(found),
                )
            )
    return Timeline(terms, fuzzy, tuple(year_rows), tuple(doc_rows), occurrences)


def _rate(count: int, chars: int) -> float:
    return count * PER / chars if chars else 0.0


def _breakdown(found: Sequence[Occurrence]) -> tuple[dict[str, int], dict[str, int]]:
    roles = Counter[str](o.role for o in found)
    speakers = Counter(o.speaker or NARRATION for o in found)
    return {r: roles.get(r, 0) for r in ROLES}, dict(speakers.most_common())
