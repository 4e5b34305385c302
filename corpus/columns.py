"""A Document as plain values in columns: how documents travel in bulk and are stored.

The corpus index (``corpus.cache`` encodes its entries) and the worker processes that parse
a large corpus both move a document as ``flatten(doc)``: strings, ints, bytes, None, tuples
and dicts only, with its turns, sentences and clauses as one tuple of values per field (a
column), not as ~700 record objects. Reading one back is mostly making those records:
``from_columns`` fills each field of all the records in one C-level pass, where pickling
a document as itself runs the frozen dataclasses' ``__init__`` for each record.

What can be rebuilt is not stored: a sentence's or clause's ``text`` is the document text
at its span, the text is the matching key with the characters folding changed put back,
and the offset map is runs of consecutive positions. On the synthetic transcripts of
``benchmarks/synth.py`` that makes an entry ~45 KB instead of ~150 KB, which matters for an
index of 10,000 documents, and costs ~0.2 ms a document to rebuild
(``benchmarks/bench_index.py``). Words are stored apart (``words_values``), as the lengths
of the words: they tile the sentence's key exactly. A document is flattened in three parts:
its key, its places (``corpus.places``: what locating a phrase match needs, integers
packed as bytes) and the rest, so a phrase search reads the first two only.

Change the layout and bump ``corpus.cache.LAYOUT``.
"""

from __future__ import annotations

import sys
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from itertools import accumulate, repeat
from operator import attrgetter
from typing import Any, TypeVar

from tifa.corpus.model import Clause, Document, Metadata, Sentence, Turn
from tifa.corpus.places import Places

Record = TypeVar("Record")
Tokens = tuple[tuple[str, ...], ...]

NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in (Turn, Sentence, Clause)
}
# The slot descriptors' own setters: what object.__setattr__ ends up calling, minus the
# attribute lookup and the frozen-dataclass guard.
_SETTERS: dict[type, tuple[Callable[[Any, Any], None], ...]] = {}


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    if cls not in _SETTERS:
        names = NAMES.setdefault(cls, tuple(f.name for f in fields(cls)))
        _SETTERS[cls] = tuple(getattr(cls, name).__set__ for name in names)
    return _SETTERS[cls]


_DERIVED = ("text", "tokens")  # record fields left out when the document text gives them


def to_columns(records: Sequence[Record], cls: type[Record]) -> tuple[tuple, ...]:
    """One tuple per field of ``cls`` (a slotted dataclass), in field order."""
    _setters(cls)
    return tuple(tuple(map(attrgetter(name), records)) for name in NAMES[cls])


def from_columns(cls: type[Record], columns: Sequence[Sequence]) -> tuple[Record, ...]:
    """The records of a slotted dataclass whose fields are ``columns``, built without
    calling ``cls.__init__``.

    Equivalent to ``tuple(map(cls, *columns))`` for these plain records (every field is
    given, none has a ``__post_init__``), but each field is set for all records by one
    ``map`` of its slot setter, which runs in C; ``deque(..., maxlen=0)`` just drains the
    map. Malformed columns raise ValueError instead of leaving a field unset.
    """
    setters = _setters(cls)
    if len(columns) != len(setters) or len({len(column) for column in columns}) != 1:
        raise ValueError(f"malformed {cls.__name__} columns")
    count = len(columns[0])
    records = list(map(object.__new__, repeat(cls, count)))
    for setter, column in zip(setters, columns, strict=True):
        deque(map(setter, records, column), maxlen=0)
    return tuple(records)


def metadata_values(meta: Metadata) -> tuple:
    """``meta`` as plain values (``Metadata.values``); ``metadata_from`` is the inverse.
    Generic over the fields, so a field added to Metadata is stored without a change here
    (entries of an older layout are parsed again: ``cache.VERSION`` has the parser's)."""
    return meta.values()


def metadata_from(values: Sequence) -> Metadata:
    return Metadata.from_values(tuple(values))


