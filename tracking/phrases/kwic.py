"""Occurrences of a phrase in a corpus, exact or fuzzy, each with its keyword-in-context line.

This is the one matching implementation: ``tifa search``, phrase timelines and the TUI all
call ``find_occurrences``. Decisions:

* Matching runs on ``doc.key`` (Traditional folded to Simplified, full-width letters and
  digits to ASCII) and the query is normalised the same way, so a Simplified query finds
  Traditional text. What is shown comes from ``doc.text`` at the same offsets; every
  occurrence cites raw-file offsets through ``doc.raw_span``. Matching is case-sensitive.
* Only what is said counts: a match must lie inside one turn's text, so a speaker label
  ("外交部部长王毅：") is never a hit. Text before the first label is a narration turn.
* A term is a phrase with its aliases; they count together. Exact matches of a term's
  variants are merged leftmost-longest, so with 多边主义 and 真正的多边主义 as variants of one
  term, "真正的多边主义" counts once.
* Fuzzy matching (a score threshold T in 0-100) reports spans whose ``fuzz.ratio`` with
  the phrase is at least T, and every exact occurrence (score 100). An approximate span
  never crosses a sentence end; an exact one may (a phrase of several sentences). With m
  the phrase's length and r = max(1, m // 4) how far a span's ends may move:

  1. Prefilter, lossless: a span with ratio ≥ T has a longest common subsequence with the
     phrase of at least T·m/(200−T) characters, and a sentence's character overlap with the
     phrase (as multisets) bounds that from above. One numpy pass over the whole corpus
     counts the overlap of every sentence; the rest are dropped. Sentences shorter than
     the phrase must also reach that bound with their LCS (one ``process.cdist`` call).
  2. ``process.cdist`` with ``fuzz.partial_ratio`` scores the longer survivors in one call,
     with the cutoff lowered to T − 100·r/m: a window of the phrase's length over a variant
     with r inserted characters scores that much less than the variant itself.
  3. In each sentence that passes (a sentence of thousands of characters: in chunks, see
     ``_chunks``), ``fuzz.partial_ratio_alignment`` gives the best window; its end, then
     its start, are moved by up to r characters to where ``fuzz.ratio`` with the phrase is
     highest, until neither moves, so an inserted or dropped character does not cut the
     span short. It counts if that ratio, the score reported, is at least T.
  4. The parts of the sentence on either side of the span (counted or not) are searched
     again, for further occurrences.

  So every sentence whose ``partial_ratio`` reaches T yields an occurrence, and the cost
  grows linearly with the text searched (``benchmarks/bench_fuzzy.py``). Sentences (and
  parts) shorter than the phrase are scored whole with ``fuzz.ratio``: partial_ratio would
  swap needle and haystack and score 中国 100 against 一个中国原则.
* Context: up to ``context`` characters either side of the match, never beyond the
  paragraph or the turn it is in. Left, match and right are separate fields, never markup.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from tifa.corpus import Corpus, Document
from tifa.corpus.load import Progress
from tifa.corpus.model import Role
from tifa.corpus.normalise import normalise
from tifa.corpus.script import fold_width, to_simplified

CONTEXT = 20
CHUNK = 4096  # characters of a long sentence searched at a time (fuzzy)

# A match: (document index, start, end, score, variant).
_Hit = tuple[int, int, int, float, str]


class QueryError(ValueError):
    """A phrase that cannot be searched for (empty once normalised); one line, for the user."""


@dataclass(frozen=True, slots=True)
class Term:
    """What is counted as one: ``label`` as the user typed it, ``variants`` the matching
    keys of the phrase and its aliases, the phrase's own first."""

    label: str
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a term occurs. ``start``/``end`` index ``doc.text`` (normalised);
    ``raw_start``/``raw_end`` index the decoded file. ``label`` is the speaker label as
    printed, ``speaker`` the canonical speaker; ``score`` is 100 for exact matches."""

    phrase: str
    variant: str
    doc_id: str
    year: int | None
    date: str | None
    turn: int
    label: str
    speaker: str
    role: Role
    outlet: str | None
    sentence: int
    sentence_text: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    score: float
    left: str
    match: str
    right: str


def query_key(phrase: str) -> str:
    """The matching key of a query: normalised like a transcript (spaces beside CJK dropped,
    half-width punctuation and straight quotes made full-width) and folded like ``doc.key``."""
    text = " ".join(phrase.split())
    normalised = normalise(text).text if text else ""
    return fold_width(to_simplified(" ".join((normalised or text).split())))


def make_term(phrase: str, aliases: Iterable[str] = ()) -> Term:
    """A term from a phrase and its aliases; QueryError if any of them is empty."""
    variants: list[str] = []
    for text in (phrase, *aliases):
        key = query_key(text)
        if not key:
            raise QueryError(f"empty phrase: {text!r}" if text else "empty phrase")
        if key not in variants:
            variants.append(key)
    return Term(" ".join(phrase.split()), tuple(variants))


def make_terms(
    phrases: Sequence[str | Term], aliases: Sequence[str] | Mapping[str, Sequence[str]] = ()
) -> tuple[Term, ...]:
    """Terms for ``phrases``, one per label (the first wins). ``aliases`` is a mapping from a
    phrase to its aliases, or a plain sequence of aliases of the first phrase (the common
    case: one phrase)."""
    if not phrases:
        raise QueryError("no phrase given")
    if isinstance(aliases, Mapping):
        unknown = [p for p in aliases if p not in phrases]
        if unknown:
            raise QueryError(f"alias given for {unknown[0]!r}, which is not a phrase searched for")
        extra = {p: tuple(a) for p, a in aliases.items()}
    else:
        extra = {phrases[0]: tuple(aliases)} if isinstance(phrases[0], str) else {}
    terms = [p if isinstance(p, Term) else make_term(p, extra.get(p, ())) for p in phrases]
    return tuple(
        {t.label: t for t in reversed(terms)}[label]
        for label in dict.fromkeys(t.label for t in terms)
    )


def find_occurrences(
    corpus: Corpus,
    phrases: Sequence[str | Term],
    *,
    fuzzy: float | None = None,
    context: int = CONTEXT,
    aliases: Sequence[str] | Mapping[str, Sequence[str]] = (),
    progress: Progress | None = None,
) -> tuple[Occurrence, ...]:
    """Every occurrence of every term, ordered by term, then corpus order, then position.

    ``progress(done, total, note)`` is called as a fuzzy search advances (characters
    searched of those the prefilters kept); it may raise to abandon the search, as the
    workbench's progress callback does when its worker is cancelled.
    """
    if fuzzy is not None and not 0 < fuzzy <= 100:
        raise QueryError(f"fuzzy score must be in (0, 100], not {fuzzy}")
    terms = make_terms(phrases, aliases)
    docs = corpus.documents
    index = None if fuzzy is None else _SentenceIndex(docs)
    places = _Places(docs)
    found: list[Occurrence] = []
    for term in terms:
        if index is not None and fuzzy is not None:
            hits = _best_first(_exact_hits(docs, term) + _fuzzy_hits(index, term, fuzzy, progress))
        else:
            hits = _exact_hits(docs, term)
        for doc_index, start, end, score, variant in sorted(hits):
            occurrence = places.occurrence(doc_index, term, variant, start, end, score, context)
            if occurrence is not None:
                found.append(occurrence)
    return tuple(found)


# --- exact ------------------------------------------------------------------------------


def _exact_hits(docs: Sequence[Document], term: Term) -> list[_Hit]:
    hits: list[_Hit] = []
    for doc_index, doc in enumerate(docs):
        spans = []
        for variant in term.variants:
            i = doc.key.find(variant)
            while i >= 0:
                spans.append((i, -len(variant), variant))
                i = doc.key.find(variant, i + len(variant))
        last_end = -1
        for start, neg_len, variant in sorted(spans):
            if start >= last_end:
                hits.append((doc_index, start, start - neg_len, 100.0, variant))
                last_end = start - neg_len
    return hits


# --- fuzzy ------------------------------------------------------------------------------


class _SentenceIndex:
    """Every sentence of the corpus as one array of character codes with sentence bounds,
    for the vectorised overlap prefilter."""

    def __init__(self, docs: Sequence[Document]) -> None:
        self.docs = docs
        bases = np.cumsum([0] + [len(d.key) + 1 for d in docs])[:-1]
        self.codes = np.frombuffer(
            "\n".join(d.key for d in docs).encode("utf-32-le"), dtype=np.uint32
        )
        self.doc_of = np.repeat(np.arange(len(docs)), [len(d.sentences) for d in docs])
        local = np.fromiter(
            (x for d in docs for s in d.sentences for x in (s.start, s.end)), dtype=np.int64
        ).reshape(-1, 2)
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


def _fuzzy_hits(
    index: _SentenceIndex, term: Term, threshold: float, progress: Progress | None = None
) -> list[_Hit]:
    hits: list[_Hit] = []
    note = f"fuzzy search: {term.label}"
    for variant in term.variants:
        need = max(1, math.ceil(threshold * len(variant) / (200 - threshold) - 1e-9))
        cutoff = max(0.0, threshold - 100 * _reach(variant) / len(variant))
        rows = index.candidates(variant, need)
        texts = [_sentence_key(index, int(r)) for r in rows]
        overlap = len(variant) + 2 * _reach(variant)
        chunks = [
            (i, chunk)
            for i in _passing(variant, texts, need, cutoff)
            for chunk in _chunks(len(texts[i]), overlap)
        ]
        done, total, reported = 0, sum(hi - lo for _, (lo, hi) in chunks), 0
        for i, (lo, hi) in chunks:
            row = int(rows[i])
            offset = int(index.local[row, 0])
            for start, end, score in _spans(variant, texts[i], lo, hi, threshold, cutoff, need):
                hits.append((int(index.doc_of[row]), offset + start, offset + end, score, variant))
            done += hi - lo
            if progress and (done - reported >= total // 100 or done == total):
                progress(done, total, note)
                reported = done
    return _best_first(hits)


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


def _sentence_key(index: _SentenceIndex, row: int) -> str:
    doc = index.docs[int(index.doc_of[row])]
    return doc.key[int(index.local[row, 0]) : int(index.local[row, 1])]


def _reach(variant: str) -> int:
    return max(1, len(variant) // 4)


def _spans(
    variant: str, text: str, lo: int, hi: int, threshold: float, cutoff: float, need: int
) -> list[tuple[int, int, float]]:
    """Every non-overlapping fuzzy occurrence of ``variant`` in ``text[lo:hi]`` (a sentence,
    or a chunk of a long one); parts shorter than ``need`` characters cannot hold one."""
    found = []
    todo = [(lo, hi)]
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


def _chunks(length: int, overlap: int) -> list[tuple[int, int]]:
    """``(lo, hi)`` spans covering ``range(length)``, each at most ``CHUNK`` characters (or
    ``4 * overlap``) long, consecutive ones sharing ``overlap`` characters.

    A long sentence is searched a chunk at a time; with ``overlap`` the phrase's length and
    twice its reach, every window the whole sentence would offer lies whole in one chunk,
    and ``_best_first`` drops a hit found twice in an overlap. Searched whole, each step
    scanned all the rest of the sentence, and a sentence of a million characters (a file
    without sentence ends) took minutes; by chunks the cost grows linearly with its length,
    and progress can be reported (and the search abandoned) between chunks.
    """
    size = max(CHUNK, 4 * overlap)
    if length <= size:
        return [(0, length)]
    step = size - overlap
    return [(lo, min(lo + size, length)) for lo in range(0, length - overlap, step)]


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


def _best_first(hits: list[_Hit]) -> list[_Hit]:
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


# --- occurrences ------------------------------------------------------------------------


class _Places:
    """Turn and sentence lookup by offset, built per document on first use."""

    def __init__(self, docs: Sequence[Document]) -> None:
        self.docs = docs
        self._starts: dict[int, tuple[list[int], list[int]]] = {}

    def occurrence(
        self,
        doc_index: int,
        term: Term,
        variant: str,
        start: int,
        end: int,
        score: float,
        context: int,
    ) -> Occurrence | None:
        doc = self.docs[doc_index]
        if doc_index not in self._starts:
            self._starts[doc_index] = (
                [t.start for t in doc.turns],
                [s.start for s in doc.sentences],
            )
        turn_starts, sentence_starts = self._starts[doc_index]
        t = bisect_right(turn_starts, start) - 1
        if t < 0 or end > doc.turns[t].end:
            return None
        turn = doc.turns[t]
        s = bisect_right(sentence_starts, start) - 1
        sentence = doc.sentences[max(turn.first_sentence, min(s, turn.last_sentence - 1))]
        lo = max(turn.start, doc.text.rfind("\n", 0, start) + 1, start - context)
        para_end = doc.text.find("\n", end)
        hi = min(turn.end, len(doc.text) if para_end < 0 else para_end, end + context)
        raw_start, raw_end = doc.raw_span(start, end)
        return Occurrence(
            phrase=term.label,
            variant=variant,
            doc_id=doc.id,
            year=doc.year,
            date=doc.date,
            turn=turn.index,
            label=turn.label,
            speaker=turn.speaker,
            role=turn.role,
            outlet=turn.outlet,
            sentence=sentence.index,
            sentence_text=sentence.text,
            start=start,
            end=end,
            raw_start=raw_start,
            raw_end=raw_end,
            score=round(score, 2),
            left=doc.text[lo:start],
            match=doc.text[start:end],
            right=doc.text[end:hi],
        )
