"""`tifa corpus` and `tifa show`: stdout, stderr and exit codes checked separately."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from tifa.tui.cli.main import main

from helpers import SEEDS, XINHUA_2017


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_corpus_json_lists_the_five_documents():
    result = run("corpus", "--format", "json")
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert [d["year"] for d in docs] == [2017, 2017, 2024, 2019, 2021]
    required = {
        "id",
        "path",
        "title",
        "year",
        "date",
        "edition",
        "script",
        "encoding",
        "chars",
        "turns",
        "questions",
        "metadata_source",
        "repairs",
    }
    assert required <= set(docs[0])
    assert docs[1]["questions"] == 21
    assert docs[0]["questions"] == 20
    assert docs[4]["repairs"]["cjk_spaces"] > 100


def test_corpus_without_manifest_names_how_years_were_found(tmp_path):
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / seed.name)
    docs = json.loads(run("corpus", "--corpus", str(tmp_path), "--format", "json").stdout)
    assert [d["year"] for d in docs] == [2017, 2017, 2024, 2019, 2021]
    assert docs[2]["metadata_source"]["year"] == "anniversary"


def test_corpus_text_and_csv():
    text = run("corpus").stdout
    assert "000_47b88e4171794380" in text
    assert "2024" in text
    csv_out = run("corpus", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,path,title,year")
    assert len(csv_out) == 6


def test_show_prints_turns_with_raw_offsets():
    result = run("show", "001", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    host = doc["turns"][1]
    assert host["role"] == "host"
    assert host["speaker"] == "何绍仁"
    raw = (SEEDS[1]).read_text(encoding="utf-8")
    assert raw[host["start"] : host["end"]] == host["text"]
    text = run("show", "000").stdout
    assert "《人民日报》记者" in text


def test_unreadable_named_file_exits_2_with_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("corpus", "--corpus", str(empty))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "empty.txt" in result.stderr
    assert "empty file" in result.stderr


def test_bad_file_in_folder_is_a_warning(tmp_path):
    shutil.copy(XINHUA_2017, tmp_path / "ok.txt")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    result = run("corpus", "--corpus", str(tmp_path), "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 1
    assert "bad.txt" in result.stderr
    assert "warning" in result.stderr


def test_a_copy_of_a_bad_file_has_its_reason(tmp_path):
    """Two empty files, two copies of one binary file: each is skipped for what it holds
    (its content is read once, for the first), none as "changed while being read"."""
    shutil.copy(XINHUA_2017, tmp_path / "ok.txt")
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_bytes(b"")
    for name in ("g1.txt", "g2.txt"):
        (tmp_path / name).write_bytes(b"\x00\x01\x02" * 50)
    for _ in range(2):  # parsed, then from the index
        result = run("corpus", "--corpus", str(tmp_path), "--format", "json")
        assert result.exit_code == 0 and len(json.loads(result.stdout)) == 1
        said = dict(line.rsplit(": ", 1) for line in result.stderr.splitlines())
        reasons = {path.rsplit("/", 1)[1]: why for path, why in said.items()}
        assert reasons == {
            "g1.txt": "binary file, not text (skipped)",
            "g2.txt": "binary file, not text (skipped)",
            "one.txt": "empty file (skipped)",
            "two.txt": "empty file (skipped)",
        }


def test_unknown_document_exits_2():
    result = run("show", "nope")
    assert result.exit_code == 2
    assert "nope" in result.stderr


def test_output_file_is_written_atomically(tmp_path):
    target = tmp_path / "corpus.json"
    result = run("corpus", "--format", "json", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 5
    assert list(tmp_path.iterdir()) == [target]
    bad = run("corpus", "-o", str(tmp_path / "missing" / "x.txt"))
    assert bad.exit_code == 2
    assert "does not exist" in bad.stderr
