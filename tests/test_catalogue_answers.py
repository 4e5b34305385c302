"""A catalogue answers searches and timelines from its index (keys and ``Places``: turns,
sentence spans, offset runs) exactly as the corpus in memory does from whole documents, on
an archive made to exercise what the index stores apart: Traditional and full-width text
(a key that differs from the text), OCR spaces and CRLF line ends (raw offsets that jump),
monologues, briefings and statements (every role), dates by month (quarters and months)."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import opencc
import pytest

from tifa.corpus import load_corpus, open_catalogue
from tifa.tracking.periods import date_range
from tifa.tracking.phrases.kwic import find_occurrences
from tifa.tracking.phrases.timeline import phrase_timeline

from helpers import ROOT, SEEDS

FIXTURES = ROOT / "tests" / "fixtures"
REAL = ROOT.parent / "shared" / "real"
PHRASES = ["台湾", "一个中国原则", "多边主义", "分阶段、同步走", "中国", "政府工作报告", "答"]


def make_archive(folder: Path) -> None:
    folder.mkdir()
    for path in [*SEEDS, *sorted(FIXTURES.glob("*/*.txt"))]:
        shutil.copy(path, folder / f"{path.parent.name}_{path.name}")
    to_traditional = opencc.OpenCC("s2t")
    xinhua, scio = SEEDS[0].read_text("utf-8"), SEEDS[1].read_text("utf-8")
    (folder / "traditional.txt").write_bytes(to_traditional.convert(xinhua).encode("gb18030"))
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    (folder / "full_width.txt").write_text(scio.translate(wide), "utf-8")
    spaced = "\n".join(
        " ".join(line) if i % 3 == 0 else line for i, line in enumerate(xinhua.splitlines())
    )
    (folder / "ocr_spaces.txt").write_text(spaced, "utf-8")
    (folder / "crlf.txt").write_bytes(scio.replace("\n", "\r\n").encode("utf-8"))
    dates = ["2017-03-08", "2017-05-02", "2019-11-20", "2021-02-14"]
    (folder / "manifest.toml").write_text(
        "".join(
            f'["{name}"]\ndate = "{day}"\n'
            for name, day in zip(
                ["full_width.txt", "ocr_spaces.txt", "crlf.txt", "traditional.txt"],
                dates,
                strict=True,
            )
        ),
        "utf-8",
    )


def assert_same_answers(folder: Path, phrases: list[str]) -> None:
    catalogue = open_catalogue([str(folder)])
    corpus = load_corpus([str(folder)])
    assert catalogue.rows == corpus.infos
    for phrase in phrases:
        found = find_occurrences(catalogue, [phrase])
        assert found == find_occurrences(corpus, [phrase]), phrase
    aliases = {"一个中国原则": ["一中原则"], "台湾": ["台灣"]}
    assert find_occurrences(catalogue, ["一个中国原则", "台湾"], aliases=aliases) == (
        find_occurrences(corpus, ["一个中国原则", "台湾"], aliases=aliases)
    )
    assert find_occurrences(catalogue, ["一个中国原则"], fuzzy=80) == find_occurrences(
        corpus, ["一个中国原则"], fuzzy=80
    )
    for options in (
        {},
        {"roles": ["all"]},
        {"roles": ["question"], "by": "quarter"},
        {"by": "month", "span": date_range("2017-03", "2021")},
        {"context": 5, "roles": ["answer", "narration"]},
    ):
        for phrase in phrases[:4]:
            timeline = phrase_timeline(catalogue, [phrase], **options)  # type: ignore[arg-type]
            assert timeline == phrase_timeline(corpus, [phrase], **options), (phrase, options)
    catalogue.close()


def test_a_catalogue_answers_as_the_corpus_on_a_varied_archive(tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    make_archive(tmp_path / "archive")
    catalogue = open_catalogue([str(tmp_path / "archive")])
    texts = {row.id: catalogue.open(n) for n, row in enumerate(catalogue.rows)}
    assert texts["traditional"].key != texts["traditional"].text
    assert texts["full_width"].key != texts["full_width"].text
    assert sum(r.repairs.get("cjk_spaces", 0) for r in catalogue.rows) > 0
    assert len({role for r in catalogue.rows for role in r.role_chars}) == 5  # every role
    catalogue.close()
    assert_same_answers(tmp_path / "archive", PHRASES)


@pytest.mark.skipif(not REAL.is_dir(), reason="the real sample is not here")
def test_a_catalogue_answers_as_the_corpus_on_real_transcripts(tmp_path, monkeypatch):
    """Forty real documents, picked at random once (every run the same)."""
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "real"
    folder.mkdir()
    for path in random.Random(7).sample(sorted(REAL.rglob("*.txt")), 40):
        shutil.copy(path, folder / path.name)
    assert_same_answers(folder, [*PHRASES, "外交部发言人", "美方"])


def test_a_corpus_opened_again_reuses_its_decoded_rows_until_a_file_changes(tmp_path):
    """``snapshot._opened``: the tifa daemon opens a folder once so that each command it
    forks finds the rows decoded; a change to a file is still seen."""
    for seed in SEEDS[:2]:
        shutil.copy(seed, tmp_path)
        os.utime(tmp_path / seed.name, (time.time() - 60, time.time() - 60))
    open_catalogue([str(tmp_path)]).close()  # builds the index and its snapshot
    first, again = open_catalogue([str(tmp_path)]), open_catalogue([str(tmp_path)])
    first.close()
    again.close()
    assert first.rows == again.rows
    assert first.rows[0] is again.rows[0]
    text = SEEDS[0].read_text(encoding="utf-8")
    (tmp_path / SEEDS[0].name).write_text(text[: len(text) // 2], encoding="utf-8")
    changed = open_catalogue([str(tmp_path)])
    changed.close()
    assert [r.id for r in changed.rows] == [r.id for r in first.rows]
    assert changed.rows[0].chars < first.rows[0].chars
