"""A text filter over a long list: the documents table, the families list.

Filtering 10,000 rows at every key lags behind the typing, so the box says ``Applied`` once
typing pauses for ``PAUSE`` seconds, or at once on Enter (``submitted``: the view then
moves the focus to what it filters).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

PAUSE = 0.15  # seconds of no typing before the filter applies


class FilterInput(Input):
    @dataclass
    class Applied(Message):
        """The filter's text is to be applied (the view reads ``value``)."""

        filter: FilterInput
        submitted: bool  # Enter, not a pause in the typing

        @property
        def control(self) -> FilterInput:
            return self.filter

    _pending: Timer | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._stop()
        self._pending = self.set_timer(PAUSE, lambda: self._apply(False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply(True)

    def _apply(self, submitted: bool) -> None:
        self._stop()
        self.post_message(self.Applied(self, submitted))

    def _stop(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
