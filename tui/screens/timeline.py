"""The timeline view: a phrase's count and rate per year as bars, and its KWIC lines beneath.

Everything shown is ``tracking.phrases.timeline.phrase_timeline``, the same as ``tifa timeline``
prints; the work runs in a thread worker, so typing never waits. Several phrases can be
compared at once, separated by ``|``. Enter on a line opens the reader at that spot.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Select
from textual.worker import get_current_worker

from tifa.tui import safe
from tifa.tui.messages import Failed, Progress, TimelineReady
from tifa.tui.screens.base import ViewScreen
from tifa.tui.widgets.barchart import YearBars
from tifa.tui.widgets.kwic import LIMIT, KwicTable

if TYPE_CHECKING:
    from tifa.tui.screens.export import Report

TASK = "timeline"
FUZZY_CHOICES = (
    ("exact", "exact"),
    ("fuzzy ≥ 90", "90"),
    ("fuzzy ≥ 80", "80"),
    ("fuzzy ≥ 70", "70"),
)


def fuzzy_score(choice: object) -> float | None:
    """The fuzzy threshold of a FUZZY_CHOICES value; None for exact matching."""
    return None if choice in ("exact", None) else float(str(choice))


def split_phrases(text: str) -> tuple[str, ...]:
    """Phrases typed in one box, separated by ``|``; blanks dropped, order kept."""
    return tuple(dict.fromkeys(p.strip() for p in text.split("|") if p.strip()))


class TimelineScreen(ViewScreen):
    CSS_PATH = "timeline.tcss"
    VIEW = "timeline"
    BINDINGS = [
        Binding("ctrl+l", "focus_query", "Phrase", tooltip="Type a phrase."),
        Binding("escape", "results", "To results", show=False),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.timeline: Any = None

    def compose_view(self) -> ComposeResult:
        with Horizontal(classes="query-row"):
            yield Input(
                placeholder="phrase, e.g. 多边主义 (several: 一个中国 | 台独)", id="timeline-query"
            )
            yield Select(FUZZY_CHOICES, value="exact", allow_blank=False, id="timeline-fuzzy")
        yield Label(Content("Type a phrase and press Enter."), id="timeline-summary")
        with VerticalScroll(id="timeline-chart"):
            yield YearBars(id="timeline-bars")
        yield KwicTable(id="timeline-kwic")

    def on_mount(self) -> None:
        self.query_one("#timeline-query", Input).focus()

    def action_focus_query(self) -> None:
        self.query_one("#timeline-query", Input).focus()

    def action_results(self) -> None:
        self.query_one(KwicTable).focus()

    def action_cursor(self, direction: str) -> None:
        table = self.query_one(KwicTable)
        (table.action_cursor_down if direction == "down" else table.action_cursor_up)()

    @on(Input.Submitted, "#timeline-query")
    @on(Select.Changed, "#timeline-fuzzy")
    def _run(self) -> None:
        phrases = split_phrases(self.query_one("#timeline-query", Input).value)
        if phrases and self.app.corpus is not None:
            self.build(phrases, fuzzy_score(self.query_one("#timeline-fuzzy", Select).value))

    def show_phrase(self, phrase: str) -> None:
        """Fill the box with ``phrase`` and build its timeline (used from other views)."""
        self.query_one("#timeline-query", Input).value = phrase
        self._run()

    @work(thread=True, exclusive=True, group=TASK, name=TASK, exit_on_error=False)
    def build(self, phrases: tuple[str, ...], fuzzy: float | None) -> None:
        from tifa.tracking.phrases.kwic import QueryError
        from tifa.tracking.phrases.timeline import phrase_timeline

        corpus = self.app.corpus
        if corpus is None:
            return
        self.post_message(Progress(TASK, 0, 0, " | ".join(phrases)))
        try:
            timeline = phrase_timeline(corpus, phrases, fuzzy=fuzzy)
        except QueryError as err:
            self.post_message(Failed(TASK, str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(TimelineReady(phrases, timeline))

    def on_timeline_ready(self, message: TimelineReady) -> None:
        tl = self.timeline = message.timeline
        terms = [t.label for t in tl.terms]
        self.query_one(YearBars).show(terms, tl.years)
        kwic = self.query_one(KwicTable)
        kwic.show(tl.occurrences)
        docs = len({o.doc_id for o in tl.occurrences})
        shown = f" (first {LIMIT} listed)" if kwic.truncated else ""
        self.query_one("#timeline-summary", Label).update(
            safe.label(
                f"{' | '.join(terms)}: {len(tl.occurrences)} occurrences in {docs} of "
                f"{len(self.app.corpus or ())} documents{shown}"
            )
        )

    def corpus_changed(self, corpus: Any) -> None:
        if self.timeline is not None:
            self._run()

    def report(self) -> Report | None:
        from tifa.tracking.phrases.timeline import render_timeline
        from tifa.tui.screens.export import Report

        if self.timeline is None:
            return None
        return Report(
            "timeline", len(self.timeline.occurrences), partial(render_timeline, self.timeline)
        )


SCREEN = TimelineScreen
