"""Bringing the corpus index up to date with a corpus's files: a sync.

Only what changed costs anything. A file whose stat matches its row (``FileRow.matches``)
is not read; a changed, racy or new file is read and hashed; only content the index has
not parsed (at this parser and layout version) is parsed, in worker processes when there
are enough files (``PARALLEL_FROM``), with its words when the caller needs them. Rows of
files gone from a listed folder are dropped, and documents no file holds any more deleted.

Consistency: every document is written with its summary and body in one transaction, in
batches, so Ctrl+C or a kill between batches leaves only whole documents. Postings are
written as segments of many documents (``SEGMENT_GRAMS``); a document committed before its
segment is marked unposted and counts as a candidate for every phrase until a later sync
posts it (``_post``).

A caller that shows documents as they come (the workbench's table during a cold build)
passes ``landed``: it receives the files whose content the index already held, then each
batch of files as their documents are committed, each time just before a progress step.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from tifa.corpus import cache, grams, jobs
from tifa.corpus.cache import VERSION, Damaged, decode_key
from tifa.corpus.columns import metadata_from, metadata_values
from tifa.corpus.decode import read_bytes
from tifa.corpus.files import why_unreadable
from tifa.corpus.index import FileRow, Index, StoredDocument
from tifa.corpus.info import DocumentInfo
from tifa.corpus.listed import Listed
from tifa.corpus.model import CorpusError, Metadata
from tifa.corpus.pool import Workers
from tifa.corpus.progress import Cancel, Report, Stage
from tifa.corpus.sources import MANIFEST

PARALLEL_FROM = 24  # files to parse; below this, starting worker processes costs more
# ...unless they are big: work in a worker process can be stopped at once (the process is
# killed), work in this one only between files, so one 50 MB file once kept ``q`` waiting 18 s.
PARALLEL_CHARS = 2_000_000
BATCH = 64  # documents per write transaction
BATCH_S = 1.0  # or seconds between write transactions
SEGMENT_GRAMS = 8_000_000  # bigram entries held before they are written as a segment
WORDS_CHUNK = 256  # bodies handed to the workers at a time for words
MAX_SEGMENTS = 16  # small segments are merged beyond this
LARGE_SEGMENT = 1000  # documents: a segment this big is left alone by merges

Warn = Callable[[str], None]


@dataclass
class Synced:
    """The outcome: each listed file with its content hash or error, and the document rows
    of those contents."""

    files: list[Listed]
    documents: dict[str, StoredDocument]


# Files whose documents became readable, with their document rows.
Landed = Callable[[list[tuple[Listed, StoredDocument]]], None]


def sync(
    index: Index,
    files: list[Listed],
    folders: Sequence[str],
    *,
    words: bool = False,
    report: Report | None = None,
    cancel: Cancel | None = None,
    warn: Warn | None = None,
    landed: Landed | None = None,
) -> Synced:
    """Bring ``index`` up to date with ``files`` (the listing of ``folders``, absolute
    paths, and of files named on their own); ``landed`` hears of documents as they become
    readable, when any must be parsed."""
    _hash_changed(index, files, report, cancel)
    _drop_gone(index, files, folders)
    documents = _parse_missing(index, files, words, report, cancel, warn, landed)
    pairs = sorted({(d.number, d.sha256) for d in documents.values()})
    if words:
        find_words(index, pairs, report, cancel)
    _post(index, [n for n, _ in pairs], report, cancel)
    return Synced(files, documents)


def _hash_changed(
    index: Index, files: list[Listed], report: Report | None, cancel: Cancel | None
) -> None:
    """Take each file's content hash from its row when its stat allows, else read it."""
    known = index.files([f.key for f in files])
    stale: list[tuple[Listed, FileRow | None]] = []
    for f in files:
        row = known.get(f.key)
        try:
            stat = os.stat(f.key)
        except OSError:
            stat = None
        if row is not None and stat is not None and row.matches(stat):
            f.sha256, f.error = row.sha256, row.error
        else:
            stale.append((f, row))
    if not stale:
        return
    stage = Stage(report, "reading", len(stale))
    rows = []
    for f, old in stale:
        if cancel is not None:
            cancel.check()
        stamp = time.time_ns()
        try:
            stat = _stat(f)
            data = read_bytes(f.path)
        except CorpusError as err:
            f.sha256, f.error = None, err.reason
            stage.step(note=f.path)
            continue
        f.sha256 = hashlib.sha256(data).hexdigest()
        f.error = old.error if old is not None and old.sha256 == f.sha256 else None
        rows.append(FileRow.of(f.key, stat, stamp, f.sha256, f.error))
        stage.step(note=f.path)
    with index.writing():
        index.put_files(rows)


def _drop_gone(index: Index, files: list[Listed], folders: Sequence[str]) -> None:
    """Forget files that left the listed folders, and documents no file holds."""
    listed = {f.key for f in files}
    gone = [p for folder in folders for p in index.paths_under(folder) if p not in listed]
    if gone:
        with index.writing():
            index.drop_files(gone)
            index.collect_garbage()


