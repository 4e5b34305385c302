"""What `tifa corpus` and `tifa show` report: documents and their turns as plain records.

Offsets in these records are character offsets into the raw (decoded) file, so a reader can
check every cited span against the source.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from tifa.corpus import Document, DocumentInfo
from tifa.corpus.info import info_of
from tifa.corpus.model import DateClue
from tifa.tracking.exports import Table

CORPUS_COLUMNS = (
    "id",
    "path",
    "title",
    "year",
    "date",
    "date_status",
    "date_conflicts",
    "genre",
    "speaker",
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


def clue_record(info: DocumentInfo, clue: DateClue) -> dict[str, Any]:
    """A date clue with its evidence as printed and, for clues read in the text, the raw-file
    offsets of that evidence (``None`` for the file name and the manifest)."""
    start = end = None
    if clue.start is not None and clue.end is not None:
        start, end = info.raw_spans.get((clue.start, clue.end), (None, None))
    return {
        "source": clue.source,
        "year": clue.year,
        "month": clue.month,
        "day": clue.day,
        "evidence": clue.evidence,
        "start": start,
        "end": end,
    }


def clue_text(clue: DateClue) -> str:
    """One line for a person: "filename 2018-02-16 (2018-02-16_fmprc-t1535833.txt)"."""
    if clue.iso:
        when = clue.iso
    elif clue.year is not None:
        when = str(clue.year)
    else:
        when = f"{clue.month}月{clue.day}日"
    return f"{clue.source} {when} ({clue.evidence})"


def document_record(doc: DocumentInfo) -> dict[str, Any]:
    """A catalogue row's metadata (``Catalogue.rows``, ``Corpus.infos``, ``info_of(doc)``)
    as JSON-ready values (``date_conflicts`` and ``date_clues``
    as lists of ``clue_record`` objects)."""
    meta = doc.metadata
    return {
        "id": doc.id,
        "path": doc.path,
        "title": meta.title,
        "year": meta.year,
        "date": meta.date,
        "date_status": meta.date_status,
        "date_conflicts": [clue_record(doc, c) for c in meta.date_conflicts],
        "genre": meta.genre,
        "speaker": meta.speaker,
        "edition": meta.edition,
        "publisher": meta.publisher,
        "url": meta.url,
        "script": doc.script,
        "encoding": doc.encoding,
        "chars": doc.chars,
        "turns": doc.turns,
        "questions": doc.questions,
        "metadata_source": dict(meta.sources),
        "date_clues": [clue_record(doc, c) for c in meta.clues],
        "repairs": dict(doc.repairs),
    }


def corpus_records(documents: Iterable[DocumentInfo]) -> list[dict[str, Any]]:
    """What `tifa corpus --format json` prints: one ``document_record`` per document."""
    return [document_record(doc) for doc in documents]


def select(
    documents: Iterable[DocumentInfo], dates: Collection[str] = (), genres: Collection[str] = ()
) -> tuple[DocumentInfo, ...]:
    """The documents whose date status is one of ``dates`` and genre one of ``genres``
    (an empty collection selects all)."""
    return tuple(
        doc
        for doc in documents
        if (not dates or doc.metadata.date_status in dates)
        and (not genres or doc.metadata.genre in genres)
    )


def corpus_table(documents: Iterable[DocumentInfo]) -> Table:
    """``CORPUS_COLUMNS`` of each document, conflicts as one line each (CSV, Markdown)."""
    rows = []
    for doc in documents:
        record = document_record(doc)
        record["date_conflicts"] = [clue_text(c) for c in doc.metadata.date_conflicts]
        rows.append(tuple(record[c] for c in CORPUS_COLUMNS))
    return Table(CORPUS_COLUMNS, tuple(rows))


def corpus_summary_table(documents: Iterable[DocumentInfo]) -> Table:
    """The columns a person wants on a terminal line."""
    columns = (
        "id",
        "year",
        "date",
        "dates",
        "genre",
        "edition",
        "turns",
        "questions",
        "chars",
        "year_from",
        "repairs",
    )
    rows = []
    for doc in documents:
        repairs = sum(doc.repairs.values())
        rows.append(
            (
                doc.id,
                doc.year,
                doc.date,
                doc.metadata.date_status,
                doc.metadata.genre,
                doc.edition,
                doc.turns,
                doc.questions,
                doc.chars,
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
    return {**document_record(info_of(doc)), "turns": turn_records(doc)}
