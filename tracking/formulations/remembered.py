"""Family reports kept in the cache folder for the next run over the same archive.

Building a topic's families reads every sentence on it and compares tens of thousands of
wordings: seconds for a briefing archive of a few thousand documents, some twenty for all
the built-in topics over ten thousand. People ask the same archive the same questions again
(``tifa families taiwan``, then ``tifa changes taiwan``, then the workbench), so each report
is kept (``<cache folder>/families``) and given back while nothing it was computed from has
changed. As ``versions.remembered`` keeps the near-duplicate search, it is kept under a
digest of exactly what it depends on:

* the code that reads and groups (every source and data file of ``tifa.corpus`` and
  ``tifa.tracking``; the installed jieba, rapidfuzz and numpy, by their files' sizes and
  times; Python's version), read once as the engine loads: an upgrade, or an edit of a
  checkout, computes afresh;
* each document in order: its id, path, content hash and metadata (a manifest can change a
  date, and with it a period, without changing the file);
* the events (which documents are editions of one press conference);
* the topic as defined (keywords, aliases, exclusions, weak terms, its source file) and the
  parameters (unit, range, roles, minimum similarity, longest window).

An entry is one file per topic, parameters and folders (its *slot*): another state of the
same archive replaces it, so the folder does not grow with every briefing added. A file
starts with the digest, a checksum of the rest and a line saying what it is for (``tifa
cache`` lists it: the topic and parameters, or events, and the folders); any other digest, a
bad checksum, or a file that fails to load is a miss (the report is built and the file
replaced), never an error. Files are written to a temporary name and renamed, so a reader
never sees half of one. The least recently used entries are removed beyond ``LIMIT_BYTES``.
The files are pickles of tifa's own report classes, read only from the user's own cache
folder, as the corpus index is.

The corpus's events (``versions.events.corpus_events``: a near-duplicate search over the
whole archive, 1.6 s at ten thousand briefings) are kept the same way, under the digest of
the code and documents alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib
import importlib.util
import io
import os
import pickle
import re
import sys
import tempfile
import zlib
from collections.abc import Callable, Collection, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TypeVar

from tifa.corpus import Corpus
from tifa.corpus.model import Metadata
from tifa.corpus.paths import cache_dir
from tifa.corpus.progress import Report, Stage
from tifa.tracking.forked import pickled, unpickled

if TYPE_CHECKING:
    from tifa.tracking.formulations.families import FamilyReport
    from tifa.tracking.formulations.topics import Topic
    from tifa.tracking.periods import DateRange, Unit
    from tifa.tracking.versions.events import Event

VERSION = 2  # of the file layout below (2: a line saying what the entry is for)
MAGIC = b"tifa-families"
LIMIT_BYTES = 1 << 30  # the most the folder keeps; the least recently used go first
# an entry's name: its slot (32 hexadecimal digits) and this suffix; one being written is
# a hidden temporary file with ``_PART`` at the end
_SUFFIX, _PART = ".pickle", ".part"
_ENTRY = re.compile(rf"[0-9a-f]{{32}}{re.escape(_SUFFIX)}")
_OWN = re.compile(rf"{_ENTRY.pattern}|\.\w+{re.escape(_PART)}")
_CODE = ("tifa.corpus", "tifa.tracking")
_DATA = (".py", ".toml", ".txt", ".json")
_LIBRARIES = ("jieba", "rapidfuzz", "numpy")
T = TypeVar("T")


class Filed(Protocol):
    """What the digest reads of a document: a ``Document`` or its catalogue row alike."""

    @property
    def id(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def metadata(self) -> Metadata: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Key:
    """Where an entry lives (``slot``), what it must have been computed from (``digest``),
    and what it is, in words, for ``tifa cache`` (``about``)."""

    slot: str
    digest: str
    about: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class KeptEntry:
    """An entry of the store as ``tifa cache`` lists it."""

    path: Path
    about: str  # "" for an entry of an earlier layout
    size: int
    used: float  # when it was last written or read, in seconds since the epoch


class ReportStore:
    """The kept family reports and events of one cache folder."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else cache_dir() / "families"
        # the last documents digested, with their digest and folders, and the last events
        self._corpus: tuple[Sequence[Filed], str, tuple[str, ...]] | None = None
        self._events: tuple[Sequence[Event], str] | None = None

    # -- keys -----------------------------------------------------------------------------

    def corpus_digest(self, docs: Sequence[Filed]) -> str:
        """The digest of the code and of every document in order (see the module docstring),
        from the documents or from their catalogue rows alike; remembered for the last
        sequence asked about, which a build asks about once per topic."""
        return self._digested(docs)[0]

    def _digested(self, docs: Sequence[Filed]) -> tuple[str, tuple[str, ...]]:
        """The documents' digest and the folders their files are in (which archive a slot
        belongs to), made once for the last documents asked about."""
        if self._corpus is None or self._corpus[0] is not docs:
            h = hashlib.sha256(code_digest().encode())
            for d in docs:
                h.update(f"{d.id}\0{d.path}\0{d.sha256}\0{d.metadata!r}\n".encode())
            folders = tuple(sorted({os.path.dirname(d.path) for d in docs}))
            self._corpus = (docs, h.hexdigest(), folders)
        return self._corpus[1], self._corpus[2]

    def _events_digest(self, events: Sequence[Event]) -> str:
        if self._events is None or self._events[0] is not events:
            self._events = (events, _hash(*events))
        return self._events[1]

    def events_key(self, docs: Sequence[Filed]) -> Key:
        digest, folders = self._digested(docs)
        return Key(_hash("events", folders)[:32], digest, f"events of {'; '.join(folders)}")

    def report_key(
        self,
        docs: Sequence[Filed],
        topic: Topic,
        events: Sequence[Event],
        by: Unit,
        span: DateRange | None,
        roles: Collection[str],
        min_similarity: float,
        max_clauses: int,
    ) -> Key:
        asked = (topic.id, by, span, tuple(sorted(roles)), min_similarity, max_clauses)
        digest, folders = self._digested(docs)
        scope = ", ".join(
            filter(None, (f"by {by}", span.describe() if span else "", ", ".join(sorted(roles))))
        )
        return Key(
            _hash("families", asked, folders)[:32],
            _hash(digest, topic, asked, self._events_digest(events)),
            f"{topic.id} ({scope}) over {'; '.join(folders)}",
        )

    # -- entries --------------------------------------------------------------------------

    def kept_events(self, docs: Sequence[Filed]) -> tuple[Event, ...] | None:
        """The events kept for these documents, or None."""
        data = self.recall(self.events_key(docs))
        return None if data is None else _loaded(unpickled, data)

    def events(self, corpus: Corpus) -> tuple[Event, ...]:
        """The corpus's events (``corpus_events``), kept, or found and kept."""
        from tifa.tracking.versions.events import corpus_events

        kept = self.kept_events(corpus.documents)
        if kept is not None:
            return kept
        events = tuple(corpus_events(corpus))
        self.keep(self.events_key(corpus.documents), pickled(events))
        return events

    def report(
        self, key: Key, events: Sequence[Event], progress: Report | None = None
    ) -> FamilyReport | None:
        """The report kept under ``key`` with ``events`` put back, or None; ``progress``
        hears how much of it has been read (the whole voice of a dense archive is hundreds
        of megabytes: half a minute)."""
        data = self.recall(key)
        if data is None:
            return None
        return _loaded(lambda d: kept_report(d, events, progress), data)

    def holds(self, key: Key) -> bool:
        """Whether an entry computed from what ``key`` says is kept, read from its header
        alone (``recall`` still checks the data when it is read)."""
        try:
            with open(self._path(key), "rb") as f:
                return _current(f, key)
        except OSError:
            return False

    def recall(self, key: Key) -> bytes | None:
        """The data kept under ``key``, or None: never kept, computed from something else,
        damaged or unreadable."""
        path = self._path(key)
        try:
            with open(path, "rb") as f:
                if not _current(f, key):
                    return None
                check = _header(f.readline())
                f.readline()  # what it is, in words
                data = f.read()
        except OSError:
            return None
        if check != f"{zlib.crc32(data):08x}":
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used: the last to be removed
        return data

    def keep(self, key: Key, data: bytes) -> None:
        """Store ``data`` under ``key`` in place of the slot's entry; a folder that cannot be
        written, or data larger than the folder may hold, is passed over (the next run
        computes again)."""
        if len(data) > LIMIT_BYTES:
            return
        about = " ".join(key.about.split()).encode("utf-8", "replace")  # one line
        head = b"%s %d\n%s %s\n%s %08x\n%s %s\n" % (
            MAGIC,
            VERSION,
            MAGIC,
            key.digest.encode(),
            MAGIC,
            zlib.crc32(data),
            MAGIC,
            about,
        )
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=_PART)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(head)
                    f.write(data)
                os.replace(temp, self._path(key))
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
            self._trim(self._path(key))
        except OSError:
            return

    def entries(self) -> list[KeptEntry]:
        """The entries of the folder, the most recently used first, each with what it is
        (from its header alone)."""
        found = []
        for path in self.files():
            try:
                stat = path.stat()
                with open(path, "rb") as f:
                    head = [f.readline() for _ in range(4)]
            except OSError:
                continue
            about = ""
            if _header(head[0]) == str(VERSION):
                magic, _, said = head[3].rstrip(b"\n").partition(b" ")
                about = said.decode("utf-8", "replace") if magic == MAGIC else ""
            found.append(KeptEntry(path, about, stat.st_size, stat.st_mtime))
        return sorted(found, key=lambda e: (-e.used, e.path.name))

    def files(self, partial: bool = False) -> list[Path]:
        """The folder's entries (with ``partial``, and those being written), by the names
        the store gives them and no others, in name order: a folder shared with other files
        loses none of them to ``_trim`` or ``tifa cache clear``."""
        names = _OWN if partial else _ENTRY
        try:
            found = [p for p in self.folder.iterdir() if names.fullmatch(p.name) and p.is_file()]
        except OSError:
            return []
        return sorted(found)

    def _path(self, key: Key) -> Path:
        return self.folder / f"{key.slot}{_SUFFIX}"

    def _trim(self, kept: Path) -> None:
        """Remove the least recently used entries beyond ``LIMIT_BYTES``, but the one just
        ``kept``."""
        entries = []
        for path in self.files():
            if path == kept:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        total = kept.stat().st_size + sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= LIMIT_BYTES:
                break
            path.unlink(missing_ok=True)
            total -= size


