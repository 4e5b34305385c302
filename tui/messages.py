"""Messages that thread workers post to the UI, and requests that views post to the app.

Workers never touch widgets: they compute through the engine and post one of these plain
dataclass messages (thread-safe), which the owning screen or the app applies. Progress
messages carry counts so the status bar can show a bar, not just a spinner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from tifa.corpus import Corpus


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
    """A ``tracking.formulations.families.FamilyReport`` for ``topic`` with its per-year changes."""

    topic: str
    report: Any
    changes: Any


@dataclass
class TimelineReady(Message):
    """A ``tracking.phrases.timeline.Timeline`` for ``phrases``."""

    phrases: tuple[str, ...]
    timeline: Any


@dataclass
class SearchReady(Message):
    """Occurrences (``tracking.phrases.kwic``) of ``query`` across the corpus."""

    query: str
    occurrences: tuple[Any, ...]


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
