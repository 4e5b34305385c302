"""Search across the corpus (``/`` from anywhere): results as keyword-in-context lines.

Searches as you type, after a short pause, with ``tracking.phrases.kwic.find_occurrences`` (what
``tifa search`` runs); each keystroke cancels the search before it, so the box never lags.
Enter on a result opens the reader at the hit.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Label, Select
from textual.worker import get_current_worker

from tifa.tui import safe
from tifa.tui.messages import Failed, Progress, SearchReady
from tifa.tui.screens.base import ViewScreen
from tifa.tui.screens.timeline import FUZZY_CHOICES, fuzzy_score
from tifa.tui.widgets.kwic import LIMIT, KwicTable

if TYPE_CHECKING:
    from tifa.tui.screens.export import Report

TASK = "search"
PAUSE = 0.25


class SearchScreen(ViewScreen):
    CSS_PATH = "search.tcss"
    VIEW = "search"
    BINDINGS = [
        Binding("ctrl+l", "focus_query", "Query", tooltip="Type what to search for."),
        Binding("escape", "results", "To results", show=False),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.occurrences: tuple[Any, ...] = ()
        self._pending: Timer | None = None

    def compose_view(self) -> ComposeResult:
        with Horizontal(classes="query-row"):
            yield Input(placeholder="search the corpus, e.g. 人类命运共同体", id="search-query")
            yield Select(FUZZY_CHOICES, value="exact", allow_blank=False, id="search-fuzzy")
        yield Label(Content("Type to search; Enter on a line opens it."), id="search-summary")
        yield KwicTable(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-query", Input).focus()

    def action_focus_query(self) -> None:
        self.query_one("#search-query", Input).focus()

    def action_results(self) -> None:
        self.query_one(KwicTable).focus()

    def action_cursor(self, direction: str) -> None:
        table = self.query_one(KwicTable)
        (table.action_cursor_down if direction == "down" else table.action_cursor_up)()

    @on(Input.Changed, "#search-query")
    def _typed(self) -> None:
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(PAUSE, self._run)

    @on(Input.Submitted, "#search-query")
    @on(Select.Changed, "#search-fuzzy")
    def _run(self) -> None:
        query = self.query_one("#search-query", Input).value.strip()
        if query and self.app.corpus is not None:
            self.search(query, fuzzy_score(self.query_one("#search-fuzzy", Select).value))

    @work(thread=True, exclusive=True, group=TASK, name=TASK, exit_on_error=False)
    def search(self, query: str, fuzzy: float | None) -> None:
        from tifa.tracking.phrases.kwic import QueryError, find_occurrences

        corpus = self.app.corpus
        if corpus is None:
            return
        self.post_message(Progress(TASK, 0, 0, query))
        try:
            found = find_occurrences(corpus, [query], fuzzy=fuzzy)
        except QueryError as err:
            self.post_message(Failed(TASK, str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(SearchReady(query, found))

    def on_search_ready(self, message: SearchReady) -> None:
        self.query_text, self.occurrences = message.query, message.occurrences
        table = self.query_one(KwicTable)
        table.show(message.occurrences)
        docs = len({o.doc_id for o in message.occurrences})
        shown = f" (first {LIMIT} listed)" if table.truncated else ""
        self.query_one("#search-summary", Label).update(
            safe.label(
                f"{message.query}: {len(message.occurrences)} occurrences in {docs} documents"
                f"{shown}"
            )
        )

    def report(self) -> Report | None:
        from tifa.tracking.phrases.timeline import render_occurrences
        from tifa.tui.screens.export import Report

        if not self.query_text:
            return None
        return Report(
            "search", len(self.occurrences), partial(render_occurrences, self.occurrences)
        )


SCREEN = SearchScreen
