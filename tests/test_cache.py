"""Index entries: what is read back equals what was parsed; workers parse as this process does."""

from __future__ import annotations

import dataclasses
import gc
import weakref

import opencc
import pytest

from tifa.corpus import Clause, Document, Sentence, Turn, collector, columns, jobs, load_file
from tifa.corpus import cache as entries
from tifa.corpus.collector import collector_paused
from tifa.corpus.pool import Workers

from helpers import SEEDS, XINHUA_2017


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def assert_same_document(loaded: Document, parsed: Document) -> None:
    """Field for field, with the records of the exact public types, still frozen."""
    assert type(loaded) is Document
    for field in dataclasses.fields(Document):
        assert getattr(loaded, field.name) == getattr(parsed, field.name), field.name
    assert loaded == parsed
    for name, cls in (("turns", Turn), ("sentences", Sentence), ("clauses", Clause)):
        records = getattr(loaded, name)
        assert type(records) is tuple, name
        assert all(type(r) is cls for r in records), name
    first = loaded.sentences[0]
    assert hash(first) == hash(parsed.sentences[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.text = "x"  # type: ignore[misc]


def round_trip(doc: Document) -> Document:
    return entries.decode_body(entries.encode_body(doc), doc.sha256)


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name[:3] for s in SEEDS])
def test_an_indexed_seed_equals_the_parsed_one(seed, cache_dir):
    parsed = load_file(seed, use_cache=False)
    assert_same_document(round_trip(parsed), parsed)
    assert_same_document(load_file(seed), parsed)  # parsed into the index
    assert_same_document(load_file(seed), parsed)  # read back from it


def test_a_traditional_gb18030_file_round_trips(tmp_path, cache_dir):
    text = opencc.OpenCC("s2t").convert(XINHUA_2017.read_text(encoding="utf-8"))
    path = tmp_path / "trad.txt"
    path.write_bytes(text.encode("gb18030"))
    parsed = load_file(path, use_cache=False)
    assert (parsed.encoding, parsed.script) == ("gb18030", "traditional")
    assert parsed.key != parsed.text  # stored as the key and the characters folding changed
    assert_same_document(round_trip(parsed), parsed)
    assert_same_document(load_file(path), parsed)


def test_what_the_text_gives_is_not_stored_twice(cache_dir):
    parsed = load_file(XINHUA_2017, use_cache=False)
    key, places, rest = columns.flatten(parsed)
    assert key == parsed.key
    long_strings = [v for v in (*places, *rest) if isinstance(v, str) and len(v) > 1000]
    assert long_strings == [parsed.raw]  # the text is the key with changes
    assert places[-1] is None  # the sentences' texts: slices of the text
    assert len(entries.encode_body(parsed)) < len(parsed.raw.encode()) * 2


def test_words_round_trip_as_lengths(cache_dir):
    parsed = load_file(XINHUA_2017, use_cache=False)
    worded = jobs.with_words(parsed)
    again = entries.decode_words(entries.encode_words(worded), parsed)
    assert again == worded
    assert_same_document(round_trip(worded), worded)  # a body may carry words too
    shared = [w for s in again.sentences for w in s.tokens or () if w == "中国"]
    assert len({id(w) for w in shared}) == 1  # one string per distinct word


def test_words_cut_block_by_block_are_jiebas_own(bundled):
    from tifa.corpus.tokens import tokenise, tokenizer

    for doc in bundled:
        for s in doc.sentences:
            text = doc.key[s.start : s.end]
            assert tokenise(text) == tuple(tokenizer().cut(text, HMM=True)), text


def test_words_that_do_not_tile_the_sentences_are_refused(cache_dir):
    parsed = load_file(XINHUA_2017, use_cache=False)
    words = tuple(
        tuple(s.text[i : i + 2] for i in range(0, len(s.text), 2)) for s in parsed.sentences
    )
    short = dataclasses.replace(
        parsed, sentences=entries.attach_tokens(parsed.sentences, (*words[:-1], ()))
    )
    with pytest.raises(entries.Damaged, match="malformed words"):
        entries.decode_words(entries.encode_words(short), parsed)
    with pytest.raises(ValueError, match="malformed"):
        entries.attach_tokens(parsed.sentences, words[:-1])


def test_the_fast_rebuild_skips_nothing_init_would_do():
    for cls in (Turn, Sentence, Clause):
        assert not hasattr(cls, "__post_init__"), f"from_columns must call {cls.__name__}'s"


