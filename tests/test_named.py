"""Loading only the documents a command names (`tifa diff A B`, `tifa show DOC`)."""

from __future__ import annotations

import shutil

import pytest

from tifa.corpus import load_corpus, load_named

from helpers import SCIO_2017, SEEDS, XINHUA_2017


@pytest.fixture
def folder(tmp_path):
    """The seeds, a clashing stem in a subfolder, an unreadable file and a manifest."""
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "sub").mkdir()
    shutil.copy(SCIO_2017, tmp_path / "sub" / XINHUA_2017.name)
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "manifest.toml").write_text(
        f'["{XINHUA_2017.name}"]\ntitle = "新华社报道"\nyear = 2017\n', encoding="utf-8"
    )
    return tmp_path


def test_names_pick_the_same_documents_as_the_whole_corpus(folder):
    corpus = load_corpus([str(folder)])
    names = [XINHUA_2017.stem, XINHUA_2017.stem + "-2", str(folder / SEEDS[2].name), "004_d9"]
    picked = load_named(names, [str(folder)])
    assert [d.id for d in picked] == [corpus.get(n).id for n in names]
    assert [d.text for d in picked] == [corpus.get(n).text for n in names]
    assert picked[0].title == "新华社报道"  # the folder's manifest applies
    assert picked[1].text == load_named([str(SCIO_2017)])[0].text  # the clash is the SCIO copy


def test_other_files_are_not_read(folder):
    """The unreadable file makes the whole corpus warn; naming others never touches it."""
    assert load_corpus([str(folder)]).warnings
    (first,) = load_named(["001"], [str(folder)])
    assert first.id.startswith("001_")


def test_a_file_outside_the_corpus_is_read_directly(tmp_path):
    outside = tmp_path / "report.txt"
    shutil.copy(XINHUA_2017, outside)
    (doc,) = load_named([str(outside)])
    assert doc.id == "report"
    assert doc.year == 2017


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("00", "ambiguous"),
        ("zzz", "no such document"),
        (".", "is a folder"),
    ],
)
def test_names_that_fit_nothing_say_why(name, message):
    with pytest.raises(LookupError, match=message):
        load_named([name])
