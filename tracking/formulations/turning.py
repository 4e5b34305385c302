"""Turning points: when a wording's share of its formulation rises or falls for good, and
whether a silence (before a first use, after a last one, in a gap) is itself evidence.

Change points — binary segmentation on the share series with a binomial likelihood:

* A variant's series is, per period with uses, ``k`` uses of the variant out of ``n`` uses of
  the family. A segment of periods has one share θ (the pooled ``K/N``); its cost is −2 × the
  binomial log-likelihood of its counts at θ. The best split of a segment is the one that
  lowers the cost most; it is kept when the gain beats a penalty of ``log N + 2 log T`` (BIC
  for one more share estimated from N uses, plus the price of having searched T places for
  the split, as in a modified BIC), both sides span at least ``MIN_PERIODS`` periods with uses
  and most periods of each side lie on its side of the midpoint between the two shares (a
  spike in one period is not a change for good), and the share moves by at least
  ``MIN_SHIFT`` (briefing counts are overdispersed: with hundreds of uses a period, a
  binomial test alone calls a 3-point wobble significant). Each side is then split again.
* Why binary segmentation with this cost: the series are short (a few to a few hundred
  periods), so an exact search would be affordable too, but binary segmentation gives the
  same answer for the one or two shifts a formulation makes, it is easy to explain (the
  biggest shift first), and the binomial cost weighs a period by how much was said in it: a
  quarter with two uses moves the estimate less than one with forty. PELT with this cost and
  penalty would do as well; a Kleinberg burst model answers another question (bursts of
  attention, not lasting shifts of wording). ``tests/test_turning.py`` checks it on synthetic
  series with known change points.

Silences — where the uses of a formulation fall. A formulation said in ``k`` events, out of
``N`` events that discussed its topic, would leave a given stretch of ``m`` of them silent by
chance with probability ``((N − m)/N)^k`` were its uses spread at random. A first use is an
onset, a last use a drop, a gap a real absence, only when that probability is below ``ALPHA``
(0.05): a boilerplate line said in one briefing in twenty is not "new" because its first use
happens to fall in the second month, and a line said three times in four years is not "new"
because the three fall in the last two. (Estimating the rate from the uses after the onset
alone would make every late, rare line look new.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

MIN_PERIODS = 2
MIN_SHIFT = 0.15
ALPHA = 0.05


@dataclass(frozen=True, slots=True)
class ChangePoint:
    """A lasting shift of a share: from ``index`` on (an index into the series given), the
    share is ``after`` instead of ``before`` (each pooled over its segment)."""

    index: int
    before: float
    after: float

    @property
    def rising(self) -> bool:
        return self.after > self.before


def _cost(k: float, n: float) -> float:
    """−2 × the binomial log-likelihood of k successes in n at the pooled share (no
    binomial coefficient: it is the same for every segmentation)."""
    if n <= 0 or k <= 0 or k >= n:
        return 0.0
    p = k / n
    return -2.0 * (k * math.log(p) + (n - k) * math.log(1 - p))


def change_points(
    k: Sequence[int],
    n: Sequence[int],
    *,
    min_periods: int = MIN_PERIODS,
    min_shift: float = MIN_SHIFT,
) -> list[ChangePoint]:
    """The lasting shifts of the share ``k/n`` (see the module docstring); periods with
    ``n == 0`` carry no information and are skipped, indices refer to the whole series."""
    used = [t for t, size in enumerate(n) if size > 0]
    ks = [float(k[t]) for t in used]
    ns = [float(n[t]) for t in used]
    total = sum(ns)
    if len(used) < 2 * min_periods or total <= 0:
        return []
    penalty = math.log(total) + 2 * math.log(len(used))
    cuts: list[int] = []
    _split(ks, ns, 0, len(used), penalty, min_periods, min_shift, cuts)
    cuts.sort()
    bounds = [0, *cuts, len(used)]
    shares = [sum(ks[a:b]) / sum(ns[a:b]) for a, b in pairwise(bounds)]
    return [ChangePoint(used[c], shares[i], shares[i + 1]) for i, c in enumerate(cuts)]


def _split(
    ks: list[float],
    ns: list[float],
    lo: int,
    hi: int,
    penalty: float,
    min_periods: int,
    min_shift: float,
    cuts: list[int],
) -> None:
    if hi - lo < 2 * min_periods:
        return
    whole = _cost(sum(ks[lo:hi]), sum(ns[lo:hi]))
    best, at = 0.0, -1
    k_left = sum(ks[lo : lo + min_periods - 1])
    n_left = sum(ns[lo : lo + min_periods - 1])
    k_all, n_all = sum(ks[lo:hi]), sum(ns[lo:hi])
    for c in range(lo + min_periods, hi - min_periods + 1):
        k_left += ks[c - 1]
        n_left += ns[c - 1]
        k_right, n_right = k_all - k_left, n_all - n_left
        before, after = k_left / n_left, k_right / n_right
        if abs(before - after) < min_shift:
            continue
        if not (_agree(ks, ns, lo, c, before, after) and _agree(ks, ns, c, hi, after, before)):
            continue
        gain = whole - _cost(k_left, n_left) - _cost(k_right, n_right)
        if gain > best:
            best, at = gain, c
    if at < 0 or best <= penalty:
        return
    cuts.append(at)
    _split(ks, ns, lo, at, penalty, min_periods, min_shift, cuts)
    _split(ks, ns, at, hi, penalty, min_periods, min_shift, cuts)


def _agree(ks: list[float], ns: list[float], lo: int, hi: int, mine: float, other: float) -> bool:
    """Are most periods of [lo, hi) nearer this side's share than the other's?"""
    middle = (mine + other) / 2
    near = sum(1 for t in range(lo, hi) if (ks[t] / ns[t] - middle) * (mine - middle) > 0)
    return 2 * near > hi - lo


def silence_chance(uses: int, silent: int, events: int) -> float:
    """The chance that none of a formulation's ``uses`` (events that say it) falls in a given
    stretch of ``silent`` events out of the ``events`` that could have said it, were its uses
    spread at random: ``((events − silent) / events) ** uses``."""
    if silent <= 0 or events <= 0:
        return 1.0
    return (max(events - silent, 0) / events) ** uses
