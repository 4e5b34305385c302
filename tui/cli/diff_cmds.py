"""`tifa diff A B`: the aligned diff of two versions of one event, or of a text and its span
in another that printed it.

Imports stay lean: the engine is imported when the command runs, not when `tifa` starts, and
nothing here loads Textual or Rich. jieba words come from the cache when they are there, so
a second run never imports jieba at all; numpy is imported only when the two texts differ
enough in length for one to be an excerpt of the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tifa.corpus import tokens_for
from tifa.tracking.exports import DIFF_FORMATS, plain
from tifa.tracking.versions.edit_types import EDIT_TYPES
from tifa.tui.cli.options import (
    colour_enabled,
    corpus_options,
    emit,
    open_documents,
    output_options,
)

if TYPE_CHECKING:
    from tifa.corpus import Document
    from tifa.tracking.versions.windows import Windows

# Below this share of aligned text, two documents are reported as probably unrelated.
UNRELATED = 0.2


@click.command("diff")
@click.argument("doc_a", metavar="A")
@click.argument("doc_b", metavar="B")
@corpus_options
@output_options(DIFF_FORMATS)
@click.option(
    "--whole",
    is_flag=True,
    help="Diff the whole documents even when one is printed inside the other.",
)
@click.option(
    "--hide",
    multiple=True,
    type=click.Choice(EDIT_TYPES),
    metavar="TYPE",
    help=f"Leave out edits of TYPE (repeatable): {', '.join(EDIT_TYPES)}.",
)
def diff_command(
    doc_a: str,
    doc_b: str,
    corpus_paths: tuple[str, ...],
    use_cache: bool,
    fmt: str,
    output: str | None,
    whole: bool,
    hide: tuple[str, ...],
) -> None:
    """Diff two versions of one event: turns, sentences and words.

    A and B are document ids, unique id prefixes, or paths (a file outside the corpus is
    read directly). A is the "from" version: deletions are what only A has. When one is an
    excerpt of the other (a statement printed in a briefing), it is diffed against its span
    there, both read as runs of sentences, unless --whole.
    """
    from tifa.tracking.versions.diff import diff_documents
    from tifa.tracking.versions.render import render_diff

    a, b = open_documents((doc_a, doc_b), corpus_paths, use_cache)
    windows = None if whole else _excerpt_windows(a, b)
    a, b = tokens_for(a, use_cache=use_cache), tokens_for(b, use_cache=use_cache)
    diff = diff_documents(a, b, windows)
    if a.sha256 == b.sha256:
        click.echo(
            f"tifa: {plain(a.id)} and {plain(b.id)} have the same content; nothing differs",
            err=True,
        )
    elif (aligned := diff.summary.share("identical") + diff.summary.share("edited")) < UNRELATED:
        click.echo(
            f"tifa: {plain(a.id)} and {plain(b.id)} have little in common ({aligned:.0%} "
            "of the text aligned); they may not be versions of one event",
            err=True,
        )
    emit(render_diff(diff, fmt, frozenset(hide), colour=colour_enabled(output)), output)


def _excerpt_windows(a: Document, b: Document) -> Windows | None:
    """The host's span when one document lies inside the other, saying so on stderr."""
    from tifa.tracking.versions.windows import excerpt_windows

    pair, windows = excerpt_windows(a, b)
    if pair is None or windows is None or pair.span is None:
        return None
    host = a if pair.host == a.id else b
    inner = b if host is a else a
    start, end = host.raw_span(*pair.span)
    click.echo(
        f"tifa: {plain(inner.id)} is {pair.shared:.0%} inside {plain(host.id)} "
        f"({pair.relation}): compared with its characters {start}–{end} only (--whole for all)",
        err=True,
    )
    return windows


COMMANDS = (diff_command,)
