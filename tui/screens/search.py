"""Search across the corpus (``/`` from anywhere): results as keyword-in-context lines.

Searches as you type, after a short pause, with ``tracking.phrases.kwic.find_occurrences``
(what ``tifa search`` runs); each keystroke cancels the search before it, so the box never
lags. Enter on a result opens the reader at the hit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from tifa.tui.screens.kwic import RESULT_BINDINGS, KwicScreen

if TYPE_CHECKING:
    from tifa.corpus import Catalogue
    from tifa.tracking.phrases.kwic import Occurrence


class SearchScreen(KwicScreen):
    VIEW = "search"
    PLACEHOLDER = "search the corpus, e.g. 人类命运共同体"
    PROMPT = "Type to search; Enter on a line opens it."
    AS_YOU_TYPE = True
    BINDINGS = [
        Binding("ctrl+l", "focus_query", "Query", tooltip="Type what to search for."),
        *RESULT_BINDINGS,
    ]

    def parse(self, text: str) -> str:
        return text.strip()

    def compute(
        self, catalogue: Catalogue, query: str, fuzzy: float | None, **hooks: Any
    ) -> tuple[Occurrence, ...]:
        from tifa.tracking.phrases.kwic import find_occurrences

        return find_occurrences(catalogue, [query], fuzzy=fuzzy, **hooks)

    def occurrences(self, result: tuple[Occurrence, ...]) -> tuple[Occurrence, ...]:
        return result

    def render_result(self, result: Any, fmt: str) -> str:
        from tifa.tracking.phrases.render import render_occurrences

        return render_occurrences(result, fmt)


SCREEN = SearchScreen