def flatten(doc: Document) -> tuple[str, tuple, tuple]:
    """A Document as plain values in three parts, leaving out what can be rebuilt: its
    matching key, its places (``places_from`` reads them without the rest) and the rest;
    ``unflatten`` is its inverse. Sentence words are kept only if the document has them."""
    sentences = list(_stored(doc.sentences, Sentence, doc.text))
    names = NAMES[Sentence]
    texts = sentences[names.index("text")]
    for name in ("start", "end", "text"):
        sentences[names.index(name)] = None  # in the places
    places = (
        _changes(doc.text, doc.key),
        doc.offsets.typecode,
        *map(_ints, _runs(doc.offsets)),
        _stored(doc.turns, Turn, doc.text),
        _ints(s.start for s in doc.sentences),
        _ints(s.end for s in doc.sentences),
        texts,
    )
    rest = (
        doc.id,
        doc.path,
        doc.sha256,
        doc.encoding,
        doc.script,
        doc.raw,
        tuple(sentences),
        _stored(doc.clauses, Clause, doc.text),
        metadata_values(doc.metadata),
        doc.repairs,
    )
    return doc.key, places, rest


def unflatten(flat: tuple[str, tuple, tuple]) -> Document:
    """The Document ``flatten`` made ``flat`` from; an exception if ``flat`` is malformed."""
    key, places, rest = flat
    found = places_from(key, places)
    doc_id, path, sha256, encoding, script, raw, sentences, clauses, metadata, repairs = rest
    text = found.text
    sentences = list(sentences)
    names = NAMES[Sentence]
    sentences[names.index("start")] = tuple(found.sentence_starts)
    sentences[names.index("end")] = tuple(found.sentence_ends)
    sentences[names.index("text")] = found.sentence_texts
    return Document(
        doc_id,
        path,
        sha256,
        encoding,
        script,
        raw,
        text,
        key,
        _offsets(places[1], (found.run_starts, found.run_values), len(text)),
        from_columns(Turn, found.turns),
        _records(Sentence, sentences, text),
        _records(Clause, clauses, text),
        metadata_from(metadata),
        repairs,
    )


def places_from(key: str, places: tuple) -> Places:
    """The ``Places`` of a document from its key and the places part of ``flatten``;
    ValueError (or TypeError) if they are malformed."""
    changes, _, run_starts, run_values, turns, starts, ends, texts = places
    text = _apply(key, changes)
    starts, ends = _read_ints(starts), _read_ints(ends)
    run_starts, run_values = _read_ints(run_starts), _read_ints(run_values)
    if len(starts) != len(ends) or (texts is not None and len(texts) != len(starts)):
        raise ValueError("malformed sentence spans")
    if len(run_starts) != len(run_values) or (text and run_starts[:1] != array("I", [0])):
        raise ValueError("malformed offset runs")
    if len(turns) != len(NAMES[Turn]) or len({len(column) for column in turns}) != 1:
        raise ValueError("malformed turn columns")
    return Places(
        key,
        text,
        turns,
        starts,
        ends,
        texts,
        run_starts=run_starts,
        run_values=run_values,
    )


def _ints(values: Iterable[int]) -> bytes:
    """Non-negative integers below 2**32 as little-endian bytes (``_read_ints``)."""
    found = array("I", values)
    if sys.byteorder == "big":
        found.byteswap()
    return found.tobytes()


def _read_ints(data: bytes) -> array:
    found = array("I")
    found.frombytes(data)
    if sys.byteorder == "big":
        found.byteswap()
    return found


def _stored(records: Sequence[Record], cls: type[Record], text: str) -> tuple:
    """The columns of ``records``, with None for a text column that is the document text at
    each record's span and for a words column with no words."""
    columns: list[tuple | None] = list(to_columns(records, cls))
    names = NAMES[cls]
    starts, ends = columns[names.index("start")] or (), columns[names.index("end")] or ()
    if "text" in names:
        at = names.index("text")
        if columns[at] == tuple(map(text.__getitem__, map(slice, starts, ends))):
            columns[at] = None
    if "tokens" in names:
        at = names.index("tokens")
        if not any(columns[at] or ()):
            columns[at] = None
    return tuple(columns)


