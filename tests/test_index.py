"""The corpus index: incremental syncs, racy writes, two processes, catalogue answers equal
to the in-memory corpus's, phrase lookup exact where it says so."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from tifa.corpus import Corpus, CorpusError, load_corpus, open_catalogue
from tifa.corpus import jobs as parse_jobs
from tifa.corpus.grams import least_shared, phrase_grams
from tifa.corpus.index import RACY_NS, FileRow, Index, index_path
from tifa.tracking.phrases.kwic import find_occurrences
from tifa.tracking.phrases.timeline import phrase_timeline

from helpers import SEEDS, XINHUA_2017, run_python

PAST = 1_500_000_000  # 2017: outside the racy window


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def folder(tmp_path, cache):
    """The seeds copied to a folder, written long ago (not racy)."""
    path = tmp_path / "corpus"
    path.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, path / seed.name)
        os.utime(path / seed.name, (PAST, PAST))
    return path


@pytest.fixture
def parses(monkeypatch):
    """The paths parsed, in this process (fewer files than start a worker pool)."""
    seen: list[str] = []
    parse = parse_jobs.parse_file

    def counted(job):
        seen.append(Path(job[0]).name)
        return parse(job)

    monkeypatch.setattr(parse_jobs, "parse_file", counted)
    return seen


def test_a_warm_open_parses_nothing(folder, parses):
    first = open_catalogue([str(folder)])
    assert len(parses) == 5
    second = open_catalogue([str(folder)])
    assert len(parses) == 5
    assert second.rows == first.rows
    assert [r.id for r in first.rows] == [s.stem for s in SEEDS]


def test_a_changed_added_or_removed_file_updates_only_its_rows(folder, parses):
    before = open_catalogue([str(folder)]).rows
    parses.clear()
    changed = folder / SEEDS[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n王毅：谢谢。\n", encoding="utf-8")
    os.utime(changed, (PAST + 10, PAST + 10))
    shutil.copy(SEEDS[1], folder / "extra.txt")  # same content as a seed: nothing to parse
    (folder / SEEDS[4].name).unlink()
    after = open_catalogue([str(folder)]).rows
    assert parses == [SEEDS[0].name]
    assert [r.id for r in after] == [*(s.stem for s in SEEDS[:4]), "extra"]
    assert after[1:4] == before[1:4]
    assert after[0].sha256 != before[0].sha256
    assert after[0].turns == before[0].turns + 1
    with Index.open() as index:  # the removed file's document is gone from the index
        found, _ = index.documents([before[4].sha256, before[0].sha256])
    assert not found


def test_the_index_counts_which_numbers_of_a_corpus_it_still_holds(folder):
    """As a warm open asks (``snapshot.load``): runs of numbers as ranges, scattered ones
    one by one, the same count either way."""
    open_catalogue([str(folder)]).close()
    with Index.open() as index:
        rows = index._db.execute("SELECT number, sha256 FROM documents ORDER BY number")
        numbers, shas = zip(*rows.fetchall(), strict=True)
        top = max(numbers)
        assert index.present(numbers) == len(numbers) == 5
        assert index.present([*numbers, top + 1, top + 2]) == 5  # one run, two not there
        assert index.present(numbers[::2]) == 3  # scattered
        assert index.present([top + 1, top + 9, top + 20]) == 0
        with index.writing():
            index.forget(shas[1])
        assert index.present(numbers) == 4
        assert index.present(numbers[:2]) == 1


def test_a_document_another_process_removed_meanwhile_is_parsed_again(folder):
    """Another process removed a document from the index after this one listed the
    corpus (its folder rewritten, say): loading every document with its words parses that
    one again from its file, rather than failing on the missing entry."""
    catalogue = open_catalogue([str(folder)])
    try:
        gone = catalogue.rows[0].sha256
        with Index.open() as other, other.writing():
            other.forget(gone)
        corpus = catalogue.corpus(words=True)
    finally:
        catalogue.close()
    assert len(corpus.documents) == 5
    assert all(d.tokenised for d in corpus.documents)
    assert corpus.documents[0].sha256 == gone
    assert any("parsing the file again" in w for w in corpus.warnings)


def test_keys_of_a_document_another_process_removed_meanwhile_come_from_its_file(folder):
    catalogue = open_catalogue([str(folder)])
    try:
        rows = list(range(len(catalogue.rows)))
        keys = catalogue.keys(rows)
        with Index.open() as other, other.writing():
            other.forget(catalogue.rows[2].sha256)
        assert catalogue.keys(rows) == keys
        assert any("parsing the file again" in w for w in catalogue.warnings)
    finally:
        catalogue.close()


def test_a_renamed_file_is_not_parsed_again(folder, parses):
    open_catalogue([str(folder)])
    parses.clear()
    (folder / SEEDS[2].name).rename(folder / "renamed.txt")
    rows = open_catalogue([str(folder)]).rows
    assert parses == []
    assert "renamed" in [r.id for r in rows]


def test_a_racy_file_is_hashed_again_until_its_write_is_safely_past(folder, parses):
    """Written in the same timestamp tick as it was hashed, a second write of the same size
    can leave size, mtime, ctime and inode as they were (on file systems with coarse
    timestamps): such a file is read again each time until its mtime is RACY_NS old."""
    path = folder / SEEDS[0].name
    text = path.read_text(encoding="utf-8")
    open_catalogue([str(folder)])
    with Index.open() as index:  # as if hashed the moment it was written
        (row,) = index.files([str(path)]).values()
        racy = FileRow(*row.values()[:5], row.mtime_ns, row.sha256, row.error)
        with index.writing():
            index.put_files([racy])
    assert not racy.matches(path.stat())
    path.write_text(text.replace("记者", "记着", 1), encoding="utf-8")  # same size
    stat = path.stat()
    with Index.open() as index:  # and the file system did not see the write
        same = FileRow.of(str(path), stat, racy.stamp_ns, racy.sha256, None)
        with index.writing():
            index.put_files([same])
    parses.clear()
    rows = open_catalogue([str(folder)]).rows
    assert parses == [SEEDS[0].name]  # read again: the change is found
    assert rows[0].sha256 != racy.sha256


def test_a_file_written_just_now_is_trusted_once_it_is_old_enough(tmp_path, cache):
    path = tmp_path / "new.txt"
    shutil.copy(XINHUA_2017, path)
    open_catalogue([str(path)])
    with Index.open() as index:
        (row,) = index.files([str(path)]).values()
    assert row.mtime_ns + RACY_NS > row.stamp_ns  # hashed within the racy window
    assert not row.matches(path.stat())
    aged = FileRow(*row.values()[:5], row.mtime_ns + RACY_NS, row.sha256, row.error)
    assert aged.matches(path.stat())


def test_two_processes_building_one_index_at_once_agree(folder, cache):
    code = (
        "import json, sys\n"
        "from tifa.corpus import open_catalogue\n"
        f"rows = open_catalogue([{str(folder)!r}]).rows\n"
        "print(json.dumps([(r.id, r.sha256, r.turns) for r in rows]))\n"
    )
    env = {**os.environ, "TIFA_CACHE_DIR": str(cache)}
    import subprocess
    import sys

    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len(set(outputs)) == 1
    db = sqlite3.connect(index_path())
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_catalogue_answers_as_the_corpus_does(cache):
    catalogue = open_catalogue()
    corpus = load_corpus()
    assert catalogue.rows == corpus.infos
    assert [catalogue.open(r.id) for r in catalogue.rows] == list(corpus.documents)
    for phrase, fuzzy in [("一个中国", None), ("台湾", None), ("多边主义", 85), ("还有信心", None)]:
        from_index = find_occurrences(catalogue, [phrase], fuzzy=fuzzy)
        assert from_index == find_occurrences(corpus, [phrase], fuzzy=fuzzy)
        assert from_index
    assert phrase_timeline(catalogue, ["双轨并进"]) == phrase_timeline(corpus, ["双轨并进"])


def test_a_search_reads_the_places_of_candidates_and_opens_nothing(cache, monkeypatch):
    catalogue = open_catalogue()
    read: list[int] = []
    real = catalogue.places
    monkeypatch.setattr(catalogue, "places", lambda rows: read.extend(rows) or real(rows))
    monkeypatch.setattr(catalogue, "open", None)  # a search never opens a document
    found = find_occurrences(catalogue, ["分阶段、同步走"])
    assert found
    assert read == catalogue.candidates(["分阶段、同步走"], checked=False)
    assert {o.doc_id for o in found} <= {catalogue.rows[r].id for r in read}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_candidates_are_exactly_the_documents_holding_a_phrase(indexed, data):
    catalogue, keys = indexed
    doc = data.draw(st.integers(0, len(keys) - 1))
    length = data.draw(st.integers(2, 12))
    start = data.draw(st.integers(0, len(keys[doc]) - length))
    phrase = keys[doc][start : start + length]
    expected = [row for row, key in enumerate(keys) if phrase in key]
    assert catalogue.candidates([phrase]) == expected


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    os.environ["TIFA_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    catalogue = open_catalogue()
    return catalogue, [d.key for d in load_corpus().documents]


@settings(max_examples=300, deadline=None)
@given(
    variant=st.text(alphabet="一二三四中国台湾的是", min_size=2, max_size=12),
    span=st.text(alphabet="一二三四中国台湾的是", min_size=1, max_size=16),
    threshold=st.sampled_from([70, 80, 85, 90, 95]),
)
def test_a_fuzzy_span_shares_at_least_least_shared_bigrams(variant, span, threshold):
    """The bound behind fuzzy candidates, against brute force: a span scoring at least T
    holds at least ``least_shared(variant, T)`` distinct bigrams of the variant."""
    if fuzz.ratio(variant, span) < threshold:
        return
    shared = set(phrase_grams(variant)) & set(phrase_grams(span))
    assert len(shared) >= least_shared(variant, threshold)


def test_facets_count_any_field(cache):
    catalogue = open_catalogue()
    assert catalogue.facet("year") == {2017: 2, 2019: 1, 2021: 1, 2024: 1}
    assert sum(catalogue.facet("genre").values()) == 5
    assert catalogue.facet("script") == {"simplified": 5}
    with pytest.raises(ValueError, match="no such field"):
        catalogue.facet("colour")


def test_a_warm_open_reads_the_snapshot_and_a_manifest_change_invalidates_it(folder, monkeypatch):
    first = open_catalogue([str(folder)])
    assembled = []
    from tifa.corpus.catalogue import Catalogue

    real = Catalogue._assemble
    monkeypatch.setattr(
        Catalogue, "_assemble", lambda self, *a: assembled.append(1) or real(self, *a)
    )
    assert open_catalogue([str(folder)]).rows == first.rows
    assert assembled == []
    (folder / "manifest.toml").write_text(
        f'["{SEEDS[3].name}"]\nedition = "declared"\n', encoding="utf-8"
    )
    rows = open_catalogue([str(folder)]).rows
    assert assembled == [1]
    assert rows[3].edition == "declared"


def test_a_named_unreadable_file_is_an_error_and_a_found_one_a_warning(folder, cache):
    (folder / "empty.txt").write_text("", encoding="utf-8")
    catalogue = open_catalogue([str(folder)])
    assert catalogue.skipped == (f"{folder / 'empty.txt'}: empty file (skipped)",)
    with pytest.raises(CorpusError, match="empty file"):
        open_catalogue([str(folder / "empty.txt")])
    assert len(open_catalogue([str(folder)]).skipped) == 1  # the warning stays when warm


def test_an_in_memory_corpus_needs_no_index(cache):
    corpus = Corpus(load_corpus().documents[:2])
    assert find_occurrences(corpus, ["还有信心"])
    assert not any(index_path().parent.glob("*.tmp"))


def test_run_python_helper_sees_the_same_package():
    assert run_python("import tifa.corpus.catalogue").returncode == 0


def test_progress_reports_stages_with_an_estimate(folder, cache, monkeypatch):
    monkeypatch.setattr("tifa.corpus.progress.MIN_FOR_ESTIMATE", 0.0)
    events = []
    catalogue = open_catalogue([str(folder)], progress=events.append)
    assert [e.stage for e in events] == ["reading"] * 5 + ["parsing"] * 5
    assert [e.done for e in events[-5:]] == [1, 2, 3, 4, 5]
    assert all(e.total == 5 for e in events[-5:])
    assert all(e.remaining is not None for e in events[-5:])
    assert events[-1].remaining == 0
    landed = [row for e in events for row in e.rows]  # rows as their documents are committed
    assert sorted(landed, key=lambda r: r.id) == sorted(catalogue.rows, key=lambda r: r.id)
    events.clear()
    catalogue.add_words(progress=events.append)  # words found apart from the parsing
    assert [(e.stage, e.done) for e in events] == [("words", n) for n in range(1, 6)]


def test_small_segments_are_merged_and_lookups_stay_exact(folder, cache, monkeypatch):
    monkeypatch.setattr("tifa.corpus.sync.MAX_SEGMENTS", 2)
    open_catalogue([str(folder)])
    for n in range(4):  # one new segment per sync
        text = SEEDS[n].read_text(encoding="utf-8") + f"\n王毅：第{n}个新句子，多边主义。\n"
        (folder / f"new{n}.txt").write_text(text, encoding="utf-8")
        catalogue = open_catalogue([str(folder)])
    (folder / SEEDS[0].name).unlink()  # its number is dropped from the postings when merged
    catalogue = open_catalogue([str(folder)])
    with Index.open() as index:
        assert len(index.segments()) <= 3
    keys = [catalogue.open(n).key for n in range(len(catalogue))]
    for phrase in ("第2个新句子", "多边主义", "台湾", "新句"):
        assert catalogue.candidates([phrase]) == [n for n, k in enumerate(keys) if phrase in k]


def test_the_readme_catalogue_example_runs_as_printed(cache):
    import contextlib
    import io
    import re

    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The corpus index\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"^```python\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(block, "README.md", "exec"), namespace)
    keys = [d.key for d in load_corpus().documents]
    assert namespace["rows"] == [n for n, key in enumerate(keys) if "一个中国原则" in key]
    assert "{2017: 2, 2019: 1, 2021: 1, 2024: 1}" in out.getvalue()
    assert namespace["corpus"] == load_corpus()


def test_relations_and_derived_data_are_kept_by_content(folder, cache):
    catalogue = open_catalogue([str(folder)])
    a, b = catalogue.sha256s()[:2]
    index = catalogue.index
    with index.writing():
        index.put_relations("versions", 1, [(a, b, b"0.69")])
        index.put_derived("sketch", 3, [(a, b"\x01\x02")])
    (folder / SEEDS[0].name).rename(folder / "renamed.txt")  # same content, new name
    again = open_catalogue([str(folder)])
    assert again.index.relations("versions", 1, again.sha256s()) == {(a, b): b"0.69"}
    assert again.index.relations("versions", 2, again.sha256s()) == {}  # another version
    assert again.index.derived("sketch", 3, [a]) == {a: b"\x01\x02"}
    db = sqlite3.connect(index_path())
    db.execute("UPDATE relations SET record = x'00'")
    db.commit()
    assert again.index.relations("versions", 1, again.sha256s()) == {}  # fails its check


def test_an_index_another_process_is_checkpointing_is_not_taken_for_truncated(folder, cache):
    """A checkpoint copies the write-ahead log into the file page 1 first: for a moment the
    header counts pages the file does not have yet. Another process opening the index then
    must not take it for a truncated copy and replace it (it did, and lost the index)."""
    open_catalogue([str(folder)]).close()
    path = index_path()
    size, inode = path.stat().st_size, path.stat().st_ino
    writer = Index.open()  # another process: the file grows, its new pages still in the log
    writer._db.execute("PRAGMA wal_autocheckpoint=0")
    with writer.writing():
        writer.put_derived("test", 1, [("0" * 64, os.urandom(200_000))])
    wal = Path(f"{path}-wal").read_bytes()
    page_size = int.from_bytes(wal[8:12], "big")
    frames = range(32, len(wal), 24 + page_size)
    first = [at for at in frames if int.from_bytes(wal[at : at + 4], "big") == 1][-1]
    with path.open("r+b") as f:  # the checkpoint's first write: page 1, counting every page
        f.write(wal[first + 24 : first + 24 + page_size])
    assert int.from_bytes(path.read_bytes()[28:32], "big") * page_size > size == path.stat().st_size
    notes: list[str] = []
    catalogue = open_catalogue([str(folder)], warn=notes.append)
    assert notes == []
    assert len(catalogue) == 5
    assert path.stat().st_ino == inode
    catalogue.close()
    writer.close()
