"""One registry of output formats and one atomic writer, shared by the CLI and the TUI.

Every report tifa produces is first turned into a plain ``Table`` (column names and rows of
JSON-able values) or a JSON document; the renderers here turn those into CSV, JSON, Markdown
or text. Files are written to a temporary file beside the target and renamed, so an export
is either complete or absent.

Every command imports this module, so what only one format needs is imported when that
format is asked for (``json``, ``csv``), and the wide-character pattern is compiled when a
width is first measured: a ``tifa timeline`` that prints text starts without them.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tifa.corpus.charclass import compiled_on_use

FORMATS = ("text", "json", "csv", "md")
# A diff is no table: it has a standalone HTML page instead of CSV.
DIFF_FORMATS = ("text", "json", "md", "html")
# Timelines and changes per period: the tables, and a standalone HTML report with a chart.
REPORT_FORMATS = (*FORMATS, "html")
# Control characters (ESC included) and bidi overrides/isolates: never shown, in any front end.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class ExportError(Exception):
    """An output that could not be written; the message names the path and why.

    ``bad_target`` is true when the path itself is wrong (a folder, a missing folder, a name
    too long) and nothing was attempted: the CLI reports that as a usage error (exit 2), a
    failure while writing (a full disk) as an error (exit 1).
    """

    def __init__(self, message: str, *, bad_target: bool = False) -> None:
        super().__init__(message)
        self.bad_target = bad_target


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def plain(value: object) -> str:
    """A value as one line of inert text: control characters (ESC included) removed."""
    if value is None:
        return ""
    return CONTROL.sub("", str(value).replace("\n", " ").replace("\t", " "))


def to_json(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(table: Table) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return value


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")  # our text never starts a line


def md_escape(text: object) -> str:
    """Text as inert Markdown: every character Markdown could read as markup escaped, ``<``
    among them, so a transcript's ``<script>`` or ``[link](…)`` is shown, never run or
    followed; control characters removed (``plain``)."""
    return _MD_SPECIAL.sub(r"\\\1", plain(text))


def md_fenced(lines: Sequence[str]) -> list[str]:
    """``lines`` in a Markdown code block whose fence is longer than any run of backticks
    in them: three backticks in a transcript do not close it."""
    longest = max((len(run) for line in lines for run in re.findall("`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *(plain(line) for line in lines), fence]


def to_markdown(table: Table) -> str:
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(md_escape(_cell(v)) for v in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def to_text(table: Table) -> str:
    """Aligned columns for people, counting CJK characters as two cells wide. Made column
    by column (``_column_text``), each cell measured once: the 10,000 rows of ``tifa
    corpus`` in ~40 ms."""
    count = len(table.columns)
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * count
    padded = []
    for name, values in zip(table.columns, columns, strict=True):
        column = [name, *_column_text(values)]
        ascii_only = "".join(column).isascii()
        widths = list(map(len if ascii_only else display_width, column))
        width = max(widths)
        padded.append([c + " " * (width - w) for c, w in zip(column, widths, strict=True)])
    return "\n".join(line.rstrip() for line in map("  ".join, zip(*padded, strict=True))) + "\n"


_JOIN = "\uffff"  # a noncharacter: ``plain`` leaves it, and cells hardly ever hold it


def _column_text(values: Sequence[object]) -> list[str]:
    """``plain(_cell(value))`` of each value: a column of strings made plain in one pass
    over them joined (``plain`` works character by character), ints at once."""
    if values and all(type(v) is str for v in values):
        joined = _JOIN.join(values)  # type: ignore[arg-type]
        if joined.count(_JOIN) == len(values) - 1:
            return plain(joined).split(_JOIN)
    return ["" if v is None else str(v) if type(v) is int else plain(_cell(v)) for v in values]


def display_width(text: str) -> int:
    """Terminal cells of ``text``: wide (CJK, full-width) characters count two. Counted by
    deleting them with one regular expression: a per-character loop took 1.6 s of a
    10,000-row ``tifa corpus``."""
    if text.isascii():
        return len(text)
    return 2 * len(text) - len(_WIDE().sub("", text))


# Wide characters; compiling the class takes ~2 ms, so only once a width is measured.
_WIDE = compiled_on_use(
    "[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render_table(table: Table, fmt: str) -> str:
    if fmt == "json":
        return to_json(table.records())
    if fmt == "csv":
        return to_csv(table)
    if fmt == "md":
        return to_markdown(table)
    return to_text(table)


def write_atomic(path: str | Path, content: str) -> Path:
    """Write ``content`` to ``path`` whole or not at all; ExportError names the problem.

    Decisions: a file replaced keeps its permission bits, a new one gets what ``open()``
    would give (0666 less the umask); a symlink is written through, its target replaced
    atomically and the link left in place; a device or FIFO (``-o /dev/stdout``) is written
    in place, since a rename would replace it. The temporary file has a short name of its
    own, so a target whose name is near the limit can still be written.
    """
    target = Path(path).expanduser()
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as err:
        raise _bad_target(target, err) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise ExportError(f"{target}: is a directory", bad_target=True)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        return _write_through(target, content)
    final = Path(os.path.realpath(target)) if target.is_symlink() else target
    folder = final.parent
    if existing is None and not folder.is_dir():
        raise ExportError(f"{target}: folder {folder} does not exist", bad_target=True)
    mode = 0o600 if existing is not None else 0o666  # the umask applies to a new file
    tmp = folder / f".tifa-{os.urandom(8).hex()}.tmp"  # as secrets.token_hex(8)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    except OSError as err:
        raise ExportError(f"{target}: cannot write ({_reason(err)})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        if existing is not None:
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))
        os.replace(tmp, final)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{target}: cannot write ({_reason(err)})") from None
    return target


def _bad_target(target: Path, err: OSError) -> ExportError:
    if err.errno in (errno.ENOENT, errno.ENOTDIR):
        return ExportError(f"{target}: folder {target.parent} does not exist", bad_target=True)
    return ExportError(f"{target}: {_reason(err)}", bad_target=True)


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _write_through(target: Path, content: str) -> Path:
    """Write to a device or FIFO (``-o /dev/stdout``) in place: a rename would replace it."""
    try:
        with target.open("w", encoding="utf-8", newline="") as f:
            f.write(content)
    except OSError as err:
        raise ExportError(f"{target}: cannot write ({_reason(err)})") from None
    return target
