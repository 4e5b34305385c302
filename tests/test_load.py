"""Loading folders and files: metadata by manifest or inference, bad input, the cache."""

from __future__ import annotations

import shutil

import pytest

from tifa.corpus import CorpusError, load_corpus, load_file, with_tokens
from tifa.corpus import tokens as tokens_module

from helpers import DATA, SEEDS, XINHUA_2017

YEARS = [2017, 2017, 2024, 2019, 2021]


def test_bundled_corpus_has_the_five_seeds_with_manifest_years(bundled):
    assert [d.year for d in bundled] == YEARS
    assert all(d.metadata.sources["year"] == "manifest" for d in bundled)
    assert [d.id[:3] for d in bundled] == ["000", "001", "002", "003", "004"]


def test_years_are_inferred_without_the_manifest(tmp_path):
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / seed.name)
    corpus = load_corpus([str(tmp_path)])
    assert [d.year for d in corpus] == YEARS
    assert [d.metadata.sources["year"] for d in corpus] == [
        "session",
        "session",
        "anniversary",
        "dateline",
        "session",
    ]


def test_a_folder_manifest_overrides_inference(tmp_path):
    shutil.copy(XINHUA_2017, tmp_path / "a.txt")
    (tmp_path / "manifest.toml").write_text(
        '["a.txt"]\ntitle = "我的标题"\nyear = 2016\n', encoding="utf-8"
    )
    doc = load_corpus([str(tmp_path)]).documents[0]
    assert (doc.title, doc.year, doc.metadata.sources["year"]) == ("我的标题", 2016, "manifest")
    assert doc.date is not None  # still inferred where the manifest is silent


def test_bad_files_in_a_folder_are_skipped_with_a_warning(tmp_path):
    shutil.copy(XINHUA_2017, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "english.txt").write_text("Just an English note, nothing else.\n" * 5)
    corpus = load_corpus([str(tmp_path)])
    assert [d.id for d in corpus] == ["good"]
    assert len(corpus.warnings) == 3
    assert any("empty.txt" in w and "empty file" in w for w in corpus.warnings)


def test_a_bad_named_file_raises(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CorpusError, match=r"empty\.txt"):
        load_corpus([str(empty)])
    with pytest.raises(CorpusError, match=r"missing\.txt"):
        load_corpus([str(tmp_path / "missing.txt")])


def test_a_malformed_folder_manifest_is_an_error(tmp_path):
    shutil.copy(XINHUA_2017, tmp_path / "a.txt")
    (tmp_path / "manifest.toml").write_text('["a.txt"]\nyear = \n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest\.toml.*line"):
        load_corpus([str(tmp_path)])


def test_ids_stay_unique_across_folders(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        shutil.copy(XINHUA_2017, tmp_path / sub / "same.txt")
    corpus = load_corpus([str(tmp_path / "x"), str(tmp_path / "y")])
    assert [d.id for d in corpus] == ["same", "same-2"]


def test_documents_are_found_by_id_prefix_and_path(bundled):
    assert bundled.get("000").id.startswith("000_")
    assert bundled.get(str(DATA / SEEDS[1].name)).id.startswith("001_")
    with pytest.raises(LookupError, match="ambiguous"):
        bundled.get("00")
    with pytest.raises(LookupError, match="no such document"):
        bundled.get("zzz")


def test_gb18030_file_loads_with_the_same_structure(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes(XINHUA_2017.read_text(encoding="utf-8").encode("gb18030"))
    doc, original = load_file(path), load_file(XINHUA_2017)
    assert doc.encoding == "gb18030"
    assert doc.text == original.text
    assert len(doc.turns) == len(original.turns)


def test_every_span_maps_back_to_the_raw_file(bundled):
    for doc in bundled:
        for turn in doc.turns:
            start, end = doc.raw_span(turn.start, turn.end)
            raw = doc.raw[start:end]
            assert raw[0] == doc.text[turn.start] or doc.text[turn.start] in "“‘"
            assert len(raw) >= turn.end - turn.start


def test_the_index_serves_a_second_load_without_parsing(tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    first = load_file(XINHUA_2017)
    monkeypatch.setattr("tifa.corpus.parse.parse_text", lambda *a, **k: pytest.fail("parsed"))
    assert load_file(XINHUA_2017) == first


def test_cached_tokens_skip_jieba(tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    corpus = with_tokens(load_corpus([str(XINHUA_2017)]))
    sentence = next(s for s in corpus.documents[0].sentences if "一个中国原则" in s.text)
    assert "一个中国原则" in sentence.tokens  # the user dictionary keeps the term whole
    assert "".join(sentence.tokens) == corpus.documents[0].key[sentence.start : sentence.end]
    monkeypatch.setattr(tokens_module, "tokenise", lambda text: pytest.fail("jieba was used"))
    monkeypatch.setattr("tifa.corpus.parse.tokenise", lambda text: pytest.fail("jieba was used"))
    again = with_tokens(load_corpus([str(XINHUA_2017)]))
    assert again.documents[0].sentences == corpus.documents[0].sentences


def test_no_cache_parses_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    load_corpus([str(XINHUA_2017)], use_cache=False)
    assert not (tmp_path / "cache").exists()


def test_many_uncached_files_parse_in_parallel_with_the_same_result(tmp_path, monkeypatch):
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "blank.txt").write_text("   \n\n", encoding="utf-8")
    serial = load_corpus([str(tmp_path)], use_cache=False)
    monkeypatch.setattr("tifa.corpus.sync.PARALLEL_FROM", 2)
    monkeypatch.setattr("tifa.corpus.pool.workers", lambda: 2)
    seen = []
    parallel = load_corpus([str(tmp_path)], use_cache=False, progress=seen.append)
    assert parallel.documents == serial.documents
    assert parallel.warnings == serial.warnings
    assert len(serial.warnings) == 1
    parsing = [e for e in seen if e.stage == "parsing"]
    assert [e.done for e in parsing] == list(range(1, len(SEEDS) + 2))
    assert {e.total for e in parsing} == {len(SEEDS) + 1}


def test_load_file_takes_a_path_as_a_string_too():
    assert load_file(str(XINHUA_2017)).text == load_file(XINHUA_2017).text


def test_one_folder_or_file_on_its_own_is_a_list_of_one(tmp_path):
    # A str is a Sequence[str]: read letter by letter it used to name "/" and "t" as files.
    from tifa.corpus import load_named

    shutil.copy(XINHUA_2017, tmp_path / XINHUA_2017.name)
    as_list = [d.id for d in load_corpus([str(tmp_path)])]
    assert [d.id for d in load_corpus(str(tmp_path))] == as_list == [XINHUA_2017.stem]
    assert [d.id for d in load_corpus(tmp_path)] == as_list
    assert [d.id for d in load_named(XINHUA_2017.stem, tmp_path)] == as_list
