"""`tifa timeline` and `tifa search`: when and where a phrase occurs, with its context."""

from __future__ import annotations

import click

from tifa.tracking.exports import FORMATS, REPORT_FORMATS
from tifa.tracking.periods import DateRange, Unit
from tifa.tracking.phrases.kwic import CONTEXT, QueryError, Term, find_occurrences, make_terms
from tifa.tracking.phrases.render import (
    TABLE_ALIASES,
    TABLES,
    render_occurrences,
    render_timeline,
)
from tifa.tracking.phrases.timeline import phrase_timeline
from tifa.tui.cli.options import (
    InputError,
    Number,
    corpus_options,
    emit,
    open_catalogue,
    output_options,
    period_options,
    roles_option,
)

_fuzzy_option = click.option(
    "--fuzzy",
    type=Number(0, 100, min_open=True),
    default=None,
    metavar="SCORE",
    help="Also find variants: spans whose fuzz.ratio with the phrase is at least SCORE "
    "(0-100), located with rapidfuzz partial_ratio_alignment.",
)
_context_option = click.option(
    "--context",
    type=click.IntRange(0, 500),
    default=CONTEXT,
    show_default=True,
    metavar="N",
    help="Characters of context either side (within the paragraph and turn).",
)


def _aliases(phrases: tuple[str, ...], aliases: tuple[str, ...]) -> dict[str, list[str]]:
    """``--alias ALIAS`` belongs to the first phrase, ``--alias PHRASE=ALIAS`` to PHRASE."""
    attached: dict[str, list[str]] = {}
    for alias in aliases:
        owner, sep, name = alias.partition("=")
        if not sep:
            owner, name = phrases[0], alias
        elif owner not in phrases:
            raise InputError(f"--alias {alias}: {owner} is not one of the phrases")
        attached.setdefault(owner, []).append(name)
    return attached


def _terms(phrases: tuple[str, ...], aliases: dict[str, list[str]]) -> tuple[Term, ...]:
    """Checked before the corpus loads, so an empty phrase fails at once."""
    try:
        return make_terms(phrases, aliases)
    except QueryError as err:
        raise InputError(str(err)) from None


@click.command("timeline")
@click.argument("phrases", nargs=-1, required=True)
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    metavar="[PHRASE=]ALIAS",
    help="Count ALIAS together with PHRASE (default: the first phrase); repeatable.",
)
@_fuzzy_option
@_context_option
@click.option(
    "--table",
    type=click.Choice((*TABLES, *TABLE_ALIASES)),
    default=None,
    help="Only this table (years: the periods table; default: text charts + KWIC, CSV "
    "occurrences, Markdown, HTML and JSON everything).",
)
@roles_option
@period_options
@corpus_options
@output_options(REPORT_FORMATS)
def timeline_command(
    phrases: tuple[str, ...],
    aliases: tuple[str, ...],
    fuzzy: float | None,
    context: int,
    table: str | None,
    roles: tuple[str, ...],
    by: Unit,
    span: DateRange,
    corpus_paths: tuple[str, ...],
    use_cache: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Per period (year, quarter or month) and per document: how often each PHRASE occurs
    in the official voice (or the turns of --roles), at what rate per 10,000 characters, and
    every occurrence with its context and raw offsets."""
    terms = _terms(phrases, _aliases(phrases, aliases))
    corpus = open_catalogue(corpus_paths, use_cache, from_rows=True)
    timeline = phrase_timeline(
        corpus, terms, fuzzy=fuzzy, context=context, by=by, span=span, roles=roles
    )
    emit(render_timeline(timeline, fmt, table), output)


@click.command("search")
@click.argument("phrase")
@_fuzzy_option
@_context_option
@corpus_options
@output_options(FORMATS)
def search_command(
    phrase: str,
    fuzzy: float | None,
    context: int,
    corpus_paths: tuple[str, ...],
    use_cache: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Keyword in context: every occurrence of PHRASE with its document, turn, speaker and
    raw-file offsets."""
    terms = _terms((phrase,), {})
    corpus = open_catalogue(corpus_paths, use_cache, from_rows=True)
    occurrences = find_occurrences(corpus, terms, fuzzy=fuzzy, context=context)
    emit(render_occurrences(occurrences, fmt), output)


COMMANDS = (timeline_command, search_command)
