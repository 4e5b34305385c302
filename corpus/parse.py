"""From decoded text to a ``Document``: normalise, fold, segment, infer metadata, tokenise.

Parsing never loads jieba; ``tokenise_document`` is the separate, explicit step that does,
so commands that need no words stay fast.
"""

from __future__ import annotations

import dataclasses

from tifa.corpus.metadata import infer_metadata
from tifa.corpus.model import CorpusError, Document
from tifa.corpus.normalise import normalise
from tifa.corpus.script import detect_script, fold_width, to_simplified
from tifa.corpus.segment import segment
from tifa.corpus.tokens import tokenise


def parse_text(raw: str, *, doc_id: str, path: str, encoding: str, sha256: str) -> Document:
    """Parse decoded ``raw`` text; raises CorpusError when nothing of a transcript is left."""
    norm = normalise(raw)
    if not norm.text.strip():
        raise CorpusError(path, "no transcript text left after normalisation")
    key = fold_width(to_simplified(norm.text))
    text = norm.text
    turns, sentences, clauses = segment(key, display=text)
    metadata = infer_metadata(key, norm.header, norm.hints, display=text)
    return Document(
        id=doc_id,
        path=path,
        sha256=sha256,
        encoding=encoding,
        script=detect_script(norm.text),
        raw=raw,
        text=text,
        key=key,
        offsets=norm.offsets,
        turns=turns,
        sentences=sentences,
        clauses=clauses,
        metadata=metadata,
        repairs=norm.repairs,
    )


def tokenise_document(doc: Document) -> Document:
    """The same document with jieba words on every sentence (computed on the matching key)."""
    if doc.tokenised:
        return doc
    sentences = tuple(
        dataclasses.replace(s, tokens=tokenise(doc.key[s.start : s.end])) for s in doc.sentences
    )
    return dataclasses.replace(doc, sentences=sentences)
