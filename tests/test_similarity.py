"""Wordings compared: the fitting-distance table agrees with the link score it stands for,
pair by pair; distances on the coded keys are the keys' own; the packed sort is a lexsort."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from tifa.tracking.formulations.similarity import Similarity, _lexsorted, link_score, max_distance


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=400),
    st.floats(min_value=0.01, max_value=1.0, allow_nan=False),
)
def test_a_pair_fits_exactly_when_its_distance_is_within_the_table(la, lb, floor):
    allowed = int(max_distance(np.array(la), np.array(lb), floor))
    lcs = np.arange(min(la, lb) + 1)
    scores = link_score(lcs, np.array(la), np.array(lb))[2]
    assert ((la + lb - 2 * lcs <= allowed) == (scores >= floor)).all()


def test_the_table_broadcasts_over_lengths():
    lengths = np.array([5, 8, 20, 60])
    table = max_distance(lengths[:, None], lengths[None, :], 0.55)
    assert table.shape == (4, 4)
    assert (table == table.T).all()
    assert table[0, 0] >= 0 and table[0, 3] < 55  # 5 vs 60 characters: never close enough


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=12), min_size=1, max_size=6))
def test_distances_on_the_coded_keys_are_the_keys_distances(keys):
    coded = Similarity(keys, 0.7).coded
    assert [len(c) for c in coded] == [len(k) for k in keys]
    for a, x in zip(keys, coded, strict=True):
        for b, y in zip(keys, coded, strict=True):
            assert Indel.distance(a, b) == Indel.distance(x, y)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2**64 - 1)), max_size=300))
def test_the_packed_sort_is_a_lexsort(rows):
    first = np.array([r[0] for r in rows], dtype=np.uint64)
    second = np.array([r[1] % 7 if r[0] % 2 else r[1] for r in rows], dtype=np.uint64)
    assert (_lexsorted(first, second) == np.lexsort((second, first))).all()
