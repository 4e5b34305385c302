"""Word-level edits between two short texts (sentences, clauses), from rapidfuzz opcodes.

Edits are computed on jieba words (so a reader sees "台湾是中国[+领土不可分割的+]一部分", not
scattered characters), using rapidfuzz's Indel opcodes over word sequences. A replaced run of
words is refined with character opcodes where the two sides were merely cut differently
("多边主义" → "真正的多边主义", a single user-dictionary word, reads as an insertion of 真正的).
Offsets are character offsets into the two input strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from rapidfuzz.distance import Indel

Op = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True, slots=True)
class WordEdit:
    op: Op
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str


def _bounds(tokens: Sequence[str]) -> list[int]:
    return [0, *accumulate(map(len, tokens))]


def _edit(op: Op, a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> WordEdit:
    return WordEdit(op, a0, a1, b0, b1, a[a0:a1], b[b0:b1])


def _change(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> WordEdit:
    op: Op = "replace" if a1 > a0 and b1 > b0 else ("delete" if a1 > a0 else "insert")
    return _edit(op, a, b, a0, a1, b0, b1)


def _refine(a: str, b: str, a0: int, a1: int, b0: int, b1: int,
            a_bounds: frozenset[int], b_bounds: frozenset[int]) -> list[WordEdit]:
    """Find what a replaced run of words still shares at character level.

    jieba may cut the two sides differently (历史事实 vs 历史/事实, 多边主义 vs the user word
    真正的多边主义), which makes a word diff swap whole phrases. Character opcodes inside the
    run find the shared stretches; one is kept as unchanged when each of its ends falls on a
    word boundary of at least one side, and it is two characters or more (or a whole word
    on one side), so edits never cut a word on both sides and never scatter.
    """
    kept: list[tuple[int, int, int]] = []
    for block in Indel.opcodes(a[a0:a1], b[b0:b1]).as_matching_blocks():
        i, j, n = a0 + block.a, b0 + block.b, block.size
        if n == 0:
            continue
        starts = i in a_bounds or j in b_bounds
        ends = i + n in a_bounds or j + n in b_bounds
        whole = {i, i + n} <= a_bounds or {j, j + n} <= b_bounds
        if starts and ends and (n >= 2 or whole):
            kept.append((i, j, n))
    edits: list[WordEdit] = []
    ai, bj = a0, b0
    for i, j, n in kept:
        if i > ai or j > bj:
            edits.append(_change(a, b, ai, i, bj, j))
        edits.append(_edit("equal", a, b, i, i + n, j, j + n))
        ai, bj = i + n, j + n
    if ai < a1 or bj < b1:
        edits.append(_change(a, b, ai, a1, bj, b1))
    return edits


def word_edits(a: str, b: str, a_tokens: Sequence[str], b_tokens: Sequence[str],
               *, keep_equal: bool = True) -> list[WordEdit]:
    """Edits turning ``a`` into ``b``; tokens must tile their texts exactly."""
    ab, bb = _bounds(a_tokens), _bounds(b_tokens)
    if ab[-1] != len(a) or bb[-1] != len(b):
        raise ValueError("tokens do not tile their text")
    spans: list[list] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(list(a_tokens), list(b_tokens)).as_list():
        changed = tag != "equal"
        if spans and spans[-1][0] == changed:
            spans[-1][2], spans[-1][4] = ab[i2], bb[j2]
        else:
            spans.append([changed, ab[i1], ab[i2], bb[j1], bb[j2]])
    a_bounds, b_bounds = frozenset(ab), frozenset(bb)
    edits: list[WordEdit] = []
    for changed, a0, a1, b0, b1 in spans:
        if not changed:
            edits.append(_edit("equal", a, b, a0, a1, b0, b1))
        elif a1 > a0 and b1 > b0:
            edits.extend(_refine(a, b, a0, a1, b0, b1, a_bounds, b_bounds))
        else:
            edits.append(_change(a, b, a0, a1, b0, b1))
    return edits if keep_equal else [e for e in edits if e.op != "equal"]


def render_inline(edits: Sequence[WordEdit]) -> str:
    """A one-line reading of the edits: "台湾是中国[+领土不可分割的+]一部分"."""
    parts = []
    for e in edits:
        if e.op == "equal":
            parts.append(e.a_text)
        elif e.op == "insert":
            parts.append(f"[+{e.b_text}+]")
        elif e.op == "delete":
            parts.append(f"[-{e.a_text}-]")
        else:
            parts.append(f"[-{e.a_text}-][+{e.b_text}+]")
    return "".join(parts)
