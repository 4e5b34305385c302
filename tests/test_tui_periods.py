"""The workbench by quarter and month: the scope bar of Timeline and Families."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select, Static

from tifa.tui.app import TifaApp
from tifa.tui.widgets.barchart import PeriodBars

from helpers import open_families, settle

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
        # the range's new lines are searched for in the 2017 pair, as ``tifa changes`` says
        screen.query_one("#families-topic", Select).value = "multilateralism"
        await settle(pilot)
        assert (screen.changes.outside.before, screen.changes.outside.new) == (2, 3)
        said = str(screen.query_one("#families-changes", Static).render())
        assert "3 new lines searched for in the 2 documents before the range: 0 said" in said


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


def bound_box(screen, view: str, bound: str) -> Input:
    return screen.query_one(f"#{view}-scope .scope-{bound}", Input)


async def enter_bounds(pilot, view: str, since: str, until: str) -> None:
    screen = pilot.app.screen
    bound_box(screen, view, "since").value = since
    bound_box(screen, view, "until").value = until
    bound_box(screen, view, "until").focus()
    await pilot.press("enter")
    await settle(pilot)


def summary(screen, view: str) -> str:
    return str(screen.query_one(f"#{view}-summary").render())


async def test_timeline_bounds_that_cross_are_marked_and_the_old_result_said_to_be_old():
    app = TifaApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_view(pilot, "4")
        await pilot.press(*"多边主义", "enter")
        await settle(pilot)
        shown, said = screen.result, summary(screen, "timeline")
        await enter_bounds(pilot, "timeline", "2020", "2019")
        assert screen.result is shown  # kept on screen, not replaced
        since, until = (
            bound_box(screen, "timeline", "since"),
            bound_box(screen, "timeline", "until"),
        )
        assert since.has_class("-invalid") and until.has_class("-invalid")
        messages = [n.message for n in app._notifications]
        assert "since 2020 is after until 2019" in messages  # the boxes, not --since/--until
        line = summary(screen, "timeline")
        assert "since 2020 is after until 2019" in line and "previous scope" in line
        assert line.endswith(said)
        assert screen.query_one("#timeline-summary").has_class("-unapplied")
        await pilot.press("tab")  # leaving the box keeps the mark: the bound is not applied
        assert until.has_class("-invalid")
        await enter_bounds(pilot, "timeline", "2019", "2021")
        assert not since.has_class("-invalid") and not until.has_class("-invalid")
        assert [r.period.key for r in screen.result.periods] == ["2019", "2020", "2021"]
        assert "previous scope" not in summary(screen, "timeline")
        assert not screen.query_one("#timeline-summary").has_class("-unapplied")


async def test_families_keeps_its_report_for_an_unreadable_bound_and_says_whose_it_is():
    app = TifaApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_families(pilot, "taiwan")
        shown = screen.result
        await enter_bounds(pilot, "families", "2019-13", "")
        assert screen.result is shown
        since, until = (
            bound_box(screen, "families", "since"),
            bound_box(screen, "families", "until"),
        )
        assert since.has_class("-invalid") and not until.has_class("-invalid")
        assert any(n.message.startswith("since '2019-13': not a date") for n in app._notifications)
        assert "previous scope" in summary(screen, "families")
        # the export is still the report shown, which names its own scope
        assert [r.name for r in screen.reports()] == ["families-taiwan", "changes-taiwan"]
        await enter_bounds(pilot, "families", "2019", "")
        assert not since.has_class("-invalid")
        assert screen.result.periods == ("2019", "2021", "2024")
        line = summary(screen, "families")
        assert "previous scope" not in line and "(2019 to …)" in line
