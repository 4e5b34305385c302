"""Candidate pairs that find containment: an inverted index of sampled 8-character runs.

A statement printed in full inside the day's briefing has a Jaccard of 0.1–0.3 with it (the
briefing is five to twenty times longer), far below anything a MinHash band can find; yet
99 % of the statement is inside. What finds it is counting, for every pair of documents, the
runs they share, and dividing by the smaller document's runs: an estimate of containment that
does not care how long the host is.

Decisions, measured with ``benchmarks/bench_dupes.py`` (10,000 synthetic transcripts):

* **Sampled runs.** Every 8-character run of letters and digits (the unit that
  ``tracking.versions.dupes`` confirms with) whose hash is 0 mod ``SAMPLE``: one in eight,
  chosen by content, so two texts sample the same runs wherever they share them (Broder's
  "0 mod p" sampling). A 300-character statement keeps about 37; the estimate of its
  containment errs by about ±0.08 at 0.5. 7.7 million samples for 68 million characters.
* **An inverted index, not banded MinHash.** The samples are sorted once (one uint64 sort:
  hash bits and document packed together); documents sharing a sample are paired and the
  pairs counted. MinHash LSH finds high Jaccard only, and LSH Ensemble (partitioning by size
  so a containment threshold becomes a Jaccard one) still needs several hundred permutations
  to see a 300-character statement in a 5,000-character briefing; passage-level sketches
  multiply the sketches by the passages. Counting shared samples is exact for the sample, as
  cheap as sketching (the hashes are the cost), and finds versions too, so it is the one
  candidate stage for every relation.
* **Common runs are not paired exhaustively.** A run in more than ``COMMON`` documents is set
  phrase or boilerplate (人类命运共同体 in every conference, a greeting), and pairing all its
  documents costs the square of its count. Such runs count only for *crowd* documents, whose
  samples are mostly common (3,000 overlapping excerpts of one speech, a template announcement
  filled in a hundred times): there each run pairs its documents with ``BAND`` neighbours in a
  shuffled order, and each pair so found counts for the pairs it stands for, so the estimate
  stays unbiased while the work grows linearly. A crowd document's partners are an estimate
  and are reported as such.
* **A cap on partners.** Each document keeps its ``max_partners`` strongest candidates; a pair
  is examined when either side keeps it. So a corpus of N documents never confirms more than
  N × ``max_partners`` pairs: a cluster of mutually overlapping documents is reported through
  each one's strongest links (and as a group), not as every one of its N² pairs. Documents
  whose partners were cut or estimated are returned as ``crowded``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tifa.tracking.versions import shingles

RUN = 8  # characters per run: set phrases (人类命运共同体, 中华人民共和国) are shorter
SAMPLE = 8  # one run in this many, by hash
COMMON = 64  # a run in more documents than this is common
BAND = 4  # neighbours each crowd document meets per common run
CROWD_SHARE = 0.5  # a document whose samples are at least this share common is a crowd one
MIN_SHARED = 2  # samples two documents must share to be a candidate
MAX_PARTNERS = 12  # candidates kept per document
_OWNER_BITS = 24  # documents per corpus: up to 16.7 million
_OWNER_MASK = np.uint64((1 << _OWNER_BITS) - 1)
_SHUFFLE = np.uint64(0x94D049BB133111EB)


@dataclass(frozen=True)
class Candidates:
    """Pairs to confirm, ``first < second`` (indexes into the keys), with the estimated share
    of the smaller document found in the other; and which documents are crowded."""

    first: np.ndarray
    second: np.ndarray
    estimate: np.ndarray
    crowded: frozenset[int]
    samples: np.ndarray  # per document


def sample_index(keys: Sequence[str], workers: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Every document's distinct sampled runs: (sample, document) sorted by sample."""

    def work(first: int, last: int) -> np.ndarray:
        h, grams = shingles.chunk_grams(keys[first:last], RUN)
        owner = np.repeat(np.arange(first, last, dtype=np.uint64), grams)
        sampled = (h & np.uint64(SAMPLE - 1)) == 0
        return ((h[sampled] >> np.uint64(_OWNER_BITS)) << np.uint64(_OWNER_BITS)) | owner[sampled]

    parts = shingles.map_chunks(keys, work, workers)
    packed = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
    packed.sort()
    packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))] if len(packed) else packed
    return packed >> np.uint64(_OWNER_BITS), (packed & _OWNER_MASK).astype(np.int64)


