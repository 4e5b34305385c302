"""The plain, immutable data that every other part of tifa reads.

Decisions stated once, here:

* Offsets. ``Document.raw`` is the decoded file exactly as read (BOM removed, line ends as
  they were). ``Document.text`` is the normalised text; every ``start``/``end`` in a Turn,
  Sentence or Clause is a half-open offset into ``text``. ``Document.raw_span`` maps such a
  span back to the exact raw characters, so any result can be cited against the source file.
* Matching. ``Document.key`` has the same length as ``text`` and is what engines compare:
  Traditional folded to Simplified and full-width letters and digits folded to ASCII. Show
  ``text``; match ``key``; the offsets are shared.
* Structure is stored flat (tuples indexed by position) so a cached document is small and
  engines can slice without walking a tree.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Literal

# Bump whenever parsing output changes: cache entries of other versions are ignored.
PARSER_VERSION = 3

Role = Literal["question", "answer", "host", "narration"]
MetaSource = Literal["manifest", "header", "dateline", "session", "anniversary", "style", "unknown"]


class _Compact:
    """Pickle as (class, field values): the default for frozen slotted dataclasses calls
    ``dataclasses.fields`` per object and made a cached corpus load five times slower."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        names: tuple[str, ...] = self.__slots__
        return type(self), tuple(getattr(self, name) for name in names)


@dataclass(frozen=True, slots=True)
class Turn(_Compact):
    """One speaker's uninterrupted stretch of text.

    ``label`` is the speaker label as printed (markdown and OCR spaces removed, nothing else);
    ``speaker`` is canonical, so that 《人民日报》记者 and 人民日报记者 compare equal.
    ``start``/``end`` cover the spoken text, not the label; ``label_start``/``label_end``
    cover the label (both equal to ``start`` for narration, which has none).
    """

    index: int
    label: str
    speaker: str
    outlet: str | None
    role: Role
    start: int
    end: int
    label_start: int
    label_end: int
    first_sentence: int
    last_sentence: int  # exclusive


@dataclass(frozen=True, slots=True)
class Sentence(_Compact):
    """A sentence ending at 。！？ (with any closing quote) or at a paragraph break.

    ``tokens`` are jieba words of the matching key; they tile ``key[start:end]`` exactly,
    so their positions are recoverable by cumulative length. ``None`` until tokenised.
    """

    index: int
    turn: int
    start: int
    end: int
    text: str
    first_clause: int
    last_clause: int  # exclusive
    tokens: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Clause(_Compact):
    """A stretch of a sentence between ，；： (the delimiter itself is not included)."""

    index: int
    sentence: int
    turn: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """Inferred or declared facts about a document, each with how it was found."""

    title: str | None = None
    year: int | None = None
    date: str | None = None  # ISO yyyy-mm-dd when the day is known
    edition: str | None = None
    url: str | None = None
    publisher: str | None = None
    note: str | None = None
    sources: dict[str, MetaSource] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed transcript. See the module docstring for what the offsets mean."""

    id: str
    path: str
    sha256: str
    encoding: str
    script: Literal["simplified", "traditional", "mixed"]
    raw: str
    text: str
    key: str
    offsets: array  # offsets[i] is the index in ``raw`` of ``text[i]``
    turns: tuple[Turn, ...]
    sentences: tuple[Sentence, ...]
    clauses: tuple[Clause, ...]
    metadata: Metadata
    repairs: dict[str, int]

    @property
    def title(self) -> str | None:
        return self.metadata.title

    @property
    def year(self) -> int | None:
        return self.metadata.year

    @property
    def date(self) -> str | None:
        return self.metadata.date

    @property
    def edition(self) -> str | None:
        return self.metadata.edition

    @property
    def tokenised(self) -> bool:
        return all(s.tokens is not None for s in self.sentences)

    @property
    def questions(self) -> int:
        return sum(1 for t in self.turns if t.role == "question")

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the half-open span of ``raw`` it came from."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def sentences_of(self, turn: Turn) -> tuple[Sentence, ...]:
        return self.sentences[turn.first_sentence : turn.last_sentence]

    def clauses_of(self, sentence: Sentence) -> tuple[Clause, ...]:
        return self.clauses[sentence.first_clause : sentence.last_clause]

    def turn_at(self, offset: int) -> Turn | None:
        """The turn whose label or text contains ``offset`` (normalised coordinates)."""
        for turn in self.turns:
            if turn.label_start <= offset < max(turn.end, turn.label_end):
                return turn
        return None


class CorpusError(Exception):
    """A file that cannot be read as a transcript; the message names the file and why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickle as (path, reason): the default calls ``CorpusError(message)``, which fails,
        so an error parsing one file in a worker process broke the whole pool."""
        return type(self), (self.path, self.reason)
