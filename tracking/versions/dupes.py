"""What two texts alone say about each other: shared text both ways, in order, and where.

Pipeline (``find_pairs`` over plain matching keys; ``tracking.versions.relations`` adds what
the documents' dates say and names the relation):

1. **Candidates** (``tracking.versions.containment``): pairs sharing enough sampled
   8-character runs, whatever their lengths, at most ``max_partners`` per document.
2. **Confirmation** on each candidate's texts (8-gram hashes looked up in a bit table;
   one run in about 10,000 is wrongly counted as shared, see ``_Texts.found``):

   * ``containment_a_in_b``: the share of A's letters and digits that lie in an
     8-character run also found in B, anywhere in B. Order-free, so an edited report whose
     answers were moved still counts as contained; 8 characters, so that the set phrases
     every conference repeats (人类命运共同体, 中华人民共和国) do not: unrelated conferences
     score 0.02-0.04, the 2017 Xinhua report (000) in the SCIO transcript (001) 0.79.
   * ``similarity``: the two containments averaged by length (the share of both texts
     found in the other) times their *order agreement*, the longest common subsequence
     (rapidfuzz ``LCSseq``) of the texts' fingerprints (a content-defined sample of one
     8-gram in eight, one code point each) over the fingerprints both texts have. Shared
     text in the same order (an edited version) keeps its weight; the same passages in
     another order (a compilation, a later year's conference reusing formulations) lose
     it. 000/001: 0.69. Character-level Indel on whole transcripts costs 12-16 ms a pair,
     too slow for thousands of candidates; the fingerprints cost about 0.2 ms.
   * ``span``: for a short text inside a long one, where in the long one it sits: the
     stretch of the long text where the short one's runs first occur (see ``_places``), less
     any turn outside the official voice at its edges when the short text has no questions
     and the long one has (``asides``): a statement printed in a briefing is printed in its
     answers or statements, not in the question before the answer, however much of the
     statement's title the reporter repeats, nor in the briefing's heading, however much of
     it the statement's title shares (外交部发言人华春莹).
   * ``slots``: words that one text has where the other has another, each at least twice
     and neither found in the other text (塞尔维亚 → 柬埔寨 in an announcement template);
     sought in versions and excerpts, and in any pair sharing ``TEMPLATE_SHARE`` of both
     texts: a 100-character announcement filled in for another country, its spokesperson,
     province and date changed too, shares only 50-60 % of its letters.

3. **Shape** (what the texts alone say): ``same_text`` when the letters and digits are
   identical; ``excerpt`` when the smaller text is at least ``EXCERPT_CONTAINMENT`` inside
   the larger and the larger at most ``HOST_SHARE`` inside the smaller; ``versions`` when the
   similarity is at least ``VERSIONS_SIMILARITY`` and the shorter text at least
   ``VERSIONS_CONTAINMENT`` contained in the longer; otherwise ``shares_passages``.

Thresholds, calibrated on the bundled corpus, ``benchmarks/synth.py`` and the real sample
(``../shared/real``): true versions score a similarity of 0.59 or more in 99 % of synthetic
pairs, 000/001 0.69; conferences reusing up to a third of an earlier one's sentences, the
hardest negatives, at most 0.41. A statement printed whole in the day's briefing is
0.95-0.99 inside it; one restated the next day with its question reworded, or its last
paragraph left out, 0.75-0.83; an announcement of the same template for another country
inside a briefing at most 0.74, an answer repeated with a new question two days later 0.749:
the bar of 0.75 sits between them, and what falls below is still listed as shared passages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz.distance import LCSseq

from tifa.tracking.versions import containment, shingles

Shape = Literal["same_text", "versions", "excerpt", "shares_passages"]
Progress = Callable[[str, int, int], None]  # stage, done, total
# Of a document, by index: None when it has no question turns (no briefing), else the spans
# (offsets into the key, labels included) of its turns outside the official voice (questions,
# heading, narration, host lines). Asked only of the two texts of an excerpt, so that a
# catalogue reads few documents' turns.
Asides = Callable[[int], Sequence[tuple[int, int]] | None]

RUN = containment.RUN  # characters per run for containment and fingerprints
FINGERPRINT_SAMPLE = containment.SAMPLE  # one 8-gram in this many becomes a fingerprint
VERSIONS_SIMILARITY = 0.5
VERSIONS_CONTAINMENT = 0.6
EXCERPT_CONTAINMENT = 0.75
HOST_SHARE = 0.5
DEFAULT_MIN_SHARED = 0.5  # list a pair when at least half of one text is in the other
CANDIDATE_FACTOR = 0.5  # candidates need an estimated containment of half the listing bar
SPAN_GAP = 8 * RUN  # letters between two places of one excerpt's span in its host
SLOT_LENGTH = (2, 12)  # letters in a template slot
TEMPLATE_SHARE = 0.5  # a filled template shares at least this much of each text
SLOT_REPLACEMENTS = 24  # more replaced stretches than this: rewording, not a filled template
SLOT_PIECE = 40  # longest replaced stretch read as a slot (longer: reworded sentences)
TABLE_BITS = 26  # slots of the hash set used to look runs up (see _Texts.found)
PROGRESS_EVERY = 2000  # confirmed pairs between progress reports


@dataclass(frozen=True, slots=True)
class PairScore:
    """A confirmed pair of ``find_pairs``, by index into the keys (``a < b``).

    ``span`` is set for an excerpt: ``(host, start, end)``, ``host`` 0 for ``a`` and 1 for
    ``b``, offsets into the host's key (the same as into its normalised text). ``slots`` are
    the template's filled words, ``(in a, in b)``.
    """

    a: int
    b: int
    similarity: float
    containment_a_in_b: float
    containment_b_in_a: float
    shape: Shape
    span: tuple[int, int, int] | None = None
    slots: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PairSearch:
    """What ``find_pairs`` found, and how much it looked at."""

    pairs: tuple[PairScore, ...]
    candidates: int
    crowded: frozenset[int]  # documents whose partners were capped or estimated


class _Texts:
    """Per-document data for confirmation, computed on first use and kept, and two bit
    tables that serve as hash sets of runs: one pinned to the document whose partners are
    being scored (pairs come ordered by it), one set and cleared for each partner."""

    def __init__(self, keys: Sequence[str], asides: Asides | None = None) -> None:
        self.keys = keys
        self.asides = asides
        self.cache: dict[int, _Runs] = {}
        self.places: dict[int, np.ndarray] = {}
        self.table = np.zeros(1 << TABLE_BITS, dtype=bool)
        self.pin_table = np.zeros(1 << TABLE_BITS, dtype=bool)
        self.pinned: int | None = None

    def get(self, i: int) -> _Runs:
        if i not in self.cache:
            self.cache[i] = _Runs.of(self.keys[i])
        return self.cache[i]

    def positions(self, i: int) -> np.ndarray:
        """Where each letter of text ``i`` is in its key (kept: a host has many excerpts)."""
        if i not in self.places:
            self.places[i] = shingles.content_positions(self.keys[i])
        return self.places[i]

    def aside(self, host: int, inner: int) -> np.ndarray | None:
        """Which letters of ``host`` lie outside its official voice, when ``inner`` has no
        question turns and the host has some; None otherwise (an inner text with questions, a
        briefing's version or reissue, may well begin with one or with the heading)."""
        if self.asides is None or self.asides(inner) is not None:
            return None
        spans = self.asides(host)
        if not spans:
            return None
        positions = self.positions(host)
        asked = np.zeros(len(positions), dtype=bool)
        for start, end in np.searchsorted(positions, np.asarray(spans)).tolist():
            asked[start:end] = True
        return asked

    def found(self, i: int, j: int) -> tuple[np.ndarray, np.ndarray]:
        """For each run of text ``i``, whether text ``j`` has it too, and the other way.

        Tables of 2**26 flags indexed by the hash's top bits: scatters and gathers, against
        a sort or a binary search per pair (numpy's ``searchsorted`` and ``isin`` cost
        0.6-2 ms for two transcripts). A run is wrongly counted as found when its top bits
        equal one of the other text's, about once in 10,000 runs for a 7,000-character text.
        """
        a, b = self.get(i), self.get(j)
        if self.pinned != i:
            if self.pinned is not None:
                self.pin_table[self.get(self.pinned).slots] = False
            self.pin_table[a.slots] = True
            self.pinned = i
        self.table[b.slots] = True
        found_a = self.table[a.slots]
        self.table[b.slots] = False
        return found_a, self.pin_table[b.slots]


@dataclass(frozen=True, slots=True)
class _Runs:
    """A text's letters and digits, its 8-character runs (hash-table slots in text order),
    which of them are fingerprints, and the fingerprints as a string."""

    letters: str
    slots: np.ndarray
    sampled: np.ndarray
    fingerprints: str

    @property
    def length(self) -> int:
        return len(self.letters)

    @staticmethod
    def of(key: str) -> _Runs:
        cp = shingles.content(key)
        hashes = shingles.gram_hashes(cp, RUN)
        sampled = (hashes & np.uint64(FINGERPRINT_SAMPLE - 1)) == 0
        points = (hashes[sampled] >> np.uint64(44)) % np.uint64(0xF0000) + np.uint64(0x10000)
        fingerprints = points.astype(np.uint32).tobytes().decode("utf-32-le")
        slots = (hashes >> np.uint64(64 - TABLE_BITS)).astype(np.intp)
        return _Runs(cp.tobytes().decode("utf-32-le"), slots, sampled, fingerprints)

    def covered(self, found: np.ndarray) -> np.ndarray:
        """For each character, whether it lies in at least one found run: character i is
        covered when a found run starts in [i - RUN + 1, i] (a dilation by doubling: RUN is
        a power of two)."""
        covered = np.zeros(self.length, dtype=bool)
        covered[: len(found)] = found
        width = 1
        while width < RUN:
            covered[width:] |= covered[:-width]  # numpy buffers the overlap
            width *= 2
        return covered


def _shape(cab: float, cba: float, similarity: float, a_len: int, b_len: int) -> Shape:
    small, large = (cab, cba) if a_len <= b_len else (cba, cab)
    if small >= EXCERPT_CONTAINMENT and large <= HOST_SHARE:
        return "excerpt"
    if similarity >= VERSIONS_SIMILARITY and small >= VERSIONS_CONTAINMENT:
        return "versions"
    return "shares_passages"


def _score(texts: _Texts, i: int, j: int, min_shared: float) -> PairScore | None:
    a, b = texts.get(i), texts.get(j)
    if not a.length or not b.length:
        return None
    if a.letters == b.letters:
        return PairScore(i, j, 1.0, 1.0, 1.0, "same_text")
    if not len(a.slots) or not len(b.slots):
        return None
    found_a, found_b = texts.found(i, j)
    covered_a, covered_b = a.covered(found_a), b.covered(found_b)
    cab = float(np.count_nonzero(covered_a)) / a.length
    cba = float(np.count_nonzero(covered_b)) / b.length
    if max(cab, cba) < min_shared:
        return None
    # Order agreement: fingerprints in the same order over fingerprints both texts have.
    shared = min(np.count_nonzero(found_a & a.sampled), np.count_nonzero(found_b & b.sampled))
    in_order = LCSseq.similarity(a.fingerprints, b.fingerprints)
    weighted = (cab * a.length + cba * b.length) / (a.length + b.length)
    similarity = weighted * min(1.0, float(in_order / shared)) if shared else 0.0
    shape = _shape(cab, cba, similarity, a.length, b.length)
    span = None
    slots: tuple[tuple[str, str], ...] = ()
    if shape == "excerpt":
        host_is_b = a.length <= b.length
        host, inner = (j, i) if host_is_b else (i, j)
        places = _places(b, a, found_a) if host_is_b else _places(a, b, found_b)
        window = _span(places)  # where slots are sought: the relation does not hang on turns
        aside = texts.aside(host, inner)
        start, end = window if aside is None else _official(places, aside)
        positions = texts.positions(host)
        span = (int(host_is_b), int(positions[start]), int(positions[end - 1]) + 1)
        side_a, side_b = _Side(a, found_a, covered_a), _Side(b, found_b, covered_b)
        if host_is_b:
            slots = _slots(side_a, side_b, window)
        else:
            slots = tuple((x, y) for y, x in _slots(side_b, side_a, window))
    elif shape == "versions" or min(cab, cba) >= TEMPLATE_SHARE:
        slots = _slots(_Side(a, found_a, covered_a), _Side(b, found_b, covered_b), (0, b.length))
    return PairScore(i, j, round(similarity, 4), round(cab, 4), round(cba, 4), shape, span, slots)


def _segments(mask: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs of True in ``mask`` as half-open (start, end)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _places(host: _Runs, inner: _Runs, found: np.ndarray) -> np.ndarray:
    """Where ``inner`` sits in ``host`` (letter offsets, in order): the first place in the
    host of each run of ``inner`` that the host has, and of those the largest cluster (gaps
    of at most ``SPAN_GAP`` letters: a sentence the host inserted). First places, so that a
    paragraph the briefing repeats in a later answer does not stretch the span; the largest
    cluster, so that a set phrase in an earlier question does not either."""
    order = np.argsort(host.slots, kind="stable")
    first = order[np.searchsorted(host.slots[order], inner.slots[found])]
    places = np.sort(first)
    breaks = np.flatnonzero(np.diff(places) > SPAN_GAP) + 1
    bounds = np.concatenate(([0], breaks, [len(places)]))
    k = int(np.argmax(np.diff(bounds)))
    return places[bounds[k] : bounds[k + 1]]


def _span(places: np.ndarray) -> tuple[int, int]:
    """The letters from the first run at ``places`` to the end of the last."""
    if not len(places):
        return (0, 0)
    return int(places[0]), int(places[-1]) + RUN


def _official(places: np.ndarray, aside: np.ndarray) -> tuple[int, int]:
    """The span of ``places`` less the places at either end that lie outside the host's
    official voice (``aside``: its letters in question, heading, narration and host turns),
    and ending where such a turn begins, for an inner text with no questions: a reporter's
    question that repeats the statement's title words just before the answer that prints it,
    or the briefing's heading that shares the title's 外交部发言人华春莹, is not part of the
    statement. Interior places stay (the span is not split), and so do all when every one is
    aside (a statement read out by a host, or printed in a news report's narration)."""
    kept = np.flatnonzero(~aside[places])
    if not len(kept):
        return _span(places)
    start, last = int(places[kept[0]]), int(places[kept[-1]])
    ahead = np.flatnonzero(aside[last : last + RUN])
    return start, last + (int(ahead[0]) if len(ahead) else RUN)


@dataclass(frozen=True, slots=True)
class _Side:
    """One text of a pair: its runs, which of them the other text has, which letters."""

    runs: _Runs
    found: np.ndarray
    covered: np.ndarray


def _slots(a: _Side, b: _Side, window: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    """Template slots: the same word replaced by the same other word in two places or more,
    neither word found anywhere in the other text (B: within ``window``, letter offsets,
    widened by ``SLOT_PIECE`` so that a name just before a host's span still counts).

    A replacement is an unshared stretch of A between two runs that B has too, read against
    what B has between those two runs (or, at A's start or end, against B's unshared letters
    next to the one run). Two replacements fill one slot when they share a word of
    ``SLOT_LENGTH`` letters on each side (塞尔维亚 → 柬埔寨, and 帮助塞尔维亚 → 支持柬埔寨
    where a neighbouring word changed too), and slots must explain at least half of the
    replacements. An edited version of one event adds, drops and rewords here and there, but
    does not put one name for another throughout: the 2017 Xinhua report has 能与 where the
    SCIO transcript has 能同, twice, among dozens of other rewordings.
    """
    window = (max(0, window[0] - SLOT_PIECE), min(b.runs.length, window[1] + SLOT_PIECE))
    replaced = _replacements(a, b, window)
    if len(replaced) > SLOT_REPLACEMENTS:
        return ()
    other_a, other_b = a.runs.letters, b.runs.letters[window[0] : window[1]]
    slots: list[tuple[str, str]] = []
    for n, (xa, ya) in enumerate(replaced):
        for xb, yb in replaced[n + 1 :]:
            x, y = _distinct(_common(xa, xb), _common(ya, yb))
            long_enough = min(len(x), len(y)) >= SLOT_LENGTH[0]
            if long_enough and (x, y) not in slots and x not in other_b and y not in other_a:
                slots.append((x, y))
    filled = sum(any(x in xa and y in ya for x, y in slots) for xa, ya in replaced)
    return tuple(slots) if 2 * filled >= len(replaced) else ()


def _distinct(x: str, y: str) -> tuple[str, str]:
    """``x`` and ``y`` without the letters they begin or end with alike (塞尔维亚 / 马来西亚
    → 塞尔维 / 马来西), so that a one-letter edit (能与 / 能同) is not a slot."""
    while x and y and x[0] == y[0]:
        x, y = x[1:], y[1:]
    while x and y and x[-1] == y[-1]:
        x, y = x[:-1], y[:-1]
    return x, y


def _replacements(side_a: _Side, side_b: _Side, window: tuple[int, int]) -> list[tuple[str, str]]:
    """(A's words, B's words) for each short unshared stretch of A next to runs B has."""
    a, found_a, covered_a = side_a.runs, side_a.found, side_a.covered
    b, covered_b = side_b.runs, side_b.covered
    low, high = SLOT_LENGTH[0], SLOT_PIECE
    start, end = window
    last = len(found_a)

    def run_after(e: int) -> bool:
        return e < last and bool(found_a[e])

    def run_before(s: int) -> bool:
        return s >= RUN and bool(found_a[s - RUN])

    stretches = [
        (s, e)
        for s, e in _segments(~covered_a)
        if (
            low <= e - s <= high and ((run_before(s) and run_after(e)) or (s == 0 and run_after(e)))
        )
        or (low <= e - s <= high and e >= a.length and run_before(s))
    ]
    if not stretches:
        return []
    flanks = [a.slots[x] for s, e in stretches for x in (s - RUN, e) if 0 <= x < last]
    part = b.slots[start : max(start, end - RUN + 1)]
    where: dict[int, list[int]] = {}
    for n in np.flatnonzero(np.isin(part, flanks)).tolist():
        where.setdefault(int(part[n]), []).append(n + start)
    out = []
    for s, e in stretches:
        if run_before(s) and run_after(e):
            spans = [
                (left + RUN, right)
                for left in where.get(int(a.slots[s - RUN]), [])
                for right in where.get(int(a.slots[e]), [])
            ]
        elif run_after(e):  # A's start: B's unshared letters before the run, the last few
            spans = [
                (max(_unshared_from(covered_b, r, -1), r - SLOT_LENGTH[1]), r)
                for r in where.get(int(a.slots[e]), [])
            ]
        else:  # A's end: B's unshared letters after the run, the first few
            spans = [
                (x, min(_unshared_from(covered_b, x, 1), x + SLOT_LENGTH[1]))
                for x in (left + RUN for left in where.get(int(a.slots[s - RUN]), []))
            ]
        fits = sorted((y - x, x) for x, y in spans if low <= y - x <= high)
        if fits:  # a run B repeats: the nearest pair of flanks
            size, at = fits[0]
            out.append((a.letters[s:e], b.letters[at : at + size]))
    return out


def _unshared_from(covered: np.ndarray, at: int, step: int) -> int:
    """Where the stretch of unshared letters that begins (step 1) or ends (step -1) at
    ``at`` ends or begins."""
    n = len(covered)
    if step < 0:
        while at > 0 and not covered[at - 1]:
            at -= 1
    else:
        while at < n and not covered[at]:
            at += 1
    return at


def _common(x: str, y: str) -> str:
    """The longest string found in both, longest first (short strings: searches in C)."""
    for size in range(min(len(x), len(y)), 0, -1):
        for start in range(len(x) - size + 1):
            if x[start : start + size] in y:
                return x[start : start + size]
    return ""


def confirm(
    keys: Sequence[str],
    first: Iterable[int],
    second: Iterable[int],
    min_shared: float = DEFAULT_MIN_SHARED,
    progress: Progress | None = None,
    asides: Asides | None = None,
) -> list[PairScore]:
    """Score the candidate pairs ``(first[i], second[i])`` (each ``a < b``) on their texts;
    those where at least ``min_shared`` of one text is in the other (identical texts always),
    ordered by index. ``asides`` keeps an excerpt's span in its host's official voice."""
    texts = _Texts(keys, asides)
    pairs = list(zip(first, second, strict=True))
    scored = []
    for n, (a, b) in enumerate(pairs):
        if progress and n % PROGRESS_EVERY == 0:
            progress("confirming", n, len(pairs))
        if (score := _score(texts, int(a), int(b), min_shared)) is not None:
            scored.append(score)
    if progress:
        progress("confirming", len(pairs), len(pairs))
    return sorted(scored, key=lambda s: (s.a, s.b))


def score_pairs(
    keys: Sequence[str],
    first: Sequence[int],
    second: Sequence[int],
    asides: Asides | None = None,
) -> list[PairScore | None]:
    """Scores of the given pairs (in either order), however little they share; None where a
    text has no letters. Unlike ``confirm``, ``a`` is ``first[i]`` even when it is larger."""
    texts = _Texts(keys, asides)
    return [_score(texts, a, b, 0.0) for a, b in zip(first, second, strict=True)]


def find_pairs(
    keys: Sequence[str],
    *,
    min_shared: float = DEFAULT_MIN_SHARED,
    max_partners: int = containment.MAX_PARTNERS,
    workers: int = 2,
    progress: Progress | None = None,
    asides: Asides | None = None,
) -> PairSearch:
    """Confirmed pairs among ``keys`` (matching keys, e.g. ``doc.key``), by index, where at
    least ``min_shared`` of one text lies in the other; identical texts are always reported.
    ``max_partners`` bounds the pairs examined per document (0: no bound); ``asides``
    (the documents' turns outside the official voice) keeps an excerpt's span in its host's
    answers and statements."""
    if progress:
        progress("indexing", 0, len(keys))
    found = containment.candidates(
        keys, CANDIDATE_FACTOR * min_shared, max_partners=max_partners, workers=workers
    )
    pairs = confirm(keys, found.first, found.second, min_shared, progress, asides)
    return PairSearch(tuple(pairs), len(found.first), found.crowded)
