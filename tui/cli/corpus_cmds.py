"""`tifa corpus` and `tifa show`: what is in the corpus, and one document's turns."""

from __future__ import annotations

import click

from tifa.tracking.exports import Table, plain, render_table, to_json
from tifa.tracking.listing import (
    TURN_COLUMNS,
    corpus_summary_table,
    corpus_table,
    document_record,
    show_record,
    turn_records,
)
from tifa.tui.cli.options import corpus_options, emit, open_corpus, open_documents, output_options


@click.command("corpus")
@corpus_options
@output_options(("text", "json", "csv", "md"))
def corpus_command(
    corpus_paths: tuple[str, ...], use_cache: bool, fmt: str, output: str | None
) -> None:
    """List the documents of the corpus with their metadata."""
    corpus = open_corpus(corpus_paths, use_cache)
    table = corpus_summary_table(corpus) if fmt == "text" else corpus_table(corpus)
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
    emit(_show_text(document_record(document), turn_records(document)), output)


def _show_text(meta: dict, turns: list[dict]) -> str:
    """What is not known is printed as "unknown" (JSON has null), never as "None"."""

    def known(field: str) -> str:
        return "unknown" if meta[field] is None else plain(meta[field])

    title = f"  {plain(meta['title'])}" if meta["title"] else ""
    head = [
        f"{plain(meta['id'])}{title}",
        f"year {known('year')}  date {known('date')}  edition {known('edition')}  "
        f"{meta['turns']} turns, {meta['questions']} questions",
        "",
    ]
    body = []
    for t in turns:
        who = plain(t["label"]) or f"[{t['role']}]"
        body.append(f"#{t['turn']} {t['role']} {who} ({t['start']}–{t['end']})")
        body.append(f"    {plain(t['text'])}")
    return "\n".join(head + body) + "\n"


COMMANDS = (corpus_command, show_command)
