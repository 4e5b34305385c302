"""Family reports prepared in the background by a daemon started with ``--prepare``: while no
command runs, a fork of the daemon runs ``tifa prepare`` on the daemon's corpus, so that every
topic's report is kept for the archive as it is (``formulations.prepared``) and ``tifa
families`` and ``tifa changes`` answer from it, even just after documents were added.

Decisions:

* Only when idle: a check starts once no command has come for ``QUIET_S``, at most once
  every ``EVERY_S``, and runs at a low priority (``NICE``): a command that comes meanwhile is
  answered at once, and its cores go to it first.
* Cheap when nothing changed: ``tifa prepare`` then reads the catalogue's rows and each
  report's header, no document (0.97 s over 10,000 briefings in a process of its own). When
  something did, it builds what is missing, as the command would (75–80 s over 10,000
  briefings, about 2 GB).
* One at a time, and ended with the daemon (killed and reaped): one still writing after
  ``tifa cache clear`` stopped the daemon would make the cache folder again.
* Never once the daemon's code changed on disk: its reports would be kept under the old
  code's digest, which the new code never asks for.
* Its line of output (what it built, what was kept already) goes to the daemon's log.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
import traceback
from collections.abc import Sequence

from tifa.tui.cli.daemon_fork import command

QUIET_S = 2.0  # without a command for this long, the daemon may prepare
EVERY_S = 60.0  # at most one check this often
NICE = 10  # added to the fork's niceness


class Preparer:
    """The fork that runs ``tifa prepare`` on the daemon's corpus, and when it may run next."""

    def __init__(self, listener: socket.socket, corpus: Sequence[str]) -> None:
        self.listener = listener
        self.paths = [arg for path in corpus for arg in ("--corpus", path)]
        self.pid: int | None = None
        self.checked = float("-inf")  # when the last check started (monotonic)
        self.runs = 0

    def due(self, last_command: float) -> bool:
        """Whether a check should start now: none running, the daemon quiet for ``QUIET_S``
        since ``last_command`` (monotonic), and the last check ``EVERY_S`` ago."""
        self.reap()
        now = time.monotonic()
        return self.pid is None and now - last_command >= QUIET_S and now - self.checked >= EVERY_S

    def start(self) -> None:
        """Fork and run ``tifa prepare`` in the fork (no fork to spare: the next check)."""
        self.checked = time.monotonic()
        try:
            pid = os.fork()
        except OSError:
            return
        if pid == 0:  # the fork: never returns to the daemon's loop, whatever happens
            code = 1
            try:
                code = _prepare(self.listener, self.paths)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        self.pid = pid
        self.runs += 1

    def state(self) -> str:
        """``preparing`` while a check runs, else how many have run."""
        self.reap()
        if self.pid is not None:
            return "preparing"
        return f"{self.runs} check{'' if self.runs == 1 else 's'} run"

    def reap(self) -> None:
        if self.pid is None:
            return
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            done = self.pid
        if done:
            self.pid = None

    def end(self) -> None:
        """Kill the check that runs, if any, and reap it (the daemon exits)."""
        if self.pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = None


def _prepare(listener: socket.socket, paths: list[str]) -> int:
    """In the fork: ``tifa prepare`` on the corpus, stdin on the null device, its output in the
    daemon's log."""
    listener.close()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.nice(NICE)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    print(time.strftime("%Y-%m-%d %H:%M:%S"), "tifa prepare:", flush=True, end=" ")
    return command(["prepare", *paths])
