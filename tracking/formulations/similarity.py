"""How alike two wordings are: the strong pairs of an archive, found without comparing all.

A topic in 10,000 daily briefings has some 100,000 distinct wordings (candidate windows with
the same punctuation-free key are one wording, compared once): 5·10⁹ pairs, far too many to
score, and too many even for a filter that looks at each pair. So the pairs worth scoring are
found from the text itself, and only they are scored, exactly, with rapidfuzz.

Decisions:

* The scores are ``clustering``'s: from the Indel distance of the punctuation-free keys come
  the common characters ``lcs``, ``ratio = 2·lcs / (len a + len b)`` (``fuzz.ratio``) and
  ``contained = lcs / shorter length``; the link score is ``max(ratio, contained −
  CONTAINMENT_PENALTY)`` when ``lcs ≥ MIN_SHARED``, else ``ratio``.
* Candidates come from sorted runs. Every position of every wording is a suffix; the suffixes
  are sorted by their next ``KEY`` characters, and also (reading backwards) by the characters
  before them. Two wordings are candidates when two of their suffixes start with the same
  ``RUN`` characters and lie near each other in that order: all pairs of a bucket (the
  suffixes sharing those characters) of at most ``BUCKET`` wordings, and each suffix's
  ``NEIGHBOURS`` nearest on either side in a larger one. A line reworded is still mostly the
  same runs, and in a sorted order the wordings sharing the longest runs sit side by side,
  so the near-copies of a formulation said a thousand times are chained to each other instead
  of compared a million times. In a small corpus every bucket is small and every pair sharing
  two characters in a row is scored: the bundled corpus gets exactly the pairs a full matrix
  gives (``bench_families.py`` checks it). On the 1,000 MFA pages the pairs found join 97–99 %
  of the strongly linked pairs of a full matrix into the same connected groups, with 10–25
  pairs scored per wording.
* Only pairs scoring at least ``min_similarity`` are kept (the links families are grown
  from). Scores below it that the clustering asks for (may this wording join that family?,
  the medoid, the change between two periods' wordings) are computed exactly on demand
  (``scores``, ``block``), never guessed from the sparse set.
* Distances are computed on the keys with each character replaced by its frequency rank
  (``Similarity.coded``): a one-to-one mapping of characters keeps every equality, so every
  distance is the same, and rapidfuzz reads the 256 commonest characters from an array
  instead of a hash map (a quarter less time on the wordings of a topic).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from tifa.corpus.grams import distinct

CONTAINMENT_PENALTY = 0.15
MIN_SHARED = 8
RUN = 2  # characters two suffixes of a bucket share
KEY = 8  # characters a suffix is sorted by (four 16-bit ranks per 64-bit word)
BUCKET = 16  # a bucket of at most this many suffixes: every pair in it is a candidate
NEIGHBOURS = 2  # in a larger bucket, the nearest suffixes on either side
PARALLEL = 300  # more keys than this: rapidfuzz on every core (threads cost ~1 ms to start)


def common(distance: np.ndarray, la: np.ndarray, lb: np.ndarray) -> np.ndarray:
    """The characters two keys of lengths ``la`` and ``lb`` have in common, in order (their
    longest common subsequence), from their Indel distance: every other character of either
    is one insertion or deletion. Arrays, or numbers."""
    return (la + lb - distance) // 2


def link_score(
    lcs: np.ndarray, la: np.ndarray, lb: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ratio, contained and link score from common characters and lengths (arrays)."""
    ratio = 2 * lcs / np.maximum(la + lb, 1)
    contained = lcs / np.maximum(np.minimum(la, lb), 1)
    score = np.where(lcs >= MIN_SHARED, np.maximum(ratio, contained - CONTAINMENT_PENALTY), ratio)
    return ratio, contained, score


def max_distance(la: np.ndarray, lb: np.ndarray, floor: float) -> np.ndarray:
    """The largest Indel distance at which wordings of lengths ``la`` and ``lb`` (arrays that
    broadcast) still have a link score of at least ``floor``, below any distance they can
    have when none does: a pair fits exactly when its distance is at most this.

    The score grows with the common characters (``lcs``), so a pair fits exactly when its
    ``lcs`` reaches the least that scores ``floor``. That least is estimated from the formulas
    and then corrected by evaluating ``link_score`` itself on either side, so the table agrees
    with ``link_score`` to the last bit of its floating point."""
    la, lb = np.broadcast_arrays(np.asarray(la, dtype=np.int64), np.asarray(lb, dtype=np.int64))
    top = np.minimum(la, lb)

    def fits(lcs: np.ndarray) -> np.ndarray:
        return link_score(lcs, la, lb)[2] >= floor

    by_ratio = np.ceil(floor * (la + lb) / 2)
    by_containment = np.maximum(MIN_SHARED, np.ceil((floor + CONTAINMENT_PENALTY) * top))
    need = np.clip(np.minimum(by_ratio, by_containment), 0, top + 1).astype(np.int64)
    while True:  # the least lcs that fits, or top + 1 when none does
        lower = (need > 0) & fits(need - 1)
        higher = (need <= top) & ~fits(np.minimum(need, top))
        if not lower.any() and not higher.any():
            return la + lb - 2 * need
        need = need - lower + higher


