"""The timeline view: a phrase's count and rate per year as bars, and its KWIC lines beneath.

Everything shown is ``tracking.phrases.timeline.phrase_timeline``, the same as ``tifa
timeline`` prints. Several phrases can be compared at once, separated by ``|``. The query
box, the worker and the lines are those of every KWIC view (``tui.screens.kwic``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from tifa.tui.screens.kwic import RESULT_BINDINGS, KwicScreen
from tifa.tui.widgets.barchart import YearBars

if TYPE_CHECKING:
    from tifa.corpus import Corpus
    from tifa.tracking.phrases.kwic import Occurrence
    from tifa.tracking.phrases.timeline import Timeline


def split_phrases(text: str) -> tuple[str, ...]:
    """Phrases typed in one box, separated by ``|``; blanks dropped, runs of spaces inside a
    phrase folded to one (as the engine labels a term), order kept."""
    return tuple(dict.fromkeys(" ".join(p.split()) for p in text.split("|") if p.strip()))


class TimelineScreen(KwicScreen):
    CSS_PATH = "timeline.tcss"
    VIEW = "timeline"
    PLACEHOLDER = "phrase, e.g. 多边主义 (several: 一个中国 | 台独)"
    PROMPT = "Type a phrase and press Enter."
    BINDINGS = [
        Binding("ctrl+l", "focus_query", "Phrase", tooltip="Type a phrase."),
        *RESULT_BINDINGS,
    ]

    def compose_chart(self) -> ComposeResult:
        with VerticalScroll(id="timeline-chart"):
            yield YearBars(id="timeline-bars")

    def parse(self, text: str) -> tuple[str, ...]:
        return split_phrases(text)

    def describe(self, query: tuple[str, ...]) -> str:
        return " | ".join(query)

    def compute(self, corpus: Corpus, query: tuple[str, ...], fuzzy: float | None) -> Timeline:
        from tifa.tracking.phrases.timeline import phrase_timeline

        return phrase_timeline(corpus, query, fuzzy=fuzzy)

    def occurrences(self, result: Timeline) -> tuple[Occurrence, ...]:
        return result.occurrences

    def draw(self, result: Timeline) -> None:
        self.query_one(YearBars).show([t.label for t in result.terms], result.years)

    def render_result(self, result: Timeline, fmt: str) -> str:
        from tifa.tracking.phrases.render import render_timeline

        return render_timeline(result, fmt)


SCREEN = TimelineScreen
