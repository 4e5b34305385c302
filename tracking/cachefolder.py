"""What tifa keeps in its cache folder, part by part, and clearing a part: ``tifa cache``.

Everything there can be made again from the archive's files; clearing a part costs the
time to make it again, never data. The parts:

* **index**: the corpus index (``corpus.index``, SQLite with its WAL files): each document
  parsed, its words, the phrase postings, the near-duplicate search. Making it again for
  10,000 briefings takes minutes.
* **families**: the family reports and corpus events kept between runs
  (``formulations.remembered``), at most ``LIMIT_BYTES``, the least recently used going first.
* **dictionary**: jieba's dictionary cache and tifa's table of its word classes
  (``formulations.wordclass``): a second or two at the next start.
* **older**: what an earlier tifa left and this one never reads: index files of earlier
  formats, and the ``documents`` folder of one file per document that came before the index.

Only files named as tifa names them are listed and removed, and a subfolder only once it is
empty: ``TIFA_CACHE_DIR`` set to a folder that holds other things (a home folder with its own
``documents``) loses nothing of theirs. The daemon's socket, lock, log and the note of one
spawned but not yet started are not cache data.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tifa.corpus.index import SCHEMA
from tifa.corpus.paths import cache_dir
from tifa.tracking.formulations.remembered import LIMIT_BYTES, KeptEntry, ReportStore

PARTS = ("index", "families", "dictionary", "older")
_WAL = ("", "-wal", "-shm")
# the names tifa gives (the kept reports' are ``ReportStore.files``'): jieba's dictionary
# cache and the word-class table; an earlier tifa's entry per document
# (``<sha256>.<kind>.v<parser>[.l<layout>].marshal|pickle``) and one being written
_DICTIONARY = re.compile(r"jieba(\.u[0-9a-f]+)?\.cache|wordclass(\.\d+)?\.\d+-[0-9a-f]{8}\.marshal")
_OLD_ENTRY = re.compile(r"[0-9a-f]{64}\.[a-z]+\.v\d+(\.l\d+)?\.(marshal|pickle)|tmp\w+\.tmp")


@dataclass(frozen=True, slots=True)
class CachePart:
    """One part of the cache folder as found: its files, their size in bytes, and what they
    hold, in words."""

    name: str
    paths: tuple[Path, ...]
    size: int
    holds: str
    entries: tuple[KeptEntry, ...] = ()  # the kept reports and events, the latest used first


def cache_parts(folder: Path | None = None) -> tuple[CachePart, ...]:
    """Every part of ``folder`` (the cache folder), in ``PARTS`` order, those with no file
    included (size 0)."""
    folder = cache_dir() if folder is None else folder
    return tuple(_part(name, folder) for name in PARTS)


def clear_parts(names: Iterable[str], folder: Path | None = None) -> tuple[CachePart, ...]:
    """Remove the parts named (of ``PARTS``) from ``folder``; the parts as they were.
    OSError names a file that could not be removed (what came before it is gone)."""
    folder = cache_dir() if folder is None else folder
    names = set(names)
    unknown = names - set(PARTS)
    if unknown:
        raise ValueError(f"no such part of the cache: {', '.join(sorted(unknown))}")
    removed = tuple(_part(name, folder) for name in PARTS if name in names)
    for part in removed:
        for path in part.paths:
            path.unlink(missing_ok=True)
        for emptied in {p.parent for p in part.paths} - {folder}:
            with contextlib.suppress(OSError):  # not empty: what else it holds is not tifa's
                emptied.rmdir()
    return removed


def _part(name: str, folder: Path) -> CachePart:
    paths = tuple(p for p in _paths(name, folder) if p.is_file())
    size = sum(_bytes(p) for p in paths)
    holds = _holds(name, folder, paths) if paths else "nothing"
    if name != "families" or not paths:
        return CachePart(name, paths, size, holds)
    return CachePart(name, paths, size, holds, tuple(ReportStore(folder / "families").entries()))


def _paths(name: str, folder: Path) -> list[Path]:
    if name == "index":
        return [folder / f"index.v{SCHEMA}.sqlite{suffix}" for suffix in _WAL]
    if name == "families":
        return ReportStore(folder / "families").files(partial=True)
    if name == "dictionary":
        return _named(folder, _DICTIONARY)
    older = [folder / f"index.v{v}.sqlite{suffix}" for v in range(1, SCHEMA) for suffix in _WAL]
    return [*older, *_named(folder / "documents", _OLD_ENTRY)]


def _named(folder: Path, names: re.Pattern[str]) -> list[Path]:
    """The files of ``folder`` (not below it) whose names ``names`` matches, in name order."""
    try:
        found = [p for p in folder.iterdir() if names.fullmatch(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(found)


def _bytes(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0


def _holds(name: str, folder: Path, paths: tuple[Path, ...]) -> str:
    if name == "index":
        return _index_holds(paths[0]) if paths[0].name.endswith(".sqlite") else "WAL files only"
    if name == "families":
        entries = sum(p.suffix == ".pickle" for p in paths)
        return (
            f"{entries:,} entries (family reports and corpus events); "
            f"the least recently used beyond {LIMIT_BYTES >> 20:,} MB go"
        )
    if name == "dictionary":
        return "jieba's dictionary cache and the table of its word classes"
    return f"{len(paths):,} files of an earlier tifa's formats, which this one never reads"


def _index_holds(path: Path) -> str:
    """How many documents the index holds, and how many with their words. Only read, but
    opened for writing, never creating it (``mode=rw``): the last connection to close then
    takes its WAL files away, as tifa's own do; a short wait at most for a build under way."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=1)
        try:
            (documents,) = db.execute("SELECT count(*) FROM documents").fetchone()
            (words,) = db.execute("SELECT count(*) FROM words").fetchone()
        finally:
            db.close()
    except sqlite3.Error as err:
        return f"unreadable ({err}): the next command builds it again"
    return f"{documents:,} documents parsed, {words:,} with their words"
