"""The timeline view: a phrase's count and rate per period as bars, and its KWIC lines beneath.

Everything shown is ``tracking.phrases.timeline.phrase_timeline``, the same as ``tifa
timeline`` prints: the official voice (or every turn, or the questions), by year, quarter or
month and within a date range (the scope bar beside the box: ``--roles``, ``--by``,
``--since`` and ``--until``). Several phrases can be compared at once,
separated by ``|``. The query box, the worker and the lines are those of every KWIC view
(``tui.screens.kwic``). A hundred monthly bars scroll; runs of periods without documents
fold into one line (``tui.widgets.barchart``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Label

from tifa.tui.screens.kwic import RESULT_BINDINGS, KwicScreen
from tifa.tui.widgets.barchart import PeriodBars
from tifa.tui.widgets.scope import Scope, ScopeBar

if TYPE_CHECKING:
    from tifa.corpus import Catalogue
    from tifa.tracking.phrases.kwic import Occurrence
    from tifa.tracking.phrases.timeline import Timeline
    from tifa.tui.screens.export import Report


def split_phrases(text: str) -> tuple[str, ...]:
    """Phrases typed in one box, separated by ``|``; blanks dropped, runs of spaces inside a
    phrase folded to one (as the engine labels a term), order kept."""
    return tuple(dict.fromkeys(" ".join(p.split()) for p in text.split("|") if p.strip()))


@dataclass(frozen=True)
class TimelineQuery:
    """The phrases typed, and the turns, unit and range of the scope bar."""

    phrases: tuple[str, ...]
    scope: Scope


class TimelineScreen(KwicScreen):
    CSS_PATH = "timeline.tcss"
    VIEW = "timeline"
    PLACEHOLDER = "phrase, e.g. 多边主义 (several: 一个中国 | 台独)"
    PROMPT = "Type a phrase and press Enter."
    BINDINGS = [
        Binding("ctrl+l", "focus_query", "Phrase", tooltip="Type a phrase."),
        *RESULT_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.said: Content | None = None  # the summary of the result shown

    def compose_options(self) -> ComposeResult:
        yield ScopeBar(id="timeline-scope")

    def compose_chart(self) -> ComposeResult:
        with VerticalScroll(id="timeline-chart"):
            yield PeriodBars(id="timeline-bars")

    def on_scope_bar_changed(self) -> None:
        self._run()

    def parse(self, text: str) -> TimelineQuery | None:
        """The phrases and the scope; None (nothing to run) when there are none, or when a
        bound cannot be read (read first, so that Enter in a bound always says whether it
        was taken): the scope bar says so, and the summary that the result shown is still
        the previous scope's."""
        scope = self.query_one(ScopeBar).scope()
        if self.said is not None:
            self.say(self.said)
        phrases = split_phrases(text)
        return TimelineQuery(phrases, scope) if phrases and scope is not None else None

    def say(self, summary: Content) -> None:
        self.said = summary
        self.query_one(ScopeBar).tell(self.query_one("#timeline-summary", Label), summary)

    def describe(self, query: TimelineQuery) -> str:
        span = query.scope.span.describe()
        return " | ".join(query.phrases) + f" by {query.scope.unit}" + (f", {span}" if span else "")

    def compute(
        self, catalogue: Catalogue, query: TimelineQuery, fuzzy: float | None, **hooks: Any
    ) -> Timeline:
        from tifa.tracking.phrases.timeline import phrase_timeline

        scope = query.scope
        return phrase_timeline(
            catalogue,
            query.phrases,
            fuzzy=fuzzy,
            by=scope.unit,
            span=scope.span,
            roles=scope.roles,
            **hooks,
        )

    def occurrences(self, result: Timeline) -> tuple[Occurrence, ...]:
        return result.occurrences

    def draw(self, result: Timeline) -> None:
        self.query_one(PeriodBars).show(
            [t.label for t in result.terms], result.periods, result.unit
        )

    def render_result(self, result: Timeline, fmt: str) -> str:
        from tifa.tracking.phrases.render import render_timeline

        return render_timeline(result, fmt)

    def report(self) -> Report | None:
        from tifa.tui.screens.export import REPORT_EXPORTS

        report = super().report()
        return None if report is None else replace(report, formats=REPORT_EXPORTS)


SCREEN = TimelineScreen
