"""The document reader: a transcript's turns with speaker labels, opened over any view.

Opened from the corpus table (at the top), or from a search or timeline line (at the turn,
with the hit highlighted). Escape returns to where the reader was opened from. Offsets in
the turn headers are raw-file offsets, as everywhere tifa cites text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Label

from tifa.tui import safe
from tifa.tui.screens.dialogs import DismissOnce
from tifa.tui.widgets.footer import KeyFooter
from tifa.tui.widgets.turns import TurnList

if TYPE_CHECKING:
    from tifa.corpus import Document
    from tifa.tui.screens.export import Report


class ReaderScreen(DismissOnce, Screen[None]):
    CSS_PATH = "reader.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("backspace", "close", "Back", show=False),
        Binding("j", "move('down')", "Down", show=False),
        Binding("k", "move('up')", "Up", show=False),
        Binding("g", "move('first')", "Top", show=False),
        Binding("G", "move('last')", "Bottom", show=False),
    ]

    def __init__(
        self, doc: Document, *, turn: int | None = None, mark: tuple[int, int] | None = None
    ) -> None:
        super().__init__()
        self.doc = doc
        self.turn = turn
        self.mark = mark

    def compose(self) -> ComposeResult:
        doc = self.doc
        yield Label(safe.label(doc.title or doc.id), id="reader-title")
        facts = (
            f"{doc.id} · {doc.year or 'year ?'} · {doc.date or 'date ?'} · "
            f"{doc.edition or 'edition ?'} · {len(doc.turns)} turns, "
            f"{doc.questions} questions · {doc.encoding}"
        )
        yield Label(safe.label(facts), id="reader-facts")
        yield TurnList(id="reader-turns")
        yield KeyFooter()

    def on_mount(self) -> None:
        turns = self.query_one(TurnList)
        turns.show(self.doc, self.mark)
        turns.focus()
        target = self.turn
        if target is None and self.mark is not None:
            found = self.doc.turn_at(self.mark[0])
            target = found.index if found else None
        if target is not None and 0 <= target < turns.option_count:
            turns.highlighted = target
            self.call_after_refresh(turns.scroll_to_mark)

    def action_close(self) -> None:
        self.dismiss()

    def action_move(self, where: str) -> None:
        turns = self.query_one(TurnList)
        actions = {
            "down": turns.action_cursor_down,
            "up": turns.action_cursor_up,
            "first": turns.action_first,
            "last": turns.action_last,
        }
        actions[where]()

    def reports(self) -> tuple[Report, ...]:
        return (self.report(),)

    def report(self) -> Report:
        from tifa.tracking.exports import Table
        from tifa.tracking.listing import TURN_COLUMNS, show_record, turn_records
        from tifa.tui.screens.export import Report

        rows = tuple(tuple(r[c] for c in TURN_COLUMNS) for r in turn_records(self.doc))
        return Report.of_table(
            f"document-{self.doc.id}", Table(TURN_COLUMNS, rows), show_record(self.doc)
        )
