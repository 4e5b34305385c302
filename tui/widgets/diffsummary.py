"""The summary bar of a diff: how much is identical, edited, only in A, only in B.

Figures are ``tracking.versions.diff.Summary`` as computed by the engine (shares of the
characters of both versions, turn counts); the bar adds only where the reader is among the changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from tifa.tui.widgets.ink import ink, on_theme

if TYPE_CHECKING:
    from tifa.tracking.versions.diff import Summary


class DiffSummary(Static):
    COMPONENT_CLASSES = {
        "summary--identical",
        "summary--edited",
        "summary--only_a",
        "summary--only_b",
        "summary--muted",
    }
    DEFAULT_CSS = """
    DiffSummary { height: auto; padding: 0 1; }
    DiffSummary > .summary--identical { color: $text-muted; }
    DiffSummary > .summary--edited { color: $text-warning; text-style: bold; }
    DiffSummary > .summary--only_a { color: $text-error; text-style: bold; }
    DiffSummary > .summary--only_b { color: $text-success; text-style: bold; }
    DiffSummary > .summary--muted { color: $text-muted; }
    """

    def on_mount(self) -> None:
        on_theme(self, lambda: self.show(*self.shown))

    shown: tuple[Summary | None, int | None, int] = (None, None, 0)

    def show(self, summary: Summary | None, position: int | None = None, changes: int = 0) -> None:
        self.shown = (summary, position, changes)
        if summary is None:
            self.update(Content("Pick two documents (A and B) to compare."))
            return
        parts: list[Content | str] = []
        for part, name in (
            ("identical", "identical"),
            ("edited", "edited"),
            ("only_a", "only A"),
            ("only_b", "only B"),
        ):
            parts += [
                Content.styled(f"{name} {summary.share(part):.0%}", ink(self, f"summary--{part}")),
                "  ",
            ]
        turns = summary.turns
        muted = ink(self, "summary--muted")
        parts.append(
            Content.styled(
                f"│ turns: {turns.get('matched', 0)} matched, {turns.get('moved', 0)} moved, "
                f"{turns.get('only_a', 0)} only A, {turns.get('only_b', 0)} only B  │ ",
                muted,
            )
        )
        where = f"change {position} of {changes}" if position else f"{changes} changes shown"
        parts.append(where)
        self.update(Content.assemble(*parts))
