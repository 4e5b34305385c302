"""Character k-gram hashing and MinHash sketches, vectorised with numpy.

Decisions:

* **What is compared.** Only letters and digits (Unicode categories L* and N*) of a matching
  key count: whitespace, punctuation and line breaks are dropped first, so OCR spacing,
  half- and full-width punctuation or a reflowed paragraph change nothing.
* **k-gram hashes.** A polynomial hash of k code points in uint64 (wrapping arithmetic),
  then a multiply-xorshift finaliser so that every bit is usable. One pass of k vector
  operations over a whole chunk of documents; k-grams that would straddle two documents
  are masked out.
* **One-permutation hashing.** Instead of K independent permutations (K hashes per
  k-gram), every k-gram is hashed once: its top bits choose one of K bins and the lower
  32 bits are its value; a document's signature is the minimum per bin (Li, Owen & Zhang
  2012). Bins left empty by very short documents are filled by rotation densification
  (Shrivastava & Li 2014): from the next non-empty bin to the right, offset by the
  distance, so that two such documents still agree bin by bin in proportion to Jaccard.
* **Candidates.** Below ``BRUTE_FORCE_PAIRS`` pairs every pair's signatures are compared
  (exact agreement counts, no LSH misses); above it, LSH banding with ``rows`` bins per band
  proposes pairs, which are then checked on the whole signature.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from itertools import pairwise

import numpy as np

BINS = 256  # signature length K (a power of two)
CHUNK_CHARS = 4_000_000  # documents are hashed in chunks of about this many characters
BRUTE_FORCE_PAIRS = 500_000  # up to this many pairs (about 1,000 documents), compare all
EMPTY = np.uint32(0xFFFFFFFF)
_POLY = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_SEPARATOR = "\x00"


@cache
def _content_table() -> np.ndarray:
    """For every BMP code point, whether it is a letter or digit (kept for matching)."""
    keep = np.array([unicodedata.category(chr(c))[0] in "LN" for c in range(0x10000)])
    keep[0xD800:0xE000] = False
    return keep


def content(text: str) -> np.ndarray:
    """The code points of ``text`` that count for matching (letters and digits), uint32."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return cp[_keep(cp)]


def _keep(cp: np.ndarray) -> np.ndarray:
    table = _content_table()
    return np.where(cp < 0x10000, table[np.minimum(cp, 0xFFFF)], True)


def gram_hashes(cp: np.ndarray, k: int) -> np.ndarray:
    """Hashes (uint64) of the ``len(cp) - k + 1`` k-grams of ``cp``, in text order."""
    n = len(cp) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = cp[:n].astype(np.uint64)
    for j in range(1, k):
        h *= _POLY
        h += cp[j : j + n]
    h *= _MIX  # the top bits now depend on every input bit; fold them into the low ones
    h ^= h >> np.uint64(32)
    return h


def _chunks(keys: Sequence[str]) -> Iterator[tuple[int, int]]:
    start, size = 0, 0
    for i, key in enumerate(keys):
        size += len(key)
        if size >= CHUNK_CHARS:
            yield start, i + 1
            start, size = i + 1, 0
    if start < len(keys):
        yield start, len(keys)


def signatures(
    keys: Sequence[str], k: int, bins: int = BINS, workers: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """One-permutation MinHash signatures (N × bins, uint32) and each document's number of
    k-grams. Chunks are hashed in ``workers`` threads (numpy releases the GIL)."""
    sig = np.full((len(keys), bins), EMPTY, dtype=np.uint32)
    grams = np.zeros(len(keys), dtype=np.int64)

    def run(chunk: tuple[int, int]) -> None:
        first, last = chunk
        sig[first:last], grams[first:last] = _chunk_signatures(keys[first:last], k, bins)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(run, _chunks(keys)))
    return _densify(sig), grams


