"""Grouping candidate windows into families of one formulation, by rapidfuzz similarity.

Decisions (the defaults are argued in ``tracking/formulations/families.py``; how windows are
scored, and why only some pairs are, in ``tracking/formulations/similarity.py``):

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
* Scale: the links are those of wordings (windows with the same punctuation-free key)
  spread over their windows, and a family keeps its wordings by event, so that the test
  against every member costs one look-up per distinct wording, not per window.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from tifa.tracking.formulations.clauses import Candidate
from tifa.tracking.formulations.similarity import CONTAINMENT_PENALTY, Wordings, link_score

LINKAGE_SLACK = 0.15


def floor(min_similarity: float) -> float:
    """The score a window needs against every member of a family to join it."""
    return max(0.0, min_similarity - LINKAGE_SLACK)


class _Groups:
    """Families under construction: members, their documents and wordings, taken clauses."""

    def __init__(
        self, candidates: Sequence[Candidate], events: Sequence[int], words: Wordings
    ) -> None:
        self.cands, self.events, self.words = candidates, events, words
        self.family: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        self.docs: dict[int, set[str]] = {}
        self.wordings: dict[int, dict[int, set[int]]] = {}  # family → wording → its events
        self.claimed: set[tuple[str, int]] = set()
        # Failures are final: families only grow and clauses are only taken, so a window that
        # did not fit a family, or a family that could not merge into another, never will.
        self.refused: set[tuple[int, int]] = set()  # (window, family)
        self.unmerged: set[tuple[int, int]] = set()  # (family, family merged into it)
        self.dead: set[int] = set()  # unplaced windows with a clause taken: no link moves them
        self.next_id = 0

    def free(self, i: int) -> bool:
        if i in self.family or i in self.dead:
            return False
        c = self.cands[i]
        if any((c.doc, k) in self.claimed for k in c.clauses):
            self.dead.add(i)
            return False
        return True

    def fits(self, i: int, f: int, *, edition: bool = False) -> bool:
        """May ``i`` join family ``f``? An ``edition`` of a member's event needs no more than
        its link to that member: it is the same utterance, edited."""
        if self.cands[i].doc in self.docs[f]:
            return False
        if edition:
            return True
        u, event, near = int(self.words.of[i]), self.events[i], self.words.sim.near
        return all(
            near(u, w)
            for w, events in self.wordings[f].items()
            if len(events) > 1 or event not in events
        )

    def add(self, i: int, f: int) -> None:
        self.family[i] = f
        self.members.setdefault(f, []).append(i)
        c = self.cands[i]
        self.docs.setdefault(f, set()).add(c.doc)
        held = self.wordings.setdefault(f, {})
        held.setdefault(int(self.words.of[i]), set()).add(self.events[i])
        self.claimed.update((c.doc, k) for k in c.clauses)

    def new(self, *items: int) -> None:
        f, self.next_id = self.next_id, self.next_id + 1
        for i in items:
            self.add(i, f)

    def merge(self, f: int, g: int) -> None:
        if (f, g) in self.unmerged:
            return
        moved = self.members.pop(g)
        if all(self.fits(i, f) for i in moved):
            for i in moved:
                self.add(i, f)
            del self.docs[g], self.wordings[g]
        else:
            self.members[g] = moved  # tried: it goes last
            self.unmerged.add((f, g))

    def link(self, i: int, j: int, *, found: bool, edition: bool = False) -> None:
        """Apply one link: found a family (if ``found``), extend one, or merge two."""
        fi, fj = self.family.get(i), self.family.get(j)
        if fi is not None and fj is not None:
            if fi != fj:
                self.merge(fi, fj)
        elif fi is None and fj is None:
            if found and self.free(i) and self.free(j):
                self.new(i, j)
        else:
            placed, loose = (fi, j) if fi is not None else (fj, i)
            assert placed is not None  # exactly one of fi, fj is None here
            if not edition and (loose, placed) in self.refused:
                return
            if self.free(loose) and self.fits(loose, placed, edition=edition):
                self.add(loose, placed)
            elif not edition:
                self.refused.add((loose, placed))


def cluster(
    candidates: Sequence[Candidate], events: Sequence[int], words: Wordings, min_similarity: float
) -> list[list[int]]:
    """Families as lists of candidate indices (see the module docstring for the rules).
    ``words``: the candidates' wordings, their similarity kept down to ``floor(min_similarity)``."""
    if not candidates:
        return []
    groups = _Groups(candidates, events, words)
    ev = np.asarray(events)
    hit = np.array([c.hit for c in candidates])
    links = _strong_links(words, ev, min_similarity)
    cross = ev[links.a] != ev[links.b]
    ca, cb = links.a[cross], links.b[cross]
    across = np.lexsort(
        (cb, ca, -links.ratio[cross], -links.score[cross], -links.lcs[cross], ~(hit[ca] | hit[cb]))
    )
    placed, dead, refused = groups.family.get, groups.dead, groups.refused
    for i, j in zip(ca[across].tolist(), cb[across].tolist(), strict=True):
        # the links that can change nothing, cheaply: one family, a dead or refused window
        fi, fj = placed(i), placed(j)
        if (fi is not None and fi == fj) or i in dead or j in dead:
            continue
        if (fi is None and (i, fj) in refused) or (fj is None and (j, fi) in refused):
            continue
        groups.link(i, j, found=True)
    for i, j in _edition_links(candidates, ev, words, min_similarity):
        groups.link(i, j, found=bool(hit[i] and hit[j]), edition=True)
    for i, c in enumerate(candidates):
        if c.hit and c.single and groups.free(i):
            groups.new(i)
    return [m for m in groups.members.values() if m]


