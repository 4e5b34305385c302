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
from typing import Literal, cast

from rapidfuzz.distance import Indel

from tifa.corpus.model import Compact

Op = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True, slots=True)
class WordEdit(Compact):
    op: Op
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str


Span = tuple[Op, int, int, int, int]  # op, a_start, a_end, b_start, b_end


def bounds(tokens: Sequence[str]) -> list[int]:
    """Offsets where the tokens start, and the end: ``[0, len(t0), len(t0) + len(t1), …]``."""
    return [0, *accumulate(map(len, tokens))]


def _change(a0: int, a1: int, b0: int, b1: int) -> Span:
    return ("replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert", a0, a1, b0, b1)


def _refine(
    a: str,
    b: str,
    a0: int,
    a1: int,
    b0: int,
    b1: int,
    a_bounds: set[int],
    b_bounds: set[int],
    out: list[Span],
) -> None:
    """Find what a replaced run of words still shares at character level (into ``out``).

    jieba may cut the two sides differently (历史事实 vs 历史/事实, 多边主义 vs the user word
    真正的多边主义), which makes a word diff swap whole phrases. Character opcodes inside the
    run find the shared stretches; one is kept as unchanged when each of its ends falls on a
    word boundary of at least one side, and it is two characters or more (or a whole word
    on one side), so edits never cut a word on both sides and never scatter.
    """
    ai, bj = a0, b0
    for op in Indel.opcodes(a[a0:a1], b[b0:b1]):
        i, i_end, j = op.src_start, op.src_end, op.dest_start
        if op.tag != "equal" or i_end == i:
            continue
        n, i, j = i_end - i, a0 + i, b0 + j
        starts = i in a_bounds or j in b_bounds
        ends = i + n in a_bounds or j + n in b_bounds
        whole = (i in a_bounds and i + n in a_bounds) or (j in b_bounds and j + n in b_bounds)
        if starts and ends and (n >= 2 or whole):
            if i > ai or j > bj:
                out.append(_change(ai, i, bj, j))
            out.append(("equal", i, i + n, j, j + n))
            ai, bj = i + n, j + n
    if ai < a1 or bj < b1:
        out.append(_change(ai, a1, bj, b1))


def _slid(ops: Sequence[Span], a: list[str], b: list[str]) -> list[Span]:
    """Word opcodes with each insertion or deletion between two equal runs slid sideways
    over one of them when it can be, so that the equal run joins the other and the edits
    join theirs (diff-match-patch's ``cleanupMerge``). Alignments that cost the same tie,
    and the one given may match a word far from the rest: 在一个中国原则基础上 against
    美国早在40多年前就在一个中国原则基础上 reads [+美国早+]在[+40多年前就在+]一个中国…, where
    the same edits read [+美国早在40多年前就+]在一个中国…, a widening at the start."""
    tags = [op[0] for op in ops]
    at = [list(op[1:]) for op in ops]  # a0, a1, b0, b1
    moved = True
    while moved:
        moved = False
        for n in range(1, len(tags) - 1):
            if tags[n - 1] != "equal" or tags[n + 1] != "equal" or tags[n] == "equal":
                continue
            before, edit, after = at[n - 1], at[n], at[n + 1]
            inserted = tags[n] == "insert"
            words = b[edit[2] : edit[3]] if inserted else a[edit[0] : edit[1]]
            left, right = a[before[0] : before[1]], a[after[0] : after[1]]
            if len(left) <= len(words) and words[len(words) - len(left) :] == left:
                # [= X][+ Y X][= Z] → [+ X Y][= X Z]
                k = len(left)
                edit[:] = (
                    [before[0], before[0], before[2], edit[3] - k]
                    if inserted
                    else [before[0], edit[1] - k, before[2], before[2]]
                )
                after[0], after[2] = edit[1], edit[3]
                del tags[n - 1], at[n - 1]
            elif len(right) <= len(words) and words[: len(right)] == right:
                # [= X][+ Z Y][= Z] → [= X Z][+ Y Z]
                k = len(right)
                before[1], before[3] = before[1] + k, before[3] + k
                edit[:] = (
                    [before[1], before[1], edit[2] + k, edit[3] + k]
                    if inserted
                    else [edit[0] + k, edit[1] + k, before[3], before[3]]
                )
                del tags[n + 1], at[n + 1]
            else:
                continue
            moved = True
            break
    return [(t, i0, i1, j0, j1) for t, (i0, i1, j0, j1) in zip(tags, at, strict=True)]


def word_spans(
    a: str,
    b: str,
    a_tokens: Sequence[str],
    b_tokens: Sequence[str],
    a_bounds: list[int] | None = None,
    b_bounds: list[int] | None = None,
) -> list[Span]:
    """``word_edits`` without the texts, for a caller that slices its own (the diff makes
    thousands); ``*_bounds`` are the tokens' ``bounds`` when the caller has them."""
    ab = bounds(a_tokens) if a_bounds is None else a_bounds
    bb = bounds(b_tokens) if b_bounds is None else b_bounds
    if ab[-1] != len(a) or bb[-1] != len(b):
        raise ValueError("tokens do not tile their text")
    runs: list[list[int]] = []  # [changed, a0, a1, b0, b1], adjacent changes joined
    a_list, b_list = list(a_tokens), list(b_tokens)
    ops = cast(list[Span], Indel.opcodes(a_list, b_list).as_list())  # plain tuples, as documented
    for tag, i0, i1, j0, j1 in _slid(ops, a_list, b_list):
        changed = int(tag != "equal")
        if runs and runs[-1][0] == changed:
            runs[-1][2], runs[-1][4] = ab[i1], bb[j1]
        else:
            runs.append([changed, ab[i0], ab[i1], bb[j0], bb[j1]])
    a_set: set[int] = set()
    b_set: set[int] = set()
    spans: list[Span] = []
    for changed, a0, a1, b0, b1 in runs:
        if not changed:
            spans.append(("equal", a0, a1, b0, b1))
        elif a1 > a0 and b1 > b0:
            if not a_set:
                a_set, b_set = set(ab), set(bb)
            _refine(a, b, a0, a1, b0, b1, a_set, b_set, spans)
        else:
            spans.append(_change(a0, a1, b0, b1))
    return spans


def word_edits(
    a: str, b: str, a_tokens: Sequence[str], b_tokens: Sequence[str], *, keep_equal: bool = True
) -> list[WordEdit]:
    """Edits turning ``a`` into ``b``; tokens must tile their texts exactly."""
    return [
        WordEdit(op, a0, a1, b0, b1, a[a0:a1], b[b0:b1])
        for op, a0, a1, b0, b1 in word_spans(a, b, a_tokens, b_tokens)
        if keep_equal or op != "equal"
    ]


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
