"""Options and plumbing shared by every command: corpus selection, output, errors.

Exit codes: 0 for success (no matches included), 1 for errors (an output that cannot be
written: a full disk, a closed stdout), 2 for usage errors and unreadable input, 130 when
interrupted (Ctrl+C), 141 when the reader of stdout stops early (``| head``), as for any
program killed by SIGPIPE. Data goes to stdout, messages to stderr, one line each.
"""

from __future__ import annotations

import errno
import functools
import math
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from tifa.tracking.exports import ExportError, plain, write_atomic

if TYPE_CHECKING:
    from tifa.corpus import Catalogue, Corpus, Document

PIECE = 1 << 20  # bytes written to stdout at a time


class CommandError(click.ClickException):
    """A failure reported as one line, ``tifa: message``, on stderr (or ``file``)."""

    def show(self, file: Any = None) -> None:
        click.echo(f"tifa: {plain(self.message)}", file=file, err=file is None)


class InputError(CommandError):
    """Bad input named on the command line: exit code 2."""

    exit_code = 2


class OutputError(CommandError):
    """An output that could not be written (a full disk, a closed stdout): exit code 1."""

    exit_code = 1


class Interrupted(CommandError):
    """Ctrl+C: exit code 130 (128 + SIGINT), as a shell reports a program it interrupted."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted")


class Number(click.FloatRange):
    """A float in a range that is a number: click's FloatRange lets ``nan`` through,
    because every comparison with it is false."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{value!r} is not a number.", param, ctx)
        return number


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


def open_catalogue(
    paths: tuple[str, ...], use_cache: bool, words: bool = False, *, from_rows: bool = False
) -> Catalogue:
    """The corpus as index rows (documents read when opened), the index brought up to date
    with a progress bar on stderr; unreadable files and index repairs as warnings.
    ``from_rows``: the command answers from the rows and the index alone (``tifa corpus``,
    ``timeline``, ``search``), making no reference cycles, so the cyclic collector waits
    until it is done: one collection scanning 10,000 rows cost a timeline ~0.1 s."""
    from tifa.corpus import CorpusError  # here, so bare `tifa` starts the UI sooner
    from tifa.corpus import open_catalogue as open_index
    from tifa.corpus.collector import collector_paused
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
    context = click.get_current_context()
    context.call_on_close(catalogue.close)
    if from_rows:
        context.with_resource(collector_paused())
    for warning in (*catalogue.skipped, *catalogue.damaged):
        warn(warning)
    if not catalogue.rows:
        raise InputError(f"{', '.join(paths) or 'corpus'}: no readable transcripts found")
    return catalogue


def open_corpus(paths: tuple[str, ...], use_cache: bool, tokens: bool = False) -> Corpus:
    """Every document in memory, for the commands that read them all."""
    return read_corpus(open_catalogue(paths, use_cache, words=tokens), tokens)


def read_corpus(catalogue: Catalogue, tokens: bool | Callable[[Document], bool] = False) -> Corpus:
    """Every document of an open catalogue in memory (the catalogue then closed), with its
    words when ``tokens`` (or when ``tokens(document)``), found first where they are not in
    the index yet."""
    from tifa.tui.cli.progress import ProgressBar

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
    from tifa.corpus.decode import INVALID_BYTES, damage_warning

    said: set[str] = set()

    def warn(message: str) -> None:  # once: the index says the same for each document
        if message not in said:
            said.add(message)
            click.echo(f"tifa: warning: {plain(message)}", err=True)

    try:
        docs = load_named(names, paths, use_cache=use_cache, warn=warn)
    except LookupError as err:
        raise InputError(str(err.args[0])) from None
    except CorpusError as err:
        raise InputError(str(err)) from None
    for doc in docs:
        damage = damage_warning(doc.path, doc.repairs.get(INVALID_BYTES, 0), doc.encoding)
        if damage:
            warn(damage)
    return docs


def emit(content: str, output: str | None) -> None:
    """Print to stdout, or write ``output`` atomically and say so on stderr.

    Output that does not arrive is never a success: a closed stdout or a full disk is
    exit 1; a reader that went away (``| head``) ends the command quietly, exit 141.
    """
    if output is None:
        _print(content)
        return
    try:
        path = write_atomic(output, content)
    except ExportError as err:
        raise (InputError if err.bad_target else OutputError)(str(err)) from None
    click.echo(f"tifa: wrote {plain(path)}", err=True)


def _print(content: str) -> None:
    stdout = sys.stdout
    if stdout is None:  # fd 1 was closed when Python started (`tifa search x >&-`)
        raise OutputError("standard output is closed: nothing written (use -o FILE)")
    try:
        fd = stdout.fileno() if os.name == "posix" else None
    except (AttributeError, OSError, ValueError):  # not a file: a test runner's stream
        fd = None
    try:
        if fd is None:
            click.echo(content, nl=False)
        else:
            stdout.flush()
            _write_all(fd, content.encode(stdout.encoding or "utf-8", stdout.errors or "strict"))
    except UnicodeEncodeError:
        raise OutputError(
            f"standard output ({stdout.encoding}) cannot show Chinese text: "
            "set PYTHONIOENCODING=utf-8 or use -o FILE"
        ) from None
    except OSError as err:
        if err.errno == errno.EPIPE:
            raise SystemExit(141) from None
        raise OutputError(f"standard output: cannot write ({err.strerror or err})") from None


def _write_all(fd: int, data: bytes) -> None:
    """``os.write`` until all of ``data`` is written, raising the error that stops it.

    Not through ``sys.stdout``: there, a write cut short (a disk filling up, a reader
    closing the pipe, the 2 GiB that one write may carry) returned without an error, and
    the output was silently truncated with exit code 0 (CPython 3.11).
    """
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view[:PIECE]) :]


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
