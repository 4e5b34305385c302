"""Formulation families and year changes: on the five seeds, and on small transcripts."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tifa.corpus import load_corpus
from tifa.corpus.tokens import tokenise
from tifa.tracking.formulations.changes import period_changes
from tifa.tracking.formulations.clauses import aside, frame, since, topic_candidates
from tifa.tracking.formulations.disjoint import DisjointSets
from tifa.tracking.formulations.families import (
    MIN_SIMILARITY,
    FamilyReport,
    _leaders_joined,
    build_all,
    build_families,
)
from tifa.tracking.formulations.keyphrases import _bare, _overlaps_merged, phrases
from tifa.tracking.formulations.records import (
    MEMBER_COLUMNS,
    change_item,
    detail,
    families_json,
    members_table,
)
from tifa.tracking.formulations.render import render_families
from tifa.tracking.formulations.similarity import Wordings
from tifa.tracking.formulations.topics import Topic, load_topics
from tifa.tracking.periods import bin_documents
from tifa.tracking.versions.events import corpus_events, group_events
from tifa.tui.cli.main import main

from helpers import ROOT, reworded_lines

XINHUA_2017, SCIO_2017 = "000_47b88e4171794380", "001_ed59d1e97501d117"
IDEOGRAPHS = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def seeds(bundled_tokens) -> dict[str, FamilyReport]:
    topics = load_topics()
    reports = build_all(bundled_tokens, topics.values(), events=corpus_events(bundled_tokens))
    return {r.topic.id: r for r in reports}


def holding(report: FamilyReport, year: int, fragment: str):
    """The families with a member of ``year`` whose text contains ``fragment``."""
    return [
        f for f in report.families if any(m.year == year and fragment in m.text for m in f.members)
    ]


def only(families):
    assert len(families) == 1, [f.label for f in families]
    return families[0]


def test_taiwan_is_part_of_china_is_one_family_2017_to_2021(seeds):
    fam = only(holding(seeds["taiwan"], 2017, "台湾是中国的一部分"))
    # 2024 says it inside another sentence: the key phrase 台湾是中国 holds it in the family
    assert fam.years == (2017, 2021, 2024)
    (late,) = fam.in_period("2024")
    assert late.linked_by == "台湾是中国" and "改变不了台湾是中国一部分的基本事实" in late.text
    assert "世界上只有一个中国" in fam.label
    assert any("台湾是中国领土不可分割的一部分" in m.text for m in fam.in_period("2021"))
    change = fam.changes[0]
    assert (change.from_period, change.to_period) == ("2017", "2021") and change.reworded
    inserted = "".join(e.b_text for e in change.ops if e.op == "insert")
    assert "领土不可分割" in inserted
    assert not any(e.op == "delete" for e in change.ops)
    other = only(holding(seeds["taiwan"], 2017, "任何人、任何势力都不"))
    assert other is not fam
    assert "台湾是中国" not in other.label


def test_true_multilateralism_links_2021_to_2024(seeds):
    fam = only(
        [
            f
            for f in holding(seeds["multilateralism"], 2024, "践行真正的多边主义")
            if 2021 in f.years
        ]
    )
    assert all("真正的多边主义" in m.text for m in fam.members)
    assert fam.first_year == 2021
    assert fam.last_year == 2024


def test_dual_track_returns_in_2024_and_that_clause_continues_two_families(seeds):
    report = seeds["peninsula"]
    dual = only(holding(report, 2017, "双轨并进"))
    assert dual.years == (2017, 2024)
    both = holding(report, 2024, "“双轨并进”思路和“分阶段、同步走”原则")
    assert dual in both
    assert len(both) == 2
    phased = next(f for f in both if f is not dual)
    assert phased.years == (2019, 2024)
    assert "分阶段、同步走" in phased.label
    summary = {s.year: s for s in period_changes(report)}
    # a silence that ends is one item, where it ends: no "dropped" in 2017 as well
    assert not any(c.family is dual for s in summary.values() for c in s.dropped)
    returning = [c for c in summary[2024].returning if c.family is dual]
    assert returning
    assert returning[0].gap == ("2019", "2021")
    assert returning[0].silent == ("2021",)
    assert returning[0].last is not None and returning[0].last.period == "2017"
    assert "双轨并进" in returning[0].last.text
    assert summary[2017].baseline
    assert not summary[2017].new


def test_shared_future_and_belt_and_road_recur_across_years(seeds):
    shared = only(holding(seeds["community"], 2021, "同各国携手构建人类命运共同体"))
    assert len(shared.years) >= 3
    assert all("人类命运共同体" in m.text for m in shared.members)
    bri = seeds["bri"]
    proposed = only(holding(bri, 2024, "倡议十年多来"))
    assert proposed.years == (2017, 2024)
    assert any(e.a_text in ("三年", "3年") and e.b_text == "十年" for e in proposed.changes[0].ops)
    goods = only(holding(bri, 2017, "最受欢迎的国际公共产品"))
    assert 2024 in goods.years
    multi = only(holding(seeds["multilateralism"], 2017, "宪章的宗旨和原则"))
    assert multi.years == (2017, 2019, 2021, 2024)


def test_two_editions_count_once_a_year_with_the_other_as_variant(seeds):
    fam = only(holding(seeds["taiwan"], 2017, "台湾是中国的一部分"))
    editions = fam.in_period("2017")
    assert {m.doc for m in editions} == {XINHUA_2017, SCIO_2017}
    counted = [m for m in editions if m.counted]
    assert len(counted) == 1
    variant = next(m for m in editions if not m.counted)
    assert variant.variant_of == counted[0].doc
    for report in seeds.values():
        for f in report.families:
            # a family may hold a document twice (a line said in two answers): never one clause
            clauses = [(m.doc, k) for m in f.members for k in range(m.first_clause, m.last_clause)]
            assert len(set(clauses)) == len(clauses)
            for p in f.periods:
                assert sum(m.counted for m in f.in_period(p)) == 1


def test_members_cite_answers_and_raw_offsets(seeds, bundled_tokens):
    docs = {d.id: d for d in bundled_tokens}
    for report in seeds.values():
        for fam in report.families:
            for m in fam.members:
                doc = docs[m.doc]
                assert doc.turns[m.turn].role == "answer"
                assert doc.text[m.start : m.end] == m.text
                assert doc.year == m.year
                assert doc.raw_span(m.start, m.end) == (m.raw_start, m.raw_end)
                raw = doc.raw[m.raw_start : m.raw_end]
                assert IDEOGRAPHS.findall(raw) == IDEOGRAPHS.findall(m.text)


def test_no_family_gathers_dissimilar_wordings(seeds):
    floor = MIN_SIMILARITY - 0.15
    for report in seeds.values():
        for fam in report.families:
            assert fam.periods == tuple(sorted({m.period for m in fam.members}))
            # two editions of one event link by containment alone: the test is across events
            label = {m.event for m in fam.members if m.wording == fam.label}
            for m in fam.members:
                if m.linked_by is None and m.event not in label:
                    assert m.similarity >= floor, (fam.label, m.text)
                if m.linked_by is not None:  # an anchor, structural particles aside
                    assert m.linked_by in _bare(m.tokens)


def test_change_ops_rebuild_both_wordings(seeds):
    changes = [c for r in seeds.values() for f in r.families for c in f.changes]
    assert changes
    for c in changes:
        assert "".join(e.a_text for e in c.edits) == c.before.wording
        assert "".join(e.b_text for e in c.edits) == c.after.wording


def test_a_stricter_threshold_splits_the_taiwan_pair(bundled_tokens, seeds):
    strict = build_families(
        bundled_tokens, seeds["taiwan"].topic, min_similarity=0.9, events=seeds["taiwan"].events
    )
    fam = only(holding(strict, 2017, "台湾是中国的一部分"))
    # no longer alike enough: 2021's wording is held only by the key phrase 台湾是中国
    assert all(m.linked_by == "台湾是中国" for m in fam.members if m.year != 2017)
    with pytest.raises(ValueError):
        build_families(bundled_tokens, seeds["taiwan"].topic, min_similarity=0)


def test_json_shape_and_csv_rows(seeds):
    data = families_json([seeds["taiwan"]], "taiwan")
    assert data["topic"] == "taiwan"
    assert data["families"]
    fam = data["families"][0]
    assert {"id", "label", "years", "members", "changes"} <= set(fam)
    assert {"doc", "year", "turn", "speaker", "text", "start", "end"} <= set(fam["members"][0])
    change = next(f["changes"][0] for f in data["families"] if f["changes"])
    assert {"from_year", "to_year", "ops"} <= set(change)
    assert {"op", "from_text", "to_text"} == set(change["ops"][0])
    table = members_table([seeds["taiwan"]])
    assert len(table.rows) == sum(len(f.members) for f in seeds["taiwan"].families)


# Small transcripts: the same behaviour without the seeds.

TRANSCRIPTS = {
    "a.txt": (
        "2001-03-08",
        "世界上只有一个中国，台湾是中国的一部分，这是历史事实。"
        "之后，按照双轨并进思路，推动半岛无核化。",
    ),
    "b.txt": (
        "2001-03-08",
        "世界上只有一个中国，台湾是中国的一部分。之后，按照“双轨并进”思路，推动半岛无核化。",
    ),
    "c.txt": (
        "2002-03-07",
        "世界上只有一个中国，台湾是中国领土不可分割的一部分。"
        "同时，按照分阶段、同步走思路，明确具体措施。",
    ),
    "d.txt": (
        "2003-03-09",
        "药方就是中方提出的“双轨并进”思路和“分阶段、同步走”原则。"
        "我们愿同各方一道，推动半岛问题政治解决。",
    ),
}
TOPIC = Topic("korea", "Korea", ("台湾", "一个中国", "双轨并进", "分阶段、同步走", "半岛"))


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    manifest = []
    for name, (date, answer) in TRANSCRIPTS.items():
        text = f"外交部长答记者问\n\n记者：请问中方的立场是什么？\n\n王毅：{answer}\n"
        (folder / name).write_text(text, encoding="utf-8")
        manifest.append(f'["{name}"]\nyear = {date[:4]}\ndate = {date}\n')
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    return folder


def test_small_corpus_families_variants_and_key_phrases(small):
    corpus = load_corpus([str(small)], tokens=True)
    events = group_events(corpus)
    assert [e.docs for e in events if len(e.docs) > 1] == [("a", "b")]
    report = build_families(corpus, TOPIC, events=events)
    part = only(holding(report, 2001, "台湾是中国的一部分"))
    assert part.years == (2001, 2002)
    assert sum(m.counted for m in part.in_period("2001")) == 1
    dual = only(holding(report, 2001, "双轨并进"))
    phased = only(holding(report, 2002, "分阶段、同步走"))
    assert dual.years == (2001, 2003)
    assert phased.years == (2002, 2003)
    assert {m.linked_by for m in dual.in_period("2003")} == {"双轨并进思路"}
    summary = {s.year: s for s in period_changes(report)}
    assert [c.gap for c in summary[2003].returning if c.family is dual] == [("2002",)]
    assert any(c.family is phased for c in summary[2002].new)
    assert all(c.kind == "reworded" and c.change.changed for c in summary[2002].reworded)


def test_undated_documents_and_questions_are_left_out(small, tmp_path):
    (tmp_path / "x.txt").write_text(
        "记者：台湾是中国的一部分吗？\n\n王毅：台湾是中国的一部分。\n", encoding="utf-8"
    )
    corpus = load_corpus([str(small), str(tmp_path / "x.txt")], tokens=True)
    report = build_families(corpus, TOPIC, events=group_events(corpus))
    assert report.left_out["undated"] == ("x",)
    assert all(m.doc != "x" for f in report.families for m in f.members)
    assert all(c.speaker == "王毅" for c in topic_candidates(corpus, TOPIC, report.binning))


def test_a_window_that_strings_two_lines_does_not_draw_both_into_one_family(tmp_path):
    """On the MFA pages 世界上只有一个中国，中华人民共和国政府是代表全中国的唯一合法政府，台湾是…
    (17 uses) drew 世界上只有一个中国 said alone and 中华人民共和国政府是代表中国的唯一合法政府
    said alone into one family, each by containment: the second line, said in three briefings
    of its own, is a family of its own."""
    lines = {
        "whole": "世界上只有一个中国，中华人民共和国政府是代表全中国的唯一合法政府，"
        "台湾是中国领土不可分割的一部分。",
        "one": "世界上只有一个中国，这是国际社会的普遍共识。",
        "government": "我们重申，中华人民共和国政府是代表中国的唯一合法政府，"
        "台湾问题纯属中国内政。",
    }
    plan = ["whole"] * 3 + ["one"] * 4 + ["government"] * 3
    manifest = []
    for n, line in enumerate(plan):
        (tmp_path / f"d{n}.txt").write_text(
            f"外交部发言人答记者问\n\n记者：请问中方有何评论？\n\n华春莹：{lines[line]}\n",
            encoding="utf-8",
        )
        manifest.append(f'["d{n}.txt"]\nyear = {2016 + n % 4}\ndate = {2016 + n % 4}-03-{10 + n}\n')
    (tmp_path / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    corpus = load_corpus([str(tmp_path)], tokens=True)
    report = build_families(corpus, load_topics()["taiwan"], events=group_events(corpus))
    said = {f.label: {m.text for m in f.members} for f in report.families}
    assert said["世界上只有一个中国"] == {"世界上只有一个中国", lines["whole"].rstrip("。")}
    assert said["中华人民共和国政府是代表中国的唯一合法政府"] == {
        "中华人民共和国政府是代表中国的唯一合法政府"
    }


def test_key_phrases_need_a_position_not_just_the_topic_name():
    bri = Topic("bri", "Belt and Road", ("一带一路",), aliases=("一带一路",))
    assert phrases(("一带一路", "倡议"), bri) == set()
    assert phrases(("推进", "“", "一带一路", "”", "倡议"), bri) == {
        "推进一带一路",
        "推进一带一路倡议",
    }
    korea = Topic("k", "K", ("双轨并进", "分阶段同步走"))
    found = phrases(("按照", "双轨并进", "思路", "和", "分阶段", "、", "同步走"), korea)
    assert "双轨并进思路" in found
    assert "分阶段同步走" in found
    assert "双轨并进思路和" not in found
    assert all(len(p) >= 5 for p in found)
    # who urges or hopes to whom is a frame of address, not a position; a name says what
    us = Topic("us", "US", ("美方", "台湾"))
    urged = phrases(tokenise("我们敦促美方停止售台武器"), us)
    assert "我们敦促美方" not in urged and "美方停止售台武器" in urged
    assert not phrases(tokenise("我们希望美方能够"), us)
    # how firmly it is said is no more what it is about than who says it (坚决, 切实: jieba's
    # adjectives said as adverbs); on the MFA pages 坚决反对美方 tied every "we firmly oppose
    # the US doing X" into one US family of 38 uses
    assert not phrases(tokenise("我们坚决反对美方"), us)
    assert not phrases(("敦促", "美方", "切实"), us)
    assert "台湾是中国" in phrases(tokenise("台湾是中国的一部分"), us)
    # a determiner points to what is said elsewhere, and so does the noun it leads: 美方的有关
    # and 美方的有关表态 name no claim
    assert phrases(tokenise("我们注意到了美方的有关表态"), us) == set()
    assert phrases(tokenise("希望美方有关人士"), us) == set()
    assert "美方罔顾事实" in phrases(tokenise("美方罔顾事实"), us)
    # jieba keeps some determiners whole with what they lead: 个别人 points as 个别 does
    assert not {"美方个别人", "美方个别人渲染"} & phrases(("美方", "个别人", "渲染", "所谓"), us)
    # names alone are who is spoken of (as for windows), a claim made of names is not
    un = Topic("un", "UN", ("联合国", "巴勒斯坦国"))
    assert "会见联合国秘书长" in phrases(tokenise("会见联合国秘书长"), un)
    assert phrases(tokenise("联合国秘书长与特朗普总统"), un) == set()
    assert phrases(tokenise("巴勒斯坦国总统阿巴斯"), un) == set()
    # nor are names bracketed by 包括…在内 (a verb and a locative to jieba): on the MFA pages
    # 包括美国在内 tied 46 lines naming the US among others into one US family
    assert phrases(tokenise("包括联合国在内"), un) == set()
    welcomed = phrases(tokenise("欢迎包括联合国在内"), un)
    assert "欢迎包括联合国在内" in welcomed and "包括联合国在内" not in welcomed
    assert "联合国宪章宗旨" in phrases(tokenise("维护联合国宪章宗旨和原则"), un)
    # a phrase that ends on a determiner points past itself: what it refers to is not in it
    council = phrases(("联合国", "安理会", "有关", "决议"), un)
    assert "联合国安理会有关" not in council and "联合国安理会有关决议" in council
    # who is spoken of after a verb of noticing points to what was noticed, which follows:
    # on the MFA pages 注意到特朗普 tied lines on Trump's inaugural speech, his candidacy and
    # his nomination of Pompeo to one on his wish to meet Xi again (jieba cuts 注意|到)
    trump = Topic("us", "US", ("特朗普",))
    assert phrases(tokenise("我们注意到特朗普总统宣布参选的报道"), trump) == {
        "特朗普总统宣布",
        "特朗普总统宣布参选",
    }
    assert phrases(("中方", "也", "注意", "到", "特朗普", "总统"), trump) == set()
    # the subject spoken of, without a verb, is no position on it; with one it may be
    us = Topic("us", "US", ("中美",))
    assert phrases(("中美", "经贸", "问题"), us) == set()
    talks = phrases(("中美", "经贸", "磋商", "取得", "进展"), us)
    assert "中美经贸磋商" not in talks and "中美经贸磋商取得" in talks
    assert "解决中美经贸问题" in phrases(("解决", "中美", "经贸", "问题"), us)
    # nor is what the answer turns to (a frame, ``clauses.frame``) part of what it says
    assert phrases(("关于", "中美", "经贸", "合作"), us) == {"中美经贸合作"}


def test_key_phrases_and_wordings_are_compared_without_the_particles_that_are_words():
    """的 and 之 are dropped where they are particles (双轨并进的思路 says the anchor 双轨并进思路,
    and so does the word 真正的多边主义 真正多边主义), not in a word of two characters: 美方目的
    without the 的 of 目的 was found in 美方目前."""
    assert _bare(("“", "双轨并进", "”", "的", "思路")) == _bare(("双轨并进", "思路"))
    assert _bare(("美方", "目的")) == "美方目的"
    assert _bare(("真正的", "多边主义")) == _bare(("真正", "的", "多边主义")) == "真正多边主义"
    assert _bare(("美方", "目的")) not in _bare(tokenise("近来美国各界人士对美方目前的做法"))
    assert _bare(("中美", "之间")) == "中美之间"


def test_a_family_merges_into_the_one_whose_key_phrase_is_most_of_its_windows():
    """A family whose own windows another family's anchor took in (half of its events) is that
    formulation, but only where the anchor makes up most of the windows taken: a generic
    phrase inside longer lines (解决半岛问题 in 中方为解决半岛问题作出了不懈努力) chained 41 MFA
    peninsula families into one."""
    families = [[0, 1, 2, 3, 4, 5], [4, 5]]
    linked = {0: {4: "解决半岛问题", 5: "解决半岛问题"}}
    own = [{0, 1, 2, 3}, {4, 5}]
    anchors = {0: {"解决半岛问题"}}
    events = [0, 1, 2, 3, 4, 5]

    def merged(key: str) -> list[list[int]]:
        keys = [key] * len(events)  # each window's bare key
        return _overlaps_merged(families, linked, own, anchors, events, keys).families

    assert merged("为解决半岛问题") == [[0, 1, 2, 3, 4, 5]]  # the phrase is the window
    assert merged("中方为解决半岛问题作出了不懈努力") == [[0, 1, 2, 3, 4, 5], [4, 5]]


def test_families_join_only_when_their_most_used_wordings_all_stand_together():
    """Leaders alike join families, but a chain of alike leaders does not: every family's
    most used wording must score the clustering's floor against every other's in the join.
    On the MFA pages single linkage chained 以免损害中美关系和台海和平稳定 through the lines
    below to 推动中美关系健康稳定发展, one family of 158 uses."""
    said = [
        "以免损害中美关系大局和台海和平稳定",
        "以实际行动维护中美关系大局和台海和平稳定",  # 0.76 with the one before
        "以实际行动维护中美关系健康稳定发展",  # 0.70 with the one before
        "推动中美关系健康稳定发展",  # 0.76 with the one before, 0.41 with the first
    ]
    keys = [k for k in said for _ in range(2)]  # each said in two events
    groups = [[2 * f, 2 * f + 1] for f in range(len(said))]
    words = Wordings(keys, MIN_SIMILARITY)
    joined, _ = _leaders_joined(groups, {}, words, list(range(len(keys))), MIN_SIMILARITY)
    assert joined == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_a_family_joins_by_its_own_most_used_wording_not_one_a_key_phrase_tied_in():
    """On the MFA pages the key phrase 实际行动维护中美 tied 以实际行动维护中美关系大局和台海和平
    稳定 (6 uses) into the family of 维护中美关系健康稳定发展 (4), where it was said most; alike
    to 以免损害中美关系大局和台海和平稳定 (0.76), it joined the two lines in one family of 87
    uses. The family's own most used wording decides: 维护中美关系健康稳定发展 stands apart."""
    said = [
        "以免损害中美关系大局和台海和平稳定",
        "维护中美关系健康稳定发展",
        "以实际行动维护中美关系大局和台海和平稳定",
    ]
    keys = [said[0]] * 2 + [said[1]] * 2 + [said[2]] * 3
    groups = [[0, 1], [2, 3, 4, 5, 6]]
    words = Wordings(keys, MIN_SIMILARITY)
    tied = {1: dict.fromkeys((4, 5, 6), "实际行动维护中美")}
    joined, _ = _leaders_joined(groups, tied, words, list(range(len(keys))), MIN_SIMILARITY)
    assert joined == groups
    # untied, the same wordings are the family's own, and the line alike to the other leads
    joined, _ = _leaders_joined(groups, {}, words, list(range(len(keys))), MIN_SIMILARITY)
    assert joined == [[0, 1, 2, 3, 4, 5, 6]]


