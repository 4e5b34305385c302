"""Corpus text is data: markup and terminal escapes in a transcript show literally everywhere.

The transcripts here are valid (Chinese, speaker labels, the minister answering) but carry
Rich/Textual markup, a live-action link, ESC sequences and bidi overrides in their names,
labels and text. Every view is driven over them; nothing may crash, quit, or lose the
brackets.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, OptionList, Static

from tifa.tui import safe
from tifa.tui.app import TifaApp
from tifa.tui.messages import OpenDocument, OpenPair
from tifa.tui.screens.reader import ReaderScreen
from tifa.tui.widgets.diffview import DiffView
from tifa.tui.widgets.documents import DocumentTable
from tifa.tui.widgets.kwic import KwicTable
from tifa.tui.widgets.turns import TurnList

from helpers import settle

MARKUP = ("[bold red]", "[/]", "[@click=app.quit]", "[/b]", "[TODO]")

HOSTILE_A = """外交部长王毅[bold red]答中外记者问[/]

新华社北京2019年3月8日电 [TODO]记者会在两会新闻中心举行。

新华社记者：[@click=app.quit]外长您好[/]。请问中方如何看待多边主义[/b]？\x1b[31m谢谢\x1b[0m。

王毅：多边主义是[link=https://example.com]国际关系[/link]的基本原则。我们坚持真正的多边主义，\
反对[bold]单边主义[/bold]。\x1b]0;pwned\x07世界上只有一个中国，台湾是中国领土不可分割的一部分。

人民日报记者：[red]台湾[/red]问题\u202e倒序\u202c有什么新的表述？

王毅：台湾是中国领土不可分割的一部分[/]，这是历史和法理事实。
"""

HOSTILE_B = (
    HOSTILE_A.replace("2019年3月8日", "2021年3月7日")
    .replace("我们坚持真正的多边主义", "我们始终坚持真正的多边主义")
    .replace("有什么新的表述", "有什么表述")
    .replace("这是历史和法理事实", "这是[i]历史事实[/i]")
)


def write_corpus(folder: Path) -> tuple[Path, Path]:
    a = folder / "[bold]王毅[@click=app.quit].txt"
    b = folder / "[bold red]b\x1b[31m[TODO].txt"
    a.write_text(HOSTILE_A, encoding="utf-8")
    b.write_text(HOSTILE_B, encoding="utf-8")
    return a, b


async def test_every_view_shows_hostile_text_literally(tmp_path: Path):
    a, b = write_corpus(tmp_path)
    missing = tmp_path / "[/b][@click=app.quit]gone.txt"
    app = TifaApp((str(a), str(b), str(missing)))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert len(app.catalogue) == 2
        assert any("[/b][@click=app.quit]gone.txt" in n.message for n in app._notifications)
        ids = [d.id for d in app.catalogue]
        table = app.screen.query_one("#documents", DocumentTable)
        assert [table.get_row_at(n)[0] for n in range(table.row_count)] == [
            safe.line(i) for i in ids
        ]
        titles = [table.get_row_at(n)[3] for n in range(table.row_count)]
        assert titles == ["外交部长王毅[bold red]答中外记者问[/]"] * 2
        drawn = [table.render_line(y).text for y in range(3)]
        assert all("外交部长王毅[bold red]" in line for line in drawn[1:]), drawn

        app.post_message(OpenDocument(ids[0]))
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        turns = app.screen.query_one(TurnList)
        shown = "".join(
            turns.get_option_at_index(n).prompt.plain for n in range(turns.option_count)
        )
        for token in MARKUP:
            assert token in shown
        assert "\x1b" not in shown
        assert "\u202e" not in shown
        await pilot.press("escape")

        app.post_message(OpenPair(*ids))
        await settle(pilot)
        view = app.screen.query_one(DiffView)
        assert view.diff is not None
        drawn = "".join(strip.text for strip in view._lines)
        assert "[@click=app.quit]" in drawn
        assert "[i]" in drawn
        assert "\x1b" not in drawn
        await pilot.press("n", "i", "n")

        await pilot.press("4")
        await pilot.pause()
        await pilot.press(*"多边主义", "enter")
        await settle(pilot)
        kwic = app.screen.query_one(KwicTable)
        assert kwic.row_count >= 2
        context = "".join(
            kwic.get_row_at(n)[4].plain + kwic.get_row_at(n)[6].plain for n in range(kwic.row_count)
        )
        assert "[bold]单边主义[/bold]" in context and "[link=https://examp" in context

        await pilot.press("escape", "slash")
        await pilot.pause()
        query = app.screen.query_one("#search-query", Input)
        query.value = "[bold]单边主义[/bold]"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(KwicTable).row_count == 2

        await pilot.press("escape", "3")
        await settle(pilot)
        keywords = app.screen.query_one("#families-keywords", Input)
        keywords.value = "台湾, 多边主义"
        keywords.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#families-list", OptionList).option_count > 0

        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape", "f1")
        await pilot.pause()
        await pilot.press("escape")
        assert app.is_running


class Plain(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(safe.content("[/b] [@click=app.quit]x[/] \x1b[2J"), id="s")
        yield DataTable(id="t")


async def test_safe_text_survives_widgets_that_parse_markup():
    app = Plain()
    async with app.run_test(notifications=True) as pilot:
        table = app.query_one(DataTable)
        table.add_columns(safe.label("[b]col"))
        table.add_row(safe.cell("[/b] [TODO]"))
        safe.notify(app, "[/b] file [@click=app.quit]x[/] failed", severity="error")
        await pilot.pause()
        assert table.get_row_at(0)[0].plain == "[/b] [TODO]"
        assert app.query_one("#s", Static).render().plain == "[/b] [@click=app.quit]x[/] [2J"
        assert app._notifications
        assert "[@click=app.quit]" in next(iter(app._notifications)).message
    assert isinstance(safe.cell("x"), Text)


def test_clean_and_line_remove_controls_but_keep_brackets():
    assert safe.clean("a\x1b[31mb\r\nc\u202ed\x07") == "a[31mb\ncd"
    assert safe.line("a\nb\tc") == "a b c"
    assert safe.label("[bold]x[/]").plain == "[bold]x[/]"
    assert safe.clean(None) == ""
