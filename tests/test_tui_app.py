"""Pilot tests of the workbench: each view, and the key paths a researcher takes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.widgets import Checkbox, DataTable, Input, OptionList

from tifa.corpus import load_corpus
from tifa.tracking.formulations.families import when
from tifa.tracking.phrases.kwic import find_occurrences
from tifa.tracking.phrases.render import render_timeline
from tifa.tracking.phrases.timeline import phrase_timeline
from tifa.tui.app import TifaApp
from tifa.tui.messages import OpenDocument, OpenPair
from tifa.tui.screens.export import ExportScreen
from tifa.tui.screens.help import HelpScreen
from tifa.tui.screens.reader import ReaderScreen
from tifa.tui.widgets.diffview import GUTTER, SEPARATOR, DiffView
from tifa.tui.widgets.documents import DocumentTable
from tifa.tui.widgets.kwic import KwicTable
from tifa.tui.widgets.turns import TurnList

from helpers import SCIO_2017, XINHUA_2017, open_families, reworded_lines, settle

SIZE = (140, 40)
PAIR = (XINHUA_2017.stem, SCIO_2017.stem)


def separator_columns(view: DiffView) -> set[int]:
    """Display columns of the side-by-side separator on every line that has one."""
    found = set()
    for strip in view._lines:
        text = strip.text
        if "│" in text:
            found.add(cell_len(text[: text.index("│")]) - 1)
    return found


async def open_pair(pilot) -> DiffView:
    pilot.app.post_message(OpenPair(*PAIR))
    await pilot.pause()
    await settle(pilot)
    return pilot.app.screen.query_one(DiffView)


async def test_corpus_view_lists_documents_and_opens_the_reader(bundled):
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#documents", DocumentTable)
        assert table.row_count == len(bundled)
        first = bundled.documents[0]
        assert table.get_row_at(0)[0] == first.id
        assert table.get_row_at(0)[3] == first.title
        relations = {
            table.get_row_at(n)[0]: (table.get_row_at(n)[5], table.get_row_at(n)[4])
            for n in range(table.row_count)
        }
        assert relations[PAIR[0]] == ("1 (2)", "versions 1")
        assert relations[PAIR[1]] == ("1 (2)", "versions 1")
        assert relations[bundled.documents[2].id] == ("", "")
        assert app.screen.query_one("#pairs", DataTable).row_count == len(app.duplicates or ())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.query_one(TurnList).option_count == len(first.turns)
        await pilot.press("escape")
        assert app.current_mode == "corpus"


async def test_compare_steps_through_changes_and_toggles_types():
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = await open_pair(pilot)
        assert app.current_mode == "compare"
        diff = app.screen.diff
        assert (diff.a.id, diff.b.id) == PAIR
        assert len(view.blocks) == len(diff.rows) + sum(len(r.sentences) for r in diff.rows)
        stops = view.changes
        assert len(stops) > 3
        await pilot.press("n")
        assert view.cursor == stops[0]
        await pilot.press("n", "n")
        assert view.cursor == stops[2]
        await pilot.press("p")
        assert view.cursor == stops[1]
        view.cursor = None
        await pilot.press("p")
        assert view.cursor == stops[-1]
        await pilot.pause()
        assert view.scroll_y > 0
        punctuation = app.screen.query_one("#show-punctuation", Checkbox)
        punctuation.value = False
        await pilot.pause()
        assert "punctuation" in view.hidden
        only_punct = [
            b
            for b in view.blocks
            if b.sentence is not None
            and all(
                p.type == "punctuation"
                for p in diff.rows[b.turn].sentences[b.sentence].pieces
                if p.op != "equal"
            )
            and diff.rows[b.turn].sentences[b.sentence].kind == "edited"
        ]
        assert only_punct
        assert not any(b.change for b in only_punct)
        assert len(view.changes) == len(stops) - len(only_punct)
        for width in (100, 240):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            assert separator_columns(view) == {
                (view.scrollable_content_region.width - GUTTER - len(SEPARATOR)) // 2
            }
        lines_side = len(view._lines)
        await pilot.press("i")
        await pilot.pause()
        assert view.inline
        assert len(view._lines) < lines_side


def family_panes_shown(screen) -> bool:
    """Whether the chart and the variants are on screen (hidden, not bare borders, until a
    family is shown)."""
    panes = [screen.query_one(f"#families-{p}") for p in ("chart-box", "variants")]
    assert len({p.display for p in panes}) == 1
    return panes[0].display


async def test_families_lists_a_topic_and_shows_members():
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert not family_panes_shown(app.screen)
        screen = await open_families(pilot, "taiwan")
        assert family_panes_shown(screen)
        assert "taiwan" in screen.topics
        report = screen.result
        assert report is not None
        assert report.families
        families = screen.query_one("#families-list", OptionList)
        assert families.option_count == len(report.families)
        await pilot.pause()
        family = screen.family
        assert family is max(report.families, key=lambda f: (f.uses, len(f.periods)))
        detail = screen.query_one("#families-detail", OptionList)
        assert detail.option_count == len(family.years) + len(family.members)
        chart = str(screen.query_one("#families-chart").render())
        assert "■ v0" in chart and all(p in chart for p in report.periods)
        for n, shown in enumerate(screen.shown):  # the legend says when bars outnumber uses
            families.highlighted = n
            await pilot.pause()
            drawn = str(screen.query_one("#families-chart").render())
            counted = sum(sum(k for _, k in v.periods) for v in shown.variants)
            assert ("counts for each" in drawn) == (counted != shown.uses), shown.label
        assert any(sum(v.uses for v in f.variants) != f.uses for f in screen.shown)
        families.highlighted = 0
        await pilot.pause()
        variants = screen.query_one("#families-variants", OptionList)
        assert variants.option_count == len(family.variants) + 1  # and "all variants"
        variants.highlighted = 1  # v0 only
        await pilot.pause()
        mine = [m for m in family.members if m.variant == 0]
        assert detail.option_count == len({m.period for m in mine}) + len(mine)
        # each period's head says the variant's uses of the family's, not the family's alone
        head = str(detail.get_option_at_index(0).prompt)
        first = mine[0].period
        v0, all_uses = family.variants[0].count(first), family.count(first)
        said = f"v0: {v0} of {all_uses} use{'' if all_uses == 1 else 's'}, canonical v"
        assert head.startswith(f"{first}  {said}")
        variants.highlighted = 0
        await pilot.pause()
        screen.set_focus(detail)
        detail.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.doc.id == min(family.in_period(family.periods[0]), key=when).doc


async def test_a_periods_uses_are_listed_by_date_the_uncounted_among_them(tmp_path):
    """A briefing that says the line twice counts once: its second use is listed after its
    first, not after the period's other briefings (as the family holds them, counted
    first)."""
    line = "我们坚决反对任何形式的“台独”分裂活动"
    twice = f"{line}。台湾是中国领土不可分割的一部分。{line}"
    for day, text in {"2018-05-02": line, "2019-03-01": twice, "2019-06-03": line}.items():
        y, m, d = (int(x) for x in day.split("-"))
        head = f"{y}年{m}月{d}日外交部发言人华春莹主持例行记者会"
        body = f"{head}\n\n问：请问中方对此有何评论？\n\n答：中方愿同各方加强沟通协调。{text}。\n"
        (tmp_path / f"{day}_r.txt").write_text(body, "utf-8")
    app = TifaApp((str(tmp_path),))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_families(pilot, "taiwan")
        family = screen.family
        assert family.label == line
        assert [m.counted for m in family.in_period("2019")] == [True, True, False]
        detail = screen.query_one("#families-detail", OptionList)
        options = [detail.get_option_at_index(n) for n in range(detail.option_count)]
        listed = [o.id.split("\x00") for o in options if o.id]
        uses = [(doc, int(start)) for doc, _, start, _ in listed]
        assert uses == [
            ("2018-05-02_r", 55),
            ("2019-03-01_r", 55),
            ("2019-03-01_r", 91),  # counted by the first
            ("2019-06-03_r", 55),
        ]


async def test_the_families_filter_lists_the_families_saying_a_text():
    """Ctrl+L and a text: only the families with a wording (the label's or a variant's)
    that holds it, punctuation aside, and the first of them shown; no match leaves the
    panes empty; an empty filter lists every family again."""
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_families(pilot, "peninsula")
        families = screen.query_one("#families-list", OptionList)
        every = families.option_count
        said = [
            f
            for f in screen.shown
            if any("双轨并进" in w for w in (f.label, *(v.wording for v in f.variants)))
        ]
        assert 0 < len(said) < every
        await pilot.press("ctrl+l", *"双轨并进思路", "enter")  # said as “双轨并进”思路
        await settle(pilot)
        assert families.has_focus
        listed = [
            screen.shown[int(families.get_option_at_index(n).id)]
            for n in range(families.option_count)
        ]
        assert listed and all(f in said for f in listed)
        assert screen.family is listed[0]
        assert f"{len(listed)} with “双轨并进思路”" in str(
            screen.query_one("#families-summary").render()
        )
        screen.query_one("#families-filter").value = "没有这句话"
        await pilot.press("ctrl+l", "enter")
        await settle(pilot)
        assert families.option_count == 0 and screen.family is None
        assert screen.query_one("#families-detail", OptionList).option_count == 0
        assert not family_panes_shown(screen)
        screen.query_one("#families-filter").value = ""
        await pilot.press("ctrl+l", "enter")
        await settle(pilot)
        assert families.option_count == every


async def test_a_long_families_list_is_listed_a_page_at_a_time(monkeypatch):
    """``PAGE`` families at a time, then an entry that lists the next page when chosen
    (highlighting it shows no family); choosing it moves on to the first family added."""
    from tifa.tui.screens import families as view

    monkeypatch.setattr(view, "PAGE", 2)
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_families(pilot, "taiwan")
        listed = screen.query_one("#families-list", OptionList)
        total = len(screen.shown)
        assert total > 4
        assert listed.option_count == 3 and listed.get_option_at_index(2).id == "more"
        assert f"{total - 2} more families" in str(listed.get_option_at_index(2).prompt)
        screen.set_focus(listed)
        listed.highlighted = 2
        await pilot.pause()
        assert screen.family is screen.shown[0]  # the entry is no family
        await pilot.press("enter")
        await settle(pilot)
        assert listed.option_count == 5 and screen.family is screen.shown[2]
        while listed.get_option_at_index(listed.option_count - 1).id == "more":
            listed.highlighted = listed.option_count - 1
            await pilot.press("enter")
            await settle(pilot)
        assert [listed.get_option_at_index(n).id for n in range(total)] == [
            str(n) for n in range(total)
        ]


async def test_families_changes_name_a_rewording_by_its_two_wordings(tmp_path):
    """The changes under the families list name a rewording by the wordings before and
    after (行径 → 图谋 in 2020), not by the family's label, which is whichever of its lines is
    said most: in a family that a key phrase or a chain of links made of two lines, another
    line than the one reworded; with how often each is said in its year (four briefings)."""
    reworded_lines(tmp_path)
    app = TifaApp((str(tmp_path),))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_families(pilot, "taiwan")
        shown = str(screen.query_one("#families-changes").render())
        reworded = [line for line in shown.splitlines() if "reworded" in line]
        line = "我们坚决反对任何形式的“台独”分裂"
        assert reworded == [f"  reworded (1): {line}行径 → {line}图谋 (4 uses → 4 uses)"]


async def test_families_changes_head_a_change_by_what_its_cited_use_says(tmp_path):
    """A line first said with 活动 (2017) and from then on with 行径 is new in 2017: the list
    under the families names it as that first use says it, as ``tifa changes`` heads it, not
    by the family's label, its most used wording, which was not yet said."""
    line = "我们坚决反对任何形式的“台独”分裂"
    said = {2016: "中方坚定奉行一个中国政策", 2017: f"{line}活动"}
    reworded_lines(tmp_path, said | {year: f"{line}行径" for year in (2018, 2019, 2020)})
    app = TifaApp((str(tmp_path),))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_families(pilot, "taiwan")
        assert screen.result.families[0].label == f"{line}行径"
        shown = str(screen.query_one("#families-changes").render()).splitlines()
        at = shown.index("2017: 1 present")
        assert shown[at + 1] == f"  new (1): {line}活动"
        # 行径, now the label, is new in 2018 as a wording: not "new wording of" itself
        at = shown.index("2018: 1 present")
        said = f"{line}行径 (a new wording of a line said since 2017)"
        assert shown[at + 1] == f"  new (1): {said}"


