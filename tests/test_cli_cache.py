"""`tifa cache` and `tifa cache clear`: the parts of a real cache folder, made by commands
on the seeds, and what clearing leaves."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tifa.tracking.cachefolder import PARTS, cache_parts, clear_parts
from tifa.tui.cli.main import main

from helpers import SEEDS


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A cache folder of its own, filled by a families command on the seeds (index, words,
    a kept report and the events)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("TIFA_CACHE_DIR", str(cache))
    result = run("families", "taiwan", "--format", "json")
    assert result.exit_code == 0, result.output
    return cache


def parts(*args: str) -> dict[str, dict]:
    result = run("cache", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {p["part"]: p for p in json.loads(result.stdout)["parts"]}


def test_the_parts_say_what_the_commands_kept(folder):
    found = parts()
    assert list(found) == list(PARTS)
    index = found["index"]
    assert index["paths"][0] == str(folder / "index.v2.sqlite")
    # the five seeds parsed; words found for those that name Taiwan (all five do)
    assert index["holds"] == "5 documents parsed, 5 with their words"
    assert index["bytes"] == sum((folder / p).stat().st_size for p in map(str, index["paths"]))
    families = found["families"]
    entries = list((folder / "families").glob("*.pickle"))
    assert len(entries) == 2  # the report and the corpus's events
    assert families["holds"].startswith("2 entries (family reports and corpus events)")
    assert families["bytes"] == sum(p.stat().st_size for p in entries)
    # each entry says what it is, the latest used first
    abouts = [e["about"] for e in families["entries"]]
    data = str(Path(SEEDS[0]).parent)
    assert sorted(abouts) == [
        f"events of {data}",
        f"taiwan (by year, answer, statement) over {data}",
    ]
    assert found["older"] == {"part": "older", "bytes": 0, "holds": "nothing", "paths": []}


def test_clearing_the_families_keeps_the_index_and_the_next_run_says_the_same(folder):
    before = run("families", "taiwan", "--format", "json").stdout
    result = run("cache", "clear", "families")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("tifa: cleared families: ")
    assert not (folder / "families").exists()
    assert parts()["index"]["holds"] == "5 documents parsed, 5 with their words"
    assert run("families", "taiwan", "--format", "json").stdout == before
    assert len(list((folder / "families").glob("*.pickle"))) == 2


def test_what_an_earlier_tifa_left_is_listed_and_cleared_alone(folder):
    (folder / "documents").mkdir()
    for n, kind in enumerate(("doc.v4.l2.marshal", "words.v3.pickle", "doc.v1.pickle")):
        (folder / "documents" / f"{n:064x}.{kind}").write_bytes(b"x" * 10)
    (folder / "index.v1.sqlite").write_bytes(b"y" * 20)
    older = parts()["older"]
    assert older["bytes"] == 50
    assert older["holds"] == "4 files of an earlier tifa's formats, which this one never reads"
    assert run("cache", "clear", "older").exit_code == 0
    assert not (folder / "documents").exists() and not (folder / "index.v1.sqlite").exists()
    assert (folder / "index.v2.sqlite").exists() and (folder / "families").is_dir()


def test_files_tifa_did_not_name_are_never_listed_nor_removed(folder):
    """TIFA_CACHE_DIR set to a folder of other things: its own documents and families
    folders, and files beside the index, stay as they are."""
    mine = [
        folder / "documents" / "report.txt",
        folder / "documents" / "draft.marshal",
        folder / "families" / "notes.pickle",
        folder / "jieba.txt",
        folder / "index.sqlite",
    ]
    for path in mine:
        path.parent.mkdir(exist_ok=True)
        path.write_text("mine")
    listed = [p for part in parts().values() for p in part["paths"]]
    assert not set(map(str, mine)) & set(listed)
    assert run("cache", "clear", "--all").exit_code == 0
    assert all(path.read_text() == "mine" for path in mine)
    assert sorted(p.name for p in (folder / "families").iterdir()) == ["notes.pickle"]


def test_clear_all_empties_every_part_and_the_next_command_builds_again(folder):
    result = run("cache", "clear", "--all")
    assert result.exit_code == 0, result.output
    assert [line.split(":")[1] for line in result.stderr.splitlines()] == [
        f" cleared {name}" for name in PARTS
    ]
    assert all(p.size == 0 and not p.paths for p in cache_parts(folder))
    again = run("corpus", "--format", "json")
    assert again.exit_code == 0 and len(json.loads(again.stdout)) == 5
    assert parts()["index"]["holds"] == "5 documents parsed, 0 with their words"


def test_clear_names_its_parts_or_fails_with_one_line(folder):
    result = run("cache", "clear")
    assert result.exit_code == 2
    assert result.stderr == (
        "tifa: name the parts to clear (index, families, dictionary, older) or give --all\n"
    )
    result = run("cache", "clear", "index", "bogus")
    assert result.exit_code == 2
    assert result.stderr.startswith("tifa: no such part of the cache: bogus")
    assert (folder / "index.v2.sqlite").exists()  # nothing cleared
    with pytest.raises(ValueError, match="bogus"):
        clear_parts(["bogus"], folder)


def test_a_damaged_index_is_reported_not_fatal_and_info_changes_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "index.v2.sqlite").write_bytes(b"not a database")
    monkeypatch.setenv("TIFA_CACHE_DIR", str(folder))
    result = run("cache")
    assert result.exit_code == 0, result.output
    assert "unreadable (file is not a database): the next command builds it again" in (
        result.stdout
    )
    assert sorted(p.name for p in folder.iterdir()) == ["index.v2.sqlite"]


def test_the_text_shows_sizes_and_a_total_and_never_an_escape(tmp_path, monkeypatch):
    folder = tmp_path / "c\x1b[31mred"
    monkeypatch.setenv("TIFA_CACHE_DIR", str(folder))
    assert run("corpus").exit_code == 0
    text = run("cache").stdout
    assert "\x1b" not in text
    lines = text.splitlines()
    assert lines[0] == f"tifa's cache folder: {str(folder).replace(chr(27), '')}"
    size = r"[\d,]+\.\d (KB|MB)"
    assert re.fullmatch(rf"  index +{size}  5 documents parsed, 0 with their words", lines[1])
    assert re.fullmatch(r"  older +0 bytes  nothing", lines[-2])
    assert re.fullmatch(rf"  total +{size}", lines[-1])


def test_a_file_that_cannot_be_removed_is_named_with_exit_1(folder, monkeypatch):
    entry = sorted((folder / "families").glob("*.pickle"))[0]
    unlink = Path.unlink

    def refuse(path: Path, missing_ok: bool = False) -> None:
        if path == entry:
            raise PermissionError(13, "Permission denied", str(path))
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    result = run("cache", "clear", "families")
    assert result.exit_code == 1
    assert result.stderr == f"tifa: {entry}: cannot remove it (Permission denied)\n"
    assert entry.exists()


def test_the_text_lists_the_kept_entries_and_one_of_an_earlier_layout(folder):
    (folder / "families" / f"{'0' * 32}.pickle").write_bytes(
        b"tifa-families 1\ntifa-families abc\ntifa-families 00000000\nold"
    )
    text = run("cache").stdout
    data = str(Path(SEEDS[0]).parent)
    assert re.search(rf"taiwan \(by year, answer, statement\) over {re.escape(data)}, used ", text)
    assert re.search(rf"events of {re.escape(data)}, used \d+ (s|min) ago", text)
    assert "an earlier tifa's entry, used " in text
    again = run("families", "taiwan", "--format", "json")  # the old entry is no hit, no error
    assert again.exit_code == 0


def test_prune_forgets_the_files_gone_from_disk_and_keeps_the_rest(tmp_path, monkeypatch):
    """Two archives indexed, one then deleted: `tifa cache prune` forgets its files and
    documents (a sync only forgets those of the folders it reads), keeps the other's, and
    the other opens without parsing anything again. With no index yet, nothing to do."""
    import shutil

    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    nothing = run("cache", "prune")
    assert nothing.exit_code == 0 and "no index yet" in nothing.stderr
    kept, gone = tmp_path / "kept", tmp_path / "gone"
    for where, seeds in ((kept, SEEDS[:2]), (gone, SEEDS[2:])):
        where.mkdir()
        for seed in seeds:
            shutil.copy(seed, where)
    (gone / "manifest.toml").write_text('["x.txt"]\ndate = 2020-01-01\n', encoding="utf-8")
    assert run("corpus", "--corpus", str(kept), "--corpus", str(gone)).exit_code == 0
    assert parts()["index"]["holds"].startswith("5 documents parsed")
    shutil.rmtree(gone)
    result = run("cache", "prune")
    assert result.exit_code == 0, result.output
    said = "forgot 3 files no longer on disk (and 1 manifest), and 3 documents only they held"
    assert said in result.stderr
    assert parts()["index"]["holds"].startswith("2 documents parsed")
    again = run("cache", "prune")
    assert "forgot 0 files no longer on disk, and 0 documents" in again.stderr
    numbers = documents(tmp_path / "cache")
    listed = run("corpus", "--corpus", str(kept), "--format", "json")
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 2
    assert documents(tmp_path / "cache") == numbers  # the same rows: nothing parsed again


def documents(cache: Path) -> list[int]:
    """The numbers of the documents the index holds."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(cache / "index.v2.sqlite")) as db:
        return [n for (n,) in db.execute("SELECT number FROM documents ORDER BY number")]
