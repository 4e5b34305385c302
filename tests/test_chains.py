"""Chains of reissued statements: issues in date order, the representative of each, and the
wording change per step."""

from __future__ import annotations

from tifa.corpus import tokens_for
from tifa.tracking.versions.chains import chain_records, find_chains, render_changes, with_changes
from tifa.tracking.versions.relations import corpus_relations

from helpers import relation_archive as archive


def test_a_template_filled_in_three_times_is_one_chain_in_date_order(tmp_path):
    dates = {
        "template_kuwait": "2020-04-28",
        "template_serbia": "2020-03-21",
        "template_cambodia": "2020-03-23",
        "hk_statement": "2019-11-20",
    }
    corpus = archive(tmp_path, dates)
    [chain] = find_chains(corpus, corpus_relations(corpus))
    assert [i.documents for i in chain.issues] == [
        ("template_serbia",),
        ("template_cambodia",),
        ("template_kuwait",),
    ]
    assert [i.date for i in chain.issues] == ["2020-03-21", "2020-03-23", "2020-04-28"]
    assert all(step.changes is None for step in chain.steps)  # words come on demand
    [first, second] = with_changes(corpus, chain, tokens_for).steps
    assert first.pair is not None
    assert first.pair.relation == "reissued"
    assert first.pair.date_gap_days == 2
    countries = {(c.a_text, c.b_text) for c in first.changes if c.op == "replace"}
    assert ("塞尔维亚", "柬埔寨") in countries
    assert all(c.type not in ("punctuation", "width") for c in first.changes)
    assert "[-塞尔维亚-][+柬埔寨+]" in render_changes(first.changes)
    assert second.pair is not None
    assert second.pair.date_gap_days == 36


def test_an_issue_is_the_statement_with_the_briefing_that_printed_it(tmp_path):
    dates = {"hk_statement": "2019-11-20", "hk_briefing": "2020-11-20"}
    corpus = archive(tmp_path, dates)
    report = corpus_relations(corpus)
    # Printed a year later: reissued, a chain of two issues, each one document.
    [chain] = find_chains(corpus, report)
    assert [i.documents for i in chain.issues] == [("hk_statement",), ("hk_briefing",)]
    detailed = with_changes(corpus, chain, tokens_for)
    [step] = detailed.steps
    # Compared with the briefing's span only: the statement's words, not the whole briefing.
    assert len(step.changes) < 12
    record = chain_records(corpus, [detailed])[0]
    assert record["issues"][0]["title"].startswith("外交部发言人耿爽")
    assert record["steps"][0]["relation"] == "reissued"
    assert record["steps"][0]["changes"][0]["a_span"][1] <= len(corpus.get("hk_statement").raw)


def test_the_same_day_is_one_issue_and_no_chain(tmp_path):
    corpus = archive(tmp_path, {"hk_statement": "2019-11-20", "hk_briefing": "2019-11-20"})
    assert find_chains(corpus, corpus_relations(corpus)) == ()
