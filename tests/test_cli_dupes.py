"""`tifa dupes` and `tifa diff` on related documents: formats, filters, chains, the bounded
crowd, excerpt windows, and errors."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from benchmarks.synth import generate
from tifa.tui.cli import dupes_cmds
from tifa.tui.cli.main import main

from helpers import PD_2024, XINHUA_2019, relation_archive, run_python


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_text_json_csv_of_the_bundled_pair(tmp_path):
    text = run("dupes")
    assert text.exit_code == 0, text.output
    [line] = text.stdout.splitlines()
    assert line.startswith("000_47b88e4171794380  ↔  001_ed59d1e97501d117  versions")
    assert line.endswith("(69% alike in order; the same day)")
    data = json.loads(run("dupes", "--format", "json").stdout)
    [pair] = data["pairs"]
    assert pair["relation"] == "versions"
    assert pair["a_date"] == pair["b_date"] == "2017-03-08"
    assert pair["date_gap_days"] == 0
    assert pair["host"] is None
    assert data["groups"] == [
        {
            "documents": [pair["a"], pair["b"]],
            "pairs": 1,
            "relations": {"versions": 1},
            "crowded": False,
        }
    ]
    assert data["limits"]["max_partners"] == 12
    csv_lines = run("dupes", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("a,b,relation,similarity,containment_a_in_b")
    assert len(csv_lines) == 2
    out = tmp_path / "pairs.json"
    written = run("dupes", "--format", "json", "-o", str(out))
    assert written.exit_code == 0
    assert written.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == data


def test_relations_filter_and_the_excerpt_host(tmp_path):
    relation_archive(tmp_path, {"hk_statement": "2019-11-20", "hk_briefing": "2019-11-20"})
    data = json.loads(run("dupes", "--corpus", str(tmp_path), "--format", "json").stdout)
    [pair] = data["pairs"]
    assert pair["relation"] == "excerpt"
    assert pair["host"] == "hk_briefing"
    start, end = pair["host_span"]
    raw = (tmp_path / "hk_briefing.txt").read_text(encoding="utf-8")
    printed = raw[start:end]  # raw-file offsets of the host
    # The answer's words, not the question's that echo the statement's title.
    assert printed.startswith("11月19日，美国国会参议院审议通过")
    only = run("dupes", "--corpus", str(tmp_path), "--relation", "reissued")
    assert only.exit_code == 0
    assert "no related pairs" in only.stdout


def test_a_pair_line_says_the_gap_once_in_words(tmp_path):
    relation_archive(
        tmp_path,
        {
            "template_serbia": "2020-03-21",
            "template_cambodia": "2020-03-22",
            "template_kuwait": "2020-04-28",
        },
    )
    lines = run("dupes", "--corpus", str(tmp_path)).stdout.splitlines()
    gaps = {line.split()[0] + " " + line.split()[2]: line for line in lines}
    assert gaps["template_cambodia template_serbia"].endswith("; 1 day apart)")
    reissued = gaps["template_cambodia template_kuwait"]
    assert reissued.endswith(", issued 37 days apart)")
    assert reissued.count("apart") == 1


def test_chains_text_and_json(tmp_path):
    dates = {
        "template_serbia": "2020-03-21",
        "template_cambodia": "2020-03-23",
        "template_kuwait": "2020-04-28",
    }
    relation_archive(tmp_path, dates)
    text = run("dupes", "--corpus", str(tmp_path), "--chains")
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0] == "chain 1: 3 issues, 2020-03-21 … 2020-04-28"
    assert lines[1].split()[:2] == ["2020-03-21", "template_serbia"]
    assert "[-塞尔维亚-][+柬埔寨+]" in lines[2]
    assert "2 days later" in lines[2]
    data = json.loads(
        run("dupes", "--corpus", str(tmp_path), "--chains", "--format", "json").stdout
    )
    [chain] = data["chains"]
    assert [i["documents"] for i in chain["issues"]] == [
        ["template_serbia"],
        ["template_cambodia"],
        ["template_kuwait"],
    ]
    assert {"a", "b", "relation", "similarity", "date_gap_days", "changes"} <= chain["steps"][
        0
    ].keys()
    csv_lines = run("dupes", "--corpus", str(tmp_path), "--chains", "--format", "csv").stdout
    assert csv_lines.splitlines()[0].startswith("chain,step,a,b,")
    none = run("dupes", "--chains")
    assert "no chains of reissued statements among 5 documents" in none.stdout


def test_a_crowd_is_bounded_and_named(tmp_path, monkeypatch):
    """Thirty excerpts of one text overlap one another: each lists its strongest partners,
    stderr says so, and text output shows the group once."""
    text = "".join(generate(3, seed=9).texts)
    for n in range(30):
        start = n * (len(text) - 3000) // 30
        (tmp_path / f"part{n:02d}.txt").write_text(text[start : start + 3000], encoding="utf-8")
    monkeypatch.setattr(dupes_cmds, "GROUP_PAIRS", 10)
    result = run("dupes", "--corpus", str(tmp_path), "--max-partners", "3")
    assert result.exit_code == 0, result.output
    assert "only each one's strongest pairs are listed" in result.stderr
    assert "--max-partners N" in result.stderr
    [line] = [x for x in result.stdout.splitlines() if x.startswith("group")]
    assert line.startswith("group 1: 30 documents that overlap one another")
    data = json.loads(
        run("dupes", "--corpus", str(tmp_path), "--max-partners", "3", "--format", "json").stdout
    )
    assert len(data["pairs"]) <= 30 * 3
    assert len(data["crowded"]) > 0


def test_no_pairs_and_errors(tmp_path):
    folder = tmp_path / "years"
    folder.mkdir()
    for path in (XINHUA_2019, PD_2024):
        shutil.copy(path, folder / path.name)
    none = run("dupes", "--corpus", str(folder), "--format", "json")
    assert none.exit_code == 0
    assert json.loads(none.stdout)["pairs"] == []
    people = run("dupes", "--corpus", str(folder))
    assert people.exit_code == 0
    assert "no related pairs among 2 documents" in people.stdout
    missing = run("dupes", "--corpus", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2
    assert missing.stdout == ""
    for bad in (
        ["--min-shared", "1.5"],
        ["--min-shared", "nan"],
        ["--max-partners", "-1"],
        ["--relation", "cousins"],
    ):
        result = run("dupes", *bad)
        assert result.exit_code == 2, bad
        assert "Traceback" not in result.output
    unwritable = run("dupes", "-o", str(tmp_path / "no" / "dir.json"))
    assert unwritable.exit_code == 2
    assert "does not exist" in unwritable.stderr


def test_diff_of_an_excerpt_compares_the_span_of_its_host(tmp_path):
    relation_archive(tmp_path, {"hk_statement": "2019-11-20", "hk_briefing": "2019-11-20"})
    args = ["diff", "hk_statement", "hk_briefing", "--corpus", str(tmp_path)]
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "hk_statement is 99% inside hk_briefing (excerpt)" in result.stderr
    data = json.loads(result.stdout)
    start, end = data["windows"]["b"]
    assert data["windows"]["a"][0] == 0
    raw = (tmp_path / "hk_briefing.txt").read_text(encoding="utf-8")
    assert raw[start:end].startswith("11月19日，美国国会参议院审议通过")
    assert data["summary"]["identical"] > 0.9  # the statement against its span, not the briefing
    text = run(*args).stdout
    assert text.splitlines()[2].startswith(f"compared: A 0–775 of 778, B {start}–{end} of")
    whole = run(*args, "--whole", "--format", "json")
    assert "windows" not in json.loads(whole.stdout)
    assert whole.stderr == ""
    assert json.loads(whole.stdout)["summary"]["identical"] < 0.6


def test_diff_of_two_versions_has_no_windows():
    data = json.loads(run("diff", "000", "001", "--format", "json").stdout)
    assert "windows" not in data
    assert list(data) == ["a", "b", "summary", "rows"]


def test_a_diff_of_two_versions_never_imports_numpy(bundled_tokens):
    """Deciding whether one text is an excerpt of the other needs numpy only when their
    lengths allow it: the 2017 pair (0.77 of each other) is diffed whole without it."""
    code = (
        "import os, sys\nfrom tifa.tui.cli.main import main\n"
        "main(['diff', '000', '001', '-o', os.devnull], standalone_mode=False)\n"
        "print('numpy' in sys.modules)"
    )
    assert run_python(code).stdout.strip() == "False"
