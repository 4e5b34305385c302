"""Near-duplicate detection: which documents are versions of one event, or share passages.

Pipeline (``find_pairs`` over plain matching keys; ``near_duplicates`` over a Corpus):

1. **Sketches** (``tracking.versions.minhash``): the letters and digits of ``doc.key`` (Traditional
   already folded to Simplified, so a Traditional or GB18030 copy matches like any other),
   5-character shingles, one-permutation MinHash with 256 bins.
2. **Candidates**: every pair while there are few documents, LSH banding (2 bins a band)
   beyond; kept when the signatures agree on ``candidate_jaccard(min_similarity)`` of their
   bins. 5-grams because every edit breaks k shingles: the 2017 Xinhua report (000) and the
   SCIO transcript (001) share 41 % of their 5-grams but 30 % of their 8-grams, while
   unrelated conferences share 1-2 % of their 5-grams.
3. **Confirmation** on each candidate's texts (8-gram hashes looked up in a bit table;
   one run in about 10,000 is wrongly counted as shared, see ``_Texts.found``):

   * ``containment_a_in_b``: the share of A's letters and digits that lie in an
     8-character run also found in B, anywhere in B. Order-free, so an edited report whose
     answers were moved still counts as contained; 8 characters, so that the set phrases
     every conference repeats (人类命运共同体, 中华人民共和国) do not: unrelated conferences
     score 0.02-0.04, 000 in 001 scores 0.79 and 001 in 000 0.62.
   * ``similarity``: the two containments averaged by length (the share of both texts
     found in the other) times their *order agreement*, the longest common subsequence
     (rapidfuzz ``LCSseq``) of the texts' fingerprints (a content-defined sample of one
     8-gram in eight, one code point each) over the fingerprints both texts have. Shared
     text in the same order (an edited version) keeps its weight; the same passages in
     another order (a compilation, a later year's conference reusing formulations) lose
     it. 000/001: 0.69. Character-level Indel on whole transcripts costs 12-16 ms a pair
     for 10,000-character Chinese texts (measured, and rapidfuzz holds the GIL), too slow
     for thousands of candidates; the fingerprints cost about 0.2 ms.
4. **Relation**: ``same_text`` when the letters and digits are identical; ``versions``
   when the similarity is at least ``VERSIONS_SIMILARITY`` and the shorter text is at least
   ``VERSIONS_CONTAINMENT`` contained in the longer; otherwise ``shares_passages``.
   ``near_duplicates`` adds what only metadata knows: documents dated in different years
   are not versions of one event, and a copy whose displayed text differs (another
   script) is a version rather than the same text.

Thresholds, calibrated on the bundled corpus and on ``benchmarks/synth.py`` (10,000
documents): true versions score a similarity of 0.59 or more in 99 % of pairs (the
shorter contained at 0.68 or more), 000/001 0.69 (0.79); conferences that reuse up to a
third of an earlier one's sentences, the hardest negatives, at most 0.41 (0.47). Precision
matters more than recall for ``versions``: a false one sends a reader to diff two
different conferences. The default ``min_similarity`` is the versions bar, so by default
only versions and identical texts are listed; lower it (e.g. 0.1) to see pairs that share
passages too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from rapidfuzz.distance import LCSseq

from tifa.corpus import Corpus, Document
from tifa.tracking.exports import Table
from tifa.tracking.versions import minhash

Relation = Literal["same_text", "versions", "shares_passages"]
RELATIONS: tuple[Relation, ...] = ("same_text", "versions", "shares_passages")

SHINGLE = 5  # characters per shingle for the MinHash sketches
RUN = 8  # characters per run for containment and fingerprints
FINGERPRINT_SAMPLE = 8  # one 8-gram in this many becomes a fingerprint
VERSIONS_SIMILARITY = 0.5
VERSIONS_CONTAINMENT = 0.6
DEFAULT_MIN_SIMILARITY = VERSIONS_SIMILARITY
PASSAGES_FLOOR = 0.05  # below this, shared text is set phrases, not passages
LSH_ROWS = 2
TABLE_BITS = 26  # slots of the hash set used to look runs up (see _Texts.found)


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two documents of a corpus that are the same text, versions, or share passages.

    ``a`` comes before ``b`` in corpus order. Containments are shares of each text's
    letters and digits found in the other; see the module docstring for how each is measured.
    """

    a: str
    b: str
    similarity: float
    containment_a_in_b: float
    containment_b_in_a: float
    relation: Relation


