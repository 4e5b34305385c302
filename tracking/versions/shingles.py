"""Character k-gram hashing of matching keys, vectorised with numpy.

Decisions:

* **What is compared.** Only letters and digits (Unicode categories L* and N*) of a matching
  key count: whitespace, punctuation and line breaks are dropped first, so OCR spacing,
  half- and full-width punctuation or a reflowed paragraph change nothing.
* **k-gram hashes.** A polynomial hash of k code points in uint64 (wrapping arithmetic),
  then a multiply-xorshift finaliser so that every bit is usable. The polynomial is built by
  doubling (the hash of 2m characters from two hashes of m: three steps for eight
  characters, not eight) over blocks of 65,536 positions that stay in the CPU cache: six
  times faster than whole-array steps on 4 million characters, with the same values.
* **Chunks.** Documents are hashed a few hundred at a time, joined by a separator into one
  array; k-grams that would straddle two documents are masked out. Chunks run in threads
  (numpy releases the GIL).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from itertools import pairwise
from typing import TypeVar

import numpy as np

CHUNK_CHARS = 4_000_000  # documents are hashed in chunks of about this many characters
BLOCK = 1 << 16  # positions hashed at a time, so that the working arrays stay in cache
_POLY = 0x9E3779B97F4A7C15
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_SEPARATOR = "\x00"
T = TypeVar("T")


@cache
def _content_table() -> np.ndarray:
    """For every BMP code point, whether it is a letter or digit (kept for matching)."""
    keep = np.array([unicodedata.category(chr(c))[0] in "LN" for c in range(0x10000)])
    keep[0xD800:0xE000] = False
    return keep


def content(text: str) -> np.ndarray:
    """The code points of ``text`` that count for matching (letters and digits), uint32."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return cp[keep_mask(cp)]


def content_positions(text: str) -> np.ndarray:
    """Where in ``text`` each code point of ``content(text)`` is (indexes, int64)."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return np.flatnonzero(keep_mask(cp))


def keep_mask(cp: np.ndarray) -> np.ndarray:
    table = _content_table()
    return np.where(cp < 0x10000, table[np.minimum(cp, 0xFFFF)], True)


def gram_hashes(cp: np.ndarray, k: int) -> np.ndarray:
    """Hashes (uint64) of the ``len(cp) - k + 1`` k-grams of ``cp``, in text order."""
    n = len(cp) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    out = np.empty(n, dtype=np.uint64)
    for start in range(0, n, BLOCK):
        block = _polynomial(cp[start : start + BLOCK + k - 1], k)
        block *= _MIX  # the top bits now depend on every input bit; fold them into the low ones
        block ^= block >> np.uint64(32)
        out[start : start + len(block)] = block
    return out


def _polynomial(cp: np.ndarray, k: int) -> np.ndarray:
    """sum(cp[i + j] * POLY**(k - 1 - j)) for every i, by doubling then single steps."""
    h = cp.astype(np.uint64)
    width = 1
    while width * 2 <= k:
        m = len(h) - width
        h = h[:m] * np.uint64(pow(_POLY, width, 1 << 64)) + h[width : width + m]
        width *= 2
    while width < k:  # k not a power of two: the remaining characters one at a time
        m = len(h) - 1
        h = h[:m] * np.uint64(_POLY) + cp[width : width + m]
        width += 1
    return h


def chunks(keys: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Index ranges of ``keys`` of about ``CHUNK_CHARS`` characters each."""
    start, size = 0, 0
    for i, key in enumerate(keys):
        size += len(key)
        if size >= CHUNK_CHARS:
            yield start, i + 1
            start, size = i + 1, 0
    if start < len(keys):
        yield start, len(keys)


def chunk_grams(keys: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k-gram hashes of several documents joined, and each document's number of them."""
    cp = np.frombuffer(_SEPARATOR.join(keys).encode("utf-32-le"), dtype=np.uint32)
    bounds = np.concatenate(([0], np.flatnonzero(cp == 0) + 1, [len(cp) + 1]))
    kept = keep_mask(cp)  # the separators are not letters: dropped here
    counts = np.array([np.count_nonzero(kept[s:e]) for s, e in pairwise(bounds)], dtype=np.int64)
    h = gram_hashes(cp[kept], k)
    grams = np.maximum(counts - k + 1, 0)
    ends = np.cumsum(counts)[:-1]  # k-grams starting in the last k - 1 characters of a
    crossing = (ends[:, None] - np.arange(1, k)[None, :]).ravel()  # document straddle
    valid = np.ones(len(h), dtype=bool)
    valid[crossing[(crossing >= 0) & (crossing < len(h))]] = False
    return h[valid], grams


def map_chunks(keys: Sequence[str], work: Callable[[int, int], T], workers: int = 2) -> list[T]:
    """``work(first, last)`` for every chunk of ``keys``, in ``workers`` threads, in order."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda chunk: work(*chunk), chunks(keys)))
