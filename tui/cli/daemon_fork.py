"""In a fork of the tifa daemon: become the client's command, run it, report its exit code.

The fork takes the client's stdin, stdout and stderr (received as descriptors) as its own,
its working folder, umask, environment, command line and the way its Python was started,
then runs the command through the same entry point as the console script. Whatever the
command does stays in the fork, which exits when the command ends.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import os
import signal
import socket
import sys
import traceback
import types
from typing import Any

from tifa.tui.cli.daemon_client import send_frame


def run_forked(conn: socket.socket, body: dict[str, Any], fds: list[int]) -> int:
    """In the fork: become the client's command, run it, send its exit code."""
    conn.settimeout(None)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(body["cwd"])
    os.umask(body["umask"])
    os.environ.clear()
    os.environ.update(body["env"])
    _streams(body["encodings"])
    sys.argv = list(body["argv"])
    sys.modules["__main__"] = _main_module(*body["main"])
    try:
        send_frame(conn, {"pid": os.getpid()})
    except OSError:
        return 1  # the client gave up waiting and runs the command itself
    code = command(sys.argv[1:])
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    with contextlib.suppress(OSError):  # a client gone has no use for the code
        send_frame(conn, {"code": code})
    return code


def command(argv: list[str]) -> int:
    """Exit code of the command line, as the console script would end with it."""
    from tifa.tui.cli.main import main

    try:
        main(argv)
    except SystemExit as end:
        if end.code is None or isinstance(end.code, int):
            return end.code or 0
        print(end.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def _streams(encodings: list[tuple[str | None, str | None]]) -> None:
    """The fork's stdin, stdout and stderr as the client's own were: their encodings, and
    line-buffered where they are terminals (stderr always), as Python opens them. (The
    ``sys.__stdout__`` family keeps the daemon's objects, on the same descriptors 0-2, which
    now are the client's: what asks them for a terminal size gets the client's.)"""
    (in_enc, in_err), (out_enc, out_err), (err_enc, err_err) = encodings
    sys.stdin = open(0, encoding=in_enc, errors=in_err, closefd=False)  # noqa: SIM115
    sys.stdout = open(  # noqa: SIM115
        1, "w", encoding=out_enc, errors=out_err, closefd=False, buffering=1 if os.isatty(1) else -1
    )
    sys.stderr = open(  # noqa: SIM115
        2, "w", encoding=err_enc, errors=err_err or "backslashreplace", closefd=False, buffering=1
    )


def _main_module(package: str | None, spec: str | None) -> types.ModuleType:
    """A ``__main__`` that says how the client's Python was started, as click reads it to
    name the program in usage lines (``tifa``, or ``python -m …``)."""
    main = types.ModuleType("__main__")
    main.__package__ = package
    main.__spec__ = importlib.machinery.ModuleSpec(spec, None) if spec else None
    return main
