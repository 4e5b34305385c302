"""F1: every key of every view, read from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from tifa.tui.screens.dialogs import DismissOnce
from tifa.tui.widgets.nav import VIEWS

INTRO = (
    "Keys work where shown; letters typed into a text box go to the box. "
    "Ctrl+P opens the command palette with every action. The mouse works everywhere."
)


def _screens() -> list[tuple[str, type[Screen[Any]]]]:
    from tifa.tui.screens.export import ExportScreen
    from tifa.tui.screens.reader import ReaderScreen

    found: list[tuple[str, type[Screen[Any]]]] = [
        (title, import_module(f"tifa.tui.screens.{view}").SCREEN) for view, title in VIEWS
    ]
    return [*found, ("Reader", ReaderScreen), ("Export", ExportScreen)]


def _widget_bindings(screen: type) -> list[Binding]:
    """Bindings of the view's own widgets that it declares in ``HELP_WIDGETS``."""
    bindings: list[Binding] = []
    for widget in getattr(screen, "HELP_WIDGETS", ()):
        bindings += [b for b in widget.BINDINGS if isinstance(b, Binding)]
    return bindings


class HelpScreen(DismissOnce, ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Label(Content("tifa 提法 — keys"), id="help-title")
            yield Label(Content(INTRO), id="help-intro")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table: DataTable[Any] = self.query_one("#help-keys", DataTable)
        table.add_columns("where", "key", "does")
        rows = [
            ("everywhere", binding) for binding in self.app.BINDINGS if isinstance(binding, Binding)
        ]
        rows.append(("everywhere", Binding("ctrl+p", "command_palette", "Command palette")))
        for title, screen in _screens():
            own = [b for b in screen.BINDINGS if isinstance(b, Binding)]
            rows += [(title, b) for b in own + _widget_bindings(screen)]
        seen: set[tuple[str, str]] = set()
        for where, binding in rows:
            for key in binding.key.split(","):
                if (where, key) in seen:
                    continue
                seen.add((where, key))
                shown = self.app.get_key_display(Binding(key, binding.action))
                table.add_row(Text(where), Text(shown), Text(binding.description or binding.action))
        table.focus()
