"""The aligned diff of two versions of one event, in three layers: turns, sentences, words.

Decisions:

* Turns are aligned on a blend of text and speaker similarity (``_turn_scores``): editions
  print speakers differently (《人民日报》记者 / 人民日报记者, 中新社 / 中国新闻社), and an edited
  question can be a third of its transcript. Roles must agree (question with question,
  answer with answer; host and narration may pair), and a question matches only if its
  answer does. Turns left over are paired as *moved* when they are near-identical out of
  order; the rest are only in one version.
* Sentences inside a matched turn go through the same generic aligner (``tracking.versions.align``),
  with merges and splits of up to three sentences (an edited version joins and cuts them).
* Words: ``tracking.versions.edit_types.group_edits`` on each aligned group of sentences.
* Windows (``diff_documents(..., windows=...)``): a statement printed inside a briefing is
  diffed against its span there, not against the whole briefing. Both sides are then read as
  one run of sentences (the statement may be narration where the briefing has an answer turn,
  and their questions may be worded differently), so the alignment is by sentences alone.
* Offsets: every ``*_start``/``*_end`` is into the document's normalised ``text``;
  ``Document.raw_span`` (or ``DocumentDiff.raw_span``) maps them to the raw file, which is
  what the JSON cites. Identical means "same matching key": a script-only change counts as
  identical text carrying a ``script`` edit.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, cycle
from typing import Literal

from tifa.corpus.collector import collector_paused
from tifa.corpus.load import tokens_for
from tifa.corpus.model import Document, Sentence, Turn
from tifa.tracking.versions.align import Link, Matrix, align, similarity
from tifa.tracking.versions.edit_types import EDIT_TYPES, Edit, filler_mask, group_edits, is_filler

__all__ = [
    "EDIT_TYPES",
    "DocumentDiff",
    "Edit",
    "SentenceRow",
    "Summary",
    "TurnRow",
    "diff_documents",
    "visible_rows",
]

TURN_THRESHOLD = 0.45
MOVE_THRESHOLD = 0.75
SENTENCE_THRESHOLD = 0.5
SENTENCE_GROUP = 3
# Speaker similarity counts this much for a questioner (the outlet says who asks; one that
# asks more than twice says less) and the lower weight for every other turn: the minister
# answers every question, and hosts and narration are formulaic.
SPEAKER_WEIGHT, COMMON_SPEAKER_WEIGHT = 0.5, 0.2
# Roles that may pair (a group), and how much of the score a pair of different roles keeps.
# A statement (the official voice unasked) pairs with a statement, and with an answer that
# another edition prints the same words as.
ROLE_GROUPS = (("question",), ("answer", "statement"), ("host", "narration"))
ROLE_AFFINITY = {
    ("host", "narration"): 0.8,
    ("narration", "host"): 0.8,
    ("answer", "statement"): 0.8,
    ("statement", "answer"): 0.8,
}
# Every code point but the surrogates; more words than that (never seen) share codes, which
# only nudges a score.
_CODE_POINTS = (range(0xD800), range(0xE000, 0x110000))


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """Sentences of A aligned with sentences of B (several on a side for a merge or split).

    ``pieces`` cover both sides in order, equal stretches included; ``edits`` are the changes.
    ``identical`` and ``edited`` count characters of both sides (on the matching key). A side
    without sentences has an empty span at the point where they would go.
    """

    kind: Literal["equal", "edited", "only_a", "only_b"]
    a_sentences: tuple[int, ...]
    b_sentences: tuple[int, ...]
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str
    similarity: float
    pieces: tuple[Edit, ...]
    identical: int
    edited: int

    @property
    def edits(self) -> tuple[Edit, ...]:
        return tuple(p for p in self.pieces if p.op != "equal")


@dataclass(frozen=True, slots=True)
class TurnRow:
    """A turn of A aligned with a turn of B, or a turn only in one of them.

    Speakers are the labels as printed in each document; ``role`` is A's role if A has it.
    """

    kind: Literal["matched", "only_a", "only_b", "moved"]
    a_turn: int | None
    b_turn: int | None
    a_speaker: str | None
    b_speaker: str | None
    role: str
    similarity: float
    sentences: tuple[SentenceRow, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """Characters (both sides, matching key) by what happened to them, and edit counts.

    ``counts`` has every name of ``EDIT_TYPES``: turn types count turns, sentence types
    sentences, the others word-level edits.
    """

    a_chars: int
    b_chars: int
    identical: int
    edited: int
    only_a: int
    only_b: int
    counts: dict[str, int]
    turns: dict[str, int]
    sentences: dict[str, int]

    def share(self, part: str) -> float:
        total = self.a_chars + self.b_chars
        return getattr(self, part) / total if total else 0.0


Window = tuple[int, int]  # start and end offsets into a document's text


@dataclass(frozen=True)
class DocumentDiff:
    """The diff of ``a`` and ``b``; with ``windows``, of those spans of their texts, each
    read as one run of sentences (``a`` and ``b`` are then such views, one turn each)."""

    a: Document
    b: Document
    rows: tuple[TurnRow, ...]
    summary: Summary
    windows: tuple[Window, Window] | None = None

    @property
    def identical(self) -> bool:
        """True when nothing at all differs (the same text, or a document with itself)."""
        s = self.summary
        return s.identical == s.a_chars + s.b_chars and not any(s.counts.values())

    def raw_span(self, side: Literal["a", "b"], start: int, end: int) -> tuple[int, int]:
        """A span of ``a.text`` or ``b.text`` as offsets into that document's raw file."""
        return (self.a if side == "a" else self.b).raw_span(start, end)


