"""Which files a corpus is read from, and reading one without hanging or running out of memory.

Decisions:

* Only regular files are read. A FIFO named as a transcript (or as a topics file) blocks
  until something writes to it, for ever if nothing does; a device such as ``/dev/zero``
  never ends. Both are refused by what they are, before anything is read: ``os.stat``
  first, then ``os.fstat`` of the open file, opened with ``O_NONBLOCK`` so that even a file
  swapped for a FIFO in between cannot block the open.
* One transcript is at most ``MAX_BYTES`` (16 MiB): the longest real ones (a party congress
  report, a year of briefings on one page) are a few hundred KB, and parsing costs about
  0.3 s and 20 MB of memory per MB. A larger file is refused with its size and the limit,
  so that it can be split, rather than read until memory runs out.
* Folders are walked without following links to folders (a link may make a loop, and two
  paths to one file would count it twice); links to files are read. Everything a walk
  passes over that looks like a transcript is said, with why: a folder that cannot be
  listed, a link that leads nowhere, a link to a folder, a FIFO or device with a
  transcript's suffix. Hidden files (``.name``) and other suffixes are left out silently.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 16 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class Unreadable(Exception):
    """Why a path cannot be read, as a short phrase ("not a regular file (FIFO)")."""


def read_regular(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them; Unreadable
    otherwise. A symlink is followed to what it names."""
    try:
        _check(os.stat(path), limit)
        with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as f:
            _check(os.fstat(f.fileno()), limit)
            data = f.read(limit + 1)
    except OSError as err:
        raise Unreadable(f"cannot read: {err.strerror or err}") from None
    if len(data) > limit:  # it grew after the check
        raise Unreadable(_too_large(len(data), limit))
    return data


def _check(status: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise Unreadable("cannot read: is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise Unreadable(f"not a regular file ({kind(status.st_mode)})")
    if status.st_size > limit:
        raise Unreadable(_too_large(status.st_size, limit))


def _too_large(size: int, limit: int) -> str:
    mib = 1024 * 1024
    more = "more than " if size > limit + 1 else ""
    return (
        f"too large: {more}{size / mib:.1f} MiB, and a transcript may be at most "
        f"{limit / mib:g} MiB (split it)"
    )


def kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"


def walk(folder: Path) -> tuple[list[Path], list[str]]:
    """The transcript files under ``folder`` (sorted as paths), and one warning for each
    thing passed over. Unreadable if ``folder`` itself cannot be listed."""
    files: list[Path] = []
    warnings: list[str] = []

    def unlisted(err: OSError) -> None:
        if Path(err.filename or folder) == folder:
            raise Unreadable(f"cannot list folder: {err.strerror or err}")
        warnings.append(f"{err.filename}: cannot list folder: {err.strerror or err} (skipped)")

    for root, dirs, names in os.walk(folder, onerror=unlisted):
        here = Path(root)
        for name in dirs:
            if (here / name).is_symlink():
                warnings.append(f"{here / name}: link to a folder, not followed (skipped)")
        for name in names:
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in TEXT_SUFFIXES:
                continue
            problem = _not_a_transcript(path)
            if problem:
                warnings.append(f"{path}: {problem} (skipped)")
            else:
                files.append(path)
    return sorted(files), sorted(warnings)


def _not_a_transcript(path: Path) -> str | None:
    """Why a file found in a folder cannot be a transcript, or None if it may be one."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "link to a missing file" if path.is_symlink() else "vanished while listed"
    except OSError as err:
        return f"cannot read: {err.strerror or err}"
    return None if stat.S_ISREG(mode) else f"not a regular file ({kind(mode)})"
