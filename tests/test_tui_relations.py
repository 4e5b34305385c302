"""Pilot tests of relations in the workbench: the filter, pages of pairs, where an excerpt
sits in its host, an excerpt compared with its span, and a chain walked in Compare."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Label, Select

from tifa.tui.app import TifaApp
from tifa.tui.messages import OpenPair
from tifa.tui.screens import corpus as corpus_screen
from tifa.tui.widgets.documents import DocumentTable

from helpers import relation_archive, settle

SIZE = (140, 40)
DATES = {
    "template_serbia": "2020-03-21",
    "template_cambodia": "2020-03-23",
    "template_kuwait": "2020-04-28",
    "hk_statement": "2019-11-20",
    "hk_briefing": "2019-11-20",
}


def workbench(tmp_path: Path, **options: bool):
    """The workbench on the relation fixtures, dated as ``DATES``."""
    relation_archive(tmp_path, DATES)
    app = TifaApp((str(tmp_path),))
    return app, app.run_test(size=SIZE, **options)


def text_of(label: Label) -> str:
    return str(label.content)


def rows(table: DataTable | DocumentTable) -> list[str]:
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


async def test_the_filter_shows_one_relation_and_where_an_excerpt_sits(tmp_path: Path):
    app, running = workbench(tmp_path)
    async with running as pilot:
        await settle(pilot)
        screen = app.screen
        pairs = screen.query_one("#pairs", DataTable)
        assert pairs.row_count == 4  # three template pairs and the excerpt
        assert text_of(screen.query_one("#pairs-title", Label)) == "Related pairs: 4"
        docs = screen.query_one("#documents", DocumentTable)
        statement = rows(docs).index("hk_statement")
        assert docs.get_row_at(statement)[4] == "in hk_briefing · excerpt 1"
        screen.query_one("#relation-filter", Select).value = "excerpt"
        await settle(pilot)
        assert rows(docs) == ["hk_briefing", "hk_statement"]
        assert pairs.row_count == 1
        assert str(pairs.get_row_at(0)[-1]).startswith("A ")  # the briefing comes first
        detail = text_of(screen.query_one("#pair-detail", Label))
        assert detail.startswith("hk_statement sits in hk_briefing at characters ")
        assert "有何评论？ 答：【11月19日，美国国会参议院审议通过" in detail  # after the question
        await pilot.press("f")
        assert app.focused is screen.query_one("#relation-filter", Select)


async def test_pairs_come_a_page_at_a_time(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(corpus_screen, "PAGE", 3)
    app, running = workbench(tmp_path)
    async with running as pilot:
        await settle(pilot)
        screen = app.screen
        pairs = screen.query_one("#pairs", DataTable)
        title = screen.query_one("#pairs-title", Label)
        assert pairs.row_count == 3
        assert text_of(title) == "Related pairs: 4 · page 1 of 2 ([ ])"
        await pilot.press("right_square_bracket")
        assert pairs.row_count == 1
        assert "page 2 of 2" in text_of(title)
        await pilot.press("right_square_bracket")  # no page 3
        assert "page 2 of 2" in text_of(title)
        await pilot.press("left_square_bracket")
        assert pairs.row_count == 3


async def test_an_excerpt_is_compared_with_its_span(tmp_path: Path):
    app, running = workbench(tmp_path)
    async with running as pilot:
        await settle(pilot)
        app.post_message(OpenPair("hk_statement", "hk_briefing"))
        await pilot.pause()
        await settle(pilot)
        screen = app.screen
        assert screen.diff.windows is not None
        bar = screen.query_one("#compare-chain", Label)
        assert bar.display
        assert text_of(bar).startswith("compared: A 0–775 of 778, B ")


async def test_w_walks_a_chain_of_reissues_in_compare(tmp_path: Path):
    app, running = workbench(tmp_path, notifications=True)
    async with running as pilot:
        await settle(pilot)
        docs = app.screen.query_one("#documents", DocumentTable)
        docs.move_cursor(row=rows(docs).index("template_cambodia"))
        docs.focus()
        await pilot.press("w")
        await settle(pilot)
        assert app.current_mode == "compare"
        compare = app.screen
        bar = compare.query_one("#compare-chain", Label)
        assert text_of(bar).startswith("chain of 3 issues · step 2 of 2: 2020-03-23 → 2020-04-28")
        assert (compare.diff.a.id, compare.diff.b.id) == ("template_cambodia", "template_kuwait")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "step 1 of 2: 2020-03-21 → 2020-03-23 (reissued, 2 days apart)" in text_of(bar)
        assert (compare.diff.a.id, compare.diff.b.id) == ("template_serbia", "template_cambodia")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert any("No more issues" in str(n.message) for n in app._notifications)
        await pilot.press("1")
        await settle(pilot)
        docs = app.screen.query_one("#documents", DocumentTable)
        docs.move_cursor(row=rows(docs).index("hk_statement"))
        docs.focus()
        await pilot.press("w")
        await settle(pilot)
        assert any("in no chain" in str(n.message) for n in app._notifications)
