"""Hand a command to the tifa daemon, if one is running, instead of running it here.

A ``tifa timeline`` spends most of its time starting: the interpreter, then ~70 ms of
imports, for ~20 ms of work on a warm index. ``tifa daemon start`` leaves a process with
those imports done, listening on a socket in the cache folder (``daemon_server``). The
console script asks it first: it sends its command line, working folder, environment and
its own stdin, stdout and stderr (the descriptors themselves, ``SCM_RIGHTS``), and the daemon
runs the command in a fork of itself that writes straight to this terminal or pipe, then
sends back the exit code. Output, progress bars, colours, ``-o`` files and exit codes are
the same as when the command runs here; only the start-up is saved.

Whatever goes wrong before the command starts (no daemon, a stale socket, a daemon of other
code) returns None and the command runs here, as if there were no daemon: the daemon only
ever makes a command faster. When none runs, the command starts one in the background for
the commands that follow (``autostart``, as Mercurial's ``chg`` or Gradle do: when it
ends), on the corpus it names, which stops after ``AUTO_IDLE_S`` without a command.
``TIFA_NO_DAEMON=1`` skips both.

This module is imported by every forwarded command before anything else, so it imports
only ``_socket`` and ``_signal`` (``socket`` and ``signal`` would add ``selectors`` and
``enum``: a few milliseconds).
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # signal's C half, without enum
import _socket
import marshal
import os
import sys

from tifa.corpus.paths import cache_folder

TYPE_CHECKING = False  # not typing's, which imports re and more: see ``tui.cli.main``
if TYPE_CHECKING:
    from typing import Any

# The subcommands that run in the daemon: every command of ``registry.MODULES`` but the web
# server (a long-lived process of its own), ``daemon`` itself and ``cache`` (clearing it
# stops the daemon, which holds it open); a test keeps them in step.
FORWARDED = frozenset(
    {
        "corpus",
        "show",
        "dupes",
        "diff",
        "topics",
        "families",
        "changes",
        "prepare",
        "timeline",
        "search",
    }
)
PREPARE = "--prepare"  # before the corpus on a daemon's command line (its paths are absolute)
# Named for this machine: a cache folder in a home shared between machines (NFS) holds each
# machine's own daemon, none taking another's socket for a stale one.
_HOST = os.uname().nodename[:32] if hasattr(os, "uname") else "local"
SOCKET_NAME = f"daemon-{_HOST}.sock"
LOCK = f"daemon-{_HOST}.lock"  # beside the socket: held by the daemon, from start to end
LOG = "daemon.log"  # beside the socket: what a daemon says, its errors
# beside the socket: the pid of a daemon a command spawned, until it holds the lock
SPAWNED = f"daemon-{_HOST}.spawned"
ANOTHER = 3  # a new daemon's exit code when another holds the lock
AUTO_IDLE_S = 15 * 60  # a daemon a command started stops after this long without a command
MAX_SOCKET_PATH = 100  # bytes; sun_path holds 104 (macOS) to 108 (Linux)
RUN, STATUS, STOP = b"R", b"P", b"S"
# Longest wait for the daemon to take a request (it answers in milliseconds): a daemon held
# up (stopped, swapped out) is passed over and the command runs here. The fork exits without
# running the command when the client has gone, so it never runs twice.
HANDSHAKE_S = 10.0


def socket_path() -> str:
    return os.path.join(cache_folder(), SOCKET_NAME)


def identity() -> dict[str, str]:
    """What a daemon must share with this process to answer for it: the Python environment
    (a virtualenv's prefix, whichever of its ``python`` links started it) and the tifa
    installed in it (a daemon of another virtualenv or checkout refuses)."""
    return {
        "python": sys.prefix,
        "tifa": os.path.dirname(os.path.abspath(__file__)),
        # how this Python reads and writes names and text where tifa gives no encoding
        "text": f"{sys.getfilesystemencoding()} utf8_mode={sys.flags.utf8_mode}",
    }


def forward(argv: list[str]) -> int | None:
    """The exit code of ``argv`` run by the daemon, or None when it should run here."""
    if not argv or argv[0] not in FORWARDED or os.environ.get("TIFA_NO_DAEMON"):
        return None
    path = socket_path()
    if any(_closed(fd) for fd in (0, 1, 2)):
        return None
    if not _mine(path):
        if not os.path.lexists(path):
            _autostart_at_exit(path, argv)
        return None
    try:
        sock = connect(path)
    except (ConnectionRefusedError, FileNotFoundError):
        _autostart_at_exit(path, argv)  # a daemon killed left its socket: a new one replaces it
        return None
    except OSError:
        return None
    try:
        if not same_user(sock):
            return None  # never hand this terminal and environment to another user
        try:
            reply = request(sock, RUN, _run_request(argv), fds=(0, 1, 2))
        except (OSError, EOFError, ValueError):
            return None  # the daemon went away before starting the command
        if "pid" not in reply:
            return None  # refused: another tifa, or its code changed since it started
        sock.settimeout(None)  # the command takes as long as it takes
        return _outcome(sock, int(reply["pid"]))
    finally:
        sock.close()


def _autostart_at_exit(path: str, argv: list[str]) -> None:
    """``autostart`` once this command has run here: its index is then up to date, where a
    daemon started before would open a cold corpus alongside it and build the index twice."""
    import atexit

    atexit.register(autostart, path, list(argv))


def autostart(path: str, argv: list[str]) -> None:
    """Start a daemon in the background, in a session of its own, for the commands that
    follow; this one runs here all the same, without waiting for it. It opens the corpus
    that ``argv`` names (``--corpus``), as ``tifa daemon start --corpus`` does. Best effort:
    where it cannot start (no ``posix_spawn``, a socket path too long, a cache folder that
    cannot be made), nothing changes."""
    spawn = getattr(os, "posix_spawn", None)
    if spawn is None or len(os.fsencode(path)) > MAX_SOCKET_PATH:
        return
    folder = os.path.dirname(path)
    log = os.path.join(folder, LOG)
    corpus = [p for p in absolute(corpus_of(argv)) if p == "bundled" or os.path.exists(p)]
    try:
        os.makedirs(folder, exist_ok=True)
        if daemon_starting(os.path.join(folder, LOCK)) or daemon_spawned(folder):
            return
        # until the daemon holds the lock (its imports take ~0.1 s), this tells ``tifa daemon
        # stop`` that one is on its way: its spawner first, then the daemon itself
        _spawning(folder, os.getpid())
        pid = spawn(
            sys.executable,
            server_command(path, AUTO_IDLE_S, corpus),
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_OPEN, 1, log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600),
                (os.POSIX_SPAWN_DUP2, 1, 2),
            ],
            setsid=True,
        )
        _spawning(folder, pid)
    except (OSError, NotImplementedError):  # NotImplementedError: no setsid for a spawn
        spawned_done(folder)


def _spawning(folder: str, pid: int) -> None:
    """Write ``SPAWNED`` whole (a reader never sees half a pid)."""
    tmp = os.path.join(folder, f".{SPAWNED}.{os.getpid()}")
    with open(tmp, "w", encoding="ascii") as out:
        out.write(str(pid))
    os.replace(tmp, os.path.join(folder, SPAWNED))


def spawned_done(folder: str) -> None:
    """The spawned daemon holds the lock, or will never: ``SPAWNED`` goes."""
    try:
        os.unlink(os.path.join(folder, SPAWNED))
    except OSError:  # none: the daemon holds the lock or another already said so
        return


def daemon_spawned(folder: str) -> bool:
    """Whether a command spawned a daemon that does not hold the lock yet, and still lives."""
    try:
        with open(os.path.join(folder, SPAWNED), encoding="ascii") as marker:
            pid = int(marker.read())
        os.kill(pid, 0)
    except (OSError, ValueError):  # none, unreadable, or a process gone
        return False
    return True


def daemon_starting(lock: str) -> bool:
    """Whether a daemon holds ``lock``: one is starting (opening its corpus), so a command
    that comes meanwhile starts none. (Two commands may both find it free: the second
    daemon then finds it held and exits.)"""
    import fcntl

    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return True
    finally:
        os.close(fd)  # and with it the lock, if it was taken here
    return False


def server_command(path: str, idle_s: float, corpus: list[str], prepare: bool = False) -> list[str]:
    """The command line of a daemon listening on ``path`` (``daemon_server.main``); with
    ``prepare``, one that keeps the family reports of ``corpus`` prepared
    (``daemon_prepare``)."""
    flags = [PREPARE] if prepare else []
    return [sys.executable, "-m", "tifa.tui.cli.daemon_server", path, str(idle_s), *flags, *corpus]


def corpus_of(argv: list[str]) -> list[str]:
    """The paths ``argv`` gives with ``--corpus``."""
    paths, rest = [], list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--corpus" and rest:
            paths.append(rest.pop(0))
        elif arg.startswith("--corpus="):
            paths.append(arg.removeprefix("--corpus="))
    return paths


def absolute(paths: list[str]) -> list[str]:
    """Corpus paths made absolute, as a daemon needs them (it works from ``/``); "bundled"
    as it is."""
    return [p if p == "bundled" else os.path.abspath(os.path.expanduser(p)) for p in paths]


def connect(path: str) -> _socket.socket:
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    sock.settimeout(HANDSHAKE_S)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock


def same_user(sock: _socket.socket) -> bool:
    """Whether the other end of ``sock`` runs as this user, where the system says (Linux's
    ``SO_PEERCRED``: pid, uid, gid); elsewhere the socket's owner and mode say it."""
    option = getattr(_socket, "SO_PEERCRED", None)
    if option is None:
        return True
    credentials = sock.getsockopt(_socket.SOL_SOCKET, option, 12)
    return int.from_bytes(credentials[4:8], sys.byteorder) == os.getuid()


def request(
    sock: _socket.socket, kind: bytes, body: dict[str, Any], fds: tuple[int, ...] = ()
) -> dict[str, Any]:
    """Send one request (its kind with ``fds`` attached, then ``body``) and read the reply."""
    ancillary = []
    if fds:
        raw = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in fds)
        ancillary.append((_socket.SOL_SOCKET, _socket.SCM_RIGHTS, raw))
    sock.sendmsg([kind], ancillary)
    send_frame(sock, body)
    return recv_frame(sock)


