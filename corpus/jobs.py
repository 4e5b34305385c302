"""What a worker does for the index: parse one file, or find one document's words.

A job's result is what the index stores, already encoded (``corpus.cache``) and with the
document's bigrams for the postings (``corpus.grams``), so the one process that writes the
index only writes: the parsing, the words, the encoding and the bigram extraction all run
on every core. The same functions run in-process for a handful of files.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from tifa.corpus import cache
from tifa.corpus.decode import INVALID_BYTES, decode_bytes, read_bytes
from tifa.corpus.grams import grams_of
from tifa.corpus.model import CorpusError, Document


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed file (or why it is no transcript: ``error``, the reason alone). ``words`` is
    set when the job asked for them."""

    path: str
    sha256: str | None
    error: str | None = None
    summary: bytes = b""
    body: cache.Body | None = None
    grams: bytes = b""
    words: bytes | None = None


@dataclass(frozen=True, slots=True)
class Worded:
    """A document's words entry; ``tag`` is whatever the job was tagged with (an index
    number, a position in a list)."""

    tag: int
    sha256: str
    words: bytes


def parse_file(job: tuple[str, str, bool]) -> Parsed:
    """Read, decode and parse ``(path, doc_id, words)``; with its words if asked."""
    from tifa.corpus.parse import parse_text  # here: a warm run never parses

    path, doc_id, words = job
    try:
        data = read_bytes(path)
    except CorpusError as err:  # the file's own: its content is not known
        return Parsed(path, None, err.reason)
    try:
        decoded = decode_bytes(data, path)
    except CorpusError as err:  # the content's (empty, binary): every copy of it says so
        return Parsed(path, hashlib.sha256(data).hexdigest(), err.reason)
    try:
        doc = parse_text(
            decoded.text,
            doc_id=doc_id,
            path=path,
            encoding=decoded.encoding,
            sha256=decoded.sha256,
        )
    except CorpusError as err:
        return Parsed(path, decoded.sha256, err.reason)
    if decoded.replaced:  # invalid bytes shown as U+FFFD: damage, counted like other repairs
        doc = dataclasses.replace(doc, repairs={**doc.repairs, INVALID_BYTES: decoded.replaced})
    return Parsed(
        path,
        decoded.sha256,
        summary=cache.encode_summary(doc),
        body=cache.encode_body(doc),
        grams=grams_of(doc.key),
        words=cache.encode_words(with_words(doc)) if words else None,
    )


def find_words(job: tuple[int, str, cache.Body]) -> Worded:
    """The words entry of the document whose body entry is ``(tag, sha256, body)``."""
    tag, sha256, body = job
    doc = with_words(cache.decode_body(body, sha256))
    return Worded(tag, sha256, cache.encode_words(doc))


def with_words(doc: Document) -> Document:
    """``doc`` with jieba words on every sentence (jieba loads on first use)."""
    from tifa.corpus.parse import tokenise_document

    return tokenise_document(doc)
