"""How alike two wordings are: sparse, exact, and fast enough for archives of long documents.

A topic in 1,000 reports of 10,000 characters has some 20,000 candidate windows; a dense
matrix of them is 400 million pairs. Windows with the same wording (a formulation repeated
verbatim in every briefing) are compared once, as one *wording*; and of the pairs of
wordings only those that could score at least ``floor`` are compared with rapidfuzz.

Decisions:

* The scores are ``clustering``'s: from the Indel distance of the punctuation-free keys come
  the common characters ``lcs``, ``ratio = 2·lcs / (len a + len b)`` (``fuzz.ratio``) and
  ``contained = lcs / shorter length``; the link score is ``max(ratio, contained −
  CONTAINMENT_PENALTY)`` when ``lcs ≥ MIN_SHARED``, else ``ratio``.
* Every pair scoring at least ``floor`` is kept, exactly; a pair not kept scores less. The
  prefilter is lossless: a score ≥ f needs ``lcs ≥ f·m`` (m the shorter length; the ratio
  path gives lcs ≥ f·(la+lb)/2 ≥ f·m, the containment path more), and the characters two
  keys share (as multisets) bound ``lcs`` from above. Characters are hashed by frequency
  rank into ``BUCKETS`` bit positions; for the shorter key ``a``, shared ≤ |buckets of a ∩
  buckets of b| + (len a − |buckets of a|), a popcount that numpy computes for a block of
  rows against all longer keys at once. What passes is scored with ``process.cpdist``.
  On the synthetic benchmark the filter keeps about 1 % of the pairs.
* Scores that the clustering needs below ``floor`` (the medoid of a family, the change
  between two years' wordings, ordering by similarity) are computed exactly on demand
  (``block``, ``ratio``), never guessed from the sparse set.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from tifa.tracking.formulations.clauses import Candidate

CONTAINMENT_PENALTY = 0.15
MIN_SHARED = 8
BUCKETS = 192  # three 64-bit words per key
ROWS = 128  # keys compared at a time against all longer ones (small blocks stay in cache)
PARALLEL = 300  # more keys than this: rapidfuzz on every core (threads cost ~1 ms to start)


def link_score(
    lcs: np.ndarray, la: np.ndarray, lb: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ratio, contained and link score from common characters and lengths (arrays)."""
    ratio = 2 * lcs / np.maximum(la + lb, 1)
    contained = lcs / np.maximum(np.minimum(la, lb), 1)
    score = np.where(lcs >= MIN_SHARED, np.maximum(ratio, contained - CONTAINMENT_PENALTY), ratio)
    return ratio, contained, score


