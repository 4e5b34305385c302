"""Monotonic alignment of two sequences of strings, with gaps, merges, splits and moves.

Generic on purpose: turns, sentences and clauses all go through here. Strings go in, links
between index ranges come out; what the strings are is the caller's business.

Decisions:

* Similarity is rapidfuzz's ``process.extract`` (one C call per row) scaled to 0..1, never
  a Python loop of scorer calls. A caller may pass its own 1:1 matrix (the diff blends
  speaker and text similarity for turns); groups are then still scored on the strings.
* A link between ``a[i0:i1]`` and ``b[j0:j1]`` gains ``(score - threshold) * weight``, the
  weight being the characters it covers (or caller-given weights), and a gap gains nothing.
  The alignment is the chain of non-crossing links with the largest total gain. It is found
  by a sparse chain search over the candidate links above the threshold (prefix maxima in a
  Fenwick tree, O(K log m) for K candidates), so long, dissimilar sequences stay cheap.
* Groups: merges ``a[i:i+k]`` ~ ``b[j]``, splits (the reverse) for ``k`` up to
  ``max_group``, and regroups of two against two (sentence boundaries moved). Candidates are
  filtered on the 1:1 matrix (see ``_group_candidates``) and the survivors scored with one
  ``process.extract`` per distinct joined ``a`` side. A group pays a small penalty, so it
  wins only when it really covers its parts (one long sentence edited into two), not when a
  neighbour tags along.
* Moves: items left over by the chain are paired best first when their 1:1 score reaches
  ``move_threshold``. A moved link is listed where its ``a`` side stands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from rapidfuzz import fuzz, process

LinkKind = Literal["match", "merge", "split", "regroup", "only_a", "only_b", "moved"]
Scorer = Callable[..., float]
Matrix = list[list[float]]  # rows of a, columns of b; small enough that lists beat numpy

_ABOVE_ZERO = 1e-9  # a score_cutoff that drops exact zeros from extract's results

MERGE_PENALTY = 0.03
GROUP_CONTAINMENT = 0.5
# The least share of a cell that can seed a group: half the containment, for two against two.
_SEED_FLOOR = GROUP_CONTAINMENT / 2


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


def similarity(
    a: Sequence[str], b: Sequence[str], scorer: Scorer = fuzz.ratio, cutoff: float = 0.0
) -> Matrix:
    """The ``len(a) x len(b)`` matrix (rows of ``b``) of ``scorer`` scores in 0..1.

    One ``process.extract`` per row of ``a`` against all of ``b``: rapidfuzz scores the row
    in C. Not ``cdist``, which returns a numpy array, and importing numpy would cost a whole
    ``tifa diff`` process a third of its time. Scores below ``cutoff``, and zeros, stay 0.
    """
    matrix = [[0.0] * len(b) for _ in a]
    if b:
        floor = max(cutoff * 100, _ABOVE_ZERO)
        for row, query in zip(matrix, a, strict=True):
            for _, score, j in process.extract(
                query, b, scorer=scorer, limit=None, score_cutoff=floor
            ):
                row[j] = score / 100
    return matrix


def align(
    a: Sequence[str],
    b: Sequence[str],
    *,
    threshold: float = 0.5,
    scorer: Scorer = fuzz.ratio,
    scores: Matrix | None = None,
    max_group: int = 2,
    weights: tuple[Sequence[float], Sequence[float]] | None = None,
    move_threshold: float | None = None,
) -> tuple[Link, ...]:
    """Align ``a`` with ``b``; every index of each side appears in exactly one link.

    Links come in reading order: the monotonic chain with the gaps between its links (items
    only in ``a`` before those only in ``b``), moved links at their ``a`` position.
    """
    n, m = len(a), len(b)
    wa = [0.0, *accumulate(float(w) for w in (weights[0] if weights else map(len, a)))]
    wb = [0.0, *accumulate(float(w) for w in (weights[1] if weights else map(len, b)))]
    ratio = similarity(a, b, scorer) if scores is None or max_group > 1 else None
    one = ratio if scores is None else scores
    assert one is not None
    if len(one) != n or any(len(row) != m for row in one):
        raise ValueError(f"scores must be {n} rows of {m}")
    linked = (
        _linked(i, 1, j, 1, s, wa, wb, threshold, 0.0)
        for i, row in enumerate(one)
        for j, s in enumerate(row)
        if s > threshold
    )
    candidates = [c for c in linked if c is not None]
    if ratio is not None and max_group > 1:
        candidates += _group_candidates(a, b, ratio, max_group, wa, wb, threshold, scorer)
    chain = _best_chain(candidates, m)
    moves = _moves(one, chain, n, m, move_threshold) if move_threshold is not None else []
    return _in_order(chain, moves, n, m)


Candidate = tuple[int, int, int, int, float, float]  # i0, i1, j0, j1, gain, score


def _linked(
    i: int,
    ka: int,
    j: int,
    kb: int,
    score: float,
    wa: list[float],
    wb: list[float],
    threshold: float,
    penalty: float,
) -> Candidate | None:
    """The candidate link ``a[i:i+ka]`` ~ ``b[j:j+kb]``, or None if it gains nothing.

    ``wa``/``wb`` are cumulative weights (``wa[i]`` is the weight of ``a[:i]``).
    """
    gain = (score - penalty - threshold) * (wa[i + ka] - wa[i] + wb[j + kb] - wb[j])
    return (i, i + ka, j, j + kb, gain, score) if gain > 0 else None


def _group_candidates(
    a: Sequence[str],
    b: Sequence[str],
    ratio: Matrix,
    max_group: int,
    wa: list[float],
    wb: list[float],
    threshold: float,
    scorer: Scorer,
) -> list[Candidate]:
    """Merge, split and regroup links, scored exactly on the joined strings.

    A group is scored only if each of its members is at least ``GROUP_CONTAINMENT``
    contained in the other side's group, judged from the 1:1 matrix: with an Indel scorer
    (``fuzz.ratio``, the default) the common characters of a member with each item of the
    other group add up to an upper bound of its common characters with the joined group, so
    the filter never drops a real merge and most pairs are never joined at all. With other
    scorers the same filter is a heuristic.
    """
    n, m = len(a), len(b)
    if n < 2 and m < 2:
        return []
    shares = _Shares(ratio, [len(s) for s in a], [len(s) for s in b])
    found = [
        (ka, kb, i, j)
        for ka in range(1, min(max_group, n) + 1)
        for kb in range(1, min(max_group, m) + 1)
        if ka + kb > 2 and (ka == 1 or kb == 1 or ka + kb <= 4)
        for i, j in shares.groups(ka, kb)
    ]
    scores = _group_scores(a, b, found, scorer)
    linked = (
        _linked(i, ka, j, kb, s, wa, wb, threshold, MERGE_PENALTY)
        for (ka, kb, i, j), s in zip(found, scores, strict=True)
    )
    return [c for c in linked if c is not None]


class _Shares:
    """How much of each item is found in each item of the other side, from a ratio matrix.

    Indel: ``ratio = 2 * common / (la + lb)``, so ``a[i]`` has ``common / la`` of itself in
    ``b[j]`` (``of_a[i][j]``) and ``b[j]`` has ``common / lb`` in ``a[i]`` (``of_b[j][i]``).
    Prefix sums along each row (``sum_a``, ``sum_b``) give the share of an item held by any
    run of the other side. The shares are made as one flat list per side: the matrices are
    small, and a list per row would cost more than its cells.
    """

    def __init__(self, ratio: Matrix, la: list[int], lb: list[int]):
        n, m = len(la), len(lb)
        of_a = [
            r * (x + y) * per
            for row, x, per in zip(ratio, la, _halves(la), strict=True)
            for r, y in zip(row, lb, strict=True)
        ]
        columns = zip(*ratio, strict=True) if ratio else [() for _ in lb]
        of_b = [
            r * (x + y) * per
            for column, y, per in zip(columns, lb, _halves(lb), strict=True)
            for r, x in zip(column, la, strict=True)
        ]
        self.sum_a = [list(accumulate(of_a[i * m : i * m + m], initial=0.0)) for i in range(n)]
        self.sum_b = [list(accumulate(of_b[j * n : j * n + n], initial=0.0)) for j in range(m)]
        # The cells that can seed a group (see ``groups``), as (row * width + column, share):
        # a quarter of them.
        self.cells_a = [(k, s) for k, s in enumerate(of_a) if s >= _SEED_FLOOR]
        self.cells_b = [(k, s) for k, s in enumerate(of_b) if s >= _SEED_FLOOR]

    def groups(self, ka: int, kb: int) -> list[tuple[int, int]]:
        """Starts ``(i, j)`` of the groups ``a[i:i+ka]`` ~ ``b[j:j+kb]`` whose every member
        is contained enough in the other side, in reading order.

        Seeds come from the cells where a first member shares at least ``1 / kb`` (or
        ``1 / ka``) of the containment it needs: it cannot be contained otherwise, and
        such cells are few. Groups are one against several or two against two, so that is
        never less than ``_SEED_FLOOR``.
        """
        if min(ka, kb) * _SEED_FLOOR > GROUP_CONTAINMENT:
            raise ValueError(f"no seeds kept for groups of {ka} against {kb}")
        if kb <= ka:
            return _seeded(self.cells_a, self.sum_a, self.sum_b, ka, kb)
        return sorted((i, j) for j, i in _seeded(self.cells_b, self.sum_b, self.sum_a, kb, ka))


def _seeded(
    cells: list[tuple[int, float]], sums: Matrix, other: Matrix, k: int, k_other: int
) -> list[tuple[int, int]]:
    """``_Shares.groups`` seen from the seeding side: starts ``(r, c)`` of groups of ``k``
    rows against ``k_other`` columns, sorted; ``sums``/``other`` are the prefix sums of the
    rows' and the columns' shares, ``cells`` the seeding side's ``_Shares.cells_*``.

    Plain loops that stop at the first member not contained: a diff tries a couple of
    thousand seeds, and most fail on the first or second member.
    """
    n, m = len(sums), len(other)
    need, enough = GROUP_CONTAINMENT / k_other, GROUP_CONTAINMENT
    found: list[tuple[int, int]] = []
    r = fresh = -1  # starts below ``fresh`` were tried for row ``r``
    for index, share in cells:
        if share < need:
            continue
        row_of_cell, cell = divmod(index, m)
        if row_of_cell > n - k:
            break
        if row_of_cell != r:
            r, fresh = row_of_cell, 0
        r_end = r + k
        first, last = cell - k_other + 1, m - k_other
        for c in range(first if first > fresh else fresh, (cell if cell < last else last) + 1):
            c_end = c + k_other
            for x in range(r, r_end):
                row = sums[x]
                if row[c_end] - row[c] < enough:
                    break
            else:
                for y in range(c, c_end):
                    column = other[y]
                    if column[r_end] - column[r] < enough:
                        break
                else:
                    found.append((r, c))
            fresh = c + 1
    return found


def _halves(lengths: list[int]) -> list[float]:
    """``1 / (2 * length)``: common characters are ``ratio * (la + lb) / 2``."""
    return [0.5 / max(n, 1) for n in lengths]


def _group_scores(
    a: Sequence[str], b: Sequence[str], groups: list[tuple[int, int, int, int]], scorer: Scorer
) -> list[float]:
    """Scores (0..1) of ``a[i:i+ka]`` joined against ``b[j:j+kb]`` joined, for each group;
    one ``process.extract`` per distinct joined ``a`` side."""
    by_a: dict[str, list[int]] = {}
    for k, (ka, _, i, _) in enumerate(groups):
        by_a.setdefault("".join(a[i : i + ka]), []).append(k)
    scores = [0.0] * len(groups)
    for joined_a, ks in by_a.items():
        joined_b = ["".join(b[groups[k][3] : groups[k][3] + groups[k][1]]) for k in ks]
        for _, score, x in process.extract(joined_a, joined_b, scorer=scorer, limit=None):
            scores[ks[x]] = score / 100
    return scores


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


def _moves(
    one: Matrix, chain: list[Candidate], n: int, m: int, move_threshold: float
) -> list[tuple[int, int, float]]:
    """Left-over 1:1 pairs at or above ``move_threshold``, best first, each item used once.

    Ties go to the earlier pair in reading order (``a`` first, then ``b``).
    """
    used_a = {i for c in chain for i in range(c[0], c[1])}
    used_b = {j for c in chain for j in range(c[2], c[3])}
    free_b = [j for j in range(m) if j not in used_b]
    pairs = [
        (one[i][j], i, j)
        for i in range(n)
        if i not in used_a
        for j in free_b
        if one[i][j] >= move_threshold
    ]
    pairs.sort(key=lambda p: -p[0])
    moves, taken_a, taken_b = [], set(), set()
    for score, i, j in pairs:
        if i not in taken_a and j not in taken_b:
            taken_a.add(i)
            taken_b.add(j)
            moves.append((i, j, score))
    return moves


def _in_order(
    chain: list[Candidate], moves: list[tuple[int, int, float]], n: int, m: int
) -> tuple[Link, ...]:
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
        links.extend(
            Link(a_end, a_end, j, j + 1, 0.0) for j in range(pb, b_end) if j not in moved_b
        )

    for i0, i1, j0, j1, _, score in chain:
        gap(i0, j0)
        links.append(Link(i0, i1, j0, j1, score))
        pa, pb = i1, j1
    gap(n, m)
    return tuple(links)
