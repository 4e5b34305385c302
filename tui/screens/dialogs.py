"""What every dialog shares: it closes once, however fast keys come.

A terminal delivers keys faster than a screen redraws, and those typed before a dialog has
closed are still handled by it afterwards: Enter ×4 on the export dialog wrote and
dismissed it four times, Enter twice in the command palette ran its command and dismissed
it twice. A second dismiss pops the screen beneath (``ScreenStackError`` once only the view
is left) or resolves the caller's ``push_screen`` future twice (``InvalidStateError``).
``DismissOnce`` makes dismissing a screen that is no longer on top do nothing; ``Palette``
is Textual's command palette with that guard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ScreenStackError
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette

if TYPE_CHECKING:
    from textual.screen import Screen

    _Screen = Screen[Any]
else:
    _Screen = object  # a mixin: Textual takes a screen's CSS from its first DOMNode base


class DismissOnce(_Screen):
    """Mixin for a screen (listed before its Screen base) whose ``dismiss`` does nothing
    once it is no longer the top screen: it has been dismissed already, or, under another
    dialog, would pop that one instead."""

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if not self.on_top:
            return AwaitComplete()
        return super().dismiss(result)

    @property
    def on_top(self) -> bool:
        try:
            return self.app.screen is self
        except ScreenStackError:
            return False


class Palette(DismissOnce, CommandPalette):
    """The command palette (Ctrl+P), closed once, and searching only while open: a key
    typed just before it closed, handled just after, started a search for commands that
    looked for the list of a palette already taken down (NoMatches in a worker, textual
    8.2), and that ended the app."""

    def _gather_commands(self, search_value: str) -> Any:
        if not self.on_top:
            return None
        return super()._gather_commands(search_value)
