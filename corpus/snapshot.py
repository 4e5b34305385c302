"""A catalogue's rows kept whole, per corpus: how a warm 10,000-document corpus opens fast.

Assembling a catalogue row by row (a file row, its document row and summary checked and
decoded, the manifest's entry laid over it) costs ~50 µs a document: half a second for
10,000, too slow for ``tifa corpus`` (≤ 0.3 s) or a workbench that should show its table
at once. So once built, the rows of a corpus are stored as one entry (columns of plain
values), with what they were built from: every file's stat and content, every manifest's
stat, and the index numbers of the documents. The next open of the same corpus stats the
files; if nothing moved (no file changed, none racy, no manifest changed, every document
still in the index under its number: numbers are never reused; the rows made by this
parser, ``cache.VERSION``, so an upgraded tifa never lists the old one's rows), the rows
come from this one entry, else the catalogue is assembled afresh and the entry replaced.
It is a cache of ``Catalogue._build``, never a source of truth: a damaged or stale snapshot
costs one slow open.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from tifa.corpus import cache
from tifa.corpus.cache import Damaged
from tifa.corpus.columns import from_columns, to_columns
from tifa.corpus.index import RACY_NS, Index
from tifa.corpus.info import DocumentInfo
from tifa.corpus.listed import Listed
from tifa.corpus.model import DateClue, Metadata
from tifa.corpus.sources import MANIFEST

LAYOUT = 2  # of the stored value: another is ignored (and replaced)
_INFO_COLUMNS = len(DocumentInfo.__slots__)
_METADATA = DocumentInfo.__slots__.index("metadata")
_METADATA_FIELDS: tuple[str, ...] = Metadata.__slots__
_CLUES = tuple(_METADATA_FIELDS.index(name) for name in ("clues", "date_conflicts"))


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a catalogue is made of: rows, their index numbers and the files' outcome."""

    rows: tuple[DocumentInfo, ...]
    numbers: tuple[int, ...]
    skipped: tuple[str, ...]


def key_of(files: Sequence[Listed], folders: Sequence[str]) -> str:
    """The snapshot key of a corpus: its listing."""
    listing = repr((tuple((f.key, f.doc_id, f.named) for f in files), tuple(folders)))
    return hashlib.sha256(listing.encode()).hexdigest()


def load(index: Index, files: Sequence[Listed], folders: Sequence[str]) -> Snapshot | None:
    """The stored rows of this corpus if nothing they were built from has moved; the
    files learn their content hash or error. None otherwise (or if the entry is bad)."""
    key = key_of(files, folders)
    stored = index.snapshot(key)
    if stored is None:
        return None
    try:
        opened = _opened(key, stored)
        if opened is None:
            return None
        entries, manifests, rows, skipped = opened
        if len(entries) != len(files):
            return None
        if any(_stat(path) != stat for path, stat in manifests):
            return None
        if not all(map(_unmoved, files, entries)):
            return None
    except (Damaged, TypeError, ValueError, IndexError):
        return None
    numbers = tuple(entry[4] for entry in entries if entry[4] >= 0)
    if len(numbers) != len(rows) or index.present(numbers) != len(numbers):
        return None
    for f, (_, _, sha256, error, _) in zip(files, entries, strict=True):
        f.sha256, f.error = sha256, error
    return Snapshot(rows, numbers, tuple(skipped))


# The last snapshot this process decoded, with the bytes it was decoded from: opening the
# same corpus again skips decoding its rows (a tenth of a warm timeline on 1,000 documents).
# The tifa daemon opens a folder before it forks (``tifa daemon start --corpus``), so that
# every command it runs on that folder starts with the rows decoded. Only the decoding is
# kept: every open still checks the files against the entries, as the first did.
_last: tuple[str, bytes, tuple] | None = None


def _opened(key: str, stored: bytes) -> tuple | None:
    """``(entries, manifests, rows, skipped)`` of a stored snapshot, None if another layout
    or parser made it."""
    global _last
    last = _last
    if last is not None and last[0] == key and last[1] == stored:
        return last[2]
    layout, entries, manifests, columns, skipped = cache.loads(stored)
    if layout != (LAYOUT, cache.VERSION):
        return None
    opened = (entries, manifests, _rows(columns), skipped)
    _last = (key, stored, opened)
    return opened


