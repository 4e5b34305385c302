"""The scope controls of the Timeline and Families views: which turns are read (the official
voice, every turn, or the questions), by year, quarter or month, and a date range, as
``--roles``, ``--by``, ``--since`` and ``--until`` on the command line.

The bounds are read by ``tracking.periods.date_range`` (2019, 2019-03, 2019-Q2, 2019-03-08),
so the workbench and the command line accept the same things. A change of unit, or Enter in a
bound, posts ``ScopeBar.Changed``; a bound that cannot be read is reported by the view that
asks for ``scope()`` (a notification, never a crash).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

if TYPE_CHECKING:
    from tifa.tracking.periods import DateRange, Unit

UNIT_CHOICES = (("by year", "year"), ("by quarter", "quarter"), ("by month", "month"))
# Values as ``--roles`` takes them (``corpus.voice.parse_roles``).
ROLE_CHOICES = (("official", "official"), ("every turn", "all"), ("questions", "question"))


class ScopeBar(Horizontal):
    DEFAULT_CSS = """
    ScopeBar { height: auto; width: auto; }
    ScopeBar Select { width: 16; }
    ScopeBar .scope-roles { width: 18; }
    ScopeBar Input { width: 12; }
    """

    @dataclass
    class Changed(Message):
        """The unit or a bound changed; the view runs its query again."""

        bar: ScopeBar

    def compose(self) -> ComposeResult:
        yield Select(ROLE_CHOICES, value="official", allow_blank=False, classes="scope-roles")
        yield Select(UNIT_CHOICES, value="year", allow_blank=False, classes="scope-unit")
        yield Input(placeholder="since", classes="scope-since")
        yield Input(placeholder="until", classes="scope-until")

    @on(Select.Changed)
    @on(Input.Submitted)
    def _changed(self, event: Select.Changed | Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Changed(self))

    def scope(self) -> Scope:
        """What is chosen; ``tracking.periods.PeriodError`` when a bound is bad."""
        from tifa.corpus.voice import parse_roles
        from tifa.tracking.periods import check_unit, date_range

        roles = parse_roles(str(self.query_one(".scope-roles", Select).value))
        unit = check_unit(str(self.query_one(".scope-unit", Select).value))
        since = self.query_one(".scope-since", Input).value.strip()
        until = self.query_one(".scope-until", Input).value.strip()
        return Scope(roles, unit, date_range(since or None, until or None))


@dataclass(frozen=True)
class Scope:
    """The turns read, the period unit and the date range, as the engine takes them."""

    roles: tuple[str, ...]
    unit: Unit
    span: DateRange
