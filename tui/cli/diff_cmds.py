"""`tifa diff A B`: the aligned diff of two versions of one event.

Imports stay lean: the engine is imported when the command runs, not when `tifa` starts, and
nothing here loads Textual or Rich. jieba words come from the cache when they are there, so
a second run never imports jieba at all.
"""

from __future__ import annotations

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

# Below this share of aligned text, two documents are reported as probably unrelated.
UNRELATED = 0.2


@click.command("diff")
@click.argument("doc_a", metavar="A")
@click.argument("doc_b", metavar="B")
@corpus_options
@output_options(DIFF_FORMATS)
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
    hide: tuple[str, ...],
) -> None:
    """Diff two versions of one event: turns, sentences and words.

    A and B are document ids, unique id prefixes, or paths (a file outside the corpus is
    read directly). A is the "from" version: deletions are what only A has.
    """
    from tifa.tracking.versions.diff import diff_documents
    from tifa.tracking.versions.render import render_diff

    a, b = open_documents((doc_a, doc_b), corpus_paths, use_cache)
    a, b = tokens_for(a, use_cache=use_cache), tokens_for(b, use_cache=use_cache)
    diff = diff_documents(a, b)
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


COMMANDS = (diff_command,)
