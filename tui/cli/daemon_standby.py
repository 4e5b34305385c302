"""A fork of the tifa daemon made before the command it will run arrives, warmed up while
the daemon is idle.

The daemon runs ``WARM_UP`` itself before it forks (``daemon_server.prepare``), so every
fork inherits what a command keeps for the next one; but a fresh fork still pays for its
first touch of each page it shares with the daemon (copy on write): a handed-over timeline
on the real sample took 42.7 ms through a fork not yet warmed up, 35.5 ms through one that
was. So the daemon keeps one fork ready. It is made as soon as the last one is taken, and
can take a command at once. When no command has come for ``IDLE_S`` and the daemon has a
corpus (``tifa daemon start --corpus``), it is told to warm up: it runs ``WARM_UP`` on that
corpus with its output thrown away, then says it is ready. Warming up only in idle time
keeps it from taking a core from commands that come one after another (a script's loop): a
command that arrives while the fork is still warming up gets a fork of its own, as if there
were none.

The warm-up reads the corpus as any command does (through the index, never writing what is
not stale) in the daemon's own environment; the command then runs in the client's.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import traceback
from collections.abc import Sequence
from typing import Any

from tifa.tui.cli.daemon_client import RUN, recv_frame, send_frame
from tifa.tui.cli.daemon_fork import command, run_forked

# Run on the daemon's corpus before a fork waits: a timeline of a phrase no corpus has reads
# the listing, the rows, the postings and the periods and prints its table, in ~40 ms.
WARM_UP: tuple[tuple[str, ...], ...] = (("timeline", "甲乙丙丁戊己庚辛壬癸"),)
IDLE_S = 0.2  # without a command for this long, a fork may warm up
WARM, READY = b"W", b"!"  # to the fork kept ready, and its answer; RUN hands it a command


class Standby:
    """One fork, ready (or getting ready) for the next command."""

    def __init__(self, listener: socket.socket, corpus: Sequence[str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:  # the standby: never returns to the daemon's loop, whatever happens
            code = 1
            try:
                listener.close()
                ours.close()
                code = _stand_by(theirs, corpus)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        theirs.close()
        self.pid = pid
        self.control = ours
        self.corpus = corpus
        self.warming = False  # told to warm up, and not yet said it is ready
        self.warm = not corpus

    def warm_up(self) -> None:
        """Warm up now (the daemon is idle), unless done or nothing to warm up on."""
        if self.warm or self.warming:
            return
        try:
            self.control.sendall(WARM)
        except OSError:
            return
        self.warming = True

    def take(self, conn: socket.socket, body: dict[str, Any], fds: Sequence[int]) -> bool:
        """Hand the command over if this fork can run it now, else False (the daemon then
        forks afresh). Either way the daemon is done with this standby."""
        if self.state() == "warming":
            return False
        try:
            socket.send_fds(self.control, [RUN], [conn.fileno(), *fds])
            send_frame(self.control, body)
        except OSError:
            return False
        return True

    def state(self) -> str:
        """``warm``, ``warming`` or ``cold`` (it can take a command, but has not warmed up):
        reads the fork's answer, if it has sent one since it was told to warm up."""
        if self.warming:
            readable, _, _ = select.select([self.control], [], [], 0)
            if readable and self.control.recv(1) == READY:
                self.warming, self.warm = False, True
        return "warming" if self.warming else "warm" if self.warm else "cold"

    def close(self) -> None:
        """Let it go: a fork waiting reads the end of its control socket and exits."""
        self.control.close()

    def end(self) -> None:
        """Kill it and reap it, as the daemon exits: let go while warming up, it would read
        the corpus to the end of its warm-up, and could make again the index that
        ``tifa cache clear``, which stopped the daemon, has just removed."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _stand_by(control: socket.socket, corpus: Sequence[str]) -> int:
    """In the standby: wait, warming up when told, until a command comes (then run it) or
    the daemon lets go (then exit)."""
    while True:
        try:
            kind, fds, _, _ = socket.recv_fds(control, 1, 4)
            if kind == WARM:
                run_warm_up(corpus)
                control.sendall(READY)
                continue
        except ConnectionError:  # let go while warming up (a command came): not an error
            return 0
        if kind == RUN and len(fds) == 4:
            body = recv_frame(control)
            return run_forked(socket.socket(fileno=fds[0]), body, fds[1:])
        return 0


def run_warm_up(corpus: Sequence[str]) -> None:
    """Run ``WARM_UP`` on ``corpus`` with stdin, stdout and stderr on the null device."""
    null = os.open(os.devnull, os.O_RDWR)
    saved = [os.dup(fd) for fd in (0, 1, 2)]
    try:
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        paths = [arg for path in corpus for arg in ("--corpus", path)]
        for args in WARM_UP:
            command([*args, *paths])
    finally:
        for fd, old in enumerate(saved):
            os.dup2(old, fd)
            os.close(old)
        os.close(null)
