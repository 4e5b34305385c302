"""The document cache: what it loads equals what was parsed, and bad entries are rebuilt."""

from __future__ import annotations

import dataclasses
import gc
import marshal
import pickle

import opencc
import pytest

from tifa.corpus import Clause, CorpusError, Document, Sentence, Turn, columns, load_file
from tifa.corpus import cache as doc_cache
from tifa.corpus import load as loading
from tifa.corpus.collector import collector_paused
from tifa.corpus.decode import read_file
from tifa.corpus.model import PARSER_VERSION

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


def round_trip(doc: Document) -> Document | None:
    doc_cache.store_document(doc)
    return doc_cache.load_document(doc.sha256)


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name[:3] for s in SEEDS])
def test_a_cached_seed_equals_the_parsed_one(seed, cache_dir):
    parsed = load_file(seed, use_cache=False)
    loaded = round_trip(parsed)
    assert loaded is not None
    assert_same_document(loaded, parsed)
    assert_same_document(load_file(seed), parsed)  # parsed and stored, then from the cache
    assert_same_document(load_file(seed), parsed)


def test_a_traditional_gb18030_file_round_trips(tmp_path, cache_dir):
    text = opencc.OpenCC("s2t").convert(XINHUA_2017.read_text(encoding="utf-8"))
    path = tmp_path / "trad.txt"
    path.write_bytes(text.encode("gb18030"))
    parsed = load_file(path, use_cache=False)
    assert (parsed.encoding, parsed.script) == ("gb18030", "traditional")
    assert parsed.key != parsed.text  # the folded matching key is stored on its own
    loaded = round_trip(parsed)
    assert loaded is not None
    assert_same_document(loaded, parsed)


def test_words_and_sentence_tokens_round_trip(cache_dir):
    parsed = load_file(XINHUA_2017, use_cache=False)
    words = tuple(
        tuple(s.text[i : i + 2] for i in range(0, len(s.text), 2)) for s in parsed.sentences
    )
    doc_cache.store_tokens(parsed.sha256, words)
    assert doc_cache.load_tokens(parsed.sha256, len(parsed.sentences)) == words
    assert doc_cache.load_tokens(parsed.sha256, len(parsed.sentences) + 1) is None
    tokenised = dataclasses.replace(
        parsed, sentences=doc_cache.attach_tokens(parsed.sentences, words)
    )
    assert tokenised.sentences == tuple(
        dataclasses.replace(s, tokens=t) for s, t in zip(parsed.sentences, words, strict=True)
    )
    assert_same_document(round_trip(tokenised), tokenised)
    with pytest.raises(ValueError, match="malformed"):
        doc_cache.attach_tokens(parsed.sentences, words[:-1])


def test_the_fast_rebuild_skips_nothing_init_would_do():
    for cls in (Turn, Sentence, Clause):
        assert not hasattr(cls, "__post_init__"), f"_records must call {cls.__name__}'s"


def _damaged(parsed: Document, damage: str, good: bytes) -> bytes:
    flat = columns.flatten(parsed)
    at = flat.index(columns.to_columns(parsed.sentences, Sentence))
    sentences = flat[at]
    header = [doc_cache.LAYOUT, PARSER_VERSION, parsed.sha256]
    if damage in ("garbage", "truncated", "empty"):
        return {
            "garbage": b"\x00not an entry\xff" * 10,
            "truncated": good[: len(good) // 2],
            "empty": b"",
        }[damage]
    if damage == "old layout":
        header[0] -= 1
    elif damage == "old parser":
        header[1] -= 1
    elif damage == "other hash":
        header[2] = "0" * 64
    elif damage == "short column":
        flat = (*flat[:at], (sentences[0][:-1], *sentences[1:]), *flat[at + 1 :])
    elif damage == "missing column":
        flat = (*flat[:at], sentences[:-1], *flat[at + 1 :])
    return marshal.dumps((*header, flat))


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "truncated",
        "empty",
        "old layout",
        "old parser",
        "other hash",
        "short column",
        "missing column",
    ],
)
def test_a_bad_entry_is_ignored_and_rebuilt(damage, cache_dir):
    parsed = load_file(XINHUA_2017)  # fills the cache
    entry = doc_cache._entry(parsed.sha256, "doc")
    good = entry.read_bytes()
    entry.write_bytes(_damaged(parsed, damage, good))
    assert doc_cache.load_document(parsed.sha256) is None
    assert_same_document(load_file(XINHUA_2017), parsed)
    assert entry.read_bytes() == good  # rewritten whole


