"""`tifa topics`, `tifa families` and `tifa changes`: how the line on a topic was worded
from year to year, grouped into families, and what changed in each year; `tifa prepare`
builds and keeps those reports ahead of the questions (``formulations.prepared``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from tifa.tracking.exports import FORMATS, REPORT_FORMATS, render_table, to_json
from tifa.tracking.formulations.topics import (
    Topic,
    TopicsError,
    load_topics,
    resolve_topic,
    topic_record,
    topics_table,
    user_topics_path,
)
from tifa.tui.cli.options import (
    InputError,
    Number,
    corpus_options,
    emit,
    open_catalogue,
    output_options,
    period_options,
    read_corpus,
    roles_option,
)

if TYPE_CHECKING:
    from tifa.corpus import Corpus, Document
    from tifa.corpus.catalogue import Catalogue
    from tifa.tracking.formulations.families import FamilyReport
    from tifa.tracking.periods import DateRange, Unit

# tracking.families.MIN_SIMILARITY and tracking.clauses.MAX_CLAUSES (a test keeps them equal):
# the engine, and numpy with it, is imported only when a command runs, so that `tifa corpus`
# and the other commands do not pay for it at start-up.
MIN_SIMILARITY = 0.70
MAX_CLAUSES = 3
LIMIT = 20  # tracking.formulations.render.LIMIT (the same test keeps them equal)

_topics_option = click.option(
    "--topics",
    "topics_file",
    default=None,
    metavar="FILE",
    help="A TOML file of topics that add to or override the built-in ones "
    "(and the per-user config file).",
)


def _load(topics_file: str | None) -> dict[str, Topic]:
    try:
        return load_topics(topics_file)
    except TopicsError as err:
        raise InputError(str(err)) from None


def _chosen(name: str, topics_file: str | None) -> Topic:
    """Checked before the corpus loads, so a typo fails at once; ``all`` is the whole
    official voice (``topics.WHOLE_VOICE``)."""
    try:
        return resolve_topic(name, _load(topics_file))
    except LookupError as err:
        raise InputError(str(err.args[0])) from None


def _reports(
    name: str,
    topics_file: str | None,
    min_similarity: float,
    max_clauses: int,
    by: Unit,
    span: DateRange,
    roles: tuple[str, ...],
    corpus_paths: tuple[str, ...],
    use_cache: bool,
) -> tuple[str, list[FamilyReport], Catalogue | Corpus, Callable[[str], Document]]:
    """The topic's report: kept from an earlier run over the same archive (told from the
    index's rows, so no document or word is read), else built, and kept for the next run
    (``formulations.remembered``; not with ``--no-cache``); the archive (its index, or the
    corpus in memory) and how to read a document by id from it, for the uses a summary
    shows."""
    from tifa.tracking.formulations.families import build_families, kept_families, words_read
    from tifa.tracking.formulations.remembered import ReportStore
    from tifa.tui.cli.progress import ProgressBar

    chosen = _chosen(name, topics_file)
    catalogue = open_catalogue(corpus_paths, use_cache)
    store = ReportStore() if use_cache else None
    asked: dict[str, Any] = {
        "min_similarity": min_similarity,
        "max_clauses": max_clauses,
        "by": by,
        "span": span,
        "roles": roles,
    }
    kept = None
    if store is not None:
        bar = ProgressBar()
        try:
            kept = kept_families(catalogue.rows, chosen, store, progress=bar, **asked)
        finally:
            bar.close()
    if kept is not None:
        return chosen.id, [kept], catalogue, catalogue.open
    corpus = read_corpus(catalogue, tokens=words_read(chosen))
    bar = ProgressBar()
    try:
        built = build_families(corpus, chosen, store=store, progress=bar, **asked)
    finally:
        bar.close()
    return chosen.id, [built], corpus, corpus.get


def _family_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = period_options(roles_option(func))
    func = click.option(
        "--all",
        "everything",
        is_flag=True,
        help="Text, Markdown and HTML show every family or change, not only the most used.",
    )(func)
    func = click.option(
        "--limit",
        type=click.IntRange(1),
        default=LIMIT,
        show_default=True,
        metavar="N",
        help="Text, Markdown and HTML show the N most used families (changes: N of each kind "
        "per period); JSON and CSV always hold all.",
    )(func)
    func = click.option(
        "--max-clauses",
        type=click.IntRange(1, 6),
        default=MAX_CLAUSES,
        show_default=True,
        help="Longest window of adjacent clauses (split at ，；：) compared as one wording.",
    )(func)
    return click.option(
        "--min-similarity",
        type=Number(0, 1, min_open=True),
        default=MIN_SIMILARITY,
        show_default=True,
        metavar="X",
        help="How alike two wordings must be (0-1, rapidfuzz Indel ratio, or containment "
        "minus 0.15) to be one formulation.",
    )(func)


@click.command("topics")
@_topics_option
@output_options(FORMATS)
def topics_command(topics_file: str | None, fmt: str, output: str | None) -> None:
    """List the topics: built-in, from the per-user config file, and from --topics FILE."""
    topics = _load(topics_file)
    if fmt == "json":
        emit(
            to_json(
                {
                    "config": str(user_topics_path()),
                    "topics": [topic_record(t) for t in topics.values()],
                }
            ),
            output,
        )
        return
    emit(render_table(topics_table(topics), fmt), output)


@click.command("families")
@click.argument("topic")
@_topics_option
@_family_options
@corpus_options
@output_options(REPORT_FORMATS)
def families_command(
    topic: str,
    topics_file: str | None,
    min_similarity: float,
    max_clauses: int,
    limit: int,
    everything: bool,
    by: Unit,
    span: DateRange,
    roles: tuple[str, ...],
    corpus_paths: tuple[str, ...],
    use_cache: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Group the official wordings on TOPIC (an id or alias; 'all' for the whole official
    voice) into families of one formulation, each with its variants and their shares per
    period (year, quarter or month), and the rewordings of its canonical wording."""
    from tifa.corpus.collector import collector_paused
    from tifa.tracking.formulations.render import render_families
    from tifa.tracking.formulations.said import Context

    label, reports, _, opener = _reports(
        topic, topics_file, min_similarity, max_clauses, by, span, roles, corpus_paths, use_cache
    )
    with collector_paused():  # see ``changes_command``
        out = render_families(reports, fmt, label, None if everything else limit, Context(opener))
    emit(out, output)


