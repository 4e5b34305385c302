"""`tifa corpus` and `tifa show`: what is in the corpus, and one document's turns."""

from __future__ import annotations

import click

from tifa.corpus import Document
from tifa.corpus.info import info_of
from tifa.corpus.model import DATE_STATUSES, GENRES
from tifa.tracking.exports import Table, plain, render_table, to_json
from tifa.tracking.listing import (
    TURN_COLUMNS,
    clue_text,
    corpus_records,
    corpus_summary_table,
    corpus_table,
    document_record,
    select,
    show_record,
    turn_records,
)
from tifa.tui.cli.options import (
    corpus_options,
    emit,
    open_catalogue,
    open_documents,
    output_options,
)


@click.command("corpus")
@click.option(
    "--dates",
    "date_statuses",
    multiple=True,
    type=click.Choice(DATE_STATUSES),
    help="Only documents whose date is known, weak (anniversary only), disputed or missing "
    "(repeatable).",
)
@click.option(
    "--genre",
    "genres",
    multiple=True,
    type=click.Choice(GENRES),
    help="Only documents of this genre (repeatable).",
)
@corpus_options
@output_options(("text", "json", "csv", "md"))
def corpus_command(
    date_statuses: tuple[str, ...],
    genres: tuple[str, ...],
    corpus_paths: tuple[str, ...],
    use_cache: bool,
    fmt: str,
    output: str | None,
) -> None:
    """List the documents of the corpus with their metadata."""
    catalogue = open_catalogue(corpus_paths, use_cache, from_rows=True)
    documents = select(catalogue.rows, date_statuses, genres)
    if fmt == "json":
        emit(to_json(corpus_records(documents)), output)
        return
    table = corpus_summary_table(documents) if fmt == "text" else corpus_table(documents)
    emit(render_table(table, fmt), output)


@click.command("show")
@click.argument("doc")
@corpus_options
@output_options(("text", "json", "md"))
def show_command(
    doc: str, corpus_paths: tuple[str, ...], use_cache: bool, fmt: str, output: str | None
) -> None:
    """Print a document's turns. DOC is an id, a unique id prefix, or a path."""
    (document,) = open_documents((doc,), corpus_paths, use_cache)
    if fmt == "json":
        emit(to_json(show_record(document)), output)
        return
    if fmt == "md":
        rows = tuple(tuple(r[c] for c in TURN_COLUMNS) for r in turn_records(document))
        emit(render_table(Table(TURN_COLUMNS, rows), "md"), output)
        return
    emit(_show_text(document), output)


def _show_text(document: Document) -> str:
    """What is not known is printed as "unknown" (JSON has null), never as "None"."""
    meta, turns = document_record(info_of(document)), turn_records(document)

    def known(field: str) -> str:
        return "unknown" if meta[field] is None else plain(meta[field])

    found = meta["metadata_source"].get("date" if meta["date"] else "year")
    title = f"  {plain(meta['title'])}" if meta["title"] else ""
    head = [
        f"{plain(meta['id'])}{title}",
        f"year {known('year')}  date {known('date')} ({meta['date_status']}, from {found})"
        f"  genre {known('genre')}  speaker {plain(meta['speaker'] or '-')}",
        f"edition {known('edition')}  {meta['turns']} turns, {meta['questions']} questions",
        *(f"date disputed by: {plain(clue_text(c))}" for c in document.metadata.date_conflicts),
        "",
    ]
    body = []
    for t in turns:
        who = plain(t["label"]) or f"[{t['role']}]"
        if t["speaker"] and t["speaker"] not in t["label"]:  # 答 (耿爽), [statement] (陆慷)
            who += f" ({plain(t['speaker'])})"
        body.append(f"#{t['turn']} {t['role']} {who} ({t['start']}–{t['end']})")
        body.append(f"    {plain(t['text'])}")
    return "\n".join(head + body) + "\n"


COMMANDS = (corpus_command, show_command)
