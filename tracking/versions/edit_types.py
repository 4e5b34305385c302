"""Word-level edits of two aligned groups of sentences, and what kind of edit each one is.

Decisions:

* Edits come from ``tracking.worddiff.word_spans`` on the sentences' matching keys and jieba
  tokens, so a reader sees whole words ("台湾是中国[+领土不可分割+]的一部分").
* The key already folds script and width, and normalisation removed OCR spaces and straight
  quotes. So differences the key hides (script, width, quote style, whitespace) are found
  where the keys agree, by comparing the two documents' ``text`` and ``raw`` characters,
  and widened to whole jieba words. Differences in the key itself are typed by the changed
  characters: only punctuation → a punctuation type, filler phrases → ``filler``, anything
  else → ``wording``.
* Spoken fillers are a small, explicit lexicon of regular expressions run once over a whole
  document, so a word edit counts as filler when it falls inside a filler phrase of its
  sentence ("谢谢" → "谢谢大家" inserts filler, although "大家" alone is not one).
* Offsets of an ``Edit`` are into each document's normalised ``text``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from tifa.corpus.model import Document, Sentence
from tifa.tracking.worddiff import Span, bounds, word_spans

Mask = bytes | bytearray
"""A filler mask (``filler_mask``): byte k is 1 when key character k is part of a filler."""

EDIT_TYPES: tuple[str, ...] = (
    "punctuation",
    "width",
    "quotes",
    "script",
    "whitespace",
    "filler",
    "wording",
    "sentence_added",
    "sentence_dropped",
    "turn_added",
    "turn_dropped",
    "turn_moved",
)

EDIT_TYPE_HELP: dict[str, str] = {
    "punctuation": "punctuation added, dropped or changed (，→。, quotes dropped)",
    "width": "full-width vs half-width characters (，vs , and Ｇ２０ vs G20)",
    "quotes": "quote style (“” vs 「」 vs straight quotes)",
    "script": "Traditional vs Simplified characters",
    "whitespace": "whitespace or OCR repair (spaces inside words, line breaks)",
    "filler": "spoken fillers (谢谢, 外长您好, 这是一个好问题, 我要告诉各位的是 …)",
    "wording": "words added, dropped or replaced",
    "sentence_added": "a sentence only in B, inside a matched turn",
    "sentence_dropped": "a sentence only in A, inside a matched turn",
    "turn_added": "a turn only in B",
    "turn_dropped": "a turn only in A",
    "turn_moved": "a turn matched out of order",
}

# Types a reader sees only in the raw file: their edits carry raw characters as text.
RAW_TYPES = frozenset({"width", "quotes", "whitespace"})

_ADDRESS = r"(?:王毅?外长|王毅?部长|外长|部长|部长先生|外长先生|阁下|主持人|各位|大家)"
FILLERS: tuple[str, ...] = (
    rf"{_ADDRESS}[，、]?(?:您|你)?(?:上午|下午)?好",
    r"(?:您|你)好",
    rf"(?:谢谢|感谢|非常感谢)(?:{_ADDRESS}|您|你)?",
    r"我(?:要|想|愿意?)(?:首先)?告诉(?:各位|大家|你|您)的是",
    r"这是一个(?:很)?好(?:的)?问题",
    r"这是(?:一)?个很好的问题",
    r"(?:这个|你的|您的)问题(?:提|问)?(?:得)?(?:很|非常)好",
    r"我的问题是",
    r"我(?:想|要)(?:请)?问(?:一下)?",
    r"请问(?:一下)?(?:王外长|外长|王部长|部长)?",
    r"我(?:有|想问)(?:两|一|几)个问题",
)
_PUNCT_CHARS = "，。、；：！？,.;:!?…—·（）()《》“”‘’「」『』\"'－-～~ \n"
_NOT_WORDS = re.compile(r"[\W_]*")
_QUOTES = str.maketrans(dict.fromkeys("“”‘’「」『』\"'＂＇〝〞", '"'))


@cache
def _filler_pattern() -> re.Pattern[str]:
    """Compiled on first use, so that commands which never diff do not pay for it.

    A match starts with a character written in the lexicon (or punctuation), so a lookahead
    on those lets the search pass every other position at once: half the time of a mask.
    Not when an entry uses more of the regular-expression syntax than groups, options and
    classes of literals (a match could then start with a character not written in it).
    """
    lexicon = "|".join(FILLERS)
    written = set(lexicon) - set("()?|:[]")
    starts = (
        ""
        if any(ch.isascii() for ch in written)
        else (f"(?=[{re.escape(''.join(sorted(written)) + _PUNCT_CHARS)}])")
    )
    return re.compile(rf"{starts}(?:{lexicon})[{re.escape(_PUNCT_CHARS)}]*")


def is_punctuation(ch: str) -> bool:
    """Punctuation, symbols and spaces: anything that is not a letter, digit or ideograph."""
    return not ch.isalnum()


def only_punctuation(text: str) -> bool:
    return _NOT_WORDS.fullmatch(text) is not None


def filler_mask(key: str) -> bytearray:
    """1 for each character of ``key`` inside a filler phrase (with its trailing punctuation).

    Run once over a whole document's key; sentences slice it.
    """
    mask = bytearray(len(key))
    for m in _filler_pattern().finditer(key):
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def is_filler(key: str, mask: Mask | None = None) -> bool:
    """True when ``key`` is nothing but filler phrases and punctuation (a "谢谢。" sentence)."""
    found = filler_mask(key) if mask is None else mask
    return 1 in found and all(m or is_punctuation(ch) for ch, m in zip(key, found, strict=True))


def punctuation_type(a: str, b: str) -> str:
    """The type of a change between two runs of punctuation (either may be empty)."""
    if a and b:
        if unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b):
            return "width"
        if a.translate(_QUOTES) == b.translate(_QUOTES):
            return "quotes"
    return "punctuation"


def change_type(a: str, b: str, a_filler: Mask, b_filler: Mask) -> str:
    """The type of a replacement of key text ``a`` by ``b`` (masks from ``filler_mask``)."""
    if only_punctuation(a) and only_punctuation(b):
        return punctuation_type(a, b)
    if (any(a_filler) or any(b_filler)) and _unfilled(a, a_filler) == _unfilled(b, b_filler):
        return "filler"
    if unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b):
        return "width"
    return "wording"


def _unfilled(text: str, mask: Mask) -> str:
    """The letters, digits and ideographs of ``text`` outside filler phrases."""
    return "".join(ch for ch, f in zip(text, mask, strict=True) if not f and not is_punctuation(ch))


def one_sided_runs(text: str, mask: Mask) -> list[tuple[int, int, str]]:
    """An inserted or deleted run cut into typed pieces: filler phrases, punctuation, words.

    Punctuation joins a neighbouring filler first ("，谢谢。" is one filler edit), then a
    neighbouring word run; only a run of nothing but punctuation stays punctuation.
    """
    if 1 not in mask:
        return [(0, len(text), "punctuation" if only_punctuation(text) else "wording")]
    kinds = [
        "filler" if f else ("punctuation" if is_punctuation(ch) else "wording")
        for ch, f in zip(text, mask, strict=True)
    ]
    for absorber in ("filler", "wording"):
        for order in (range(len(kinds)), range(len(kinds) - 1, -1, -1)):
            prev = None
            for i in order:
                if kinds[i] == "punctuation" and prev == absorber:
                    kinds[i] = absorber
                prev = kinds[i]
    runs: list[tuple[int, int, str]] = []
    for i, kind in enumerate(kinds):
        if runs and runs[-1][2] == kind:
            runs[-1] = (runs[-1][0], i + 1, kind)
        else:
            runs.append((i, i + 1, kind))
    return runs


def character_type(ta: str, tb: str, ra: str, rb: str) -> str | None:
    """The type of a difference at one position where the keys agree, or None if none.

    ``ta``/``tb`` are the normalised characters, ``ra``/``rb`` the raw ones they came from.
    """
    if ta != tb:
        if unicodedata.normalize("NFKC", ta) == unicodedata.normalize("NFKC", tb):
            return "width"
        return "script"
    if ra == rb:
        return None
    if ra.translate(_QUOTES) == rb.translate(_QUOTES):
        return "quotes"
    if is_punctuation(ra) and is_punctuation(rb):
        return "width"
    return "whitespace"


EditOp = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True, slots=True)
class Edit:
    """One piece of an aligned sentence pair; ``op == "equal"`` pieces have ``type == ""``.

    Offsets are into each document's normalised ``text`` (an insertion has an empty span
    where it goes in); ``DocumentDiff.raw_span`` maps them to the raw file. ``a_text`` and
    ``b_text`` are what a reader should see: the raw file's characters for the types that
    normalisation hides (``RAW_TYPES``: width, quotes, whitespace), the text otherwise.
    """

    op: EditOp
    type: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str


class _Side:
    """A group of sentences of one document laid end to end, as the word diff sees them.

    ``pos[k]`` is the offset in ``doc.text`` of character ``k`` of ``key``. For a single
    sentence, the common case, ``base`` is that offset for ``k = 0`` and every lookup is an
    addition.
    """

    __slots__ = ("base", "bounds", "doc", "fillers", "key", "pos", "tokens")

    def __init__(self, doc: Document, fillers: Mask, sentences: Sequence[Sentence]) -> None:
        self.doc = doc
        if len(sentences) == 1:
            s = sentences[0]
            self.base: int | None = s.start
            self.key = doc.key[s.start : s.end]
            self.tokens: tuple[str, ...] = s.tokens or (self.key,)
            self.pos: Sequence[int] = range(s.start, s.end)
            self.fillers = fillers[s.start : s.end]
            self.bounds = bounds(self.tokens)
            return
        self.base = None
        self.key = "".join(doc.key[s.start : s.end] for s in sentences)
        self.tokens = tuple(t for s in sentences for t in s.tokens or (doc.key[s.start : s.end],))
        pos: list[int] = []
        for s in sentences:
            pos.extend(range(s.start, s.end))
        self.pos = pos
        self.fillers = b"".join(fillers[s.start : s.end] for s in sentences)
        self.bounds = bounds(self.tokens)

    def span(self, k0: int, k1: int) -> tuple[int, int]:
        """Text offsets of key characters ``k0:k1`` (an insertion point when empty)."""
        if self.base is not None:
            return self.base + k0, self.base + k1
        if k1 > k0:
            return self.pos[k0], self.pos[k1 - 1] + 1
        at = self.pos[k0] if k0 < len(self.pos) else self.pos[-1] + 1
        return at, at

    def text(self, k0: int, k1: int) -> str:
        """The displayed text of key characters ``k0:k1`` (no layout between sentences)."""
        if self.base is not None:
            return self.doc.text[self.base + k0 : self.base + k1]
        if k1 <= k0:
            return ""
        start, last = self.pos[k0], self.pos[k1 - 1]
        if last - start == k1 - 1 - k0:
            return self.doc.text[start : last + 1]
        return "".join(self.doc.text[p] for p in self.pos[k0:k1])

    def raw(self, k0: int, k1: int) -> str:
        """The raw file's characters from key character ``k0`` to ``k1 - 1``, gaps included."""
        if k1 <= k0:
            return ""
        offsets = self.doc.offsets
        return self.doc.raw[offsets[self.pos[k0]] : offsets[self.pos[k1 - 1]] + 1]