def kept_report(
    data: bytes, events: Sequence[Event], progress: Report | None = None
) -> FamilyReport:
    """A report from ``keep``'s data (``report_data``), its events put back."""
    if progress is None:
        report = unpickled(data)
    else:
        reading = _Reading(data, progress)
        report = unpickled(reading)
        reading.finish()
    return dataclasses.replace(report, events=tuple(events))


class _Reading(io.BytesIO):
    """Kept data as the unpickler reads it, telling ``progress`` each megabyte read."""

    def __init__(self, data: bytes, progress: Report) -> None:
        super().__init__(data)
        self._stage = Stage(progress, "reading the kept report, MB", max(1, len(data) >> 20))

    def finish(self) -> None:
        """Tell the last of it read (a report under a megabyte is one step)."""
        if self._stage.done < self._stage.total:
            self._stage.step(self._stage.total - self._stage.done)

    def _read(self) -> None:
        done = self.tell() >> 20
        if done > self._stage.done:
            self._stage.step(done - self._stage.done)

    def read(self, size: int | None = -1) -> bytes:
        out = super().read(size)
        self._read()
        return out

    def readinto(self, buffer: Any) -> int:
        count = super().readinto(buffer)
        self._read()
        return count

    def readline(self, size: int | None = -1) -> bytes:
        out = super().readline(size)
        self._read()
        return out


