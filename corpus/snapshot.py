"""A catalogue's rows kept whole, per corpus: how a warm 10,000-document corpus opens fast.

Assembling a catalogue row by row (a file row, its document row and summary checked and
decoded, the manifest's entry laid over it) costs ~50 µs a document: half a second for
10,000, too slow for ``tifa corpus`` (≤ 0.3 s) or a workbench that should show its table
at once. So once built, the rows of a corpus are stored as one entry (columns of plain
values), with what they were built from: every file's stat and content, every manifest's
stat, and the index numbers of the documents. The next open of the same corpus stats the
files; if nothing moved (no file changed, none racy, no manifest changed, every document
still in the index under its number: numbers are never reused), the rows come from this
one entry, else the catalogue is assembled afresh and the entry replaced. It is a cache of
``Catalogue._build``, never a source of truth: a damaged or stale snapshot costs one slow
open.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass

from tifa.corpus import cache
from tifa.corpus.cache import Damaged
from tifa.corpus.columns import from_columns, metadata_from, metadata_values, to_columns
from tifa.corpus.index import RACY_NS, Index
from tifa.corpus.info import DocumentInfo
from tifa.corpus.sync import MANIFEST, Listed

_INFO_COLUMNS = len(DocumentInfo.__slots__)
_METADATA = DocumentInfo.__slots__.index("metadata")


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
        entries, manifests, columns, skipped = cache.loads(stored)
        if len(entries) != len(files):
            return None
        if any(_stat(path) != stat for path, stat in manifests):
            return None
        if not all(map(_unmoved, files, entries)):
            return None
        columns = list(columns)
        columns[_METADATA] = tuple(map(metadata_from, columns[_METADATA]))
        rows = from_columns(DocumentInfo, columns)
    except (Damaged, TypeError, ValueError):
        return None
    numbers = tuple(entry[4] for entry in entries if entry[4] >= 0)
    if len(numbers) != len(rows) or index.present(numbers) != len(numbers):
        return None
    for f, (_, _, sha256, error, _) in zip(files, entries, strict=True):
        f.sha256, f.error = sha256, error
    return Snapshot(rows, numbers, tuple(skipped))


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
    columns = list(to_columns(snapshot.rows, DocumentInfo))
    columns[_METADATA] = tuple(map(metadata_values, columns[_METADATA]))
    manifests = tuple(
        (path, _stat(path))
        for path in sorted({os.path.join(os.path.dirname(f.key), MANIFEST) for f in files})
    )
    value = (tuple(entries), manifests, tuple(columns), snapshot.skipped)
    index.put_snapshot(key_of(files, folders), cache.dumps(value))


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
