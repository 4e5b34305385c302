"""The row of view tabs at the top of every view: click one, or press its number.

One widget that draws the labels and the underline itself, in the look of Textual's Tabs.
Tabs builds a container, a row, a widget per tab and an animated underline (about 50 ms of
work before the first frame on the project machine) and draws its labels a frame after the
rest of the screen; this one is in the first frame.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tifa.tui.widgets.ink import ink

VIEWS: tuple[tuple[str, str], ...] = (
    ("corpus", "Corpus"),
    ("compare", "Compare"),
    ("families", "Families"),
    ("timeline", "Timeline"),
    ("search", "Search"),
)

BAR, LEFT_END, RIGHT_END = "━", "╺", "╸"


class NavBar(Widget, can_focus=False):
    """The view tabs; never takes focus, so keys stay with the view."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "navbar--tab",
        "navbar--active",
        "navbar--hover",
        "navbar--bar",
        "navbar--bar-active",
    }
    DEFAULT_CSS = """
    NavBar {
        dock: top;
        height: 2;
        pointer: pointer;
        & > .navbar--tab { color: $foreground 50%; }
        & > .navbar--active { color: $foreground; }
        & > .navbar--hover { color: $foreground; }
        & > .navbar--bar { color: $foreground 10%; }
        & > .navbar--bar-active { color: $block-cursor-background; }
        &:ansi {
            & > .navbar--tab { text-style: dim; }
            & > .navbar--active { text-style: not dim bold; }
            & > .navbar--bar { color: $border-blurred; }
        }
    }
    """

    hovered: reactive[int | None] = reactive(None)

    def __init__(self, active: str) -> None:
        super().__init__()
        self.view = active
        self.labels = tuple(f" {n} {title} " for n, (_, title) in enumerate(VIEWS, 1))

    def _spans(self) -> list[tuple[int, int]]:
        """Each tab's columns, padding included."""
        spans, x = [], 0
        for label in self.labels:
            spans.append((x, x + len(label)))
            x += len(label)
        return spans

    def _tab_at(self, x: int) -> int | None:
        return next((n for n, (a, b) in enumerate(self._spans()) if a <= x < b), None)

    def render(self) -> Content:
        active = [view for view, _ in VIEWS].index(self.view)
        tabs = Content.assemble(
            *(
                (
                    label,
                    ink(
                        self,
                        "navbar--active"
                        if n == active
                        else "navbar--hover"
                        if n == self.hovered
                        else "navbar--tab",
                    ),
                )
                for n, label in enumerate(self.labels)
            )
        )
        width = self.content_region.width
        start, end = self._spans()[active]
        start, end = start + 1, min(end - 1, width)  # under the label, not its padding
        bar, lit = ink(self, "navbar--bar"), ink(self, "navbar--bar-active")
        underline = Content.assemble(
            (BAR * (start - 1) + RIGHT_END, bar),
            (BAR * (end - start), lit),
            (LEFT_END + BAR * max(width - end - 1, 0) if end < width else "", bar),
        )
        return Content.assemble(tabs, "\n", underline)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._tab_at(event.x)

    def on_leave(self) -> None:
        self.hovered = None

    async def on_click(self, event: events.Click) -> None:
        tab = self._tab_at(event.x)
        if tab is not None and VIEWS[tab][0] != self.view:
            await self.app.run_action(f"app.view('{VIEWS[tab][0]}')")
