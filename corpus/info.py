"""What a catalogue lists about a document without loading its text: ``DocumentInfo``.

A 10,000-document archive is listed, sorted and counted from these small records (the
corpus index keeps one per document), and a document's turns are read only when it is
opened. ``info_of`` makes the same record from a loaded ``Document``, so the in-memory
corpus and the index describe documents identically.

Decision: the record carries the document's whole ``Metadata`` rather than a copy of chosen
fields, so a field added to ``Metadata`` (genre, date disputes, speakers) reaches every
listing without a change here or a new index schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from tifa.corpus.model import Described, Document, Metadata
from tifa.corpus.sources import find


@dataclass(frozen=True, slots=True)
class DocumentInfo(Described):
    """One document as a catalogue row: ``turns`` and ``questions`` are counts, ``chars`` the
    length of the normalised text; ``path`` and ``id`` are as the corpus listing names it.
    ``raw_spans`` maps each span of the normalised text that the metadata cites (a date
    clue's evidence) to its raw-file span, so a listing cites it without the text.
    ``role_chars`` counts the characters of the turns of each role, so a timeline's rate
    over the official voice (``corpus.voice``) needs no text either."""

    id: str
    path: str
    sha256: str
    encoding: str
    script: Literal["simplified", "traditional", "mixed"]
    chars: int
    turns: int
    questions: int
    metadata: Metadata
    repairs: dict[str, int]
    raw_spans: dict[tuple[int, int], tuple[int, int]]
    role_chars: dict[str, int]


def info_of(doc: Document) -> DocumentInfo:
    """The catalogue row of a loaded document."""
    return DocumentInfo(
        id=doc.id,
        path=doc.path,
        sha256=doc.sha256,
        encoding=doc.encoding,
        script=doc.script,
        chars=len(doc.text),
        turns=len(doc.turns),
        questions=doc.questions,
        metadata=doc.metadata,
        repairs=doc.repairs,
        raw_spans=raw_spans(doc),
        role_chars=role_chars(doc),
    )


def role_chars(doc: Document) -> dict[str, int]:
    """Characters of the turns of each role present (a turn's text, its label left out)."""
    found: dict[str, int] = {}
    for turn in doc.turns:
        found[turn.role] = found.get(turn.role, 0) + turn.end - turn.start
    return found


def raw_spans(doc: Document) -> dict[tuple[int, int], tuple[int, int]]:
    """The raw-file span of every span of the text that ``doc.metadata`` cites."""
    return {
        (clue.start, clue.end): doc.raw_span(clue.start, clue.end)
        for clue in doc.metadata.clues
        if clue.start is not None and clue.end is not None
    }


@dataclass(frozen=True)
class Corpus:
    """Documents in memory (``load_corpus``); ``corpus.catalogue.Catalogue`` is the same
    corpus as index rows, with documents read when opened."""

    documents: tuple[Document, ...]
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    @cached_property
    def infos(self) -> tuple[DocumentInfo, ...]:
        """A catalogue row per document, as ``Catalogue.rows`` has them."""
        return tuple(map(info_of, self.documents))

    def get(self, name: str) -> Document:
        """A document by id, unique id prefix, or path; LookupError says why not."""
        return self.documents[find(name, [(d.id, d.path) for d in self.documents])]
