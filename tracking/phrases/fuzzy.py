"""Fuzzy phrase matching: spans of sentences whose ``fuzz.ratio`` with a phrase reaches a
threshold. ``kwic.find_occurrences`` uses it for ``--fuzzy``; it is kept apart so an exact
search never imports numpy or rapidfuzz.

Fuzzy matching (a score threshold T in 0-100) reports spans whose ``fuzz.ratio`` with
the phrase is at least T; it never crosses a sentence end. With m the phrase's length and
r = max(1, m // 4) how far a span's ends may move:

1. Prefilter, lossless: a span with ratio ≥ T has a longest common subsequence with the
   phrase of at least T·m/(200−T) characters, and a sentence's character overlap with the
   phrase (as multisets) bounds that from above. One numpy pass over the whole corpus
   counts the overlap of every sentence; the rest are dropped.
2. ``process.cdist`` with ``fuzz.partial_ratio`` scores the survivors in one call, with
   the cutoff lowered to T − 100·r/m: a window of the phrase's length over a variant with r
   inserted characters scores that much less than the variant itself.
3. In each sentence that passes, ``fuzz.partial_ratio_alignment`` gives the best window;
   its ends are moved by up to r characters to the span that maximises ``fuzz.ratio`` with
   the phrase (picked by ``process.extractOne``), so an inserted or dropped character does
   not cut the span short. It counts if that ratio, the score reported, is at least T.
4. The parts of the sentence on either side of the span (counted or not) are searched
   again, for further occurrences.

So every sentence whose ``partial_ratio`` reaches T yields an occurrence. Sentences (and
parts) shorter than the phrase are scored whole with ``fuzz.ratio``: partial_ratio would
swap needle and haystack and score 中国 100 against 一个中国原则.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from tifa.corpus.places import Places

# A match: (document index, start, end, score, variant).
Hit = tuple[int, int, int, float, str]


# --- fuzzy ------------------------------------------------------------------------------


class SentenceIndex:
    """Every sentence of the corpus as one array of character codes with sentence bounds,
    for the vectorised overlap prefilter."""

    def __init__(self, docs: Sequence[Places]) -> None:
        self.docs = docs
        bases = np.cumsum([0] + [len(d.key) + 1 for d in docs])[:-1]
        self.codes = np.frombuffer(
            "\n".join(d.key for d in docs).encode("utf-32-le"), dtype=np.uint32
        )
        self.doc_of = np.repeat(np.arange(len(docs)), [len(d.sentence_starts) for d in docs])
        local = np.zeros((len(self.doc_of), 2), dtype=np.int64)
        if len(local):
            local[:, 0] = np.concatenate([np.asarray(d.sentence_starts) for d in docs])
            local[:, 1] = np.concatenate([np.asarray(d.sentence_ends) for d in docs])
        self.local = local
        self.starts = local[:, 0] + bases[self.doc_of]
        self.ends = local[:, 1] + bases[self.doc_of]

    def candidates(self, variant: str, need: int) -> np.ndarray:
        """Indices of the sentences sharing at least ``need`` characters with ``variant``."""
        chars, wanted = np.unique(
            np.frombuffer(variant.encode("utf-32-le"), dtype=np.uint32), return_counts=True
        )
        positions = np.flatnonzero(np.isin(self.codes, chars))
        sentence = np.searchsorted(self.starts, positions, side="right") - 1
        inside = (sentence >= 0) & (positions < self.ends[np.maximum(sentence, 0)])
        positions, sentence = positions[inside], sentence[inside]
        char = np.searchsorted(chars, self.codes[positions])
        counts = np.bincount(sentence * len(chars) + char, minlength=len(self.starts) * len(chars))
        overlap = np.minimum(counts.reshape(-1, len(chars)), wanted).sum(axis=1)
        return np.flatnonzero(overlap >= need)


def fuzzy_hits(index: SentenceIndex, variants: Sequence[str], threshold: float) -> list[Hit]:
    """Every fuzzy occurrence of any of ``variants`` in the indexed documents; overlapping
    ones of different variants resolved in favour of the higher score."""
    hits: list[Hit] = []
    for variant in variants:
        need = max(1, math.ceil(threshold * len(variant) / (200 - threshold) - 1e-9))
        cutoff = max(0.0, threshold - 100 * _reach(variant) / len(variant))
        rows = index.candidates(variant, need)
        texts = [_sentence_key(index, int(r)) for r in rows]
        long_rows = [i for i, t in enumerate(texts) if len(t) >= len(variant)]
        passed = {i for i, t in enumerate(texts) if len(t) < len(variant)}
        if long_rows:
            scores = process.cdist(
                [variant],
                [texts[i] for i in long_rows],
                scorer=fuzz.partial_ratio,
                score_cutoff=cutoff,
            )[0]
            passed.update(long_rows[j] for j in np.flatnonzero(scores >= cutoff))
        for i in sorted(passed):
            row = int(rows[i])
            offset = int(index.local[row, 0])
            for start, end, score in _spans(variant, texts[i], threshold, cutoff, need):
                hits.append((int(index.doc_of[row]), offset + start, offset + end, score, variant))
    return _best_first(hits)


def _sentence_key(index: SentenceIndex, row: int) -> str:
    doc = index.docs[int(index.doc_of[row])]
    return doc.key[int(index.local[row, 0]) : int(index.local[row, 1])]


def _reach(variant: str) -> int:
    return max(1, len(variant) // 4)


def _spans(
    variant: str, text: str, threshold: float, cutoff: float, need: int
) -> list[tuple[int, int, float]]:
    """Every non-overlapping fuzzy occurrence of ``variant`` in ``text`` (one sentence);
    parts shorter than ``need`` characters cannot hold one."""
    found = []
    todo = [(0, len(text))]
    while todo:
        lo, hi = todo.pop()
        if hi - lo < need:
            continue
        part = text[lo:hi]
        if len(part) < len(variant):
            start, end = 0, len(part)
        else:
            align = fuzz.partial_ratio_alignment(variant, part, score_cutoff=cutoff)
            if align is None:
                continue
            start, end = align.dest_start, align.dest_end
        start, end, score = _refine(variant, part, start, end)
        if end <= start:
            continue
        if score >= threshold:
            found.append((lo + start, lo + end, score))
        todo += [(lo, lo + start), (lo + end, hi)]
    return found


def _refine(variant: str, part: str, start: int, end: int) -> tuple[int, int, float]:
    """Move the ends of a window by up to ``_reach`` characters to the span of ``part`` most
    like ``variant`` (fuzz.ratio); the smallest move wins a tie."""
    reach = _reach(variant)
    spans = sorted(
        (
            (a, b)
            for a in range(max(0, start - reach), min(len(part), start + reach) + 1)
            for b in range(max(0, end - reach), min(len(part), end + reach) + 1)
            if b > a
        ),
        key=lambda s: (abs(s[0] - start) + abs(s[1] - end), s[1] - s[0]),
    )
    best = process.extractOne(variant, [part[a:b] for a, b in spans], scorer=fuzz.ratio)
    if best is None:
        return start, end, 0.0
    a, b = spans[best[2]]
    return a, b, float(best[1])


def _best_first(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits (of different variants) resolved in favour of the higher score."""
    taken: dict[int, list[tuple[int, int]]] = {}
    kept = []
    for hit in sorted(hits, key=lambda h: (-h[3], h[1] - h[2], h[0], h[1])):
        doc_index, start, end = hit[0], hit[1], hit[2]
        spans = taken.setdefault(doc_index, [])
        if all(end <= s or start >= e for s, e in spans):
            spans.append((start, end))
            kept.append(hit)
    return kept
