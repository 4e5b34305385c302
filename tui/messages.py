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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from tifa.corpus import Corpus


class Cancelled(Exception):
    """Raised inside a progress callback to abandon work whose worker was cancelled."""


@dataclass
class Progress(Message):
    """``done`` of ``total`` steps of ``task``; ``total`` 0 means "busy, size unknown"."""

    task: str
    done: int
    total: int
    note: str = ""


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
class CorpusReady(Message):
    """The corpus has loaded; ``skipped`` names inputs that could not be read."""

    corpus: Corpus
    skipped: tuple[str, ...] = ()


@dataclass
class DuplicatesReady(Message):
    """Related pairs of the current corpus (``tracking.versions.relations.RelatedPair``) and
    the whole ``RelationReport`` they come from."""

    pairs: tuple[Any, ...]
    report: Any = None
    chains: tuple[Any, ...] = ()  # ``tracking.versions.chains.Chain``


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
    period (``tracking.formulations.changes.ChangeReport``)."""

    topic: str
    report: Any
    changes: Any


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
    thread worker: it posts ``Progress`` of ``task`` to ``node`` and raises ``Cancelled``
    once the worker is cancelled, so that long engine work stops early."""
    worker = get_current_worker()

    def report(event: Any) -> None:
        if worker.is_cancelled:
            raise Cancelled
        note = Path(event.note).name if "/" in event.note else event.note
        node.post_message(Progress(task, event.done, event.total, note or event.stage))

    return report


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
