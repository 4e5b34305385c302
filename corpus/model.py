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
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Literal

# Bump whenever parsing output changes: cache entries of other versions are ignored.
PARSER_VERSION = 9  # 9: a headline "名字：…" is the title, not a turn

# ``statement``: the official voice speaking unasked (a statement's or a report's text, a
# briefing's opening announcements); ``narration``: anyone else's unlabelled text (a news
# lead, a title, a closing line).
Role = Literal["question", "answer", "host", "narration", "statement"]
MetaSource = Literal[
    "manifest",
    "header",
    "title",
    "heading",
    "filename",
    "dateline",
    "session",
    "anniversary",
    "style",
    "unknown",
]
# What kind of text a document is; ``corpus.genre`` says how each is decided.
Genre = Literal["press_conference", "statement", "report", "speech", "other"]
GENRES: tuple[Genre, ...] = ("press_conference", "statement", "report", "speech", "other")
# How sure the date is: ``known`` (a strong clue, none disagreeing), ``weak`` (only an
# anniversary), ``disputed`` (strong clues disagree: the best one is kept, the others are
# listed), ``missing`` (no year). ``corpus.dates`` ranks the clues.
DateStatus = Literal["known", "weak", "disputed", "missing"]
DATE_STATUSES: tuple[DateStatus, ...] = ("known", "weak", "disputed", "missing")


class Compact:
    """Pickle a frozen slotted dataclass as (class, the values of its ``__init__`` fields):
    the default calls ``dataclasses.fields`` per object and made a cached corpus load five
    times slower. The values are read by one ``operator.attrgetter`` per class (C, not a
    Python loop per object: a report sent back from a fork holds some 100,000 of them); a
    field left out of ``__init__`` (a cache) is not sent, and is made again as on
    construction."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        cls = type(self)
        values = _VALUES.get(cls) or _VALUES.setdefault(cls, _init_values(cls))
        return cls, values(self)


_VALUES: dict[type, Callable[[Any], tuple[object, ...]]] = {}


def _init_values(cls: type) -> Callable[[Any], tuple[object, ...]]:
    """A function from an object of ``cls`` to its ``__init__`` arguments, in order."""
    names = [f.name for f in fields(cls) if f.init]
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple
        one = attrgetter(names[0])
        return lambda x: (one(x),)
    return attrgetter(*names)


@dataclass(frozen=True, slots=True)
class Turn(Compact):
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
class Sentence(Compact):
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
class Clause(Compact):
    """A stretch of a sentence between ，；： (the delimiter itself is not included)."""

    index: int
    sentence: int
    turn: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateClue:
    """One piece of evidence for when a document was delivered or issued.

    ``year``, ``month`` and ``day`` are what the clue states (a "2月15日" in a title has no
    year). ``evidence`` is the text read, as printed (or the file name); ``start``/``end``
    are its offsets in the normalised text, ``None`` for clues outside it (file name,
    manifest). ``session`` clues carry the session's first and last day from the table, so a
    month and day read elsewhere can be checked against it.
    """

    source: MetaSource
    year: int | None
    month: int | None
    day: int | None
    evidence: str
    start: int | None = None
    end: int | None = None
    first: str | None = None  # session clues: ISO first and last day of the session
    last: str | None = None

    @property
    def iso(self) -> str | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Metadata:
    """Inferred or declared facts about a document, each with how it was found.

    ``clues`` are every date clue found, strongest first (``corpus.dates``);
    ``date_conflicts`` the strong ones that disagree with the chosen year or date.
    ``speaker`` is the official voice the title or heading names (外交部发言人耿爽 → 耿爽).
    """

    title: str | None = None
    year: int | None = None
    date: str | None = None  # ISO yyyy-mm-dd when the day is known
    edition: str | None = None
    url: str | None = None
    publisher: str | None = None
    note: str | None = None
    sources: dict[str, MetaSource] = field(default_factory=dict)
    genre: Genre | None = None
    speaker: str | None = None
    date_status: DateStatus = "missing"
    clues: tuple[DateClue, ...] = ()
    date_conflicts: tuple[DateClue, ...] = ()

    def values(self) -> tuple:
        """Plain values (clues as tuples) for the cache; ``from_values`` is the inverse."""
        return tuple(
            tuple(map(_clue_values, getattr(self, name)))
            if name in _CLUE_FIELDS
            else getattr(self, name)
            for name in _METADATA_FIELDS
        )

    @classmethod
    def from_values(cls, values: tuple) -> Metadata:
        fields: dict[str, Any] = {
            name: tuple(DateClue(*c) for c in value) if name in _CLUE_FIELDS else value
            for name, value in zip(_METADATA_FIELDS, values, strict=True)
        }
        return cls(**fields)


def _clue_values(clue: DateClue) -> tuple:
    return tuple(getattr(clue, name) for name in DateClue.__slots__)


_METADATA_FIELDS: tuple[str, ...] = Metadata.__slots__
_CLUE_FIELDS = frozenset({"clues", "date_conflicts"})


class Described:
    """The metadata fields read most, as attributes of what has ``metadata`` (a Document,
    a catalogue's DocumentInfo)."""

    __slots__ = ()
    metadata: Metadata

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


@dataclass(frozen=True, slots=True)
class Document(Described):
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