def group_edits(
    a: Document,
    fill_a: Mask,
    group_a: Sequence[Sentence],
    b: Document,
    fill_b: Mask,
    group_b: Sequence[Sentence],
) -> tuple[tuple[Edit, ...], int, int]:
    """The typed pieces of two aligned groups of sentences, and how many characters (both
    sides, matching key) are identical and edited. ``fill_*`` are the documents'
    ``filler_mask``s.

    A diff makes a few thousand pieces, most of them equal stretches whose text and raw
    characters agree too: those are checked and made right here, on plain slices.
    """
    sa, sb = _Side(a, fill_a, group_a), _Side(b, fill_b, group_b)
    key_a, key_b = sa.key, sb.key
    changes: list[Span]
    if key_a == key_b:
        changes = [("equal", 0, len(key_a), 0, len(key_b))]
    else:
        changes = word_spans(key_a, key_b, sa.tokens, sb.tokens, sa.bounds, sb.bounds)
    pos_a, pos_b, text_a, text_b = sa.pos, sb.pos, a.text, b.text
    raw_a, raw_b, offsets_a, offsets_b = a.raw, b.raw, a.offsets, b.offsets
    pieces: list[Edit] = []
    identical = edited = 0
    for op, a0, a1, b0, b1 in changes:
        if op == "equal":
            n = a1 - a0
            identical += 2 * n
            if n:
                pa, pb = pos_a[a0], pos_b[b0]
                ea, eb = pa + n, pb + n
                if pos_a[a1 - 1] == ea - 1 and pos_b[b1 - 1] == eb - 1:
                    text = text_a[pa:ea]
                    if (
                        text == text_b[pb:eb]
                        and raw_a[offsets_a[pa] : offsets_a[ea - 1] + 1]
                        == raw_b[offsets_b[pb] : offsets_b[eb - 1] + 1]
                    ):
                        pieces.append(Edit("equal", "", pa, ea, pb, eb, text, text))
                        continue
            pieces += _equal_stretch(sa, sb, a0, a1, b0)
            continue
        edited += (a1 - a0) + (b1 - b0)
        if op == "replace":
            kind = change_type(key_a[a0:a1], key_b[b0:b1], sa.fillers[a0:a1], sb.fillers[b0:b1])
            pieces.append(_piece("replace", kind, sa, sb, a0, a1, b0, b1))
        elif op == "insert":
            for r0, r1, kind in one_sided_runs(key_b[b0:b1], sb.fillers[b0:b1]):
                pieces.append(_piece("insert", kind, sa, sb, a0, a0, b0 + r0, b0 + r1))
        else:
            for r0, r1, kind in one_sided_runs(key_a[a0:a1], sa.fillers[a0:a1]):
                pieces.append(_piece("delete", kind, sa, sb, a0 + r0, a0 + r1, b0, b0))
    return tuple(pieces), identical, edited