def candidates(
    keys: Sequence[str],
    floor: float,
    *,
    max_partners: int = MAX_PARTNERS,
    workers: int = 2,
) -> Candidates:
    """Pairs whose estimated containment (shared samples over the smaller document's) reaches
    ``floor``, at most ``max_partners`` per document (0: no cap), plus identical texts."""
    n = len(keys)
    sample, owner = sample_index(keys, workers)
    samples = np.bincount(owner, minlength=n)
    starts = np.flatnonzero(np.concatenate(([True], sample[1:] != sample[:-1])))
    df = np.diff(np.append(starts, len(sample)))
    entry_df = np.repeat(df, df)
    rare = (entry_df >= 2) & (entry_df <= COMMON)
    exact = _all_pairs(owner[rare], sample[rare], n)
    band_ids = band_weights = np.zeros(0)
    common = entry_df > COMMON
    common_samples = np.bincount(owner[common], minlength=n)
    crowd = (common_samples >= CROWD_SHARE * samples) & (samples > 0)
    if crowd.any():
        band = common & crowd[owner]
        band_ids, band_weights = _band_pairs(owner[band], sample[band], n)
    # A document's common runs count only if it is a crowd one: for the others, they are
    # set phrases, never counted as shared, so they are left out of the denominator too.
    counted = np.where(crowd, samples, samples - common_samples)
    pair, shared, seen = _sum_by_pair(exact, band_ids, band_weights)
    first, second = pair // n, pair % n
    smaller = np.maximum(np.minimum(counted[first], counted[second]), 1)
    estimate = np.minimum(shared / smaller, 1.0)
    keep = (seen >= MIN_SHARED) & (estimate >= floor)
    first, second, estimate = first[keep], second[keep], estimate[keep]
    first, second, estimate = _with_identical(keys, first, second, estimate)
    first, second, estimate, over = _cap(first, second, estimate, n, max_partners)
    crowded = over | frozenset(int(i) for i in np.flatnonzero(crowd))
    return Candidates(first, second, estimate, crowded, samples)


def _all_pairs(owner: np.ndarray, sample: np.ndarray, n: int) -> np.ndarray:
    """Every pair of documents within each run of equal samples, as ``low * n + high``."""
    if not len(owner):
        return np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], sample[1:] != sample[:-1])))
    sizes = np.diff(np.append(starts, len(owner)))
    starts, sizes = starts[sizes > 1], sizes[sizes > 1]
    # Element at offset o of a run of size s pairs with the s - 1 - o elements after it.
    offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    positions = np.repeat(starts, sizes) + offsets
    partners = np.repeat(sizes, sizes) - 1 - offsets
    first = np.repeat(positions, partners)
    run_start = np.repeat(np.cumsum(partners) - partners, partners)
    second = first + 1 + np.arange(len(first)) - run_start
    a, b = owner[first], owner[second]  # owners ascend within a run: a < b
    return a * n + b


