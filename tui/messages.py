"""Messages that thread workers post to the UI, and requests that views post to the app.

Workers never touch widgets: they compute through the engine and post one of these plain
dataclass messages (thread-safe), which the owning screen or the app applies. Progress
messages carry counts so the status bar can show a bar, not just a spinner.

The two ends of a worker's life live here too, so that the app and every view handle them
the same way: ``progress_callback`` reports progress from inside the engine and abandons
the work (``Cancelled``) once the worker is cancelled; ``worker_outcome`` turns the
worker's end into the message that clears its progress or reports its error.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from tifa.corpus import Catalogue, Document, DocumentInfo

# Progress is posted at most this often (seconds), but for a stage's last step: a cold build
# reports every file, and the status bar need not redraw 10,000 times.
PROGRESS_EVERY = 0.1


class Cancelled(Exception):
    """Raised inside a progress callback to abandon work whose worker was cancelled."""


@dataclass
class Progress(Message):
    """``done`` of ``total`` steps of ``task``; ``total`` 0 means "busy, size unknown";
    ``remaining`` the engine's estimate of the seconds left (None: not yet known)."""

    task: str
    done: int
    total: int
    note: str = ""
    remaining: float | None = None


@dataclass
class TaskDone(Message):
    """``task`` finished (or was abandoned); its progress bar can go."""

    task: str


@dataclass
class Failed(Message):
    """``task`` failed; ``error`` is shown to the user as plain text."""

    task: str
    error: str


@dataclass
class CatalogueReady(Message):
    """The corpus is listed (``tifa.corpus.Catalogue``: every row, documents read when
    opened); ``skipped`` names inputs that could not be read."""

    catalogue: Catalogue
    skipped: tuple[str, ...] = ()


@dataclass
class RowsLanded(Message):
    """Documents became readable during a cold build (their catalogue rows), before the
    catalogue is whole."""

    rows: tuple[DocumentInfo, ...]


@dataclass
class DocumentOpened(Message):
    """A document read from the index for the reader, to show at ``turn`` with ``mark``."""

    doc: Document
    turn: int | None = None
    mark: tuple[int, int] | None = None


@dataclass
class DuplicatesReady(Message):
    """Related pairs of ``catalogue`` (``tracking.versions.relations.RelatedPair``), the
    whole ``RelationReport`` they come from, its chains, and the pairs as ``tifa dupes
    --format json`` writes them (``report_json``: host spans in raw-file offsets)."""

    catalogue: Any
    pairs: tuple[Any, ...]
    report: Any = None
    chains: tuple[Any, ...] = ()  # ``tracking.versions.chains.Chain``
    records: Any = None


@dataclass
class PairPlaced(Message):
    """Where the inner text of the pair keyed ``key`` sits in its host
    (``tracking.versions.membership.Placement``, None when it does not lie inside)."""

    key: str
    placement: Any


@dataclass
class DiffReady(Message):
    """A ``tracking.versions.diff.DocumentDiff`` of documents ``a`` and ``b``."""

    a: str
    b: str
    diff: Any


@dataclass
class TopicsReady(Message):
    """Topic names and their ``Topic`` objects."""

    topics: dict[str, Any]


@dataclass
class FamiliesReady(Message):
    """A ``tracking.formulations.families.FamilyReport`` for ``topic`` with its changes per
    period (``tracking.formulations.changes.ChangeReport``), its families in the order they
    are listed (``summary.top``) and, per listed family, the text its filter searches."""

    topic: str
    report: Any
    changes: Any
    shown: list[Any]
    said: list[str]


@dataclass
class QueryReady(Message):
    """The answer to a KWIC view's ``query``: a ``tracking.phrases.timeline.Timeline`` in
    Timeline, the ``tracking.phrases.kwic.Occurrence`` tuple in Search."""

    query: Any
    result: Any


@dataclass
class OpenDocument(Message):
    """Ask the app to open the reader on ``doc`` at ``turn``, marking a span of ``doc.text``."""

    doc: str
    turn: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class OpenPair(Message):
    """Ask the app to open documents ``a`` and ``b`` in Compare."""

    a: str
    b: str


@dataclass
class OpenChain(Message):
    """Ask the app to walk chain ``chain`` (an index into its chains) in Compare, at
    ``step``."""

    chain: int
    step: int = 0


def progress_callback(node: MessagePump, task: str) -> Callable[[Any], None]:
    """A progress callback for the engine (``tifa.corpus.Progress`` events), for the current
    thread worker: it posts ``Progress`` of ``task`` to ``node`` (the stage and, once the
    engine can tell, the time left), ``RowsLanded`` for rows an event carries, and raises
    ``Cancelled`` once the worker is cancelled, so that long engine work stops early."""
    post = _poster(node, task)

    def report(event: Any) -> None:
        post(event.stage, event.done, event.total, event.remaining)
        if event.rows:
            node.post_message(RowsLanded(event.rows))

    return report


def stage_callback(node: MessagePump, task: str) -> Callable[[str, int, int], None]:
    """The same for engines that report ``(stage, done, total)``
    (``tracking.versions.dupes.Progress``: finding related documents)."""
    post = _poster(node, task)
    return lambda stage, done, total: post(stage, done, total, None)


def _poster(node: MessagePump, task: str) -> Callable[[str, int, int, float | None], None]:
    """Posts ``Progress`` at most every ``PROGRESS_EVERY`` seconds (and at a stage's last
    step): an engine may report thousands of steps a second, and each would redraw the
    status bar and hold up the keys. Raises ``Cancelled`` once the worker is cancelled."""
    worker = get_current_worker()
    posted = 0.0

    def post(stage: str, done: int, total: int, remaining: float | None) -> None:
        nonlocal posted
        if worker.is_cancelled:
            raise Cancelled
        now = time.monotonic()
        if now - posted < PROGRESS_EVERY and not (total and done >= total):
            return
        posted = now
        node.post_message(Progress(task, done, total, stage, remaining))

    return post


def cancel_hook() -> Any:
    """The engine's cancel hook (``tifa.corpus.Cancel``) for the current thread worker:
    cancelling the worker (``q`` cancels them all) stops the engine's worker processes
    within a fraction of a second, even in the middle of one long file."""
    from tifa.corpus.progress import Cancel

    worker = get_current_worker()
    return Cancel(lambda: worker.is_cancelled)


def worker_outcome(event: Worker.StateChanged) -> TaskDone | Failed | None:
    """The message a worker's change of state calls for: ``TaskDone`` when it finished,
    was cancelled or was abandoned through ``Cancelled``; ``Failed`` with its error (shown,
    never a crash) when it raised anything else; None while it is still running. Posted
    rather than applied, it reaches the app behind the progress the worker posted."""
    name = event.worker.name
    if event.state in (WorkerState.SUCCESS, WorkerState.CANCELLED):
        return TaskDone(name)
    if event.state == WorkerState.ERROR:
        error = event.worker.error
        return TaskDone(name) if isinstance(error, Cancelled) else Failed(name, str(error))
    return None