class Wordings:
    """Candidate windows grouped by wording (the punctuation-free key), with the similarity
    of the wordings. Windows of one document never compare: their score and ratio are 0."""

    def __init__(self, candidates: Sequence[Candidate], floor: float) -> None:
        index: dict[str, int] = {}
        of = [index.setdefault(c.match, len(index)) for c in candidates]
        self.keys = tuple(index)
        self.of = np.array(of, dtype=np.int64)
        # the windows of wording u are idx[ptr[u]:ptr[u + 1]], in reading order
        self.idx = np.argsort(self.of, kind="stable")
        self.ptr = np.searchsorted(self.of[self.idx], np.arange(len(self.keys) + 1))
        self.docs = tuple(c.doc for c in candidates)
        self.doc_index = np.unique(np.array(self.docs, dtype=object), return_inverse=True)[1]
        self.sim = Similarity(self.keys, floor)

    def _apart(self, i: int, j: int) -> bool:
        return i == j or self.docs[i] != self.docs[j]

    def ratio(self, i: int, j: int) -> float:
        """``fuzz.ratio`` of two windows, exactly (0 for two of one document)."""
        return self.sim.ratio(int(self.of[i]), int(self.of[j])) if self._apart(i, j) else 0.0

    def block(self, windows: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Exact ratio and score matrices of ``windows`` against each other."""
        held = self.of[list(windows)]
        wordings, back = np.unique(held, return_inverse=True)
        ratio, score = self.sim.block(wordings.tolist())
        docs = np.array([self.docs[i] for i in windows], dtype=object)
        apart = (docs[:, None] != docs[None, :]) | np.eye(len(windows), dtype=bool)
        return (
            np.where(apart, ratio[np.ix_(back, back)], 0.0),
            np.where(apart, score[np.ix_(back, back)], 0.0),
        )


class Similarity:
    """Pairs of wordings (by index into ``keys``) that score at least ``floor``."""

    def __init__(self, keys: Sequence[str], floor: float) -> None:
        self.keys = list(keys)
        self.floor = floor
        self.lengths = np.fromiter((len(k) for k in self.keys), dtype=np.int64, count=len(keys))
        a, b = _candidate_pairs(self.keys, self.lengths, floor)
        if len(a):
            held = np.array(self.keys, dtype=object)
            distance = process.cpdist(
                held[a], held[b], scorer=Indel.distance, dtype=np.int32, workers=-1
            )
            lcs = (self.lengths[a] + self.lengths[b] - distance) // 2
        else:
            lcs = np.zeros(0, dtype=np.int64)
        ratio, contained, score = link_score(lcs, self.lengths[a], self.lengths[b])
        keep = score >= floor
        self.a, self.b = a[keep], b[keep]
        self.lcs, self.ratio_of = lcs[keep], ratio[keep]
        self.contained, self.score_of = contained[keep], score[keep]
        self._near = set((self.a * len(self.keys) + self.b).tolist())

    def near(self, u: int, v: int) -> bool:
        """Do two wordings score at least ``floor``?"""
        return u == v or (u * len(self.keys) + v if u < v else v * len(self.keys) + u) in self._near

    def ratio(self, u: int, v: int) -> float:
        """``fuzz.ratio`` of two wordings, exactly, whatever it is."""
        return 1.0 if u == v else float(Indel.normalized_similarity(self.keys[u], self.keys[v]))

    def block(self, wordings: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Exact ratio and link score matrices of ``wordings`` against each other."""
        keys = [self.keys[u] for u in wordings]
        workers = -1 if len(keys) > PARALLEL else 1
        distance = process.cdist(keys, keys, scorer=Indel.distance, dtype=np.int32, workers=workers)
        lengths = self.lengths[list(wordings)]
        la, lb = lengths[:, None], lengths[None, :]
        ratio, _, score = link_score((la + lb - distance) // 2, la, lb)
        return ratio, score


def _candidate_pairs(
    keys: Sequence[str], lengths: np.ndarray, floor: float
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (a < b) that may score at least ``floor`` (see the module docstring)."""
    n = len(keys)
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(n), lengths))  # shorter first: row i against columns j > i
    sorted_lengths = lengths[order]
    codes = np.frombuffer("".join(keys[i] for i in order).encode("utf-32-le"), dtype=np.uint32)
    owner = np.repeat(np.arange(n), sorted_lengths)
    chars, inverse, counts = np.unique(codes, return_inverse=True, return_counts=True)
    rank = np.empty(len(chars), dtype=np.int64)
    rank[np.argsort(-counts, kind="stable")] = np.arange(len(chars))
    bucket = rank[inverse] % BUCKETS
    words = BUCKETS // 64
    bits = np.zeros((words, n), dtype=np.uint64)
    np.bitwise_or.at(
        bits, (bucket // 64, owner), np.left_shift(np.uint64(1), (bucket % 64).astype(np.uint64))
    )
    distinct = np.bitwise_count(bits).sum(axis=0).astype(np.int64)
    need = np.ceil(floor * sorted_lengths - 1e-9).astype(np.int64)
    threshold = np.clip(need - (sorted_lengths - distinct), 0, 255).astype(np.uint8)
    rows, cols = [], []
    for start in range(0, n - 1, ROWS):
        end = min(n, start + ROWS)
        shared = np.bitwise_count(bits[0, start:end, None] & bits[0, None, start:])
        for w in range(1, words):
            shared += np.bitwise_count(bits[w, start:end, None] & bits[w, None, start:])
        r, c = np.nonzero(shared >= threshold[start:end, None])
        above = c > r
        rows.append(r[above] + start)
        cols.append(c[above] + start)
    i, j = order[np.concatenate(rows)], order[np.concatenate(cols)]
    return np.minimum(i, j), np.maximum(i, j)