async def test_the_reader_shows_a_mark_deep_in_a_long_turn(tmp_path):
    """A report is one turn far longer than the screen: the reader opens with the marked
    use on screen, not at the turn's head, and PageDown/PageUp scroll its text (OptionList
    moves a page of turns, and left the rest of the turn out of reach of the keys)."""
    said = "".join(f"第{n}条，我们要坚持和发展新时代中国特色社会主义。" for n in range(400))
    mark = "推进祖国和平统一进程"
    text = f"中国共产党第二十次全国代表大会报告\n\n同志们：{said}{mark}。{said}\n"
    (tmp_path / "report.txt").write_text(text, "utf-8")
    app = TifaApp((str(tmp_path),))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = load_corpus([str(tmp_path)]).documents[0].text.index(mark)
        app.post_message(OpenDocument("report", None, start, start + len(mark)))
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        turns = app.screen.query_one(TurnList)
        assert turns._heights[turns.highlighted] > 3 * turns.size.height

        def shown() -> str:
            return "".join(
                "".join(s.text for s in turns.render_line(y)) for y in range(turns.size.height)
            )

        assert mark[:6] in shown() and turns.scroll_y > 0
        at = turns.scroll_y
        await pilot.press("pagedown")
        await pilot.pause()
        assert turns.scroll_y > at
        await pilot.press("pageup")
        await pilot.pause()
        assert turns.scroll_y == at