def test_a_file_parsed_in_a_worker_process_is_what_is_parsed_here(tmp_path):
    """Workers send back encoded entries; a file they cannot parse comes back as its reason
    (a CorpusError once failed to unpickle and broke the pool)."""
    markers = tmp_path / "markers.txt"
    markers.write_text("（上接第二版）\n" * 20, encoding="utf-8")  # decodes; nothing is left
    job_list = [(str(path), path.stem, False) for path in (*SEEDS, markers)]
    here = {job[0]: jobs.parse_file(job) for job in job_list}
    with Workers(parallel=True) as pool:
        there = {p.path: p for p in pool.map(jobs.parse_file, job_list, chunksize=2)}
    assert there.keys() == here.keys()
    for path, parsed in here.items():
        assert there[path] == parsed
    assert there[str(markers)].error == "no transcript text left after normalisation"


def test_the_collector_is_paused_only_inside_the_block():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("boom")
    assert gc.isenabled()


@pytest.mark.parametrize(
    "env",
    [
        {"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"},
        {"XDG_CACHE_HOME": "relative/cache", "HOME": "/home/u/"},
        {"XDG_CACHE_HOME": "", "HOME": "/"},
        {"HOME": "/home/u"},
        {"HOME": "relative"},
        {},
    ],
)
def test_the_cache_folder_is_where_platformdirs_puts_it(monkeypatch, env):
    """``paths.cache_folder`` answers without platformdirs where its rule is plain; the
    answer must be the same."""
    import platformdirs

    from tifa.corpus.paths import cache_folder

    for name in ("TIFA_CACHE_DIR", "XDG_CACHE_HOME", "HOME", "ANDROID_DATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache_folder() == platformdirs.user_cache_dir("tifa")


def test_what_a_paused_block_made_is_old_on_resume_and_its_cycles_are_still_freed():
    class Node:
        pass

    with collector_paused():
        made = [[n] for n in range(100)]
        cycle = Node()
        cycle.me = cycle  # type: ignore[attr-defined]
        gone = weakref.ref(cycle)
        del cycle
    assert not any(o is made for o in gc.get_objects(generation=0))
    assert any(o is made for o in gc.get_objects(generation=2))
    assert gone() is not None
    gc.collect()
    assert gone() is None


def test_a_paused_block_leaves_what_the_process_froze_for_good_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The tifa daemon freezes what it has loaded before it forks; a command's pause in a
    fork must not release it (its next full collection would copy the daemon's pages)."""
    monkeypatch.setattr(collector, "_frozen_for_good", False)
    kept = [[n] for n in range(100)]
    try:
        collector.freeze_for_good()
        before = gc.get_freeze_count()
        with collector_paused():
            made = [[n] for n in range(100)]
        assert gc.get_freeze_count() >= before
        assert not any(o is kept for o in gc.get_objects(generation=2))
        assert made
    finally:
        gc.unfreeze()


def test_what_is_held_for_good_is_never_scanned_and_is_released_by_the_next_hold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``hold_for_good`` (the workbench after a large family report): what is alive is
    frozen, not collected; a cycle let go after it stays until the next hold, which frees
    it; an acyclic structure let go is freed at once, frozen or not."""

    class Node:
        pass

    monkeypatch.setattr(collector, "_frozen_for_good", False)
    try:
        held = [[n] for n in range(100)]
        cycle = Node()
        cycle.me = cycle  # type: ignore[attr-defined]
        cycle_gone = weakref.ref(cycle)
        plain = Node()
        plain_gone = weakref.ref(plain)
        collector.hold_for_good()
        assert collector._frozen_for_good
        assert not any(o is held for o in gc.get_objects())  # frozen: out of every scan
        with collector_paused():  # a later pause leaves it frozen
            made = [[n] for n in range(100)]
        assert made and not any(o is held for o in gc.get_objects())
        del cycle, plain
        assert plain_gone() is None
        gc.collect()
        assert cycle_gone() is not None  # frozen, and let go since
        collector.hold_for_good()
        assert cycle_gone() is None
    finally:
        gc.unfreeze()


def test_a_word_read_back_is_one_string_object_in_every_document(tmp_path, monkeypatch):
    """Words read from the index are the interpreter's one copy of each: a 10,000-document
    archive holds each word once, not once per document (0.56 GB of 1.98)."""
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path))
    from tifa.corpus import load_corpus

    load_corpus(tokens=True)  # parsed, words found and stored
    first, second = (d.sentences for d in load_corpus(tokens=True).documents[:2])
    words: dict[str, list[str]] = {}
    for sentence in (*first, *second):
        for word in sentence.tokens or ():
            words.setdefault(word, []).append(word)
    shared = [found for found in words.values() if len(found) > 1]
    assert len(shared) > 100
    assert all(all(w is found[0] for w in found) for found in shared)
