"""Near-duplicate detection: the bundled pair, copies in other scripts and encodings,
different years, the synthetic corpus's known versions, the sketches, and `tifa dupes`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import opencc
import pytest
from click.testing import CliRunner

from benchmarks.synth import generate  # importable through pytest's pythonpath = ["."]
from tifa.corpus import load_corpus
from tifa.tracking.versions import dupes, minhash
from tifa.tui.cli.main import main

from helpers import OCR_2021, PD_2024, SCIO_2017, XINHUA_2017, XINHUA_2019


def _corpus(folder: Path, files: dict[str, str], encoding: str = "utf-8", manifest: str = ""):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode(encoding if "gb" in name else "utf-8"))
    if manifest:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    return load_corpus([str(folder)], use_cache=False)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_bundled_has_exactly_the_2017_versions(bundled):
    pairs = dupes.near_duplicates(bundled)
    assert [(p.a[:3], p.b[:3], p.relation) for p in pairs] == [("000", "001", "versions")]
    pair = pairs[0]
    # The edited report is mostly inside the transcript; the transcript has more besides.
    assert pair.containment_a_in_b > pair.containment_b_in_a
    assert pair.containment_a_in_b > 0.7
    assert pair.containment_b_in_a < pair.similarity < pair.containment_a_in_b


def test_different_years_share_no_passages(bundled):
    """Boilerplate (greetings, 人类命运共同体, 谢谢) is not a passage, even at a low bar."""
    pairs = dupes.near_duplicates(bundled, min_similarity=0.02)
    assert {(p.a[:3], p.b[:3]) for p in pairs} == {("000", "001")}


def test_identical_copy_is_same_text(tmp_path):
    corpus = _corpus(
        tmp_path,
        {"a.txt": _read(SCIO_2017), "b.txt": _read(SCIO_2017), "c.txt": _read(XINHUA_2019)},
    )
    [pair] = dupes.near_duplicates(corpus)
    assert (pair.a, pair.b, pair.relation) == ("a", "b", "same_text")
    assert pair.similarity == pair.containment_a_in_b == pair.containment_b_in_a == 1.0


def test_gb18030_copies_match_across_encodings(tmp_path):
    raw_scio, raw_xinhua = _read(SCIO_2017), _read(XINHUA_2017)
    corpus = _corpus(
        tmp_path,
        {"scio.txt": raw_scio, "scio_gb.txt": raw_scio, "xinhua_gb.txt": raw_xinhua},
        encoding="gb18030",
    )
    assert {d.id: d.encoding.lower() for d in corpus}["xinhua_gb"] != "utf-8"
    found = {(p.a, p.b): p for p in dupes.near_duplicates(corpus)}
    # The same text in another encoding is the same text; the edited report a version.
    assert found[("scio", "scio_gb")].relation == "same_text"
    report = found[("scio", "xinhua_gb")]
    assert report.relation == "versions"
    assert report.containment_b_in_a > report.containment_a_in_b
    assert found[("scio_gb", "xinhua_gb")].relation == "versions"
    assert len(found) == 3


def test_traditional_copy_is_a_version(tmp_path):
    raw = _read(SCIO_2017)
    traditional = opencc.OpenCC("s2t").convert(raw)
    corpus = _corpus(
        tmp_path, {"scio.txt": raw, "scio_trad.txt": traditional, "x2019.txt": _read(XINHUA_2019)}
    )
    assert {d.id: d.script for d in corpus}["scio_trad"] == "traditional"
    [pair] = dupes.near_duplicates(corpus)
    assert (pair.a, pair.b, pair.relation) == ("scio", "scio_trad", "versions")
    assert pair.similarity > 0.95


def test_shared_passages_are_listed_only_below_the_default_bar(tmp_path):
    """A text made of 2019's first answers and 2021's later ones shares passages with both
    without being a version of either."""
    first = _read(XINHUA_2019).split("\n")
    second = _read(OCR_2021).split("\n")
    mixed = "\n".join(first[: len(first) * 2 // 5] + second[len(second) // 2 :])
    files = {"mixed.txt": mixed, "x2019.txt": _read(XINHUA_2019), "pd2024.txt": _read(PD_2024)}
    corpus = _corpus(tmp_path, files)
    assert dupes.near_duplicates(corpus) == ()
    pairs = dupes.near_duplicates(corpus, min_similarity=0.1)
    assert [(p.a, p.b, p.relation) for p in pairs] == [("mixed", "x2019", "shares_passages")]
    assert 0.1 < pairs[0].containment_b_in_a < dupes.VERSIONS_CONTAINMENT


def test_documents_of_different_years_are_not_versions(tmp_path):
    """Metadata overrules text: an event's copy declared a year later is not its version."""
    raw = _read(SCIO_2017)
    edited = "\n".join(line for n, line in enumerate(raw.split("\n")) if n % 7)
    manifest = '["later.txt"]\nyear = 2018\n'
    corpus = _corpus(tmp_path, {"scio.txt": raw, "later.txt": edited}, manifest=manifest)
    [pair] = dupes.near_duplicates(corpus)
    assert pair.relation == "shares_passages"
    assert pair.similarity >= dupes.VERSIONS_SIMILARITY