async def test_inline_with_every_type_hidden_reads_as_b():
    """The inline layout shows hidden edits as B has them: a hidden deletion is nothing, not
    A's text in grey, which made sentences neither version says (新华社北京3月8日电 … 上午 …
    梅地亚 … 邀请 from the 2017 pair's first)."""
    from tifa.tui.widgets.diffview import shown_text

    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = await open_pair(pilot)
        for box in app.screen.query(Checkbox):
            if (box.id or "").startswith("show-"):
                box.value = False
        await pilot.press("i")
        await pilot.pause()
        assert view.inline and view.hidden
        rows = [s for r in app.screen.diff.rows for s in r.sentences]
        hidden = [
            s for s in rows if all(p.op == "equal" or p.type in view.hidden for p in s.pieces)
        ]
        assert any(p.op == "delete" for s in hidden for p in s.pieces)
        for s in hidden:
            b = "".join(shown_text(p, "b") for p in s.pieces if p.op != "delete")
            assert view._merged(s).plain == b


async def test_typed_keywords_clear_the_topic_and_picking_it_again_builds_it():
    """Keywords typed after a topic leave no topic named in the select (it named the one
    built before, over the keywords' families), and picking that topic again builds it."""
    from textual.widgets import Select

    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_families(pilot, "taiwan")
        keywords = screen.query_one("#families-keywords", Input)
        keywords.value = "一国两制, 台独"
        keywords.focus()
        await pilot.press("enter")
        await settle(pilot)
        topic = screen.query_one("#families-topic", Select)
        assert screen.result.topic.source == "typed" and topic.is_blank()
        topic.value = "taiwan"
        await settle(pilot)
        assert screen.result.topic.id == "taiwan" and keywords.value == ""


