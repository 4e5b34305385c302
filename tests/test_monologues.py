"""Families on monologues: congress reports, one voice, no questions (issue #9 item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tifa.corpus import load_corpus
from tifa.tracking.formulations.changes import period_changes
from tifa.tracking.formulations.families import build_families
from tifa.tracking.formulations.topics import load_topics

ROOT = Path(__file__).resolve().parent
CONGRESS = ROOT / "fixtures" / "congress"
REAL = ROOT.parent.parent / "shared" / "real" / "cpc_congress_reports_wikisource"


@pytest.fixture(scope="module")
def reports():
    return load_corpus([str(CONGRESS)], tokens=True)


def holding(report, text):
    return [f for f in report.families if any(text in m.text for m in f.members)]


def reunification(report):
    (whole,) = [f for f in report.families if "实现祖国完全统一" in {v.wording for v in f.variants}]
    return whole


def test_a_taiwan_clause_reworded_from_report_to_report(reports):
    report = build_families(reports, load_topics()["taiwan"])
    whole = reunification(report)
    assert whole.years == (1997, 2002, 2017, 2022)
    # the most used wording labels it: 2017 and 2022 both say 解决台湾问题、实现祖国完全统一
    assert whole.label == "解决台湾问题、实现祖国完全统一"
    first, second, third = whole.changes
    assert (first.from_period, first.to_period) == ("1997", "2002")
    # 2002 says it twice, with and without 解决台湾问题、: the one nearer the label is canonical
    assert [(e.op, e.b_text) for e in first.ops] == [("insert", "解决台湾问题、"), ("insert", "的")]
    assert [(e.op, e.a_text) for e in second.ops] == [("delete", "的")]
    assert not third.changed and not third.reworded
    wish = holding(report, "共同心愿")[0]
    assert [m.text for m in wish.members] == [
        "是海内外全体中国人的共同心愿",
        "是海内外中华儿女的共同心愿",
        "是全体中华儿女共同愿望",
        "是全体中华儿女的共同愿望",
    ]
    docs = {d.id: d for d in reports.documents}
    for fam in report.families:
        for m in fam.members:
            doc = docs[m.doc]
            assert doc.turns[m.turn].role == "statement"
            assert doc.raw[m.raw_start : m.raw_end] == m.text
            assert "有机统一" not in m.text  # 统一 beside no keyword is not about Taiwan


def test_changes_per_period_on_reports(reports):
    report = build_families(reports, load_topics()["taiwan"])
    summaries = {s.period: s for s in period_changes(report)}
    assert list(summaries) == ["1997", "2002", "2017", "2022"]
    assert summaries["1997"].baseline and summaries["1997"].events == 1
    whole = reunification(report)
    assert any(c.family is whole for c in summaries["2002"].reworded)


def test_the_questions_of_a_report_are_none():
    report = build_families(
        load_corpus([str(CONGRESS)], tokens=True), load_topics()["taiwan"], roles="question"
    )
    assert report.families == () and report.candidates == 0


@pytest.mark.skipif(not REAL.is_dir(), reason="the real sample is not here")
def test_the_sixteen_congress_reports():
    corpus = load_corpus([str(REAL)], tokens=True)
    report = build_families(corpus, load_topics()["taiwan"])
    assert len(report.recurring) >= 20
    whole = reunification(report)
    assert whole.years == (1997, 2002, 2007, 2012, 2017, 2022)
    principle = holding(report, "要坚持一个中国的原则")[0]
    assert {1997, 2002, 2007, 2012, 2017} <= set(principle.years)
    for fam in report.families:
        for m in fam.members:
            assert not any(w in m.text for w in ("法制统一", "有机统一", "统一管理", "统一市场"))
