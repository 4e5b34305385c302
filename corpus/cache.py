"""The entries the corpus index stores for a document, and the checksum each one carries.

Three entries per distinct file content (``corpus.index`` keeps them in SQLite, keyed by
the content's SHA-256): the **summary** a catalogue lists (``DocumentInfo`` without id and
path), the **body** (``corpus.columns.flatten``: text, offsets, turns, sentences, clauses;
in three parts, the key and the places readable alone)
and, once computed, the **words**. Each is ``marshal`` data of plain values: marshal reads
flat tuples of strings and ints as fast as pickle does and, unlike pickle, cannot be made
to run code.

Every entry is stored with a CRC-32 of its bytes seeded with its kind and content hash
(``checksum``), verified on every read: a flipped byte in a cached document once moved a
search hit's raw offset from 5023 to 4960 without a word. A mismatch, a truncated entry or
an entry that does not decode raises ``Damaged``; the index rebuilds the entry from the
file and says so. Seeding with kind and hash means an entry copied under another
document's key (a foreign entry) fails too.
"""

from __future__ import annotations

import dataclasses
import marshal
import zlib
from collections.abc import Sequence
from typing import Any, NamedTuple

from tifa.corpus import columns
from tifa.corpus.columns import NAMES, Tokens, from_columns, to_columns
from tifa.corpus.info import DocumentInfo, raw_spans, role_chars
from tifa.corpus.model import PARSER_VERSION, Document, Sentence
from tifa.corpus.places import Places

# Bump whenever the layout of an entry changes; with the parser version it makes the
# version an entry is stored with: entries of another version are parsed afresh.
LAYOUT = 5
VERSION = PARSER_VERSION * 1000 + LAYOUT
MARSHAL_VERSION = 4  # readable by every Python since 3.4
# The rest of a body (the raw text above all) and the words are deflated (words 16 KB →
# 2 KB on the synthetic transcripts), for ~0.9 ms of a worker's time and ~0.3 ms a
# document to open. Level 1: higher levels gain 7 % for three times the worker's time.
COMPRESSION = 1

SUMMARY, BODY, PLACES, WORDS = "summary", "body", "places", "words"


class Damaged(ValueError):
    """An entry that fails its checksum or does not decode; the message says which."""


def checksum(kind: str, sha256: str, data: bytes) -> int:
    """CRC-32 of ``data``, seeded with what the entry is and whose."""
    return zlib.crc32(data, zlib.crc32(f"{kind}:{sha256}".encode()))


def verified(kind: str, sha256: str, data: object, expected: object) -> bytes:
    """``data`` if it is bytes whose checksum is ``expected``, else Damaged."""
    if not isinstance(data, bytes) or checksum(kind, sha256, data) != expected:
        raise Damaged(f"{kind} entry of {sha256[:12]} fails its checksum")
    return data


def _loads(kind: str, sha256: str, data: bytes, compressed: bool = False) -> Any:
    try:
        return marshal.loads(zlib.decompress(data) if compressed else data)
    except (EOFError, ValueError, TypeError, zlib.error) as err:
        raise Damaged(f"{kind} entry of {sha256[:12]} does not decode: {err}") from None


def dumps(value: Any) -> bytes:
    """Plain values as entry bytes (for small entries of other kinds: manifests)."""
    return _dumps(value)


def loads(data: bytes) -> Any:
    """The plain values of ``dumps``; Damaged if ``data`` does not decode."""
    return _loads("plain", "", data)


def _dumps(value: Any, compressed: bool = False) -> bytes:
    data = marshal.dumps(value, MARSHAL_VERSION)
    return zlib.compress(data, COMPRESSION) if compressed else data


