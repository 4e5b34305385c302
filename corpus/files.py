"""Reading one file of a corpus without hanging or running out of memory.

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

What is read where: ``corpus.sources`` lists a corpus's files, ``corpus.decode`` reads each
through ``read_regular``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 16 * 1024 * 1024
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
        raise Unreadable(why_unreadable(path, err)) from None
    if len(data) > limit:  # it grew after the check
        raise Unreadable(_too_large(len(data), limit, grown=True))
    return data


def why_unreadable(path: str | Path, err: OSError) -> str:
    """``err`` in words, naming a symbolic link that leads nowhere as such."""
    if isinstance(err, FileNotFoundError) and os.path.islink(path):
        return "cannot read: link to a missing file"
    return f"cannot read: {err.strerror or err}"


def _check(status: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise Unreadable("cannot read: is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise Unreadable(f"not a regular file ({kind(status.st_mode)})")
    if status.st_size > limit:
        raise Unreadable(_too_large(status.st_size, limit))


def _too_large(size: int, limit: int, grown: bool = False) -> str:
    mib = 1024 * 1024
    more = "more than " if grown else ""  # only the first limit + 1 bytes were read
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
