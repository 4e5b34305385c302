"""From decoded text to a ``Document``: normalise, fold, segment, infer metadata, tokenise.

Parsing never loads jieba; ``tokenise_document`` is the separate, explicit step that does,
so commands that need no words stay fast.
"""

from __future__ import annotations

import dataclasses

from tifa.corpus.heading import AGENCY_DATELINE, Heading, find_heading
from tifa.corpus.metadata import infer_metadata
from tifa.corpus.model import CorpusError, Document, Metadata
from tifa.corpus.normalise import normalise
from tifa.corpus.script import detect_script, fold_width, to_simplified
from tifa.corpus.segment import Boundary, Voice, boundaries, segment
from tifa.corpus.tokens import tokenise

_HOSTED = "主持"
# One voice: a label inside them ("毛主席指出：", "列宁说：") introduces a quotation, not a
# turn; only a host's lines and closing lines still start one.
_MONOLOGUES = ("report", "speech")


def parse_text(raw: str, *, doc_id: str, path: str, encoding: str, sha256: str) -> Document:
    """Parse decoded ``raw`` text; raises CorpusError when nothing of a transcript is left."""
    norm = normalise(raw)
    if not norm.text.strip():
        raise CorpusError(path, "no transcript text left after normalisation")
    key = fold_width(to_simplified(norm.text))
    text = norm.text
    heading = find_heading(key)
    bounds = headline_free(boundaries(key), heading, key)
    metadata = infer_metadata(key, norm.header, norm.hints, text, heading=heading, bounds=bounds)
    if metadata.genre in _MONOLOGUES:
        bounds = [b for b in bounds if b.speaker.role in ("host", "narration")]
    voice = document_voice(metadata, heading, key)
    turns, sentences, clauses = segment(key, display=text, bounds=bounds, voice=voice)
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


def headline_free(bounds: list[Boundary], heading: Heading, key: str) -> list[Boundary]:
    """``bounds`` without a label that opens the title line when a body follows it: a
    headline in the form "耿爽：中国政府决定向意大利派遣抗疫医疗专家组" is the publisher's
    summary, not a turn (a spoken first turn ends its line with a sentence end, which a
    title never does)."""
    if heading.title is None or not key[heading.title[1] :].strip():
        return bounds
    start, end = heading.title
    return [b for b in bounds if not start <= b.label_start < end]


def document_voice(meta: Metadata, heading: Heading, key: str) -> Voice | None:
    """Whose the unlabelled text after the heading is, and who answers "答：".

    In a statement, report or speech it is the official voice's (the name the title or
    heading gives, or unnamed); in a press conference only when the title says the named
    spokesperson hosts it ("外交部发言人耿爽主持例行记者会": the opening announcements are
    耿爽's). Elsewhere (a news report of a press conference, a notice) it is narration, and
    so is a news agency's lead paragraph ("新华社北京4月27日电 外交部发言人…发表谈话，全文如下：").
    """
    title = key[slice(*heading.title)] if heading.title else ""
    speaker = meta.speaker or ""
    monologue = meta.genre in ("statement", "report", "speech")
    hosted = meta.genre == "press_conference" and bool(speaker) and _HOSTED in title
    if not (monologue or hosted or speaker):
        return None
    if not (monologue or hosted):
        return Voice(speaker, None)
    body = heading.end
    if AGENCY_DATELINE.match(key, body):
        end = key.find("\n", body)
        body = len(key) if end < 0 else end + 1
    return Voice(speaker, body)


def tokenise_document(doc: Document) -> Document:
    """The same document with jieba words on every sentence (computed on the matching key)."""
    if doc.tokenised:
        return doc
    sentences = tuple(
        dataclasses.replace(s, tokens=tokenise(doc.key[s.start : s.end])) for s in doc.sentences
    )
    return dataclasses.replace(doc, sentences=sentences)
