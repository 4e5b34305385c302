"""The row of view tabs at the top of every view: click one, or press its number."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Tab, Tabs

VIEWS: tuple[tuple[str, str], ...] = (
    ("corpus", "Corpus"),
    ("compare", "Compare"),
    ("families", "Families"),
    ("timeline", "Timeline"),
    ("search", "Search"),
)


class NavBar(Tabs, can_focus=False):
    """Tabs that switch the app's mode; never takes focus, so keys stay with the view."""

    DEFAULT_CSS = """
    NavBar { dock: top; }
    """

    def __init__(self, active: str) -> None:
        tabs = [Tab(Content(f"{n} {title}"), id=f"nav-{view}")
                for n, (view, title) in enumerate(VIEWS, 1)]
        super().__init__(*tabs, active=f"nav-{active}")
        self._view = active

    async def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        view = (event.tab.id or "").removeprefix("nav-")
        if view and view != self._view:
            self.active = f"nav-{self._view}"
            await self.app.run_action(f"app.view('{view}')")
