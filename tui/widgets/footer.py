"""The key bar at the bottom of every screen: the screen's shown bindings, and the palette key.

One widget that draws every key in one line, in the look of Textual's Footer. Textual's
Footer is a container with a widget per key, starts empty and rebuilds all its keys each
time the screen's bindings are refreshed (three times while the first screen mounts); each
rebuild holds back screen updates, and the keys reached the terminal a frame or more after
the rest of the first screen. This one is drawn with the screen and only repaints when the
bindings change. Like Textual's, a key is clicked to press it, shows its tooltip on hover,
and is dimmed while its action is disabled. Binding groups are not drawn (tifa has none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from tifa.tui.widgets.ink import ink

if TYPE_CHECKING:
    from textual.screen import Screen

SEPARATOR = "▏"


class Key(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str
    palette: bool = False  # the command palette's key, drawn apart at the right edge


class KeyFooter(Widget, can_focus=False):
    """The key bar; never takes focus."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer--key",
        "footer--description",
        "footer--hover",
        "footer--separator",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer--hover { background: $block-hover-background; }
        & > .footer--separator { color: $foreground 20%; }
    }
    """

    hovered: reactive[int | None] = reactive(None)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    def keys(self) -> tuple[list[Key], Key | None]:
        """The shown keys of the screen's active bindings (the first key of each action, as
        Textual's Footer shows them), and the command palette's key."""
        app = self.app
        shown, palette, actions = [], None, set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            entry = Key(
                key,
                app.get_key_display(binding),
                binding.description,
                active.enabled,
                active.tooltip or "",
            )
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = entry._replace(
                    tooltip=binding.tooltip or binding.description, palette=True
                )
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown.append(entry)
        return shown, palette

    def _layout(self) -> list[tuple[int, int, Key]]:
        """Each key's columns, left to right; the palette key, last, sits at the right edge."""
        shown, palette = self.keys()
        spans, x = [], 0
        for key in shown:
            width = cell_len(f" {key.display} {key.description} ")
            spans.append((x, x + width, key))
            x += width
        if palette is not None:
            width = cell_len(f"{SEPARATOR}{palette.display} {palette.description} ")
            start = max(x, self.content_region.width - width)
            spans.append((start, start + width, palette))
        return spans

    def _hit(self, x: int) -> int | None:
        return next(
            (n for n, (start, end, _) in enumerate(self._layout()) if start <= x < end), None
        )

    def render(self) -> Content:
        parts: list[Content] = []
        spans = self._layout()
        for n, (start, _, key) in enumerate(spans):
            hover = ("footer--hover",) if n == self.hovered else ()
            dim = Style() if key.enabled else Style(dim=True)
            key_style = ink(self, "footer--key", *hover) + dim
            text_style = ink(self, "footer--description", *hover) + dim
            if key.palette:
                gap = start - (spans[n - 1][1] if n else 0)
                parts += [
                    Content(" " * gap),
                    Content.styled(SEPARATOR, ink(self, "footer--separator")),
                    Content.styled(key.display, key_style),
                    Content.styled(f" {key.description} ", text_style),
                ]
            else:
                parts += [
                    Content.styled(f" {key.display} ", key_style),
                    Content.styled(f"{key.description} ", text_style),
                ]
        return Content.assemble(*parts)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._hit(event.x)
        key = self._layout()[self.hovered][2] if self.hovered is not None else None
        self.tooltip = key.tooltip if key and key.tooltip else None

    def on_leave(self) -> None:
        self.hovered = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        hit = self._hit(event.x)
        if hit is None:
            return
        key = self._layout()[hit][2]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
