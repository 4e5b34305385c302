"""The persistent corpus index: one SQLite database in the cache folder, in WAL mode.

What it holds (the schema is ``_SCHEMA``):

* ``files``: every transcript file seen, by absolute path, with the stat it had when its
  bytes were hashed, the SHA-256 of those bytes and, for a file that cannot be read as a
  transcript, why. A file whose size, mtime, ctime and inode still match is not read again
  unless it is *racy*: written within ``RACY_NS`` of the moment it was hashed, when a
  second write in the same timestamp tick would leave its stat unchanged (git's "racily
  clean" entries; coarse file systems tick every 1-2 s). Racy files are hashed again.
* ``documents``: one row per distinct content (SHA-256), numbered for the postings, with
  the summary a catalogue lists; ``bodies`` and ``words`` hold the rest of each document
  (``corpus.cache`` encodes all three, each with its checksum).
* ``postings``: per segment, runs of consecutive character bigrams with the numbers of the
  documents holding each (``corpus.grams``), keyed by the run's first bigram. A sync
  writes a new segment for the documents it adds; documents whose bigrams no segment holds
  yet have ``segment`` NULL and count as candidates for every phrase, so an interrupted
  build never hides a document from a search.
* ``manifests``: each ``manifest.toml`` read, parsed, with the stat it was read at (a
  manifest declaring 10,000 files takes ~0.4 s to parse).
* ``snapshots``: a corpus's catalogue rows kept whole (``corpus.snapshot``).
* ``relations`` and ``derived``: generic room for what is computed once per document pair
  or per document and worth keeping (near-duplicate confirmations, MinHash sketches), keyed
  by content hashes so renaming a file keeps them. Each row names its ``kind`` and the
  ``version`` of the code that made it, and carries a checksum; ``put_relations`` /
  ``relations`` and ``put_derived`` / ``derived`` read and write them.

Every row carries a CRC-32 checksum (``corpus.cache.checksum``); a mismatch is ``Damaged``
and the caller rebuilds the row from the file. A database SQLite itself reports corrupt,
a foreign file, or one of another schema version is replaced whole (``IndexDamaged``, then
``discard``), never trusted.

Concurrency: writes run in ``BEGIN IMMEDIATE`` transactions, so two processes syncing the
same folders take turns (``busy_timeout``) rather than fail; WAL lets readers proceed
meanwhile. Every row written is a pure function of file contents, so two processes that
both parse a file write the same rows. One connection is shared by the threads of a
process, behind a lock.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tifa.corpus.cache import VERSION, Body, Damaged, checksum, verified
from tifa.corpus.grams import lookup, unpack
from tifa.corpus.grams import runs as grams_runs
from tifa.corpus.paths import cache_dir

SCHEMA = 2
APPLICATION_ID = 0x74696661  # "tifa"
RACY_NS = 2_000_000_000
BUSY_TIMEOUT_S = 60
_CHUNK = 900  # host parameters per statement, well below SQLite's limit
# Pages read through a memory map rather than a read call each: a process starts with an
# empty page cache, and reading the keys of 5,000 documents took 141 ms with reads, 47 ms
# mapped (the postings of a phrase 34 ms, 17 ms). SQLite caps it at its own maximum (2 GB
# by default). tifa never shrinks the file in place (no VACUUM), which a map could not
# survive; a damaged file is replaced (unlinked), never truncated.
MMAP_BYTES = 1 << 40

_SCHEMA = """
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    stamp_ns INTEGER NOT NULL,
    sha256 TEXT,
    error TEXT,
    checksum INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE documents (
    number INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    segment INTEGER,
    summary BLOB NOT NULL,
    checksum INTEGER NOT NULL
);
CREATE INDEX documents_unposted ON documents (segment) WHERE segment IS NULL;
CREATE TABLE bodies (
    number INTEGER PRIMARY KEY,
    key BLOB NOT NULL,
    key_checksum INTEGER NOT NULL,
    places BLOB NOT NULL,
    places_checksum INTEGER NOT NULL,
    body BLOB NOT NULL,
    checksum INTEGER NOT NULL
);
CREATE TABLE words (
    number INTEGER PRIMARY KEY,
    words BLOB NOT NULL,
    checksum INTEGER NOT NULL
);
CREATE TABLE segments (
    segment INTEGER PRIMARY KEY AUTOINCREMENT,
    documents INTEGER NOT NULL
);
CREATE TABLE postings (
    segment INTEGER NOT NULL,
    first INTEGER NOT NULL,
    run BLOB NOT NULL,
    checksum INTEGER NOT NULL,
    PRIMARY KEY (segment, first)
) WITHOUT ROWID;
CREATE TABLE manifests (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    stamp_ns INTEGER NOT NULL,
    sha256 TEXT,
    error TEXT,
    entries BLOB NOT NULL,
    checksum INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE snapshots (
    key TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    checksum INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE relations (
    kind TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    version INTEGER NOT NULL,
    record BLOB NOT NULL,
    checksum INTEGER NOT NULL,
    PRIMARY KEY (kind, a, b)
) WITHOUT ROWID;
CREATE TABLE derived (
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    version INTEGER NOT NULL,
    data BLOB NOT NULL,
    checksum INTEGER NOT NULL,
    PRIMARY KEY (kind, sha256)
) WITHOUT ROWID;
"""

_NOT_THIS_SCHEMA = ("no such table", "no such column", "table ", "index ")  # foreign layout
_CORRUPT = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_UNWRITABLE = {
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_PERM,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_AUTH,
}


class IndexDamaged(Exception):
    """The database is corrupt, foreign or of another version: replace it."""


class IndexUnwritable(Exception):
    """The database cannot be opened or written (read-only, full disk, no folder)."""


@dataclass(frozen=True, slots=True)
class FileRow:
    """What the index knows of one file: its stat when hashed, and what it holds."""

    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    stamp_ns: int
    sha256: str | None
    error: str | None

    def values(self) -> tuple[Any, ...]:
        return (
            self.path,
            self.size,
            self.mtime_ns,
            self.ctime_ns,
            self.inode,
            self.stamp_ns,
            self.sha256,
            self.error,
        )

    def seal(self) -> int:
        return checksum("file", self.path, repr(self.values()).encode())

    def matches(self, stat: os.stat_result) -> bool:
        """Whether ``stat`` shows the file as it was hashed, outside the racy window."""
        return (
            (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            == (self.size, self.mtime_ns, self.ctime_ns, self.inode)
            and self.mtime_ns + RACY_NS <= self.stamp_ns
            and self.sha256 is not None
        )

    @classmethod
    def of(
        cls, path: str, stat: os.stat_result, stamp_ns: int, sha256: str | None, error: str | None
    ) -> FileRow:
        return cls(
            path,
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ctime_ns,
            stat.st_ino,
            stamp_ns,
            sha256,
            error,
        )


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document row: its number, content hash, entry version, postings segment (None:
    not in the postings yet) and verified summary bytes."""

    number: int
    sha256: str
    version: int
    segment: int | None
    summary: bytes


def index_path() -> Path:
    return cache_dir() / f"index.v{SCHEMA}.sqlite"


def remove_older() -> list[str]:
    """Delete the index files of earlier formats from the cache folder (a tifa of this
    format never reads them; a 10,000-document index is ~600 MB); the names removed."""
    removed = []
    for version in range(1, SCHEMA):
        path = cache_dir() / f"index.v{version}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()
                if not suffix:
                    removed.append(path.name)
    return removed


class Index:
    """A connection to the corpus index; ``Index.open()`` for the one in the cache folder,
    ``Index.temporary()`` for a private one deleted on close (``--no-cache``, or when the
    cache folder cannot be written)."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._db = connection
        self.path = path
        self._lock = threading.RLock()
        self._inode = path.stat().st_ino if path is not None else None

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None) -> Index:
        """The persistent index. IndexDamaged if the file is not a usable index of this
        version (it is deleted: open again for a new one), IndexUnwritable if it cannot be
        made."""
        path = path or index_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as err:
            raise IndexUnwritable(f"{path}: {_reason(err)}") from None
        index = cls(connection, path)
        try:
            index._prepare()
        except IndexDamaged:
            index.discard()
            raise
        except BaseException:
            connection.close()
            raise
        return index

    @classmethod
    def temporary(cls) -> Index:
        """A private index in a temporary file that SQLite deletes on close."""
        index = cls(sqlite3.connect("", isolation_level=None, check_same_thread=False), None)
        index._prepare()
        return index

    def _prepare(self) -> None:
        if self.path is not None:
            _check_length(self.path)
        with self._guard():
            db = self._db
            if self.path is not None:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            db.execute("PRAGMA foreign_keys=OFF")
            if self._version() == (APPLICATION_ID, SCHEMA):
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                version = self._version()
                empty = not db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
                if version != (APPLICATION_ID, SCHEMA) and not empty:
                    raise IndexDamaged(
                        "not a tifa index of this version"
                        if version[0] != APPLICATION_ID
                        else f"index of format {version[1]}, this tifa reads {SCHEMA}"
                    )
                if empty:
                    db.executescript(_SCHEMA.replace(";", ";\n"))  # executescript commits
                    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version={SCHEMA}")
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")

    def _version(self) -> tuple[int, int]:
        application = self._db.execute("PRAGMA application_id").fetchone()[0]
        return application, self._db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def discard(self) -> None:
        """Delete a damaged database (if it is still the file this connection opened: a
        process that replaced it first keeps its new one) and its WAL files."""
        self.close()
        if self.path is None:
            return
        with contextlib.suppress(OSError):
            if self.path.stat().st_ino != self._inode:
                return
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()

    # -- plumbing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """SQLite's errors as the index's: corrupt → IndexDamaged, cannot write →
        IndexUnwritable; anything else (a busy timeout) as it is."""
        with self._lock:
            try:
                yield
            except sqlite3.DatabaseError as err:
                code = getattr(err, "sqlite_errorcode", None)
                if (
                    code in _CORRUPT
                    or type(err) is sqlite3.DatabaseError
                    or str(err).startswith(_NOT_THIS_SCHEMA)
                ):
                    raise IndexDamaged(_reason(err)) from None
                if code in _UNWRITABLE:
                    raise IndexUnwritable(f"{self.path}: {_reason(err)}") from None
                raise

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction: all of it or nothing (an exception, Ctrl+C included,
        rolls it back)."""
        with self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: every statement inside sees the index as it was at the
        first (another process's sync or merge of segments cannot land in between)."""
        with self._guard():
            if self._db.in_transaction:
                yield
                return
            self._db.execute("BEGIN")
            try:
                yield
            finally:
                self._db.execute("COMMIT")

    def _select(self, sql: str, keys: Sequence[Any], *extra: Any) -> list[tuple]:
        """Rows of ``sql`` (with ``{}`` standing for the placeholders) for ``keys``, in
        chunks that stay under SQLite's parameter limit."""
        rows: list[tuple] = []
        with self._guard():
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows += self._db.execute(sql.format(marks), (*chunk, *extra)).fetchall()
        return rows

    def _run(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._guard():
            self._db.executemany(sql, rows)

    # -- files -----------------------------------------------------------------------------

    def files(self, paths: Sequence[str]) -> dict[str, FileRow]:
        """The rows of ``paths`` that pass their checksum; a damaged row is left out (so
        the file is read again) and overwritten when it is."""
        rows = {}
        sql = f"SELECT {_FILE_COLUMNS} FROM files WHERE path IN ({{}})"
        for values in self._select(sql, list(paths)):
            row = FileRow(*values[:-1])
            if row.seal() == values[-1]:
                rows[row.path] = row
        return rows

    def paths_under(self, folder: str) -> list[str]:
        """Paths of the files recorded inside ``folder`` (an absolute path)."""
        prefix = folder.rstrip(os.sep) + os.sep
        upper = prefix[:-1] + chr(ord(os.sep) + 1)
        with self._guard():
            rows = self._db.execute(
                "SELECT path FROM files WHERE path >= ? AND path < ?", (prefix, upper)
            ).fetchall()
        return [path for (path,) in rows]

    def put_files(self, rows: Iterable[FileRow]) -> None:
        self._run(
            f"INSERT OR REPLACE INTO files ({_FILE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            ((*row.values(), row.seal()) for row in rows),
        )

    def mark_files(self, paths: Sequence[str], error: str) -> None:
        """Record that the files ``paths`` (their current content) are no transcript."""
        rows = self.files(paths)
        self.put_files(dataclasses.replace(row, error=error) for row in rows.values())

    def drop_files(self, paths: Iterable[str]) -> None:
        self._run("DELETE FROM files WHERE path = ?", ((p,) for p in paths))

    def recorded(self) -> tuple[list[str], list[str]]:
        """The paths of every file and manifest the index records, in any folder."""
        with self._guard():
            db = self._db
            files = [p for (p,) in db.execute("SELECT path FROM files")]
            manifests = [p for (p,) in db.execute("SELECT path FROM manifests")]
        return files, manifests

    def drop_manifests(self, paths: Iterable[str]) -> None:
        self._run("DELETE FROM manifests WHERE path = ?", ((p,) for p in paths))

    def manifest(self, path: str) -> tuple[FileRow, bytes] | None:
        """A manifest's parsed entries as stored, with the stat they were read at."""
        with self._guard():
            found = self._db.execute(
                f"SELECT {_ROW_COLUMNS}, entries, checksum FROM manifests WHERE path = ?",
                (path,),
            ).fetchone()
        if found is None:
            return None
        row = FileRow(*found[:-2])
        try:
            return row, verified("manifest", path, found[-2], found[-1])
        except Damaged:
            return None

    def put_manifest(self, row: FileRow, entries: bytes) -> None:
        with self.writing():
            self._db.execute(
                "INSERT OR REPLACE INTO manifests VALUES (?,?,?,?,?,?,?,?,?,?)",
                (*row.values(), entries, checksum("manifest", row.path, entries)),
            )

    # -- documents -------------------------------------------------------------------------

    def documents(self, sha256s: Sequence[str]) -> tuple[dict[str, StoredDocument], set[str]]:
        """The document rows of ``sha256s`` (any version) whose summary passes its
        checksum, and the hashes of those that fail it (to be parsed again)."""
        found, damaged = {}, set()
        sql = (
            "SELECT number, sha256, version, segment, summary, checksum FROM documents "
            "WHERE sha256 IN ({})"
        )
        for number, sha256, version, segment, summary, seal in self._select(sql, list(sha256s)):
            try:
                summary = verified("summary", sha256, summary, seal)
            except Damaged:
                damaged.add(sha256)
                continue
            found[sha256] = StoredDocument(number, sha256, version, segment, summary)
        return found, damaged

    def present(self, numbers: Sequence[int]) -> int:
        """How many of ``numbers`` (distinct) are documents of the index. A run of
        consecutive numbers, as a corpus indexed in one go has, is counted as a range: one
        step of the primary key's b-tree rather than a lookup per number."""
        runs: list[tuple[int, int]] = []
        for number in sorted(numbers):
            if runs and runs[-1][1] == number - 1:
                runs[-1] = (runs[-1][0], number)
            else:
                runs.append((number, number))
        if len(runs) > _CHUNK or len(runs) * 4 > len(numbers):  # scattered: look each up
            sql = "SELECT count(*) FROM documents WHERE number IN ({})"
            return sum(count for (count,) in self._select(sql, list(numbers)))
        sql = "SELECT count(*) FROM documents WHERE number BETWEEN ? AND ?"
        with self._guard():
            return sum(self._db.execute(sql, run).fetchone()[0] for run in runs)

    def snapshot(self, key: str) -> bytes | None:
        """The stored catalogue of a corpus (``corpus.snapshot``), if it passes its check."""
        with self._guard():
            row = self._db.execute(
                "SELECT data, checksum FROM snapshots WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        try:
            return verified("snapshot", key, *row)
        except Damaged:
            return None

    def put_snapshot(self, key: str, data: bytes) -> None:
        with self.writing():
            self._db.execute(
                "INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)",
                (key, data, checksum("snapshot", key, data)),
            )

    def shas(self, numbers: Sequence[int]) -> list[tuple[int, str]]:
        """(number, sha256) of the documents ``numbers``."""
        sql = "SELECT number, sha256 FROM documents WHERE number IN ({})"
        return sorted(self._select(sql, list(numbers)))

    def add_document(self, sha256: str, summary: bytes, body: Body) -> int:
        """Store a parsed document (replacing a row of another version or a damaged one);
        its number. Inside ``writing``."""
        with self._guard():
            db = self._db
            old = db.execute("SELECT number FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
            if old is not None:
                self._forget(old[0])
            number = db.execute(
                "INSERT INTO documents (sha256, version, segment, summary, checksum) "
                "VALUES (?, ?, NULL, ?, ?)",
                (sha256, VERSION, summary, checksum("summary", sha256, summary)),
            ).lastrowid
            db.execute(
                "INSERT INTO bodies VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    number,
                    body.key,
                    checksum("key", sha256, body.key),
                    body.places,
                    checksum("places", sha256, body.places),
                    body.rest,
                    checksum("body", sha256, body.rest),
                ),
            )
        assert number is not None
        return number

    def forget(self, sha256: str) -> None:
        """Delete a document's rows (to parse it again). Inside ``writing``."""
        with self._guard():
            row = self._db.execute(
                "SELECT number FROM documents WHERE sha256 = ?", (sha256,)
            ).fetchone()
            if row is not None:
                self._forget(row[0])

    def _forget(self, number: int) -> None:
        for table in ("documents", "bodies", "words"):
            self._db.execute(f"DELETE FROM {table} WHERE number = ?", (number,))

    def body(self, number: int, sha256: str) -> Body:
        """The verified body entry of document ``number``; Damaged if missing or bad."""
        with self._guard():
            row = self._db.execute(
                "SELECT key, key_checksum, places, places_checksum, body, checksum FROM bodies "
                "WHERE number = ?",
                (number,),
            ).fetchone()
        if row is None:
            raise _Missing(f"body entry of {sha256[:12]} is missing")
        return Body(
            verified("key", sha256, *row[:2]),
            verified("places", sha256, *row[2:4]),
            verified("body", sha256, *row[4:]),
        )

    def keys(self, numbers: Sequence[int], shas: Sequence[str]) -> list[bytes]:
        """The key parts of the bodies of ``numbers`` (with their ``shas``), in order, read
        without the rest; Damaged if one is missing or fails its checksum."""
        sql = "SELECT number, key, key_checksum FROM bodies WHERE number IN ({})"
        found = {n: (key, seal) for n, key, seal in self._select(sql, list(numbers))}
        keys = []
        for number, sha256 in zip(numbers, shas, strict=True):
            if number not in found:
                raise _Missing(f"body entry of {sha256[:12]} is missing")
            keys.append(verified("key", sha256, *found[number]))
        return keys

    def places(self, numbers: Sequence[int], shas: Sequence[str]) -> dict[int, tuple[bytes, bytes]]:
        """The key and places parts of the bodies of ``numbers`` (with their ``shas``),
        read without the rest: those that are there and pass their checksums."""
        sql = (
            "SELECT number, key, key_checksum, places, places_checksum FROM bodies "
            "WHERE number IN ({})"
        )
        sha_of = dict(zip(numbers, shas, strict=True))
        found = {}
        for number, key, key_seal, places, places_seal in self._select(sql, list(numbers)):
            sha256 = sha_of[number]
            with contextlib.suppress(Damaged):
                found[number] = (
                    verified("key", sha256, key, key_seal),
                    verified("places", sha256, places, places_seal),
                )
        return found

    def words(self, number: int, sha256: str) -> bytes | None:
        """The verified words entry, None if there is none; Damaged if it is bad."""
        try:
            return self._entry("words", "words", number, sha256)
        except _Missing:
            return None

    def _entry(self, table: str, column: str, number: int, sha256: str) -> bytes:
        with self._guard():
            row = self._db.execute(
                f"SELECT {column}, checksum FROM {table} WHERE number = ?", (number,)
            ).fetchone()
        if row is None:
            raise _Missing(f"{column} entry of {sha256[:12]} is missing")
        return verified(column, sha256, *row)

    def put_words(self, number: int, sha256: str, words: bytes) -> None:
        self._run(
            "INSERT OR REPLACE INTO words VALUES (?, ?, ?)",
            [(number, words, checksum("words", sha256, words))],
        )

    def with_words(self, numbers: Sequence[int]) -> set[int]:
        sql = "SELECT number FROM words WHERE number IN ({})"
        return {n for (n,) in self._select(sql, list(numbers))}

    def collect_garbage(self) -> int:
        """Delete documents no file holds any more; how many went."""
        with self._guard():
            db = self._db
            gone = [
                n
                for (n,) in db.execute(
                    "SELECT number FROM documents WHERE sha256 NOT IN "
                    "(SELECT sha256 FROM files WHERE sha256 IS NOT NULL)"
                )
            ]
            for number in gone:
                self._forget(number)
        return len(gone)

    # -- postings --------------------------------------------------------------------------

    def unposted(self, numbers: Sequence[int]) -> set[int]:
        """Which of ``numbers`` no postings segment holds yet."""
        sql = "SELECT number FROM documents WHERE segment IS NULL AND number IN ({})"
        return {n for (n,) in self._select(sql, list(numbers))}

    def add_segment(self, numbers: Sequence[int], runs: Iterable[tuple[int, bytes]]) -> None:
        """Postings of the documents ``numbers`` (``grams.invert`` runs) as a new segment.
        Inside ``writing``."""
        with self._guard():
            db = self._db
            segment = db.execute(
                "INSERT INTO segments (documents) VALUES (?)", (len(numbers),)
            ).lastrowid
            db.executemany(
                "INSERT INTO postings VALUES (?, ?, ?, ?)",
                (
                    (segment, first, run, checksum("postings", f"{segment}:{first}", run))
                    for first, run in runs
                ),
            )
            db.executemany(
                "UPDATE documents SET segment = ? WHERE number = ?",
                ((segment, n) for n in numbers),
            )

    def postings(
        self, grams: Sequence[int], numbers: Sequence[int] | None = None
    ) -> dict[int, list[array]]:
        """For each of ``grams``, its document numbers in each segment that has it; Damaged
        if a run fails its checksum (the caller re-indexes). With ``numbers``, only the
        segments holding one of those documents are read: the index keeps the postings of
        every folder ever opened, and each segment costs a lookup per gram (the real
        sample's 14 bigrams in an index shared with 10,000 other documents: 112 lookups,
        35 ms, instead of 14). Call it ``reading`` with what the numbers were read in."""
        found: dict[int, list[array]] = {}
        runs: dict[tuple[int, int], bytes] = {}
        with self._guard():
            if numbers is None:
                segments = [s for (s,) in self._db.execute("SELECT segment FROM segments")]
            else:
                sql = "SELECT DISTINCT segment FROM documents WHERE number IN ({})"
                held = {s for (s,) in self._select(sql, list(numbers))}
                segments = sorted(s for s in held if s is not None)
            for gram in dict.fromkeys(grams):
                for segment in segments:
                    row = self._db.execute(
                        "SELECT first, run, checksum FROM postings WHERE segment = ? "
                        "AND first <= ? ORDER BY first DESC LIMIT 1",
                        (segment, gram),
                    ).fetchone()
                    if row is None:
                        continue
                    first, run, seal = row
                    if (segment, first) not in runs:
                        runs[segment, first] = verified("postings", f"{segment}:{first}", run, seal)
                    numbers = lookup(runs[segment, first], gram)
                    if numbers:
                        found.setdefault(gram, []).append(numbers)
        return found

    def segments(self) -> list[tuple[int, int]]:
        """(segment, documents) of every postings segment, oldest first."""
        with self._guard():
            return self._db.execute("SELECT segment, documents FROM segments ORDER BY 1").fetchall()

    def merge_segments(self, most: int, large: int) -> None:
        """Keep the small segments (fewer than ``large`` documents: one per incremental
        sync) at most ``most`` by merging them into one, dropping the numbers of deleted
        documents. Large segments (a cold build's) are left alone: merging them would hold
        a whole index's postings in memory, and a lookup costs one row per segment.
        Damaged if a run fails its checksum."""
        import numpy as np

        small = [s for s, n in self.segments() if n < large]
        if len(small) <= most:
            return
        with self.writing():
            db = self._db
            marks = ",".join("?" * len(small))
            rows = db.execute(
                f"SELECT segment, first, run, checksum FROM postings WHERE segment IN ({marks})",
                small,
            ).fetchall()
            keys, numbers = [], []
            for segment, first, run, seal in rows:
                grams, ends, found = unpack(verified("postings", f"{segment}:{first}", run, seal))
                counts = np.diff(np.concatenate(([0], np.array(ends, dtype=np.int64))))
                keys.append(np.repeat(np.array(grams, dtype=np.int64), counts))
                numbers.append(np.array(found, dtype=np.int64))
            live = np.array(
                [n for (n,) in db.execute("SELECT number FROM documents")], dtype=np.int64
            )
            key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
            number = np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)
            kept = np.isin(number, live)
            key, number = key[kept], number[kept]
            order = np.lexsort((number, key))
            key, number = key[order], number[order]
            db.execute(f"DELETE FROM postings WHERE segment IN ({marks})", small)
            db.execute(f"DELETE FROM segments WHERE segment IN ({marks})", small)
            segment = db.execute(
                "INSERT INTO segments (documents) VALUES (?)", (len(set(number.tolist())),)
            ).lastrowid
            db.executemany(
                "INSERT INTO postings VALUES (?, ?, ?, ?)",
                (
                    (segment, first, run, checksum("postings", f"{segment}:{first}", run))
                    for first, run in (grams_runs(key, number) if len(key) else [])
                ),
            )
            db.execute(
                f"UPDATE documents SET segment = ? WHERE segment IN ({marks})", (segment, *small)
            )

    def drop_postings(self) -> None:
        """Forget every segment: all documents become unposted (to be posted afresh)."""
        with self._guard():
            self._db.execute("DELETE FROM postings")
            self._db.execute("DELETE FROM segments")
            self._db.execute("UPDATE documents SET segment = NULL")

    # -- relations and per-document data ---------------------------------------------------

    def put_relations(
        self, kind: str, version: int, rows: Iterable[tuple[str, str, bytes]]
    ) -> None:
        """Store (sha256 a, sha256 b, record bytes) rows of a pair relation ``kind``."""
        self._run(
            "INSERT OR REPLACE INTO relations VALUES (?, ?, ?, ?, ?, ?)",
            (
                (kind, a, b, version, record, checksum(kind, f"{a}:{b}", record))
                for a, b, record in rows
            ),
        )

    def relations(
        self, kind: str, version: int, sha256s: Sequence[str]
    ) -> dict[tuple[str, str], bytes]:
        """Stored records of ``kind`` and ``version`` between documents of ``sha256s``;
        rows that fail their checksum are left out (to be computed again)."""
        wanted, found = set(sha256s), {}
        sql = "SELECT a, b, record, checksum FROM relations WHERE kind = ? AND version = ?"
        with self._guard():
            rows = self._db.execute(sql, (kind, version)).fetchall()
        for a, b, record, seal in rows:
            if a in wanted and b in wanted:
                with contextlib.suppress(Damaged):
                    found[a, b] = verified(kind, f"{a}:{b}", record, seal)
        return found

    def put_derived(self, kind: str, version: int, rows: Iterable[tuple[str, bytes]]) -> None:
        """Store per-document data of ``kind`` (a sketch, shingles) keyed by content hash."""
        self._run(
            "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?, ?)",
            ((kind, sha, version, data, checksum(kind, sha, data)) for sha, data in rows),
        )

    def drop_derived(self, kind: str) -> None:
        """Remove every entry of ``kind``."""
        self._run("DELETE FROM derived WHERE kind = ?", [(kind,)])

    def derived(self, kind: str, version: int, sha256s: Sequence[str]) -> dict[str, bytes]:
        sql = "SELECT sha256, data, checksum FROM derived WHERE sha256 IN ({}) AND kind = ? "
        found = {}
        for sha, data, seal in self._select(sql + "AND version = ?", list(sha256s), kind, version):
            with contextlib.suppress(Damaged):
                found[sha] = verified(kind, sha, data, seal)
        return found


class _Missing(Damaged):
    """An entry the index should hold and does not."""


_ROW_COLUMNS = "path, size, mtime_ns, ctime_ns, inode, stamp_ns, sha256, error"
_FILE_COLUMNS = f"{_ROW_COLUMNS}, checksum"


def _check_length(path: Path) -> None:
    """IndexDamaged if the file is shorter than its header says (a truncated copy or
    disk): SQLite itself would only notice when a query reached a missing page.

    Not while the write-ahead log exists (another connection has the index open, or one
    ended without closing it): a checkpoint copying the log into the file writes page 1,
    which counts the pages, before the pages that make the file that long, and an index
    caught in between is whole. Replacing it then cost another process its index.
    """
    if os.path.exists(f"{path}-wal"):
        return
    try:
        with path.open("rb") as f:
            header = f.read(100)
        size = path.stat().st_size
    except OSError:
        return
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return  # empty (new), or not SQLite: _prepare says which
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]
    if header_valid and size < pages * page_size:
        raise IndexDamaged(f"truncated: {size} bytes of {pages * page_size}")


def _reason(err: BaseException) -> str:
    return str(err) or type(err).__name__