def report_data(report: FamilyReport) -> bytes:
    """What is kept of a report: all of it but the events, which every report of a corpus
    shares and which are kept once."""
    return pickled(dataclasses.replace(report, events=()))


@cache
def code_digest() -> str:
    """The digest of the engine's code and data files and of the libraries it computes with."""
    h = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for name in _LIBRARIES:  # as installed: found, not imported (jieba takes 0.1 s to import)
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else ""
        stat = os.stat(origin) if origin else None
        h.update(f"{name} {origin} {stat and (stat.st_size, stat.st_mtime_ns)}\n".encode())
    for name in _CODE:
        tree_digest(h, Path(str(importlib.import_module(name).__file__)).parent)
    return h.hexdigest()


def tree_digest(h: Any, root: Path) -> None:
    """Add every source and data file under ``root`` (bytecode left out) to the hash ``h``,
    each with its path."""
    for path in sorted(root.rglob("*")):
        if path.suffix in _DATA and "__pycache__" not in path.parts:
            h.update(f"{path.relative_to(root)}\n".encode())
            h.update(path.read_bytes())


# what unpickling data it cannot read raises (a progress callback's own exception, the
# workbench's cancel, is not among them: it goes through)
_UNREADABLE = (
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)


def _loaded(load: Callable[[bytes], T], data: bytes) -> T | None:
    """``load(data)``, or None: an entry that passes its checksum yet fails to load (which
    the code digest should rule out) is a miss, never an error."""
    try:
        return load(data)
    except _UNREADABLE:
        return None


def _hash(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _current(f: BinaryIO, key: Key) -> bool:
    """Whether an entry's first two header lines name this layout and ``key``'s digest (the
    file read on past them)."""
    return _header(f.readline()) == str(VERSION) and _header(f.readline()) == key.digest


def _header(line: bytes) -> str | None:
    magic, _, value = line.rstrip(b"\n").partition(b" ")
    return value.decode("ascii", "replace") if magic == MAGIC else None


# Read as the engine loads, not when a report is first kept: a process that outlives an
# upgrade or an edit of a checkout (the workbench) runs the code it loaded, and must not file
# its reports under the new code's digest.
code_digest()
