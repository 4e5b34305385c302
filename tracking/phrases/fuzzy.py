"""Fuzzy phrase matching: spans of sentences whose ``fuzz.ratio`` with a phrase reaches a
threshold. ``kwic.find_occurrences`` uses it for ``--fuzzy``; it is kept apart so an exact
search never imports numpy or rapidfuzz.

Fuzzy matching (a score threshold T in 0-100) reports spans whose ``fuzz.ratio`` with
the phrase is at least T; an approximate span never crosses a sentence end (``kwic`` adds the
exact occurrences, which may). With m the phrase's length and r = max(1, m // 4) how far a
span's ends may move:

1. Prefilter, lossless: a span with ratio ≥ T has a longest common subsequence with the
   phrase of at least T·m/(200−T) characters, and a sentence's character overlap with the
   phrase (as multisets) bounds that from above. One numpy pass over the whole corpus
   counts the overlap of every sentence; the rest are dropped. Sentences shorter than the
   phrase must also reach that bound with their LCS (one ``process.cdist`` call).
2. ``process.cdist`` with ``fuzz.partial_ratio`` scores the longer survivors in one call,
   with the cutoff lowered to T − 100·r/m: a window of the phrase's length over a variant
   with r inserted characters scores that much less than the variant itself.
3. In each sentence that passes, ``fuzz.partial_ratio_alignment`` gives the best window;
   its end, then its start, are moved by up to r characters to where ``fuzz.ratio`` with
   the phrase is highest, until neither moves, so an inserted or dropped character does
   not cut the span short. It counts if that ratio, the score reported, is at least T.
4. The parts of the sentence on either side of the span (counted or not) are searched
   again, for further occurrences.

Step 1 is lossless; steps 2–3 are a search, not a proof. They find the span a reader would
mark (the phrase with a few characters inserted, dropped or changed); but ``partial_ratio``
reaching T does not mean a span's ``ratio`` does (丁丁丁丁丁丁 against 丁丁丙丙丁 scores
66.7, and no span of it reaches 60), and in such contrived text a short span scoring T
can be missed.

The cost grows linearly with the text searched (``benchmarks/bench_fuzzy.py``): no sentence
is longer than ``segment.MAX_SENTENCE`` (a file without sentence ends is cut into such
pieces), so each step of 3–4 scans at most that much, and progress and cancel act between
sentences.
Sentences (and parts) shorter than the phrase are scored whole with ``fuzz.ratio``:
partial_ratio would swap needle and haystack and score 中国 100 against 一个中国原则.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from tifa.corpus.grams import distinct_counts
from tifa.corpus.places import Places
from tifa.corpus.progress import Cancel, Report, Stage

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
        chars, wanted = distinct_counts(np.frombuffer(variant.encode("utf-32-le"), dtype=np.uint32))
        positions = np.flatnonzero(np.isin(self.codes, chars))
        sentence = np.searchsorted(self.starts, positions, side="right") - 1
        inside = (sentence >= 0) & (positions < self.ends[np.maximum(sentence, 0)])
        positions, sentence = positions[inside], sentence[inside]
        char = np.searchsorted(chars, self.codes[positions])
        counts = np.bincount(sentence * len(chars) + char, minlength=len(self.starts) * len(chars))
        overlap = np.minimum(counts.reshape(-1, len(chars)), wanted).sum(axis=1)
        return np.flatnonzero(overlap >= need)


def fuzzy_hits(
    index: SentenceIndex,
    variants: Sequence[str],
    threshold: float,
    progress: Report | None = None,
    cancel: Cancel | None = None,
    note: str = "fuzzy search",
) -> list[Hit]:
    """Every fuzzy occurrence of any of ``variants`` in the indexed documents; overlapping
    ones of different variants resolved in favour of the higher score. ``progress`` hears
    of the characters searched (of those the prefilters kept), about a hundred times a
    variant; ``cancel`` is checked between sentences."""
    hits: list[Hit] = []
    for variant in variants:
        need = max(1, math.ceil(threshold * len(variant) / (200 - threshold) - 1e-9))
        cutoff = max(0.0, threshold - 100 * _reach(variant) / len(variant))
        rows = index.candidates(variant, need)
        texts = [_sentence_key(index, int(r)) for r in rows]
        passing = _passing(variant, texts, need, cutoff)
        stage = Stage(progress, "searching", sum(len(texts[i]) for i in passing))
        unreported = 0
        for i in passing:
            if cancel is not None:
                cancel.check()
            row, text = int(rows[i]), texts[i]
            offset = int(index.local[row, 0])
            for start, end, score in _spans(variant, text, threshold, cutoff, need):
                hits.append((int(index.doc_of[row]), offset + start, offset + end, score, variant))
            unreported += len(text)
            if unreported * 100 >= stage.total or stage.done + unreported == stage.total:
                stage.step(unreported, note)
                unreported = 0
    return best_first(hits)


def _passing(variant: str, texts: Sequence[str], need: int, cutoff: float) -> list[int]:
    """Indices of the texts that may hold an occurrence, in order: those at least as long
    as the phrase whose ``partial_ratio`` reaches ``cutoff``, and the shorter ones whose
    longest common subsequence with it reaches ``need`` (a span of a shorter text scores at
    most 200·LCS/(m + LCS), below the threshold when the LCS is below ``need``)."""
    short = [i for i, t in enumerate(texts) if len(t) < len(variant)]
    long = [i for i, t in enumerate(texts) if len(t) >= len(variant)]
    passed = []
    if short:
        common = process.cdist(
            [variant], [texts[i] for i in short], scorer=LCSseq.similarity, score_cutoff=need
        )[0]
        passed += [short[j] for j in np.flatnonzero(common >= need)]
    if long:
        scores = process.cdist(
            [variant], [texts[i] for i in long], scorer=fuzz.partial_ratio, score_cutoff=cutoff
        )[0]
        passed += [long[j] for j in np.flatnonzero(scores >= cutoff)]
    return sorted(passed)


def _sentence_key(index: SentenceIndex, row: int) -> str:
    doc = index.docs[int(index.doc_of[row])]
    return doc.key[int(index.local[row, 0]) : int(index.local[row, 1])]


def _reach(variant: str) -> int:
    return max(1, len(variant) // 4)


def _spans(
    variant: str, text: str, threshold: float, cutoff: float, need: int
) -> list[tuple[int, int, float]]:
    """Every non-overlapping fuzzy occurrence of ``variant`` in a sentence ``text``; parts
    shorter than ``need`` characters cannot hold one."""
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
        if _ceiling(variant, part, start, end) >= threshold:
            start, end, score = _refine(variant, part, start, end)
            if score >= threshold:
                found.append((lo + start, lo + end, score))
        if end <= start:
            continue
        todo += [(lo, lo + start), (lo + end, hi)]
    return found


def _ceiling(variant: str, part: str, start: int, end: int) -> float:
    """The highest fuzz.ratio that ``_refine`` could reach from this window, from the LCS
    of the phrase with all the window's ends may reach: a span of length L scores at most
    200·min(LCS, L)/(m + L). A window below the threshold is not refined: over a text that
    does not hold the phrase (or at a low threshold), most windows are such, and refining
    them was most of the time spent."""
    reach = _reach(variant)
    common = LCSseq.similarity(variant, part[max(0, start - reach) : end + reach])
    length = max(common, end - start - 2 * reach, 1)
    return 200 * common / (len(variant) + length)


def _refine(variant: str, part: str, start: int, end: int) -> tuple[int, int, float]:
    """Move the ends of a window by up to ``_reach`` characters towards the span of ``part``
    most like ``variant`` (fuzz.ratio): the end to its best place, then the start, again
    until the start stays. A tie goes to the smaller move, then the shorter span.

    Each move scores at most 2r + 1 spans, so a phrase of m characters costs O(m) ratio
    calls a window; trying every pair of ends, as before, cost O(m²): half a second a window
    for a 400-character phrase. The score never falls below the window's own.
    """
    reach = _reach(variant)
    # The candidates of each move, in the order ties are broken: with one end fixed, the
    # smaller move of the other, then the shorter span.
    ends = sorted(
        range(max(0, end - reach), min(len(part), end + reach) + 1),
        key=lambda e: (abs(e - end), e),
    )
    starts = sorted(
        range(max(0, start - reach), min(len(part), start + reach) + 1),
        key=lambda s: (abs(s - start), -s),
    )
    best = (start, end, fuzz.ratio(variant, part[start:end]) if end > start else 0.0)
    while True:
        a = best[0]
        best = _best_span(variant, part, [(a, e) for e in ends if e > a], best)
        b = best[1]
        best = _best_span(variant, part, [(s, b) for s in starts if s < b], best)
        if best[0] == a:  # the end is already best for this start
            return best


def _best_span(
    variant: str, part: str, spans: list[tuple[int, int]], current: tuple[int, int, float]
) -> tuple[int, int, float]:
    """The first of ``spans`` with the highest fuzz.ratio with ``variant``; ``current`` is
    one of them. Spans scoring below it cannot win, and rapidfuzz skips them cheaply
    (``score_cutoff``); the cutoff sits 0.01 below the current score, because rapidfuzz
    turns it into a distance bound with some rounding and could drop the current span."""
    scores = process.cdist(
        [variant],
        [part[a:b] for a, b in spans],
        scorer=fuzz.ratio,
        score_cutoff=max(0.0, current[2] - 0.01),
        dtype=np.float64,
    )[0]
    k = int(np.argmax(scores))  # the first of the best
    if scores[k] < current[2] - 1e-9:
        return current
    a, b = spans[k]
    return a, b, float(scores[k])


def best_first(hits: list[Hit]) -> list[Hit]:
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
