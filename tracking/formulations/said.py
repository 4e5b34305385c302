"""The sentence a use was said in, for the summaries of ``tifa changes`` and ``families``.

A change cites its use by document, turn and offsets; the issue asks for the first document
and sentence. A use of the whole voice is a phrase (共同维护全球), and a topic's use one to
three clauses, so the sentence around it is what lets a reader judge the line without
opening the file: 我们愿同国际社会一道，【共同维护全球】公共卫生安全。 Decisions:

* The text, Markdown and HTML summaries show it for the changes they list, and for the
  use each family's label is printed from; JSON and CSV, which hold every change and
  member, keep the citation (document, sentence index, raw offsets) and do
  not read a document per change.
* The sentence is cut to ``CONTEXT`` characters on each side of the use (… where cut), and
  left out when the use is the whole sentence: it would repeat the line.
* The documents are read when a change is shown, each once, from the index (half a
  millisecond each); one that cannot be read gives no sentence, never an error, since the
  change itself is already cited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from tifa.corpus import CorpusError, Document
from tifa.tracking.formulations.families import FamilyMember
from tifa.tracking.formulations.keys import match_key

CONTEXT = 24  # characters of the sentence shown on each side of a use


class InSentence(NamedTuple):
    """A use's sentence: the words before it, the use, the words after it."""

    before: str
    said: str
    after: str

    def marked(self) -> str:
        """The sentence as text, the use in 【】 (HTML marks it its own way)."""
        return f"{self.before}【{self.said}】{self.after}"


def in_sentence(doc: Document, m: FamilyMember, *, wording: bool = False) -> InSentence | None:
    """The sentence of ``doc`` that ``m`` was said in, around it, or around its wording (the
    stretch its variant is grouped on: a family's label) with ``wording`` (see the module
    docstring); None when that is the whole sentence, or ``doc`` does not hold it there."""
    start, end = (m.wording_start, m.wording_end) if wording else (m.start, m.end)
    said = m.wording if wording else m.text
    if not 0 <= m.sentence < len(doc.sentences):
        return None
    sentence = doc.sentences[m.sentence]
    if not sentence.start <= start <= end <= sentence.end or doc.text[start:end] != said:
        return None
    before = doc.text[sentence.start : start].lstrip()
    after = doc.text[end : sentence.end].rstrip()
    if not match_key(before) and not match_key(after):
        return None
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:]
    if len(after) > CONTEXT:
        after = after[:CONTEXT] + "…"
    return InSentence(before, said, after)


class Context:
    """``in_sentence`` of each use asked, ``open_document`` (by id) reading each document
    once; a document that cannot be read gives no sentence."""

    def __init__(self, open_document: Callable[[str], Document]) -> None:
        self.open_document = open_document
        self.opened: dict[str, Document | None] = {}

    def __call__(self, m: FamilyMember, *, wording: bool = False) -> InSentence | None:
        if m.doc not in self.opened:
            try:
                self.opened[m.doc] = self.open_document(m.doc)
            except (CorpusError, OSError, LookupError):
                self.opened[m.doc] = None
        doc = self.opened[m.doc]
        return None if doc is None else in_sentence(doc, m, wording=wording)
