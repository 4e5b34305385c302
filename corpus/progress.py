"""Progress events and cancellation for long corpus work (indexing, parsing, words).

The engine reports, the front ends draw: the CLI a bar on stderr, the workbench its status
bar. ``Progress`` is one event: the stage, how far it is, and an estimate of the time left
from the rate so far. ``Cancel`` is the hook a front end holds: ``cancel()`` from any
thread, and the work stops at its next check (a worker pool within a fraction of a second,
see ``corpus.pool``) by raising ``Cancelled``; what was committed to the index stays.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tifa.corpus.info import DocumentInfo

MIN_FOR_ESTIMATE = 0.5  # seconds of a stage before its rate is trusted for an estimate


class Cancelled(Exception):
    """Work abandoned because its ``Cancel`` was set."""


class Cancel:
    """A cancellation flag shared between the thread doing the work and the one asking.

    ``also`` is a second condition read at every check, for a front end that already has
    one: the workbench passes ``lambda: worker.is_cancelled``, so cancelling a Textual
    worker (``q`` cancels them all) stops the engine's work too.
    """

    def __init__(self, also: Callable[[], bool] | None = None) -> None:
        self._event = threading.Event()
        self._also = also

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set() or (self._also is not None and self._also())

    def check(self) -> None:
        """Raise Cancelled if cancelled."""
        if self.cancelled:
            raise Cancelled


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` steps of ``stage`` ("reading", "parsing", "words", "indexing",
    "loading"); ``total`` 0 means unknown. ``remaining`` is the estimated seconds left, None
    until it can be told. ``rows`` are the documents that became listable since the last
    event, for a catalogue that fills in while it is built."""

    stage: str
    done: int
    total: int
    note: str = ""
    elapsed: float = 0.0
    remaining: float | None = None
    rows: tuple[DocumentInfo, ...] = field(default=())


Report = Callable[[Progress], None]


class Stage:
    """Counts one stage and reports it, with the estimate, to ``report``."""

    def __init__(self, report: Report | None, stage: str, total: int) -> None:
        self.report = report
        self.stage = stage
        self.total = total
        self.done = 0
        self.started = time.monotonic()

    def step(self, count: int = 1, note: str = "", rows: tuple[DocumentInfo, ...] = ()) -> None:
        self.done += count
        if self.report is not None:
            self.report(self.event(note, rows))

    def event(self, note: str = "", rows: tuple[DocumentInfo, ...] = ()) -> Progress:
        elapsed = time.monotonic() - self.started
        remaining = None
        if self.done and self.total and elapsed >= MIN_FOR_ESTIMATE:
            remaining = elapsed / self.done * max(0, self.total - self.done)
        return Progress(self.stage, self.done, self.total, note, elapsed, remaining, rows)
