"""Family reports kept for the next run (``formulations.remembered``): given back only while
the code, the documents, the events, the topic and the parameters are those they were
computed from; a damaged entry is a miss, never an error. And what else makes a topic's
families cheaper to ask for: a build's progress (which may stop it before anything is kept),
and words read only in the documents that name the topic."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os

import pytest
from click.testing import CliRunner

from tifa.corpus import load_corpus, open_catalogue
from tifa.tracking.formulations import families as families_module
from tifa.tracking.formulations import remembered
from tifa.tracking.formulations.changes import period_changes
from tifa.tracking.formulations.families import (
    build_all,
    build_families,
    kept_families,
    words_read,
)
from tifa.tracking.formulations.records import changes_json, families_json
from tifa.tracking.formulations.remembered import ReportStore
from tifa.tracking.formulations.topics import load_topics, resolve_topic
from tifa.tracking.versions.events import corpus_events
from tifa.tui.cli.main import main


def as_json(report) -> str:
    """Everything a reader is shown of a report, families and changes."""
    return json.dumps(
        [
            families_json([report], report.topic.id),
            changes_json(period_changes(report), report.topic.id),
        ],
        ensure_ascii=False,
    )


def never_built(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("built, not given back from the store")

    monkeypatch.setattr(families_module, "_build", fail)


def test_a_kept_report_is_the_built_one(bundled_tokens, tmp_path, monkeypatch):
    taiwan = load_topics()["taiwan"]
    fresh = build_families(bundled_tokens, taiwan)
    store = ReportStore(tmp_path / "kept")
    first = build_families(bundled_tokens, taiwan, store=store)
    assert as_json(first) == as_json(fresh)
    assert len(list((tmp_path / "kept").glob("*.pickle"))) == 2  # the report and the events
    never_built(monkeypatch)
    again = build_families(bundled_tokens, taiwan, store=ReportStore(tmp_path / "kept"))
    assert as_json(again) == as_json(fresh)
    assert again.events == fresh.events
    heard = []  # how much of it is read, as the command line's bar hears it
    read = kept_families(bundled_tokens.documents, taiwan, store, progress=heard.append)
    assert read is not None and as_json(read) == as_json(fresh)
    assert {e.stage for e in heard} == {"reading the kept report, MB"}
    assert heard and heard[-1].done == heard[-1].total > 0
    # members come back as the family's own objects, which its variants and changes name
    assert again.families == fresh.families
    for family in again.families:
        held = {id(m) for m in family.members}
        assert all({id(v.first), id(v.last), id(v.cited)} <= held for v in family.variants)
        assert all({id(c.before), id(c.after)} <= held for c in family.changes)


def test_build_all_keeps_each_topic_and_gives_them_back(bundled_tokens, tmp_path, monkeypatch):
    topics = list(load_topics().values())
    events = corpus_events(bundled_tokens)
    fresh = build_all(bundled_tokens, topics, events=events)
    store = ReportStore(tmp_path / "kept")
    made = build_all(bundled_tokens, topics, events=events, store=store)
    assert [as_json(r) for r in made] == [as_json(r) for r in fresh]
    # every topic kept, by whichever process built it (the caller or a fork)
    assert len(list((tmp_path / "kept").glob("*.pickle"))) == len(topics)
    never_built(monkeypatch)
    kept = build_all(bundled_tokens, topics, events=events, store=store)
    assert [as_json(r) for r in kept] == [as_json(r) for r in fresh]
    assert all(r.events is kept[0].events for r in kept)


def test_the_rows_of_the_index_tell_the_same_digest_as_the_documents(seeds, tmp_path):
    """The command line asks the store with the catalogue's rows, before any document or
    word is read: they must digest as the documents they stand for."""
    catalogue = open_catalogue([str(seeds)], words=True)
    try:
        rows = catalogue.rows
        corpus = catalogue.corpus(words=True)
    finally:
        catalogue.close()
    store = ReportStore(tmp_path / "kept")
    assert store.corpus_digest(rows) == ReportStore().corpus_digest(corpus.documents)
    taiwan = load_topics()["taiwan"]
    assert kept_families(rows, taiwan, store) is None  # nothing kept yet
    built = build_families(corpus, taiwan, store=store)
    kept = kept_families(rows, taiwan, store)
    assert kept is not None
    assert as_json(kept) == as_json(built)


def test_what_a_report_depends_on_changes_its_digest(seeds, tmp_path):
    store = ReportStore(tmp_path / "kept")
    corpus = load_corpus([str(seeds)], tokens=True)
    taiwan = load_topics()["taiwan"]
    build_families(corpus, taiwan, store=store)
    assert kept_families(corpus.documents, taiwan, store) is not None
    # another question of the same archive
    wider = dataclasses.replace(taiwan, keywords=(*taiwan.keywords, "两岸"))
    assert kept_families(corpus.documents, wider, store) is None
    assert kept_families(corpus.documents, taiwan, store, min_similarity=0.8) is None
    assert kept_families(corpus.documents, taiwan, store, max_clauses=2) is None
    assert kept_families(corpus.documents, taiwan, store, by="quarter") is None
    assert kept_families(corpus.documents, taiwan, store, roles=("question",)) is None
    # a document changed: the archive's events and report are found again, in the same slots
    path = next(seeds.glob("*.txt"))
    path.write_text(path.read_text(encoding="utf-8") + "\n答：我们坚持一个中国原则。\n", "utf-8")
    changed = load_corpus([str(seeds)], tokens=True)
    assert kept_families(changed.documents, taiwan, store) is None
    rebuilt = build_families(changed, taiwan, store=store)
    assert kept_families(changed.documents, taiwan, store) is not None
    assert len(list((tmp_path / "kept").glob("*.pickle"))) == 2  # replaced, not added
    assert kept_families(corpus.documents, taiwan, store) is None  # the old state is gone
    assert any("我们坚持一个中国原则" in m.text for f in rebuilt.families for m in f.members)


def test_a_manifest_that_moves_a_date_is_a_change(seeds, tmp_path, monkeypatch):
    """The files unchanged, a date declared otherwise moves a document to another period:
    the kept report is not given back, and the one built places it anew."""
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    store = ReportStore(tmp_path / "kept")
    taiwan = load_topics()["taiwan"]

    def rows():
        catalogue = open_catalogue([str(seeds)])
        try:
            return catalogue.rows
        finally:
            catalogue.close()

    build_families(load_corpus([str(seeds)], tokens=True), taiwan, store=store)
    assert kept_families(rows(), taiwan, store) is not None
    manifest = seeds / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    assert "year = 2017\ndate = 2017-03-08" in text
    manifest.write_text(
        text.replace("year = 2017\ndate = 2017-03-08", "year = 2016\ndate = 2016-03-08", 1),
        encoding="utf-8",
    )
    assert kept_families(rows(), taiwan, store) is None
    moved = build_families(load_corpus([str(seeds)], tokens=True), taiwan, store=store)
    assert "2016" in moved.periods


def test_a_damaged_entry_is_a_miss_and_is_replaced(bundled_tokens, tmp_path):
    taiwan = load_topics()["taiwan"]
    store = ReportStore(tmp_path / "kept")
    fresh = as_json(build_families(bundled_tokens, taiwan, store=store))
    events = store.kept_events(bundled_tokens.documents)
    assert events is not None
    key = store.report_key(
        bundled_tokens.documents, taiwan, events, "year", None, ("answer", "statement"), 0.7, 3
    )
    entry = tmp_path / "kept" / f"{key.slot}.pickle"
    whole = entry.read_bytes()
    flipped = bytearray(whole)
    flipped[-100] ^= 0xFF
    for damage in (bytes(flipped), whole[: len(whole) // 2], b"", b"not a tifa file\n"):
        entry.write_bytes(damage)
        assert store.report(key, events) is None
        assert as_json(build_families(bundled_tokens, taiwan, store=store)) == fresh
        assert entry.read_bytes() == whole
    store.keep(key, b"not a pickle")  # passes its checksum, fails to load
    assert store.report(key, events) is None
    assert not list((tmp_path / "kept").glob(".*.part"))


def test_an_unwritable_store_is_passed_over(bundled_tokens, tmp_path):
    taiwan = load_topics()["taiwan"]
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    report = build_families(bundled_tokens, taiwan, store=ReportStore(blocked / "kept"))
    assert as_json(report) == as_json(build_families(bundled_tokens, taiwan))


def test_the_least_recently_used_entries_go_first(tmp_path, monkeypatch):
    store = ReportStore(tmp_path / "kept")
    monkeypatch.setattr(remembered, "LIMIT_BYTES", 2500)
    keys = [remembered.Key(f"{n:032x}", f"digest{n}") for n in range(4)]  # slots as named

    def held(key):  # the entry's file is there (read without marking it used)
        return (tmp_path / "kept" / f"{key.slot}.pickle").exists()

    (tmp_path / "kept").mkdir()
    theirs = tmp_path / "kept" / "theirs.pickle"  # not a name the store gives: never removed
    theirs.write_bytes(b"y" * 5000)
    os.utime(theirs, (1, 1))
    for n, key in enumerate(keys[:3]):
        store.keep(key, b"x" * 1000)  # with its header, a little over 1,000 bytes
        os.utime(tmp_path / "kept" / f"{key.slot}.pickle", (100 * (n + 1),) * 2)
    assert [held(k) for k in keys] == [False, True, True, False]  # over 2,500 bytes
    assert store.recall(keys[1]) == b"x" * 1000  # used again: now the most recent
    store.keep(keys[3], b"x" * 1000)
    assert [held(k) for k in keys] == [False, True, False, True]
    assert store.recall(remembered.Key(keys[1].slot, "another digest")) is None
    store.keep(keys[0], b"x" * 3000)  # more than the folder may hold: not kept, none removed
    assert [held(k) for k in keys] == [False, True, False, True]
    assert theirs.read_bytes() == b"y" * 5000
    assert [e.path for e in store.entries()] == [store._path(k) for k in (keys[3], keys[1])]


def test_the_code_digest_reads_every_engine_file(tmp_path):
    """An edit of any source or data file of the engine gives another digest."""
    root = tmp_path / "pkg"
    (root / "data").mkdir(parents=True)
    (root / "a.py").write_text("x = 1\n")
    (root / "data" / "t.toml").write_text("[a]\n")
    (root / "__pycache__").mkdir()

    def digest() -> str:
        h = hashlib.sha256()
        remembered.tree_digest(h, root)
        return h.hexdigest()

    before = digest()
    (root / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert digest() == before  # bytecode is not code
    (root / "data" / "t.toml").write_text("[b]\n")
    assert digest() != before
    after = digest()
    (root / "b.py").write_text("")
    assert digest() != after


def test_the_command_line_gives_the_kept_report_without_reading_words(tmp_path, monkeypatch, seeds):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    args = ["families", "taiwan", "--corpus", str(seeds), "--format", "json"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert list((tmp_path / "cache" / "families").glob("*.pickle"))
    never_built(monkeypatch)
    monkeypatch.setattr(
        "tifa.corpus.catalogue.Catalogue.corpus",
        lambda *a, **k: pytest.fail("documents read for a kept report"),
    )
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout
    changes = CliRunner().invoke(main, ["changes", "taiwan", "--corpus", str(seeds)])
    assert changes.exit_code == 0, changes.output  # the same report, kept


def test_no_cache_keeps_nothing(tmp_path, monkeypatch, seeds):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(main, ["families", "taiwan", "--corpus", str(seeds), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "cache" / "families").exists()


def test_a_build_reports_its_stages_and_stops_when_asked(bundled_tokens, tmp_path):
    """Progress for the command line's bar and the workbench's status: the documents read,
    the grouping, each family made; an exception from it (the workbench's cancel) stops the
    build, and nothing is kept."""
    heard = []
    taiwan = load_topics()["taiwan"]
    report = build_families(bundled_tokens, taiwan, progress=heard.append)
    stages = [e.stage for e in heard]
    assert stages == sorted(stages, key=["finding windows", "grouping wordings", "families"].index)
    windows = [e for e in heard if e.stage == "finding windows"]
    assert [e.done for e in windows] == list(range(1, len(bundled_tokens) + 1))
    made = [e for e in heard if e.stage == "families"]
    assert made[-1].done == made[-1].total == len(report.families)
    voice = []
    build_families(bundled_tokens, resolve_topic("all", load_topics()), progress=voice.append)
    assert list(dict.fromkeys(e.stage for e in voice)) == [
        "finding phrases",
        "making phrases whole",
        "grouping wordings",
        "families",
    ]

    class Stop(Exception):
        pass

    def stop(event):
        if event.stage == "families":
            raise Stop

    store = ReportStore(tmp_path / "kept")
    with pytest.raises(Stop):
        build_families(bundled_tokens, taiwan, progress=stop, store=store)
    assert kept_families(bundled_tokens.documents, taiwan, store) is None

    def stop_reading(event):
        raise Stop

    build_families(bundled_tokens, taiwan, store=store)
    with pytest.raises(Stop):  # stopped while it reads a kept report: not taken for damage
        kept_families(bundled_tokens.documents, taiwan, store, progress=stop_reading)
    assert kept_families(bundled_tokens.documents, taiwan, store) is not None


def test_a_topic_reads_the_words_of_the_documents_that_name_it_alone(seeds, tmp_path, monkeypatch):
    """``Catalogue.corpus(words=predicate)``: words in the documents the predicate holds of,
    none elsewhere; a topic's families built on it are those of the fully worded corpus
    (the command line loads words so: a third of the MFA pages for Taiwan)."""
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    palestine = load_topics()["palestine"]  # named in three of the five seeds
    catalogue = open_catalogue([str(seeds)])
    try:
        some = catalogue.corpus(words=words_read(palestine))
        every = catalogue.corpus(words=True)
    finally:
        catalogue.close()
    named = [bool(palestine.hits(d.key)) for d in some.documents]
    assert any(named) and not all(named)
    assert [d.tokenised for d in some.documents] == named
    assert all(d.tokenised for d in every.documents)
    built = build_families(some, palestine)
    assert built.families and as_json(built) == as_json(build_families(every, palestine))
