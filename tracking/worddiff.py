"""Word-level edits between two short texts (sentences, clauses), from rapidfuzz opcodes.

Edits are computed on jieba words (so a reader sees "台湾是中国[+领土不可分割的+]一部分", not
scattered characters), using rapidfuzz's Indel opcodes over word sequences. A replaced run of
words where one side merely extends the other ("多边主义" → "真正的多边主义", a single user-
dictionary word) is refined at character level into the insertion or deletion it really
is. Offsets are character offsets into the two input strings.
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
    return [0, *accumulate(len(t) for t in tokens)]


def _edit(op: Op, a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> WordEdit:
    return WordEdit(op, a0, a1, b0, b1, a[a0:a1], b[b0:b1])


def _refine(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> list[WordEdit]:
    """Split a replacement whose one side contains the other into insert/delete + equal."""
    sa, sb = a[a0:a1], b[b0:b1]
    if sa and sb and sa in sb:
        i = sb.index(sa)
        parts = [("insert", a0, a0, b0, b0 + i), ("equal", a0, a1, b0 + i, b0 + i + len(sa)),
                 ("insert", a1, a1, b0 + i + len(sa), b1)]
    elif sa and sb and sb in sa:
        i = sa.index(sb)
        parts = [("delete", a0, a0 + i, b0, b0), ("equal", a0 + i, a0 + i + len(sb), b0, b1),
                 ("delete", a0 + i + len(sb), a1, b1, b1)]
    else:
        return [_edit("replace", a, b, a0, a1, b0, b1)]
    return [_edit(op, a, b, *span) for op, *span in parts if span[1] > span[0] or span[3] > span[2]]


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
    edits: list[WordEdit] = []
    for changed, a0, a1, b0, b1 in spans:
        if not changed:
            if keep_equal:
                edits.append(_edit("equal", a, b, a0, a1, b0, b1))
        elif a1 > a0 and b1 > b0:
            edits.extend(e for e in _refine(a, b, a0, a1, b0, b1) if keep_equal or e.op != "equal")
        else:
            edits.append(_edit("delete" if a1 > a0 else "insert", a, b, a0, a1, b0, b1))
    return edits


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
