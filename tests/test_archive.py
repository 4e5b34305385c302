"""Dates, speakers, genres and the official voice on excerpts cut from real archives.

The fixtures (``tests/fixtures/archive``, see its README) are named without dates, so each
test decides whether a file name is a clue by copying the excerpt under a dated name.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tifa.corpus import load_corpus, load_file
from tifa.corpus.cache import decode_body, encode_body
from tifa.corpus.columns import flatten, unflatten
from tifa.corpus.dates import path_clues, resolve
from tifa.corpus.model import DateClue
from tifa.corpus.parse import tokenise_document
from tifa.corpus.voice import parse_roles, voice_turns
from tifa.tracking.versions.diff import diff_documents
from tifa.tui.cli.main import main

ARCHIVE = Path(__file__).parent / "fixtures" / "archive"


def fixture(name: str, tmp_path: Path | None = None, as_name: str | None = None):
    """The excerpt parsed as is, or copied to ``tmp_path / as_name`` (a file name clue)."""
    path = ARCHIVE / name
    if as_name and tmp_path:
        path = Path(shutil.copy(path, tmp_path / as_name))
    return load_file(path, use_cache=False)


def text_of(doc, turn) -> str:
    return doc.text[turn.start : turn.end]


# --- dates -----------------------------------------------------------------------------


def test_a_dated_title_wins_over_years_in_the_body():
    doc = fixture("briefing_body_years.txt")  # the body cites 1997 and 1998
    meta = doc.metadata
    assert (meta.year, meta.date, meta.date_status) == (2016, "2016-11-15", "known")
    assert meta.sources["year"] == meta.sources["date"] == "title"
    (clue,) = meta.clues
    start, end = doc.raw_span(clue.start, clue.end)
    assert doc.raw[start:end] == clue.evidence == "2016年11月15日"


def test_month_and_day_in_the_title_with_the_year_from_the_file_name(tmp_path):
    alone = fixture("statement_month_day.txt")
    assert (alone.year, alone.date, alone.metadata.date_status) == (None, None, "missing")
    named = fixture("statement_month_day.txt", tmp_path, "2018-02-16_fmprc-t1535833.txt")
    meta = named.metadata
    assert (meta.year, meta.date, meta.date_status) == (2018, "2018-02-15", "disputed")
    assert (meta.sources["year"], meta.sources["date"]) == ("filename", "title")
    (conflict,) = meta.date_conflicts
    assert (conflict.source, conflict.iso) == ("filename", "2018-02-16")


def test_a_page_without_a_date_is_unknown_until_its_file_name_says(tmp_path):
    assert fixture("statement_talk.txt").metadata.date_status == "missing"
    meta = fixture("statement_talk.txt", tmp_path, "20180427_talk.txt").metadata
    assert (meta.year, meta.date, meta.sources["year"], meta.date_status) == (
        2018,
        "2018-04-27",
        "filename",
        "known",
    )


def test_an_anniversary_is_weak_and_never_disputes(tmp_path):
    alone = fixture("statement_anniversary.txt")  # "2019年，中美将迎来建交40周年" is to come
    assert (alone.year, alone.metadata.date_status) == (2019, "weak")
    named = fixture("statement_anniversary.txt", tmp_path, "2018-12-30_x.txt").metadata
    assert (named.year, named.date, named.date_status) == (2018, "2018-12-30", "known")
    assert named.date_conflicts == ()


def test_heading_dateline_and_session_of_delivery():
    meta = fixture("report_heading.txt").metadata
    assert (meta.year, meta.date, meta.sources["date"]) == (2017, "2017-10-18", "heading")
    assert {c.source for c in meta.clues} == {"heading", "session"}
    assert all(c.year == 2017 for c in meta.clues)


def test_session_in_the_title_not_a_chinese_numeral_date_in_the_body():
    doc = fixture("report_numeral_dates.txt")  # the body opens a section with 一九六九年四月一日
    assert (doc.year, doc.metadata.sources["year"], doc.metadata.date_status) == (
        1973,
        "session",
        "known",
    )
    assert "\n关于九大路线\n" in doc.text  # a section title is not glued to its first line


def test_chinese_numeral_dateline_in_a_work_report_heading():
    meta = fixture("synthetic_gwr_1954.txt").metadata
    assert (meta.year, meta.date, meta.sources["date"]) == (1954, "1954-09-23", "heading")
    assert (meta.genre, meta.speaker) == ("report", "周恩来")


def test_a_session_the_text_only_mentions_is_no_clue():
    # "去年召开的第五届全国人民代表大会第三次会议以来" is 1980's session, mentioned in 1981.
    meta = fixture("synthetic_gwr_1981.txt").metadata
    assert (meta.year, meta.sources["year"]) == (1981, "title")
    assert [c.source for c in meta.clues] == ["title"]
    # "十一届全国人大一次会议以来的五年" reviews 2008-2013; the heading's session is 2013's.
    review = fixture("synthetic_gwr_review.txt").metadata
    assert (review.year, review.sources["year"], review.speaker) == (2013, "session", "温家宝")


@pytest.mark.parametrize(
    ("path", "clue"),
    [
        ("a/2017-03-27_fmprc-t1449007.txt", (2017, 3, 27)),
        ("a/fmprc_20170327.txt", (2017, 3, 27)),
        ("a/2017年3月27日外交部发言人答记者问.txt", (2017, 3, 27)),
        ("a/1921_cpc01_report_00.txt", (1921, None, None)),
        ("archive/2019/03/briefing.txt", (2019, 3, None)),
        ("archive/2019/briefing.txt", (2019, None, None)),
        ("mfa_fmprc_2020scrape/t1449007.txt", None),
        ("a/report_1449007.txt", None),
    ],
)
def test_file_name_and_folder_conventions(path: str, clue):
    found = path_clues(path)
    if clue is None:
        assert found == ()
    else:
        assert [(c.year, c.month, c.day) for c in found] == [clue]
        assert found[0].source == "filename"


def test_a_session_across_new_year_dates_a_january_day_in_the_later_year():
    session = DateClue(
        "session",
        1964,
        None,
        None,
        "第三届全国人民代表大会第一次会议",
        0,
        16,
        "1964-12-21",
        "1965-01-04",
    )
    day = DateClue("dateline", None, 1, 4, "1月4日，", 20, 25)
    resolved = resolve((session, day))
    assert (resolved.year, resolved.date, resolved.status) == (1965, "1965-01-04", "known")


# --- speakers, genres, the official voice ------------------------------------------------


def test_the_title_names_who_answers_and_who_announces():
    doc = fixture("briefing_announcement.txt")
    assert (doc.metadata.genre, doc.metadata.speaker) == ("press_conference", "耿爽")
    title, announcement, question, answer = doc.turns[:4]
    assert (title.role, text_of(doc, title)) == (
        "narration",
        "2017年1月3日外交部发言人耿爽主持例行记者会",
    )
    assert (announcement.role, announcement.speaker) == ("statement", "耿爽")
    assert text_of(doc, announcement).startswith("应马达加斯加共和国外长")
    assert (question.role, question.label) == ("question", "问")
    assert (answer.role, answer.label, answer.speaker) == ("answer", "答", "耿爽")


def test_a_follow_up_question_and_its_unlabelled_answer():
    doc = fixture("briefing_follow_up.txt")
    follow = next(t for t in doc.turns if t.label == "追问")
    reply = doc.turns[follow.index + 1]
    assert follow.role == "question" and text_of(doc, follow).endswith("你对此有何评论？")
    assert (reply.role, reply.label, reply.speaker) == ("answer", "", "耿爽")
    assert text_of(doc, reply).startswith("正如我刚才所说")


def test_a_statement_is_its_spokespersons():
    doc = fixture("statement_talk.txt")
    assert (doc.metadata.genre, doc.metadata.speaker) == ("statement", "陆慷")
    title, body = doc.turns
    assert title.role == "narration" and "发表谈话" in text_of(doc, title)
    assert (body.role, body.speaker) == ("statement", "陆慷")


def test_an_announcement_label_is_a_statement():
    doc = fixture("announcement.txt")
    assert (doc.metadata.genre, doc.metadata.speaker) == ("statement", "赵立坚")
    said = doc.turns[1]
    assert (said.role, said.label, said.speaker) == (
        "statement",
        "外交部发言人赵立坚宣布",
        "赵立坚",
    )


def test_an_unnamed_spokesperson_stays_unnamed():
    doc = fixture("statement_undated.txt")
    assert (doc.metadata.genre, doc.metadata.speaker) == ("statement", None)
    assert [t.speaker for t in doc.turns if t.role == "answer"] == ["答"]


def test_a_report_is_one_voice_after_its_heading():
    doc = fixture("report_heading.txt")
    assert (doc.metadata.genre, doc.metadata.speaker) == ("report", "习近平")
    heading, body = doc.turns
    assert heading.role == "narration"
    for line in ("——在中国共产党第十九次全国代表大会上的报告", "（2017年10月18日）", "习近平"):
        assert line in text_of(doc, heading)  # kept: not running heads, not joined
    assert "page_headers" not in doc.repairs
    assert (body.role, body.speaker) == ("statement", "习近平")
    assert text_of(doc, body).startswith("同志们：")


def test_voice_turns_reads_the_official_voice_and_roles_on_request():
    doc = fixture("briefing_announcement.txt")
    official = voice_turns(doc)
    assert [t.role for t in official][:2] == ["statement", "answer"]
    assert all(t.role in ("answer", "statement") for t in official)
    questions = voice_turns(doc, ["question"])
    assert questions and all(t.role == "question" for t in questions)
    assert len(voice_turns(doc, "all")) == len(doc.turns)
    assert voice_turns(doc, "official,question") == tuple(
        t for t in doc.turns if t.role in ("answer", "statement", "question")
    )
    with pytest.raises(ValueError, match="unknown role 'answers'"):
        parse_roles("answers")


# --- round trips and the command line -----------------------------------------------------


def test_new_fields_survive_columns_and_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    doc = fixture("statement_month_day.txt", tmp_path, "2018-02-16_x.txt")
    assert doc.metadata.date_conflicts and doc.metadata.clues
    assert unflatten(flatten(doc)) == doc
    cached = decode_body(encode_body(doc), doc.sha256)
    assert cached.metadata == doc.metadata
    assert [t.role for t in cached.turns] == [t.role for t in doc.turns]
    indexed = load_file(Path(doc.path))  # parsed into the index, then read back from it
    assert load_file(Path(doc.path)) == indexed
    assert indexed.metadata == doc.metadata


def test_corpus_lists_disputed_and_missing_dates(tmp_path):
    shutil.copy(ARCHIVE / "statement_month_day.txt", tmp_path / "2018-02-16_x.txt")
    shutil.copy(ARCHIVE / "statement_talk.txt", tmp_path / "talk.txt")
    shutil.copy(ARCHIVE / "briefing_body_years.txt", tmp_path / "briefing.txt")
    run = CliRunner().invoke
    disputed = run(
        main, ["corpus", "--corpus", str(tmp_path), "--dates", "disputed", "--format", "json"]
    )
    assert disputed.exit_code == 0, disputed.output
    (record,) = json.loads(disputed.stdout)
    assert (record["id"], record["date_status"], record["genre"]) == (
        "2018-02-16_x",
        "disputed",
        "statement",
    )
    assert record["date_conflicts"][0]["source"] == "filename"
    title_clue = next(c for c in record["date_clues"] if c["source"] == "title")
    raw = (tmp_path / "2018-02-16_x.txt").read_text(encoding="utf-8")
    assert raw[title_clue["start"] : title_clue["end"]] == "2月15日"
    missing = run(main, ["corpus", "--corpus", str(tmp_path), "--dates", "missing"]).stdout
    assert "talk" in missing and "briefing" not in missing
    csv_out = run(
        main, ["corpus", "--corpus", str(tmp_path), "--format", "csv", "--genre", "statement"]
    )
    lines = csv_out.stdout.splitlines()
    assert "date_status,date_conflicts,genre,speaker" in lines[0]
    assert len(lines) == 3 and "filename 2018-02-16 (2018-02-16_x.txt)" in csv_out.stdout
    shown = run(main, ["show", "2018-02-16_x", "--corpus", str(tmp_path)]).stdout
    assert "genre statement  speaker 耿爽" in shown
    assert "date disputed by: filename 2018-02-16" in shown
    assert "answer 答 (耿爽)" in shown
    bad = run(main, ["corpus", "--corpus", str(tmp_path), "--dates", "wrong"])
    assert bad.exit_code == 2


def test_congress_reports_years_and_genres():
    """On ../shared/real's congress reports (skipped if absent): every year is the one the
    file name gives, read from the text as well (a session of delivery)."""
    real = Path(__file__).resolve().parent.parent.parent / "shared" / "real"
    if not real.is_dir():
        pytest.skip("../shared/real is not here")
    corpus = load_corpus([str(real / "cpc_congress_reports_wikisource")])
    for doc in corpus:
        assert doc.year == int(Path(doc.path).name[:4]), doc.id
        assert doc.metadata.date_status == "known", doc.id
        assert any(c.source == "session" for c in doc.metadata.clues), doc.id
        assert doc.metadata.genre in ("report", "other")


def test_two_copies_of_a_statement_align():
    doc = tokenise_document(fixture("statement_talk.txt"))
    rows = diff_documents(doc, doc).rows
    assert [(r.kind, r.role) for r in rows] == [("matched", "narration"), ("matched", "statement")]
