"""Relations between documents of a real archive: the taxonomy with dates, template fills,
excerpts and where they sit, what is unknown, and events for families."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from tifa.corpus import Document, Metadata, load_corpus
from tifa.tracking.versions.dates import date_gap, interval
from tifa.tracking.versions.events import corpus_events
from tifa.tracking.versions.relations import corpus_relations, relate

from helpers import XINHUA_2017
from helpers import relation_archive as archive


def _doc(doc_id: str, date: str | None = None, year: int | None = None) -> Document:
    base = load_corpus().documents[0]
    from dataclasses import replace

    return replace(base, id=doc_id, metadata=Metadata(date=date, year=year))


@pytest.mark.parametrize(
    ("a", "b", "days", "apart", "note"),
    [
        (("2019-11-20", 2019), ("2019-11-27", 2019), 7, False, None),
        (("2019-11-20", 2019), ("2019-11-28", 2019), 8, True, None),
        ((None, 2017), ("2018-05-27", 2018), None, True, "day unknown"),
        ((None, 2017), ("2017-05-27", 2017), None, None, "day unknown"),
        (("2019-11", 2019), ("2019-11-20", 2019), None, None, "day unknown"),
        ((None, None), ("2019-11-20", 2019), None, None, "date unknown: a"),
    ],
)
def test_date_gaps_say_what_is_known(a, b, days, apart, note):
    gap = date_gap(_doc("a", *a), _doc("b", *b))
    assert gap.days == days
    assert gap.apart is apart
    assert (gap.note or "").startswith(note or "")


def test_an_impossible_date_falls_back_to_the_year():
    assert interval(_doc("a", "2019-02-30", 2019)) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))


def test_a_statement_printed_in_the_days_briefing_is_an_excerpt(tmp_path):
    corpus = archive(tmp_path, {"hk_briefing": "2019-11-20", "hk_statement": "2019-11-20"})
    [pair] = corpus_relations(corpus).pairs
    assert (pair.a, pair.b, pair.relation) == ("hk_briefing", "hk_statement", "excerpt")
    assert pair.containment_b_in_a > 0.95
    assert pair.containment_a_in_b < 0.5
    assert pair.date_gap_days == 0
    assert pair.host == "hk_briefing"
    briefing, statement = corpus.get("hk_briefing"), corpus.get("hk_statement")
    start, end = pair.span
    printed = briefing.text[start:end]
    # The span is the statement's body in the briefing, not the briefing's first question.
    assert printed.startswith("11月19日，美国国会参议院审议通过")
    assert statement.text.rstrip("。\n").endswith(printed[-20:])  # ends where it ends


@pytest.mark.parametrize(
    ("stem", "date", "role", "head", "tail"),
    [
        # The question before the answer repeats the title's words (有关国家议会通过所谓
        # “海上通道安全法案”): the span begins with the answer that prints the statement.
        (
            "echo",
            "2021-03-03",
            "answer",
            "当地时间3月2日，有关国家议会",
            "中方将视事态发展作出进一步反应",
        ),
        # The briefing's heading (2021年3月9日外交部发言人林明远主持例行记者会) shares the
        # title's 外交部发言人林明远: the span begins with the briefing's opening statement.
        (
            "echo_heading",
            "2021-03-09",
            "statement",
            "有关国家议会刚刚通过了所谓",
            "中方将根据形势发展作出进一步反应",
        ),
    ],
)
def test_a_statement_is_spanned_in_the_briefings_official_voice(
    tmp_path, stem, date, role, head, tail
):
    """A statement's span in a briefing lies in its answers or statements, not in the
    question or heading that echoes the statement's title, in ``tifa dupes`` (a corpus or a
    catalogue) as in ``tifa diff`` (``relate``)."""
    from tifa.corpus import open_catalogue

    corpus = archive(tmp_path, {f"{stem}_briefing": date, f"{stem}_statement": date})
    [pair] = corpus_relations(corpus).pairs
    assert (pair.relation, pair.host) == ("excerpt", f"{stem}_briefing")
    briefing, statement = corpus.get(f"{stem}_briefing"), corpus.get(f"{stem}_statement")
    start, end = pair.span
    assert [briefing.turn_at(n).role for n in (start, end - 1)] == [role, role]
    assert briefing.text[start:end].startswith(head)
    assert briefing.text[start:end].endswith(tail)
    [kept] = corpus_relations(open_catalogue([str(tmp_path)], use_cache=False)).pairs
    related = relate(statement, briefing)
    assert kept.span == pair.span and related is not None and related.span == pair.span


def test_an_answer_printed_with_its_question_keeps_the_question_in_its_span(tmp_path):
    """The same words as 答记者问, question and answer: its span begins with the question."""
    corpus = archive(tmp_path, {"echo_briefing": "2021-03-03", "echo_answer": "2021-03-03"})
    [pair] = corpus_relations(corpus).pairs
    assert (pair.relation, pair.host) == ("excerpt", "echo_briefing")
    briefing = corpus.get("echo_briefing")
    start, end = pair.span
    assert briefing.turn_at(start).role == "question"
    assert briefing.text[start:end].startswith("问：昨天，有关国家议会通过所谓")


def test_the_same_statement_in_a_briefing_a_year_later_is_reissued(tmp_path):
    corpus = archive(tmp_path, {"hk_briefing": "2020-11-20", "hk_statement": "2019-11-20"})
    [pair] = corpus_relations(corpus).pairs
    assert pair.relation == "reissued"
    assert pair.date_gap_days == 366
    assert "366 days apart" in pair.reason
    assert pair.host == "hk_briefing"  # still where it was printed


def test_without_dates_the_text_decides_and_the_pair_says_so(tmp_path):
    corpus = archive(tmp_path, {"hk_briefing": "2019-11-20", "hk_statement": None})
    [pair] = corpus_relations(corpus).pairs
    assert pair.relation == "excerpt"
    assert pair.date_gap_days is None
    assert pair.date_note == "date unknown: hk_statement"


def test_a_template_filled_in_for_another_country_is_reissued_even_within_a_week(tmp_path):
    dates = {"template_serbia": "2020-03-21", "template_cambodia": "2020-03-23"}
    corpus = archive(tmp_path, dates)
    [pair] = corpus_relations(corpus).pairs
    assert pair.relation == "reissued"
    assert pair.date_gap_days == 2
    assert ("柬埔寨", "塞尔维亚") in pair.slots
    assert "柬埔寨 → 塞尔维亚" in pair.reason


def test_a_reissued_answer_is_reissued_only_when_the_dates_say_so(tmp_path):
    apart = archive(tmp_path / "apart", {"xisha_2017": "2017-07-02", "xisha_2018": "2018-05-27"})
    [pair] = corpus_relations(apart).pairs
    assert (pair.relation, pair.date_gap_days) == ("reissued", 329)
    assert pair.slots == ()  # new ship names once each: not a template
    undated = archive(tmp_path / "undated", {"xisha_2017": None, "xisha_2018": None})
    [pair] = corpus_relations(undated).pairs
    assert pair.relation == "versions"
    assert pair.date_note == "date unknown: xisha_2017, xisha_2018"


def test_relate_scores_any_two_documents(tmp_path):
    corpus = archive(tmp_path, {"template_kuwait": "2020-04-28", "hk_statement": "2019-11-20"})
    pair = relate(corpus.get("template_kuwait"), corpus.get("hk_statement"))
    assert pair is not None
    assert pair.relation == "shares_passages"
    assert pair.shared < 0.2


def test_an_excerpt_and_its_host_are_one_event_for_families(tmp_path):
    corpus = archive(tmp_path, {"hk_briefing": "2019-11-20", "hk_statement": None})
    events = corpus_events(corpus)
    assert [sorted(e.docs) for e in events] == [["hk_briefing", "hk_statement"]]


def test_the_date_rule_joins_no_event_that_holds_another_date(tmp_path):
    """A statement printed in the next day's briefing is one event with it (an excerpt); the
    same-date rule does not also draw in another document of the statement's day (on the MFA
    pages, that day's own briefing), which would make two days' briefings one event."""
    dates = {"hk_statement": "2019-11-20", "hk_briefing": "2019-11-21", "xisha_2017": "2019-11-20"}
    corpus = archive(tmp_path, dates)
    [pair] = corpus_relations(corpus).pairs
    assert pair.relation == "excerpt"
    events = corpus_events(corpus)
    assert sorted(sorted(e.docs) for e in events) == [
        ["hk_briefing", "hk_statement"],
        ["xisha_2017"],
    ]
    alone = archive(tmp_path / "alone", {"hk_statement": "2019-11-20", "xisha_2017": "2019-11-20"})
    assert [sorted(e.docs) for e in corpus_events(alone)] == [["hk_statement", "xisha_2017"]]


def test_groups_and_limits_are_reported(tmp_path):
    dates = {
        "template_serbia": "2020-03-21",
        "template_cambodia": "2020-03-23",
        "template_kuwait": "2020-04-28",
        "hk_statement": "2019-11-20",
    }
    report = corpus_relations(archive(tmp_path, dates), max_partners=1)
    assert [g.documents for g in report.groups] == [
        ("template_cambodia", "template_kuwait", "template_serbia")
    ]
    assert report.groups[0].relations == {"reissued": len(report.pairs)}
    assert report.crowded  # three templates, one partner each examined
    assert report.max_partners == 1


def test_a_catalogue_is_related_from_its_index_as_the_corpus_in_memory(tmp_path):
    from tifa.corpus import open_catalogue
    from tifa.tracking.versions.chains import chain_records, find_chains
    from tifa.tracking.versions.relations import report_json

    dates = {
        "template_serbia": "2020-03-21",
        "template_cambodia": "2020-03-23",
        "template_kuwait": "2020-04-28",
        "hk_statement": "2019-11-20",
        "hk_briefing": "2019-11-20",
    }
    shutil.copy(XINHUA_2017, tmp_path)
    shutil.copy(XINHUA_2017, tmp_path / "copy.txt")
    corpus = archive(tmp_path, dates)  # an excerpt, template fills, a same_text copy
    catalogue = open_catalogue([str(tmp_path)], use_cache=False)
    report = corpus_relations(catalogue)
    assert report == corpus_relations(corpus)
    assert {p.relation for p in report.pairs} >= {"same_text", "excerpt", "reissued"}
    assert report_json(catalogue, report) == report_json(corpus, report)  # host spans opened
    chains = find_chains(catalogue, report)
    assert chains and chains == find_chains(corpus, report)
    assert chain_records(catalogue, chains) == chain_records(corpus, chains)


def test_a_catalogues_pair_search_is_kept_until_a_file_changes(tmp_path, monkeypatch):
    from tifa.corpus import open_catalogue
    from tifa.tracking.versions import dupes

    dates = {"template_serbia": "2020-03-21", "template_cambodia": "2020-03-23"}
    archive(tmp_path / "docs", dates)
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    first = corpus_relations(open_catalogue([str(tmp_path / "docs")]))
    assert [p.relation for p in first.pairs] == ["reissued"]

    def no_search(*args, **kwargs):
        raise AssertionError("searched again")

    with monkeypatch.context() as m:
        m.setattr(dupes, "find_pairs", no_search)
        again = corpus_relations(open_catalogue([str(tmp_path / "docs")]))
    assert again == first  # read back, not searched
    shutil.copy(
        tmp_path / "docs" / "template_serbia.txt", tmp_path / "docs" / "template_serbia_copy.txt"
    )
    grown = corpus_relations(open_catalogue([str(tmp_path / "docs")]))
    assert "same_text" in {p.relation for p in grown.pairs}  # a new file: searched again
    assert len(grown.pairs) == 3
