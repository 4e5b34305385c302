"""Variants: a family's members grouped by wording, up to the slots that vary by occasion.

A family is one formulation; its variants are the ways it is worded. "恪守一个中国政策和中美三个
联合公报原则" and "恪守一个中国原则和中美三个联合公报规定" are two variants of one family; "我们
要求美方切实恪守一个中国原则" and "我们要求荷方切实恪守一个中国原则" are one variant, said to two
addressees (``tracking.formulations.slots`` decides what is a slot).

Decisions:

* Wordings are compared without punctuation (“双轨并进”思路 = 双轨并进思路), as families are,
  without a 的 that ends them (a cut keeps the 的 that closes its clause's predicate,
  ``cores``: 立场是一贯的、明确的), and on their joined text, as jieba cuts one text two ways
  (互利共赢, 互利|共|赢 before 的): on the MFA pages 中美经贸合作的本质是互利共赢 (8 uses)
  and …互利共赢的 (6) are one variant.
* Most variants are found by a dictionary key (``slots.template``); among the
  ``PAIRED`` most used keys, two whose opcodes differ only by slots (jieba may cut them
  differently around a name) are joined too.
* A variant's uses are the events that say it (two editions of one press conference count
  once, as for the family); an event that says two variants counts for each. Its share in a
  period is its uses over all the family's variant uses in the period.
* Members are grouped on their cut (``tracking.formulations.cores``): the stretch of the
  window that says the family's core, not the clauses beside it.
* A variant's wording is its members' most used cut as printed (on a tie, a counted member's, then
  the earliest); its template
  shows where it varies, each slot with its fillers, most used first: 我们要求〈美方｜荷方〉
  切实恪守一个中国原则.
* Variants are numbered by uses (0 is the most used), then by how central their wording is
  in the family (so that among wordings said once each the medoid comes first), then first
  use; but a variant whose every use a key phrase tied in by being said inside a longer line
  (``keyphrases.inside_longer``) comes after those the family says itself. Variant 0 is the
  family's label: on the MFA pages 以实际行动维护中美关系大局和台海和平稳定 (6 uses, tied in
  by 实际行动维护中美) labelled the family of 维护中美关系健康稳定发展 (4) and kin.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from tifa.corpus.model import Compact
from tifa.tracking.formulations.disjoint import DisjointSets
from tifa.tracking.formulations.similarity import common
from tifa.tracking.formulations.slots import (
    SlotKind,
    fixed_chars,
    slot_edits,
    template,
)
from tifa.tracking.formulations.wordclass import PREDICATE_END

if TYPE_CHECKING:
    from tifa.tracking.formulations.families import FamilyMember


When = tuple[str, str, str, int]  # a use's period, date ("" if none), document and offset


PAIRED = 150  # most used templates compared pairwise for slots
PAIR_RATIO = 0.6  # below this ratio two wordings cannot differ by slots alone
SHOWN_FILLERS = 4


@dataclass(frozen=True, slots=True)
class Slot(Compact):
    """A place where a variant varies: its kind and its fillers, most used first."""

    kind: SlotKind
    fillers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Variant(Compact):
    index: int  # 0: the family's most used variant
    wording: str  # its most used text, as printed
    template: str  # the wording with its varying slots shown: 我们要求〈美方｜荷方〉切实…
    slots: tuple[Slot, ...]
    uses: int  # events that say it
    periods: tuple[tuple[str, int], ...]  # (period, uses) for each period it is said in
    first: FamilyMember  # its first use (period, date, then reading order)
    last: FamilyMember
    cited: FamilyMember  # the first use of ``wording`` (``cited.wording`` is it, verbatim)
    speakers: tuple[tuple[str, int], ...]  # (speaker, uses), most first
    _counts: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_counts", dict(self.periods))

    def count(self, period: str) -> int:
        return self._counts.get(period, 0)


def group(
    words: Sequence[tuple[str, ...]],
    events: Sequence[int],
    whens: Sequence[When],
    centrality: Callable[[], Sequence[float]],
    aside: Sequence[bool],
) -> list[int]:
    """A variant number per member (0 = most used; see the module docstring), from each
    member's words without punctuation (``slots.key_words`` of its cut), event and time of
    use. Variants used as often are ordered by ``centrality`` (per member, lower first:
    their best member's), then by first use; it is asked for only when there are two
    variants to order. A variant of members all ``aside`` (tied in by a key phrase said
    inside a longer line) comes after the others. Members are read per distinct wording: a
    family's uses say far fewer wordings than they are."""
    keys = list(dict.fromkeys(words))
    if len(keys) == 1:
        return [0] * len(words)
    index = {w: n for n, w in enumerate(keys)}
    of = [index[w] for w in words]
    said: list[set[int]] = [set() for _ in keys]  # per wording, its events
    for w, e in zip(of, events, strict=True):
        said[w].add(e)
    sets = DisjointSets(len(keys))
    find = sets.find
    by_template: dict[str, int] = {}
    for n, key in enumerate(keys):
        # joined: jieba may cut one text two ways (互利共赢 but 互利|共|赢|的)
        shape = "".join(template(key[:-1] if len(key) > 1 and key[-1] in PREDICATE_END else key))
        sets.union(by_template.setdefault(shape, n), n)
    reps = sorted(_joined(said, find), key=lambda r: -len(r[1]))[:PAIRED]
    if len(reps) > 1:
        texts = ["".join(keys[r]) for r, _ in reps]
        ratio = process.cdist(texts, texts, scorer=Indel.normalized_similarity, dtype=np.float32)
        fixed = _keeps_fixed([keys[r] for r, _ in reps], texts)
        a, b = np.nonzero(np.triu((ratio >= PAIR_RATIO) & fixed, 1))
        for i, j in zip(a.tolist(), b.tolist(), strict=True):
            ri, rj = reps[i][0], reps[j][0]
            if find(ri) != find(rj) and slot_edits(keys[ri], keys[rj]) is not None:
                sets.union(ri, rj)
    joined = _joined(said, find)
    if len(joined) == 1:
        return [0] * len(words)
    earliest: dict[int, tuple[float, When]] = {}  # per variant, its (centrality, use) first
    own: set[int] = set()  # variants with a member the family says itself
    for w, c, when, side in zip(of, centrality(), whens, aside, strict=True):
        r = find(w)
        rank = (c, when)
        if r not in earliest or rank < earliest[r]:
            earliest[r] = rank
        if not side:
            own.add(r)
    order = sorted(joined, key=lambda r: (r[0] not in own, -len(r[1]), earliest[r[0]]))
    number = {r: k for k, (r, _) in enumerate(order)}
    return [number[find(w)] for w in of]


def _joined(said: Sequence[set[int]], find: Callable[[int], int]) -> list[tuple[int, set[int]]]:
    """Each set's root and its wordings' events, the sets in order of their first wording."""
    out: dict[int, set[int]] = {}
    for w, events in enumerate(said):
        r = find(w)
        if r in out:
            out[r] |= events
        else:
            out[r] = set(events)
    return list(out.items())


def _keeps_fixed(keys: Sequence[tuple[str, ...]], texts: Sequence[str]) -> np.ndarray:
    """Pairs of which each wording's fixed characters (``slots.fixed_chars``) are a
    subsequence of the other's text: a necessary condition of ``slot_edits``, checked for
    all pairs at once (``slot_edits`` itself is a Python loop per pair)."""
    fixed = [fixed_chars(k) for k in keys]
    distance = process.cdist(fixed, texts, scorer=Indel.distance, dtype=np.int32)
    lengths = np.array([len(t) for t in texts])
    short = np.array([len(f) for f in fixed])
    inside = common(distance, short[:, None], lengths[None, :]) == short[:, None]  # i in j
    return inside & inside.T


def describe(
    index: int,
    ordered: Sequence[FamilyMember],
    words: Sequence[tuple[str, ...]],
    whens: Sequence[When],
) -> Variant:
    """The variant numbered ``index`` from its members in order of use (their ``when``:
    period, date, then reading order), with each one's words without punctuation
    (``slots.key_words`` of its cut)."""
    if len(ordered) == 1:  # said once: nothing varies (most variants of a dense archive)
        m = ordered[0]
        return Variant(
            index, m.wording, m.wording, (), 1, ((m.period, 1),), m, m, m, ((m.speaker, 1),)
        )
    said: dict[str, set[int]] = {}
    speaker: dict[int, str] = {}
    texts: dict[str, set[int]] = {}
    # the most used; on a tie, the one whose first use is counted (the fullest edition of its
    # event), then the earliest
    first: dict[str, tuple[bool, When]] = {}
    for m, when in zip(ordered, whens, strict=True):
        said.setdefault(m.period, set()).add(m.event)
        speaker.setdefault(m.event, m.speaker)
        texts.setdefault(m.wording, set()).add(m.event)
        rank = (not m.counted, when)
        f = first.get(m.wording)
        if f is None or rank < f:
            first[m.wording] = rank
    wording = min(texts, key=lambda t: (-len(texts[t]), first[t]))
    main = next(
        k
        for k, m in enumerate(ordered)
        if m.wording == wording and (not m.counted, whens[k]) == first[wording]
    )
    slots = _slots(words[main], words, [m.event for m in ordered])
    return Variant(
        index=index,
        wording=wording,
        template=_template(wording, slots),
        slots=tuple(
            Slot(kind, tuple(f for f, _ in fillers.most_common())) for kind, _, fillers in slots
        ),
        uses=len(speaker),
        periods=tuple((p, len(e)) for p, e in sorted(said.items())),
        first=ordered[0],
        last=ordered[-1],
        cited=ordered[main],
        speakers=_most_first(speaker.values()),
    )


def _most_first(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """Each value with its count, most first, then first seen (``Counter.most_common``)."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return tuple(sorted(counts.items(), key=lambda x: -x[1]))


def _slots(
    base: tuple[str, ...], words: Sequence[tuple[str, ...]], events: Sequence[int]
) -> list[tuple[SlotKind, str, Counter[str]]]:
    """The slots of the main wording (its words ``base``) that vary among the members (their
    ``words``, said in ``events``): (kind, main filler, fillers), each filler counted by the
    events that say it there, as a variant's uses are: those of the wordings that replace it
    with that filler, and for the main filler the main wording's and those that vary in
    other slots only. Counted once a wording, a filler said in three briefings in one
    wording ranked below one said once in each of two wordings."""
    said: dict[tuple[str, ...], set[int]] = {}
    for w, event in zip(words, events, strict=True):
        said.setdefault(w, set()).add(event)
    found: dict[str, tuple[SlotKind, dict[str, set[int]]]] = {}
    others: list[tuple[set[str], set[int]]] = []  # each other wording's slots, its events
    for w, heard in said.items():
        edits = () if w == base else slot_edits(base, w)
        if not edits:
            continue
        for kind, mine, theirs in edits:
            entry = found.setdefault(mine, (kind, {mine: set()}))
            entry[1].setdefault(theirs, set()).update(heard)
        others.append(({mine for _, mine, _ in edits}, heard))
    out = []
    for mine, (kind, fillers) in found.items():
        fillers[mine].update(said[base], *(heard for slots, heard in others if mine not in slots))
        out.append((kind, mine, Counter({f: len(heard) for f, heard in fillers.items()})))
    return out


def _template(wording: str, slots: list[tuple[SlotKind, str, Counter[str]]]) -> str:
    """The wording with each varying slot shown as 〈filler｜filler｜…〉. Slots are placed
    in the wording as said, the most used first; one that overlaps a slot placed before it
    is left to the variant's slots. Two members may vary over 两国 and over 两国各 of
    两国各领域; replaced one after the other in the text, the slots showed one inside the
    other (〈〈两国｜双方〉各｜防扩散〉领域)."""
    placed: list[tuple[int, int, str]] = []
    for _, mine, fillers in sorted(slots, key=lambda s: -sum(s[2].values())):
        start = wording.find(mine)
        end = start + len(mine)
        if start < 0 or any(start < e and s < end for s, e, _ in placed):
            continue
        shown = [f for f, _ in fillers.most_common(SHOWN_FILLERS)]
        more = "｜…" if len(fillers) > SHOWN_FILLERS else ""
        placed.append((start, end, "〈" + "｜".join(shown) + more + "〉"))
    out = []
    at = 0
    for start, end, slot in sorted(placed):
        out += [wording[at:start], slot]
        at = end
    return "".join(out) + wording[at:]
