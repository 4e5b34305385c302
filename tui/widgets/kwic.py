"""Keyword-in-context lines: one occurrence per row, the match lined up in one column.

Rows are ``tracking.phrases.kwic.Occurrence`` records drawn as they are (left context right-aligned,
match, right context); Enter or a click opens the reader at the occurrence. At most ``LIMIT``
rows are drawn, because a DataTable of many thousand rows blocks the UI; exports carry all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable

from tifa.tui import safe
from tifa.tui.messages import OpenDocument
from tifa.tui.widgets.ink import ink, on_theme

if TYPE_CHECKING:
    from tifa.tracking.phrases.kwic import Occurrence

LIMIT = 1000
COLUMNS = ("doc", "year", "turn", "speaker", "left", "match", "right")


class KwicTable(DataTable[Any]):
    COMPONENT_CLASSES = {"kwic--match", "kwic--fuzzy"}
    DEFAULT_CSS = """
    KwicTable { height: 1fr; }
    KwicTable > .kwic--match { color: $text-warning; text-style: bold; }
    KwicTable > .kwic--fuzzy { color: $text-accent; text-style: bold italic; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.occurrences: tuple[Occurrence, ...] = ()

    def on_mount(self) -> None:
        self.add_columns(*COLUMNS)
        on_theme(self, self._restyle)

    def _restyle(self) -> None:
        row = self.cursor_row
        self.show(self.occurrences)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def show(self, occurrences: Sequence[Occurrence]) -> None:
        """Draw the first ``LIMIT`` occurrences."""
        self.occurrences = tuple(occurrences)
        self.clear()
        exact = ink(self, "kwic--match").rich_style
        fuzzy = ink(self, "kwic--fuzzy").rich_style
        for n, o in enumerate(self.occurrences[:LIMIT]):
            style = exact if o.score >= 100 else fuzzy
            self.add_row(
                safe.cell(o.doc_id),
                safe.number(o.year),
                safe.number(o.turn),
                safe.cell(o.speaker or o.role),
                safe.cell(o.left, justify="right"),
                safe.cell(o.match, style=style),
                safe.cell(o.right),
                key=str(n),
            )

    @property
    def truncated(self) -> bool:
        return len(self.occurrences) > LIMIT

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        o = self.occurrences[int(event.row_key.value or 0)]
        self.post_message(OpenDocument(o.doc_id, o.turn, o.start, o.end))
