"""A table that draws only the rows on screen, so that 10,000 documents list at once.

Textual's DataTable builds an object per row and measures every cell as rows are added: 10,000
rows block the UI for ~0.6 s, and it must be rebuilt to sort or filter. ``RowTable`` holds
plain tuples of strings and draws the lines in view (the Line API), so showing, sorting or
filtering 10,000 rows costs what making the list costs: a few milliseconds.

Decisions:

* Cells are ``str``, already made inert by the caller (``tui.safe.line``): the table never
  parses markup, and a cell is drawn by cutting or padding it to its column in terminal
  cells (CJK counts two), with an ellipsis when it is cut.
* Column widths are given by the caller (``natural_widths`` measures rows), so a table that
  fills in batches, or is filtered, keeps its columns still. One column may be ``flex``: it
  shrinks to what the others leave (down to its ``min_width``), and the table scrolls
  sideways when even that does not fit.
* The header stays on the first line; clicking it posts ``HeaderSelected`` (the caller sorts).
  As in DataTable, a click on a row highlights it and a click on the highlighted row (or
  Enter) selects it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

PADDING = 1  # blank cells either side of a cell


@dataclass(frozen=True)
class Column:
    """A column: its header ``label``, how cells line up, and whether it gives and takes
    width (``flex``: as wide as its widest cell if there is room). ``mark`` cells are kept
    beside the label for a mark the caller may add to it (a sort arrow, ``set_labels``), so
    that the mark never cuts the label and the columns stay where they are when it comes
    and goes; no column is narrower than that, or than ``min_width``."""

    label: str
    justify: Literal["left", "right"] = "left"
    flex: bool = False
    min_width: int = 0
    mark: int = 0

    @property
    def least(self) -> int:
        """The width its header needs, marked."""
        return max(self.min_width, cell_len(self.label) + self.mark)


def fit(text: str, width: int, justify: str = "left") -> str:
    """``text`` in exactly ``width`` terminal cells: cut with an ellipsis, or padded."""
    if width <= 0:
        return ""
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - size)
    return pad + text if justify == "right" else text + pad


@lru_cache(maxsize=64)
def _column(n: int) -> Style:
    return Style.from_meta({"column": n})


def natural_widths(rows: Iterable[Sequence[str]], columns: int) -> list[int]:
    """The widest cell of each of ``columns`` columns over ``rows`` (terminal cells)."""
    widths = [0] * columns
    for row in rows:
        for n, cell in enumerate(row):
            size = len(cell) if cell.isascii() else cell_len(cell)
            if size > widths[n]:
                widths[n] = size
    return widths


class RowTable(ScrollView, can_focus=True):
    """Rows of string cells under a fixed header, drawn as they come into view."""

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        & > .rowtable--header { text-style: bold; background: $panel; color: $foreground; }
        & > .rowtable--even { background: $surface-lighten-1 50%; }
        & > .rowtable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .rowtable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        &:dark > .rowtable--even { background: $surface-darken-1 40%; }
        &:ansi > .rowtable--header { background: ansi_bright_blue; color: ansi_default; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rowtable--header",
        "rowtable--even",
        "rowtable--cursor",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Select", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(-1)", "Last", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class RowHighlighted(Message):
        """The cursor moved to ``row`` (an index into the rows shown), whose key is ``key``."""

        def __init__(self, table: RowTable, row: int, key: str) -> None:
            super().__init__()
            self.table, self.row, self.key = table, row, key

        @property
        def control(self) -> RowTable:
            return self.table

    class RowSelected(RowHighlighted):
        """Enter (or a click) on the highlighted row."""

    class HeaderSelected(Message):
        """The header of ``column`` (its index) was clicked."""

        def __init__(self, table: RowTable, column: int) -> None:
            super().__init__()
            self.table, self.column = table, column

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        zebra_stripes: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self.labels = [c.label for c in self.columns]
        self.zebra_stripes = zebra_stripes
        self._rows: Sequence[Sequence[str]] = ()
        self._keys: Sequence[str] = ()
        self._natural = [c.least for c in self.columns]
        self._widths = list(self._natural)

    # -- data ----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, row: int) -> Sequence[str]:
        return self._rows[row]

    def key_at(self, row: int) -> str:
        return self._keys[row]

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row (None when the table is empty)."""
        return self._keys[self.cursor_row] if self._rows else None

    def show(
        self,
        rows: Sequence[Sequence[str]],
        keys: Sequence[str],
        *,
        widths: Sequence[int] | None = None,
        cursor_key: str | None = None,
    ) -> None:
        """Show ``rows`` (cells per column) with their ``keys``; columns as wide as ``widths``
        (default: the widest cell of these rows). The cursor goes to the row of
        ``cursor_key`` if it is shown, else stays where it was (within the rows)."""
        self._rows, self._keys = rows, keys
        natural = widths if widths is not None else natural_widths(rows, len(self.columns))
        self._natural = [max(w, c.least) for w, c in zip(natural, self.columns, strict=True)]
        row = self.cursor_row
        if cursor_key is not None:
            with contextlib.suppress(ValueError):
                row = list(keys).index(cursor_key)
        self._layout()
        self.set_reactive(RowTable.cursor_row, max(0, min(row, len(rows) - 1)))
        self._scroll_to_cursor()
        self.refresh()
        if rows:
            self.post_message(self.RowHighlighted(self, self.cursor_row, keys[self.cursor_row]))

    def set_labels(self, labels: Sequence[str]) -> None:
        """New header labels (a sort mark, say, in the room its column keeps for one);
        widths are kept."""
        self.labels = list(labels)
        self.refresh()

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = row

    # -- layout --------------------------------------------------------------------------

    def _layout(self) -> None:
        """Widths for the current size: a flex column gets what the others leave, up to
        its widest cell and down to its minimum."""
        widths = list(self._natural)
        for n, column in enumerate(self.columns):
            if column.flex:
                others = sum(w + 2 * PADDING for m, w in enumerate(widths) if m != n)
                room = self.scrollable_content_region.width - others - 2 * PADDING
                widths[n] = max(column.least, min(widths[n], room))
        self._widths = widths
        total = sum(w + 2 * PADDING for w in widths)
        self.virtual_size = Size(total, len(self._rows) + 1)

    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        self._scroll_to_cursor()

    # -- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            strip = self._line(self.labels, self.get_component_rich_style("rowtable--header"))
        else:
            row = scroll_y + y - 1
            if row >= len(self._rows):
                return Strip.blank(width, self.rich_style)
            strip = self._line(self._rows[row], self._row_style(row))
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, self.rich_style)

    def _row_style(self, row: int) -> Style:
        style = self.rich_style
        if self.zebra_stripes and row % 2 == 0:
            style += self.get_component_rich_style("rowtable--even")
        if row == self.cursor_row:
            style += self.get_component_rich_style("rowtable--cursor")
        return style

    def _line(self, cells: Sequence[str], style: Style) -> Strip:
        """One segment per cell, its style marked with its column (as DataTable does), so
        that no renderer merges cells and each starts at its column wherever it is drawn."""
        pad = " " * PADDING
        return Strip(
            [
                Segment(pad + fit(cell, width, column.justify) + pad, style + _column(n))
                for n, (cell, width, column) in enumerate(
                    zip(cells, self._widths, self.columns, strict=False)
                )
            ]
        )

    # -- the cursor ----------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if self._rows:
            self.post_message(self.RowHighlighted(self, new, self._keys[new]))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        self.cursor_row += step

    def action_page(self, step: int) -> None:
        self.cursor_row += step * max(1, self.scrollable_content_region.height - 2)

    def action_edge(self, end: int) -> None:
        self.cursor_row = 0 if end == 0 else len(self._rows) - 1

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self.cursor_row, self._keys[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.y == 0:
            x = offset.x + round(self.scroll_x)
            for n, width in enumerate(self._widths):
                x -= width + 2 * PADDING
                if x < 0:
                    self.post_message(self.HeaderSelected(self, n))
                    return
            return
        row = round(self.scroll_y) + offset.y - 1
        if 0 <= row < len(self._rows):
            if row == self.cursor_row:
                self.action_select()
            else:
                self.cursor_row = row
