"""What the Search and Timeline views share: a query over the corpus shown as KWIC lines.

A query box with an exact/fuzzy switch, a summary line and keyword-in-context lines, with
the same keys in both views (Ctrl+L the box, Escape the lines, j/k to move, Enter to read).
The query runs through the engine in a thread worker, so typing never waits, and is run
again when the corpus reloads. A view says what its query is (``parse``, ``describe``), how
to answer it (``compute``, in the worker), which occurrences the answer has, what else it
draws (``compose_chart``, ``draw``) and how it exports (``render``: the command line's). A
view with more controls than the box and the switch yields them from ``compose_options``
and reads them in ``parse``.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Label, Select
from textual.worker import get_current_worker

from tifa.tui import safe
from tifa.tui.messages import Failed, Progress, QueryReady, cancel_hook, progress_callback
from tifa.tui.screens.base import ViewScreen
from tifa.tui.widgets.kwic import LIMIT, KwicTable

if TYPE_CHECKING:
    from tifa.corpus import Catalogue
    from tifa.tracking.phrases.kwic import Occurrence
    from tifa.tui.screens.export import Report

FUZZY_CHOICES = (
    ("exact", "exact"),
    ("fuzzy ≥ 90", "90"),
    ("fuzzy ≥ 80", "80"),
    ("fuzzy ≥ 70", "70"),
)
# The keys of the KWIC lines; each view puts its own Ctrl+L (named for its box) first.
RESULT_BINDINGS = [
    Binding("escape", "results", "To results", show=False),
    Binding("j", "cursor('down')", "Down", show=False),
    Binding("k", "cursor('up')", "Up", show=False),
]
# Typing pauses this long (seconds) before a view that searches as you type runs the query.
PAUSE = 0.25


def fuzzy_score(choice: object) -> float | None:
    """The fuzzy threshold of a FUZZY_CHOICES value; None for exact matching."""
    return None if choice in ("exact", None) else float(str(choice))


class KwicScreen(ViewScreen):
    """A view that answers a typed query with keyword-in-context lines."""

    PLACEHOLDER: ClassVar[str] = ""
    PROMPT: ClassVar[str] = ""
    # Run the query after each pause in typing, not only on Enter.
    AS_YOU_TYPE: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self.result: Any = None
        self._pending: Timer | None = None

    def compose_view(self) -> ComposeResult:
        with Horizontal(classes="query-row"):
            yield Input(placeholder=self.PLACEHOLDER, id=f"{self.VIEW}-query", classes="query")
            yield Select(FUZZY_CHOICES, value="exact", allow_blank=False, id=f"{self.VIEW}-fuzzy")
            yield from self.compose_options()
        yield Label(Content(self.PROMPT), id=f"{self.VIEW}-summary", classes="summary")
        yield from self.compose_chart()
        yield KwicTable(id=f"{self.VIEW}-kwic")

    def compose_chart(self) -> ComposeResult:
        """What the view shows between the summary and the lines."""
        yield from ()

    def compose_options(self) -> ComposeResult:
        """Further controls of the query, after the exact/fuzzy switch."""
        yield from ()

    def on_mount(self) -> None:
        self.action_focus_query()

    # -- keys ----------------------------------------------------------------------------

    def action_focus_query(self) -> None:
        self.query_one(f"#{self.VIEW}-query", Input).focus()

    def action_results(self) -> None:
        self.query_one(KwicTable).focus()

    def action_cursor(self, direction: str) -> None:
        table = self.query_one(KwicTable)
        (table.action_cursor_down if direction == "down" else table.action_cursor_up)()

    # -- running the query ---------------------------------------------------------------

    @on(Input.Changed, ".query")
    def _typed(self) -> None:
        if not self.AS_YOU_TYPE:
            return
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(PAUSE, self._run)

    @on(Input.Submitted, ".query")
    @on(Select.Changed)
    def _run(self) -> None:
        query = self.parse(self.query_one(f"#{self.VIEW}-query", Input).value)
        if query and self.app.catalogue is not None:
            fuzzy = fuzzy_score(self.query_one(f"#{self.VIEW}-fuzzy", Select).value)
            self.run_worker(
                partial(self._answer, query, fuzzy),
                name=self.VIEW,
                group=self.VIEW,
                thread=True,
                exclusive=True,
                exit_on_error=False,
            )

    def show_query(self, text: str) -> None:
        """Fill the box with ``text`` and run it (used from other views)."""
        self.query_one(f"#{self.VIEW}-query", Input).value = text
        self._run()

    def _answer(self, query: Any, fuzzy: float | None) -> None:
        """In the worker: compute, and post the answer unless a newer query took over."""
        from tifa.corpus import Cancelled as Stopped
        from tifa.tracking.phrases.kwic import QueryError

        catalogue = self.app.catalogue
        if catalogue is None:
            return
        self.post_message(Progress(self.VIEW, 0, 0, self.describe(query)))
        hooks = {"progress": progress_callback(self, self.VIEW), "cancel": cancel_hook()}
        try:
            result = self.compute(catalogue, query, fuzzy, **hooks)
        except QueryError as err:
            self.post_message(Failed(self.VIEW, str(err)))
            return
        except Stopped:
            return  # a newer query (or quitting) cancelled this one
        if not get_current_worker().is_cancelled:
            self.post_message(QueryReady(query, result))

    def on_query_ready(self, message: QueryReady) -> None:
        self.result = message.result
        self.draw(message.result)
        table = self.query_one(KwicTable)
        occurrences = self.occurrences(message.result)
        table.show(occurrences)
        docs = len({o.doc_id for o in occurrences})
        shown = f" (first {LIMIT} listed)" if table.truncated else ""
        self.say(
            safe.label(
                f"{self.describe(message.query)}: {len(occurrences)} occurrences "
                f"in {docs:,} of {len(self.app.catalogue or ()):,} documents{shown}"
            )
        )

    def say(self, summary: Content) -> None:
        """Show the summary line of the result shown."""
        self.query_one(f"#{self.VIEW}-summary", Label).update(summary)

    def corpus_changed(self, catalogue: Catalogue) -> None:
        if self.result is not None:
            self._run()

    def report(self) -> Report | None:
        from tifa.tui.screens.export import Report

        if self.result is None:
            return None
        rows = len(self.occurrences(self.result))
        return Report(self.VIEW, rows, partial(self.render_result, self.result))

    # -- what each view defines ----------------------------------------------------------

    def parse(self, text: str) -> Any:
        """The query typed as ``text``; empty when there is nothing to run."""
        raise NotImplementedError

    def describe(self, query: Any) -> str:
        """The query as the progress bar and the summary line name it."""
        return str(query)

    def compute(self, catalogue: Catalogue, query: Any, fuzzy: float | None, **hooks: Any) -> Any:
        """The answer to ``query`` over the corpus (run in a thread worker; the engine
        opens only the documents the index says can hold the phrase); ``hooks`` are the
        engine's ``progress`` and ``cancel`` for this worker."""
        raise NotImplementedError

    def occurrences(self, result: Any) -> tuple[Occurrence, ...]:
        raise NotImplementedError

    def draw(self, result: Any) -> None:
        """Show what the view has beyond the KWIC lines."""

    def render_result(self, result: Any, fmt: str) -> str:
        """``result`` as the command line prints it in ``fmt``."""
        raise NotImplementedError