def _chunk_signatures(keys: Sequence[str], k: int, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Signatures of a few hundred documents joined by a separator into one array."""
    cp = np.frombuffer(_SEPARATOR.join(keys).encode("utf-32-le"), dtype=np.uint32)
    bounds = np.concatenate(([0], np.flatnonzero(cp == 0) + 1, [len(cp) + 1]))
    kept = _keep(cp)  # the separators are not letters: dropped here
    counts = np.array([np.count_nonzero(kept[s:e]) for s, e in pairwise(bounds)])
    h = gram_hashes(cp[kept], k)
    grams = np.maximum(counts - k + 1, 0)
    ends = np.cumsum(counts)[:-1]  # k-grams starting in the last k - 1 characters of a
    crossing = (ends[:, None] - np.arange(1, k)[None, :]).ravel()  # document straddle
    valid = np.ones(len(h), dtype=bool)
    valid[crossing[(crossing >= 0) & (crossing < len(h))]] = False
    h = h[valid]
    owner = np.repeat(np.arange(len(keys), dtype=np.int32) * np.int32(bins), grams)
    slot = owner + (h >> np.uint64(64 - (int(bins).bit_length() - 1))).astype(np.int32)
    sig = np.full(len(keys) * bins, EMPTY, dtype=np.uint32)
    np.minimum.at(sig, slot, h.astype(np.uint32))
    return sig.reshape(len(keys), bins), grams


def _densify(sig: np.ndarray) -> np.ndarray:
    """Fill empty bins from the next non-empty bin to the right (circularly), offset by the
    distance; rows with no k-gram at all stay EMPTY."""
    rows = np.flatnonzero((sig == EMPTY).any(axis=1) & (sig != EMPTY).any(axis=1))
    if not len(rows):
        return sig
    part = sig[rows]
    bins = part.shape[1]
    wide = np.concatenate([part, part], axis=1)
    position = np.where(wide != EMPTY, np.arange(2 * bins), 4 * bins)
    following = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1][:, :bins]
    distance = (following - np.arange(bins)).astype(np.uint32)
    borrowed = np.take_along_axis(wide, following, axis=1)
    sig[rows] = np.where(part == EMPTY, borrowed + distance * np.uint32(0x9E3779B1), part)
    return sig


def agreement(
    sig: np.ndarray, first: np.ndarray, second: np.ndarray, batch: int = 100_000
) -> np.ndarray:
    """Share of bins on which each pair's signatures agree: an estimate of their Jaccard."""
    out = np.empty(len(first), dtype=np.float32)
    for start in range(0, len(first), batch):
        a, b = first[start : start + batch], second[start : start + batch]
        out[start : start + batch] = np.count_nonzero(sig[a] == sig[b], axis=1) / sig.shape[1]
    return out


def similar_pairs(
    sig: np.ndarray, first: np.ndarray, second: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs whose agreement reaches ``threshold``. A first look at a quarter of the
    bins drops the bulk of LSH's chance collisions (a pair at ``threshold`` falls 0.1
    below it on 64 bins with probability under 0.1 %) before the full comparison."""
    quarter = np.ascontiguousarray(sig[:, : sig.shape[1] // 4])
    rough = agreement(quarter, first, second) >= threshold - 0.1
    first, second = first[rough], second[rough]
    keep = agreement(sig, first, second) >= threshold
    return first[keep], second[keep]


def all_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    first, second = np.triu_indices(n, k=1)
    return first.astype(np.int64), second.astype(np.int64)


def lsh_pairs(sig: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of documents that agree on all ``rows`` bins of at least one band."""
    n, bins = sig.shape
    found = []
    for band in range(bins // rows):
        key = np.zeros(n, dtype=np.uint64)
        for column in sig[:, band * rows : (band + 1) * rows].T.astype(np.uint64):
            key = (key << np.uint64(32)) ^ column if rows <= 2 else key * _POLY + column
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        same = ordered[1:] == ordered[:-1]
        if same.any():
            found.append(_group_pairs(order, same, n))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ids = np.sort(np.concatenate(found))
    ids = ids[np.concatenate(([True], ids[1:] != ids[:-1]))]
    return ids // n, ids % n


def _group_pairs(order: np.ndarray, same: np.ndarray, n: int) -> np.ndarray:
    """All pairs within each run of equal keys, as ``low * n + high``."""
    starts = np.flatnonzero(np.concatenate(([True], ~same)))
    sizes = np.diff(np.append(starts, len(order)))
    starts, sizes = starts[sizes > 1], sizes[sizes > 1]
    # Element at offset o of a run of size s pairs with the s - 1 - o elements after it.
    offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    positions = np.repeat(starts, sizes) + offsets
    partners = np.repeat(sizes, sizes) - 1 - offsets
    first = np.repeat(positions, partners)
    run_start = np.repeat(np.cumsum(partners) - partners, partners)
    second = first + 1 + np.arange(len(first)) - run_start
    a, b = order[first], order[second]
    return np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)