def _band_pairs(owner: np.ndarray, sample: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of crowd documents meeting in common runs: in each run, in an order shuffled by
    the run's hash, every document with its ``BAND`` successors; each pair weighs the number
    of pairs of the run it stands for, so weighted counts estimate shared samples."""
    own, smp = owner, sample
    order = np.lexsort((_shuffled(smp, own), smp))
    own, smp = own[order], smp[order]
    starts = np.flatnonzero(np.concatenate(([True], smp[1:] != smp[:-1])))
    m = np.diff(np.append(starts, len(smp)))
    linked = np.minimum(m - 1, BAND)
    emitted = linked * m - linked * (linked + 1) // 2  # pairs within distance BAND
    weight = np.where(emitted > 0, m * (m - 1) / 2 / np.maximum(emitted, 1), 0.0)
    entry_weight = np.repeat(weight, m)
    ids, weights = [], []
    for d in range(1, BAND + 1):
        same = smp[d:] == smp[:-d]
        a, b = own[:-d][same], own[d:][same]
        ids.append(np.minimum(a, b) * n + np.maximum(a, b))
        weights.append(entry_weight[d:][same])
    return np.concatenate(ids), np.concatenate(weights)


def _shuffled(sample: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """A pseudo-random key per (sample, document), independent across samples (splitmix64's
    finaliser over both), so that a pair's neighbourhood in one run says nothing of the next."""
    x = sample ^ (owner.astype(np.uint64) * _SHUFFLE)
    x ^= x >> np.uint64(31)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(29)
    x *= _SHUFFLE
    return x ^ (x >> np.uint64(32))


def _sum_by_pair(
    exact: np.ndarray, band: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct pair ids, their summed weights and how often each was seen: ``exact`` pairs
    weigh 1 (a plain sort), ``band`` pairs their ``weights`` (fewer: a sort that carries
    them)."""
    exact = np.sort(exact)
    counted = _runs(exact, np.ones(len(exact)))
    if not len(band):
        return counted
    order = np.argsort(band, kind="stable")
    banded = _runs(band[order], weights[order])
    pair, total, seen = (np.concatenate(p) for p in zip(counted, banded, strict=True))
    order = np.argsort(pair, kind="stable")
    pair, total, seen = pair[order], total[order], seen[order]
    starts = _starts(pair)
    return pair[starts], np.add.reduceat(total, starts), np.add.reduceat(seen, starts)


def _runs(ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For sorted ``ids``: each distinct id, its summed weight and its count."""
    if not len(ids):
        return ids, weights, ids
    starts = _starts(ids)
    return ids[starts], np.add.reduceat(weights, starts), np.diff(np.append(starts, len(ids)))


def _starts(ids: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.concatenate(([True], ids[1:] != ids[:-1])))


def _with_identical(
    keys: Sequence[str], first: np.ndarray, second: np.ndarray, estimate: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Add pairs of identical letters and digits, however short (too short to be sampled)."""
    groups: dict[bytes, list[int]] = {}
    for i, key in enumerate(keys):
        letters = shingles.content(key)
        if len(letters):
            groups.setdefault(hashlib.blake2b(letters.tobytes()).digest(), []).append(i)
    extra = [(a, b) for g in groups.values() for x, a in enumerate(g) for b in g[x + 1 :]]
    if not extra:
        return first, second, estimate
    ea, eb = np.array(extra, dtype=np.int64).T
    n = len(keys)
    ids = np.concatenate((first * n + second, ea * n + eb))
    values = np.concatenate((estimate, np.ones(len(extra))))
    order = np.lexsort((-values, ids))
    ids, values = ids[order], values[order]
    keep = np.concatenate(([True], ids[1:] != ids[:-1]))
    return ids[keep] // n, ids[keep] % n, values[keep]


def _cap(
    first: np.ndarray, second: np.ndarray, estimate: np.ndarray, n: int, max_partners: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, frozenset[int]]:
    """Keep a pair when it is among the ``max_partners`` strongest of either document."""
    degree = np.bincount(np.concatenate((first, second)), minlength=n)
    over = np.flatnonzero(degree > max_partners) if max_partners else np.zeros(0, np.int64)
    if not len(over):
        return first, second, estimate, frozenset()
    doc = np.concatenate((first, second))
    pair = np.concatenate((np.arange(len(first)), np.arange(len(first))))
    strength = np.concatenate((estimate, estimate))
    order = np.lexsort((pair, -strength, doc))
    doc, pair = doc[order], pair[order]
    group_start = np.searchsorted(doc, doc, side="left")
    rank = np.arange(len(doc)) - group_start
    kept = np.zeros(len(first), dtype=bool)
    kept[pair[rank < max_partners]] = True
    return first[kept], second[kept], estimate[kept], frozenset(int(i) for i in over)
