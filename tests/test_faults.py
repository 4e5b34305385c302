"""Fault injection into the corpus index: corrupt, truncated and foreign entries and rows, a
damaged or foreign database file, an old version, an unwritable cache folder. Every case
gives the same answers as a clean index, says what it rebuilt, and never crashes.

The answers checked are the ones a flipped byte once changed silently (issue #12): the raw
offset of 还有信心 in the 2017 Xinhua report (5023, once 4960) and the 2017 pair's diff.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tifa.corpus import load_corpus, open_catalogue
from tifa.corpus.index import SCHEMA, index_path
from tifa.tui.cli.main import main

# Every table of the index that holds entries, with its entry columns.
ENTRIES = {
    "documents": ("summary",),
    "bodies": ("key", "places", "body"),
    "words": ("words",),
    "postings": ("run",),
    "snapshots": ("data",),
    "manifests": ("entries",),
}
FILE_ROWS = ("files", "sha256")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TIFA_CACHE_DIR", str(folder))
    return folder


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def answers() -> tuple[list[tuple[str, int]], dict]:
    """(doc, raw_start) of every 还有信心, and the 2017 diff's summary: checked every time."""
    search = run("search", "还有信心", "--format", "json")
    assert search.exit_code == 0, search.output
    diff = run("diff", "000", "001", "--format", "json")
    assert diff.exit_code == 0, diff.output
    hits = [(o["doc_id"], o["raw_start"]) for o in json.loads(search.stdout)]
    return hits, json.loads(diff.stdout)["summary"]


@pytest.fixture
def clean(cache):
    """The answers of a clean, warm index (words included, as the diff stores them)."""
    first = answers()
    assert first[0][0] == ("000_47b88e4171794380", 5023)
    assert answers() == first
    return first


def first_offset(stdout: str) -> int:
    """The raw offset of the first occurrence in ``tifa search``'s JSON."""
    return json.loads(stdout)[0]["raw_start"]


def damage(how: str, value: bytes, other: bytes) -> bytes:
    if how == "flipped":
        middle = len(value) // 2
        return value[:middle] + bytes([value[middle] ^ 0x01]) + value[middle + 1 :]
    if how == "truncated":
        return value[: len(value) // 2]
    return other  # "foreign": another row's entry


KEYS = {"postings": ("segment", "first"), "files": ("path",), "snapshots": ("key",)}
KEYS["manifests"] = KEYS["files"]


def damage_every(table: str, column: str, how: str) -> int:
    """Damage ``column`` of every row of ``table``; how many rows there were."""
    keys = KEYS.get(table, ("rowid",))
    db = sqlite3.connect(index_path())
    rows = db.execute(f"SELECT {', '.join(keys)}, {column} FROM {table}").fetchall()
    where = " AND ".join(f"{k} = ?" for k in keys)
    for n, row in enumerate(rows):
        value, other = _bytes(row[-1]), _bytes(rows[(n + 1) % len(rows)][-1])
        changed: bytes | str = damage(how, value, other)
        if isinstance(row[-1], str):
            changed = changed.decode(errors="replace")  # type: ignore[union-attr]
        db.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (changed, *row[:-1]))
    db.commit()
    db.close()
    return len(rows)


def _bytes(value: bytes | str) -> bytes:
    return value.encode() if isinstance(value, str) else value


@pytest.mark.parametrize("how", ["flipped", "truncated", "foreign"])
@pytest.mark.parametrize(
    ("table", "column"),
    [(t, c) for t, cs in ENTRIES.items() for c in cs] + [FILE_ROWS],
)
def test_a_damaged_entry_is_rebuilt_never_believed(clean, table, column, how):
    damaged = damage_every(table, column, how)
    if table == "manifests" and not damaged:
        pytest.skip("the bundled folder's manifest is read as package data")
    assert damaged
    assert answers() == clean
    assert answers() == clean  # and rebuilt: the next run is clean too


def test_a_damaged_entry_says_so(clean):
    damage_every("bodies", "places", "flipped")  # what a search reads
    result = run("search", "还有信心", "--format", "json")
    assert result.exit_code == 0
    assert "fails its checksum" in result.stderr
    assert "parsing the file again" in result.stderr
    assert first_offset(result.stdout) == 5023


