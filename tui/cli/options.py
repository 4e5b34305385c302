"""Options and plumbing shared by every command: corpus selection, output, errors.

Exit codes: 0 for success (no matches included), 1 for errors, 2 for usage errors and
unreadable input. Data goes to stdout, messages to stderr.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from tifa.tracking.exports import ExportError, plain, write_atomic

if TYPE_CHECKING:
    from tifa.corpus import Catalogue, Corpus, Document


class InputError(click.ClickException):
    """Bad input named on the command line: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"tifa: {plain(self.message)}", err=True)


def corpus_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--corpus (repeatable; files, folders or "bundled") and --no-cache."""

    @click.option(
        "--corpus",
        "corpus_paths",
        multiple=True,
        metavar="PATH",
        help='Transcript file or folder (repeatable); "bundled" for the shipped five.',
    )
    @click.option("--no-cache", is_flag=True, help="Parse everything afresh; do not use the cache.")
    @functools.wraps(func)
    def wrapper(*args: Any, corpus_paths: tuple[str, ...], no_cache: bool, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        root = ctx.find_root().params
        paths = corpus_paths or tuple(root.get("corpus_paths") or ())
        use_cache = not (no_cache or root.get("no_cache"))
        return func(*args, corpus_paths=paths, use_cache=use_cache, **kwargs)

    return wrapper


def output_options(formats: tuple[str, ...], default: str = "text") -> Callable[..., Any]:
    """--format and -o/--output, for commands that print data."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False),
            default=None,
            help="Write to FILE (atomically) instead of stdout.",
        )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=default,
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


def open_catalogue(paths: tuple[str, ...], use_cache: bool, words: bool = False) -> Catalogue:
    """The corpus as index rows (documents read when opened), the index brought up to date
    with a progress bar on stderr; unreadable files and index repairs as warnings."""
    from tifa.corpus import CorpusError  # here, so bare `tifa` starts the UI sooner
    from tifa.corpus import open_catalogue as open_index
    from tifa.tui.cli.progress import ProgressBar

    bar = ProgressBar()

    def warn(message: str) -> None:
        bar.close()
        click.echo(f"tifa: warning: {plain(message)}", err=True)

    try:
        catalogue = open_index(paths, use_cache=use_cache, words=words, progress=bar, warn=warn)
    except CorpusError as err:
        raise InputError(str(err)) from None
    finally:
        bar.close()
    click.get_current_context().call_on_close(catalogue.close)
    gc.freeze()  # the rows live as long as the command: no collection need scan them again
    for warning in catalogue.skipped:
        warn(warning)
    if not catalogue.rows:
        raise InputError(f"{', '.join(paths) or 'corpus'}: no readable transcripts found")
    return catalogue


def open_corpus(paths: tuple[str, ...], use_cache: bool, tokens: bool = False) -> Corpus:
    """Every document in memory, for the commands that read them all."""
    from tifa.tui.cli.progress import ProgressBar

    catalogue = open_catalogue(paths, use_cache, words=tokens)
    bar = ProgressBar()
    try:
        return catalogue.corpus(words=tokens, progress=bar)
    finally:
        bar.close()
        catalogue.close()


def open_documents(
    names: tuple[str, ...], paths: tuple[str, ...], use_cache: bool
) -> tuple[Document, ...]:
    """The named documents of the corpus (ids, prefixes or paths), reading only their files."""
    from tifa.corpus import CorpusError, load_named

    try:
        return load_named(names, paths, use_cache=use_cache)
    except LookupError as err:
        raise InputError(str(err.args[0])) from None
    except CorpusError as err:
        raise InputError(str(err)) from None


def emit(content: str, output: str | None) -> None:
    """Print to stdout, or write ``output`` atomically and say so on stderr."""
    if output is None:
        click.echo(content, nl=False)
        return
    try:
        path = write_atomic(output, content)
    except ExportError as err:
        raise InputError(str(err)) from None
    click.echo(f"tifa: wrote {plain(path)}", err=True)


def colour_enabled(output: str | None) -> bool:
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def period_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--by year|quarter|month, --since and --until, passed on as ``by`` and ``span``
    (a ``tracking.periods.DateRange``); an unreadable bound is a usage error."""
    from tifa.tracking.periods import UNITS, PeriodError, date_range

    @click.option(
        "--by",
        type=click.Choice(UNITS),
        default="year",
        show_default=True,
        help="Period of the rows: year, quarter (2021-Q2) or month (2021-05).",
    )
    @click.option(
        "--since",
        default=None,
        metavar="DATE",
        help="Only documents dated on or after DATE: 2019, 2019-03, 2019-Q2 or 2019-03-08.",
    )
    @click.option(
        "--until",
        default=None,
        metavar="DATE",
        help="Only documents dated on or before DATE (2019 means to 2019-12-31).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, since: str | None, until: str | None, **kwargs: Any) -> Any:
        try:
            span = date_range(since, until)
        except PeriodError as err:
            raise InputError(str(err)) from None
        return func(*args, span=span, **kwargs)

    return wrapper


def roles_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--roles: which turns are read (default: the official voice), passed on as ``roles``."""
    from tifa.corpus.voice import parse_roles

    def check(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
        try:
            return parse_roles(value)
        except ValueError as err:
            raise InputError(f"--roles {value}: {err}") from None

    return click.option(
        "--roles",
        default="official",
        show_default=True,
        metavar="ROLES",
        callback=check,
        help="Turns read, comma-separated: official (answers and statements), question, "
        "answer, host, narration, statement, or all.",
    )(func)
