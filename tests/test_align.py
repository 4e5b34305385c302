"""The generic aligner: gaps, merges and splits, moves, and an optimal chain (checked against
a slow reference dynamic programme)."""

from __future__ import annotations

from itertools import accumulate, pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from tifa.tracking.versions.align import GROUP_CONTAINMENT, Link, _Shares, align, similarity

# Real sentences from the 2017 pair (Xinhua report / SCIO transcript).
XINHUA = [
    "朝鲜半岛局势正在呈现新一轮紧张。",
    "就像两组不断加速的列车，互不相让，难道双方都做好迎头相撞的准备吗？",
    "当务之急要做的，就是亮起红灯，同时刹车。",
    "中方提出的这一思路抓住了半岛局势的症结，也完全符合联合国安理会第2270号和第2321号决议的要求。",
]
SCIO = [
    "朝鲜半岛局势目前正在呈现新一轮的紧张。",
    "就像两组不断加速的列车，互不相让，难道双方都做好了迎头相撞的准备吗？",
    "我们的当务之急要做的就是亮起红灯、同时刹车。",
    "谢谢。",
]


def kinds(links: tuple[Link, ...]) -> list[str]:
    return [link.kind for link in links]


def covered(links: tuple[Link, ...], n: int, m: int) -> None:
    """Every index of each side appears in exactly one link."""
    a_seen = sorted(i for link in links for i in range(link.a_start, link.a_end))
    b_seen = sorted(j for link in links for j in range(link.b_start, link.b_end))
    assert a_seen == list(range(n))
    assert b_seen == list(range(m))


def test_edited_sentences_match_in_order_and_leftovers_are_gaps():
    links = align(XINHUA, SCIO)
    covered(links, len(XINHUA), len(SCIO))
    matched = [(link.a_start, link.b_start) for link in links if link.kind == "match"]
    assert matched == [(0, 0), (1, 1), (2, 2)]
    assert kinds(links)[-2:] == ["only_a", "only_b"]  # a gap lists A's items before B's
    assert all(0.5 < link.score <= 1 for link in links if link.kind == "match")


def test_one_sentence_edited_into_two_is_a_split_and_the_reverse_a_merge():
    one = ["世界上只有一个中国，台湾是中国的一部分，这不仅是历史事实，也是国际共识。"]
    two = ["世界上只有一个中国，台湾是中国的一部分。", "这不仅仅是一个历史事实，也是国际共识。"]
    (split,) = align(one, two, max_group=2)
    assert split.kind == "split"
    assert (split.b_start, split.b_end) == (0, 2)
    (merge,) = align(two, one, max_group=2)
    assert merge.kind == "merge"
    assert (merge.a_start, merge.a_end) == (0, 2)
    assert kinds(align(one, two, max_group=1)) == ["match", "only_b"]


def test_sentence_boundaries_moved_between_editions_is_a_regroup():
    xinhua = [
        "朝鲜半岛局势正在呈现新一轮紧张。",
        "一方面，朝鲜不顾国际社会反对，违反联合国安理会决议，执意推进核导开发；另一方面，"
        "美韩在这一地区进行超大规模军事演习，持续加大对朝军事压力。",
    ]
    scio = [
        "朝鲜半岛局势目前正在呈现新一轮的紧张，一方面朝鲜不顾国际社会反对，违反联合国安理会"
        "决议，执意推进核导的开发，最近又试射了四枚弹道导弹。",
        "但另一方面美韩在这个地区进行超大规模的军事演习，持续加大对朝鲜的军事压力。",
    ]
    (link,) = align(xinhua, scio, max_group=3)
    assert link.kind == "regroup"
    assert (link.a_start, link.a_end, link.b_start, link.b_end) == (0, 2, 0, 2)
    assert sorted(x.kind for x in align(xinhua, scio, max_group=1)) == ["match", "only_a", "only_b"]


def test_a_neighbour_that_merely_tags_along_is_not_merged():
    a = ["当务之急要做的，就是亮起红灯，同时刹车。", "谢谢。"]
    b = ["当务之急要做的，就是亮起红灯，同时刹车。"]
    assert kinds(align(a, b, max_group=3)) == ["match", "only_a"]


def test_swapped_items_are_moved_only_when_asked():
    a = ["甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉", "春夏秋冬东南西北上下"]
    b = [a[2], a[0], a[1]]
    links = align(a, b, move_threshold=0.8)
    covered(links, 3, 3)
    assert kinds(links) == ["match", "match", "moved"]
    moved = links[-1]
    assert (moved.a_start, moved.b_start, moved.score) == (2, 0, 1.0)
    assert kinds(align(a, b)) == ["only_b", "match", "match", "only_a"]


def test_caller_scores_replace_the_one_to_one_matrix():
    a, b = ["x", "y"], ["p", "q"]
    scores = [[0.0, 0.9], [0.0, 0.0]]
    links = align(a, b, scores=scores, max_group=1)
    assert [(link.a_start, link.b_start) for link in links if link.kind == "match"] == [(0, 1)]
    for wrong in ([[0.0, 0.0]] * 3, [[0.0], [0.0]]):
        with pytest.raises(ValueError):
            align(a, b, scores=wrong)


def test_empty_and_unrelated_sequences():
    assert align([], []) == ()
    assert kinds(align(["一二三"], [])) == ["only_a"]
    assert kinds(align([], ["一二三"])) == ["only_b"]
    assert kinds(align(["甲乙丙丁"], ["子丑寅卯"])) == ["only_a", "only_b"]