def _piece(op: EditOp, kind: str, sa: _Side, sb: _Side, a0: int, a1: int, b0: int, b1: int) -> Edit:
    if kind in RAW_TYPES:
        a_text, b_text = sa.raw(a0, a1), sb.raw(b0, b1)
    else:
        a_text, b_text = sa.text(a0, a1), sb.text(b0, b1)
    if sa.base is not None and sb.base is not None:
        return Edit(
            op, kind, sa.base + a0, sa.base + a1, sb.base + b0, sb.base + b1, a_text, b_text
        )
    return Edit(op, kind, *sa.span(a0, a1), *sb.span(b0, b1), a_text, b_text)


def _equal_stretch(sa: _Side, sb: _Side, a0: int, a1: int, b0: int) -> list[Edit]:
    """Pieces of a stretch where the keys agree: equal, or script/width/quotes/whitespace.

    Character by character; ``group_edits`` has already made the common case, a stretch
    that is one equal piece, without coming here.
    """
    n = a1 - a0
    da, db = sa.doc, sb.doc
    kinds: list[str | None] = []
    for k in range(n):
        pa, pb = sa.pos[a0 + k], sb.pos[b0 + k]
        kinds.append(
            character_type(da.text[pa], db.text[pb], da.raw[da.offsets[pa]], db.raw[db.offsets[pb]])
        )
    for k in range(n - 1):
        gap_a, gap_b = _gap(sa, a0 + k), _gap(sb, b0 + k)
        if gap_a is not None and gap_b is not None and gap_a != gap_b:
            # Both neighbours, so that the edit's raw span contains the gap.
            kinds[k] = kinds[k] or "whitespace"
            kinds[k + 1] = kinds[k + 1] or "whitespace"
    _widen_to_words(kinds, a0, sa.bounds)
    pieces: list[Edit] = []
    start = 0
    for k in range(1, n + 1):
        if k == n or kinds[k] != kinds[start]:
            kind = kinds[start]
            pieces.append(
                _piece(
                    "equal" if kind is None else "replace",
                    kind or "",
                    sa,
                    sb,
                    a0 + start,
                    a0 + k,
                    b0 + start,
                    b0 + k,
                )
            )
            start = k
    return pieces


def _gap(side: _Side, k: int) -> str | None:
    """Raw characters between key characters ``k`` and ``k + 1`` when they are adjacent in
    the text (None across a sentence boundary, where layout is not compared)."""
    p = side.pos[k]
    if k + 1 >= len(side.pos) or side.pos[k + 1] != p + 1:
        return None
    offsets = side.doc.offsets
    return side.doc.raw[offsets[p] + 1 : offsets[p + 1]]


def _widen_to_words(kinds: list[str | None], a0: int, bounds: list[int]) -> None:
    """Give a typed character's whole jieba word its type (words cut by the stretch end)."""
    n = len(kinds)
    k = 0
    while k < n:
        if kinds[k] is None:
            k += 1
            continue
        w = bisect_right(bounds, a0 + k) - 1
        lo, hi = max(bounds[w] - a0, 0), min(bounds[w + 1] - a0, n)
        kind = kinds[k]
        for i in range(lo, hi):
            if kinds[i] is None:
                kinds[i] = kind
        k = max(hi, k + 1)
