"""The KWIC lines of the Search and Timeline views: the match is never cut, the contexts
give way, and the table fits the terminal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tifa.tracking.phrases.kwic import find_occurrences
from tifa.tracking.phrases.timeline import phrase_timeline
from tifa.tui.app import TifaApp
from tifa.tui.widgets.kwic import COLUMNS, MIN_SPEAKER, PADDING, KwicTable, fit_widths, head, tail

from helpers import settle

PHRASE = "一个中国"

widths = st.integers(min_value=0, max_value=60)


@given(
    width=st.integers(min_value=0, max_value=300),
    natural=st.fixed_dictionaries({column: widths for column in COLUMNS}),
)
def test_fitting_never_narrows_the_match_or_widens_a_column(width, natural):
    fitted = fit_widths(width, natural)
    assert fitted["match"] == natural["match"]
    for column in COLUMNS:
        assert 0 <= fitted[column] <= natural[column], column


@given(
    width=st.integers(min_value=0, max_value=300),
    natural=st.fixed_dictionaries({column: widths for column in COLUMNS}),
)
def test_fitting_overflows_only_when_the_citation_and_match_cannot_fit(width, natural):
    fitted = fit_widths(width, natural)
    total = sum(fitted.values()) + PADDING * len(COLUMNS)
    floor = sum(natural.values()) - natural["left"] - natural["right"] + PADDING * len(COLUMNS)
    floor -= max(0, natural["speaker"] - MIN_SPEAKER)
    if width >= floor:
        assert total <= width
    else:
        assert fitted["left"] == fitted["right"] == 0


def test_contexts_are_cut_away_from_the_match_at_character_boundaries():
    assert tail("台湾当局在背离“", 6) == "背离“"
    assert head("”的路上越走越远", 6) == "”的路"
    assert cell_len(tail("ab中文", 3)) == 2


@pytest.mark.parametrize("view", ["4", "5"])
async def test_at_120_columns_every_match_shows_whole_and_the_lines_fit(bundled, view):
    """At 120 columns the tables once cut 一个中国 to 一个 (issue #12); the match must show
    whole on every line while the contexts shrink, and no line may run off the screen.
    Timeline (4) lists the official voice, Search (5) every turn."""
    if view == "4":
        expected = phrase_timeline(bundled, [PHRASE]).occurrences
    else:
        expected = find_occurrences(bundled, [PHRASE])
    app = TifaApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(view)
        await pilot.pause()
        await pilot.press(*PHRASE, "enter")
        await settle(pilot)
        table = app.screen.query_one(KwicTable)
        assert table.row_count == len(expected)
        assert table.virtual_size.width <= table.size.width
        lines = [table.render_line(y + 1).text for y in range(table.row_count)]
        for line, occurrence in zip(lines, expected, strict=True):
            assert f"  {PHRASE}  " in line, line
            assert occurrence.doc_id in line, line


async def test_a_narrower_terminal_shortens_the_contexts_not_the_match(bundled):
    app = TifaApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5", *PHRASE, "enter")
        await settle(pilot)
        table = app.screen.query_one(KwicTable)
        wide = table.columns["left"].width
        await pilot.resize_terminal(90, 40)
        await settle(pilot)
        assert table.columns["left"].width < wide
        assert table.columns["match"].width == cell_len(PHRASE)
        assert table.virtual_size.width <= table.size.width