def test_similarity_is_a_scaled_score_matrix():
    matrix = similarity(["台湾是中国的一部分", "谢谢"], ["台湾是中国的一部分", "谢谢大家"])
    assert [len(row) for row in matrix] == [2, 2]
    assert matrix[0][0] == pytest.approx(1.0)
    assert matrix[1][1] == pytest.approx(2 * 2 / 6)
    assert similarity([], ["a"]) == []
    assert similarity(["a", "b"], []) == [[], []]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text("中国台湾是的一部分。", max_size=10), max_size=5),
    st.lists(st.text("中国台湾是的一部分。", max_size=10), max_size=5),
    st.sampled_from([0.0, 0.4, 0.8]),
)
def test_similarity_equals_rapidfuzz_cdist(a, b, cutoff):
    """Row-wise extract is only a numpy-free way to the same matrix as cdist."""
    expected = process.cdist(a, b, scorer=fuzz.ratio, score_cutoff=cutoff * 100) / 100
    assert np.allclose(np.array(similarity(a, b, cutoff=cutoff)).reshape(len(a), len(b)), expected)


def reference_gain(scores: np.ndarray, weights_a, weights_b, threshold: float) -> float:
    """Slow O(n·m) dynamic programme over 1:1 links and gaps: the best total gain."""
    n, m = scores.shape
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            gain = (scores[i - 1, j - 1] - threshold) * (weights_a[i - 1] + weights_b[j - 1])
            link = best[i - 1, j - 1] + gain if scores[i - 1, j - 1] > threshold else -1
            best[i, j] = max(best[i - 1, j], best[i, j - 1], link)
    return float(best[n, m])


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 7), st.integers(0, 7), st.data())
def test_the_chain_is_optimal_and_monotonic(n, m, data):
    values = data.draw(
        st.lists(st.sampled_from([0.0, 0.3, 0.55, 0.7, 0.9, 1.0]), min_size=n * m, max_size=n * m)
    )
    scores = [values[i * m : (i + 1) * m] for i in range(n)]
    wa = data.draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
    wb = data.draw(st.lists(st.integers(1, 9), min_size=m, max_size=m))
    links = align(["x"] * n, ["x"] * m, scores=scores, max_group=1, weights=(wa, wb))
    covered(links, n, m)
    matches = [link for link in links if link.kind == "match"]
    assert all(x.a_start < y.a_start and x.b_start < y.b_start for x, y in pairwise(matches))
    gain = sum(
        (scores[x.a_start][x.b_start] - 0.5) * (wa[x.a_start] + wb[x.b_start]) for x in matches
    )
    assert gain == pytest.approx(
        reference_gain(np.array(scores).reshape(n, m), wa, wb, 0.5), abs=1e-4
    )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text("中国台湾是的一部分领土谢。，", min_size=1, max_size=12), max_size=6),
    st.lists(st.text("中国台湾是的一部分领土谢。，", min_size=1, max_size=12), max_size=6),
)
def test_every_index_is_linked_once_with_groups_and_moves(a, b):
    links = align(a, b, max_group=3, move_threshold=0.8)
    covered(links, len(a), len(b))
    in_order = [link for link in links if link.b_end > link.b_start and not link.moved]
    assert all(x.b_start < y.b_start for x, y in pairwise(in_order))


def scanned_groups(
    ratio: list[list[float]], la: list[int], lb: list[int], ka: int, kb: int
) -> list[tuple[int, int]]:
    """Slow reference: every start of a group, kept when its first member has a cell holding
    its part of the containment (``1 / kb`` of it, or ``1 / ka`` for the other side) and
    every member is contained enough, with the same arithmetic as the aligner."""
    n, m = len(la), len(lb)
    of_a = [
        [ratio[i][j] * (la[i] + lb[j]) * (0.5 / max(la[i], 1)) for j in range(m)] for i in range(n)
    ]
    of_b = [
        [ratio[i][j] * (la[i] + lb[j]) * (0.5 / max(lb[j], 1)) for i in range(n)] for j in range(m)
    ]
    sum_a = [list(accumulate(row, initial=0.0)) for row in of_a]
    sum_b = [list(accumulate(row, initial=0.0)) for row in of_b]
    enough = GROUP_CONTAINMENT
    return [
        (i, j)
        for i in range(n - ka + 1)
        for j in range(m - kb + 1)
        if (
            any(of_a[i][c] >= enough / kb for c in range(j, j + kb))
            if kb <= ka
            else any(of_b[j][r] >= enough / ka for r in range(i, i + ka))
        )
        and all(sum_a[x][j + kb] - sum_a[x][j] >= enough for x in range(i, i + ka))
        and all(sum_b[y][i + ka] - sum_b[y][i] >= enough for y in range(j, j + kb))
    ]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 6), st.integers(0, 6), st.data())
def test_seeded_group_search_finds_what_a_scan_of_every_start_finds(n, m, data):
    values = st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0])
    ratio = [data.draw(st.lists(values, min_size=m, max_size=m)) for _ in range(n)]
    la = data.draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    lb = data.draw(st.lists(st.integers(0, 9), min_size=m, max_size=m))
    shares = _Shares(ratio, la, lb)
    for ka, kb in ((1, 2), (1, 3), (2, 1), (3, 1), (2, 2)):
        assert shares.groups(ka, kb) == scanned_groups(ratio, la, lb, ka, kb)
