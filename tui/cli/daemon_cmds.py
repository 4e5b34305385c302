"""`tifa daemon start|stop|status`: keep tifa's imports warm for the commands that follow.

With a daemon running, ``tifa timeline``, ``search``, ``corpus`` and the other commands
(``daemon_client.FORWARDED``) start in a few milliseconds instead of ~0.1 s, and print, write
and exit exactly as without it. One daemon per cache folder (``TIFA_CACHE_DIR``), for the
tifa and Python that started it; it ends after ``--idle`` minutes without a command. A
command that finds none running starts one itself (``daemon_client.autostart``); ``start``
is for a daemon with other settings, or before the first command.
"""

from __future__ import annotations

import os
import subprocess
import time
from typing import Any

import click

from tifa.tui.cli.daemon_client import (
    ANOTHER,
    LOCK,
    LOG,
    MAX_SOCKET_PATH,
    STATUS,
    STOP,
    absolute,
    connect,
    daemon_spawned,
    daemon_starting,
    request,
    server_command,
    socket_path,
)
from tifa.tui.cli.options import CommandError, InputError

STARTUP_S = 20.0  # longest wait for a new daemon to answer
EXIT_S = 10.0  # longest wait for a daemon told to stop to end


@click.group("daemon")
def daemon_command() -> None:
    """A background process that makes every command start at once (POSIX only)."""


@daemon_command.command("start")
@click.option(
    "--idle",
    type=click.IntRange(0, None),
    default=60,
    show_default=True,
    metavar="MINUTES",
    help="Stop after this many minutes without a command (0: never).",
)
@click.option(
    "--corpus",
    "corpus_paths",
    multiple=True,
    metavar="PATH",
    help='A file or folder (repeatable; "bundled") whose catalogue the daemon opens once and '
    "keeps decoded: commands on it skip reading its rows (the files are still checked).",
)
@click.option(
    "--prepare",
    is_flag=True,
    help="While idle, keep every topic's family reports prepared for the --corpus as it is "
    "(`tifa prepare`, at a low priority, at most once a minute): families and changes then "
    "answer from them.",
)
def start_command(idle: int, corpus_paths: tuple[str, ...], prepare: bool) -> None:
    """Start the daemon for this cache folder, unless one is running."""
    if prepare and not corpus_paths:
        raise InputError("--prepare needs --corpus: the folders whose reports to prepare")
    path = _usable_path()
    opened = absolute(list(corpus_paths))
    for given, full in zip(corpus_paths, opened, strict=True):
        if not os.path.exists(full) and given != "bundled":
            raise InputError(f"{given}: no such file or folder")
    running = _ask(path, STATUS)
    if running is not None and "pid" in running:
        click.echo(f"tifa: daemon already running (pid {running['pid']})", err=True)
        return
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, LOG), "ab") as log:
        process = subprocess.Popen(
            server_command(path, idle * 60, opened, prepare),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            cwd="/",
            start_new_session=True,
        )
    if opened:
        click.echo(f"tifa: the daemon is opening {', '.join(corpus_paths)}…", err=True)
    try:
        answer = _wait_for(process, path, bool(opened))
    except BaseException:
        process.kill()
        raise
    if answer["pid"] != process.pid:  # another was starting: a command started it
        click.echo(f"tifa: daemon already running (pid {answer['pid']})", err=True)
        return
    stops = f"after {idle} idle minutes" if idle else "only when told"
    click.echo(
        f"tifa: daemon started (pid {process.pid}); it stops {stops} or on `tifa daemon stop`",
        err=True,
    )


def _wait_for(process: subprocess.Popen[bytes], path: str, opening: bool) -> dict[str, Any]:
    """The status of the new daemon once it answers, or of the other one that was starting
    (the new one then exits at once, ``ANOTHER``); a daemon opening a corpus may take as
    long as its index takes to build, one that only imports ``STARTUP_S`` at most."""
    deadline = time.monotonic() + STARTUP_S
    lock = os.path.join(os.path.dirname(path), LOCK)
    while opening or time.monotonic() < deadline:
        answer = _ask(path, STATUS)
        ended = process.poll()
        ours = answer is not None and answer.get("pid") == process.pid
        if answer is not None and "pid" in answer and (ours or ended == ANOTHER):
            return answer
        if ended is not None and (ended != ANOTHER or not daemon_starting(lock)):
            break
        time.sleep(0.05)
    log = os.path.join(os.path.dirname(path), LOG)
    raise CommandError(f"the daemon did not start: see {log}")


@daemon_command.command("stop")
def stop_command() -> None:
    """Stop this cache folder's daemon (commands then run in their own process again)."""
    stopped = _stop(_usable_path())
    if stopped is None:
        click.echo("tifa: no daemon running", err=True)
        return
    click.echo(f"tifa: daemon stopped (pid {stopped})", err=True)


@daemon_command.command("status")
def status_command() -> None:
    """Whether a daemon runs for this cache folder, since when, and how many commands it
    ran. Exit code 0 when one runs, 1 when none does."""
    answer = _ask(_usable_path(), STATUS)
    if answer is None or "pid" not in answer:
        click.echo("tifa: no daemon running", err=True)
        raise SystemExit(1)
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(answer["started"]))
    idle = f"{answer['idle'] / 60:.0f} idle minutes" if answer["idle"] else "never idles out"
    click.echo(
        f"daemon pid {answer['pid']}, running since {since}, {answer['served']} commands "
        f"run, {answer['running']} running now, the next one's fork {answer['standby']}; "
        f"{idle}\n"
        f"environment {answer['python']}\ntifa {answer['tifa']}\n"
        f"corpus kept open: {', '.join(answer.get('corpus') or ['none'])}"
    )
    if answer.get("prepare"):
        click.echo(f"family reports prepared while idle: {answer['prepare']}")


def stop_running() -> int | None:
    """Stop this cache folder's daemon if one runs; its pid, or None when none did (or this
    system runs none)."""
    try:
        path = _usable_path()
    except InputError:
        return None
    return _stop(path)


def _stop(path: str) -> int | None:
    """The pid of the daemon on ``path`` once it has stopped, or None when none listens. One
    that is starting (a command leaves one starting on its way out) is waited for, up to
    ``STARTUP_S``, and stopped once it listens: told there was none, it would run on. A
    daemon told to stop is waited for until it has ended (its lock is free), up to
    ``EXIT_S``: ``tifa cache clear`` removes what it held open only then."""
    deadline = time.monotonic() + STARTUP_S
    folder = os.path.dirname(path)
    lock = os.path.join(folder, LOCK)
    while True:
        answer = _ask(path, STOP)
        if answer is not None and "stopped" in answer:
            ending = time.monotonic() + EXIT_S
            while daemon_starting(lock) and time.monotonic() < ending:
                time.sleep(0.01)
            return int(answer["stopped"])
        starting = daemon_starting(lock) or daemon_spawned(folder)
        if time.monotonic() > deadline or not starting:
            return None
        time.sleep(0.05)


def _usable_path() -> str:
    if not hasattr(os, "fork"):
        raise InputError("the daemon needs fork and Unix sockets, which this system lacks")
    path = socket_path()
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        raise InputError(f"{path}: too long for a socket; set TIFA_CACHE_DIR to a shorter folder")
    return path


def _ask(path: str, kind: bytes) -> dict[str, Any] | None:
    """The daemon's answer, or None when none listens on ``path``."""
    try:
        sock = connect(path)
    except OSError:
        return None
    try:
        return request(sock, kind, {})
    except (OSError, EOFError, ValueError):
        return None
    finally:
        sock.close()


COMMANDS = (daemon_command,)
