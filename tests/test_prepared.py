"""Reports made before they are asked for (``formulations.prepared``, ``tifa prepare``): the
missing ones built and kept, the kept ones not built again, an archive that grew built
afresh, and the commands then answering from what was kept without reading a document."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tifa.corpus import open_catalogue
from tifa.tracking.formulations import families as families_module
from tifa.tracking.formulations.prepared import missing, prepare
from tifa.tracking.formulations.remembered import ReportStore
from tifa.tracking.formulations.topics import load_topics
from tifa.tui.cli.main import main

from helpers import SEEDS


def never_built(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("built, not given back from the store")

    monkeypatch.setattr(families_module, "_build", fail)


def prepared(folder: Path, topics, store: ReportStore):
    catalogue = open_catalogue([str(folder)])
    try:
        return prepare(catalogue, topics, store)
    finally:
        catalogue.close()


def test_only_what_is_missing_is_built_and_a_grown_archive_is_built_again(seeds, tmp_path):
    topics = [load_topics()[t] for t in ("taiwan", "peninsula", "us")]
    store = ReportStore(tmp_path / "kept")
    catalogue = open_catalogue([str(seeds)])
    try:
        assert missing(catalogue, topics, store) == topics  # nothing kept: not even events
    finally:
        catalogue.close()
    first = prepared(seeds, topics[:1], store)
    assert (first.built, first.kept) == (("taiwan",), ())
    second = prepared(seeds, topics, store)
    assert (second.built, second.kept) == (("peninsula", "us"), ("taiwan",))
    third = prepared(seeds, topics, store)
    assert (third.built, third.kept) == ((), ("taiwan", "peninsula", "us"))
    # a briefing added: every report was computed from another archive
    added = seeds / "2099-01-01_added.txt"
    added.write_text(SEEDS[0].read_text(encoding="utf-8") + "\n答：一个中国原则。\n", "utf-8")
    fourth = prepared(seeds, topics, store)
    assert (fourth.built, fourth.kept) == (("taiwan", "peninsula", "us"), ())


def test_the_commands_answer_from_what_was_prepared(seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    done = runner.invoke(main, ["prepare", "taiwan", "us", "--corpus", str(seeds)])
    assert done.exit_code == 0, done.output
    assert "built taiwan, us" in done.stdout and "already kept: none" in done.stdout
    never_built(monkeypatch)
    monkeypatch.setattr(
        "tifa.corpus.catalogue.Catalogue.corpus",
        lambda *a, **k: pytest.fail("documents read for a prepared report"),
    )
    for command in ("families", "changes"):
        result = runner.invoke(main, [command, "taiwan", "--corpus", str(seeds)])
        assert result.exit_code == 0, result.output
    again = runner.invoke(main, ["prepare", "us", "taiwan", "--corpus", str(seeds)])
    assert again.exit_code == 0, again.output
    assert "built none" in again.stdout and "already kept: us, taiwan" in again.stdout


def test_prepare_refuses_what_it_cannot_do(seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    unknown = runner.invoke(main, ["prepare", "atlantis", "--corpus", str(seeds)])
    assert unknown.exit_code != 0 and "atlantis" in unknown.output
    uncached = runner.invoke(main, ["prepare", "--no-cache", "--corpus", str(seeds)])
    assert uncached.exit_code != 0 and "--no-cache" in uncached.output
    assert not (tmp_path / "cache" / "families").exists()
