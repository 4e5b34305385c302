"""The scope controls of the Timeline and Families views: which turns are read (the official
voice, every turn, or the questions), by year, quarter or month, and a date range, as
``--roles``, ``--by``, ``--since`` and ``--until`` on the command line.

The bounds are read by ``tracking.periods.date_range`` (2019, 2019-03, 2019-Q2, 2019-03-08),
so the workbench and the command line accept the same things. A change of unit, or Enter in a
bound, posts ``ScopeBar.Changed``. A bound that cannot be read (or a since after the until)
is never a crash: the bar marks its box until the scope is read again, and says why in a
notification that names the boxes as their placeholders do (the command line names its
options). The view keeps the result it shows, and its summary line says it is the previous
scope's (``ScopeBar.tell``), so that it is not read or exported as the new scope's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Select

from tifa.tui import safe

if TYPE_CHECKING:
    from tifa.tracking.periods import Bound, DateRange, PeriodError, Unit

UNIT_CHOICES = (("by year", "year"), ("by quarter", "quarter"), ("by month", "month"))
# Values as ``--roles`` takes them (``corpus.voice.parse_roles``).
ROLE_CHOICES = (("official", "official"), ("every turn", "all"), ("questions", "question"))
BOUNDS: tuple[Bound, ...] = ("since", "until")


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

    error: PeriodError | None = None  # why the bounds were last not read (they are marked)

    def compose(self) -> ComposeResult:
        yield Select(ROLE_CHOICES, value="official", allow_blank=False, classes="scope-roles")
        yield Select(UNIT_CHOICES, value="year", allow_blank=False, classes="scope-unit")
        # marked by the bar, not by the Input's own validation, which would clear the mark
        # when the box loses focus, the bound still not applied
        for bound in BOUNDS:
            yield Input(placeholder=bound, classes=f"scope-{bound}", validate_on=())

    @on(Select.Changed)
    @on(Input.Submitted)
    def _changed(self, event: Select.Changed | Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Changed(self))

    def scope(self) -> Scope | None:
        """What is chosen; None when a bound cannot be read, which is then marked in its
        box (both, when they cross) and said in a notification."""
        from tifa.corpus.voice import parse_roles
        from tifa.tracking.periods import PeriodError, check_unit, date_range

        roles = parse_roles(str(self.query_one(".scope-roles", Select).value))
        unit = check_unit(str(self.query_one(".scope-unit", Select).value))
        since, until = (self._box(bound) for bound in BOUNDS)
        try:
            span = date_range(
                since.value.strip() or None,
                until.value.strip() or None,
                names=(since.placeholder, until.placeholder),
            )
        except PeriodError as err:
            self._mark(err)
            safe.notify(self, err, severity="error", title="Period")
            return None
        self._mark(None)
        return Scope(roles, unit, span)

    def tell(self, summary: Label, said: Content | None) -> None:
        """Write a view's summary line: ``said``, what the result shown says of itself (None:
        no result yet, the line is left as it is), after the error, in the warning colour,
        while the bounds cannot be read: the result is still the previous scope's."""
        if said is None:
            return
        summary.set_class(self.error is not None, "-unapplied")
        if self.error is not None:
            note = f"Not applied: {self.error}. Shown is still the previous scope's result: "
            said = Content.assemble(safe.label(note), said)
        summary.update(said)

    def _box(self, bound: Bound) -> Input:
        return self.query_one(f".scope-{bound}", Input)

    def _mark(self, err: PeriodError | None) -> None:
        """Mark the boxes of the bounds at fault, the error as their tooltip; none when the
        scope was read."""
        self.error = err
        for bound in BOUNDS:
            bad = err is not None and bound in err.bounds
            box = self._box(bound)
            box.set_class(bad, "-invalid")
            box.tooltip = safe.label(err) if bad else None


@dataclass(frozen=True)
class Scope:
    """The turns read, the period unit and the date range, as the engine takes them."""

    roles: tuple[str, ...]
    unit: Unit
    span: DateRange