def test_synthetic_versions_are_recovered():
    synthetic = generate(200, seed=3)
    pairs = dupes.find_pairs(synthetic.texts)
    found = {(p.a, p.b) for p in pairs if p.relation != "shares_passages"}
    true = found & synthetic.truth
    assert len(synthetic.truth) > 50
    assert len(true) == len(found), sorted(found - synthetic.truth)
    assert len(true) >= 0.99 * len(synthetic.truth)


def test_scores_are_symmetric_and_bounded():
    synthetic = generate(60, seed=5)
    keys = list(synthetic.texts)
    forward = {(p.a, p.b): p for p in dupes.find_pairs(keys, min_similarity=0.1)}
    n = len(keys)
    backward = {
        (n - 1 - p.b, n - 1 - p.a): p for p in dupes.find_pairs(keys[::-1], min_similarity=0.1)
    }
    assert forward.keys() == backward.keys()
    for key, p in forward.items():
        q = backward[key]
        assert p.a < p.b
        assert (p.containment_a_in_b, p.containment_b_in_a) == (
            q.containment_b_in_a,
            q.containment_a_in_b,
        )
        assert p.similarity == q.similarity
        assert 0 <= p.similarity <= max(p.containment_a_in_b, p.containment_b_in_a) <= 1


def test_lsh_finds_what_comparing_every_pair_finds(monkeypatch):
    synthetic = generate(150, seed=7)
    everything = dupes.find_pairs(synthetic.texts)
    monkeypatch.setattr(minhash, "BRUTE_FORCE_PAIRS", 0)
    assert dupes.find_pairs(synthetic.texts) == everything


def test_generator_is_deterministic():
    a, b, c = generate(40, seed=1), generate(40, seed=1), generate(40, seed=2)
    assert a == b
    assert a.texts != c.texts
    assert all(i < j for i, j in a.truth)
    assert {"event", "sequel", "version"} <= set(a.kinds)


def test_minhash_agreement_estimates_jaccard():
    rng = np.random.default_rng(0)
    alphabet = np.arange(0x4E00, 0x4E00 + 3000)
    base = "".join(map(chr, rng.choice(alphabet, 6000)))
    other = base[:3500] + "".join(map(chr, rng.choice(alphabet, 2500)))
    short = base[:12]
    keys = [base, other, short, short, "短"]
    sig, grams = minhash.signatures(keys, 5)
    shingles = [{k[i : i + 5] for i in range(len(k) - 4)} for k in keys[:2]]
    exact = len(shingles[0] & shingles[1]) / len(shingles[0] | shingles[1])
    estimate = minhash.agreement(sig, np.array([0, 2]), np.array([1, 3]))
    assert abs(estimate[0] - exact) < 0.08
    assert estimate[1] == 1.0  # short texts fill their empty bins alike
    assert grams[4] == 0
    assert (sig[4] == minhash.EMPTY).all()


def test_content_ignores_punctuation_and_spacing():
    spaced = minhash.content("台湾 是，中国的“一部分”。\nAB12")
    assert spaced.tobytes() == minhash.content("台湾是中国的一部分AB12").tobytes()


def test_cli_text_json_csv(tmp_path):
    runner = CliRunner()
    text = runner.invoke(main, ["dupes"])
    assert text.exit_code == 0, text.output
    [line] = text.stdout.splitlines()
    assert "000_" in line
    assert "001_" in line
    assert "versions" in line
    assert "2017" in line
    data = json.loads(runner.invoke(main, ["dupes", "--format", "json"]).stdout)
    [pair] = data["pairs"]
    assert {
        "a",
        "b",
        "similarity",
        "containment_a_in_b",
        "containment_b_in_a",
        "relation",
    } <= pair.keys()
    assert pair["a"].startswith("000")
    assert pair["relation"] == "versions"
    csv_lines = runner.invoke(main, ["dupes", "--format", "csv"]).stdout.splitlines()
    assert csv_lines[0].startswith("a,b,relation,similarity")
    assert len(csv_lines) == 2
    out = tmp_path / "pairs.json"
    written = runner.invoke(main, ["dupes", "--format", "json", "-o", str(out)])
    assert written.exit_code == 0
    assert written.stdout == ""
    assert "wrote" in written.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == data


def test_cli_no_pairs_and_errors(tmp_path):
    runner = CliRunner()
    folder = tmp_path / "years"
    folder.mkdir()
    for path in (XINHUA_2019, PD_2024):
        shutil.copy(path, folder / path.name)
    none = runner.invoke(main, ["dupes", "--corpus", str(folder), "--format", "json"])
    assert none.exit_code == 0
    assert json.loads(none.stdout) == {"pairs": []}
    people = runner.invoke(main, ["dupes", "--corpus", str(folder)])
    assert people.exit_code == 0
    assert "no near-duplicate pairs" in people.stdout
    missing = runner.invoke(main, ["dupes", "--corpus", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    assert "Traceback" not in missing.output
    assert missing.stdout == ""
    bad = runner.invoke(main, ["dupes", "--min-similarity", "1.5"])
    assert bad.exit_code == 2
    unwritable = runner.invoke(main, ["dupes", "-o", str(tmp_path / "no" / "dir.json")])
    assert unwritable.exit_code == 2
    assert "does not exist" in unwritable.stderr


@pytest.mark.parametrize("threshold", [0.3, 0.7])
def test_min_similarity_filters(threshold):
    synthetic = generate(80, seed=11)
    pairs = dupes.find_pairs(synthetic.texts, min_similarity=threshold)
    assert pairs
    assert all(p.similarity >= threshold for p in pairs)