def test_entries_of_the_pickle_layout_are_never_read(cache_dir):
    parsed = load_file(XINHUA_2017, use_cache=False)
    old = cache_dir / "documents" / f"{parsed.sha256}.doc.v{PARSER_VERSION}.pickle"
    old.parent.mkdir(parents=True)
    old.write_bytes(pickle.dumps((PARSER_VERSION, parsed.sha256, parsed)))
    words = cache_dir / "documents" / f"{parsed.sha256}.tokens.v{PARSER_VERSION - 1}.pickle"
    words.write_bytes(b"old words")
    assert doc_cache.load_document(parsed.sha256) is None
    load_file(XINHUA_2017)
    assert doc_cache._entry(parsed.sha256, "doc").exists()
    assert not old.exists()  # replaced: entries of other versions are never read again
    assert words.exists()  # the words entry goes when words are stored anew


def test_entries_of_earlier_versions_go_and_of_later_ones_stay(cache_dir):
    parsed = load_file(XINHUA_2017, use_cache=False)
    folder = cache_dir / "documents"
    folder.mkdir(parents=True)
    names = {
        version: folder / f"{parsed.sha256}.doc.v{version}.l{doc_cache.LAYOUT}.marshal"
        for version in (PARSER_VERSION - 1, PARSER_VERSION + 1)
    }
    other = folder / f"{'0' * 64}.doc.v{PARSER_VERSION - 1}.l{doc_cache.LAYOUT}.marshal"
    for path in (*names.values(), other):
        path.write_bytes(b"an entry")
    doc_cache.store_document(parsed)
    assert not names[PARSER_VERSION - 1].exists()  # superseded by this version's entry
    assert names[PARSER_VERSION + 1].exists()  # a later tifa's, read by it
    assert other.exists()  # another content's
    assert_same_document(doc_cache.load_document(parsed.sha256), parsed)


def test_a_document_parsed_in_a_worker_process_equals_the_one_parsed_here(tmp_path, monkeypatch):
    """Workers send documents back as columns; a file they cannot parse comes back as its
    CorpusError (which once failed to unpickle and broke the pool)."""
    markers = tmp_path / "markers.txt"
    markers.write_text("（上接第二版）\n" * 20, encoding="utf-8")  # decodes; nothing is left
    jobs = [
        (d.text, path.stem, str(path), d.encoding, d.sha256)
        for path, d in ((path, read_file(path)) for path in (*SEEDS, markers))
    ]
    unflatten, rebuilt = columns.unflatten, []
    monkeypatch.setattr(columns, "unflatten", lambda flat: rebuilt.append(flat) or unflatten(flat))
    monkeypatch.setattr(loading, "PARALLEL_FROM", len(jobs))
    monkeypatch.setattr(loading.os, "cpu_count", lambda: 2)
    results = loading._parse_all(jobs, None)
    assert len(rebuilt) == len(SEEDS)  # through the pool, as columns
    for job, result in zip(jobs, results, strict=True):
        here = loading._parse(job)
        if isinstance(here, CorpusError):
            assert type(result) is CorpusError
            assert (result.path, result.reason, str(result)) == (here.path, here.reason, str(here))
        else:
            assert_same_document(result, here)
    assert isinstance(results[-1], CorpusError)


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
