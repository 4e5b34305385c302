"""The one door through which corpus text enters the UI.

Transcripts are data. Textual parses markup in plain ``str`` given to Static, DataTable cells,
tab titles, tree labels, options, border titles and ``notify()``: ``[/b]`` crashes, ``[TODO]``
vanishes and ``[@click=app.quit]`` becomes a live action. So every corpus string reaches a
widget as a ``Content`` (Textual) or ``Text`` (Rich) object built here, never as a ``str``,
and notifications go through ``notify`` with ``markup=False``.

Decisions: C0/C1 control characters (ESC included) are removed, not shown as escapes; bidi
overrides and isolates are removed too, since they reorder what the reader sees; tabs become
spaces. Newlines are kept by ``content`` (multi-line text that wraps) and folded to spaces by
``line`` (one-line labels, cells and titles).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

if TYPE_CHECKING:
    import re

    from rich.console import JustifyMethod
    from rich.style import Style as RichStyle
    from textual.dom import DOMNode
    from textual.notifications import SeverityLevel
    from textual.style import Style


@cache
def _control() -> re.Pattern[str]:
    """The characters never shown, defined once for the CLI and the UI in tracking.exports;
    imported on first use, since the first screen shows no corpus text and start-up need not
    pay for that module's imports (csv, json, tempfile)."""
    from tifa.tracking.exports import CONTROL

    return CONTROL


def clean(value: object) -> str:
    """``value`` as inert text: control characters removed, newlines kept."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _control().sub("", text)


def line(value: object) -> str:
    """``value`` as one inert line: newlines folded to spaces."""
    return clean(value).replace("\n", " ")


def content(value: object, style: Style | str = "") -> Content:
    """Multi-line corpus text as ``Content`` (never parsed as markup)."""
    return Content.styled(clean(value), style) if style else Content(clean(value))


def label(value: object, style: Style | str = "") -> Content:
    """One line of corpus text as ``Content``: titles, options, labels."""
    return Content.styled(line(value), style) if style else Content(line(value))


def cell(
    value: object, style: str | RichStyle | None = None, *, justify: JustifyMethod | None = None
) -> Text:
    """A DataTable cell: a Rich ``Text`` so that DataTable does not parse it as markup."""
    return Text(line(value), style=style or "", justify=justify, end="")


def number(value: int | float | None) -> Text:
    """A right-aligned numeric cell; ``None`` shows as a dash."""
    if value is None:
        return Text("–", justify="right", end="")
    shown = f"{value:.2f}" if isinstance(value, float) else str(value)
    return Text(shown, justify="right", end="")


def notify(
    node: DOMNode,
    message: object,
    *,
    severity: SeverityLevel = "information",
    title: str = "",
    timeout: float | None = None,
) -> None:
    """A notification whose message and title are shown literally."""
    node.app.notify(
        line(message), title=line(title), severity=severity, timeout=timeout, markup=False
    )
