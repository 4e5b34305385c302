"""Grouping candidate windows into families of one formulation, by rapidfuzz similarity.

Decisions (the defaults are argued in ``tracking/families.py``):

* Similarity is computed once, as a matrix: ``process.cdist`` with the Indel distance over the
  windows' matching keys with punctuation removed (“双轨并进” and 双轨并进 are the same words).
  From the distance come the common characters ``lcs``, the normalised similarity
  ``ratio = 2·lcs / (len a + len b)`` (rapidfuzz's ``fuzz.ratio``) and the containment
  ``lcs / shorter length``.
* Link score = max(ratio, containment − ``CONTAINMENT_PENALTY``) when the two share at least
  ``MIN_SHARED`` characters, else ratio. So one threshold governs both: two windows are the
  same formulation when they are about as long and mostly the same (台湾是中国的一部分 /
  台湾是中国领土不可分割的一部分: ratio 0.75), or when one is nearly all inside the other and
  the shared part is substantial (成为迄今最受欢迎的国际公共产品 inside 成为当今世界最受欢迎的
  国际公共产品和最大规模的国际合作平台).
* Families are grown greedily from the strongest links: links across events first (a
  formulation recurring across years is what a family is for; two editions of one event agree
  on nearly everything and would otherwise claim the longest windows), links touching a
  keyword clause before links between context clauses, and then the most characters in common
  (so the two-clause "世界上只有一个中国，台湾是中国的一部分" beats its exact one-clause half).
* A window joins a family only if it shares no clause with a window already placed, the
  family has no window from its document yet, and it scores at least ``min_similarity −
  LINKAGE_SLACK`` against every member from another event: that stops chains (A like B, B like
  C) from gathering two different claims, while letting wording drift a little from year to
  year. Two families that a link across events connects merge under the same test.
* Links inside one event (two editions of one press conference) come after all links across
  events, the most alike first and then the shortest windows: they add the other edition's
  window to a family (needing no more than that link: it is the same utterance, edited), or
  pair two keyword windows into a family of that one year. Between editions, containment
  counts whatever the length of the shared part (an editor cut 通过“双暂停”摆脱目前的安全困境
  to 通过“双暂停”).
* A keyword clause left over becomes a family of its own, one clause long, so that a
  formulation said once is still reported (it is what "new in 2024" lists) and key phrases
  (``tracking.formulations.keyphrases``) can still tie it to a family of another year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from tifa.tracking.formulations.clauses import Candidate

CONTAINMENT_PENALTY = 0.15
MIN_SHARED = 8
LINKAGE_SLACK = 0.15


@dataclass(frozen=True)
class Similarity:
    """Pairwise similarity of candidates, all as n×n arrays."""

    ratio: np.ndarray
    lcs: np.ndarray
    score: np.ndarray
    contained: np.ndarray  # common characters over the shorter window's length


def similarity(candidates: Sequence[Candidate]) -> Similarity:
    """The matrices, from one ``cdist`` per document against the documents after it.

    Windows of one document are never compared (a family holds one window per document), so
    only the blocks above the diagonal are computed and mirrored: about 40 % of the full
    matrix on five documents. Two windows of one document score 0, a window and itself 1.
    """
    keys = [c.match for c in candidates]
    n = len(keys)
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int32, count=n)
    lcs = np.zeros((n, n), dtype=np.int32)
    ends = [k + 1 for k in range(n - 1) if candidates[k].doc != candidates[k + 1].doc] + [n]
    start = 0
    for end in ends:
        if end < n:
            distance = process.cdist(
                keys[start:end], keys[end:], scorer=Indel.distance, dtype=np.int32
            )
            block = (lengths[start:end, None] + lengths[None, end:] - distance) // 2
            lcs[start:end, end:] = block
            lcs[end:, start:end] = block.T
        start = end
    np.fill_diagonal(lcs, lengths)
    total = np.maximum(lengths[:, None] + lengths[None, :], 1)
    ratio = (2 * lcs / total).astype(np.float32)
    shorter = np.maximum(np.minimum(lengths[:, None], lengths[None, :]), 1)
    contained = (lcs / shorter).astype(np.float32)
    score = np.where(lcs >= MIN_SHARED, np.maximum(ratio, contained - CONTAINMENT_PENALTY), ratio)
    return Similarity(ratio, lcs, score, contained)


class _Groups:
    """Families under construction: members, and which clauses are taken."""

    def __init__(
        self, candidates: Sequence[Candidate], events: Sequence[int], sim: Similarity, floor: float
    ) -> None:
        self.cands, self.events, self.sim, self.floor = candidates, events, sim, floor
        self.family: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        self.claimed: set[tuple[str, int]] = set()
        self.next_id = 0

    def free(self, i: int) -> bool:
        c = self.cands[i]
        return i not in self.family and all((c.doc, k) not in self.claimed for k in c.clauses)

    def fits(self, i: int, members: Sequence[int], *, edition: bool = False) -> bool:
        """May ``i`` join ``members``? An ``edition`` of a member's event needs no more than
        its link to that member: it is the same utterance, edited."""
        docs = {self.cands[m].doc for m in members}
        if self.cands[i].doc in docs:
            return False
        if edition:
            return True
        others = [m for m in members if self.events[m] != self.events[i]]
        return all(self.sim.score[i, m] >= self.floor for m in others)

    def add(self, i: int, f: int) -> None:
        self.family[i] = f
        self.members.setdefault(f, []).append(i)
        c = self.cands[i]
        self.claimed.update((c.doc, k) for k in c.clauses)

    def new(self, *items: int) -> None:
        f, self.next_id = self.next_id, self.next_id + 1
        for i in items:
            self.add(i, f)

    def merge(self, f: int, g: int) -> None:
        moved = self.members.pop(g)
        if all(self.fits(i, self.members[f]) for i in moved):
            for i in moved:
                self.family[i] = f
            self.members[f].extend(moved)
        else:
            self.members[g] = moved


def cluster(
    candidates: Sequence[Candidate], events: Sequence[int], sim: Similarity, min_similarity: float
) -> list[list[int]]:
    """Families as lists of candidate indices (see the module docstring for the rules)."""
    if not candidates:
        return []
    groups = _Groups(candidates, events, sim, min_similarity - LINKAGE_SLACK)
    ev = np.asarray(events)
    hit = np.array([c.hit for c in candidates])
    size = np.array([c.last_clause - c.first_clause for c in candidates])
    same_event = ev[:, None] == ev[None, :]
    trimmed = same_event & (sim.contained - CONTAINMENT_PENALTY >= min_similarity)
    a, b = np.nonzero(np.triu((sim.score >= min_similarity) | trimmed, 1))  # never one document
    cross = ev[a] != ev[b]
    ca, cb = a[cross], b[cross]
    across = np.lexsort(
        (-sim.ratio[ca, cb], -sim.score[ca, cb], -sim.lcs[ca, cb], ~(hit[ca] | hit[cb]))
    )
    for i, j in zip(ca[across].tolist(), cb[across].tolist(), strict=True):
        _link(groups, i, j, found=True)
    sa, sb = a[~cross], b[~cross]
    within = np.lexsort((size[sa] + size[sb], -sim.ratio[sa, sb]))
    for i, j in zip(sa[within].tolist(), sb[within].tolist(), strict=True):
        _link(groups, i, j, found=bool(hit[i] and hit[j]), edition=True)
    _singletons(groups, candidates)
    return [m for m in groups.members.values() if m]


def _link(groups: _Groups, i: int, j: int, *, found: bool, edition: bool = False) -> None:
    """Apply one link: found a family (if ``found``), extend one, or merge two."""
    fi, fj = groups.family.get(i), groups.family.get(j)
    if fi is not None and fj is not None:
        if fi != fj:
            groups.merge(fi, fj)
    elif fi is None and fj is None:
        if found and groups.free(i) and groups.free(j):
            groups.new(i, j)
    else:
        placed, loose = (fi, j) if fi is not None else (fj, i)
        assert placed is not None  # exactly one of fi, fj is None here
        if groups.free(loose) and groups.fits(loose, groups.members[placed], edition=edition):
            groups.add(loose, placed)


def _singletons(groups: _Groups, candidates: Sequence[Candidate]) -> None:
    """Each keyword clause left over is a family of its own, one clause long."""
    for i, c in enumerate(candidates):
        if c.hit and c.single and groups.free(i):
            groups.new(i)
