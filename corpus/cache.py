"""On-disk cache of parsed documents and their jieba words, keyed by file content.

Two entries per content hash: the parsed document and, once computed, its words, so a
command that needs no words never pays for them and one that does pays once. An entry is
trusted only if it reads back whole, carries the current layout and parser version and the
same hash; anything else is rebuilt silently. Writes go to a temporary file renamed into
place, so a crash never leaves half an entry.

Entries are ``marshal`` data in a columnar layout: a document's turns, sentences and
clauses are stored as one tuple of values per field (a column), not as objects. A pickled
Document cost ~2.8 ms of CPU a document to load, much of it running the frozen
dataclasses' ``__init__`` (one ``object.__setattr__`` per field per record) for the ~700
records of a typical transcript; ``_records`` instead fills each field of all the records
in one C-level pass, and marshal reads flat tuples of strings and ints as fast as pickle
does (and, unlike pickle, cannot be made to run code). What remains is making the objects
themselves, and the cyclic garbage collector rescanning them as they pile up:
``corpus.collector.collector_paused`` is for callers that load many.
``benchmarks/bench_cache.py`` measures all of it.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from array import array
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import astuple, fields
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from corpus.model import PARSER_VERSION, Clause, Document, Metadata, Sentence, Turn
from corpus.paths import cache_dir

Tokens = tuple[tuple[str, ...], ...]
Record = TypeVar("Record", Turn, Sentence, Clause)

# Bump whenever the layout of an entry changes: it is part of the file name, so entries of
# other layouts are never read, and are rebuilt (before layout 2, entries were pickles).
LAYOUT = 2
MARSHAL_VERSION = 4  # readable by every Python since 3.4

_NAMES = {cls: tuple(f.name for f in fields(cls)) for cls in (Turn, Sentence, Clause)}
# The slot descriptors' own setters: what object.__setattr__ ends up calling, minus the
# attribute lookup and the frozen-dataclass guard.
_SETTERS: dict[type, tuple[Callable[[Any, Any], None], ...]] = {
    cls: tuple(getattr(cls, name).__set__ for name in names) for cls, names in _NAMES.items()
}


def _columns(records: Sequence[Record], cls: type[Record]) -> tuple[tuple, ...]:
    """One tuple per field of ``cls``, in field order."""
    return tuple(tuple(map(attrgetter(name), records)) for name in _NAMES[cls])


def _records(cls: type[Record], columns: Sequence[Sequence]) -> tuple[Record, ...]:
    """The records whose fields are ``columns``, built without calling ``cls.__init__``.

    Equivalent to ``tuple(map(cls, *columns))`` for these plain records (every field is
    given, none has a ``__post_init__``), but each field is set for all records by one
    ``map`` of its slot setter, which runs in C; ``deque(..., maxlen=0)`` just drains the
    map. Malformed columns raise ValueError instead of leaving a field unset.
    """
    setters = _SETTERS[cls]
    if len(columns) != len(setters) or len({len(column) for column in columns}) != 1:
        raise ValueError(f"malformed {cls.__name__} columns")
    count = len(columns[0])
    records = list(map(object.__new__, repeat(cls, count)))
    for setter, column in zip(setters, columns, strict=True):
        deque(map(setter, records, column), maxlen=0)
    return tuple(records)


def _flatten(doc: Document) -> tuple:
    """A Document as marshal-able values; ``_unflatten`` is its inverse."""
    return (
        doc.id, doc.path, doc.sha256, doc.encoding, doc.script, doc.raw, doc.text, doc.key,
        doc.offsets.typecode, doc.offsets.tobytes(),
        _columns(doc.turns, Turn), _columns(doc.sentences, Sentence),
        _columns(doc.clauses, Clause),
        astuple(doc.metadata), doc.repairs,
    )


def _unflatten(flat: tuple) -> Document:
    (doc_id, path, sha256, encoding, script, raw, text, key, typecode, offsets,
     turns, sentences, clauses, metadata, repairs) = flat
    return Document(
        doc_id, path, sha256, encoding, script, raw, text, key, array(typecode, offsets),
        _records(Turn, turns), _records(Sentence, sentences), _records(Clause, clauses),
        Metadata(*metadata), repairs,
    )


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


def _write(path: Path, sha256: str, payload: object) -> None:
    """Best effort: an unwritable cache slows tifa down but never stops it.

    The same content's entries of other parser versions or layouts are deleted: they are
    never read again, and a corpus of thousands would otherwise leave thousands behind.
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
    kind = path.name.split(".")[1]
    for stale in path.parent.glob(f"{sha256}.{kind}.v*"):
        if stale != path:
            with contextlib.suppress(OSError):
                stale.unlink()


def load_document(sha256: str) -> Document | None:
    payload = _read(_entry(sha256, "doc"), sha256)
    if payload is None:
        return None
    try:
        return _unflatten(payload)
    except Exception:  # an entry that reads back but does not have the layout: rebuild it
        return None


def store_document(doc: Document) -> None:
    _write(_entry(doc.sha256, "doc"), doc.sha256, _flatten(doc))


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
    shared = tuple(tuple(distinct.setdefault(word, word) for word in sentence)
                   for sentence in tokens)
    _write(_entry(sha256, "tokens"), sha256, shared)


def attach_tokens(sentences: Sequence[Sentence], tokens: Tokens) -> tuple[Sentence, ...]:
    """``sentences`` with ``tokens`` as their words, rebuilt the fast way a cache load is.

    The same result as ``dataclasses.replace(s, tokens=t)`` per sentence, at a fraction of
    the cost (``replace`` looks up the fields and runs ``__init__`` for every sentence).
    """
    columns = list(_columns(sentences, Sentence))
    columns[_NAMES[Sentence].index("tokens")] = tuple(tokens)
    return _records(Sentence, columns)