@click.command("changes")
@click.argument("topic")
@_topics_option
@_family_options
@corpus_options
@output_options(REPORT_FORMATS)
def changes_command(
    topic: str,
    topics_file: str | None,
    min_similarity: float,
    max_clauses: int,
    limit: int,
    everything: bool,
    by: Unit,
    span: DateRange,
    roles: tuple[str, ...],
    corpus_paths: tuple[str, ...],
    use_cache: bool,
    fmt: str,
    output: str | None,
) -> None:
    """What changed per period (year, quarter or month) on TOPIC ('all': the whole official
    voice): formulations new (first said, and said again), gone quiet, back after a telling
    silence, reworded, and wordings that overtook others. With --since/--until, a line said
    before the range is not new and one said after it is not dropped (searched for in the
    documents outside it)."""
    from tifa.corpus.collector import collector_paused
    from tifa.tracking.formulations.changes import period_changes
    from tifa.tracking.formulations.outside import checked_outside
    from tifa.tracking.formulations.render import render_changes
    from tifa.tracking.formulations.said import Context

    label, reports, archive, opener = _reports(
        topic, topics_file, min_similarity, max_clauses, by, span, roles, corpus_paths, use_cache
    )
    # what is made of a report holds no cycles, and a full collection meanwhile would only
    # read the report again: 2-3 s of the whole voice kept at 10,000 briefings
    with collector_paused():
        out = render_changes(
            checked_outside(period_changes(reports), archive),
            fmt,
            label,
            None if everything else limit,
            Context(opener),
        )
    emit(out, output)


@click.command("prepare")
@click.argument("topics", nargs=-1)
@_topics_option
@period_options
@roles_option
@corpus_options
def prepare_command(
    topics: tuple[str, ...],
    topics_file: str | None,
    by: Unit,
    span: DateRange,
    roles: tuple[str, ...],
    corpus_paths: tuple[str, ...],
    use_cache: bool,
) -> None:
    """Build and keep the families of TOPICS over the corpus (default: every topic defined;
    'all' for the whole official voice), so that `tifa families` and `tifa changes` with
    the same --by, --since, --until and --roles answer from what is kept. A topic already
    kept for the archive as it is is not built again: run it after adding documents."""
    from tifa.tracking.formulations.prepared import prepare
    from tifa.tracking.formulations.remembered import ReportStore
    from tifa.tui.cli.progress import ProgressBar

    if not use_cache:
        raise InputError("prepare keeps reports in the cache folder: not with --no-cache")
    named = {t.id: t for t in (_chosen(name, topics_file) for name in topics)}  # aliases once
    chosen = list(named.values()) or list(_load(topics_file).values())
    catalogue = open_catalogue(corpus_paths, use_cache)
    bar = ProgressBar()
    try:
        done = prepare(
            catalogue,
            chosen,
            ReportStore(),
            by=by,
            span=span,
            roles=roles,
            min_similarity=MIN_SIMILARITY,
            max_clauses=MAX_CLAUSES,
            progress=bar,
        )
    finally:
        bar.close()
        catalogue.close()
    built = ", ".join(done.built) or "none"
    kept = ", ".join(done.kept) or "none"
    click.echo(
        f"{len(catalogue.rows)} documents by {by}: built {built} in {done.seconds:.1f} s; "
        f"already kept: {kept}"
    )


COMMANDS = (topics_command, families_command, changes_command, prepare_command)
