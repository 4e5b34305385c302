"""Turns, sentences and clauses of a normalised transcript.

A turn starts at a speaker label at the start of a paragraph, or in mid-paragraph right after
a sentence end when the label is unambiguous (OCR pages run a question and "王毅：" together).
Text before the first label, closing lines such as "记者会历时2小时", and the back matter a
web archive appends (a licence notice, footnotes after "↑" marks) are narration.
Sentences end at 。！？ (with any closing quotes) or a paragraph break; clauses split
sentences at ，；： and never include the delimiter. A run of more than ``MAX_SENTENCE``
characters without a sentence end (a file with its punctuation stripped, a table flattened
into one line) is cut into pieces of at most that length, each after the last ，；：、 or
space in its second half when there is one: every occurrence carries its sentence, and the
longest sentence in 1,016 real transcripts is 531 characters.

A ``Voice`` says whose the official words are when the labels do not: the ``答`` turns take
the speaker the title names (外交部发言人耿爽主持例行记者会 → 耿爽, the label "答" kept as
printed), and unlabelled text after the heading (a statement's or a report's text, a
briefing's opening announcements) becomes a ``statement`` turn of that speaker, the heading
itself staying a narration turn of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tifa.corpus.charclass import CLAUSE_DELIMITERS, CLOSERS, OPENERS, SENTENCE_END
from tifa.corpus.model import Clause, Role, Sentence, Turn
from tifa.corpus.speakers import ANSWER_MARKER, MAX_LABEL, Lexicon, Speaker, SpeakerBook

_PARAGRAPH_LABEL = re.compile(rf"^(?P<label>[^：\n]{{1,{MAX_LABEL}}})：", re.MULTILINE)
_INLINE_LABEL = re.compile(
    rf"[{SENTENCE_END}][{CLOSERS}]?(?P<label>[^：\n{SENTENCE_END}，；]{{1,{MAX_LABEL}}})："
)
_CLOSING = re.compile(r"^(?:[（(]完[）)]|(?:本场)?记者会(?:历时|持续|共持续))", re.MULTILINE)
_SENTENCE = re.compile(rf"[^{SENTENCE_END}\n]*[{SENTENCE_END}]+[{CLOSERS}]*|[^{SENTENCE_END}\n]+")
_CLAUSE = re.compile(rf"[^{CLAUSE_DELIMITERS}{SENTENCE_END}]+")
_BACK_MATTER = re.compile(
    r"公有領域|公有领域|public domain|版權所有|版权所有|版权失效|版權失效|知识共享|知識共享|"
    r"creative commons|"
    r"\bCC[- ]BY\b|许可协议|許可協議|自由文档许可|自由文檔許可|GFDL",
    re.IGNORECASE,
)
_NOTE_MARK = "↑"
_PARAGRAPH_END = SENTENCE_END + CLOSERS + "…）)"
BACK_MATTER_PARAGRAPH = 400  # a licence notice is a few lines, never a page
_TRIM = " \n\t\u3000"
MAX_SENTENCE = 2000
_BREAKS = frozenset(CLAUSE_DELIMITERS + "、 \u3000")
_ASKS = re.compile(rf"？[{CLOSERS}]*\s*$")
_CONTENTLESS = re.compile(rf"^[\s{OPENERS}{CLOSERS}—…、·]*$")


@dataclass(frozen=True, slots=True)
class Boundary:
    """Where a turn starts: its label's span, where its text starts, and who speaks."""

    label_start: int
    label_end: int
    text_start: int
    speaker: Speaker


@dataclass(frozen=True, slots=True)
class Voice:
    """The official voice of a document where its labels do not say it.

    ``speaker`` is the name the title gives ("" if none); ``body`` the offset after the
    heading from which unlabelled text is that speaker's statement, or None when unlabelled
    text is narration (a news lead, a publisher's note).
    """

    speaker: str
    body: int | None


def boundaries(text: str, lexicon: Lexicon | None = None) -> list[Boundary]:
    """Every turn start in normalised ``text``, in order: labels and closing lines."""
    paragraph_labels = list(_PARAGRAPH_LABEL.finditer(text))
    book = SpeakerBook([m.group("label").strip() for m in paragraph_labels], lexicon)
    found: dict[int, Boundary] = {}
    for m in paragraph_labels:
        speaker = book.classify(m.group("label"))
        if speaker:
            found[m.start()] = Boundary(m.start(), m.end("label"), m.end(), speaker)
    for m in _INLINE_LABEL.finditer(text):
        label = m.group("label")
        if m.start("label") not in found and book.is_strong(label):
            speaker = book.classify(label)
            assert speaker is not None
            found[m.start("label")] = Boundary(m.start("label"), m.end("label"), m.end(), speaker)
    narration = Speaker("", None, "narration")
    for m in _CLOSING.finditer(text):
        found.setdefault(m.start(), Boundary(m.start(), m.start(), m.start(), narration))
    back = back_matter(text)
    if back is not None:
        found = {k: b for k, b in found.items() if k < back}
        found[back] = Boundary(back, back, back, narration)
    return [found[k] for k in sorted(found)]