@dataclass(frozen=True, slots=True)
class _Pair:
    """The two documents with their filler masks, computed once per diff."""

    a: Document
    b: Document
    fill_a: bytearray
    fill_b: bytearray


def diff_documents(
    a: Document, b: Document, windows: tuple[Window | None, Window | None] | None = None
) -> DocumentDiff:
    """Diff ``a`` (the "from" version) against ``b``; loads jieba words if not yet there.
    ``windows`` restrict either side to a span of its text (None: the whole text).

    The diff makes tens of thousands of small objects and no reference cycles: the garbage
    collector is paused meanwhile, or it would rescan a whole loaded corpus again and again.
    """
    a, b = tokens_for(a), tokens_for(b)
    spans = None
    if windows is not None:
        spans = (windows[0] or (0, len(a.text)), windows[1] or (0, len(b.text)))
        a, b = window_view(a, *spans[0]), window_view(b, *spans[1])
    with collector_paused():
        pair = _Pair(a, b, filler_mask(a.key), filler_mask(b.key))
        words_a, words_b = _word_strings(a, b)
        links = align(
            words_a,
            words_b,
            scores=_turn_scores(a, b, words_a, words_b),
            threshold=TURN_THRESHOLD,
            max_group=1,
            move_threshold=MOVE_THRESHOLD,
            weights=(
                [t.end - t.start + 1 for t in a.turns],
                [t.end - t.start + 1 for t in b.turns],
            ),
        )
        rows = tuple(_turn_row(pair, link) for link in _answered(a, b, links))
        return DocumentDiff(a, b, rows, _summarise(a, b, rows), spans)


def window_view(doc: Document, start: int, end: int) -> Document:
    """``doc`` as one narration turn holding the sentences that overlap ``[start, end)``."""
    if not doc.sentences:
        return doc
    inside = [s for s in doc.sentences if s.end > start and s.start < end] or [
        min(doc.sentences, key=lambda s: abs(s.start - start))
    ]
    first, last = inside[0], inside[-1]
    turn = Turn(
        0,
        "",
        "",
        None,
        "narration",
        first.start,
        last.end,
        first.start,
        first.start,
        first.index,
        last.index + 1,
    )
    return dataclasses.replace(doc, turns=(turn,))


def _answered(a: Document, b: Document, links: Sequence[Link]) -> list[Link]:
    """Unlink matched questions whose answers (the turns right after both) do not match.

    The same outlet asks about the same things year after year, and an edited question can
    be a third of its transcript, so two questions alone can look like versions of each
    other; their answers never do unless they are.
    """
    matched = {(link.a_start, link.b_start) for link in links if link.score > 0}
    out: list[Link] = []
    for link in links:
        i, j = link.a_start, link.b_start
        if (
            link.score > 0
            and a.turns[i].role == "question"
            and i + 1 < len(a.turns)
            and a.turns[i + 1].role == "answer"
            and j + 1 < len(b.turns)
            and b.turns[j + 1].role == "answer"
            and (i + 1, j + 1) not in matched
        ):
            out += [Link(i, i + 1, j, j, 0.0), Link(i + 1, i + 1, j, j + 1, 0.0)]
        else:
            out.append(link)
    return out


def _word_strings(a: Document, b: Document) -> tuple[list[str], list[str]]:
    """Each turn as a string with one character per jieba word.

    Turns are compared as word sequences: as discriminating as characters here, and half the
    length, so the turn matrix costs a quarter of a character one. The commonest words get
    the lowest code points: rapidfuzz finds characters below 256 in a table and the others
    in a hash map, so this halves the time of the matrix (any one-to-one code gives the same
    scores).
    """
    sentences = [s.tokens or () for doc in (a, b) for s in doc.sentences]
    words = list(chain.from_iterable(sentences))
    counts = Counter(words)
    code = dict(
        zip(
            sorted(counts, key=counts.__getitem__, reverse=True),
            map(chr, cycle(chain(*_CODE_POINTS))),
            strict=False,
        )
    )
    coded = "".join(map(code.__getitem__, words))  # both documents, one character a word
    at = list(accumulate(map(len, sentences), initial=0))  # where each sentence starts
    b_at = at[len(a.sentences) :]
    return (
        [coded[at[t.first_sentence] : at[t.last_sentence]] for t in a.turns],
        [coded[b_at[t.first_sentence] : b_at[t.last_sentence]] for t in b.turns],
    )


