"""Facets beside a long list: a field's values with how many rows have each, to narrow by.

Each facet (year, genre, date status…) is a list of its values with their counts; ticking
values keeps the rows with any of them, and facets combine (a year *and* a genre). The
counts are those the rows would have if that value were ticked: the rows that pass the text
filter and the *other* facets, as faceted search counts them, so a count never promises rows
that another filter hides. A ``Facet`` says how to read its value from a row;
the panel counts, draws and remembers the choice, and ``keeps`` filters by it.

Values are shown as ``label`` says (None: "unknown"), in the order given; a value ticked
that no row has any more stays listed (count 0) so it can be unticked. Counting 10,000 rows
over three facets takes a few milliseconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from tifa.tui import safe

Values = Mapping[str, frozenset[Any]]  # field: the values ticked (none ticked: all pass)


def unknown_last(value: Any) -> tuple[bool, str]:
    return value is None, str(value)


@dataclass(frozen=True)
class Facet:
    """A facet: its ``field`` name, ``title``, how to ``read`` its value from a row, and the
    ``order`` of its values (default: as text, unknown last)."""

    field: str
    title: str
    read: Callable[[Any], Any]
    order: Callable[[Any], Any] = unknown_last


def label(value: Any) -> str:
    return "unknown" if value is None or value == "" else str(value)


def counts(rows: Iterable[Any], facets: Sequence[Facet], chosen: Values) -> dict[str, Counter[Any]]:
    """For each facet, how many of ``rows`` have each value among the rows that pass every
    other facet's choice."""
    found: dict[str, Counter[Any]] = {f.field: Counter() for f in facets}
    active = [(f.field, f.read, chosen[f.field]) for f in facets if chosen.get(f.field)]
    for row in rows:
        failed = [field for field, read, values in active if read(row) not in values]
        if len(failed) > 1:
            continue
        for f in facets:
            if not failed or failed == [f.field]:
                found[f.field][f.read(row)] += 1
    return found


def keeps(facets: Sequence[Facet], chosen: Values) -> Callable[[Any], bool]:
    """Whether a row passes every facet's choice."""
    active = [(f.read, chosen[f.field]) for f in facets if chosen.get(f.field)]
    return lambda row: all(read(row) in values for read, values in active)


class FacetPanel(VerticalScroll, can_focus=False):
    """One ticked list per facet, under its title."""

    DEFAULT_CSS = """
    FacetPanel { width: 26; height: 1fr; padding: 0 1 0 0; }
    FacetPanel > Label { color: $text-primary; text-style: bold; padding: 0 1; }
    FacetPanel > SelectionList {
        height: auto;
        border: none;
        padding: 0;
        margin-bottom: 1;
        background: transparent;
        & > .option-list--option-highlighted { background: transparent; }
        &:focus > .option-list--option-highlighted { background: $block-cursor-background; }
    }
    """

    class Changed(Message):
        """The user ticked or unticked a value; ``chosen`` is every facet's choice."""

        def __init__(self, panel: FacetPanel, chosen: Values) -> None:
            super().__init__()
            self.panel, self.chosen = panel, chosen

        @property
        def control(self) -> FacetPanel:
            return self.panel

    def __init__(self, facets: Sequence[Facet], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.facets = tuple(facets)
        self._values: dict[str, list[Any]] = {f.field: [] for f in facets}
        self._shown: dict[str, list[tuple[Any, int, bool]]] = {}
        self._lists: dict[str, SelectionList[int]] = {}

    def compose(self) -> ComposeResult:
        """Nothing until the first rows (``show``): the first frame comes sooner."""
        yield from ()

    @property
    def chosen(self) -> dict[str, frozenset[Any]]:
        return {
            f.field: frozenset(self._values[f.field][n] for n in self._lists[f.field].selected)
            if f.field in self._lists
            else frozenset()
            for f in self.facets
        }

    def keeps(self) -> Callable[[Any], bool]:
        """Whether a row passes the choice made."""
        return keeps(self.facets, self.chosen)

    def show(self, rows: Iterable[Any]) -> None:
        """The values of each facet with their counts over ``rows`` (the rows the other
        filters leave); the choice is kept."""
        chosen = self.chosen
        found = counts(rows, self.facets, chosen)
        made = []
        for facet in self.facets:
            field = facet.field
            values = sorted(set(found[field]) | chosen[field], key=facet.order)
            shown = [(v, found[field][v], v in chosen[field]) for v in values]
            if shown == self._shown.get(field):
                continue  # unchanged: keep the list (and its highlight) as it is
            self._shown[field], self._values[field] = shown, values
            options = [
                Selection(self._prompt(value, count), n, ticked)
                for n, (value, count, ticked) in enumerate(shown)
            ]
            widget = self._lists.get(field)
            if widget is None:
                widget = SelectionList[int](*options, id=f"facet-{field}", compact=True)
                self._lists[field] = widget
                made += [Label(facet.title), widget]
                continue
            with widget.prevent(SelectionList.SelectedChanged):
                widget.clear_options()
                widget.add_options(options)
        if made:
            self.mount_all(made)

    @staticmethod
    def _prompt(value: Any, count: int) -> Text:
        text = Text(safe.line(label(value)), end="")
        text.append(f" {count:,}", style="dim")
        return text

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.chosen))

    def focus_first(self) -> None:
        if self._lists:
            self._lists[self.facets[0].field].focus()