# The command line.


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_families_and_changes(tmp_path):
    result = run("families", "taiwan", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["topic"] == "taiwan"
    assert data["families"][0]["members"]
    text = run("families", "台湾").stdout
    assert "台湾是中国[+领土不可分割+]的一部分" in text
    md = run("families", "peninsula", "--format", "md").stdout
    assert md.startswith("# Formulation families: peninsula")
    assert "█" in md
    out = tmp_path / "changes.csv"
    result = run("changes", "all", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert str(out) in result.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "period,year,kind,topic,family,label,doc,turn,speaker,start,end,text,wording,"
        "wording_start,wording_end,detail"
    )
    # the wording's raw offsets, as the text summary cites them, inside the window's (the
    # file's text where it has no OCR spaces to normalise away)
    raw = {d.id: d.raw for d in load_corpus().documents}
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    spans = [
        (r, int(r["start"]), int(r["end"]), int(r["wording_start"]), int(r["wording_end"]))
        for r in rows
    ]
    assert spans and all(a <= wa < wb <= b for _, a, b, wa, wb in spans)
    plain = [(r, wa, wb) for r, a, b, wa, wb in spans if raw[r["doc"]][a:b] == r["text"]]
    assert len(plain) > len(rows) / 2
    assert all(raw[r["doc"]][wa:wb] == r["wording"] for r, wa, wb in plain)
    changes = json.loads(run("changes", "peninsula", "--format", "json").stdout)
    back = next(y for y in changes["years"] if y["year"] == 2024)["returning"]
    assert any("双轨并进" in c["text"] and c["gap"] == ["2019", "2021"] for c in back)


def test_a_change_is_headed_by_its_formulation_and_cites_what_its_use_says(bundled_tokens):
    """A change's text headline is what its cited use says of the formulation (its wording,
    the stretch of its window that says the family's core), cited by that wording's offsets
    and marked in its sentence: two families whose first use is one sentence (a line, and a
    key phrase said inside it) read apart. JSON gives the wording with its raw offsets into
    the file."""
    data = json.loads(run("changes", "peninsula", "--format", "json").stdout)
    items = [c for y in data["years"] for kind in ("new", "returning", "dropped") for c in y[kind]]
    assert items
    raw = {d.id: d.raw for d in bundled_tokens.documents}
    for c in items:
        cited = c["cited"]
        assert raw[c["doc"]][cited["start"] : cited["end"]] == cited["text"]
        assert c["start"] <= cited["start"] <= cited["end"] <= c["end"]
    text = run("changes", "peninsula").stdout
    for c in items:
        assert f"{c['family']}  {c['cited']['text']}" in text
        assert f"turn {c['turn']} [{c['cited']['start']}–{c['cited']['end']}]" in text
        assert f"【{c['cited']['text']}】" in text


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    result = run("families", "atlantis")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("tifa: unknown topic 'atlantis'")
    assert result.stderr.count("\n") == 1
    bad = tmp_path / "t.toml"
    bad.write_text('[taiwan]\nkeywords = ["台湾"\nname = "x"\n', encoding="utf-8")
    result = run("changes", "taiwan", "--topics", str(bad))
    assert result.exit_code == 2
    assert "t.toml: line 3:" in result.stderr
    target = tmp_path / "missing" / "out.json"
    result = run("families", "taiwan", "--format", "json", "-o", str(target))
    assert result.exit_code == 2
    assert not target.exists()
    assert result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("**/.out.json.*"))


