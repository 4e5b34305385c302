"""Phrase timelines and KWIC lines as records, flat tables, text, JSON, CSV and Markdown.

Decisions:

* ``timeline_record`` is the JSON document of ``tifa timeline``; ``year_table``,
  ``document_table`` and ``occurrence_table`` are flat tables, and every occurrence row
  cites document, year, turn and raw-file offsets.
* ``year_count_record`` and ``doc_count_record`` are the records of a phrase's counts in a
  year and in a document (not to be confused with ``tracking.listing.document_record``, a
  document's own metadata).
* ``render_timeline`` and ``render_occurrences`` are the one place the formats are chosen,
  for the command line and the workbench's exports alike; the year tables of text and
  Markdown carry a bar chart of the rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tifa.tracking.exports import Table, display_width, pad, plain, render_table, to_json
from tifa.tracking.phrases.kwic import Occurrence, Term
from tifa.tracking.phrases.timeline import NARRATION, ROLES, DocCount, Timeline, YearCount

TABLES = ("years", "documents", "occurrences")
BAR_WIDTH = 20

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


def year_count_record(row: YearCount) -> dict[str, Any]:
    return _count_record(row, ("phrase", "year", "docs", "docs_with", "chars"))


def doc_count_record(row: DocCount) -> dict[str, Any]:
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
        "years": [year_count_record(y) for y in tl.years],
        "documents": [doc_count_record(d) for d in tl.documents],
        "occurrences": [occurrence_record(o) for o in tl.occurrences],
    }


def _flat(record: dict[str, Any], columns: tuple[str, ...]) -> tuple[Any, ...]:
    merged = {**record, **record.get("by_role", {}), "speakers": record.get("by_speaker")}
    return tuple(merged[c] for c in columns)


def year_table(tl: Timeline) -> Table:
    return Table(YEAR_COLUMNS, tuple(_flat(year_count_record(y), YEAR_COLUMNS) for y in tl.years))


def document_table(tl: Timeline) -> Table:
    rows = tuple(_flat(doc_count_record(d), DOCUMENT_COLUMNS) for d in tl.documents)
    return Table(DOCUMENT_COLUMNS, rows)


def occurrence_table(occurrences: Sequence[Occurrence]) -> Table:
    rows = tuple(tuple(occurrence_record(o).values()) for o in occurrences)
    return Table(OCCURRENCE_COLUMNS, rows)


def bar(rate: float, top: float, width: int = BAR_WIDTH) -> str:
    """A bar of █ proportional to ``rate``; anything above zero shows at least one block."""
    if rate <= 0 or top <= 0:
        return ""
    return "█" * max(1, round(width * rate / top))


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
