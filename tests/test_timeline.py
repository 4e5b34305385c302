"""Phrase timelines on the seeds and on small fixtures, their exports, and the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from tifa.corpus import load_corpus, voice_turns
from tifa.tracking.phrases.kwic import find_occurrences
from tifa.tracking.phrases.render import TABLES, render_timeline, timeline_record
from tifa.tracking.phrases.timeline import ROLES, phrase_timeline
from tifa.tui.cli.main import main


def counts(tl, phrase):
    return {y.year: y.count for y in tl.periods_of(phrase) if y.docs}


def test_every_year_has_a_row_and_the_counts_add_up(bundled):
    tl = phrase_timeline(bundled, ["多边主义", "双轨并进"])
    years = sorted({d.year for d in bundled})
    for term in tl.terms:
        rows = tl.periods_of(term.label)
        assert [r.year for r in rows] == list(range(years[0], years[-1] + 1))
        assert [r.period.key for r in rows] == [str(r.year) for r in rows]
        assert [r.year for r in rows if r.docs] == years
        occurrences = tl.occurrences_of(term.label)
        docs = [d for d in tl.documents if d.phrase == term.label]
        assert len(docs) == len(bundled)
        assert sum(r.count for r in rows) == sum(d.count for d in docs) == len(occurrences)
        for r in rows:
            voiced = [t for d in bundled if d.year == r.year for t in voice_turns(d)]
            assert r.chars == sum(t.end - t.start for t in voiced)
            if not r.docs:
                assert r.rate is None and r.count == 0
                continue
            assert r.rate == pytest.approx(r.count * 10_000 / r.chars)
            assert sum(r.by_role.values()) == sum(r.by_speaker.values()) == r.count
            assert set(r.by_role) == {"answer", "statement"} == set(tl.roles)
            assert r.docs_with == len({o.doc_id for o in occurrences if o.year == r.year})


def test_double_track_drops_out_in_2019_and_2021(bundled):
    tl = phrase_timeline(bundled, ["双轨并进"])
    found = counts(tl, "双轨并进")
    assert found[2017] > 0
    assert found[2024] > 0
    assert found[2019] == 0
    assert found[2021] == 0


def test_multilateralism_becomes_true_multilateralism(bundled):
    tl = phrase_timeline(bundled, ["多边主义", "真正的多边主义"])
    assert all(n > 0 for n in counts(tl, "多边主义").values())
    true = counts(tl, "真正的多边主义")
    assert true[2021] > 0
    assert true[2024] > 0
    assert true[2017] == 0
    assert true[2019] == 0
    # separate phrases count separately: each 真正的多边主义 is also a 多边主义
    assert all(counts(tl, "多边主义")[y] >= n for y, n in true.items())


def test_aliases_count_together(bundled):
    alone = phrase_timeline(bundled, ["一个中国原则", "一中原则"])
    together = phrase_timeline(bundled, ["一个中国原则"], aliases=["一中原则"])
    assert len(together.terms) == 1
    assert together.terms[0].variants == ("一个中国原则", "一中原则")
    for year, n in counts(together, "一个中国原则").items():
        assert n == counts(alone, "一个中国原则")[year] + counts(alone, "一中原则")[year]
    assert counts(alone, "一中原则")[2024] > 0


def test_the_official_voice_unless_other_turns_are_asked_for(bundled):
    official = phrase_timeline(bundled, ["多边主义"])
    every = phrase_timeline(bundled, ["多边主义"], roles="all")
    assert official.roles == ("answer", "statement") and every.roles == ROLES
    assert {o.role for o in official.occurrences} == {"answer"}
    assert set(every.occurrences) > set(official.occurrences)
    assert {o.role for o in every.occurrences} == {"answer", "question"}
    asked = phrase_timeline(bundled, ["多边主义"], roles=["question"])
    assert len(asked.occurrences) + len(official.occurrences) == len(every.occurrences)
    assert all(r.by_role == {"question": r.count} for r in asked.periods)
    with pytest.raises(ValueError, match="unknown role"):
        phrase_timeline(bundled, ["多边主义"], roles="answers")


def test_who_says_it(bundled):
    tl = phrase_timeline(bundled, ["多边主义"], roles="all")
    questions = [o for o in tl.occurrences if o.role == "question"]
    assert questions
    assert all(o.outlet for o in questions)
    row = next(r for r in tl.periods_of("多边主义") if r.by_role["question"])
    assert row.by_role["question"] == sum(1 for o in questions if o.year == row.year)
    assert any(speaker.endswith("记者") for speaker in row.by_speaker)


def test_unknown_year_is_a_row_of_its_own(tmp_path):
    body = "王毅：我们坚持多边主义，反对单边主义和保护主义，维护以联合国为核心的国际体系。"
    (tmp_path / "a.txt").write_text(f"2019年3月8日，外交部长举行记者会。\n{body}", "utf-8")
    (tmp_path / "b.txt").write_text(body, "utf-8")
    corpus = load_corpus([str(tmp_path)])
    rows = phrase_timeline(corpus, ["多边主义"]).periods
    assert [(r.period.key, r.count) for r in rows] == [("2019", 1), (None, 1)]
    assert "undated" in render_timeline(phrase_timeline(corpus, ["多边主义"]), "text")


def test_exports_cite_every_occurrence(bundled):
    tl = phrase_timeline(bundled, ["一个中国原则"], aliases=["一中原则"], fuzzy=90)
    raw = {d.id: d.raw for d in bundled}
    rows = list(csv.DictReader(io.StringIO(render_timeline(tl, "csv"))))
    assert len(rows) == len(tl.occurrences) > 0
    for row in rows:
        assert row["doc_id"]
        assert row["year"]
        assert row["period"] == row["year"]
        assert row["turn"]
        assert raw[row["doc_id"]][int(row["raw_start"]) : int(row["raw_end"])] == row["match"]
    record = json.loads(render_timeline(tl, "json"))
    assert list(record) == [
        "roles",
        "by",
        "since",
        "until",
        "left_out",
        "phrases",
        "periods",
        "years",
        "documents",
        "occurrences",
    ]
    assert record["years"] == record["periods"] and record["by"] == "year"
    assert record == json.loads(json.dumps(timeline_record(tl)))
    assert record["phrases"][0]["variants"] == ["一个中国原则", "一中原则"]
    assert record["phrases"][0]["fuzzy"] == 90
    sizes = {
        "periods": len(tl.periods),
        "years": len(tl.periods),
        "documents": len(tl.documents),
        "occurrences": len(tl.occurrences),
    }
    for table in (*TABLES, "years"):
        assert len(render_timeline(tl, "csv", table).splitlines()) == 1 + sizes[table]


def test_markdown_has_a_chart_per_year(bundled):
    tl = phrase_timeline(bundled, ["双轨并进"])
    md = render_timeline(tl, "md")
    year_lines = [line for line in md.splitlines() if line.startswith(("| 2017", "| 2019"))]
    assert "█" in year_lines[0]
    assert "█" not in year_lines[1]
    assert md.count("| 00") == 2 * len(tl.occurrences)  # per-document and occurrence rows


def test_a_phrase_is_text_in_a_markdown_heading(bundled):
    """The phrase asked for heads its section: ``<b>``, ``*`` and ``[…](…)`` typed in it are
    shown as typed, not read as Markdown or HTML."""
    tl = phrase_timeline(bundled, ["多边主义<b>*[x](http://x.cn)"])
    (heading,) = [line for line in render_timeline(tl, "md").splitlines() if line[:3] == "## "]
    assert "<b>" not in heading and "\\<b\\>" in heading and "\\[x\\]" in heading


def test_text_is_inert(tmp_path):
    (tmp_path / "x.txt").write_text(
        "2021年3月7日，外交部长举行记者会，回答中外记者提问。\n"
        "王毅：[bold]多边主义[/bold]是[@click=app.quit]正确方向[/]，我们坚持真正的多边主义。",
        "utf-8",
    )
    corpus = load_corpus([str(tmp_path)])
    text = render_timeline(phrase_timeline(corpus, ["多边主义"]), "text")
    assert "[bold]" in text
    assert "\x1b" not in text


# --- CLI --------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_timeline_formats():
    result = run("timeline", "一个中国原则", "--alias", "一中原则", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["phrases"][0]["count"] == len(data["occurrences"]) > 0
    assert result.stderr == ""
    text = run("timeline", "双轨并进", "多边主义", "--alias", "多边主义=真正的多边主义")
    assert text.exit_code == 0
    assert "█" in text.stdout
    assert "双轨并进" in text.stdout
    assert "多边主义" in text.stdout


def test_cli_search_kwic_lines():
    result = run("search", "双轨并进", "--context", "5")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(find_occurrences(load_corpus(), ["双轨并进"]))
    assert all("双轨并进" in line and "王毅" in line for line in lines)
    rows = list(csv.DictReader(io.StringIO(run("search", "双轨并进", "--format", "csv").stdout)))
    assert [r["match"] for r in rows] == ["双轨并进"] * len(lines)


def test_cli_zero_matches_is_success():
    result = run("search", "不存在的提法")
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(
    "args",
    [
        ("search", ""),
        ("search", "   "),
        ("timeline", "多边主义", "--alias", ""),
        ("timeline", "多边主义", "--alias", "单边主义=多边"),
    ],
)
def test_cli_bad_phrase(args):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_cli_output_file_is_written_whole_or_not_at_all(tmp_path):
    target = tmp_path / "timeline.md"
    result = run("timeline", "多边主义", "--format", "md", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text("utf-8").startswith("# Phrase timeline")
    bad = tmp_path / "missing" / "t.csv"
    result = run("timeline", "多边主义", "--format", "csv", "-o", str(bad))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert not bad.parent.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["timeline.md"]


# --- periods ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """Three briefings of 2019 on known days, one of 2019 known only by its year."""
    folder = tmp_path_factory.mktemp("dated")
    body = "答：我们坚持一个中国原则。台湾是中国的一部分。"
    for name, head in (
        ("a.txt", "2019年1月15日外交部发言人陆慷主持例行记者会"),
        ("b.txt", "2019年1月30日外交部发言人陆慷主持例行记者会"),
        ("c.txt", "2019年5月6日外交部发言人耿爽主持例行记者会"),
        ("d.txt", "外交部发言人耿爽主持例行记者会"),
    ):
        (folder / name).write_text(f"{head}\n\n{body}\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '["d.txt"]\nyear = 2019\n\n["a.txt"]\nyear = 2019\ndate = "2019-01-15"\n\n'
        '["b.txt"]\nyear = 2019\ndate = "2019-01-30"\n\n'
        '["c.txt"]\nyear = 2019\ndate = "2019-05-06"\n',
        encoding="utf-8",
    )
    return folder


def test_months_of_a_timeline_and_the_year_only_row(dated):
    corpus = load_corpus([str(dated)])
    tl = phrase_timeline(corpus, ["一个中国原则"], by="month")
    rows = [(r.period.shown("month"), r.docs, r.count) for r in tl.periods]
    assert rows == [
        ("2019-01", 2, 2),
        ("2019-02", 0, 0),
        ("2019-03", 0, 0),
        ("2019-04", 0, 0),
        ("2019-05", 1, 1),
        ("2019 (year only)", 1, 1),
    ]
    record = timeline_record(tl)
    assert record["by"] == "month" and "years" not in record
    assert [p["period"] for p in record["periods"]] == [
        "2019-01",
        "2019-02",
        "2019-03",
        "2019-04",
        "2019-05",
        "2019",
    ]
    assert record["periods"][1]["rate_per_10k"] is None
    assert {o["period"] for o in record["occurrences"]} == {"2019-01", "2019-05", "2019"}


def test_cli_by_quarter_since_until(dated):
    result = run(
        "timeline",
        "台湾",
        "--corpus",
        str(dated),
        "--by",
        "quarter",
        "--since",
        "2019-Q1",
        "--until",
        "2019-03",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [p["period"] for p in data["periods"]] == ["2019-Q1"]
    assert data["since"] == "2019-01-01" and data["until"] == "2019-03-31"
    assert data["left_out"] == {
        "undated": [],
        "imprecise": ["d"],
        "out_of_range": ["c"],
        "coarse": [],
    }
    bad = run("timeline", "台湾", "--until", "2019-02-30")
    assert bad.exit_code == 2 and bad.stderr.startswith("tifa: --until '2019-02-30': not a date")
    bad = run("timeline", "台湾", "--since", "2020", "--until", "2019")
    assert bad.exit_code == 2 and bad.stderr == "tifa: --since 2020 is after --until 2019\n"
    bad = run("changes", "taiwan", "--by", "week")
    assert bad.exit_code == 2


def test_timelines_on_the_same_rows_bin_them_once(tmp_path, monkeypatch):
    """A catalogue opened again on the same corpus has the same rows (as in the daemon):
    the binning is the last one, and a timeline is the same as with a fresh binning."""
    from tifa.corpus import open_catalogue
    from tifa.tracking.periods import bin_documents, date_range

    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path))
    open_catalogue().close()  # the index, and the snapshot of its rows
    first, again = open_catalogue(), open_catalogue()
    try:
        assert first.rows is again.rows
        one = phrase_timeline(first, ["改革开放"])
        two = phrase_timeline(again, ["改革开放"])
        assert two.binning is one.binning
        assert two.binning == bin_documents(again.rows)
        assert two.periods == one.periods
        since = phrase_timeline(again, ["改革开放"], span=date_range("2019", None))
        assert since.binning is not one.binning
        assert since.binning == bin_documents(again.rows, "year", date_range("2019", None))
        copied = phrase_timeline(load_corpus(), ["改革开放"])
        assert copied.binning is not since.binning
        assert copied.periods == one.periods
    finally:
        first.close()
        again.close()
