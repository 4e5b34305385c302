"""On-disk cache of parsed documents and their jieba words, keyed by file content.

Two entries per content hash: the parsed document and, once computed, its words, so a
command that needs no words never pays for them and one that does pays once. An entry is
trusted only if it reads back whole, carries the current layout and parser version and the
same hash; anything else is rebuilt silently. Writes go to a temporary file renamed into
place, so a crash never leaves half an entry.

Entries are ``marshal`` data of ``corpus.columns.flatten``: a document's turns, sentences
and clauses as one tuple of values per field (a column), not as objects. A pickled Document
cost ~2.8 ms of CPU a document to load, much of it running the frozen dataclasses'
``__init__`` for the ~700 records of a typical transcript; ``columns.from_columns`` fills
each field of all the records in one C-level pass instead, and marshal reads flat tuples of
strings and ints as fast as pickle does (and, unlike pickle, cannot be made to run code).
What remains is making the objects themselves, and the cyclic garbage collector rescanning
them as they pile up: ``corpus.collector.collector_paused`` is for callers that load many.
``benchmarks/bench_cache.py`` measures all of it.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tifa.corpus.columns import NAMES, flatten, from_columns, to_columns, unflatten
from tifa.corpus.model import PARSER_VERSION, Document, Sentence
from tifa.corpus.paths import cache_dir

Tokens = tuple[tuple[str, ...], ...]

# Bump whenever the layout of an entry changes: it is part of the file name, so entries of
# other layouts are never read, and are rebuilt (before layout 2, entries were pickles).
LAYOUT = 2
MARSHAL_VERSION = 4  # readable by every Python since 3.4


def _entry(sha256: str, kind: str) -> Path:
    return cache_dir() / "documents" / f"{sha256}.{kind}.v{PARSER_VERSION}.l{LAYOUT}.marshal"


def _read(path: Path, sha256: str) -> Any:
    try:
        layout, version, digest, payload = marshal.loads(path.read_bytes())
    except Exception:
        return None
    if layout != LAYOUT or version != PARSER_VERSION or digest != sha256:
        return None
    return payload


def _write(path: Path, sha256: str, payload: Any) -> None:
    """Best effort: an unwritable cache slows tifa down but never stops it.

    The same content's entries of earlier parser versions or layouts are deleted
    (``_superseded``): they are never read again, and a corpus of thousands would otherwise
    leave thousands behind.
    """
    data = marshal.dumps((LAYOUT, PARSER_VERSION, sha256, payload), MARSHAL_VERSION)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
        return
    for stale in _superseded(path, sha256):
        with contextlib.suppress(OSError):
            stale.unlink()


def _superseded(path: Path, sha256: str) -> Iterator[Path]:
    """Where earlier versions of tifa kept the entry that ``path`` replaces: each earlier
    parser version, as a pickle (layout 1) or in each earlier marshal layout.

    Named, not searched for: a search lists the whole folder, so a cold load of N files
    paid N listings of up to N entries (~0.7 s for 1,000, growing as the square). Entries
    of a later version are left to the tifa that reads them.
    """
    kind = path.name.split(".")[1]
    for version in range(1, PARSER_VERSION + 1):
        for layout in ("pickle", *(f"l{n}.marshal" for n in range(2, LAYOUT + 1))):
            stale = path.with_name(f"{sha256}.{kind}.v{version}.{layout}")
            if stale != path:
                yield stale


def load_document(sha256: str) -> Document | None:
    payload = _read(_entry(sha256, "doc"), sha256)
    if payload is None:
        return None
    try:
        return unflatten(payload)
    except Exception:  # an entry that reads back but does not have the layout: rebuild it
        return None


def store_document(doc: Document) -> None:
    _write(_entry(doc.sha256, "doc"), doc.sha256, flatten(doc))


def load_tokens(sha256: str, sentences: int) -> Tokens | None:
    payload = _read(_entry(sha256, "tokens"), sha256)
    if isinstance(payload, tuple) and len(payload) == sentences:
        return payload
    return None


def store_tokens(sha256: str, tokens: Tokens) -> None:
    """Store each distinct word once: marshal writes an object met again as a reference, so
    a load allocates 的 and 中国 once per document rather than once per use (a transcript
    repeats its words: about 30 % of them are distinct)."""
    distinct: dict[str, str] = {}
    shared = tuple(
        tuple(distinct.setdefault(word, word) for word in sentence) for sentence in tokens
    )
    _write(_entry(sha256, "tokens"), sha256, shared)


def attach_tokens(sentences: Sequence[Sentence], tokens: Tokens) -> tuple[Sentence, ...]:
    """``sentences`` with ``tokens`` as their words, rebuilt the fast way a cache load is.

    The same result as ``dataclasses.replace(s, tokens=t)`` per sentence, at a fraction of
    the cost (``replace`` looks up the fields and runs ``__init__`` for every sentence).
    """
    columns = list(to_columns(sentences, Sentence))
    columns[NAMES[Sentence].index("tokens")] = tuple(tokens)
    return from_columns(Sentence, columns)