class _Links:
    """Window pairs (a < b, never one document) with their common characters and scores."""

    def __init__(self, a: np.ndarray, b: np.ndarray, lcs: np.ndarray, lengths: np.ndarray):
        self.a, self.b, self.lcs = a, b, lcs
        self.ratio, self.contained, self.score = link_score(lcs, lengths[a], lengths[b])


def _strong_links(words: Wordings, ev: np.ndarray, min_similarity: float) -> _Links:
    """Every window pair scoring at least ``min_similarity``: the wording pairs that do,
    and pairs of windows with the same wording, spread over their windows."""
    sim = words.sim
    strong = np.flatnonzero(sim.score_of >= min_similarity)
    pairs = [(sim.a[strong], sim.b[strong], sim.lcs[strong])]
    repeated = np.flatnonzero(np.diff(words.ptr) > 1)
    pairs.append((repeated, repeated, sim.lengths[repeated]))
    a, b, lcs = (np.concatenate(x) for x in zip(*pairs, strict=True))
    i, j, k = _spread(words, a, b)
    keep = words.doc_index[i] != words.doc_index[j]
    i, j, lcs = i[keep], j[keep], lcs[k[keep]]
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    order = np.lexsort((hi, lo))
    lengths = sim.lengths[words.of]
    return _Links(lo[order], hi[order], lcs[order], lengths)


def _spread(
    words: Wordings, a: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The window pairs of wording pairs ``(a, b)`` (each window pair once when a == b),
    and for each the index of its wording pair."""
    ptr, idx = words.ptr, words.idx
    na, nb = ptr[a + 1] - ptr[a], ptr[b + 1] - ptr[b]
    count = na * nb
    k = np.repeat(np.arange(len(a)), count)
    offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    i = idx[ptr[a][k] + offset // nb[k]]
    j = idx[ptr[b][k] + offset % nb[k]]
    keep = (a[k] != b[k]) | (i < j)
    return i[keep], j[keep], k[keep]


def _edition_links(
    candidates: Sequence[Candidate], ev: np.ndarray, words: Wordings, min_similarity: float
) -> list[tuple[int, int]]:
    """Window pairs of two documents of one event that link (score ≥ ``min_similarity``,
    or contained − penalty ≥ it, whatever the length shared), the most alike first."""
    by_event: dict[int, list[int]] = {}
    for i in range(len(candidates)):
        by_event.setdefault(int(ev[i]), []).append(i)
    a_list, b_list = [], []
    for members in by_event.values():
        if len({candidates[i].doc for i in members}) > 1:
            for n, i in enumerate(members):
                for j in members[n + 1 :]:
                    if candidates[i].doc != candidates[j].doc:
                        a_list.append(i)
                        b_list.append(j)
    if not a_list:
        return []
    a, b = np.array(a_list, dtype=np.int64), np.array(b_list, dtype=np.int64)
    keys = np.array([c.match for c in candidates], dtype=object)
    distance = process.cpdist(keys[a], keys[b], scorer=Indel.distance, dtype=np.int32)
    la, lb = words.sim.lengths[words.of[a]], words.sim.lengths[words.of[b]]
    ratio, contained, score = link_score((la + lb - distance) // 2, la, lb)
    keep = np.flatnonzero(
        (score >= min_similarity) | (contained - CONTAINMENT_PENALTY >= min_similarity)
    )
    a, b, ratio = a[keep], b[keep], ratio[keep]
    size = np.array([c.last_clause - c.first_clause for c in candidates])
    order = np.lexsort((b, a, size[a] + size[b], -ratio))
    return list(zip(a[order].tolist(), b[order].tolist(), strict=True))
