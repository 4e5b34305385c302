"""`tifa dupes`: which documents are the same text, versions of one event, or share passages."""

from __future__ import annotations

import click

from tifa.tracking.exports import plain, render_table, to_json
from tifa.tracking.versions.dupes import (
    DEFAULT_MIN_SIMILARITY,
    near_duplicates,
    pair_records,
    pairs_table,
)
from tifa.tui.cli.options import Number, corpus_options, emit, open_corpus, output_options


@click.command("dupes")
@corpus_options
@click.option(
    "--min-similarity",
    type=Number(0.0, 1.0),
    default=DEFAULT_MIN_SIMILARITY,
    show_default=True,
    help="Lowest similarity to list. The default is the bar for versions; lower it "
    "(e.g. 0.1) to also list pairs that only share passages.",
)
@output_options(("text", "json", "csv"))
def dupes_command(
    corpus_paths: tuple[str, ...],
    use_cache: bool,
    min_similarity: float,
    fmt: str,
    output: str | None,
) -> None:
    """List pairs of documents that are the same text, versions of one event, or (with a
    lower --min-similarity) share passages.

    Similarity is the share of both texts found in the other, in the same order;
    "a in b" is the share of A's text found anywhere in B.
    """
    corpus = open_corpus(corpus_paths, use_cache)
    records = pair_records(corpus, near_duplicates(corpus, min_similarity=min_similarity))
    if fmt == "json":
        emit(to_json({"pairs": records}), output)
    elif fmt == "csv":
        emit(render_table(pairs_table(records), "csv"), output)
    else:
        emit(_text(records, len(corpus)), output)


def _text(records: list[dict], documents: int) -> str:
    if not records:
        return f"no near-duplicate pairs among {documents} documents\n"
    lines = []
    for r in records:
        lines.append(
            f"{_side(r['a'], r['a_year'], r['a_edition'])}  ↔  "
            f"{_side(r['b'], r['b_year'], r['b_edition'])}  {r['relation']}  "
            f"similarity {r['similarity']:.2f}, a in b {r['containment_a_in_b']:.0%}, "
            f"b in a {r['containment_b_in_a']:.0%}"
        )
    return "\n".join(lines) + "\n"


def _side(doc_id: str, year: int | None, edition: str | None) -> str:
    details = ", ".join(plain(v) for v in (year, edition) if v)
    return f"{plain(doc_id)} ({details})" if details else plain(doc_id)


COMMANDS = (dupes_command,)
