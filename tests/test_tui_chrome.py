"""The view tabs and the key bar, which tifa draws itself: what they show and what clicks do."""

from __future__ import annotations

from tifa.tui.app import TifaApp
from tifa.tui.screens.help import HelpScreen
from tifa.tui.screens.reader import ReaderScreen
from tifa.tui.widgets.footer import KeyFooter
from tifa.tui.widgets.nav import VIEWS, NavBar

from helpers import settle

SIZE = (140, 40)


def row(widget, y: int = 0) -> str:
    return widget.render_line(y).text


async def test_tabs_show_every_view_and_switch_on_click():
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        nav = app.screen.query_one(NavBar)
        labels = row(nav)
        assert all(f"{n} {title}" in labels for n, (_, title) in enumerate(VIEWS, 1))
        underline = row(nav, 1)
        corpus_at = labels.index("1 Corpus")
        assert set(underline) <= {"━", "╸", "╺"}
        assert len(underline) == nav.size.width
        assert underline[corpus_at - 1] == "╸"
        assert underline[corpus_at + len("1 Corpus")] == "╺"
        await pilot.click(NavBar, offset=(labels.index("3 Families") + 2, 0))
        await pilot.pause()
        assert app.current_mode == "families"
        nav = app.screen.query_one(NavBar)
        assert nav.view == "families"
        await pilot.click(NavBar, offset=(row(nav).index("1 Corpus"), 1))
        await pilot.pause()
        assert app.current_mode == "corpus"


async def test_the_key_bar_follows_the_screen_and_presses_a_clicked_key():
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        text = row(footer)
        for shown in ("c Compare pair", "f1 Help", "/ Search", "e Export", "q Quit"):
            assert shown in text
        assert text.rstrip().endswith("▏^p palette")
        assert len(text) == footer.size.width
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        reader_keys = row(app.screen.query_one(KeyFooter))
        assert "esc Back" in reader_keys
        assert "Compare pair" not in reader_keys
        await pilot.press("escape")
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        await pilot.hover(KeyFooter, offset=(row(footer).index("Help"), 0))
        await pilot.pause()
        assert footer.tooltip == "Every key, view by view."
        await pilot.click(KeyFooter, offset=(row(footer).index("Help"), 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