def back_matter(text: str) -> int | None:
    """Where the back matter at the end of ``text`` starts, if it has any: the last
    paragraphs, each a short licence notice (公有領域, 版权所有, Creative Commons…), a
    footnote mark "↑" on its own, or the note after one. A paragraph runs on over line
    breaks until a line ends a sentence (a web page breaks a notice at each link). None when
    the text ends in its own words."""
    paragraphs: list[tuple[int, str]] = []
    start = at = 0
    for line in text.split("\n"):
        end = at + len(line)
        stripped = line.strip()
        if not stripped or stripped == _NOTE_MARK or stripped[-1] in _PARAGRAPH_END:
            paragraphs.append((start, text[start:end].strip()))
            start = end + 1
        at = end + 1
    if start < len(text):
        paragraphs.append((start, text[start:].strip()))
    found = None
    for k in range(len(paragraphs) - 1, 0, -1):
        begins, paragraph = paragraphs[k]
        licence = len(paragraph) <= BACK_MATTER_PARAGRAPH and _BACK_MATTER.search(paragraph)
        note = paragraph == _NOTE_MARK or paragraphs[k - 1][1] == _NOTE_MARK
        if paragraph and not (licence or note):
            break
        found = begins if paragraph else found
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _spans(
    text: str, bounds: list[Boundary], voice: Voice | None
) -> list[tuple[int, int, int, int, Speaker]]:
    """(label start, label end, text start, end, speaker) of every turn, before trimming."""
    narration = Speaker("", None, "narration")
    spans: list[tuple[int, int, int, int, Speaker]] = []
    first = bounds[0].label_start if bounds else len(text)
    if voice is not None and voice.body is not None and voice.body < first:
        statement = Speaker(voice.speaker, None, "statement")
        spans.append((0, 0, 0, voice.body, narration))
        spans.append((voice.body, voice.body, voice.body, first, statement))
    elif first > 0:
        spans.append((0, 0, 0, first, narration))
    answerer = voice.speaker if voice else ""
    for i, b in enumerate(bounds):
        end = bounds[i + 1].label_start if i + 1 < len(bounds) else len(text)
        speaker = b.speaker
        if voice and voice.speaker and speaker.speaker == ANSWER_MARKER:
            speaker = Speaker(voice.speaker, None, speaker.role)
        if speaker.role == "answer":
            answerer = speaker.speaker
        split = _unlabelled_answer(text, b.text_start, end) if speaker.role == "question" else None
        if split is None:
            spans.append((b.label_start, b.label_end, b.text_start, end, speaker))
            continue
        spans.append((b.label_start, b.label_end, b.text_start, split, speaker))
        spans.append((split, split, split, end, Speaker(answerer, None, "answer")))
    return spans


def _sentence_pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentence spans of ``text[start:end]``, none longer than ``MAX_SENTENCE``."""
    for m in _SENTENCE.finditer(text, start, end):
        s_start, s_end = m.span()
        while s_end - s_start > MAX_SENTENCE:
            cut = s_start + MAX_SENTENCE
            for k in range(cut - 1, s_start + MAX_SENTENCE // 2, -1):
                if text[k] in _BREAKS:
                    cut = k + 1
                    break
            yield s_start, cut
            s_start = cut
        yield s_start, s_end


def _unlabelled_answer(text: str, start: int, end: int) -> int | None:
    """Where the unlabelled answer after a question starts, if there is one: a question
    paragraph ending in "？" followed by more paragraphs before the next label (MFA
    transcripts print the answer to "追问：" without "答："; Xinhua drops a "王毅：")."""
    nl = text.find("\n", start, end)
    if nl < 0 or not text[nl:end].strip():
        return None
    return nl + 1 if _ASKS.search(text, start, nl) else None


def segment(
    text: str,
    lexicon: Lexicon | None = None,
    display: str | None = None,
    *,
    bounds: list[Boundary] | None = None,
    voice: Voice | None = None,
) -> tuple[tuple[Turn, ...], tuple[Sentence, ...], tuple[Clause, ...]]:
    """Split normalised ``text`` into flat, cross-indexed turns, sentences and clauses.

    Structure is found in ``text`` (the matching key, so Traditional labels are recognised);
    the strings stored are sliced from ``display`` (same length), the text a reader sees.
    ``bounds`` are ``boundaries(text, lexicon)`` if the caller has them already.
    """
    shown = text if display is None else display
    if bounds is None:
        bounds = boundaries(text, lexicon)
    spans = _spans(text, bounds, voice)

    turns: list[Turn] = []
    sentences: list[Sentence] = []
    clauses: list[Clause] = []
    for label_start, label_end, text_start, end, speaker in spans:
        start, end = _trim(text, text_start, end)
        if start >= end and label_start == label_end:
            continue
        turn_index = len(turns)
        first_sentence = len(sentences)
        for piece_start, piece_end in _sentence_pieces(text, start, end):
            s_start, s_end = _trim(text, piece_start, piece_end)
            if _CONTENTLESS.match(text[s_start:s_end]):
                continue
            first_clause = len(clauses)
            for c in _CLAUSE.finditer(text, s_start, s_end):
                c_start, c_end = _trim(text, c.start(), c.end())
                if not _CONTENTLESS.match(text[c_start:c_end]):
                    clauses.append(
                        Clause(
                            len(clauses),
                            len(sentences),
                            turn_index,
                            c_start,
                            c_end,
                            shown[c_start:c_end],
                        )
                    )
            sentences.append(
                Sentence(
                    len(sentences),
                    turn_index,
                    s_start,
                    s_end,
                    shown[s_start:s_end],
                    first_clause,
                    len(clauses),
                )
            )
        role: Role = speaker.role
        turns.append(
            Turn(
                turn_index,
                shown[label_start:label_end].strip(),
                speaker.speaker,
                speaker.outlet,
                role,
                start,
                end,
                label_start,
                label_end,
                first_sentence,
                len(sentences),
            )
        )
    return tuple(turns), tuple(sentences), tuple(clauses)
