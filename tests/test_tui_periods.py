"""The workbench by quarter and month: the scope bar of Timeline and Families."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select

from tifa.tui.app import TifaApp
from tifa.tui.widgets.barchart import PeriodBars

from helpers import settle

SIZE = (140, 40)


def drawn(bars: PeriodBars) -> str:
    return str(bars.render())


async def open_view(pilot, key: str):
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen


async def test_timeline_by_month_folds_months_without_documents_and_exports_html(tmp_path):
    app = TifaApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_view(pilot, "4")
        screen.query_one("#timeline-scope .scope-unit", Select).value = "month"
        await pilot.press(*"多边主义", "enter")
        await settle(pilot)
        result = screen.result
        assert result.unit == "month" and result.periods[0].period.key == "2017-03"
        assert len(result.periods) == 85  # 2017-03 … 2024-03, every month a row
        text = drawn(screen.query_one(PeriodBars))
        assert "2017-03" in text and "2024-03" in text
        assert "2017-04 … 2019-02  no documents (23 months)" in text
        assert len(text.splitlines()) < len(result.periods)
        report = screen.report()
        assert report is not None and "html" in report.formats
        assert report.render("html").startswith("<!DOCTYPE html>")


async def test_a_bad_bound_is_a_notification_not_a_run():
    app = TifaApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_view(pilot, "4")
        screen.query_one("#timeline-scope .scope-since", Input).value = "2019-13"
        await pilot.press(*"多边主义", "enter")
        await settle(pilot)
        assert screen.result is None
        assert any("2019-13" in n.message for n in app._notifications)
        screen.query_one("#timeline-scope .scope-since", Input).value = "2019"
        screen.query_one("#timeline-scope .scope-until", Input).value = "2021-Q1"
        screen.query_one("#timeline-scope .scope-until", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert [r.period.key for r in screen.result.periods] == ["2019", "2020", "2021"]


async def test_families_by_quarter_in_a_range():
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot, "3")
        unit = screen.query_one("#families-scope .scope-unit", Select)
        height = unit.outer_size.height
        unit.value = "quarter"
        screen.query_one("#families-topic", Select).value = "taiwan"
        await settle(pilot)
        assert unit.outer_size.height == height  # "by quarter" on one line, as "by year"
        report = screen.result
        assert report.unit == "quarter"
        assert report.periods == ("2017-Q1", "2019-Q1", "2021-Q1", "2024-Q1")
        strip = str(screen.query_one("#families-list", OptionList).get_option_at_index(0).prompt)
        assert "2017-Q1" in strip
        names = [r.name for r in screen.reports()]
        assert names == ["families-taiwan", "changes-taiwan"]
        screen.query_one("#families-scope .scope-since", Input).value = "2019"
        screen.query_one("#families-scope .scope-since", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.result.periods == ("2019-Q1", "2021-Q1", "2024-Q1")
        out = screen.result.left_out["out_of_range"]
        assert out == ("000_47b88e4171794380", "001_ed59d1e97501d117")


async def test_every_turn_on_request(bundled):
    from tifa.tracking.phrases.kwic import find_occurrences
    from tifa.tui.widgets.kwic import KwicTable

    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot, "4")
        await pilot.press(*"多边主义", "enter")
        await settle(pilot)
        official = screen.query_one(KwicTable).row_count
        screen.query_one("#timeline-scope .scope-roles", Select).value = "all"
        await settle(pilot)
        assert screen.result.roles == ("question", "answer", "host", "narration", "statement")
        assert screen.query_one(KwicTable).row_count == len(find_occurrences(bundled, ["多边主义"]))
        assert screen.query_one(KwicTable).row_count > official