class Similarity:
    """Wordings (by index into ``keys``): the pairs scoring at least ``min_similarity``
    (``a < b``, with ``lcs``, ``ratio_of``, ``score_of``), and exact scores on demand."""

    def __init__(self, keys: Sequence[str], min_similarity: float) -> None:
        self.keys = list(keys)
        self.lengths = np.fromiter((len(k) for k in self.keys), dtype=np.int64, count=len(keys))
        ranks = _ranks(self.keys)
        self.coded = _coded(ranks, self.lengths)  # what distances are computed on
        a, b = _candidate_pairs(ranks, self.lengths)
        lcs = self._lcs(a, b)
        ratio, _, score = link_score(lcs, self.lengths[a], self.lengths[b])
        keep = score >= min_similarity
        self.a, self.b, self.lcs = a[keep], b[keep], lcs[keep]
        self.ratio_of, self.score_of = ratio[keep], score[keep]

    def _lcs(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if not len(a):
            return np.zeros(0, dtype=np.int64)
        held = np.array(self.coded, dtype=object)
        workers = -1 if len(a) > PARALLEL else 1
        distance = process.cpdist(
            held[a], held[b], scorer=Indel.distance, dtype=np.int32, workers=workers
        )
        return common(distance, self.lengths[a], self.lengths[b])

    def scores(self, u: int, others: Sequence[int]) -> np.ndarray:
        """Exact link scores of wording ``u`` against each of ``others``."""
        if not len(others):
            return np.zeros(0)
        keys = [self.coded[v] for v in others]
        workers = -1 if len(keys) > PARALLEL else 1
        distance = process.cdist(
            [self.coded[u]], keys, scorer=Indel.distance, dtype=np.int32, workers=workers
        )[0]
        lengths = self.lengths[list(others)]
        la = self.lengths[u]
        return link_score(common(distance, la, lengths), la, lengths)[2]

    def fitting(self, floor: float) -> tuple[np.ndarray, np.ndarray]:
        """Per wording, the index of its length among the distinct lengths; and the table of
        ``max_distance`` between those lengths: wordings ``u`` and ``v`` score at least
        ``floor`` exactly when their Indel distance is at most ``table[at[u], at[v]]``."""
        sizes, at = np.unique(self.lengths, return_inverse=True)
        return at, max_distance(sizes[:, None], sizes[None, :], floor)

    def block(self, wordings: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Exact ratio and link score matrices of ``wordings`` against each other."""
        keys = [self.coded[u] for u in wordings]
        workers = -1 if len(keys) > PARALLEL else 1
        distance = process.cdist(keys, keys, scorer=Indel.distance, dtype=np.int32, workers=workers)
        lengths = self.lengths[list(wordings)]
        la, lb = lengths[:, None], lengths[None, :]
        ratio, _, score = link_score(common(distance, la, lb), la, lb)
        return ratio, score


def candidate_pairs(keys: Sequence[str], lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(a < b)`` of wordings worth scoring (see the module docstring)."""
    return _candidate_pairs(_ranks(keys), lengths)


def _candidate_pairs(ranks: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``candidate_pairs`` from the keys' characters as ``_ranks``."""
    n = len(lengths)
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.minimum(ranks, np.uint64(0xFFFF))  # a suffix's sort key holds 16 bits a rank
    owner = np.repeat(np.arange(n), lengths)
    offset = np.arange(len(codes)) - (np.cumsum(lengths) - lengths)[owner]
    # the wordings with ``KEY`` zeros before, between and after them: a suffix reads its next
    # (or previous) ``KEY`` ranks without a bounds check, and reads 0 past its wording's end
    at = np.arange(len(codes)) + KEY * (owner + 1)
    padded = np.zeros(len(codes) + KEY * (n + 1), dtype=np.uint64)
    padded[at] = codes
    found = [
        _neighbours(padded, at, owner, room, step)
        for room, step in ((lengths[owner] - offset, 1), (offset + 1, -1))
    ]
    a = np.concatenate([f[0] for f in found])
    b = np.concatenate([f[1] for f in found])
    pair = distinct(np.minimum(a, b) * n + np.maximum(a, b))
    pair = pair[pair // n != pair % n]
    return pair // n, pair % n


def _ranks(keys: Sequence[str]) -> np.ndarray:
    """Each character of the keys, one after another, as its frequency rank (1 =
    commonest)."""
    points = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
    if not len(points):
        return np.zeros(0, dtype=np.uint64)
    counts = np.bincount(points)  # a code point's count (counting beats np.unique's hash)
    chars = np.flatnonzero(counts)
    rank = np.zeros(len(counts), dtype=np.uint64)
    order = np.argsort(-counts[chars], kind="stable")
    rank[chars[order]] = np.arange(1, len(chars) + 1, dtype=np.uint64)
    return rank[points]


_SURROGATES = np.uint64(0xD800)  # code points a rank skips: no character may stand there


def _coded(ranks: np.ndarray, lengths: np.ndarray) -> list[str]:
    """The keys with each character replaced by the character whose code point is its rank
    (past the surrogates): one to one, so distances between keys are kept."""
    points = np.where(ranks >= _SURROGATES, ranks + np.uint64(0x800), ranks).astype(np.uint32)
    text = points.tobytes().decode("utf-32-le")
    ends = np.cumsum(lengths).tolist()
    return [text[e - n : e] for e, n in zip(ends, lengths.tolist(), strict=True)]


def _neighbours(
    padded: np.ndarray, at: np.ndarray, owner: np.ndarray, room: np.ndarray, step: int
) -> tuple[np.ndarray, np.ndarray]:
    """Owner pairs of suffixes (read forwards, ``step`` 1, or backwards, −1) of at least
    ``RUN`` characters, near each other in sorted order."""
    keep = room >= RUN
    at, owner = at[keep], owner[keep]
    words = []
    for half in range(KEY // 4):
        word = np.zeros(len(at), dtype=np.uint64)
        for j in range(4):
            word |= padded[at + step * (4 * half + j)] << np.uint64(16 * (3 - j))
        words.append(word)
    order = _lexsorted(words[0], words[1])
    owner = owner[order]
    bucket = words[0][order] >> np.uint64(64 - 16 * RUN)
    starts = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]])
    runs = np.diff(np.r_[starts, len(bucket)])
    # the buckets are runs of the sorted order: a suffix and the one ``gap`` places on share a
    # bucket when the bucket has at least ``gap`` more suffixes after it
    after = np.repeat(starts + runs, runs) - np.arange(len(bucket)) - 1
    small = np.flatnonzero(np.repeat(runs, runs) <= BUCKET)  # suffixes of small buckets
    a_list, b_list = [], []
    for gap in range(1, max(NEIGHBOURS, BUCKET)):
        # the nearest suffixes of every bucket; farther ones only in a small bucket
        if gap <= NEIGHBOURS:
            i = np.flatnonzero(after >= gap)
        else:
            small = small[after[small] >= gap]
            i = small
        if not len(i) and gap >= NEIGHBOURS:
            break
        a_list.append(owner[i])
        b_list.append(owner[i + gap])
    if not a_list:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(a_list), np.concatenate(b_list)


def _lexsorted(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``np.lexsort((second, first))``: by ``first``, then ``second``, then position. Each
    key is replaced by its rank among its distinct values and the two ranks and the position
    are packed into one integer no two positions share, so numpy's fastest, unstable, sort
    gives the stable order (a fifth less time than a lexsort of two 64-bit keys)."""
    n = len(first)
    bits = np.uint64(max(1, n.bit_length()))
    if 3 * int(bits) > 64:
        return np.lexsort((second, first))
    position = np.arange(n, dtype=np.uint64)
    return np.argsort((_rank(first) << (bits + bits)) | (_rank(second) << bits) | position)


def _rank(values: np.ndarray) -> np.ndarray:
    """Each value's rank among the distinct values (0 for the least)."""
    order = np.argsort(values)
    ordered = values[order]
    new = np.zeros(len(values), dtype=np.uint64)
    new[1:] = ordered[1:] != ordered[:-1]
    rank = np.empty(len(values), dtype=np.uint64)
    rank[order] = np.cumsum(new, dtype=np.uint64)
    return rank


class Wordings:
    """Candidate windows grouped by wording (the punctuation-free key), with the wordings'
    similarity (strong pairs at ``min_similarity``, exact scores on demand)."""

    def __init__(self, keys: Sequence[str], min_similarity: float) -> None:
        index: dict[str, int] = {}
        of = [index.setdefault(k, len(index)) for k in keys]
        self.keys = tuple(index)
        self.of = np.array(of, dtype=np.int64)
        # the windows of wording u are idx[ptr[u]:ptr[u + 1]], in reading order
        self.idx = np.argsort(self.of, kind="stable")
        self.ptr = np.searchsorted(self.of[self.idx], np.arange(len(self.keys) + 1))
        # the same as tuples, for the hundreds of thousands of times clustering asks
        held, bounds = self.idx.tolist(), self.ptr.tolist()
        self._windows = [tuple(held[p:q]) for p, q in pairwise(bounds)]
        self.sim = Similarity(self.keys, min_similarity)

    def windows(self, u: int) -> tuple[int, ...]:
        return self._windows[u]