def test_cli_defaults_are_the_engine_defaults():
    from tifa.tracking.formulations.clauses import MAX_CLAUSES
    from tifa.tui.cli import formulation_cmds

    assert formulation_cmds.MIN_SIMILARITY == MIN_SIMILARITY
    assert formulation_cmds.MAX_CLAUSES == MAX_CLAUSES


def test_a_topic_nobody_mentions_has_no_families(bundled_tokens, tmp_path):
    nothing = Topic("mars", "Mars", ("火星殖民",))
    report = build_families(bundled_tokens, nothing, events=group_events(bundled_tokens))
    assert report.families == ()
    assert report.candidates == 0
    assert report.topic_periods == ()
    assert all(not s.changes() and not s.discussed for s in period_changes(report))
    mine = tmp_path / "mars.toml"
    mine.write_text('[mars]\nkeywords = ["火星殖民"]\n', encoding="utf-8")
    result = run("families", "mars", "--topics", str(mine), "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1


def test_traditional_transcripts_join_families_and_keep_their_script(small, tmp_path):
    import opencc

    text = (small / "c.txt").read_text(encoding="utf-8")
    (tmp_path / "t.txt").write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
    (tmp_path / "manifest.toml").write_text('["t.txt"]\nyear = 2005\n', encoding="utf-8")
    corpus = load_corpus([str(small / "a.txt"), str(tmp_path)], tokens=True)
    report = build_families(corpus, TOPIC, events=group_events(corpus))
    part = only(holding(report, 2005, "臺灣是中國領土不可分割的一部分"))
    assert part.years == (2001, 2005)
    inserted = "".join(e.b_text for e in part.changes[0].ops)
    assert "領土不可分割" in inserted


def test_cli_families_and_changes_by_quarter():
    data = json.loads(run("changes", "peninsula", "--by", "quarter", "--format", "json").stdout)
    assert data["by"] == "quarter" and "years" not in data
    assert [p["period"] for p in data["periods"]] == ["2017-Q1", "2019-Q1", "2021-Q1", "2024-Q1"]
    first = data["periods"][0]
    assert (first["documents"], first["events"]) == (2, 1)  # the two 2017 editions, one event
    back = next(p for p in data["periods"] if p["period"] == "2024-Q1")["returning"]
    assert any(c["gap"] == ["2019-Q1", "2021-Q1"] for c in back)
    fams = json.loads(run("families", "taiwan", "--since", "2019", "--format", "json").stdout)
    assert fams["years"] == [2019, 2021, 2024] and len(fams["left_out"]["out_of_range"]) == 2
    first = fams["families"][0]
    assert [p["period"] for p in first["periods"]] == ["2019", "2021", "2024"]
    assert all(p["count"] <= p["events"] <= p["documents"] for p in first["periods"])
    assert {m["period"] for m in first["members"]} <= {"2019", "2021", "2024"}


def test_questions_give_no_families_unless_asked_for():
    data = json.loads(run("families", "taiwan", "--format", "json").stdout)
    assert data["roles"] == ["answer", "statement"]
    asked = json.loads(run("families", "taiwan", "--roles", "question", "--format", "json").stdout)
    assert asked["roles"] == ["question"] and asked["families"]
    members = {(m["doc"], m["turn"]) for f in asked["families"] for m in f["members"]}
    official = {(m["doc"], m["turn"]) for f in data["families"] for m in f["members"]}
    assert not members & official
    bad = run("changes", "taiwan", "--roles", "minister")
    assert bad.exit_code == 2 and "unknown role 'minister'" in bad.stderr


def test_families_do_not_change_with_the_hash_seed(bundled_tokens):
    """Key phrases come from sets; families, their phrases and each member's ``linked_by``
    must not follow the order a set happens to iterate in (the US topic over the 1,000 MFA
    pages changed with PYTHONHASHSEED: phrases listed in set order, families merged by
    anchors numbered in the order of the unions)."""
    code = (
        "import json\n"
        "from tifa.corpus import load_corpus\n"
        "from tifa.tracking.formulations.families import build_all\n"
        "from tifa.tracking.formulations.records import families_json\n"
        "from tifa.tracking.formulations.topics import load_topics\n"
        "corpus = load_corpus(tokens=True)\n"
        "for r in build_all(corpus, load_topics().values()):\n"
        "    print(json.dumps(families_json([r], r.topic.id), ensure_ascii=False))\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            env=os.environ | {"PYTHONHASHSEED": seed},
            cwd=ROOT.parent,
        )
        for seed in ("1", "2")
    ]
    outputs = [run.communicate()[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert b'"linked_by": "' in outputs[0]
    assert outputs[0] == outputs[1]


def test_merged_sets_are_numbered_whatever_the_order_of_the_unions():
    pairs = [(0, 5), (5, 2), (3, 4), (7, 3)]
    labels = set()
    for order in (pairs, pairs[::-1], [(b, a) for a, b in pairs]):
        sets = DisjointSets(8)
        for a, b in order:
            sets.union(a, b)
        labels.add(tuple(sets.labels()[0]))
    assert labels == {(0, 1, 0, 2, 2, 0, 3, 2)}


def test_words_added_or_dropped_at_an_end_are_no_rewording(tmp_path):
    """2019 says the 2018 line without its first word (the formulation in a narrower
    stretch of the clause: no rewording); 2020 adds a word inside it (分裂破坏活动): a
    rewording, in the changes and the summaries alike."""
    line = "坚决反对任何形式的“台独”分裂活动"
    wider = f"我们{line}"
    years = {2017: wider, 2018: wider, 2019: line, 2020: line.replace("分裂", "分裂破坏")}
    reworded_lines(tmp_path, years)
    corpus = load_corpus([str(tmp_path)], tokens=True)
    report = build_families(corpus, load_topics()["taiwan"], by="year")
    (family,) = report.families
    assert [c.to_period for c in family.changes if c.changed] == ["2019", "2020"]
    reworded = [c for s in period_changes(report) for c in s.reworded]
    assert [(c.period, [(e.a_text, e.b_text) for e in c.change.ops]) for c in reworded] == [
        ("2020", [("", "破坏")])
    ]
    shown = render_families([report], "text", "taiwan")
    assert "2019→2020" in shown and "2018→2019" not in shown
    # the JSON and CSV keep both changes, and say which the summaries show as a rewording
    (record,) = families_json([report], "taiwan")["families"]
    said = [(c["to_period"], c["rewording"]) for c in record["changes"]]
    assert said == [("2018", False), ("2019", False), ("2020", True)]
    rows = members_table([report]).rows
    at = MEMBER_COLUMNS.index("change")
    flagged = sorted((r[3], r[at + 1]) for r in rows if r[at])
    assert flagged == [("2019", False), ("2020", True)]


def test_a_rewording_says_how_often_each_wording_is_said(tmp_path):
    """A rewording is cited with how often each canonical wording is said in its period: on
    the MFA pages most yearly rewordings compare two wordings said once each, and a reader
    weighs 4 uses against 4 differently. The text, the JSON and the workbench say it."""
    reworded_lines(tmp_path)
    corpus = load_corpus([str(tmp_path)], tokens=True)
    report = build_families(corpus, load_topics()["taiwan"], by="year")
    (c,) = [c for s in period_changes(report) for c in s.reworded]
    assert detail(c).startswith("2019→2020 (4 uses → 4 uses): ")
    item = change_item(c)
    assert (item["from_period"], item["from_uses"], item["to_uses"]) == ("2019", 4, 4)


def test_a_line_said_two_ways_says_how_many_uses_are_of_the_wording_cited(tmp_path):
    """A line said in 2016 and, with a word added, in 2017, then never again, is dropped
    after 2017: its eight uses are of two variants, and the item says so, with the cited
    (last) use's variant and its uses, where "8 uses" alone reads as eight of the wording
    cited. A line said one way says neither."""
    gone = "中方坚定奉行一个中国政策"
    stays = "台湾是中国领土不可分割的一部分"
    lines = {2016: gone, 2017: gone.replace("坚定", "始终坚定")}
    reworded_lines(tmp_path, lines | dict.fromkeys((2018, 2019, 2020), stays))
    corpus = load_corpus([str(tmp_path)], tokens=True)
    report = build_families(corpus, load_topics()["taiwan"], by="year")
    (c,) = [c for s in period_changes(report) for c in s.dropped]
    v = c.family.variants[c.member.variant]
    assert len(c.family.variants) == 2 and v.uses == 4 and "始终" in c.member.wording
    said = f"8 uses in 2 variants (v{v.index}: 4 uses) since 2016, not seen again"
    assert detail(c) == said
    item = change_item(c)
    assert (item["variants"], item["cited"]["variant"], item["cited"]["variant_uses"]) == (
        2,
        v.index,
        4,
    )
    (kept,) = [c for s in period_changes(report) for c in s.new]
    assert kept.family.label == stays and detail(kept) == "12 uses to 2020"


def test_a_rewording_cites_the_first_use_of_its_new_wording(tmp_path):
    """2019's first briefing says the family twice, 图谋 and then 行径, and counts the first
    for its event; 行径 leads 2019 and 2020. The rewording cites 行径's first use, in that
    briefing, not its first counted use three months later."""
    line = "我们坚决反对任何形式的“台独”分裂{}"
    said = {f"2018-{m:02d}-0{n + 3}": line.format("活动") for n, m in enumerate((2, 5, 8, 11))}
    said["2019-02-03"] = f"{line.format('图谋')}。我们注意到有关报道。{line.format('行径')}"
    said |= {f"2019-{m:02d}-0{n + 4}": line.format("行径") for n, m in enumerate((5, 8, 11))}
    said |= {f"2020-{m:02d}-0{n + 3}": line.format("行径") for n, m in enumerate((2, 5, 8, 11))}
    briefings(tmp_path, said)
    corpus = load_corpus([str(tmp_path)], tokens=True)
    report = build_families(corpus, load_topics()["taiwan"], by="year")
    (c,) = [c for s in period_changes(report) for c in s.reworded]
    assert c.member.wording == line.format("行径") and not c.member.counted
    assert c.member.doc == "2019-02-03_r"
    assert c.change is not None and c.change.after.doc == "2019-05-04_r"  # counted first


def briefings(folder: Path, said: dict[str, str]) -> None:
    """A briefing a day of ``said`` (ISO day: what the spokesperson's answer says)."""
    for day, text in said.items():
        y, m, d = (int(x) for x in day.split("-"))
        head = f"{y}年{m}月{d}日外交部发言人华春莹主持例行记者会"
        body = f"{head}\n\n问：请问中方对此有何评论？\n\n答：中方愿同各方加强沟通协调。{text}。\n"
        (folder / f"{day}_r.txt").write_text(body, "utf-8")


def test_a_period_the_range_cuts_says_so():
    """--since inside a quarter: its counts are of part of it, and the summaries say which
    part; the first period is the first of the range, not of the corpus (which has 2017)."""
    said = run("changes", "taiwan", "--by", "quarter", "--since", "2019-03-01").stdout
    first = "2019-Q1  1 present  (1 document)  (baseline: first quarter of the range)"
    assert f"{first}  (partial: 2019-03-01 to 2019-03-31)" in said.splitlines()
    assert "2021-Q1  11 present  (1 document)" in said.splitlines()
    whole = run("changes", "taiwan", "--by", "quarter").stdout
    assert "(baseline: first quarter in the corpus)" in whole and "partial" not in whole
    md = run("changes", "taiwan", "--since", "2019-03-01", "--until", "2021-06", "--format", "md")
    assert (
        "## 2019 (baseline: first year of the range) (partial: 2019-03-01 to 2019-12-31)"
        in md.stdout
    )
    assert "## 2021 (partial: 2021-01-01 to 2021-06-30)" in md.stdout


def test_a_returning_line_says_what_its_last_use_said_when_it_differs(tmp_path):
    """A line back in 2018 in another wording (图谋) says what its last use before the
    silence said (活动, 2016): a family held by a slot (the congress reports' 〈巴勒斯坦｜全党
    全国〉人民) claimed of 全党全国人民 a last use that said 巴勒斯坦人民. A line back in its own
    wording says no more."""
    line, stays = "我们坚决反对任何形式的“台独”分裂{}", "台湾是中国领土不可分割的一部分"
    said = {"2016-02-03": line.format("活动"), "2017-02-03": stays}
    briefings(tmp_path, said | {"2018-02-03": line.format("图谋"), "2019-02-03": stays})
    report = build_families(load_corpus([str(tmp_path)], tokens=True), load_topics()["taiwan"])
    back = {c.family.label: detail(c) for s in period_changes(report) for c in s.returning}
    assert back[stays] == "absent 2018, last said 2017-02-03"
    assert (
        back[line.format("活动")] == f"absent 2017, last said 2016-02-03 as {line.format('活动')}"
    )


def test_two_windows_of_one_clause_cut_to_the_same_words_are_one_use(tmp_path):
    """A sentence's one-clause and two-clause windows in one family (on the MFA pages a key
    phrase ties the shorter into the family the longer is in: taiwan-1 held 59 such pairs)
    cut to the same words are one use, not two members: the one similarity placed stays."""
    from tifa.tracking.formulations.families import _Build, _family
    from tifa.tracking.versions.events import event_index

    line = "中方敦促美方恪守一个中国政策和中美三个联合公报原则"
    days = {f"2016-12-0{n}": line for n in range(3, 7)}
    briefings(tmp_path, {"2016-12-02": f"{line}，慎重处理台湾问题"} | days)
    corpus = load_corpus([str(tmp_path)], tokens=True)
    topic, events = load_topics()["taiwan"], group_events(corpus)
    of_doc = event_index(events)
    windows = topic_candidates(corpus, topic, bin_documents(corpus.documents))
    longer = next(i for i, c in enumerate(windows) if c.text.startswith(f"{line}，"))
    doc = windows[longer].doc
    shorter = next(i for i, c in enumerate(windows) if c.text == line and c.doc == doc)
    others = [i for i, c in enumerate(windows) if c.text == line and c.doc != doc]
    ev = [of_doc[c.doc].index for c in windows]
    build = _Build.of(corpus, windows, Wordings([c.match for c in windows], 0.7), ev, of_doc)
    family = _family([longer, *others, shorter], {shorter: "一个中国政策"}, build)
    first = [m for m in family.members if m.doc == doc]
    assert [(m.start, m.end, m.linked_by) for m in first] == [
        (windows[longer].start, windows[longer].end, None)
    ]
    assert first[0].wording.endswith("原则") and len(family.members) == family.uses == 5


def test_a_tie_in_a_dense_archive_names_no_usual_wording(tmp_path):
    """Four briefings a year: 2017 says 活动 four times, 2018 行径 twice and 图谋 twice.
    Neither leads 2018, so no rewording is listed there (a tie picked by index, and a
    dropped line cited still saying the other, contradicted it on the MFA pages); a sparse
    archive's tie is one report saying a line two ways, and keeps its rewording (the
    congress reports' test)."""
    line = "我们坚决反对任何形式的“台独”分裂{}"
    said = {f"2017-{m:02d}-0{n + 3}": line.format("活动") for n, m in enumerate((2, 5, 8, 11))}
    said |= {
        f"2018-{m:02d}-0{n + 3}": line.format("行径图谋"[2 * (n % 2) :][:2])
        for n, m in enumerate((2, 5, 8, 11))
    }
    said |= {
        f"{y}-{m:02d}-0{n + 3}": "台湾是中国领土不可分割的一部分"
        for y in (2019, 2020)
        for n, m in enumerate((2, 5, 8, 11))
    }
    briefings(tmp_path, said)
    report = build_families(load_corpus([str(tmp_path)], tokens=True), load_topics()["taiwan"])
    (family,) = [f for f in report.families if "2018" in f.periods]
    assert sorted(v.count("2018") for v in family.variants) == [0, 2, 2]
    assert [c.to_period for c in family.changes if c.changed] == ["2018"]
    assert not [c for s in period_changes(report) for c in s.reworded]


def test_in_a_dense_archive_one_use_against_one_is_no_rewording(tmp_path):
    """Four briefings a year, each on another subject but for one that says the line: 2017
    says 活动 once, 2018 行径 once. Each is its year's only use and so its leader, yet
    one briefing's turn of phrase against another's is no change of usual wording (on the
    MFA pages every yearly Taiwan rewording was of that kind). A wording first said once
    and then said on is one: 2020 says 图谋 once and 2021 four times."""
    line = "我们坚决反对任何形式的“台独”分裂{}"
    other = "台湾是中国领土不可分割的一部分"
    said = {
        f"{y}-{m:02d}-0{n + 3}": other
        for y in (2017, 2018, 2019, 2020, 2021)
        for n, m in enumerate((2, 5, 8, 11))
    }
    said |= {"2017-06-15": line.format("活动"), "2018-06-15": line.format("行径")}
    said |= {"2019-06-15": line.format("行径"), "2020-06-15": line.format("图谋")}
    said |= {f"2021-{m:02d}-15": line.format("图谋") for m in (3, 6, 9, 12)}
    briefings(tmp_path, said)
    report = build_families(load_corpus([str(tmp_path)], tokens=True), load_topics()["taiwan"])
    (family,) = [f for f in report.families if "台独" in f.label]
    assert [c.to_period for c in family.changes if c.changed] == ["2018", "2020"]
    reworded = [c for s in period_changes(report) for c in s.reworded]
    assert [(c.period, [(e.a_text, e.b_text) for e in c.change.ops]) for c in reworded] == [
        ("2020", [("行径", "图谋")])
    ]
    # the families' summaries show the same, and the JSON says so of each change
    (record,) = [f for f in families_json([report], "taiwan")["families"] if "台独" in f["label"]]
    said = {c["to_period"]: c["rewording"] for c in record["changes"]}
    assert (said["2018"], said["2020"]) == (False, True) and sum(said.values()) == 1


def test_a_rewording_shown_may_be_said_beside_the_old_wording(tmp_path):
    """The families' summaries show a change of usual wording whose two wordings are said
    side by side in the periods of the change, as 一个中国政策 and 原则 were in 2017 and
    2018 on the MFA pages; ``tifa changes`` lists it under overtook, not reworded."""
    line = "我们坚决反对任何形式的“台独”分裂{}"
    said = {f"2017-{m:02d}-15": line.format("活动") for m in (2, 4, 6, 8, 10)}
    said["2017-12-15"] = line.format("行径")
    said |= {f"2018-{m:02d}-15": line.format("行径") for m in (2, 4, 6, 8, 10)}
    said["2018-12-15"] = line.format("活动")
    briefings(tmp_path, said)
    report = build_families(load_corpus([str(tmp_path)], tokens=True), load_topics()["taiwan"])
    (family,) = report.families
    assert [c.to_period for c in family.changes if c.changed] == ["2018"]
    shown = render_families([report], "text", "taiwan")
    assert "2017→2018  我们坚决反对任何形式的“台独”分裂[-活动-][+行径+]" in shown
    assert not [c for s in period_changes(report) for c in s.reworded]


def test_an_overtaking_whose_change_point_is_in_a_period_without_the_variant(tmp_path, monkeypatch):
    """A share's change point may fall in a period that says nothing of the family (a month
    of a range: on the MFA pages ``tifa changes multilateralism --by month --since 2020-01``
    stopped with an error there, citing the variant's first use in a month without one).
    The overtaking is in the first period from the change on that says the variant, and
    cites its use there."""
    from tifa.tracking.formulations import changes
    from tifa.tracking.formulations.turning import ChangePoint

    line = "我们坚决反对任何形式的“台独”分裂{}"
    said = {f"2019-{m:02d}-05": line.format("活动") for m in range(1, 5)}
    said |= {f"2019-{m:02d}-05": "中方愿同各方加强沟通" for m in (5, 6)}
    said |= {f"2019-{m:02d}-05": line.format("行径") for m in range(7, 13)}
    said |= {f"2019-{m:02d}-20": line.format("活动") for m in range(1, 9)}
    briefings(tmp_path, said)
    report = build_families(
        load_corpus([str(tmp_path)], tokens=True), load_topics()["taiwan"], by="month"
    )
    (family,) = report.families
    rising = next(v.index for v in family.variants if "行径" in v.wording)

    def in_may(shares, n):  # the change put in May, which says nothing of the family
        return [ChangePoint(4, 0.0, 0.9)] if shares[6] else []

    monkeypatch.setattr(changes, "change_points", in_may)
    (c,) = [c for s in period_changes(report) for c in s.overtook]
    assert (c.period, c.member.doc, c.variant.index) == ("2019-07", "2019-07-05_r", rising)
    assert c.after_span == ("2019-07", "2019-12")


def test_a_line_said_before_the_range_is_not_new_in_it(tmp_path):
    """A range limits the documents read, but a line's first use is a claim about the
    archive: 反对“台独” said in 2016 (last without its quotes) and again from 2019 is not new
    in 2019 when the range starts in 2017, while 一个中国政策, first said in 2019, is. The
    head says what was searched and left out, and the JSON lists it with where it is said
    (``outside``)."""
    said = {
        f"{y}-{m:02d}-0{n + 3}": "台湾是中国领土不可分割的一部分"
        for y in range(2016, 2021)
        for n, m in enumerate((2, 5, 8, 11))
    }
    old, first = "我们坚决反对任何形式的“台独”分裂活动", "中方坚定奉行一个中国政策"
    unquoted = old.replace("“", "").replace("”", "")  # found all the same
    said |= {"2016-03-15": old, "2016-06-15": unquoted}
    said |= {f"{y}-{m:02d}-15": f"{old}。{first}" for y in (2019, 2020) for m in range(1, 13, 2)}
    briefings(tmp_path, said)
    asked = ("changes", "taiwan", "--corpus", str(tmp_path), "--since", "2017")
    text = run(*asked).stdout
    assert "2 new lines searched for in the 6 documents before the range: 1 said there" in text
    new = text[text.index("2019  ") :].split("\n")[1:3]
    assert new[0] == "  new (1)" and first in new[1] and old not in text[text.index("2019  ") :]
    data = json.loads(run(*asked, "--format", "json").stdout)
    (item,) = data["outside"]["said_before"]
    assert item["cited"]["text"] == old and item["said"]["doc"] == "2016-06-15_r"
    assert data["outside"]["before"] == 6
    whole = run("changes", "taiwan", "--corpus", str(tmp_path)).stdout
    assert "searched for" not in whole and "not listed" not in whole


def test_a_new_wording_of_a_line_older_than_the_range_says_so(tmp_path):
    """A new wording's line is said since its family's first period, which a range may cut:
    反对“台独”分裂活动, said in 2016 and in the range from 2017, is a line older than the range,
    and its new wording 分裂图谋 (2020) says so, with the line's last use before it, where it
    said "a line said since 2017"."""
    line = "我们坚决反对任何形式的“台独”分裂{}"
    said = {
        f"{y}-{m:02d}-0{n + 3}": "台湾是中国领土不可分割的一部分"
        for y in range(2016, 2021)
        for n, m in enumerate((2, 5, 8, 11))
    }
    said |= {"2016-03-15": line.format("活动"), "2016-06-15": line.format("活动")}
    said |= {f"{y}-{m:02d}-15": line.format("活动") for y in (2017, 2018) for m in (3, 6, 9, 12)}
    said |= {f"2020-{m:02d}-15": line.format("图谋") for m in range(1, 13, 2)}
    briefings(tmp_path, said)
    asked = ("changes", "taiwan", "--corpus", str(tmp_path), "--since", "2017")
    text = run(*asked).stdout
    assert (
        "v1, 6 uses to 2020: a new wording of a line said before the range (last 2016-06-15)"
        in text
    )
    (item,) = [
        c for p in json.loads(run(*asked, "--format", "json").stdout)["periods"] for c in p["new"]
    ]
    assert item["line_before"] == "2016-06-15"
    whole = run("changes", "taiwan", "--corpus", str(tmp_path)).stdout
    assert "before the range" not in whole


def test_markup_in_a_transcript_is_text_in_markdown(tmp_path):
    """A transcript's HTML and link syntax are escaped in the Markdown summaries (headings,
    quotes and tables alike), where a viewer would run or follow them; inside the charts'
    code blocks they are inert as they are, and a fence longer than the transcript's own
    backticks keeps them inside."""
    line = "我们坚决反对任何形式的“台独”分裂活动```<script>alert(1)</script>[点此](http://x.cn)"
    reworded_lines(tmp_path, dict.fromkeys((2017, 2018, 2019), line))
    md = run("families", "taiwan", "--corpus", str(tmp_path), "--format", "md").stdout
    outside, fence = [], ""
    for row in md.splitlines():
        if fence and row == fence:
            fence = ""
        elif not fence and row.startswith("```"):
            fence = row
        elif not fence:
            outside.append(row)
    assert not fence  # every block closed by its own fence, not by the transcript's ```
    assert "\\<script\\>alert(1)\\</script\\>\\[点此\\]" in md and "\n````\n" in md
    assert not any("<script>" in row or "[点此]" in row for row in outside)


def test_a_clause_that_only_names_the_topic_is_no_family(tmp_path):
    """关于台湾问题, said in a third of the briefings, says what the answer turns to: it is no
    formulation, and no window of its own."""
    line = "中方坚决反对任何形式的“台独”分裂活动"
    reworded_lines(tmp_path, {year: line for year in (2017, 2018, 2019)})
    for path in sorted(tmp_path.glob("*.txt"))[::3]:
        said = path.read_text("utf-8").replace("答：", "答：关于台湾问题，我们已多次表明立场。")
        path.write_text(said, "utf-8")
    report = build_families(load_corpus([str(tmp_path)], tokens=True), load_topics()["taiwan"])
    assert [f.label for f in report.families] == [line]
    assert frame(tokenise("对于美方的错误做法")) and frame(tokenise("就中方而言"))
    assert not frame(tokenise("就台湾问题交换意见")) and not frame(tokenise(line))
    # 在…问题上 turns to a question as 关于 does; 在…基础上 says on what a line stands
    assert frame(tokenise("在半岛核问题上")) and frame(tokenise("在这个问题上"))
    assert not frame(tokenise("在一个中国原则基础上"))


def test_the_speakers_aside_on_their_own_speaking_is_no_family(tmp_path):
    """我想强调的是, before the line in a third of the briefings, is the speaker speaking of
    speaking: no formulation, though it recurs beside one every year. A stance is not."""
    line = "中方坚决反对任何形式的“台独”分裂活动"
    reworded_lines(tmp_path, {year: line for year in (2017, 2018, 2019)})
    for path in sorted(tmp_path.glob("*.txt"))[::3]:
        path.write_text(path.read_text("utf-8").replace(line, f"我想强调的是，{line}"), "utf-8")
    report = build_families(load_corpus([str(tmp_path)], tokens=True), load_topics()["taiwan"])
    assert [f.label for f in report.families] == [line]
    assert aside(tokenise("我们已经多次说过")) and aside(tokenise("我可以告诉你"))
    assert not aside(tokenise("我们对此表示坚决反对")) and not aside(tokenise("中方多次强调"))
    # noticing with nothing noticed is an aside; what was noticed answers the question
    assert aside(tokenise("我们注意到")) and aside(tokenise("我也注意到了"))
    assert not aside(tokenise("我们注意到有关报道")) and not aside(tokenise("我们坚决反对"))
    # the second person and a verb of saying or asking: the question, referred to
    assert aside(tokenise("你提到的具体情况")) and aside(tokenise("你关心的问题"))
    assert aside(tokenise("您刚才提到的一些具体问题")) and aside(tokenise("你也注意到了"))
    assert not aside(tokenise("你中有我、我中有你")) and not aside(tokenise("你们要相信中国"))
    # the question named, and nothing it is about: 第一个问题, not 叙利亚问题
    assert aside(tokenise("第一个问题")) and aside(tokenise("关于你的问题"))
    assert not aside(tokenise("叙利亚问题")) and not aside(tokenise("解决第一个问题"))
    assert since(tokenise("一段时间以来")) and since(tokenise("2018年以来"))
    assert not since(tokenise("新冠肺炎疫情发生以来"))


def test_a_clause_of_names_only_is_no_window(tmp_path):
    """特朗普总统 is who is spoken of (a name and its office: one slot), not what is said."""
    reworded_lines(tmp_path, {2019: "特朗普总统，美国总统特朗普表示美方支持一个中国政策"})
    corpus = load_corpus([str(tmp_path)], tokens=True)
    topic = Topic("us", "US", ("特朗普", "一个中国"))
    windows = {c.text for c in topic_candidates(corpus, topic, bin_documents(corpus.documents))}
    assert "特朗普总统" not in windows
    assert "美国总统特朗普表示美方支持一个中国政策" in windows


def test_a_change_of_line_inside_one_family_is_no_rewording(tmp_path):
    """Four briefings a year, each year's Taiwan line said in all four (``reworded_lines``):
    the family holds a line of 2018 that shares little more than 反对“台独”分裂活动 with the
    others (similarity 0.30 with 2017's, 0.23 with 2019's, below the family's floor of 0.55),
    so 2017→2018 and 2018→2019 change lines, not words; 行径 → 图谋 in 2020 (0.88) is a
    rewording."""
    reworded_lines(tmp_path)
    corpus = load_corpus([str(tmp_path)], tokens=True)
    report = build_families(corpus, load_topics()["taiwan"], by="year")
    (family,) = report.families
    assert [c.to_period for c in family.changes if c.changed] == ["2018", "2019", "2020"]
    reworded = [c for s in period_changes(report) for c in s.reworded]
    assert [c.period for c in reworded] == ["2020"]
    assert [(e.a_text, e.b_text) for e in reworded[0].change.ops] == [("行径", "图谋")]
    # the summaries show the same rewording, and neither change of line as one
    for fmt, arrow in (("text", "→"), ("md", " → "), ("html", " → ")):
        shown = render_families([report], fmt, "taiwan")
        assert f"2019{arrow}2020" in shown, fmt
        assert f"2017{arrow}2018" not in shown and f"2018{arrow}2019" not in shown, fmt
