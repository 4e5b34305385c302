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

from tifa.corpus import Corpus, Document
from tifa.corpus.model import Role
from tifa.corpus.normalise import normalise
from tifa.corpus.script import fold_width, to_simplified

CONTEXT = 20

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
) -> tuple[Occurrence, ...]:
    """Every occurrence of every term, ordered by term, then corpus order, then position."""
    if fuzzy is not None and not 0 < fuzzy <= 100:
        raise QueryError(f"fuzzy score must be in (0, 100], not {fuzzy}")
    terms = make_terms(phrases, aliases)
    docs = corpus.documents
    index = None if fuzzy is None else _SentenceIndex(docs)
    places = _Places(docs)
    found: list[Occurrence] = []
    for term in terms:
        if index is not None and fuzzy is not None:
            hits = _fuzzy_hits(index, term, fuzzy)
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


def _fuzzy_hits(index: _SentenceIndex, term: Term, threshold: float) -> list[_Hit]:
    hits: list[_Hit] = []
    for variant in term.variants:
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


def _sentence_key(index: _SentenceIndex, row: int) -> str:
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