async def test_the_variant_chart_draws_each_series_in_its_own_colour():
    """The five most used variants and the other wordings each have a colour of their own,
    in the dark theme and the light: two variants side by side in one bar must not read as
    one (Textual's themes give $accent and $warning one colour)."""
    from tifa.tui.widgets.ink import ink
    from tifa.tui.widgets.variantchart import COLOURS, VariantChart

    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_families(pilot, "taiwan")
        chart = app.screen.query_one(VariantChart)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await settle(pilot)
            inks = {ink(chart, f"variant--{k}").foreground for k in range(COLOURS)}
            assert len(inks) == COLOURS, theme


async def test_the_families_exports_are_the_commands_bytes():
    """The Families view's exports are what ``tifa families`` and ``tifa changes`` print, in
    every format, each cited use in its sentence in the summaries as the commands show it."""
    from click.testing import CliRunner

    from tifa.tui.cli.main import main

    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_families(pilot, "taiwan")
        reports = {r.name.split("-")[0]: r for r in screen.reports()}
        for command in ("families", "changes"):
            for fmt in ("text", "md", "html", "json", "csv"):
                printed = CliRunner().invoke(main, [command, "taiwan", "--format", fmt])
                assert reports[command].render(fmt) == printed.stdout, (command, fmt)
        assert "【" in reports["changes"].render("md")


