"""The corpus view's document table: catalogue rows, sorted and filtered as the user asks.

A ``RowTable`` of ``DocumentInfo`` rows (``tifa.corpus.Catalogue.rows``): the cells are what
``tifa corpus`` lists (``tracking.listing.document_record``) plus the title and, once they
are found, each document's relations and group (``tracking.versions.membership``). A row's
cells are made when it is first drawn and kept; columns are as wide as their widest
distinct value; sorting and filtering reorder positions, so a 10,000-row corpus is listed,
re-sorted or filtered in milliseconds.

Decisions:

* Sorting puts documents without a value (no date, no title, no relation) last whichever
  way it runs, and keeps listing order among equals, so a sort is stable and never buries
  the dated documents under the undated ones. By date, a document known only by its year
  comes before that year's dated documents.
* The text filter matches the id, the title and the date, ignoring case ("2019-03" keeps
  March 2019); other filters (facets, a relation) are a predicate given by the screen.
* Clicking a column's header sorts by it, again reverses; ``Sorted`` tells the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from rich.cells import cell_len
from textual.message import Message

from tifa.corpus.model import DATE_STATUSES, GENRES
from tifa.tui import safe
from tifa.tui.widgets.rowtable import Column, RowTable, natural_widths

if TYPE_CHECKING:
    from tifa.corpus import DocumentInfo

LISTING = "listing"  # the catalogue's own order, as `tifa corpus` lists it
TITLE_MIN = 28  # cells the title keeps however narrow the screen
UP, DOWN = " ▲", " ▼"


def _date(row: DocumentInfo) -> str | None:
    return row.date or (str(row.year) if row.year else None)


def _ranked(order: Sequence[str]) -> Callable[[str | None], int | None]:
    return lambda value: order.index(value) if value in order else None


_status, _genre = _ranked(DATE_STATUSES), _ranked(GENRES)


@dataclass(frozen=True)
class DocColumn:
    """A column: its label, how a row is shown in it, and the value it sorts by (None:
    unknown, sorted last); ``descending`` when the first click should put the most first;
    ``widest`` caps its width (longer cells end in an ellipsis)."""

    label: str
    cell: Callable[[DocumentInfo, Any], str]
    key: Callable[[DocumentInfo, Any], Any]
    justify: str = "left"
    descending: bool = False
    flex: bool = False
    widest: int = 40


def _count(value: int | None) -> str:
    return "–" if value is None else str(value)


# ``member`` is the document's ``DocumentRelations`` (None: no relation found, or not yet).
COLUMNS = {
    "id": DocColumn("id", lambda r, m: r.id, lambda r, m: r.id, widest=32),
    "year": DocColumn("year", lambda r, m: _count(r.year), lambda r, m: r.year, "right"),
    "date": DocColumn("date", lambda r, m: r.date or "", lambda r, m: _date(r)),
    "title": DocColumn("title", lambda r, m: r.title or "", lambda r, m: r.title, flex=True),
    "relations": DocColumn(
        "relations",
        lambda r, m: "" if m is None else (f"in {m.hosts[0]} · " if m.hosts else "") + m.summary(),
        lambda r, m: None if m is None else sum(m.counts.values()),
        descending=True,
        widest=24,
    ),
    "group": DocColumn(
        "group",
        lambda r, m: "" if m is None else f"{m.group} ({m.group_size})",
        lambda r, m: None if m is None else m.group,
    ),
    "dates": DocColumn(
        "dates", lambda r, m: r.metadata.date_status, lambda r, m: _status(r.metadata.date_status)
    ),
    "genre": DocColumn(
        "genre", lambda r, m: r.metadata.genre or "", lambda r, m: _genre(r.metadata.genre)
    ),
    "edition": DocColumn(
        "edition", lambda r, m: r.edition or "", lambda r, m: r.edition, widest=20
    ),
    "turns": DocColumn("turns", lambda r, m: str(r.turns), lambda r, m: r.turns, "right", True),
    "questions": DocColumn(
        "questions", lambda r, m: str(r.questions), lambda r, m: r.questions, "right", True
    ),
    "chars": DocColumn("chars", lambda r, m: str(r.chars), lambda r, m: r.chars, "right", True),
    "repairs": DocColumn(
        "repairs",
        lambda r, m: str(sum(r.repairs.values())),
        lambda r, m: sum(r.repairs.values()),
        "right",
        True,
    ),
}
NAMES = tuple(COLUMNS)


def sort_order(
    rows: Sequence[DocumentInfo],
    members: Mapping[str, Any],
    column: str,
    reverse: bool = False,
) -> list[int]:
    """Positions of ``rows`` sorted by ``column`` (``LISTING``: as listed), unknown values
    last either way, ties in listing order."""
    if column == LISTING:
        order = list(range(len(rows)))
        return order[::-1] if reverse else order
    key = COLUMNS[column].key
    values = [key(row, members.get(row.id)) for row in rows]
    known = [n for n, v in enumerate(values) if v is not None]
    known.sort(key=values.__getitem__, reverse=reverse)
    if reverse:  # keep listing order among equals, as the forward sort does
        known = _stable_reversed(known, values)
    return known + [n for n, v in enumerate(values) if v is None]


def _stable_reversed(order: list[int], values: list[Any]) -> list[int]:
    """``order`` (sorted descending by ``values``) with each run of equal values ascending."""
    out: list[int] = []
    run: list[int] = []
    for n in order:
        if run and values[run[0]] != values[n]:
            out += sorted(run)
            run = []
        run.append(n)
    return out + sorted(run)


class _Cells(Sequence[tuple[str, ...]]):
    """The cells of the rows at ``positions``, made (and kept) as they are asked for."""

    def __init__(self, positions: list[int], made: Callable[[int], tuple[str, ...]]) -> None:
        self.positions, self.made = positions, made

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, ...]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.made(n) for n in self.positions[index]]
        return self.made(self.positions[index])


class DocumentTable(RowTable):
    """Catalogue rows under the corpus view's columns, sorted and filtered."""

    class Sorted(Message):
        """The user sorted by clicking a header: by ``column``, ``reverse`` or not."""

        def __init__(self, column: str, reverse: bool) -> None:
            super().__init__()
            self.column, self.reverse = column, reverse

    def __init__(self, **kwargs: Any) -> None:
        columns = [
            Column(
                c.label,
                "right" if c.justify == "right" else "left",
                c.flex,
                TITLE_MIN if c.flex else 0,
                mark=cell_len(UP),  # every column sorts
            )
            for c in COLUMNS.values()
        ]
        super().__init__(columns, zebra_stripes=True, **kwargs)
        self.rows: Sequence[DocumentInfo] = ()
        self.members: Mapping[str, Any] = {}
        self.sort, self.reverse = LISTING, False
        self.text = ""
        self.keep: Callable[[DocumentInfo], bool] = lambda row: True
        self.shown: list[DocumentInfo] = []
        self._made: dict[int, tuple[str, ...]] = {}
        self._search: list[str] = []
        self._order: list[int] = []
        self._widths_wanted = [0] * len(COLUMNS)

    def set_rows(self, rows: Sequence[DocumentInfo], members: Mapping[str, Any]) -> None:
        """A new listing (or new relations): columns measured, rows sorted; ``filter_by``
        (or ``refilter``) shows them."""
        self.rows, self.members = rows, members
        self._made, self._search = {}, []
        self._widths_wanted = []
        for column in COLUMNS.values():
            values = {column.cell(row, members.get(row.id)) for row in rows}
            (width,) = natural_widths([(v,) for v in values], 1) if values else (0,)
            self._widths_wanted.append(width if column.flex else min(width, column.widest))
        self._order = sort_order(rows, members, self.sort, self.reverse)

    def _cells(self, position: int) -> tuple[str, ...]:
        made = self._made.get(position)
        if made is None:
            row = self.rows[position]
            member = self.members.get(row.id)
            made = tuple(safe.line(c.cell(row, member)) for c in COLUMNS.values())
            self._made[position] = made
        return made

    def sort_by(self, column: str, reverse: bool) -> None:
        self.sort, self.reverse = column, reverse
        self._order = sort_order(self.rows, self.members, column, reverse)
        self.set_labels(
            [
                c.label + ((DOWN if reverse else UP) if name == column else "")
                for name, c in COLUMNS.items()
            ]
        )
        self.refilter()

    def filter_by(self, text: str, keep: Callable[[DocumentInfo], bool]) -> None:
        self.text, self.keep = text.casefold().strip(), keep
        self.refilter()

    def passes_text(self, position: int) -> bool:
        if not self.text:
            return True
        if not self._search:
            self._search = [
                f"{row.id}\n{row.title or ''}\n{row.date or ''}".casefold() for row in self.rows
            ]
        return self.text in self._search[position]

    def refilter(self) -> None:
        """Show the rows that pass, in the sort order, the cursor kept on its document."""
        current = self.cursor_key
        shown = [n for n in self._order if self.passes_text(n) and self.keep(self.rows[n])]
        self.shown = [self.rows[n] for n in shown]
        self.show(
            _Cells(shown, self._cells),
            [row.id for row in self.shown],
            widths=self._widths_wanted,
            cursor_key=current,
        )

    def on_row_table_header_selected(self, event: RowTable.HeaderSelected) -> None:
        event.stop()
        column = NAMES[event.column]
        reverse = not self.reverse if column == self.sort else COLUMNS[column].descending
        self.sort_by(column, reverse)
        self.post_message(self.Sorted(column, reverse))
