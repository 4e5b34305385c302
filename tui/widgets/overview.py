"""A one-column strip beside the diff: where the changes lie, and where the view is.

Each cell stands for an equal slice of the diff's lines and is coloured by the most telling
change in it (a turn or sentence only in one version over a moved turn over an edit). The
slice in view is marked. A click scrolls the diff there.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

KINDS = ("only_a", "only_b", "moved", "edited")


class ChangeStrip(Widget):
    COMPONENT_CLASSES = {
        "strip--only_a",
        "strip--only_b",
        "strip--moved",
        "strip--edited",
        "strip--none",
        "strip--view",
    }
    DEFAULT_CSS = """
    ChangeStrip { width: 2; height: 1fr; }
    ChangeStrip > .strip--only_a { color: $error; }
    ChangeStrip > .strip--only_b { color: $success; }
    ChangeStrip > .strip--moved { color: $accent; }
    ChangeStrip > .strip--edited { color: $warning; }
    ChangeStrip > .strip--none { color: $panel-lighten-2; }
    ChangeStrip > .strip--view { background: $boost; }
    """

    class Jump(Message):
        """The user clicked the strip: show this fraction of the diff."""

        def __init__(self, fraction: float) -> None:
            super().__init__()
            self.fraction = fraction

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.cells_for: Callable[[int], list[str | None]] = lambda n: [None] * n
        self.view = (0, 0, 0)
        self.layout_version = -1
        self._cells: tuple[tuple[int, int], list[str | None]] | None = None

    def show(
        self,
        cells_for: Callable[[int], list[str | None]],
        layout: int,
        top: int,
        height: int,
        total: int,
    ) -> None:
        """``cells_for(n)`` gives the kinds of ``n`` cells for layout number ``layout``; it
        is asked when the strip draws, so the cells always match the strip's own height."""
        self.cells_for, self.layout_version = cells_for, layout
        self.view = (top, height, total)
        self.refresh()

    def _kinds(self) -> list[str | None]:
        key = (self.size.height, self.layout_version)
        if self._cells is None or self._cells[0] != key:
            self._cells = (key, self.cells_for(self.size.height))
        return self._cells[1]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        cells = self._kinds()
        kind = cells[y] if y < len(cells) else None
        top, height, total = self.view
        rows = max(self.size.height, 1)
        in_view = total > 0 and top * rows // total <= y <= (top + height - 1) * rows // total
        style = self.get_visual_style(
            f"strip--{kind}" if kind in KINDS else "strip--none",
            *(("strip--view",) if in_view else ()),
        )
        glyph = "█" if kind in KINDS else "│"
        return Strip([Segment(glyph.ljust(width), style.rich_style)], width)

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Jump(event.y / max(self.size.height, 1)))