async def test_families_changes_say_how_established_a_dropped_line_was(tmp_path):
    """A line said in 2016 and 2017 (eight briefings) and never again is dropped after 2017:
    the list under the families says how often it was said before the silence, as ``tifa
    changes`` does."""
    gone, stays = "中方坚定奉行一个中国政策", "台湾是中国领土不可分割的一部分"
    reworded_lines(tmp_path, {2016: gone, 2017: gone} | dict.fromkeys((2018, 2019, 2020), stays))
    app = TifaApp((str(tmp_path),))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_families(pilot, "taiwan")
        shown = str(screen.query_one("#families-changes").render()).splitlines()
        at = shown.index("2017: 1 present")
        assert shown[at + 1] == f"  dropped (1): {gone} (8 uses since 2016)"


async def test_a_large_family_report_is_held_out_of_the_collectors_scans(monkeypatch):
    """A report of at least ``HELD`` uses is frozen once shown (``collector.hold_for_good``),
    so that browsing it does not make every full collection read it again; a smaller one
    is left to the collector."""
    import gc

    from tifa.corpus import collector
    from tifa.tui.screens import families

    monkeypatch.setattr(collector, "_frozen_for_good", False)
    try:
        app = TifaApp()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            scanned = {}
            for topic, held in (("taiwan", 10**9), ("peninsula", 1)):
                monkeypatch.setattr(families, "HELD", held)
                app.screen.query_one("#families-topic").value = topic
                await settle(pilot)
                report = app.screen.result
                scanned[topic] = any(o is report for o in gc.get_objects())
            assert scanned == {"taiwan": True, "peninsula": False}
            assert collector._frozen_for_good
    finally:
        gc.unfreeze()


async def test_the_corpus_with_its_words_is_held_once_read(monkeypatch):
    """The corpus read with its words for Families (kept by the app for every later topic)
    is frozen once read, from ``HELD_DOCUMENTS`` documents: not scanned again by each full
    collection while the user browses."""
    import gc

    from tifa.corpus import collector
    from tifa.tui import app as workbench

    monkeypatch.setattr(collector, "_frozen_for_good", False)
    monkeypatch.setattr(workbench, "HELD_DOCUMENTS", 1)
    try:
        app = TifaApp(use_cache=False)  # no kept report: the words are read
        async with app.run_test(size=SIZE) as pilot:
            await open_families(pilot, "taiwan")
            assert app._tokens is not None
            document = app._tokens[1].documents[0]
            assert collector._frozen_for_good
            assert not any(o is document for o in gc.get_objects())
    finally:
        gc.unfreeze()