def save(index: Index, files: Sequence[Listed], folders: Sequence[str], snapshot: Snapshot) -> None:
    """Store the rows of this corpus with what they were built from (not if a file was
    unreadable without a record of its stat: that corpus is assembled each time)."""
    rows = iter(snapshot.numbers)
    records = index.files([f.key for f in files])
    entries = []
    for f in files:
        row = records.get(f.key)
        if row is None:
            return
        readable = f.error is None and f.sha256 is not None
        stat = (row.size, row.mtime_ns, row.ctime_ns, row.inode, row.stamp_ns)
        entries.append((f.key, stat, f.sha256, f.error, next(rows) if readable else -1))
    manifests = tuple(
        (path, _stat(path))
        for path in sorted({os.path.join(os.path.dirname(f.key), MANIFEST) for f in files})
    )
    made = (LAYOUT, cache.VERSION)
    value = (made, tuple(entries), manifests, _columns(snapshot.rows), snapshot.skipped)
    index.put_snapshot(key_of(files, folders), cache.dumps(value))


def _columns(rows: Sequence[DocumentInfo]) -> tuple:
    """The rows as encoded columns: ``DocumentInfo``'s, the metadata's fields in place of
    the metadata, and the date clues' fields in place of each clue field (with how many
    clues each row has)."""
    columns = list(to_columns(rows, DocumentInfo))
    metadata = list(to_columns(columns.pop(_METADATA), Metadata))
    clues = []
    for at in _CLUES:
        flat = [clue for found in metadata[at] for clue in found]
        clues.append(tuple(_encode(c) for c in to_columns(flat, DateClue)))
        metadata[at] = tuple(map(len, metadata[at]))
    return tuple(_encode(c) for c in (*columns, *metadata)) + tuple(clues)


def _rows(encoded: Sequence) -> tuple[DocumentInfo, ...]:
    """The rows of ``_columns``, built a field at a time (``columns.from_columns``)."""
    plain = _INFO_COLUMNS - 1 + len(_METADATA_FIELDS)
    columns = [_decode(c) for c in encoded[:plain]]
    metadata = columns[_INFO_COLUMNS - 1 :]
    for at, clue_columns in zip(_CLUES, encoded[plain:], strict=True):
        clues = from_columns(DateClue, [_decode(c) for c in clue_columns])
        ends = tuple(accumulate(metadata[at], initial=0))
        metadata[at] = tuple(map(clues.__getitem__, map(slice, ends, ends[1:])))
    info = columns[: _INFO_COLUMNS - 1]
    info.insert(_METADATA, from_columns(Metadata, metadata))
    return from_columns(DocumentInfo, info)


def _encode(column: Sequence) -> tuple:
    """A column as ``(values,)``, or as ``(distinct values, index bytes)`` when values
    repeat (genres, editions, metadata sources: a 10,000-row snapshot read 3x faster).
    Decoded, equal values are one object shared by the rows (dicts included: rows are
    never changed)."""
    first: dict[bytes, int] = {}
    index = [first.setdefault(cache.dumps(v), len(first)) for v in column]
    if len(first) * 2 > len(column):
        return (tuple(column),)
    distinct = [cache.loads(v) for v in first]
    return tuple(distinct), array("I", index).tobytes()


def _decode(encoded: tuple) -> Sequence:
    if len(encoded) == 1:
        return encoded[0]
    distinct, data = encoded
    index = array("I")
    index.frombytes(data)
    return tuple(map(distinct.__getitem__, index))


def _stat(path: str) -> tuple[int, int, int, int] | None:
    try:
        s = os.stat(path)
    except OSError:
        return None
    return s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino


def _unmoved(f: Listed, entry: tuple) -> bool:
    key, (size, mtime_ns, ctime_ns, inode, stamp_ns) = entry[0], entry[1]
    return (
        key == f.key
        and mtime_ns + RACY_NS <= stamp_ns
        and _stat(key) == (size, mtime_ns, ctime_ns, inode)
    )
