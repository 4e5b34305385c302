"""Turning points on synthetic share series with known change points, and telling silences."""

from __future__ import annotations

import numpy as np
import pytest

from tifa.tracking.formulations.turning import ALPHA, change_points, silence_chance


def series(shares: list[float], n: int | list[int], seed: int) -> tuple[list[int], list[int]]:
    rng = np.random.default_rng(seed)
    sizes = [n] * len(shares) if isinstance(n, int) else n
    return [int(rng.binomial(size, p)) for size, p in zip(sizes, shares, strict=True)], sizes


@pytest.mark.parametrize("seed", range(10))
def test_one_lasting_shift_is_found_where_it_was_planted(seed):
    k, n = series([0.15] * 12 + [0.7] * 12, 20, seed)
    (point,) = change_points(k, n)
    assert abs(point.index - 12) <= 1
    assert point.rising and point.before < 0.3 < 0.55 < point.after


def test_a_rise_and_a_fall_are_two_points():
    k, n = series([0.1] * 10 + [0.8] * 10 + [0.2] * 10, 30, 3)
    points = change_points(k, n)
    assert [abs(p.index - t) <= 1 for p, t in zip(points, (10, 20), strict=True)] == [True, True]
    assert points[0].rising and not points[1].rising


def test_a_steady_share_has_no_turning_point_in_most_runs():
    found = sum(bool(change_points(*series([0.3] * 24, 25, seed))) for seed in range(200))
    assert found <= 10  # at most 5 % false alarms


def test_a_small_wobble_or_a_single_spike_is_not_a_lasting_shift():
    assert change_points(*series([0.30] * 10 + [0.36] * 10, 400, 1)) == []
    k, n = [2, 3, 2, 18, 2, 3, 2, 3], [20] * 8
    assert change_points(k, n) == []


def test_periods_without_uses_are_skipped_and_indices_kept():
    k = [1, 0, 2, 0, 1, 9, 0, 10, 9, 10]
    n = [10, 0, 10, 0, 10, 10, 0, 10, 10, 10]
    (point,) = change_points(k, n)
    assert point.index == 5
    assert change_points([1, 1], [2, 2]) == []


def test_a_silence_is_evidence_only_when_unlikely_by_chance():
    assert silence_chance(5, 0, 100) == 1.0
    assert silence_chance(2, 50, 100) == 0.25
    # a new slogan: 8 uses, all in the last 63 of 913 briefings
    assert silence_chance(8, 850, 913) < ALPHA
    # a rare line: 3 uses, all after the first 530 of 913 briefings: chance 0.07
    assert silence_chance(3, 530, 913) >= ALPHA
    assert silence_chance(20, 530, 913) < ALPHA
    assert silence_chance(0, 1000, 1000) >= ALPHA and silence_chance(1, 100, 100) < ALPHA