@pytest.mark.parametrize("damage_file", ["garbage", "truncated", "empty", "bytes flipped"])
def test_a_damaged_index_file_is_replaced_with_a_message(clean, damage_file):
    path = index_path()
    data = path.read_bytes()
    assert data[:16] == b"SQLite format 3\x00"
    if damage_file == "garbage":
        data = b"\x00not an index\xff" * 500
    elif damage_file == "truncated":
        data = data[: len(data) // 3]
    elif damage_file == "empty":
        data = b""
    else:  # one byte in every page
        pages = bytearray(data)
        for at in range(100, len(pages), 4096):
            pages[at] ^= 0xFF
        data = bytes(pages)
    path.write_bytes(data)
    result = run("search", "还有信心", "--format", "json")
    assert result.exit_code == 0, result.output
    assert first_offset(result.stdout) == 5023
    if damage_file != "empty":  # an empty file is a new database to SQLite: nothing to say
        assert "index" in result.stderr
    assert answers() == clean


def test_a_foreign_sqlite_database_is_not_used(clean):
    path = index_path()
    path.unlink()
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (text)")
    other.execute("INSERT INTO notes VALUES ('mine')")
    other.commit()
    other.close()
    result = run("corpus")
    assert result.exit_code == 0
    assert "not a tifa index" in result.stderr
    assert answers() == clean


def test_an_index_of_another_format_is_rebuilt_with_a_message(clean):
    db = sqlite3.connect(index_path())
    db.execute(f"PRAGMA user_version = {SCHEMA + 1}")
    db.commit()
    db.close()
    result = run("corpus")
    assert result.exit_code == 0
    assert f"index of format {SCHEMA + 1}" in result.stderr
    assert answers() == clean


def test_documents_of_another_parser_version_are_parsed_again_with_a_message(clean):
    db = sqlite3.connect(index_path())
    db.execute("UPDATE documents SET version = version - 1")
    db.execute("DELETE FROM snapshots")
    db.commit()
    db.close()
    result = run("corpus")
    assert "indexed by another version of tifa" in result.stderr
    assert answers() == clean


def test_an_upgraded_parser_lists_no_rows_of_the_old_one(clean, monkeypatch):
    # A new tifa (another parser version) on a warm index with nothing changed on disk: the
    # stored rows are the old parser's, so they are parsed again, not listed as they were.
    from tifa.corpus import cache, index, sync, words

    for module in (cache, index, sync, words):
        monkeypatch.setattr(module, "VERSION", cache.VERSION + 1000)
    result = run("corpus")
    assert result.exit_code == 0
    assert "indexed by another version of tifa" in result.stderr
    assert answers() == clean


@pytest.mark.parametrize("where", ["a file", "/proc/tifa-cache", "read-only"])
def test_an_unwritable_cache_folder_works_without_an_index(tmp_path, monkeypatch, where):
    if where == "a file":
        folder = tmp_path / "cache"
        folder.write_text("not a folder")
    elif where == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        folder = tmp_path / "cache"
        folder.mkdir()
        folder.chmod(0o500)
    else:
        folder = Path(where)
    monkeypatch.setenv("TIFA_CACHE_DIR", str(folder))
    result = run("search", "还有信心", "--format", "json")
    assert result.exit_code == 0, result.output
    assert first_offset(result.stdout) == 5023
    assert "working without it" in result.stderr
    corpus = load_corpus()
    assert len(corpus) == 5
    assert any("working without it" in w for w in corpus.warnings)


def test_a_catalogue_survives_its_index_being_damaged_under_it(cache):
    catalogue = open_catalogue()
    first = catalogue.open("000")
    other = sqlite3.connect(index_path())  # another program breaks it while it is open
    other.execute("DROP TABLE bodies")
    other.commit()
    other.close()
    notes: list[str] = []
    catalogue._warn_to = notes.append
    assert catalogue.open("000") == first
    assert catalogue.candidates(["还有信心"]) == [0, 1]
    assert any("damaged" in note for note in notes)