def send_frame(sock: _socket.socket, value: dict[str, Any]) -> None:
    data = marshal.dumps(value)
    sock.sendall(len(data).to_bytes(4, "big") + data)


def recv_frame(sock: _socket.socket) -> dict[str, Any]:
    size = int.from_bytes(_exactly(sock, 4), "big")
    value = marshal.loads(_exactly(sock, size))
    if not isinstance(value, dict):
        raise ValueError("not a tifa daemon message")
    return value


def _exactly(sock: _socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        piece = sock.recv(size - len(data))
        if not piece:
            raise EOFError("the connection closed")
        data += piece
    return data


def _run_request(argv: list[str]) -> dict[str, Any]:
    streams = (sys.stdin, sys.stdout, sys.stderr)
    main = sys.modules["__main__"]
    spec = getattr(main, "__spec__", None)
    return {
        # how Python was started (a script, ``python -m``): click names the program by it
        "main": (getattr(main, "__package__", None), spec.name if spec else None),
        **identity(),
        "argv": sys.argv[:1] + argv,
        "cwd": os.getcwd(),
        "umask": _umask(),
        "env": dict(os.environ),
        "encodings": [(getattr(s, "encoding", None), getattr(s, "errors", None)) for s in streams],
    }


def _outcome(sock: _socket.socket, pid: int) -> int:
    """Wait for the command's exit code. Ctrl+C here is passed to the command, which ends
    as it would here (``tifa: interrupted``, 130); a second one stops waiting. SIGTERM and
    SIGHUP (``timeout``, a closed terminal) are passed on too, and then end this process as
    they would have ended the command run here."""
    relayed: list[int] = []

    def relay(signum: int, frame: object) -> None:
        relayed.append(signum)
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            return

    for signum in (_signal.SIGTERM, _signal.SIGHUP):
        _signal.signal(signum, relay)
    interrupted = False
    while True:
        try:
            return int(recv_frame(sock)["code"])
        except KeyboardInterrupt:
            if interrupted:
                return 130
            interrupted = True
            try:
                os.kill(pid, _signal.SIGINT)
            except ProcessLookupError:
                return 130
        except (OSError, EOFError, ValueError, KeyError):
            if relayed:  # the command ended by the signal: so does this process
                _signal.signal(relayed[-1], _signal.SIG_DFL)
                os.kill(os.getpid(), relayed[-1])
            sys.stderr.write("tifa: the daemon's worker ended without an exit status\n")
            return 1


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mine(path: str) -> bool:
    """Whether ``path`` is there and this user's: a socket another user put in a shared
    cache folder is never connected to."""
    try:
        return os.stat(path).st_uid == os.getuid()
    except OSError:
        return False


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False