@dataclass(frozen=True, slots=True)
class PairScore:
    """A confirmed pair of ``find_pairs``, by index into the keys (``a < b``)."""

    a: int
    b: int
    similarity: float
    containment_a_in_b: float
    containment_b_in_a: float
    relation: Relation


def candidate_jaccard(min_similarity: float) -> float:
    """The MinHash agreement a pair needs to be confirmed at all.

    Generous: synthetic pairs with a similarity of 0.5 or more have a 5-gram Jaccard of
    0.30 or more (000/001: 0.41), so 0.4 × ``min_similarity`` keeps them with room for the
    estimate's error (±0.03 at 256 bins), while dropping the pairs that share set phrases
    only (0.01-0.03).
    """
    return max(0.02, 0.4 * min_similarity)


class _Texts:
    """Per-document data for confirmation, computed on first use and kept, and the bit
    table that serves as the hash set of one text's runs while another is looked up."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = keys
        self.cache: dict[int, _Runs] = {}
        self.table = np.zeros(1 << TABLE_BITS, dtype=bool)

    def get(self, i: int) -> _Runs:
        if i not in self.cache:
            self.cache[i] = _Runs.of(self.keys[i])
        return self.cache[i]

    def content(self, i: int) -> bytes:
        return minhash.content(self.keys[i]).tobytes()

    def found(self, runs: _Runs, other: _Runs) -> np.ndarray:
        """For each run of ``runs``, whether ``other`` has it too.

        A table of 2**26 flags indexed by the hash's top bits, set for ``other`` and
        cleared after: two scatters and a gather, against a sort or a binary search per
        pair (numpy's ``searchsorted`` and ``isin`` cost 0.6-2 ms for two transcripts). A
        run of ``runs`` is wrongly counted as found when its top bits equal one of
        ``other``'s, about once in 10,000 runs for a 7,000-character text.
        """
        self.table[other.slots] = True
        found = self.table[runs.slots]
        self.table[other.slots] = False
        return found


@dataclass(frozen=True, slots=True)
class _Runs:
    """A text's 8-character runs: their hash-table slots in text order, which of them are
    fingerprints, the fingerprints as a string, and the number of letters and digits."""

    slots: np.ndarray
    sampled: np.ndarray
    fingerprints: str
    length: int

    @staticmethod
    def of(key: str) -> _Runs:
        cp = minhash.content(key)
        hashes = minhash.gram_hashes(cp, RUN)
        sampled = hashes % np.uint64(FINGERPRINT_SAMPLE) == 0
        points = (hashes[sampled] >> np.uint64(44)) % np.uint64(0xF0000) + np.uint64(0x10000)
        fingerprints = points.astype(np.uint32).tobytes().decode("utf-32-le")
        slots = (hashes >> np.uint64(64 - TABLE_BITS)).astype(np.intp)
        return _Runs(slots, sampled, fingerprints, len(cp))

    def coverage(self, found: np.ndarray) -> float:
        """Share of the characters lying in at least one found run."""
        if not len(found):
            return 0.0
        # Character i is covered when a found run starts in [i - RUN + 1, i].
        starts = np.concatenate(([0], np.cumsum(found)))
        ends = np.arange(1, self.length + 1)
        covered = starts[np.minimum(ends, len(found))] - starts[np.maximum(ends - RUN, 0)]
        return float(np.count_nonzero(covered)) / self.length


def _score(texts: _Texts, i: int, j: int, min_similarity: float) -> PairScore | None:
    a, b = texts.get(i), texts.get(j)
    if not len(a.slots) or not len(b.slots):
        return None
    if a.length == b.length and texts.content(i) == texts.content(j):
        return PairScore(i, j, 1.0, 1.0, 1.0, "same_text")
    found_a, found_b = texts.found(a, b), texts.found(b, a)
    cab, cba = a.coverage(found_a), b.coverage(found_b)
    weighted = (cab * a.length + cba * b.length) / (a.length + b.length)
    if weighted < min_similarity or max(cab, cba) < PASSAGES_FLOOR:
        return None
    # Order agreement: fingerprints in the same order over fingerprints both texts have.
    shared = min(np.count_nonzero(found_a & a.sampled), np.count_nonzero(found_b & b.sampled))
    in_order = LCSseq.similarity(a.fingerprints, b.fingerprints)
    similarity = weighted * min(1.0, float(in_order / shared)) if shared else 0.0
    if similarity < min_similarity:
        return None
    shorter = cab if a.length <= b.length else cba
    versions = similarity >= VERSIONS_SIMILARITY and shorter >= VERSIONS_CONTAINMENT
    return PairScore(
        i,
        j,
        round(similarity, 4),
        round(cab, 4),
        round(cba, 4),
        "versions" if versions else "shares_passages",
    )


def candidates(
    keys: Sequence[str], min_similarity: float, *, workers: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (a < b) whose MinHash agreement reaches ``candidate_jaccard``."""
    sig, grams = minhash.signatures(keys, SHINGLE, workers=workers)
    n = len(keys)
    if n * (n - 1) // 2 <= minhash.BRUTE_FORCE_PAIRS:
        first, second = minhash.all_pairs(n)
    else:
        first, second = minhash.lsh_pairs(sig, LSH_ROWS)
    usable = (grams[first] > 0) & (grams[second] > 0)
    first, second = first[usable], second[usable]
    return minhash.similar_pairs(sig, first, second, candidate_jaccard(min_similarity))


def confirm(
    keys: Sequence[str],
    first: Iterable[int],
    second: Iterable[int],
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
) -> list[PairScore]:
    """Score the candidate pairs ``(first[i], second[i])`` (each ``a < b``) on their texts;
    those reaching ``min_similarity`` (identical texts always do), ordered by index."""
    texts = _Texts(keys)
    scored = (
        _score(texts, int(a), int(b), min_similarity) for a, b in zip(first, second, strict=True)
    )
    return sorted((s for s in scored if s is not None), key=lambda s: (s.a, s.b))


def find_pairs(
    keys: Sequence[str], *, min_similarity: float = DEFAULT_MIN_SIMILARITY, workers: int = 2
) -> list[PairScore]:
    """Confirmed pairs among ``keys`` (matching keys, e.g. ``doc.key``), by index, with a
    similarity of at least ``min_similarity``; identical texts are always reported.

    Up to ``minhash.BRUTE_FORCE_PAIRS`` pairs (about 1,000 documents) every pair's sketches
    are compared; beyond, LSH finds pairs at the default bar with near certainty (a miss
    below 1 in 10,000 at a 5-gram Jaccard of 0.3) but pairs that share only a few passages
    (a Jaccard under 0.15, a similarity under about 0.3) only by chance.
    """
    first, second = candidates(keys, min_similarity, workers=workers)
    return confirm(keys, first, second, min_similarity)


def near_duplicates(
    corpus: Corpus, *, min_similarity: float = DEFAULT_MIN_SIMILARITY
) -> tuple[DuplicatePair, ...]:
    """The corpus's same-text, version and (below the default bar) passage-sharing pairs,
    ordered by relation, then by similarity, highest first."""
    docs = corpus.documents
    found = []
    for score in find_pairs([d.key for d in docs], min_similarity=min_similarity):
        a, b = docs[score.a], docs[score.b]
        pair = DuplicatePair(
            a.id,
            b.id,
            score.similarity,
            score.containment_a_in_b,
            score.containment_b_in_a,
            _relation(score.relation, a, b),
        )
        found.append(((RELATIONS.index(pair.relation), -pair.similarity, score.a, score.b), pair))
    return tuple(pair for _, pair in sorted(found))


def _relation(found: Relation, a: Document, b: Document) -> Relation:
    """Refine the textual relation with metadata: different years are different events;
    identical letters with different displayed text (another script) are versions."""
    if found == "versions" and a.year and b.year and a.year != b.year:
        return "shares_passages"
    if found == "same_text" and _displayed(a) != _displayed(b):
        return "versions"
    return found


def _displayed(doc: Document) -> str:
    return minhash.content(doc.text).tobytes().decode("utf-32-le")


PAIR_COLUMNS = (
    "a",
    "b",
    "relation",
    "similarity",
    "containment_a_in_b",
    "containment_b_in_a",
    "a_year",
    "b_year",
    "a_edition",
    "b_edition",
)


def pair_records(corpus: Corpus, pairs: Sequence[DuplicatePair]) -> list[dict[str, Any]]:
    """Pairs as JSON-able records, with each side's year and edition for people."""
    docs = {d.id: d for d in corpus.documents}
    records = []
    for pair in pairs:
        a, b = docs[pair.a], docs[pair.b]
        records.append(
            {
                "a": pair.a,
                "b": pair.b,
                "relation": pair.relation,
                "similarity": pair.similarity,
                "containment_a_in_b": pair.containment_a_in_b,
                "containment_b_in_a": pair.containment_b_in_a,
                "a_year": a.year,
                "b_year": b.year,
                "a_edition": a.edition,
                "b_edition": b.edition,
            }
        )
    return records


def pairs_table(records: Sequence[dict[str, Any]]) -> Table:
    return Table(PAIR_COLUMNS, tuple(tuple(r[c] for c in PAIR_COLUMNS) for r in records))
