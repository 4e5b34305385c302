"""Phrase lookup: which documents can contain a phrase, from postings of character bigrams.

Each document's matching key is cut into its distinct character bigrams (``grams_of``, in
the worker that parses it); the index keeps, per bigram, the numbers of the documents that
contain it (``invert``, ``encode``). A phrase can only be in a document that holds every
bigram of it, so the intersection of its bigrams' postings is a superset of the documents
to read, and for a two-character phrase (台湾, 双轨) it is exact. Matching itself stays
with ``tracking.phrases.kwic``, on the candidates only.

Why bigrams and not SQLite's FTS5 trigram tokenizer, measured on 10,000 synthetic
transcripts (68M characters, ``benchmarks/bench_index.py --lookup``): FTS5 trigram cannot
look up a two-character phrase (台湾 took 161 ms as a LIKE scan), its index was 609 MB with
positions (398 MB without, which then refuses phrase queries), and building it took ~107 s
in the one writing process. Bigram postings answer every phrase of two characters or more
in 0.3-7 ms, take ~140 MB, and cost ~11 s of inversion and writing once the workers have
extracted the bigrams.

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
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

SHIFT = 21  # code points fit in 21 bits: a bigram is one integer below 2**42


def grams_of(key: str) -> bytes:
    """The distinct bigrams of ``key``, sorted, as little-endian int64 bytes."""
    import numpy as np  # only where documents are parsed

    codes = np.frombuffer(key.encode("utf-32-le"), dtype="<u4").astype(np.int64)
    return np.unique((codes[:-1] << SHIFT) | codes[1:]).astype("<i8").tobytes()


def phrase_grams(variant: str) -> list[int]:
    """The bigrams of a phrase, in order, repeats included."""
    return [(ord(a) << SHIFT) | ord(b) for a, b in pairwise(variant)]


def invert(batch: Sequence[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    """Postings of a batch of (document number, ``grams_of`` bytes): (bigram, encoded
    numbers) for every bigram of the batch, in bigram order."""
    import numpy as np

    if not batch:
        return []
    grams = [np.frombuffer(g, dtype="<i8") for _, g in batch]
    numbers = np.repeat(
        np.array([n for n, _ in batch], dtype="<u4"), [len(g) for g in grams]
    ).astype("<u4")
    flat = np.concatenate(grams)
    order = np.argsort(flat, kind="stable")  # numbers stay ascending within a bigram
    flat, numbers = flat[order], numbers[order]
    cuts = np.flatnonzero(np.diff(flat)) + 1
    starts = [0, *cuts.tolist()]
    ends = [*cuts.tolist(), len(flat)]
    keys = flat[starts].tolist()
    return [(k, numbers[s:e].tobytes()) for k, s, e in zip(keys, starts, ends, strict=True)]


def decode(blob: bytes) -> array:
    """The document numbers of one posting list (little-endian uint32 bytes)."""
    numbers = array("I")
    numbers.frombytes(blob)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def encode(numbers: array) -> bytes:
    """Posting bytes of document numbers (``decode``'s inverse)."""
    if sys.byteorder == "big":
        numbers = array("I", numbers)
        numbers.byteswap()
    return numbers.tobytes()


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
