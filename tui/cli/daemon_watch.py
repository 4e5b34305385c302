"""Whether a tifa file the daemon loaded has changed since it started: asked before every
command, since a daemon must never answer with code older than the files on disk.

Comparing each loaded file's modification time and size with those taken at the start is
a stat per module, about a hundred: 3 ms of a 50 ms command on a daemon woken from idle. On
Linux the kernel can say it instead (inotify, through libc): the folders of those files are
watched from the start, and every change to a file in them is an event queued by the very
call that makes it, before that call returns, so a command that comes after a change always
finds it. Asking is one read of a non-blocking descriptor. Where inotify cannot be had (not
Linux, no such libc call, the watch limit reached), the stats are compared, as before.
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
from collections.abc import Iterable

# <sys/inotify.h>: what changes a file (written, its times or mode, moved or deleted, or
# replaced by a file moved or made in its place) and what ends a watch (its folder moved,
# deleted or unmounted; events lost when too many queued).
IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF, IN_UNMOUNT = 0x400, 0x800, 0x2000
IN_Q_OVERFLOW, IN_IGNORED = 0x4000, 0x8000
FILE_EVENTS = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
FILE_EVENTS |= IN_CREATE | IN_DELETE
WATCH_ENDS = IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED
EVENT = struct.Struct("iIII")  # wd, mask, cookie, length of the name that follows


def loaded_files() -> list[str]:
    """The files of the tifa modules this process has loaded (``__main__`` included when
    it is one, as in the daemon, started with ``python -m``)."""
    files = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        spec = getattr(module, "__spec__", None)
        if path and (spec.name if spec else name).startswith("tifa."):
            files.append(os.path.abspath(path))
    return files


def _stamp(files: Iterable[str]) -> dict[str, tuple[int, int] | None]:
    stamp: dict[str, tuple[int, int] | None] = {}
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            stamp[path] = None
        else:
            stamp[path] = (st.st_mtime_ns, st.st_size)
    return stamp


class CodeWatch:
    """Whether any of ``files`` changed since this watch began (``changed``)."""

    def __init__(self, files: Iterable[str]) -> None:
        self.files = sorted(set(files))
        self._seen = False
        self._fd: int | None = None
        self._names: dict[int, set[str]] = {}
        self._watch()
        self._stamp = _stamp(self.files)  # after the watch: a change between shows in both

    @property
    def kernel(self) -> bool:
        """Whether inotify watches the files (else each question stats them)."""
        return self._fd is not None

    def changed(self) -> bool:
        """Whether a file changed (moved, deleted, written, touched) since the start; once
        true, always true."""
        if not self._seen:
            self._seen = self._events() if self._fd is not None else self._restamped()
        return self._seen

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _restamped(self) -> bool:
        return _stamp(self.files) != self._stamp

    def _events(self) -> bool:
        assert self._fd is not None
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return False
            except OSError:
                return True  # the watch is broken: say changed, never stale
            at = 0
            while at + EVENT.size <= len(data):
                wd, mask, _, size = EVENT.unpack_from(data, at)
                name = data[at + EVENT.size : at + EVENT.size + size].rstrip(b"\0")
                at += EVENT.size + size
                if mask & WATCH_ENDS or os.fsdecode(name) in self._names.get(wd, ()):
                    return True

    def _watch(self) -> None:
        """Watch every folder of ``files`` with inotify, if this system has it."""
        if not sys.platform.startswith("linux"):
            return
        try:
            libc = ctypes.CDLL(None, use_errno=True)  # the process's own symbols: libc's
            init, add = libc.inotify_init1, libc.inotify_add_watch
        except (OSError, AttributeError):
            return
        add.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32)
        fd = init(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            return
        folders: dict[str, set[str]] = {}
        for path in self.files:
            folders.setdefault(os.path.dirname(path), set()).add(os.path.basename(path))
        for folder, names in folders.items():
            wd = add(fd, os.fsencode(folder), FILE_EVENTS | WATCH_ENDS)
            if wd < 0:
                os.close(fd)
                self._names = {}
                return
            self._names.setdefault(wd, set()).update(names)
        self._fd = fd
