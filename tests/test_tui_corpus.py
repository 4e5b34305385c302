"""Pilot tests of the corpus view's own paths: exporting the pairs, reloading, the reader."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import DataTable, Input, RadioButton

from tifa.tui.app import TifaApp
from tifa.tui.cli.main import main
from tifa.tui.screens.export import ExportScreen
from tifa.tui.screens.help import HelpScreen
from tifa.tui.screens.reader import ReaderScreen
from tifa.tui.widgets.documents import DocumentTable
from tifa.tui.widgets.footer import KeyFooter
from tifa.tui.widgets.turns import TurnList

from helpers import SCIO_2017, XINHUA_2017, settle

SIZE = (140, 40)


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


async def write_from_dialog(pilot, target: Path) -> None:
    pilot.app.screen.query_one("#export-path", Input).value = str(target)
    await pilot.click("#export-write")
    await pilot.pause()


async def test_the_pairs_export_as_tifa_dupes_writes_them(tmp_path: Path):
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.duplicates
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        assert [r.name for r in dialog.reports] == ["corpus", "dupes"]
        assert dialog.report.name == "corpus"
        await pilot.click("#what-1")
        await pilot.pause()
        assert dialog.report.name == "dupes"
        assert dialog.fmt == "csv"
        assert dialog.query_one("#fmt-md", RadioButton).disabled
        assert dialog.query_one("#export-path", Input).value.endswith("tifa-dupes.csv")
        await write_from_dialog(pilot, tmp_path / "pairs.csv")
        assert (tmp_path / "pairs.csv").read_text(encoding="utf-8") == cli(
            "dupes", "--format", "csv"
        )

        app.screen.query_one("#pairs", DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.report.name == "dupes"  # the table in focus is picked first
        await pilot.click("#fmt-json")
        await pilot.pause()
        await write_from_dialog(pilot, tmp_path / "pairs.json")
        assert (tmp_path / "pairs.json").read_text(encoding="utf-8") == cli(
            "dupes", "--format", "json"
        )


async def test_the_palette_exports_the_pairs_from_any_view():
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        await commands["export: related pairs as JSON"].callback()
        await pilot.pause()
        assert app.current_mode == "corpus"
        assert isinstance(app.screen, ExportScreen)
        assert (app.screen.report.name, app.screen.fmt) == ("dupes", "json")


async def test_r_reloads_the_corpus_and_is_listed_in_the_footer_and_help(tmp_path: Path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(XINHUA_2017, folder)
    app = TifaApp((str(folder),))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#documents", DocumentTable)
        assert table.row_count == 1
        shown, _ = app.screen.query_one(KeyFooter).keys()
        assert ("r", "Reload") in {(k.key, k.description) for k in shown}

        shutil.copy(SCIO_2017, folder)
        await pilot.press("r")
        await settle(pilot)
        assert [d.id for d in app.catalogue] == [XINHUA_2017.stem, SCIO_2017.stem]
        assert table.row_count == 2
        assert any(n.title == "Corpus reloaded" for n in app._notifications)

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one(DataTable)
        rows = {tuple(str(c) for c in keys.get_row_at(n)) for n in range(keys.row_count)}
        assert ("Corpus", "r", "Reload") in rows


async def test_the_reader_sets_turns_apart_with_their_speaker_in_bold(bundled):
    doc = bundled.documents[0]
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        turns = app.screen.query_one(TurnList)
        lines = [turns.render_line(y) for y in range(turns.scrollable_content_region.height)]
        texts = [line.text.strip() for line in lines]
        heads = [y for y, text in enumerate(texts) if " · raw " in text]
        assert len(heads) >= 3
        for y in heads[1:]:
            assert texts[y - 1], texts[y - 1]
            assert set(texts[y - 1]) == {"─"}, texts[y - 1]  # a rule between
        for turn, y in zip(doc.turns, heads, strict=False):
            label = turn.label or turn.role
            styles = [seg.style for seg in lines[y] if seg.text == label]
            assert styles, label
            assert styles[0] is not None, label
            if turn.role == "narration":  # no speaker: the label is the role, in italics
                assert styles[0].italic is True, label
                assert not styles[0].bold, label
            else:
                assert styles[0].bold is True, label
                assert not styles[0].italic, label
            body = [seg.style for seg in lines[y + 1] if seg.text.strip()]
            assert body
            assert not any(style and style.bold for style in body)
