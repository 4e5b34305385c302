"""Monotonic alignment of two sequences of strings, with gaps, merges, splits and moves.

Generic on purpose: turns, sentences and clauses all go through here. Strings go in, links
between index ranges come out; what the strings are is the caller's business.

Decisions:

* Similarity is rapidfuzz ``process.cdist`` scaled to 0..1, never a Python loop of scorer
  calls. A caller may pass its own 1:1 matrix (the diff blends speaker and text similarity
  for turns); groups are then still scored on the strings.
* A link between ``a[i0:i1]`` and ``b[j0:j1]`` gains ``(score - threshold) * weight``, the
  weight being the characters it covers (or caller-given weights), and a gap gains nothing.
  The alignment is the chain of non-crossing links with the largest total gain. It is found
  by a sparse chain search over the candidate links above the threshold (prefix maxima in a
  Fenwick tree, O(K log m) for K candidates), so long, dissimilar sequences stay cheap.
* Groups: merges ``a[i:i+k]`` ~ ``b[j]``, splits (the reverse) for ``k`` up to
  ``max_group``, and regroups of two against two (sentence boundaries moved). Candidates are
  filtered on the 1:1 matrix (see ``_group_candidates``) and the survivors scored with one
  ``process.cpdist`` call. A group pays a small penalty, so it wins only when it really
  covers its parts (one long sentence edited into two), not when a neighbour tags along.
* Moves: items left over by the chain are paired best first when their 1:1 score reaches
  ``move_threshold``. A moved link is listed where its ``a`` side stands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

LinkKind = Literal["match", "merge", "split", "regroup", "only_a", "only_b", "moved"]
Scorer = Callable[..., float]

MERGE_PENALTY = 0.03
GROUP_CONTAINMENT = 0.5


@dataclass(frozen=True, slots=True)
class Link:
    """``a[a_start:a_end]`` aligned with ``b[b_start:b_end]``; one side empty for a gap.

    ``score`` is the 0..1 similarity of the two sides (0 for a gap). A ``merge`` joins
    several items of ``a`` against one of ``b``; a ``split`` is the reverse; a ``regroup``
    joins several on both sides.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float
    moved: bool = False

    @property
    def kind(self) -> LinkKind:
        na, nb = self.a_end - self.a_start, self.b_end - self.b_start
        if self.moved:
            return "moved"
        if not nb:
            return "only_a"
        if not na:
            return "only_b"
        if na > 1:
            return "regroup" if nb > 1 else "merge"
        return "split" if nb > 1 else "match"

    @property
    def a_range(self) -> range:
        return range(self.a_start, self.a_end)

    @property
    def b_range(self) -> range:
        return range(self.b_start, self.b_end)


def similarity(a: Sequence[str], b: Sequence[str], scorer: Scorer = fuzz.ratio,
               cutoff: float = 0.0) -> np.ndarray:
    """The ``len(a) x len(b)`` matrix of ``scorer`` scores in 0..1 (below ``cutoff`` as 0)."""
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    matrix = process.cdist(a, b, scorer=scorer, score_cutoff=cutoff * 100, workers=1,
                           dtype=np.float32)
    return matrix / np.float32(100)


def align(a: Sequence[str], b: Sequence[str], *, threshold: float = 0.5,
          scorer: Scorer = fuzz.ratio, scores: np.ndarray | None = None, max_group: int = 2,
          weights: tuple[Sequence[float], Sequence[float]] | None = None,
          move_threshold: float | None = None) -> tuple[Link, ...]:
    """Align ``a`` with ``b``; every index of each side appears in exactly one link.

    Links come in reading order: the monotonic chain with the gaps between its links (items
    only in ``a`` before those only in ``b``), moved links at their ``a`` position.
    """
    n, m = len(a), len(b)
    wa = [0.0, *accumulate(float(w) for w in (weights[0] if weights else map(len, a)))]
    wb = [0.0, *accumulate(float(w) for w in (weights[1] if weights else map(len, b)))]
    ratio = similarity(a, b, scorer) if scores is None or max_group > 1 else None
    one = ratio if scores is None else np.asarray(scores, dtype=np.float32)
    assert one is not None
    if one.shape != (n, m):
        raise ValueError(f"scores has shape {one.shape}, expected {(n, m)}")
    rows, cols = np.nonzero(one > threshold)
    linked = (_linked(i, 1, j, 1, s, wa, wb, threshold, 0.0) for i, j, s in
              zip(rows.tolist(), cols.tolist(), one[rows, cols].tolist(), strict=True))
    candidates = [c for c in linked if c is not None]
    if ratio is not None and max_group > 1:
        candidates += _group_candidates(a, b, ratio, max_group, wa, wb, threshold, scorer)
    chain = _best_chain(candidates, m)
    moves = _moves(one, chain, n, m, move_threshold) if move_threshold is not None else []
    return _in_order(chain, moves, n, m)