def _turn_scores(a: Document, b: Document, words_a: list[str], words_b: list[str]) -> Matrix:
    """Turn similarity: text (edit ratio and containment, on words) blended with speakers.

    Only turns whose roles may pair are scored (a question is never scored against an
    answer): each role group is a block of the matrix, and the rest stays 0.
    """
    scores = [[0.0] * len(b.turns) for _ in a.turns]
    weight_a, weight_b = _speaker_weights(a.turns), _speaker_weights(b.turns)
    for group in ROLE_GROUPS:
        rows = [i for i, t in enumerate(a.turns) if t.role in group]
        cols = [j for j, t in enumerate(b.turns) if t.role in group]
        text = similarity([words_a[i] for i in rows], [words_b[j] for j in cols])
        who = similarity([_who(a.turns[i]) for i in rows], [_who(b.turns[j]) for j in cols])
        label = similarity([a.turns[i].label for i in rows], [b.turns[j].label for j in cols])
        columns = [(j, len(words_b[j]), weight_b[j], b.turns[j].role) for j in cols]
        for i, text_row, who_row, label_row in zip(rows, text, who, label, strict=True):
            role, la, wa, out = a.turns[i].role, len(words_a[i]), weight_a[i], scores[i]
            # Conditional expressions rather than min() and max(): a thousand cells a diff.
            for (j, lb, wb, role_b), ratio, by_who, by_label in zip(
                columns, text_row, who_row, label_row, strict=True
            ):
                contained = ratio * (la + lb) / 2 / (la if la < lb else lb) if la and lb else 0.0
                blended = (ratio + (contained if contained < 1.0 else 1.0)) / 2
                weight = wa if wa < wb else wb
                speaker = by_who if by_who > by_label else by_label
                affinity = ROLE_AFFINITY.get((role, role_b), 1.0)
                out[j] = affinity * (weight * speaker + (1 - weight) * blended)
    return scores


def _who(turn: Turn) -> str:
    return turn.outlet or turn.speaker


def _speaker_weights(turns: Sequence[Turn]) -> list[float]:
    asked: dict[str, int] = {}
    for t in turns:
        if t.role == "question":
            asked[t.speaker] = asked.get(t.speaker, 0) + 1
    return [
        SPEAKER_WEIGHT if t.role == "question" and asked[t.speaker] <= 2 else COMMON_SPEAKER_WEIGHT
        for t in turns
    ]


def _turn_row(pair: _Pair, link: Link) -> TurnRow:
    a, b = pair.a, pair.b
    ta = a.turns[link.a_start] if link.a_end > link.a_start else None
    tb = b.turns[link.b_start] if link.b_end > link.b_start else None
    if ta is not None and tb is not None:
        return TurnRow(
            "moved" if link.moved else "matched",
            ta.index,
            tb.index,
            ta.label,
            tb.label,
            ta.role,
            round(link.score, 4),
            _sentence_rows(pair, ta, tb),
        )
    if ta is not None:
        at = _turn_start(b, link.b_start)
        rows = tuple(
            _one_sided(a, pair.fill_a, (s,), "only_a", "turn_dropped", at)
            for s in a.sentences_of(ta)
        )
        return TurnRow("only_a", ta.index, None, ta.label, None, ta.role, 0.0, rows)
    assert tb is not None
    at = _turn_start(a, link.a_start)
    rows = tuple(
        _one_sided(b, pair.fill_b, (s,), "only_b", "turn_added", at) for s in b.sentences_of(tb)
    )
    return TurnRow("only_b", None, tb.index, None, tb.label, tb.role, 0.0, rows)


def _turn_start(doc: Document, index: int) -> int:
    """Where a turn inserted before turn ``index`` of ``doc`` would go (text offset)."""
    return doc.turns[index].label_start if index < len(doc.turns) else len(doc.text)