@dataclass(frozen=True)
class Pruned:
    """What ``prune`` forgot: files and manifests no longer on disk, and documents."""

    files: int
    manifests: int
    documents: int


def prune(index: Index) -> Pruned:
    """Forget every file and manifest the index records that is no longer on disk, in any
    folder, and the documents no file holds any more (a sync does so only for the folders
    it reads, so an archive moved or deleted stays in the index until this). A file on a
    disk not mounted now is forgotten too: it is parsed again when next opened."""
    files, manifests = index.recorded()
    gone = [p for p in files if not os.path.exists(p)]
    gone_manifests = [p for p in manifests if not os.path.exists(p)]
    documents = 0
    if gone or gone_manifests:
        with index.writing():
            index.drop_files(gone)
            index.drop_manifests(gone_manifests)
            documents = index.collect_garbage()
    return Pruned(len(gone), len(gone_manifests), documents)


def _parse_missing(
    index: Index,
    files: list[Listed],
    words: bool,
    report: Report | None,
    cancel: Cancel | None,
    warn: Warn | None,
    landed: Landed | None = None,
) -> dict[str, StoredDocument]:
    """Parse the contents the index lacks (or holds from another version, or damaged);
    the document rows of every readable file's content."""
    wanted = {f.sha256 for f in files if f.sha256 is not None and f.error is None}
    documents, damaged = index.documents(sorted(wanted))
    if damaged and warn is not None:
        warn(f"{len(damaged)} damaged index entries: parsing those files again")
    current = {sha: d for sha, d in documents.items() if d.version == VERSION}
    older = len(documents) - len(current)
    if older and warn is not None:
        warn(f"{older} documents were indexed by another version of tifa: parsing them again")
    by_content: dict[str, Listed] = {}
    for f in files:
        if f.sha256 in wanted and f.sha256 not in current:
            by_content.setdefault(f.sha256, f)
    if by_content:
        if landed is not None:
            landed([(f, current[f.sha256]) for f in files if f.sha256 in current and not f.error])
        todo = list(by_content.values())
        _run_parse(index, files, todo, words, current, report, cancel, landed)
    return current


def _run_parse(
    index: Index,
    files: list[Listed],
    todo: list[Listed],
    words: bool,
    documents: dict[str, StoredDocument],
    report: Report | None,
    cancel: Cancel | None,
    landed: Landed | None = None,
) -> None:
    """Parse ``todo`` (one file per content) and store what comes back, in batches."""
    holders: dict[str, list[Listed]] = {}
    for f in files:
        if f.sha256 is not None:
            holders.setdefault(f.sha256, []).append(f)
    stage = Stage(report, "parsing", len(todo))
    batch: list[jobs.Parsed] = []
    postings = _Postings(index)
    flushed = time.monotonic()
    job_list = [(f.path, f.stem, words) for f in todo]
    size = sum(_size(f.key) for f in todo)
    with Workers(parallel=in_workers(len(todo), size), cancel=cancel) as pool:
        for parsed in pool.map(jobs.parse_file, job_list, chunksize=2):
            batch.append(parsed)
            last = stage.done + 1 == stage.total
            if last or len(batch) >= BATCH or time.monotonic() - flushed >= BATCH_S:
                _store(index, batch, holders, documents, postings, landed)
                batch, flushed = [], time.monotonic()
            stage.step(note=parsed.path)  # after the store: a step reports what is committed
        _store(index, batch, holders, documents, postings, landed)
    postings.flush()


def _store(
    index: Index,
    batch: list[jobs.Parsed],
    holders: dict[str, list[Listed]],
    documents: dict[str, StoredDocument],
    postings: _Postings,
    landed: Landed | None = None,
) -> None:
    """Write a batch of parsed files in one transaction; the files holding each content
    learn its hash or error (a file that changed since it was hashed is hashed again by the
    next sync, its stat no longer matching); ``landed`` hears of them once committed."""
    if not batch:
        return
    added: list[tuple[int, bytes]] = []
    fresh: list[StoredDocument] = []
    with index.writing():
        for parsed in batch:
            if parsed.sha256 is None or parsed.error is not None or parsed.body is None:
                _mark_error(index, holders, parsed)
                continue
            number = index.add_document(parsed.sha256, parsed.summary, parsed.body)
            if parsed.words is not None:
                index.put_words(number, parsed.sha256, parsed.words)
            stored = StoredDocument(number, parsed.sha256, VERSION, None, parsed.summary)
            documents[parsed.sha256] = stored
            fresh.append(stored)
            added.append((number, parsed.grams))
    postings.add(added)
    if landed is not None:
        landed([(f, d) for d in fresh for f in holders.get(d.sha256, []) if f.error is None])


