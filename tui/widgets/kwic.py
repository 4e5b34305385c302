"""Keyword-in-context lines: one occurrence per row, the match lined up in one column.

Rows are ``tracking.phrases.kwic.Occurrence`` records drawn as they are (left context right-aligned,
match, right context); Enter or a click opens the reader at the occurrence. At most ``LIMIT``
rows are drawn, because a DataTable of many thousand rows blocks the UI; exports carry all.

Decisions: the table fits its width (``fit_widths``), so no line runs off the screen. The
match is never cut; when space is short the contexts give way first, keeping the characters
next to the match, then the speaker column, down to ``MIN_SPEAKER`` cells. Widths are set
here rather than measured by DataTable, and recomputed when the table is resized.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import events
from textual.widgets import DataTable

from tifa.tui import safe
from tifa.tui.messages import OpenDocument
from tifa.tui.widgets.ink import ink, on_theme

if TYPE_CHECKING:
    from tifa.tracking.phrases.kwic import Occurrence

LIMIT = 1000
COLUMNS = ("doc", "year", "turn", "speaker", "left", "match", "right")
# DataTable pads each cell with one blank either side.
PADDING = 2
# Below this many cells per context, the speaker column shrinks to make room.
MIN_CONTEXT = 12
MIN_SPEAKER = 8


def fit_widths(width: int, natural: dict[str, int]) -> dict[str, int]:
    """Column widths (cells, padding excluded) for a table ``width`` cells wide, given each
    column's ``natural`` width (its widest cell or label).

    Every column but the contexts keeps its natural width, the speaker's shrinking down to
    ``MIN_SPEAKER`` while the contexts would get less than ``MIN_CONTEXT`` each; the contexts
    share what is left, neither wider than it needs. When even the match and the citation
    do not fit, the contexts get nothing and the table scrolls sideways.
    """
    widths = dict(natural)
    fixed = sum(natural[c] for c in COLUMNS if c not in ("left", "right"))
    spare = width - PADDING * len(COLUMNS) - fixed
    wanted = min(natural["left"], MIN_CONTEXT) + min(natural["right"], MIN_CONTEXT)
    if spare < wanted:
        give = min(wanted - spare, max(0, natural["speaker"] - MIN_SPEAKER))
        widths["speaker"] -= give
        spare += give
    spare = max(0, spare)
    right = min(natural["right"], spare - min(natural["left"], spare // 2))
    widths["left"] = min(natural["left"], spare - right)
    widths["right"] = right
    return widths


def head(text: str, cells: int) -> str:
    """The start of ``text`` that fits in ``cells`` (the right context, next to the match)."""
    used = 0
    for n, ch in enumerate(text):
        used += cell_len(ch)
        if used > cells:
            return text[:n]
    return text


def tail(text: str, cells: int) -> str:
    """The end of ``text`` that fits in ``cells`` (the left context, next to the match)."""
    return head(text[::-1], cells)[::-1]


def clip(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` with an ellipsis when it is longer."""
    return text if cell_len(text) <= cells else head(text, cells - 1) + "…"


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
        self._widths: dict[str, int] = {}

    def on_mount(self) -> None:
        self._draw()
        on_theme(self, self._redraw)

    def on_resize(self, event: events.Resize) -> None:
        if self._fit() != self._widths:
            self._redraw()

    def _redraw(self) -> None:
        """Draw again where the cursor was (a new theme or width)."""
        row = self.cursor_row
        self._draw()
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def show(self, occurrences: Sequence[Occurrence]) -> None:
        """Draw the first ``LIMIT`` occurrences."""
        self.occurrences = tuple(occurrences)
        self._draw()

    def _rows(self) -> list[tuple[str, ...]]:
        return [
            (
                safe.line(o.doc_id),
                str(o.year) if o.year is not None else "–",
                str(o.turn),
                safe.line(o.speaker or o.role),
                safe.line(o.left),
                safe.line(o.match),
                safe.line(o.right),
            )
            for o in self.occurrences[:LIMIT]
        ]

    def _fit(self, rows: list[tuple[str, ...]] | None = None) -> dict[str, int]:
        """The column widths for the rows shown, at the table's present width."""
        rows = self._rows() if rows is None else rows
        natural = {
            column: max((cell_len(row[n]) for row in rows), default=0)
            for n, column in enumerate(COLUMNS)
        }
        natural = {c: max(w, cell_len(c)) for c, w in natural.items()}
        room = self.size.width - self.styles.scrollbar_size_vertical
        return fit_widths(room, natural)

    def _draw(self) -> None:
        rows = self._rows()
        widths = self._widths = self._fit(rows)
        self.clear(columns=True)
        for column in COLUMNS:
            self.add_column(column, width=widths[column], key=column)
        exact = ink(self, "kwic--match").rich_style
        fuzzy = ink(self, "kwic--fuzzy").rich_style
        for n, (o, row) in enumerate(zip(self.occurrences, rows, strict=False)):
            doc, _, _, speaker, left, match, right = row
            self.add_row(
                safe.cell(doc),
                safe.number(o.year),
                safe.number(o.turn),
                safe.cell(clip(speaker, widths["speaker"])),
                safe.cell(tail(left, widths["left"]), justify="right"),
                safe.cell(match, style=exact if o.score >= 100 else fuzzy),
                safe.cell(head(right, widths["right"])),
                key=str(n),
            )

    @property
    def truncated(self) -> bool:
        return len(self.occurrences) > LIMIT

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        o = self.occurrences[int(event.row_key.value or 0)]
        self.post_message(OpenDocument(o.doc_id, o.turn, o.start, o.end))
