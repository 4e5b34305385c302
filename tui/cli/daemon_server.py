"""The tifa daemon: a process with tifa's command modules imported, which runs each command
that ``daemon_client`` hands it in a fork of itself.

Decisions:

* One fork per command (as Mercurial's ``chg`` server does). The fork takes the client's
  stdin, stdout and stderr as its own, its working folder and its environment, and runs the
  command line through the same click group as the console script; nothing a command does
  (its working folder, its environment, an open index, a crash) reaches the daemon or the
  next command. Commands from several clients run at once, each in its fork.
* Only the same user: the socket is made private (mode 0600, bound under umask 0177) and,
  where the system says who connected (Linux ``SO_PEERCRED``), another user is refused.
* Never stale: a client of another interpreter or another installed tifa is refused, and so
  is every client once a tifa module the daemon loaded has changed on disk (an upgrade, an
  edit of a checkout: ``daemon_watch``); the daemon then exits. A refused client runs the
  command itself.
* It exits after ``idle`` seconds without a command (0: never), on ``tifa daemon stop``, or
  on SIGTERM, and removes its socket (only if the socket is still its own).
* Nothing in it runs on another thread: forking is only safe in a single-threaded process.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import os
import signal
import socket
import sys
import time
import traceback
from typing import Any

from tifa.corpus.collector import freeze_for_good
from tifa.tui.cli.daemon_client import (
    ANOTHER,
    FORWARDED,
    HANDSHAKE_S,
    LOCK,
    PREPARE,
    RUN,
    STATUS,
    STOP,
    identity,
    recv_frame,
    same_user,
    send_frame,
    spawned_done,
)
from tifa.tui.cli.daemon_fork import run_forked
from tifa.tui.cli.daemon_prepare import Preparer
from tifa.tui.cli.daemon_standby import IDLE_S, Standby, run_warm_up
from tifa.tui.cli.daemon_watch import CodeWatch, loaded_files

# Imported before any command comes: each forwarded command's module (registry.MODULES), and
# what those import only when they run (not jieba: a warm index has the words). A test checks
# that a timeline, a search, a listing, a document, a diff and families import nothing more.
PRELOAD = (
    "tifa.tui.cli.main",
    "tifa.tui.cli.registry",
    "tifa.tui.cli.options",
    "tifa.tui.cli.progress",
    "tifa.tui.cli.corpus_cmds",
    "tifa.tui.cli.diff_cmds",
    "tifa.tui.cli.dupes_cmds",
    "tifa.tui.cli.formulation_cmds",
    "tifa.tui.cli.timeline_cmds",
    "tifa.corpus.catalogue",
    "tifa.corpus.collector",
    "tifa.corpus.snapshot",
    "tifa.corpus.sources",
    "tifa.corpus.index",
    "tifa.corpus.load",
    "tifa.tracking.phrases.timeline",
    "tifa.tracking.phrases.render",
    "tifa.tracking.exports",
    "tifa.tracking.versions.diff",
    "tifa.tracking.versions.render",
    "tifa.tracking.versions.windows",
    "tifa.tracking.data",  # the built-in topics' file
    "tifa.tracking.formulations.changes",
    "tifa.tracking.formulations.families",
    "tifa.tracking.formulations.outside",
    "tifa.tracking.formulations.prepared",
    "tifa.tracking.formulations.recurrent",
    "tifa.tracking.formulations.render",
    "tifa.corpus.tokens",
    "tifa.corpus.data",  # the bundled corpus's folder
    "importlib.resources",
    "importlib.readers",
    "zipfile",
    "platformdirs",
    "numpy",
    "numpy.ma",
    "html",
    "sqlite3",
    "json",
    "csv",
)


def serve(path: str, idle: float, corpus: list[str], prepared: bool = False) -> None:
    """Listen on ``path`` until stopped; ``idle`` seconds without a command end it too.
    Exits at once (``ANOTHER``) while another daemon runs, or starts, for this cache
    folder: it holds the lock beside the socket for as long as it lives (a POSIX record
    lock: its forks do not hold it, so it goes with the daemon)."""
    folder = os.path.dirname(path)
    lock = os.open(os.path.join(folder, LOCK), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):  # EAGAIN or EACCES, as the system says it
        raise SystemExit(ANOTHER) from None
    finally:
        spawned_done(folder)  # the lock now tells whether a daemon runs
    prepare(corpus)
    # what is loaded now is never collected: a fork's collections then skip it, rather than
    # touching every object and copying the daemon's memory page by page (copy on write)
    freeze_for_good()
    daemon = Daemon(path, idle, corpus, prepared)
    signal.signal(signal.SIGTERM, lambda *_: daemon.stop())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the session's Ctrl+C is the clients'
    try:
        daemon.loop()
    finally:
        daemon.close()


def prepare(corpus: list[str]) -> None:
    """What every fork should find done: ``PRELOAD`` imported (with it, the code digest that
    kept family reports are checked against: ``formulations.remembered``), the converter a
    query is normalised with loaded (OpenCC's dictionaries: ~3 ms a command), and the
    catalogue of ``corpus`` (paths, if any) opened once, its rows kept decoded
    (``corpus.snapshot``), then ``WARM_UP`` run on it here, so that what a command keeps for
    the next one on the same rows (their binning into years) is there in every fork."""
    for name in PRELOAD:
        importlib.import_module(name)
    from tifa.corpus.script import to_simplified

    to_simplified("臺灣")
    if corpus:
        from tifa.corpus import open_catalogue

        open_catalogue(corpus).close()  # no connection to the index may cross a fork
        run_warm_up(corpus)


class Daemon:
    """The listening loop: requests answered one at a time, each command run in a fork
    (the ``Standby`` kept ready, or a new one), forks reaped as they end."""

    def __init__(
        self, path: str, idle: float, corpus: list[str] | None = None, prepared: bool = False
    ) -> None:
        self.path = path
        self.idle = idle
        self.started = time.time()
        self.last = time.monotonic()
        self.served = 0
        self.running = True
        self.children: set[int] = set()
        self.code = CodeWatch(loaded_files())
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            if os.path.lexists(path):  # left by a daemon killed: the lock says none runs
                os.unlink(path)
            self.listener.bind(path)
        finally:
            os.umask(old)
        self.inode = os.stat(path).st_ino
        self.listener.listen(64)
        self.listener.settimeout(IDLE_S)
        self.corpus = list(corpus or ())
        self.standby: Standby | None = None
        self.preparer = Preparer(self.listener, self.corpus) if prepared and corpus else None

    def loop(self) -> None:
        while self.running:
            self._reap()
            if self.standby is None:
                try:
                    self.standby = Standby(self.listener, self.corpus)
                except OSError:  # no fork to spare now (a process limit): one per command
                    self.standby = None
            if self.idle and not self.children and time.monotonic() - self.last > self.idle:
                return
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                if not self._reachable():
                    return  # its socket was removed or replaced: no client can reach it
                if self.standby is not None:
                    self.standby.warm_up()
                preparer = self.preparer
                if preparer is not None and preparer.due(self.last) and not self.code.changed():
                    preparer.start()
                continue
            except InterruptedError:
                continue
            with conn:
                conn.settimeout(HANDSHAKE_S)  # a client that says nothing holds up no one
                try:
                    self._answer(conn)
                except (OSError, EOFError, ValueError):
                    continue  # a client that went away or spoke nonsense: the next one

    def stop(self) -> None:
        self.running = False

    def _reachable(self) -> bool:
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

    def close(self) -> None:
        if self.standby is not None:
            self.standby.close()
            self.standby.end()
        if self.preparer is not None:
            self.preparer.end()
        self.listener.close()
        self.code.close()
        if self._reachable():  # still its own socket, not a newer daemon's
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    def _answer(self, conn: socket.socket) -> None:
        kind, fds, _, _ = socket.recv_fds(conn, 1, 3)
        try:
            body = recv_frame(conn)
            if not same_user(conn):
                send_frame(conn, {"refused": "another user"})
            elif kind == STATUS:
                send_frame(conn, self._status())
            elif kind == STOP:
                send_frame(conn, {"stopped": os.getpid()})
                self.running = False
            elif kind == RUN and len(fds) == 3:
                self._run(conn, body, fds)
            else:
                send_frame(conn, {"refused": "not a request"})
        finally:
            for fd in fds:
                os.close(fd)

    def _status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "started": self.started,
            "served": self.served,
            "idle": self.idle,
            "running": len(self.children),
            "standby": self.standby.state() if self.standby is not None else "none",
            "corpus": list(self.corpus),
            "prepare": self.preparer.state() if self.preparer is not None else None,
            **identity(),
        }

    def _run(self, conn: socket.socket, body: dict[str, Any], fds: list[int]) -> None:
        refusal = self._refusal(body)
        if refusal:
            send_frame(conn, {"refused": refusal})
            return
        self.last = time.monotonic()
        self.served += 1
        standby, self.standby = self.standby, None  # the loop makes the next one
        if standby is not None:
            taken = standby.take(conn, body, fds)
            standby.close()
            self.children.add(standby.pid)  # it runs the command, or exits, let go
            if taken:
                return
        pid = os.fork()
        if pid == 0:  # the fork: never returns to the loop, whatever happens
            code = 1
            try:
                self.listener.close()
                code = run_forked(conn, body, fds)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        self.children.add(pid)

    def _refusal(self, body: dict[str, Any]) -> str | None:
        mine = identity()
        if any(body.get(k) != v for k, v in mine.items()):
            return "another tifa or interpreter"
        if self.code.changed():
            self.running = False  # answer no one again: a new daemon must load the new code
            return "tifa changed since the daemon started"
        argv = body.get("argv")
        if not isinstance(argv, list) or len(argv) < 2 or argv[1] not in FORWARDED:
            return "not a forwarded command"
        return None

    def _reap(self) -> None:
        for pid in list(self.children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.children.discard(pid)


def main() -> None:
    """``python -m tifa.tui.cli.daemon_server SOCKET IDLE_SECONDS [--prepare] [CORPUS…]``
    (``tifa daemon start``, or a command that found none running)."""
    os.chdir("/")  # holds no folder of the command that started it
    rest = sys.argv[3:]
    prepare = rest[:1] == [PREPARE]
    serve(sys.argv[1], float(sys.argv[2]), rest[prepare:], prepare)


if __name__ == "__main__":
    main()
