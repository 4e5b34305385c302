"""What two texts share: the bundled pair, copies in other scripts and encodings, shared
passages, the sketch-free candidates, the synthetic archive's known relations, and hashing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import opencc
import pytest

from benchmarks.synth import generate  # importable through pytest's pythonpath = ["."]
from tifa.corpus import load_corpus
from tifa.tracking.versions import containment, dupes, shingles
from tifa.tracking.versions.relations import corpus_relations

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
    pairs = corpus_relations(bundled).pairs
    assert [(p.a[:3], p.b[:3], p.relation) for p in pairs] == [("000", "001", "versions")]
    pair = pairs[0]
    # The edited report is mostly inside the transcript; the transcript has more besides.
    assert pair.containment_a_in_b > pair.containment_b_in_a
    assert pair.containment_a_in_b > 0.7
    assert pair.containment_b_in_a < pair.similarity < pair.containment_a_in_b
    assert pair.date_gap_days == 0 and pair.host is None and pair.slots == ()


def test_different_years_share_no_passages(bundled):
    """Boilerplate (greetings, 人类命运共同体, 谢谢) is not a passage, even at a low bar."""
    pairs = corpus_relations(bundled, min_shared=0.05).pairs
    assert {(p.a[:3], p.b[:3]) for p in pairs} == {("000", "001")}


def test_identical_copy_is_same_text(tmp_path):
    corpus = _corpus(
        tmp_path,
        {"a.txt": _read(SCIO_2017), "b.txt": _read(SCIO_2017), "c.txt": _read(XINHUA_2019)},
    )
    [pair] = corpus_relations(corpus).pairs
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
    found = {(p.a, p.b): p for p in corpus_relations(corpus).pairs}
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
    [pair] = corpus_relations(corpus).pairs
    assert (pair.a, pair.b, pair.relation) == ("scio", "scio_trad", "versions")
    assert pair.similarity > 0.95
    assert "displayed differently" in pair.reason


def test_shared_passages_are_listed_only_above_the_bar(tmp_path):
    """A text made of 2019's first answers and 2021's later ones shares passages with both
    without being a version of either; how much it shares decides whether it is listed."""
    first = _read(XINHUA_2019).split("\n")
    second = _read(OCR_2021).split("\n")
    mixed = "\n".join(first[: len(first) * 2 // 5] + second[len(second) // 2 :])
    files = {"mixed.txt": mixed, "x2019.txt": _read(XINHUA_2019), "pd2024.txt": _read(PD_2024)}
    corpus = _corpus(tmp_path, files)
    assert corpus_relations(corpus).pairs == ()
    pairs = corpus_relations(corpus, min_shared=0.2).pairs
    assert [(p.a, p.b, p.relation) for p in pairs] == [("mixed", "x2019", "shares_passages")]
    assert 0.2 < pairs[0].containment_b_in_a < dupes.VERSIONS_CONTAINMENT


def test_a_short_text_inside_a_long_one_is_found_however_long_the_host():
    """Containment, not Jaccard: 400 characters inside 40,000 still make a candidate."""
    synthetic = generate(8, seed=4)
    host = "\n".join(synthetic.texts[:6])
    rng = np.random.default_rng(0)
    inner = "".join(chr(c) for c in rng.integers(0x4E00, 0x9FA5, size=400))
    keys = [host[:20000] + inner + host[20000:], inner, synthetic.texts[7]]
    found = dupes.find_pairs(keys)
    [pair] = found.pairs
    assert (pair.a, pair.b, pair.shape) == (0, 1, "excerpt")
    assert pair.containment_b_in_a > 0.97
    assert pair.containment_a_in_b < 0.02
    assert pair.span == (0, 20000, 20400)


@pytest.mark.parametrize(
    ("asked", "inner_asked", "span"),
    [
        ((19990, 20100), False, (0, 20100, 20400)),  # begins in a question: after it
        ((20300, 20420), False, (0, 20000, 20300)),  # ends in one: before it
        ((20150, 20250), False, (0, 20000, 20400)),  # one inside: not split
        ((19990, 20420), False, (0, 20000, 20400)),  # all in one: kept whole
        ((19990, 20100), True, (0, 20000, 20400)),  # the inner text has questions itself
    ],
)
def test_an_excerpt_without_questions_is_not_spanned_into_its_hosts(asked, inner_asked, span):
    """The span of a text with no question turns leaves out a turn of its host outside the
    official voice (a question, the heading) at either edge; a text with questions (a version
    or a reissue of a briefing) keeps its span."""
    synthetic = generate(8, seed=4)
    host = "\n".join(synthetic.texts[:6])
    rng = np.random.default_rng(0)
    inner = "".join(chr(c) for c in rng.integers(0x4E00, 0x9FA5, size=400))
    keys = [host[:20000] + inner + host[20000:], inner]
    asides = {0: [asked], 1: [(0, 10)] if inner_asked else None}
    [pair] = dupes.find_pairs(keys, asides=asides.__getitem__).pairs
    assert pair.span == span


def test_partners_are_capped_and_crowded_documents_named():
    """Forty excerpts of one text overlap one another: each keeps its strongest partners."""
    text = "".join(generate(3, seed=9).texts)
    rng = np.random.default_rng(0)
    starts = rng.integers(0, len(text) - 3000, size=40)
    keys = [text[s : s + 3000] for s in starts]
    everything = containment.candidates(keys, 0.25, max_partners=0)
    capped = containment.candidates(keys, 0.25, max_partners=5)
    assert len(capped.first) < len(everything.first)
    assert len(capped.first) <= 40 * 5  # each document keeps at most five
    assert capped.crowded == frozenset(
        np.flatnonzero(
            np.bincount(np.concatenate((everything.first, everything.second)), minlength=40) > 5
        ).tolist()
    )


def test_synthetic_versions_are_recovered():
    synthetic = generate(200, seed=3)
    pairs = dupes.find_pairs(synthetic.texts).pairs
    found = {(p.a, p.b) for p in pairs if p.shape in ("same_text", "versions")}
    true = found & synthetic.truth
    assert len(synthetic.truth) > 50
    assert len(true) == len(found), sorted(found - synthetic.truth)
    assert len(true) >= 0.99 * len(synthetic.truth)


def test_scores_are_symmetric_and_bounded():
    synthetic = generate(60, seed=5)
    keys = list(synthetic.texts)
    forward = {(p.a, p.b): p for p in dupes.find_pairs(keys, min_shared=0.1).pairs}
    n = len(keys)
    backward = {
        (n - 1 - p.b, n - 1 - p.a): p for p in dupes.find_pairs(keys[::-1], min_shared=0.1).pairs
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


def test_generator_is_deterministic():
    a, b, c = generate(40, seed=1), generate(40, seed=1), generate(40, seed=2)
    assert a == b
    assert a.texts != c.texts
    assert all(i < j for i, j in a.truth)
    assert {"event", "sequel", "version"} <= set(a.kinds)


def test_gram_hashes_match_the_plain_polynomial():
    """Doubling over cache-sized blocks gives the same hashes as one character at a time."""
    cp = np.random.default_rng(0).integers(0x4E00, 0x9FFF, size=3 * shingles.BLOCK + 11)
    cp = cp.astype(np.uint32)
    for k in (5, 8):
        plain = cp[: len(cp) - k + 1].astype(np.uint64)
        for j in range(1, k):
            plain = plain * np.uint64(0x9E3779B97F4A7C15) + cp[j : j + len(plain)]
        plain *= np.uint64(0xBF58476D1CE4E5B9)
        plain ^= plain >> np.uint64(32)
        assert np.array_equal(shingles.gram_hashes(cp, k), plain)
    assert len(shingles.gram_hashes(cp[:7], 8)) == 0


def test_content_ignores_punctuation_and_spacing():
    spaced = shingles.content("台湾 是，中国的“一部分”。\nAB12")
    assert spaced.tobytes() == shingles.content("台湾是中国的一部分AB12").tobytes()


@pytest.mark.parametrize("bar", [0.3, 0.7])
def test_min_shared_filters(bar):
    synthetic = generate(80, seed=11)
    pairs = dupes.find_pairs(synthetic.texts, min_shared=bar).pairs
    assert pairs and all(max(p.containment_a_in_b, p.containment_b_in_a) >= bar for p in pairs)
