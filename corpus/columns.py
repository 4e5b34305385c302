"""A Document as plain values in columns: how documents travel in bulk.

The cache (``corpus.cache``, through marshal) and the worker processes that parse a large
corpus (``corpus.load``, through pickle) both move a document as ``flatten(doc)``: strings,
ints, bytes, None, tuples and dicts only, with its turns, sentences and clauses as one
tuple of values per field (a column), not as ~700 record objects. Reading one back is
mostly making those records: pickled as itself, a document runs the frozen dataclasses'
``__init__`` (one ``object.__setattr__`` per field) for each record; ``from_columns``
fills each field of all the records in one C-level pass. Measured on the synthetic
transcripts of ``benchmarks/synth.py``, a worker's document costs ~2.8 ms of CPU to pickle
and unpickle as itself, ~1.1 ms as columns (flatten, pickle, unpickle, unflatten).

``Document`` itself still pickles field by field (records through ``model._Compact``): a
``__reduce__`` returning columns would tie every pickle and ``copy`` of a document to this
layout, which only the cache versions (``cache.LAYOUT``); the two bulk paths use it
explicitly. ``benchmarks/bench_cache.py`` measures both.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import fields
from itertools import repeat
from operator import attrgetter
from typing import Any, TypeVar

from tifa.corpus.model import Clause, Document, Metadata, Sentence, Turn

Record = TypeVar("Record", Turn, Sentence, Clause)

NAMES = {cls: tuple(f.name for f in fields(cls)) for cls in (Turn, Sentence, Clause)}
# The slot descriptors' own setters: what object.__setattr__ ends up calling, minus the
# attribute lookup and the frozen-dataclass guard.
_SETTERS: dict[type, tuple[Callable[[Any, Any], None], ...]] = {
    cls: tuple(getattr(cls, name).__set__ for name in names) for cls, names in NAMES.items()
}


def to_columns(records: Sequence[Record], cls: type[Record]) -> tuple[tuple, ...]:
    """One tuple per field of ``cls``, in field order."""
    return tuple(tuple(map(attrgetter(name), records)) for name in NAMES[cls])


def from_columns(cls: type[Record], columns: Sequence[Sequence]) -> tuple[Record, ...]:
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


def flatten(doc: Document) -> tuple:
    """A Document as plain values; ``unflatten`` is its inverse.

    This is the cache's entry layout: change it and bump ``corpus.cache.LAYOUT``.
    """
    return (
        doc.id,
        doc.path,
        doc.sha256,
        doc.encoding,
        doc.script,
        doc.raw,
        doc.text,
        doc.key,
        doc.offsets.typecode,
        doc.offsets.tobytes(),
        to_columns(doc.turns, Turn),
        to_columns(doc.sentences, Sentence),
        to_columns(doc.clauses, Clause),
        doc.metadata.values(),
        doc.repairs,
    )


def unflatten(flat: tuple) -> Document:
    """The Document ``flatten`` made ``flat`` from; an exception if ``flat`` is malformed."""
    (
        doc_id,
        path,
        sha256,
        encoding,
        script,
        raw,
        text,
        key,
        typecode,
        offsets,
        turns,
        sentences,
        clauses,
        metadata,
        repairs,
    ) = flat
    return Document(
        doc_id,
        path,
        sha256,
        encoding,
        script,
        raw,
        text,
        key,
        array(typecode, offsets),
        from_columns(Turn, turns),
        from_columns(Sentence, sentences),
        from_columns(Clause, clauses),
        Metadata.from_values(metadata),
        repairs,
    )
