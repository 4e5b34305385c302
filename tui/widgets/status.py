"""A one-line status bar: what the app is busy with, with a progress bar.

It watches the app's ``activity`` map (task name -> (done, total, note)) so that every view
shows the same background work, wherever the worker that reports it lives.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from tifa.tui import safe


class StatusBar(Horizontal):
    DEFAULT_CSS = """
    StatusBar { dock: bottom; height: 1; margin-bottom: 1; display: none; }
    StatusBar.-busy { display: block; }
    StatusBar Label { width: 1fr; }
    StatusBar ProgressBar { width: 40; }
    """

    def compose(self) -> ComposeResult:
        yield Label(id="status-note")
        yield ProgressBar(show_eta=False, id="status-bar")

    def on_mount(self) -> None:
        self.watch(self.app, "activity", self._show, init=True)

    def _show(self, activity: dict[str, tuple[int, int, str]]) -> None:
        self.set_class(bool(activity), "-busy")
        if not activity:
            return
        task, (done, total, note) = next(reversed(activity.items()))
        more = f"  (+{len(activity) - 1} more)" if len(activity) > 1 else ""
        self.query_one("#status-note", Label).update(
            safe.label(f"{task}: {note}{more}" if note else f"{task}…{more}")
        )
        bar = self.query_one("#status-bar", ProgressBar)
        bar.update(total=total or None, progress=done)
