"""Where a match lies in a document, without the document: ``Places``.

A phrase search finds its matches in matching keys, then needs for each one the turn and
sentence it is in, its raw-file offsets and a little context; not the raw text, clauses,
words or metadata that opening a whole document reads (~1 ms a document: 10 s for a phrase
found in 9,000 of 10,000 documents). So the index stores a document's key and these tables
as parts of its body of their own (``corpus.cache``), read without the rest
(``Catalogue.places``), and ``places_of`` gives the same record for a loaded ``Document``:
``tracking.phrases.kwic`` has one implementation for both.

Sentences are numbered by position, as ``corpus.segment`` numbers them; the offset map is
the document's own array, or the runs of consecutive raw positions the index stores
(``corpus.columns``), read by bisection.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, fields
from operator import attrgetter

from tifa.corpus.model import Document, Turn

TURN_FIELDS = tuple(f.name for f in fields(Turn))


@dataclass(frozen=True, slots=True)
class Places:
    """A document's matching key and display text (same length, same offsets), its turns
    as columns (one tuple per field of ``Turn``, in ``TURN_FIELDS`` order: no record is
    made), the spans of its sentences (and their texts when they are not the text's
    slices), and its offset map: ``offsets`` whole, or as runs (``run_starts`` in the
    text, the raw position each run starts at in ``run_values``)."""

    key: str
    text: str
    turns: tuple[tuple, ...]
    sentence_starts: Sequence[int]
    sentence_ends: Sequence[int]
    sentence_texts: Sequence[str] | None
    offsets: Sequence[int] | None = None
    run_starts: Sequence[int] = ()
    run_values: Sequence[int] = ()

    def sentence_text(self, index: int) -> str:
        if self.sentence_texts is not None:
            return self.sentence_texts[index]
        return self.text[self.sentence_starts[index] : self.sentence_ends[index]]

    def raw(self, position: int) -> int:
        """The raw-file offset of the text's character at ``position``."""
        if self.offsets is not None:
            return self.offsets[position]
        run = bisect_right(self.run_starts, position) - 1
        return self.run_values[run] + position - self.run_starts[run]


_STARTS, _ENDS, _TEXTS = attrgetter("start"), attrgetter("end"), attrgetter("text")


def places_of(doc: Document) -> Places:
    """The places of a loaded document."""
    return Places(
        doc.key,
        doc.text,
        tuple(tuple(map(attrgetter(name), doc.turns)) for name in TURN_FIELDS),
        tuple(map(_STARTS, doc.sentences)),
        tuple(map(_ENDS, doc.sentences)),
        tuple(map(_TEXTS, doc.sentences)),
        doc.offsets,
    )
