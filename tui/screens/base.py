"""What every top-level view shares: the view tabs, the status bar, the footer, the corpus.

A view subclasses ``ViewScreen``, yields its body from ``compose_view``, reacts to the corpus
in ``corpus_changed`` (called with the ``Catalogue`` once it is listed, and again if it is
reloaded), and offers what it shows for export from ``report`` (or ``reports``, when it shows
more than one thing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.worker import Worker

from tifa.tui.messages import worker_outcome
from tifa.tui.widgets.footer import KeyFooter
from tifa.tui.widgets.nav import NavBar
from tifa.tui.widgets.status import StatusBar

if TYPE_CHECKING:
    from tifa.corpus import Catalogue
    from tifa.tui.app import TifaApp
    from tifa.tui.screens.export import Report


class ViewScreen(Screen[None]):
    VIEW: ClassVar[str] = ""

    app: TifaApp

    def compose(self) -> ComposeResult:
        yield NavBar(self.VIEW)
        yield from self.compose_view()
        yield StatusBar()
        yield KeyFooter()

    def compose_view(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "catalogue", self._corpus_changed, init=True)

    def _corpus_changed(self, catalogue: Catalogue | None) -> None:
        if catalogue is not None:
            self.corpus_changed(catalogue)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Report the end of a worker through the message queue, behind its progress."""
        outcome = worker_outcome(event)
        if outcome is not None:
            self.post_message(outcome)

    def corpus_changed(self, catalogue: Catalogue) -> None:
        """The corpus has been (re)listed: draw from it."""

    def report(self) -> Report | None:
        """What this view shows, as an exportable report; None when there is nothing yet."""
        return None

    def reports(self) -> tuple[Report, ...]:
        """Everything this view can export; the dialog offers a choice when there are several."""
        report = self.report()
        return (report,) if report is not None else ()

    def focused_report(self) -> str | None:
        """The name of the report the dialog should pick first (the one being looked at)."""
        return None