def _records(cls: type[Record], columns: Sequence, text: str) -> tuple[Record, ...]:
    names = NAMES[cls]
    columns = list(columns)
    if len(columns) != len(names):
        raise ValueError(f"malformed {cls.__name__} columns")
    starts, ends = columns[names.index("start")], columns[names.index("end")]
    for name in _DERIVED:
        if name in names and columns[names.index(name)] is None:
            columns[names.index(name)] = (
                tuple(map(text.__getitem__, map(slice, starts, ends)))
                if name == "text"
                else (None,) * len(starts)
            )
    return from_columns(cls, columns)


def _changes(text: str, key: str) -> tuple[tuple[int, ...], str] | str | None:
    """Where ``text`` differs from ``key`` (same length: folding maps characters one for
    one): positions and the text's characters there; None if equal, the text itself if
    the lengths differ."""
    if text == key:
        return None
    if len(text) != len(key):
        return text
    positions = tuple(i for i, (a, b) in enumerate(zip(text, key, strict=True)) if a != b)
    return positions, "".join(map(text.__getitem__, positions))


def _apply(key: str, changes: tuple[tuple[int, ...], str] | str | None) -> str:
    if changes is None:
        return key
    if isinstance(changes, str):
        return changes
    positions, chars = changes
    if len(positions) != len(chars):
        raise ValueError("malformed text changes")
    pieces: list[str] = []
    previous = 0
    for position, char in zip(positions, chars, strict=True):
        pieces += (key[previous:position], char)
        previous = position + 1
    pieces.append(key[previous:])
    return "".join(pieces)


def _runs(offsets: array) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The offset map as runs of consecutive raw positions: where each run starts in the
    text, and its first raw position."""
    starts, values = [], []
    expected = -1
    for i, value in enumerate(offsets):
        if value != expected:
            starts.append(i)
            values.append(value)
        expected = value + 1
    return tuple(starts), tuple(values)


def _offsets(typecode: str, runs: tuple[Sequence[int], Sequence[int]], length: int) -> array:
    starts, values = runs
    if len(starts) != len(values) or (length and (not starts or starts[0] != 0)):
        raise ValueError("malformed offset runs")
    offsets = array(typecode)
    ends = (*starts[1:], length)
    for start, end, value in zip(starts, ends, values, strict=True):
        if end < start:
            raise ValueError("malformed offset runs")
        offsets.extend(range(value, value + end - start))
    return offsets


def words_values(doc: Document) -> tuple[str, bytes, bytes]:
    """A tokenised document's words as two arrays of lengths: words per sentence, and each
    word's length (with the arrays' typecode, the smallest that holds them). Words tile the
    sentence's matching key exactly, so the lengths rebuild them; ``words_from`` is the
    inverse."""
    counts = [len(s.tokens or ()) for s in doc.sentences]
    lengths = [len(w) for s in doc.sentences for w in s.tokens or ()]
    typecode = "B" if max(counts + lengths, default=0) < 256 else "I"
    return typecode, array(typecode, counts).tobytes(), array(typecode, lengths).tobytes()


def words_from(values: tuple[str, bytes, bytes], doc: Document) -> Tokens:
    """The words of each sentence of ``doc`` from ``words_values``; ValueError if they do
    not tile the sentences. A word met again is the same string object, in this document
    and in every other (``sys.intern``): a transcript's words are ~70 % repeats, and an
    archive's nearly all, so a loaded corpus holds each word once, and a fork that reads
    every word touches (and so copies) fewer pages. 10,000 briefings with their words:
    1.42 GB instead of 1.98 GB, loaded in 12.5 s instead of 10.8 (the interpreter's table
    is slower to ask than a document's own)."""
    typecode, counted, lengthened = values
    counts, lengths = array(typecode), array(typecode)
    counts.frombytes(counted)
    lengths.frombytes(lengthened)
    if len(counts) != len(doc.sentences) or sum(counts) != len(lengths):
        raise ValueError("malformed words")
    key, at = doc.key, 0
    words: list[tuple[str, ...]] = []
    for sentence, count in zip(doc.sentences, counts, strict=True):
        ends = tuple(accumulate(lengths[at : at + count], initial=sentence.start))
        if ends[-1] != sentence.end:
            raise ValueError("malformed words")
        cut = tuple(map(key.__getitem__, map(slice, ends, ends[1:])))
        words.append(tuple(map(sys.intern, cut)))
        at += count
    return tuple(words)
