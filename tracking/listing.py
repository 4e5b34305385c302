"""What `tifa corpus` and `tifa show` report: documents and their turns as plain records.

Offsets in these records are character offsets into the raw (decoded) file, so a reader can
check every cited span against the source.
"""

from __future__ import annotations

from typing import Any

from tifa.corpus import Corpus, Document
from tifa.tracking.exports import Table

CORPUS_COLUMNS = (
    "id",
    "path",
    "title",
    "year",
    "date",
    "edition",
    "publisher",
    "url",
    "script",
    "encoding",
    "chars",
    "turns",
    "questions",
    "metadata_source",
    "repairs",
)


def document_record(doc: Document) -> dict[str, Any]:
    meta = doc.metadata
    return {
        "id": doc.id,
        "path": doc.path,
        "title": meta.title,
        "year": meta.year,
        "date": meta.date,
        "edition": meta.edition,
        "publisher": meta.publisher,
        "url": meta.url,
        "script": doc.script,
        "encoding": doc.encoding,
        "chars": len(doc.text),
        "turns": len(doc.turns),
        "questions": doc.questions,
        "metadata_source": dict(meta.sources),
        "repairs": dict(doc.repairs),
    }


def corpus_table(corpus: Corpus) -> Table:
    rows = tuple(tuple(document_record(doc)[c] for c in CORPUS_COLUMNS) for doc in corpus.documents)
    return Table(CORPUS_COLUMNS, rows)


def corpus_summary_table(corpus: Corpus) -> Table:
    """The columns a person wants on a terminal line."""
    columns = (
        "id",
        "year",
        "date",
        "edition",
        "turns",
        "questions",
        "chars",
        "year_from",
        "repairs",
    )
    rows = []
    for doc in corpus.documents:
        repairs = sum(doc.repairs.values())
        rows.append(
            (
                doc.id,
                doc.year,
                doc.date,
                doc.edition,
                len(doc.turns),
                doc.questions,
                len(doc.text),
                doc.metadata.sources.get("year", "unknown"),
                repairs,
            )
        )
    return Table(columns, tuple(rows))


TURN_COLUMNS = ("turn", "role", "label", "speaker", "outlet", "start", "end", "sentences", "text")


def turn_records(doc: Document) -> list[dict[str, Any]]:
    records = []
    for turn in doc.turns:
        start, end = doc.raw_span(turn.start, turn.end)
        records.append(
            {
                "turn": turn.index,
                "role": turn.role,
                "label": turn.label,
                "speaker": turn.speaker,
                "outlet": turn.outlet,
                "start": start,
                "end": end,
                "sentences": turn.last_sentence - turn.first_sentence,
                "text": doc.text[turn.start : turn.end],
            }
        )
    return records


def show_record(doc: Document) -> dict[str, Any]:
    return {**document_record(doc), "turns": turn_records(doc)}
