"""Grouping candidate windows into families of one formulation, by rapidfuzz similarity.

Decisions (the defaults are argued in ``tracking/formulations/families.py``; how wordings are
scored, and which pairs are, in ``tracking/formulations/similarity.py``):

* The unit is the wording (windows with the same punctuation-free key): a line said in a
  thousand briefings is one node with a thousand windows, not a million window pairs. A
  wording joins a family whole; each of its windows becomes a member unless a clause of it is
  already taken (below).
* Link score = max(ratio, containment − ``CONTAINMENT_PENALTY``) when the two share at least
  ``MIN_SHARED`` characters, else ratio. So one threshold governs both: two wordings are the
  same formulation when they are about as long and mostly the same (台湾是中国的一部分 /
  台湾是中国领土不可分割的一部分: ratio 0.75), or when one is nearly all inside the other and
  the shared part is substantial (成为迄今最受欢迎的国际公共产品 inside 成为当今世界最受欢迎的
  国际公共产品和最大规模的国际合作平台).
* Families are grown greedily from the strongest links: links across events first (a
  formulation recurring across periods is what a family is for; two editions of one event
  agree on nearly everything and would otherwise claim the longest windows), links touching a
  keyword clause before links between context clauses, and then the most characters in common
  (so the two-clause "世界上只有一个中国，台湾是中国的一部分" beats its exact one-clause half).
  A wording said in two events or more links to itself, so it founds a family on its own.
* A wording joins a family only if it scores at least ``min_similarity − LINKAGE_SLACK``
  against every wording of the family said in another event: that stops chains (A like B, B
  like C) from gathering two different claims, while letting wording drift a little from
  period to period. Two families that a link connects merge under the same test. The test is
  exact (rapidfuzz on the wording against the family's wordings) and a failure is final:
  families only grow.
* A window whose clause another window already took is not placed: a clause says one
  formulation (key phrases, ``tracking.formulations.anchors``, may add it to a second family).
  A family may hold several windows of one document (a briefing that says the line twice):
  it counts once per event (``families._family``).
* Links inside one event (two editions of one press conference) come after all links across
  events, the most alike first and then the shortest windows: they add the other edition's
  window to a family (needing no more than that link: it is the same utterance, edited,
  so the edition must have no window in the family yet), or
  pair two keyword windows into a family of that one event. Between editions, containment
  counts whatever the length of the shared part (an editor cut 通过“双暂停”摆脱目前的安全困境
  to 通过“双暂停”).
* A keyword clause left over becomes a family of its own, one clause long, so that a
  formulation said once is still reported and key phrases can still tie it to a family.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from tifa.tracking.formulations.clauses import Candidate
from tifa.tracking.formulations.similarity import (
    CONTAINMENT_PENALTY,
    Wordings,
    common,
    link_score,
)

LINKAGE_SLACK = 0.15
SAMPLE = 8  # wordings of each side a merge or a join is first tested on


def floor(min_similarity: float) -> float:
    """The score a wording needs against every wording of a family to join it."""
    return max(0.0, min_similarity - LINKAGE_SLACK)


class _Groups:
    """Families under construction: wordings, windows, taken clauses, and final refusals."""

    def __init__(
        self,
        candidates: Sequence[Candidate],
        events: Sequence[int],
        words: Wordings,
        floor: float,
    ) -> None:
        self.cands, self.events, self.words = candidates, events, words
        n = len(words.keys)
        self.home: list[int] = [-1] * n  # wording → family
        self.placed: dict[int, int] = {}  # window → family
        # family → its wordings: an ``array`` that numpy reads without converting each item
        # (a family is tested against thousands of wordings, and grows one at a time)
        self.wordings: dict[int, array[int]] = {}
        # family → its wordings' keys as distances are computed on them, in that order
        self.texts: dict[int, list[str]] = {}
        self.keys = words.sim.coded
        self.windows: dict[int, list[int]] = {}  # family → its windows
        self.claimed: set[tuple[str, int]] = set()
        self.claims = [c.claims for c in candidates]  # a property: computed once here
        self.only: list[int] = [-1] * n  # the event of a wording said in one event only, else -1
        for u in range(n):
            said = {events[i] for i in words.windows(u)}
            if len(said) == 1:
                self.only[u] = said.pop()
        self.only_of = np.array(self.only, dtype=np.int64)
        # whether two wordings fit, from their distance alone: a table by their lengths
        self.size_at, self.max_distance = words.sim.fitting(floor)
        # Failures are final: families only grow and clauses are only taken, so a wording that
        # did not fit a family, or a family that could not merge into another, never will.
        self.refused: set[tuple[int, int]] = set()  # (wording, family)
        self.unmerged: set[tuple[int, int]] = set()  # (family, family merged into it)
        self.dead: set[int] = set()  # wordings whose every window has a clause taken
        self.next_id = 0

    def window_free(self, i: int) -> bool:
        return i not in self.placed and self.claimed.isdisjoint(self.claims[i])

    def free(self, u: int) -> bool:
        """Unplaced, with at least one window whose clauses are all untaken."""
        if self.home[u] >= 0 or u in self.dead:
            return False
        if any(self.window_free(i) for i in self.words.windows(u)):
            return True
        self.dead.add(u)
        return False

    def fits(self, u: int, f: int) -> bool:
        return self.near([u], [self.keys[u]], f)

    def near(self, wordings: Sequence[int], keys: list[str], f: int) -> bool:
        """Does every one of ``wordings`` (``keys`` their keys) score at least the floor
        against every wording of family ``f``? Pairs said only in one and the same event (two
        editions of one utterance) are exempt."""
        return _all_near(self, wordings, keys, self.wordings[f], self.texts[f])

    def place_window(self, i: int, f: int) -> None:
        self.placed[i] = f
        self.windows.setdefault(f, []).append(i)
        self.claimed.update(self.claims[i])

    def place(self, u: int, f: int) -> None:
        self.home[u] = f
        self.wordings[f].append(u)
        self.texts[f].append(self.keys[u])
        for i in self.words.windows(u):
            if self.window_free(i):
                self.place_window(i, f)

    def new(self) -> int:
        f, self.next_id = self.next_id, self.next_id + 1
        self.wordings[f], self.texts[f], self.windows[f] = array("q"), [], []
        return f

    def merge(self, f: int, g: int) -> None:
        if (f, g) in self.unmerged:
            return
        theirs = self.wordings[g]
        if not self.near(theirs, self.texts[g], f):
            self.unmerged.add((f, g))
            return
        for u in theirs:
            self.home[u] = f
        for i in self.windows[g]:
            self.placed[i] = f
        self.wordings[f].extend(self.wordings.pop(g))
        self.texts[f].extend(self.texts.pop(g))
        self.windows[f].extend(self.windows.pop(g))

    def link(self, u: int, v: int) -> None:
        """Apply one link across events: found a family, extend one, or merge two."""
        fu, fv = self.home[u], self.home[v]
        if u == v:
            if fu < 0 and self.free(u):
                self.place(u, self.new())
            return
        if fu >= 0 and fv >= 0:
            if fu != fv:
                self.merge(fu, fv)
            return
        if fu < 0 and fv < 0:
            if self.free(u) and self.free(v):
                f = self.new()
                self.place(u, f)
                self.place(v, f)
            return
        placed, loose = (fu, v) if fu >= 0 else (fv, u)
        if (loose, placed) in self.refused:
            return
        if self.free(loose) and self.fits(loose, placed):
            self.place(loose, placed)
        else:
            self.refused.add((loose, placed))

    def edition(self, i: int, j: int, found: bool) -> None:
        """Apply one link between two editions of one event (windows, not wordings)."""
        fi, fj = self.placed.get(i), self.placed.get(j)
        if fi is not None and fj is not None:
            if fi != fj:
                self.merge(fi, fj)
            return
        if fi is None and fj is None:
            if found and self.window_free(i) and self.window_free(j):
                f = self.new()
                self.place_window(i, f)
                self.place_window(j, f)
                self._adopt(i, f)
                self._adopt(j, f)
            return
        placed, loose = (fi, j) if fi is not None else (fj, i)
        assert placed is not None  # exactly one of fi, fj is None here
        doc = self.cands[loose].doc
        held = any(self.cands[k].doc == doc for k in self.windows[placed])
        if not held and self.window_free(loose):
            self.place_window(loose, placed)
            self._adopt(loose, placed)

    def _adopt(self, i: int, f: int) -> None:
        """A window placed on its own: its wording, if homeless, now belongs to ``f``."""
        u = int(self.words.of[i])
        if self.home[u] < 0:
            self.home[u] = f
            self.wordings[f].append(u)
            self.texts[f].append(self.keys[u])


def _all_near(
    groups: _Groups,
    theirs: Sequence[int],
    their_keys: list[str],
    mine: Sequence[int],
    my_keys: list[str],
) -> bool:
    """Does every wording of ``theirs`` score at least the floor against every one of
    ``mine`` (pairs said only in one and the same event aside)? Asked first of the first
    ``SAMPLE`` of each side (the wordings a family was founded on), where a misfit most
    often shows: the answer is the same, and a failure costs a few pairs instead of all."""
    if len(theirs) * len(mine) > 4 * SAMPLE * SAMPLE and not _near(
        groups, theirs[:SAMPLE], their_keys[:SAMPLE], mine[:SAMPLE], my_keys[:SAMPLE]
    ):
        return False
    return _near(groups, theirs, their_keys, mine, my_keys)


def _near(
    groups: _Groups,
    theirs: Sequence[int],
    their_keys: list[str],
    mine: Sequence[int],
    my_keys: list[str],
) -> bool:
    """``_all_near`` on all pairs: a family is tested thousands of times, mostly against one
    wording, so the test is a distance matrix (rapidfuzz) against a table of the distance
    each pair of lengths allows (``Similarity.fitting``), not scores computed pair by pair."""
    if len(their_keys) < len(my_keys):  # the fewer as queries: rapidfuzz prepares each once
        theirs, their_keys, mine, my_keys = mine, my_keys, theirs, their_keys
    a, b = np.asarray(mine), np.asarray(theirs)
    size = groups.size_at
    allowed = groups.max_distance[size[a][:, None], size[b][None, :]]
    # past the largest distance allowed, rapidfuzz stops counting (and gives that + 1)
    distance = process.cdist(
        my_keys,
        their_keys,
        scorer=Indel.distance,
        dtype=np.int32,
        workers=-1 if len(theirs) * len(mine) > 90_000 else 1,
        score_cutoff=max(0, int(allowed.max())),
    )
    fit = distance <= allowed
    if fit.all():
        return True
    only = groups.only_of
    alone_a, alone_b = only[a][:, None], only[b][None, :]
    return bool(np.all(fit | ((alone_a >= 0) & (alone_a == alone_b))))


def cluster(
    candidates: Sequence[Candidate], events: Sequence[int], words: Wordings, min_similarity: float
) -> list[list[int]]:
    """Families as lists of candidate indices (see the module docstring for the rules).
    ``words``: the candidates' wordings, their strong pairs at ``min_similarity``."""
    if not candidates:
        return []
    groups = _Groups(candidates, events, words, floor(min_similarity))
    sim = words.sim
    hit = np.zeros(len(words.keys), dtype=bool)
    np.logical_or.at(hit, words.of, np.array([c.hit for c in candidates]))
    only = groups.only_of
    a, b, lcs, score, ratio = sim.a, sim.b, sim.lcs, sim.score_of, sim.ratio_of
    across = (only[a] < 0) | (only[a] != only[b])
    a, b, lcs, score, ratio = (x[across] for x in (a, b, lcs, score, ratio))
    recurring = np.flatnonzero(only < 0)
    a = np.concatenate([a, recurring])
    b = np.concatenate([b, recurring])
    lcs = np.concatenate([lcs, sim.lengths[recurring]])
    score = np.concatenate([score, np.ones(len(recurring))])
    ratio = np.concatenate([ratio, np.ones(len(recurring))])
    order = np.lexsort((b, a, -ratio, -score, -lcs, ~(hit[a] | hit[b])))
    home, dead, refused = groups.home, groups.dead, groups.refused
    for u, v in zip(a[order].tolist(), b[order].tolist(), strict=True):
        # the links that can change nothing, cheaply: one family, a dead or refused wording
        fu, fv = home[u], home[v]
        if (fu >= 0 and fu == fv and u != v) or u in dead or v in dead:
            continue
        if (fu < 0 <= fv and (u, fv) in refused) or (fv < 0 <= fu and (v, fu) in refused):
            continue
        groups.link(u, v)
    for i, j in _edition_links(candidates, np.asarray(events), words, min_similarity):
        groups.edition(i, j, found=bool(candidates[i].hit and candidates[j].hit))
    for u in range(len(words.keys)):
        if hit[u] and groups.free(u):
            mine = [i for i in words.windows(u) if candidates[i].hit and candidates[i].single]
            free = [i for i in mine if groups.window_free(i)]
            if free:
                f = groups.new()
                for i in free:
                    if groups.window_free(i):
                        groups.place_window(i, f)
                groups._adopt(free[0], f)
    return [sorted(w) for w in groups.windows.values() if w]


def _edition_links(
    candidates: Sequence[Candidate], ev: np.ndarray, words: Wordings, min_similarity: float
) -> list[tuple[int, int]]:
    """Window pairs of two documents of one event that link (score ≥ ``min_similarity``,
    or contained − penalty ≥ it, whatever the length shared), the most alike first."""
    by_event: dict[int, list[int]] = {}
    for i, e in enumerate(ev.tolist()):
        by_event.setdefault(e, []).append(i)
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
    coded = np.array(words.sim.coded, dtype=object)
    distance = process.cpdist(
        coded[words.of[a]], coded[words.of[b]], scorer=Indel.distance, dtype=np.int32
    )
    la, lb = words.sim.lengths[words.of[a]], words.sim.lengths[words.of[b]]
    ratio, contained, score = link_score(common(distance, la, lb), la, lb)
    keep = np.flatnonzero(
        (score >= min_similarity) | (contained - CONTAINMENT_PENALTY >= min_similarity)
    )
    a, b, ratio = a[keep], b[keep], ratio[keep]
    size = np.array([c.last_clause - c.first_clause for c in candidates])
    order = np.lexsort((b, a, size[a] + size[b], -ratio))
    return list(zip(a[order].tolist(), b[order].tolist(), strict=True))
