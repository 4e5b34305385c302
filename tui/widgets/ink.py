"""Styles for spans inside a widget's text, taken from its component classes in CSS.

``get_visual_style(partial=True)`` leaves an unset background as transparent black, which
draws black boxes; the full style paints the widget's own background under every span,
which hides a highlighted row. ``ink`` keeps a background only where the component class
sets one, and resolves translucent text colours against what lies beneath. Spans are baked
into text, so widgets that use it redraw when the theme changes (``on_theme``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from textual.style import Style
from textual.widget import Widget


def ink(widget: Widget, *names: str) -> Style:
    full = widget.get_visual_style(*names)
    partial = widget.get_visual_style(*names, partial=True)
    own = partial.background is not None and partial.background.a > 0
    foreground = full.foreground
    if foreground is not None and full.background is not None:
        foreground = full.background + foreground
    return dataclasses.replace(
        full, background=full.background if own else None, foreground=foreground
    )


def on_theme(widget: Widget, redraw: Callable[[], None]) -> None:
    """Call ``redraw`` after each theme change, once the new styles apply."""

    def later(_theme: str) -> None:
        widget.call_after_refresh(redraw)

    widget.watch(widget.app, "theme", later, init=False)
