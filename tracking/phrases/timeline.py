"""Phrase timelines: how often a term occurs per year and per document, and in whose turns.

Built on ``kwic.find_occurrences`` (the one matcher), so a timeline and a search agree.
Decisions:

* The rate is per 10,000 characters of normalised text (``len(doc.text)``), so years with
  more or longer transcripts compare fairly; two editions of one event both count.
* Every year present in the corpus gets a row, zero included: an absence is a finding.
  Documents without a known year are grouped under year ``None`` ("unknown"), last.
* ``by_role`` always has the four roles; ``by_speaker`` is keyed by canonical speaker
  (narration under "(narration)"), most frequent first.
* Exports: ``timeline_record`` is the JSON document; ``year_table``, ``document_table`` and
  ``occurrence_table`` are flat tables (every occurrence row cites document, year, turn and
  raw-file offsets); ``render_timeline`` and ``render_occurrences`` turn them into
  text, JSON, CSV or Markdown (the year tables with a bar chart of the rate).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from tifa.corpus import Corpus
from tifa.corpus.load import Progress
from tifa.corpus.model import Role
from tifa.tracking.exports import Table, display_width, pad, plain, render_table, to_json
from tifa.tracking.phrases.kwic import CONTEXT, Occurrence, Term, find_occurrences, make_terms

ROLES: tuple[str, ...] = get_args(Role)
NARRATION = "(narration)"
TABLES = ("years", "documents", "occurrences")
BAR_WIDTH = 20
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


# --- records and tables -----------------------------------------------------------------

OCCURRENCE_COLUMNS = (
    "phrase",
    "variant",
    "doc_id",
    "year",
    "date",
    "turn",
    "label",
    "speaker",
    "role",
    "outlet",
    "sentence",
    "raw_start",
    "raw_end",
    "start",
    "end",
    "score",
    "left",
    "match",
    "right",
    "sentence_text",
)
YEAR_COLUMNS = (
    "phrase",
    "year",
    "docs",
    "docs_with",
    "chars",
    "count",
    "rate_per_10k",
    *ROLES,
    "speakers",
)
DOCUMENT_COLUMNS = (
    "phrase",
    "doc_id",
    "year",
    "date",
    "edition",
    "chars",
    "count",
    "rate_per_10k",
    *ROLES,
    "speakers",
)


def occurrence_record(o: Occurrence) -> dict[str, Any]:
    return {c: getattr(o, c) for c in OCCURRENCE_COLUMNS}


def _count_record(row: YearCount | DocCount, head: tuple[str, ...]) -> dict[str, Any]:
    record = {c: getattr(row, c) for c in head}
    record.update(
        count=row.count,
        rate_per_10k=round(row.rate, 3),
        by_role=dict(row.by_role),
        by_speaker=dict(row.by_speaker),
    )
    return record


def year_record(row: YearCount) -> dict[str, Any]:
    return _count_record(row, ("phrase", "year", "docs", "docs_with", "chars"))


def document_record(row: DocCount) -> dict[str, Any]:
    return _count_record(row, ("phrase", "doc_id", "year", "date", "edition", "chars"))


def timeline_record(tl: Timeline) -> dict[str, Any]:
    """The JSON document: {"phrases", "years", "documents", "occurrences"}."""
    phrases = []
    for term in tl.terms:
        mine = tl.occurrences_of(term.label)
        phrases.append(
            {
                "phrase": term.label,
                "variants": list(term.variants),
                "fuzzy": tl.fuzzy,
                "count": len(mine),
                "documents": len({o.doc_id for o in mine}),
            }
        )
    return {
        "phrases": phrases,
        "years": [year_record(y) for y in tl.years],
        "documents": [document_record(d) for d in tl.documents],
        "occurrences": [occurrence_record(o) for o in tl.occurrences],
    }


def _flat(record: dict[str, Any], columns: tuple[str, ...]) -> tuple[Any, ...]:
    merged = {**record, **record.get("by_role", {}), "speakers": record.get("by_speaker")}
    return tuple(merged[c] for c in columns)


def year_table(tl: Timeline) -> Table:
    return Table(YEAR_COLUMNS, tuple(_flat(year_record(y), YEAR_COLUMNS) for y in tl.years))


def document_table(tl: Timeline) -> Table:
    rows = tuple(_flat(document_record(d), DOCUMENT_COLUMNS) for d in tl.documents)
    return Table(DOCUMENT_COLUMNS, rows)


def occurrence_table(occurrences: Sequence[Occurrence]) -> Table:
    rows = tuple(tuple(occurrence_record(o).values()) for o in occurrences)
    return Table(OCCURRENCE_COLUMNS, rows)


def bar(rate: float, top: float, width: int = BAR_WIDTH) -> str:
    """A bar of █ proportional to ``rate``; anything above zero shows at least one block."""
    if rate <= 0 or top <= 0:
        return ""
    return "█" * max(1, round(width * rate / top))


# --- rendering --------------------------------------------------------------------------


def render_timeline(tl: Timeline, fmt: str, table: str | None = None) -> str:
    """``tl`` as text, JSON, CSV or Markdown. With ``table`` ("years", "documents" or
    "occurrences") only that table; without, JSON is the whole record, CSV the occurrences
    (every row citing its source), text the year charts and KWIC lines, Markdown all three."""
    tables = {
        "years": year_table,
        "documents": document_table,
        "occurrences": lambda t: occurrence_table(t.occurrences),
    }
    if table is not None:
        return render_table(tables[table](tl), fmt)
    if fmt == "json":
        return to_json(timeline_record(tl))
    if fmt == "csv":
        return render_table(occurrence_table(tl.occurrences), "csv")
    if fmt == "md":
        return _markdown(tl)
    return _text(tl)


def _heading(tl: Timeline, term: Term) -> str:
    mine = tl.occurrences_of(term.label)
    variants = " + ".join(term.variants)
    mode = "exact" if tl.fuzzy is None else f"fuzzy ≥ {tl.fuzzy:g}"
    return (
        f"{variants} ({mode}): {len(mine)} occurrences in "
        f"{len({o.doc_id for o in mine})} of {len({d.doc_id for d in tl.documents})} "
        "documents"
    )


def _chart_table(rows: Sequence[YearCount]) -> Table:
    top = max((r.rate for r in rows), default=0.0)
    columns = ("year", "docs", "count", "per_10k", "chart", *ROLES)
    return Table(
        columns,
        tuple(
            (
                r.year if r.year is not None else "unknown",
                r.docs,
                r.count,
                f"{r.rate:.2f}",
                bar(r.rate, top),
                *(r.by_role[k] for k in ROLES),
            )
            for r in rows
        ),
    )


def _text(tl: Timeline) -> str:
    parts = []
    for term in tl.terms:
        parts += [
            plain(_heading(tl, term)),
            "",
            render_table(_chart_table(tl.years_of(term.label)), "text"),
            kwic_text(tl.occurrences_of(term.label)),
        ]
    return "\n".join(parts)


def _markdown(tl: Timeline) -> str:
    parts = ["# Phrase timeline", ""]
    for term in tl.terms:
        docs = [d for d in tl.documents if d.phrase == term.label and d.count]
        doc_table = Table(
            ("doc_id", "year", "date", "count", "per_10k", *ROLES),
            tuple(
                (d.doc_id, d.year, d.date, d.count, f"{d.rate:.2f}", *(d.by_role[k] for k in ROLES))
                for d in docs
            ),
        )
        occ = tl.occurrences_of(term.label)
        occ_table = Table(
            (
                "doc_id",
                "year",
                "turn",
                "speaker",
                "raw_start",
                "raw_end",
                "score",
                "left",
                "match",
                "right",
            ),
            tuple(
                (
                    o.doc_id,
                    o.year,
                    o.turn,
                    o.speaker or NARRATION,
                    o.raw_start,
                    o.raw_end,
                    o.score,
                    o.left,
                    o.match,
                    o.right,
                )
                for o in occ
            ),
        )
        parts += [
            f"## {plain(_heading(tl, term))}",
            "",
            "### Per year",
            "",
            render_table(_chart_table(tl.years_of(term.label)), "md"),
            "### Per document",
            "",
            render_table(doc_table, "md"),
            "### Occurrences",
            "",
            render_table(occ_table, "md"),
        ]
    return "\n".join(parts)


def kwic_text(occurrences: Sequence[Occurrence]) -> str:
    """One line per occurrence for people: the citation, the left context right-aligned,
    the match, the right context, in columns. Every corpus string passes through ``plain``."""
    rows = []
    for o in occurrences:
        who = plain(o.speaker) or NARRATION
        score = "" if o.score == 100 else f" ~{o.score:g}"
        rows.append(
            (
                f"{plain(o.doc_id)} {o.year or '?'} #{o.turn} {o.role} {who} "
                f"{o.raw_start}-{o.raw_end}{score}",
                plain(o.left),
                plain(o.match),
                plain(o.right),
            )
        )
    cite_width = max((display_width(r[0]) for r in rows), default=0)
    left_width = max((display_width(r[1]) for r in rows), default=0)
    lines = [
        f"{pad(cite, cite_width)}  {' ' * (left_width - display_width(left))}{left}"
        f"  {match}  {right}".rstrip()
        for cite, left, match, right in rows
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def render_occurrences(occurrences: Sequence[Occurrence], fmt: str) -> str:
    """KWIC lines (``tifa search``) as text, JSON, CSV or Markdown."""
    if fmt == "text":
        return kwic_text(occurrences)
    if fmt == "json":
        return to_json([occurrence_record(o) for o in occurrences])
    return render_table(occurrence_table(occurrences), fmt)