Candidate = tuple[int, int, int, int, float, float]  # i0, i1, j0, j1, gain, score


def _linked(i: int, ka: int, j: int, kb: int, score: float, wa: list[float], wb: list[float],
            threshold: float, penalty: float) -> Candidate | None:
    """The candidate link ``a[i:i+ka]`` ~ ``b[j:j+kb]``, or None if it gains nothing.

    ``wa``/``wb`` are cumulative weights (``wa[i]`` is the weight of ``a[:i]``).
    """
    gain = (score - penalty - threshold) * (wa[i + ka] - wa[i] + wb[j + kb] - wb[j])
    return (i, i + ka, j, j + kb, gain, score) if gain > 0 else None


def _group_candidates(a: Sequence[str], b: Sequence[str], ratio: np.ndarray, max_group: int,
                      wa: list[float], wb: list[float], threshold: float,
                      scorer: Scorer) -> list[Candidate]:
    """Merge, split and regroup links, scored exactly with one ``cpdist`` call.

    A group is scored only if each of its members is at least ``GROUP_CONTAINMENT``
    contained in the other side's group, judged from the 1:1 matrix: with an Indel scorer
    (``fuzz.ratio``, the default) the common characters of a member with each item of the
    other group add up to an upper bound of its common characters with the joined group, so
    the filter never drops a real merge and most pairs are never joined at all. With other
    scorers the same filter is a heuristic.
    """
    if len(a) < 2 and len(b) < 2:
        return []
    la = np.array([len(s) for s in a], dtype=np.float32)[:, None]
    lb = np.array([len(s) for s in b], dtype=np.float32)[None, :]
    common = ratio * (la + lb) / 2  # Indel: ratio = 2 * common / (la + lb)
    share_a = common / np.maximum(la, 1)  # an empty string has nothing in common anyway
    share_b = common / np.maximum(lb, 1)
    n, m = len(a), len(b)
    sizes = range(1, min(max_group, max(n, m)) + 1)
    # covered_a[k][i, j]: a[i] is GROUP_CONTAINMENT contained in b[j:j+k]; covered_b likewise.
    covered_a = {k: _window_sum(share_a, k, axis=1) >= GROUP_CONTAINMENT for k in sizes if k <= m}
    covered_b = {k: _window_sum(share_b, k, axis=0) >= GROUP_CONTAINMENT for k in sizes if k <= n}
    found: list[tuple[int, int, int, int]] = []
    for ka in covered_b:
        for kb in covered_a:
            if ka == kb == 1 or (ka > 1 and kb > 1 and ka + kb > 4):
                continue
            rows_a, rows_b = covered_a[kb], covered_b[ka]
            ok = rows_a[: n - ka + 1].copy()
            for x in range(1, ka):
                ok &= rows_a[x : x + n - ka + 1]
            for y in range(kb):
                ok &= rows_b[:, y : y + m - kb + 1]
            rows, cols = np.nonzero(ok)
            found += [(ka, kb, i, j) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)]
    if not found:
        return []
    scores = process.cpdist(["".join(a[i : i + ka]) for ka, _, i, _ in found],
                            ["".join(b[j : j + kb]) for _, kb, _, j in found],
                            scorer=scorer, workers=1, dtype=np.float32) / np.float32(100)
    linked = (_linked(i, ka, j, kb, s, wa, wb, threshold, MERGE_PENALTY)
              for (ka, kb, i, j), s in zip(found, scores.tolist(), strict=True))
    return [c for c in linked if c is not None]


