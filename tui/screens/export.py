"""The export dialog: pick what to export, a format from the shared registry and a path;
write atomically.

The bytes are the CLI's: a view hands over one ``Report`` per thing it shows (the corpus
view: the documents and the near-duplicate pairs), each built with the engine's own table
and JSON builders, rendered here by ``tracking.exports`` and written with ``write_atomic``,
so a file is whole or absent and the notification names where it went.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from tifa.tracking.exports import (
    REPORT_FORMATS,
    ExportError,
    Table,
    render_table,
    to_json,
    write_atomic,
)
from tifa.tui import safe
from tifa.tui.screens.dialogs import DismissOnce

LABELS = {"csv": "CSV", "json": "JSON", "md": "Markdown", "text": "Text", "html": "HTML"}
SUFFIXES = {"csv": ".csv", "json": ".json", "md": ".md", "text": ".txt", "html": ".html"}
# The dialog's choices; a report offers the tables' three unless it has an HTML page too
# (timelines and changes per period).
EXPORT_FORMATS = tuple(f for f in REPORT_FORMATS if f != "text")
TABLE_EXPORTS = tuple(f for f in EXPORT_FORMATS if f != "html")
REPORT_EXPORTS = EXPORT_FORMATS
# The views that have such a report: the timeline, and the changes beside the families.
HTML_VIEWS = ("timeline", "families")


@dataclass(frozen=True)
class Report:
    """One view's data for export: a name, a row count, and the engine's renderer.

    ``render(fmt)`` is the very function the CLI prints with (``render_timeline``,
    ``render_table``…), so an export from the TUI and ``tifa … --format fmt`` agree;
    ``formats`` are those of the dialog's that the CLI offers for this report. ``label``
    names it in the dialog when a view offers more than one.
    """

    name: str
    rows: int
    render: Callable[[str], str]
    formats: tuple[str, ...] = TABLE_EXPORTS
    label: str = ""

    @classmethod
    def of_table(
        cls,
        name: str,
        table: Table,
        document: object | None = None,
        *,
        formats: tuple[str, ...] = TABLE_EXPORTS,
        label: str = "",
    ) -> Report:
        """A report of a flat table; JSON is ``document`` when the CLI prints one."""

        def render(fmt: str) -> str:
            if fmt == "json" and document is not None:
                return to_json(document)
            return render_table(table, fmt)

        return cls(name, len(table.rows), render, formats, label)


def default_path(report: Report, fmt: str) -> Path:
    """``./tifa-NAME.ext``, the name cut to letters, digits, ``.``, ``_`` and ``-``."""
    name = re.sub(r"[^\w.-]+", "_", report.name).strip("_") or "export"
    return Path.cwd() / f"tifa-{name}{SUFFIXES[fmt]}"


def export_report(report: Report, fmt: str, path: str | Path) -> Path:
    """Render and write; ExportError names the path and the reason."""
    if fmt not in REPORT_FORMATS or fmt not in report.formats:
        raise ExportError(f"{fmt}: not a format of the {report.name} report")
    return write_atomic(path, report.render(fmt))


class ExportScreen(DismissOnce, ModalScreen[Path | None]):
    """Returns the written path, or None if cancelled.

    ``reports`` are what the view offers, ``selected`` the name of the one picked first
    (else the first that offers ``fmt``).
    """

    CSS_PATH = "export.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, reports: Sequence[Report], fmt: str = "csv", selected: str | None = None
    ) -> None:
        super().__init__()
        self.reports = tuple(reports)
        offering = next((r for r in self.reports if fmt in r.formats), self.reports[0])
        self.report = next((r for r in self.reports if r.name == selected), offering)
        self.fmt = self._offered(fmt)

    def _offered(self, fmt: str) -> str:
        """``fmt`` if the current report offers it, else its first format."""
        offered = [f for f in EXPORT_FORMATS if f in self.report.formats]
        return fmt if fmt in offered else offered[0]

    def _title(self) -> Content:
        rows = self.report.rows
        return Content(f"Export {self.report.name} ({rows} row{'' if rows == 1 else 's'})")

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label(self._title(), id="export-title")
            if len(self.reports) > 1:
                with RadioSet(id="export-what"):
                    for n, report in enumerate(self.reports):
                        yield RadioButton(
                            Content(report.label or report.name),
                            value=report is self.report,
                            id=f"what-{n}",
                        )
            with RadioSet(id="export-format"):
                for fmt in EXPORT_FORMATS:
                    yield RadioButton(
                        Content(LABELS[fmt]),
                        value=fmt == self.fmt,
                        id=f"fmt-{fmt}",
                        disabled=fmt not in self.report.formats,
                    )
            yield Input(
                str(default_path(self.report, self.fmt)),
                id="export-path",
                placeholder="file to write",
            )
            yield Label(id="export-error")
            with Horizontal(id="export-buttons"):
                yield Button("Write", variant="primary", id="export-write")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed, "#export-what")
    def _report_changed(self, event: RadioSet.Changed) -> None:
        """Another report: its formats, and its default file unless the user typed one."""
        previous = self.report
        self.report = self.reports[int((event.pressed.id or "what-0").removeprefix("what-"))]
        self.query_one("#export-title", Label).update(self._title())
        fmt = self._offered(self.fmt)
        for button in self.query("#export-format RadioButton").results(RadioButton):
            name = (button.id or "").removeprefix("fmt-")
            button.disabled = name not in self.report.formats
            if name == fmt:
                button.value = True
        path_input = self.query_one("#export-path", Input)
        if path_input.value == str(default_path(previous, self.fmt)):
            path_input.value = str(default_path(self.report, fmt))
        self.fmt = fmt

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt = (event.pressed.id or "").removeprefix("fmt-")
        if fmt not in EXPORT_FORMATS:
            return
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        if path.suffix in SUFFIXES.values():
            path_input.value = str(path.with_suffix(SUFFIXES[fmt]))
        self.fmt = fmt

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-write")
    def action_write(self) -> None:
        if not self.on_top:  # an Enter typed before it closed: written already
            return
        target = self.query_one("#export-path", Input).value.strip()
        if not target:
            self.query_one("#export-error", Label).update(Content("Give a file to write."))
            return
        try:
            path = export_report(self.report, self.fmt, target)
        except ExportError as err:
            self.query_one("#export-error", Label).update(safe.label(err))
            safe.notify(self, err, severity="error", title="Export failed")
            return
        safe.notify(self, f"wrote {path}", title=f"Exported {self.report.name}")
        self.dismiss(path)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
