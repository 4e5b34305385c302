"""Every phrase of a set inside a text, or inside each of many texts at once.

Key phrases (``keyphrases``) are looked for in every wording of a topic, twice: some 50,000
wordings against thousands of phrases for a topic of 10,000 briefings. A regular expression
alternation of thousands of phrases costs a hundred times more than a dictionary of their
first characters; and looking up each position of each wording in that dictionary from
Python still costs seconds, the more so as many phrases begin alike (维护多边主义…).

Decisions:

* ``find`` reads one text: phrases are indexed by their first ``head`` characters (the
  shortest phrase's length), one dictionary look-up per position.
* ``find_all`` reads many texts (``Texts``, one array of code points) in numpy: for each
  length a phrase has, the hash of the run of that length at every position (a polynomial
  over the code points modulo 2⁶⁴, from one prefix sum: two operations a length) is looked
  up among the hashes of the phrases of that length. Only the runs whose hash is a phrase's
  are read in Python, and compared as strings: a collision costs a comparison, never a
  wrong answer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_BASE = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
_INVERSE = pow(_BASE, -1, 1 << 64)
_MASK = (1 << 64) - 1
_TABLE_BITS = 20
_TOP = np.uint64(64 - _TABLE_BITS)


class Texts:
    """Many texts as one array of code points, with what hashing a run of any length at any
    position takes: the hash of ``codes[i:i + n]`` is Σ codes[i + j]·B⁻ʲ, which is
    ``(prefix[i + n] − prefix[i])·Bⁱ`` with ``prefix`` the running sum of codes[m]·B⁻ᵐ."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        lengths = np.fromiter((len(t) for t in self.texts), dtype=np.int64, count=len(self.texts))
        joined = "".join(self.texts).encode("utf-32-le")
        codes = np.frombuffer(joined, dtype=np.uint32).astype(np.uint64)
        self.ends = np.cumsum(lengths)
        self.starts = self.ends - lengths
        self.owner = np.repeat(np.arange(len(self.texts)), lengths)
        self.power = _powers(_BASE, len(codes))  # Bⁱ
        self.prefix = np.concatenate(
            ([np.uint64(0)], np.cumsum(codes * _powers(_INVERSE, len(codes)), dtype=np.uint64))
        )

    def hashes(self, n: int) -> np.ndarray:
        """The hash of the run of ``n`` characters from each position on (runs that cross
        the end of a text are the caller's to leave out)."""
        size = max(0, len(self.power) - n + 1)
        return (self.prefix[n : n + size] - self.prefix[:size]) * self.power[:size]


def _powers(base: int, n: int) -> np.ndarray:
    """base⁰ … baseⁿ⁻¹ modulo 2⁶⁴ (by doubling: numpy's products wrap around)."""
    out = np.ones(max(n, 1), dtype=np.uint64)
    step, filled = base, 1
    while filled < n:
        take = min(filled, n - filled)
        out[filled : filled + take] = out[:take] * np.uint64(step)
        step, filled = step * step & _MASK, filled + take
    return out[:n]


def _hash(text: str) -> int:
    value, power = 0, 1
    for ch in text:
        value = (value + ord(ch) * power) & _MASK
        power = power * _INVERSE & _MASK
    return value


class PhraseFinder:
    """Every phrase of a set inside a text (see the module docstring)."""

    def __init__(self, phrases: set[str]) -> None:
        self.head = min(len(p) for p in phrases)
        self.starting: dict[str, list[str]] = {}
        for p in sorted(phrases, key=lambda t: (-len(t), t)):
            self.starting.setdefault(p[: self.head], []).append(p)
        self.by_length: dict[int, dict[int, list[str]]] = {}  # length → hash → phrases
        for p in sorted(phrases):
            self.by_length.setdefault(len(p), {}).setdefault(_hash(p), []).append(p)

    def find(self, text: str) -> set[str]:
        found: set[str] = set()
        starting, head = self.starting, self.head
        for i in range(len(text) - head + 1):
            for p in starting.get(text[i : i + head], ()):
                if text.startswith(p, i):
                    found.add(p)
        return found

    def find_all(self, texts: Texts) -> dict[int, set[str]]:
        """The phrases found in each text (by index into ``texts``) that holds any."""
        found: dict[int, set[str]] = {}
        for n, phrases in self.by_length.items():
            value = texts.hashes(n)
            if not len(value):
                continue
            known = np.array(sorted(phrases), dtype=np.uint64)
            table = np.zeros(1 << _TABLE_BITS, dtype=bool)  # by the hash's top bits: a
            table[known >> _TOP] = True  # gather per position, and few positions left
            maybe = np.flatnonzero(table[value >> _TOP])
            at = np.minimum(np.searchsorted(known, value[maybe]), len(known) - 1)
            maybe = maybe[known[at] == value[maybe]]
            owner = texts.owner[maybe]
            inside = maybe + n <= texts.ends[owner]
            maybe, owner = maybe[inside], owner[inside]
            read = texts.texts
            for i, t, first, h in zip(
                maybe.tolist(),
                owner.tolist(),
                texts.starts[owner].tolist(),
                value[maybe].tolist(),
                strict=True,
            ):
                for p in phrases[h]:
                    if read[t].startswith(p, i - first):
                        found.setdefault(t, set()).add(p)
        return found