def _window_sum(matrix: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Sums of ``k`` consecutive entries along ``axis`` (that axis shrinks by ``k - 1``)."""
    rows = matrix if axis == 0 else matrix.T
    size = rows.shape[0] - k + 1
    total = rows[:size]
    for x in range(1, k):
        total = total + rows[x : x + size]
    return total if axis == 0 else total.T


def _best_chain(candidates: list[Candidate], m: int) -> list[Candidate]:
    """The non-crossing, non-overlapping chain of candidates with the largest total gain.

    Candidates are visited by start in ``a``; one whose ``a`` range has ended before the
    current start is entered in a Fenwick tree keyed by its end in ``b``, which answers
    "best chain ending at or before column j" in O(log m).
    """
    if not candidates:
        return []
    order = sorted(range(len(candidates)), key=lambda k: (candidates[k][0], candidates[k][2]))
    by_end = sorted(range(len(candidates)), key=lambda k: candidates[k][1])
    tree_val = [0.0] * (m + 1)
    tree_arg = [-1] * (m + 1)
    best = [0.0] * len(candidates)
    back = [-1] * len(candidates)
    entered = 0
    for k in order:
        i0, _, j0, _, gain, _ = candidates[k]
        while entered < len(by_end) and candidates[by_end[entered]][1] <= i0:
            e = by_end[entered]
            pos = candidates[e][3]
            while pos <= m:
                if best[e] > tree_val[pos]:
                    tree_val[pos], tree_arg[pos] = best[e], e
                pos += pos & -pos
            entered += 1
        value, arg, pos = 0.0, -1, j0
        while pos > 0:
            if tree_val[pos] > value:
                value, arg = tree_val[pos], tree_arg[pos]
            pos -= pos & -pos
        best[k], back[k] = gain + value, arg
    k = max(range(len(candidates)), key=best.__getitem__)
    chain = []
    while k >= 0:
        chain.append(candidates[k])
        k = back[k]
    return chain[::-1]


def _moves(one: np.ndarray, chain: list[Candidate], n: int, m: int,
           move_threshold: float) -> list[tuple[int, int, float]]:
    """Left-over 1:1 pairs at or above ``move_threshold``, best first, each item used once."""
    used_a = {i for c in chain for i in range(c[0], c[1])}
    used_b = {j for c in chain for j in range(c[2], c[3])}
    free_a = [i for i in range(n) if i not in used_a]
    free_b = [j for j in range(m) if j not in used_b]
    if not free_a or not free_b:
        return []
    sub = one[np.ix_(free_a, free_b)]
    rows, cols = np.nonzero(sub >= move_threshold)
    order = np.argsort(-sub[rows, cols], kind="stable")
    moves, taken_a, taken_b = [], set(), set()
    for r, c in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if r not in taken_a and c not in taken_b:
            taken_a.add(r)
            taken_b.add(c)
            moves.append((free_a[r], free_b[c], float(sub[r, c])))
    return moves


def _in_order(chain: list[Candidate], moves: list[tuple[int, int, float]], n: int,
              m: int) -> tuple[Link, ...]:
    moved_a = {i: (j, s) for i, j, s in moves}
    moved_b = {j for _, j, _ in moves}
    links: list[Link] = []
    pa = pb = 0

    def gap(a_end: int, b_end: int) -> None:
        for i in range(pa, a_end):
            if i in moved_a:
                j, s = moved_a[i]
                links.append(Link(i, i + 1, j, j + 1, s, moved=True))
            else:
                links.append(Link(i, i + 1, pb, pb, 0.0))
        links.extend(Link(a_end, a_end, j, j + 1, 0.0) for j in range(pb, b_end)
                     if j not in moved_b)

    for i0, i1, j0, j1, _, score in chain:
        gap(i0, j0)
        links.append(Link(i0, i1, j0, j1, score))
        pa, pb = i1, j1
    gap(n, m)
    return tuple(links)

