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
  the phrase is at least T, never across a sentence end, and every exact occurrence (score
  100), which may span several sentences; ``fuzzy`` says how, and is imported only for a
  fuzzy search (numpy and rapidfuzz cost ~150 ms to import). Its cost grows linearly with
  the text searched; it reports ``progress`` and stops when ``cancel`` is set.
* A ``Catalogue`` (``tifa.corpus.open_catalogue``) is searched without loading it: its
  index names the documents that can hold a term (``Catalogue.candidates``: exactly those
  holding every bigram of a variant, or enough of them for a fuzzy span), and only those
  are opened. A ``Corpus`` in memory is searched whole. Both give the same occurrences.
* Context: up to ``context`` characters either side of the match, never beyond the
  paragraph or the turn it is in. Left, match and right are separate fields, never markup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from tifa.corpus.catalogue import Catalogue
from tifa.corpus.info import Corpus
from tifa.corpus.model import Document, Role
from tifa.corpus.normalise import normalise
from tifa.corpus.progress import Cancel, Report
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
    corpus: Corpus | Catalogue,
    phrases: Sequence[str | Term],
    *,
    fuzzy: float | None = None,
    context: int = CONTEXT,
    aliases: Sequence[str] | Mapping[str, Sequence[str]] = (),
    progress: Report | None = None,
    cancel: Cancel | None = None,
) -> tuple[Occurrence, ...]:
    """Every occurrence of every term, ordered by term, then corpus order, then position.
    A catalogue is searched in the documents its index names as candidates only. A fuzzy
    search reports ``progress`` (stage "searching": characters searched of those its
    prefilters kept) and raises ``Cancelled`` once ``cancel`` is set."""
    if fuzzy is not None and not 0 < fuzzy <= 100:
        raise QueryError(f"fuzzy score must be in (0, 100], not {fuzzy}")
    terms = make_terms(phrases, aliases)
    docs = _searched(corpus, terms, fuzzy)
    places = _Places(docs)
    found: list[Occurrence] = []
    hits_of = _exact_hits if fuzzy is None else _fuzzy(docs, fuzzy, progress, cancel)
    for term in terms:
        for doc_index, start, end, score, variant in sorted(hits_of(docs, term)):
            occurrence = places.occurrence(doc_index, term, variant, start, end, score, context)
            if occurrence is not None:
                found.append(occurrence)
    return tuple(found)


def _searched(
    corpus: Corpus | Catalogue, terms: Sequence[Term], fuzzy: float | None
) -> Sequence[Document]:
    """The documents that can hold a term, in corpus order: all of a Corpus, the candidates
    of a Catalogue (opened from its index)."""
    if isinstance(corpus, Corpus):
        return corpus.documents
    variants = [v for term in terms for v in term.variants]
    return corpus.open_many(corpus.candidates(variants, fuzzy))


def _fuzzy(
    docs: Sequence[Document], threshold: float, progress: Report | None, cancel: Cancel | None
) -> Callable[..., list[_Hit]]:
    """The fuzzy matcher over ``docs``, exact occurrences included (imported here: numpy
    and rapidfuzz are slow to import, and exact searches need neither)."""
    from tifa.tracking.phrases.fuzzy import SentenceIndex, best_first, fuzzy_hits

    index = SentenceIndex(docs)

    def hits(docs: Sequence[Document], term: Term) -> list[_Hit]:
        note = f"fuzzy search: {term.label}"
        found = fuzzy_hits(index, term.variants, threshold, progress, cancel, note)
        return best_first(_exact_hits(docs, term) + found)

    return hits


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