def _sentence_rows(pair: _Pair, ta: Turn, tb: Turn) -> tuple[SentenceRow, ...]:
    a, b = pair.a, pair.b
    sa, sb = a.sentences_of(ta), b.sentences_of(tb)
    links = align(
        [a.key[s.start : s.end] for s in sa],
        [b.key[s.start : s.end] for s in sb],
        threshold=SENTENCE_THRESHOLD,
        max_group=SENTENCE_GROUP,
    )
    rows = []
    for link in links:
        group_a, group_b = sa[link.a_start : link.a_end], sb[link.b_start : link.b_end]
        if not group_b:
            at = sb[link.b_start].start if link.b_start < len(sb) else tb.end
            rows.append(_one_sided(a, pair.fill_a, group_a, "only_a", "sentence_dropped", at))
        elif not group_a:
            at = sa[link.a_start].start if link.a_start < len(sa) else ta.end
            rows.append(_one_sided(b, pair.fill_b, group_b, "only_b", "sentence_added", at))
        else:
            rows.append(_matched(pair, group_a, group_b, link.score))
    return tuple(rows)


def _one_sided(
    doc: Document,
    fillers: bytearray,
    sentences: Sequence[Sentence],
    kind: Literal["only_a", "only_b"],
    edit_type: str,
    at: int,
) -> SentenceRow:
    """Sentences only in one document; ``at`` is where they would go in the other."""
    start, end = sentences[0].start, sentences[-1].end
    if edit_type.startswith("sentence") and is_filler(doc.key[start:end], fillers[start:end]):
        edit_type = "filler"
    text = doc.text[start:end]
    indexes = tuple(s.index for s in sentences)
    chars = sum(s.end - s.start for s in sentences)
    if kind == "only_a":
        piece = Edit("delete", edit_type, start, end, at, at, text, "")
        return SentenceRow(kind, indexes, (), start, end, at, at, text, "", 0.0, (piece,), 0, chars)
    piece = Edit("insert", edit_type, at, at, start, end, "", text)
    return SentenceRow(kind, (), indexes, at, at, start, end, "", text, 0.0, (piece,), 0, chars)


def _matched(
    pair: _Pair, group_a: Sequence[Sentence], group_b: Sequence[Sentence], score: float
) -> SentenceRow:
    pieces, identical, edited = group_edits(
        pair.a, pair.fill_a, group_a, pair.b, pair.fill_b, group_b
    )
    a, b = pair.a, pair.b
    a0, a1, b0, b1 = group_a[0].start, group_a[-1].end, group_b[0].start, group_b[-1].end
    changed = edited > 0 or any(p.op != "equal" for p in pieces)
    return SentenceRow(
        "edited" if changed else "equal",
        tuple(s.index for s in group_a),
        tuple(s.index for s in group_b),
        a0,
        a1,
        b0,
        b1,
        a.text[a0:a1],
        b.text[b0:b1],
        round(score, 4),
        pieces,
        identical,
        edited,
    )


def _summarise(a: Document, b: Document, rows: Sequence[TurnRow]) -> Summary:
    counts = dict.fromkeys(EDIT_TYPES, 0)
    turns = {"matched": 0, "moved": 0, "only_a": 0, "only_b": 0}
    sentences = {"equal": 0, "edited": 0, "only_a": 0, "only_b": 0}
    identical = edited = only_a = only_b = 0
    for row in rows:
        turns[row.kind] += 1
        if row.kind == "only_a":
            counts["turn_dropped"] += 1
        elif row.kind == "only_b":
            counts["turn_added"] += 1
        elif row.kind == "moved":
            counts["turn_moved"] += 1
        for s in row.sentences:
            sentences[s.kind] += 1
            identical += s.identical
            if s.kind == "only_a":
                only_a += s.edited
            elif s.kind == "only_b":
                only_b += s.edited
            else:
                edited += s.edited
            for e in s.pieces:
                if e.op != "equal" and not e.type.startswith("turn_"):
                    counts[e.type] += 1
    a_chars = sum(s.end - s.start for t in a.turns for s in a.sentences_of(t))
    b_chars = sum(s.end - s.start for t in b.turns for s in b.sentences_of(t))
    return Summary(a_chars, b_chars, identical, edited, only_a, only_b, counts, turns, sentences)


def visible_rows(diff: DocumentDiff, hide: Collection[str] = ()) -> list[TurnRow]:
    """The rows a report shows when the edit types in ``hide`` are hidden.

    A hidden type leaves out turns and sentences that are wholly such an edit (a dropped turn,
    a filler sentence); word-level edits of a hidden type stay in the rows and the renderers
    show them as B's text, unmarked.
    """
    hidden_kinds = {kind for kind, name in _TURN_KIND_TYPES.items() if name in hide}
    rows = []
    for row in diff.rows:
        if row.kind in hidden_kinds:
            continue
        sentences = tuple(
            s
            for s in row.sentences
            if s.kind in ("equal", "edited") or s.pieces[0].type not in hide
        )
        if sentences or not row.sentences:
            rows.append(
                row if sentences == row.sentences else dataclasses.replace(row, sentences=sentences)
            )
    return rows


_TURN_KIND_TYPES = {"only_a": "turn_dropped", "only_b": "turn_added", "moved": "turn_moved"}
