"""Phrase lookup: which documents can contain a phrase, from postings of character bigrams.

Each document's matching key is cut into its distinct character bigrams (``grams_of``, in
the worker that parses it); the index keeps, per bigram, the numbers of the documents that
hold it (``invert``). A phrase can only be in a document that holds every bigram of it, so
the intersection of its bigrams' postings is a superset of the documents to read (checked
on their keys), and for a two-character phrase (台湾, 双轨) it is exact. Matching itself
stays with ``tracking.phrases.kwic``, on those documents only. Postings are stored in runs
of ``RUN`` consecutive bigrams (``lookup`` bisects one): a row per bigram (~1M of them for
10,000 synthetic transcripts) made writing the postings the slowest step of a cold build.

Why bigrams and not SQLite's FTS5 trigram tokenizer, measured on the 10,000 synthetic
transcripts (68M characters; ``benchmarks/bench_index.py --lookup``, load 2.5-3): FTS5
trigram cannot look up a two-character phrase through its index (台湾: a LIKE that scans
every row, 161 ms in one run, no rows at all in another), its index took 72 s to build in
the one process that writes, 580 MB with positions (380 MB and 83 s without, which then
refuses phrase queries and answers 多边主义 in 157 ms). Bigram postings answer every phrase
of two characters or more in 0.2-2.7 ms, take 202 MB, and their extraction (8.9 s) runs in
the workers while parsing, leaving the writer a sort per segment.

Fuzzy phrases: a span whose ``fuzz.ratio`` with a phrase of m characters is at least T
shares a common subsequence of l ≥ T(m+n)/200 characters with it (n the span's length).
Of the phrase's m−1 bigram positions, an unmatched phrase character breaks at most two and
an unmatched span character inside the alignment at most one, so at least
(m−1) − 2(m−l) − (n−l) bigrams of the phrase occur in the span (``least_shared`` takes the
minimum over n). Below T ≈ 67 that bound is zero and every document is a candidate.
"""

from __future__ import annotations

import math
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

SHIFT = 21  # code points fit in 21 bits: a bigram is one integer below 2**42
OWNER_BITS = 20  # documents per batch below 2**20
RUN = 256  # bigrams per stored run


def grams_of(key: str) -> bytes:
    """The distinct bigrams of ``key``, sorted, as little-endian int64 bytes."""
    import numpy as np  # only where documents are parsed

    codes = np.frombuffer(key.encode("utf-32-le"), dtype="<u4").astype(np.int64)
    return distinct((codes[:-1] << SHIFT) | codes[1:]).astype("<i8").tobytes()


def distinct(values: Any) -> Any:
    """The distinct values of a numpy array, sorted: ``np.unique`` by sorting. numpy 2.4's
    ``np.unique`` hashes first, and is 20 times slower on a document's 2,600 bigrams and 60
    times on two million codes (``benchmarks/bench_unique.py``)."""
    import numpy as np

    ordered = np.sort(values, axis=None)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def distinct_counts(values: Any) -> tuple[Any, Any]:
    """``distinct(values)`` and how many times each occurs (``np.unique(…,
    return_counts=True)``, by sorting)."""
    import numpy as np

    ordered = np.sort(values, axis=None)
    if not len(ordered):
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.diff(np.r_[starts, len(ordered)])


def phrase_grams(variant: str) -> list[int]:
    """The bigrams of a phrase, in order, repeats included."""
    return [(ord(a) << SHIFT) | ord(b) for a, b in pairwise(variant)]


def invert(batch: Sequence[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    """Postings of a batch of (document number, ``grams_of`` bytes), as runs: (first bigram
    of the run, run bytes) for each ``RUN`` consecutive bigrams of the batch."""
    import numpy as np

    if not batch:
        return []
    grams = [np.frombuffer(g, dtype="<i8") for _, g in batch]
    owner = np.repeat(np.arange(len(batch), dtype=np.int64), [len(g) for g in grams])
    # One sort of (bigram, owner) packed in an int64: bigrams are < 2**42, owners < 2**20.
    packed = np.sort((np.concatenate(grams).astype(np.int64) << OWNER_BITS) | owner)
    numbers = np.array([n for n, _ in batch], dtype="<u4")[packed & ((1 << OWNER_BITS) - 1)]
    return runs(packed >> OWNER_BITS, numbers)


def runs(keys: Any, numbers: Any) -> list[tuple[int, bytes]]:
    """Runs of ``RUN`` bigrams from sorted ``keys`` (one per posting, a numpy int64 array)
    and the document ``numbers`` beside them (ascending for each bigram)."""
    import numpy as np

    bounds = np.concatenate(([0], np.flatnonzero(np.diff(keys)) + 1, [len(keys)]))
    distinct = keys[bounds[:-1]]
    found = []
    for lo in range(0, len(distinct), RUN):
        hi = min(lo + RUN, len(distinct))
        ends = (bounds[lo + 1 : hi + 1] - bounds[lo]).astype("<u4")
        blob = b"".join(
            (
                (hi - lo).to_bytes(4, "little"),
                distinct[lo:hi].astype("<i8").tobytes(),
                ends.tobytes(),
                numbers[bounds[lo] : bounds[hi]].astype("<u4").tobytes(),
            )
        )
        found.append((int(distinct[lo]), blob))
    return found


def lookup(run: bytes, gram: int) -> array:
    """The document numbers of ``gram`` in a run (empty if it has none)."""
    grams, ends, numbers = unpack(run)
    at = bisect_left(grams, gram)
    if at == len(grams) or grams[at] != gram:
        return array("I")
    return numbers[ends[at - 1] if at else 0 : ends[at]]


def unpack(run: bytes) -> tuple[array, array, array]:
    """(bigrams, where each one's numbers end, numbers) of a run."""
    count = int.from_bytes(run[:4], "little")
    return (
        _array("q", run[4 : 4 + 8 * count]),
        _array("I", run[4 + 8 * count : 4 + 12 * count]),
        _array("I", run[4 + 12 * count :]),
    )


def _array(typecode: str, data: bytes) -> array:
    found = array(typecode)
    found.frombytes(data)
    if sys.byteorder == "big":
        found.byteswap()
    return found


def candidates(postings: Mapping[int, Iterable[int]], grams: Sequence[int], need: int) -> set[int]:
    """Documents holding at least ``need`` of the distinct ``grams`` (all of them when
    ``need`` is their number); ``postings`` maps a bigram to its documents (missing: none)."""
    distinct = list(dict.fromkeys(grams))
    if need >= len(distinct):
        sets = sorted((set(postings.get(g, ())) for g in distinct), key=len)
        found = sets[0] if sets else set()
        for other in sets[1:]:
            found &= other
        return found
    counts: Counter[int] = Counter()
    for g in distinct:
        counts.update(set(postings.get(g, ())))
    return {n for n, c in counts.items() if c >= need}


def least_shared(variant: str, threshold: float) -> int:
    """How many distinct bigrams of ``variant`` a document must hold for a span of it to
    score at least ``threshold`` (0-100) by ``fuzz.ratio``; 0 when nothing can be ruled out.
    See the module docstring for the bound."""
    m = len(variant)
    if m < 2:
        return 0
    t = threshold / 100
    positions = m - 1
    repeats = positions - len(set(phrase_grams(variant)))
    least = positions
    for n in range(1, math.floor(m * (2 - t) / t) + 2):
        common = math.ceil(t * (m + n) / 2 - 1e-9)
        if common > min(m, n):
            continue
        least = min(least, positions - 2 * (m - common) - (n - common))
    return max(0, least - repeats)
