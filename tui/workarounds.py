"""Guards against bugs of textual 8.2 that end the workbench with a traceback, each found by
mashing keys (``tests/test_tui_fuzz.py``), applied once when the app is imported.

Each is a narrow guard around one Textual method, and goes when Textual fixes the bug.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList


def guard_option_list_paging() -> None:
    """Page Up/Down in an OptionList that has not been laid out yet (a Select's overlay
    just opened, the command palette's list just filled: no size, so no lines) raised
    KeyError in ``OptionList._move_page``. Such a key is now ignored, as it is in a list
    with nothing to page through."""
    move_page = OptionList._move_page
    if getattr(move_page, "guarded", False):
        return

    def guarded(self: OptionList, direction: Any) -> None:
        if self.highlighted is not None and self.highlighted not in self._index_to_line:
            return
        move_page(self, direction)

    guarded.guarded = True  # type: ignore[attr-defined]
    OptionList._move_page = guarded  # type: ignore[method-assign]