def _mark_error(index: Index, holders: dict[str, list[Listed]], parsed: jobs.Parsed) -> None:
    """A file that is no transcript: every file of that content says why (a read error is
    the file's own, never recorded as its content's)."""
    if parsed.sha256 is None:
        for f in (f for files in holders.values() for f in files):
            if f.path == parsed.path:
                f.error = parsed.error
        return
    holding = holders.get(parsed.sha256, [])
    for f in holding:
        f.error = parsed.error
    index.mark_files([f.key for f in holding], parsed.error or "")


class _Postings:
    """Bigrams of documents written but not yet posted, flushed as one segment when many."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.pending: list[tuple[int, bytes]] = []
        self.size = 0

    def add(self, items: list[tuple[int, bytes]]) -> None:
        self.pending += items
        self.size += sum(len(g) for _, g in items) // 8
        if self.size >= SEGMENT_GRAMS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        inverted = grams.invert(self.pending)
        with self.index.writing():
            self.index.add_segment([n for n, _ in self.pending], inverted)
        self.pending, self.size = [], 0


def find_words(
    index: Index,
    documents: Sequence[tuple[int, str]],
    report: Report | None = None,
    cancel: Cancel | None = None,
) -> None:
    """Words for those of ``documents`` (number, sha256) that have none yet, on every core;
    bodies go to the workers a chunk at a time, so memory stays flat."""
    have = index.with_words([n for n, _ in documents])
    todo = [(n, sha) for n, sha in documents if n not in have]
    if not todo:
        return
    stage = Stage(report, "words", len(todo))
    chars = sum(s.chars for s in _summaries(index, todo))
    with Workers(parallel=in_workers(len(todo), chars), cancel=cancel) as pool:
        for start in range(0, len(todo), WORDS_CHUNK):
            job_list = []
            for n, sha in todo[start : start + WORDS_CHUNK]:
                try:
                    job_list.append((n, sha, index.body(n, sha)))
                except Damaged:  # gone since listed (another process) or damaged: opening
                    continue  # the document parses it again, and finds its words then
            batch = []
            for worded in pool.map(jobs.find_words, job_list, chunksize=2):
                batch.append(worded)
                stage.step()
            with index.writing():
                for worded in batch:
                    index.put_words(worded.tag, worded.sha256, worded.words)


def repost(index: Index, numbers: Sequence[int]) -> None:
    """Rebuild the postings from the documents' bodies (after a posting failed its check)."""
    with index.writing():
        index.drop_postings()
    _post(index, numbers, None, None)


def _post(
    index: Index, numbers: Sequence[int], report: Report | None, cancel: Cancel | None
) -> None:
    """Post the documents of ``numbers`` that no segment holds (an interrupted build, or
    postings dropped as damaged), then merge small segments if there are too many."""
    unposted = index.unposted(numbers)
    if unposted:
        stage = Stage(report, "indexing", len(unposted))
        postings = _Postings(index)
        for number, sha256 in index.shas(sorted(unposted)):
            if cancel is not None:
                cancel.check()
            try:
                (key,) = index.keys([number], [sha256])
                postings.add([(number, grams.grams_of(decode_key(key, sha256)))])
            except Damaged:
                pass  # parsed again when it is opened, and posted then
            stage.step()
        postings.flush()
    index.merge_segments(MAX_SEGMENTS, LARGE_SEGMENT)


def manifest_entries(index: Index, folder: Path) -> dict[str, Metadata]:
    """What the ``manifest.toml`` in ``folder`` declares (none: {}), parsed once and kept in
    the index until the file changes; CorpusError if it is unusable."""
    path = folder / MANIFEST
    key = os.path.abspath(path)
    try:
        stat = os.stat(key)
    except OSError:
        return {}
    if not S_ISREG(stat.st_mode):
        return {}
    stored = index.manifest(key)
    if stored is not None and stored[0].matches(stat):
        with contextlib.suppress(Damaged, TypeError, ValueError):
            return {name: metadata_from(values) for name, values in cache.loads(stored[1]).items()}
    from tifa.corpus.manifest import parse_manifest  # dates and sessions: only when read

    stamp = time.time_ns()
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError(str(path), f"cannot read manifest: {err}") from err
    entries = parse_manifest(text, str(path))
    values = {name: metadata_values(meta) for name, meta in entries.items()}
    sha256 = hashlib.sha256(data).hexdigest()
    index.put_manifest(FileRow.of(key, stat, stamp, sha256, None), cache.dumps(values))
    return entries


def in_workers(jobs: int, size: int) -> bool:
    """Whether work of ``jobs`` documents and ``size`` characters (or bytes) goes to worker
    processes: many documents, or one big enough that it must be stoppable at once."""
    return jobs >= PARALLEL_FROM or size >= PARALLEL_CHARS


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _summaries(index: Index, documents: Sequence[tuple[int, str]]) -> list[DocumentInfo]:
    found, _ = index.documents([sha for _, sha in documents])
    return [cache.decode_summary(d.summary, d.sha256, "", "") for d in found.values()]


def _stat(f: Listed) -> os.stat_result:
    try:
        return os.stat(f.key)
    except OSError as error:
        raise CorpusError(f.path, why_unreadable(f.key, error)) from error