async def test_families_kept_from_an_earlier_run_show_without_loading_words(monkeypatch):
    """The second time a topic is asked of the same corpus, the report comes from the store
    (``formulations.remembered``): no words are loaded, and a use still opens the reader."""

    async def families_of(app: TifaApp, pilot) -> object:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        app.screen.query_one("#families-topic").value = "taiwan"
        await settle(pilot)
        return app.screen.result

    first = TifaApp()
    async with first.run_test(size=SIZE) as pilot:
        built = await families_of(first, pilot)
    assert built is not None

    def no_words(self, node):
        raise AssertionError("words loaded for a kept report")

    monkeypatch.setattr(TifaApp, "tokenised_corpus", no_words)
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        kept = await families_of(app, pilot)
        assert kept is not None
        assert [f.label for f in kept.families] == [f.label for f in built.families]
        detail = app.screen.query_one("#families-detail", OptionList)
        app.screen.set_focus(detail)
        detail.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        family = kept.families[0]
        assert app.screen.doc.id == min(family.in_period(family.periods[0]), key=when).doc


async def test_timeline_counts_a_typed_phrase_and_opens_a_line(bundled):
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press(*"多边主义", "enter")
        await settle(pilot)
        expected = phrase_timeline(bundled, ["多边主义"]).occurrences  # the official voice
        kwic = app.screen.query_one(KwicTable)
        assert kwic.row_count == len(expected) > 0
        assert str(kwic.get_row_at(0)[5]) == expected[0].match
        kwic.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.query_one(TurnList).highlighted == expected[0].turn
        await pilot.press("escape")
        box = app.screen.query_one("#timeline-query", Input)
        box.value = ""
        box.focus()
        box.post_message(events.Paste("人类命运共同体"))
        await pilot.pause()
        assert box.value == "人类命运共同体"
        await pilot.press("enter")
        await settle(pilot)
        pasted = phrase_timeline(bundled, ["人类命运共同体"]).occurrences
        assert app.screen.query_one(KwicTable).row_count == len(pasted) > 0


async def test_search_from_anywhere_shows_kwic_lines(bundled):
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert app.current_mode == "search"
        await pilot.press(*"台湾", "enter")
        await settle(pilot)
        expected = find_occurrences(bundled, ["台湾"])
        assert app.screen.query_one(KwicTable).row_count == min(len(expected), 1000)


async def test_export_writes_the_cli_bytes_and_says_where(bundled, tmp_path: Path):
    app = TifaApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press(*"一带一路", "enter")
        await settle(pilot)
        await pilot.press("escape", "e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / "timeline.csv"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        expected = render_timeline(phrase_timeline(bundled, ["一带一路"]), "csv")
        assert target.read_text(encoding="utf-8") == expected
        assert any(str(target) in n.message for n in app._notifications)


async def test_export_to_a_missing_folder_fails_cleanly(tmp_path: Path):
    app = TifaApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        target = tmp_path / "nowhere" / "corpus.md"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#fmt-md")
        await pilot.click("#export-write")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert not target.exists()
        assert any("does not exist" in n.message for n in app._notifications)


async def test_help_palette_theme_and_quit():
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        keys = {str(table.get_row_at(n)[1]) for n in range(table.row_count)}
        does = {str(table.get_row_at(n)[2]) for n in range(table.row_count)}
        assert {"f1", "/", "e", "q", "^p"} <= keys
        assert {"Next change", "Prev change", "Inline/side by side"} <= does
        await pilot.press("escape")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for view in ("corpus", "compare", "families", "timeline", "search"):
            assert f"view: {view}" in titles
            assert f"export: {view} as CSV" in titles
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not dark
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_palette_runs_a_namespaced_command():
    app = TifaApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"view: timeline")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.current_mode == "timeline"


@pytest.mark.parametrize("bad", ["missing.txt", "binary.txt"])
async def test_an_unreadable_input_is_named_and_the_rest_loads(tmp_path: Path, bad: str):
    target = tmp_path / bad
    if bad == "binary.txt":
        target.write_bytes(bytes(range(256)) * 8)
    app = TifaApp((str(XINHUA_2017), str(target)))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert [d.id for d in app.catalogue] == [XINHUA_2017.stem]
        assert any(bad in n.message for n in app._notifications)
        assert app.screen.query_one("#documents", DocumentTable).row_count == 1