def encode_summary(doc: Document) -> bytes:
    """What the catalogue lists about ``doc``: everything of ``DocumentInfo`` but the id and
    path, which the corpus listing gives."""
    return _dumps(
        (
            doc.encoding,
            doc.script,
            len(doc.text),
            len(doc.turns),
            doc.questions,
            columns.metadata_values(doc.metadata),
            doc.repairs,
            raw_spans(doc),
            role_chars(doc),
        )
    )


def decode_summary(data: bytes, sha256: str, doc_id: str, path: str) -> DocumentInfo:
    value = _loads(SUMMARY, sha256, data)
    try:
        encoding, script, chars, turns, questions, metadata, repairs, spans, roles = value
        return DocumentInfo(
            doc_id,
            path,
            sha256,
            encoding,
            script,
            chars,
            turns,
            questions,
            columns.metadata_from(metadata),
            repairs,
            spans,
            roles,
        )
    except (TypeError, ValueError) as err:
        raise Damaged(f"summary entry of {sha256[:12]} is malformed: {err}") from None


class Body(NamedTuple):
    """A body entry in its three parts (``columns.flatten``): the matching key alone, as
    UTF-16 (what phrase search scans and near-duplicate sketching reads: it decodes ~30
    times faster than deflated UTF-8, for about the same size), the places (``Places``:
    what locating a match needs), and the deflated rest."""

    key: bytes
    places: bytes
    rest: bytes


KEY_CODEC = "utf-16-le"


def encode_body(doc: Document) -> Body:
    key, places, rest = columns.flatten(doc)
    return Body(
        key.encode(KEY_CODEC, "surrogatepass"), _dumps(places), _dumps(rest, compressed=True)
    )


def decode_key(data: bytes, sha256: str) -> str:
    """The matching key of a body entry's ``key`` part."""
    try:
        return data.decode(KEY_CODEC, "surrogatepass")
    except UnicodeDecodeError as err:
        raise Damaged(f"key entry of {sha256[:12]} does not decode: {err}") from None


def decode_places(key: bytes, places: bytes, sha256: str) -> Places:
    """The ``Places`` of a body entry's key and places parts."""
    value = _loads(PLACES, sha256, places)
    try:
        return columns.places_from(decode_key(key, sha256), value)
    except (TypeError, ValueError, IndexError) as err:
        raise Damaged(f"places entry of {sha256[:12]} is malformed: {err}") from None


def decode_body(body: Body, sha256: str) -> Document:
    rest = _loads(BODY, sha256, body.rest, compressed=True)
    places = _loads(PLACES, sha256, body.places)
    try:
        doc = columns.unflatten((decode_key(body.key, sha256), places, rest))
    except (TypeError, ValueError, IndexError) as err:
        raise Damaged(f"body entry of {sha256[:12]} is malformed: {err}") from None
    if doc.sha256 != sha256:
        raise Damaged(f"body entry of {sha256[:12]} holds another document")
    return doc


def encode_words(doc: Document) -> bytes:
    return _dumps(columns.words_values(doc), compressed=True)


def decode_words(data: bytes, doc: Document) -> Document:
    """``doc`` with the words of ``data`` on its sentences."""
    value = _loads(WORDS, doc.sha256, data, compressed=True)
    try:
        tokens = columns.words_from(value, doc)
    except (TypeError, ValueError) as err:
        raise Damaged(f"words entry of {doc.sha256[:12]} is malformed: {err}") from None
    return dataclasses.replace(doc, sentences=attach_tokens(doc.sentences, tokens))


def attach_tokens(sentences: Sequence[Sentence], tokens: Tokens) -> tuple[Sentence, ...]:
    """``sentences`` with ``tokens`` as their words, rebuilt the fast way a load is.

    The same result as ``dataclasses.replace(s, tokens=t)`` per sentence, at a fraction of
    the cost (``replace`` looks up the fields and runs ``__init__`` for every sentence).
    """
    cols = list(to_columns(sentences, Sentence))
    cols[NAMES[Sentence].index("tokens")] = tuple(tokens)
    return from_columns(Sentence, cols)
