"""The tifa daemon (``tifa daemon start``): commands handed to it print, write and exit
exactly as they do in their own process, and a daemon that cannot answer for a client (other
code, another environment) is never used."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tifa.tui.cli.daemon_client import FORWARDED, LOCK, LOG, SOCKET_NAME, daemon_starting
from tifa.tui.cli.daemon_standby import IDLE_S, Standby
from tifa.tui.cli.registry import MODULES

from helpers import ROOT, SEEDS, run_python

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the daemon needs fork")
SCRIPT = "from tifa.tui.cli.main import main; main()"  # what the console script runs


def tifa(args: list[str], env: dict[str, str], cwd: str | os.PathLike[str] = ROOT, **options):
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        **options,
    )


@pytest.fixture
def daemon(tmp_path):
    """A running daemon for a cache folder of its own; the environment that reaches it."""
    env = {**os.environ, "TIFA_CACHE_DIR": str(tmp_path / "c")}
    env.pop("TIFA_NO_DAEMON", None)
    started = tifa(["daemon", "start", "--idle", "5"], env)
    assert started.returncode == 0, started.stderr
    assert "daemon started" in started.stderr
    yield env
    tifa(["daemon", "stop"], env)


def two_seeds(tmp_path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A folder of two seeds, the environment that reaches a daemon of a cache folder of its
    own, and one that does not."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, folder)
    env = {**os.environ, "TIFA_CACHE_DIR": str(tmp_path / "c")}
    env.pop("TIFA_NO_DAEMON", None)
    return folder, env, {**env, "TIFA_NO_DAEMON": "1"}


@pytest.fixture
def on_folder(tmp_path):
    """A daemon started on a folder of two seeds (``--corpus``): the folder, the
    environment that reaches the daemon, and one that does not."""
    folder, env, alone = two_seeds(tmp_path)
    started = tifa(["daemon", "start", "--corpus", str(folder)], env)
    assert started.returncode == 0, started.stderr
    yield folder, env, alone
    tifa(["daemon", "stop"], env)


def served(env: dict[str, str]) -> int:
    status = tifa(["daemon", "status"], env)
    assert status.returncode == 0, status.stderr
    return int(status.stdout.split(", ")[2].split()[0])


def test_every_command_but_the_web_server_and_the_daemon_itself_is_forwarded():
    assert set(MODULES) - {"serve", "daemon", "cache"} == FORWARDED


def test_a_forwarded_command_prints_writes_and_exits_as_in_its_own_process(daemon, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder)
    alone = {**daemon, "TIFA_NO_DAEMON": "1"}
    commands = [
        ["timeline", "改革开放", "--corpus", str(folder)],
        ["search", "改革开放", "--corpus", str(folder), "--format", "json"],
        ["corpus", "--corpus", str(folder)],
        ["timeline", "改革开放", "--corpus", str(tmp_path / "missing")],  # exit 2
        ["timeline", "--corpus", str(folder)],  # a usage error: no phrase
    ]
    tifa(commands[0], alone)  # the index is built before either is timed or compared
    before = served(daemon)
    for command in commands:
        here, there = tifa(command, alone), tifa(command, daemon)
        assert (there.returncode, there.stdout, there.stderr) == (
            here.returncode,
            here.stdout,
            here.stderr,
        ), command
    assert served(daemon) == before + len(commands)  # they did run in the daemon
    # -o FILE is relative to the client's working folder, not the daemon's, and made under
    # the client's umask
    command = ["timeline", "改革开放", "--corpus", str(folder), "-o", "t.txt"]
    for env, name in ((daemon, "there"), (alone, "here")):
        (tmp_path / name).mkdir()
        written = tifa(command, env, tmp_path / name, umask=0o077)
        assert written.returncode == 0, written.stderr
    there, here = tmp_path / "there" / "t.txt", tmp_path / "here" / "t.txt"
    assert there.read_text(encoding="utf-8") == tifa(commands[0], alone).stdout
    assert there.read_text(encoding="utf-8") == here.read_text(encoding="utf-8")
    assert there.stat().st_mode == here.stat().st_mode


def test_a_reader_that_stops_early_ends_the_command_as_in_its_own_process(daemon):
    """``| head``: the fork writes to the client's pipe, and ends with 141 when it closes."""
    command = [sys.executable, "-c", SCRIPT, "search", "的", "--corpus", "bundled"]
    command += ["--context", "200"]  # over a megabyte: more than a pipe holds
    tifa(command[3:], daemon)
    before = served(daemon)
    with subprocess.Popen(command, env=daemon, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as p:
        assert p.stdout is not None and p.stderr is not None
        assert p.stdout.read(10)
        p.stdout.close()
        assert p.wait(timeout=60) == 141
        assert p.stderr.read() == b""
    assert served(daemon) == before + 1


def test_status_and_stop(daemon):
    status = tifa(["daemon", "status"], daemon)
    assert status.stdout.startswith("daemon pid ")
    assert f"environment {sys.prefix}" in status.stdout
    again = tifa(["daemon", "start"], daemon)
    assert again.returncode == 0 and "already running" in again.stderr
    stopped = tifa(["daemon", "stop"], daemon)
    assert "daemon stopped" in stopped.stderr
    # stopped is ended: it no longer holds its lock, nor has a fork warming up on the corpus
    assert not daemon_starting(os.path.join(daemon["TIFA_CACHE_DIR"], LOCK))
    gone = tifa(["daemon", "status"], daemon)
    assert gone.returncode == 1 and "no daemon running" in gone.stderr
    assert not os.path.exists(os.path.join(daemon["TIFA_CACHE_DIR"], SOCKET_NAME))


def test_a_killed_daemon_leaves_commands_running_in_their_own_process(daemon, tmp_path):
    pid = daemon_pid(daemon)
    assert pid is not None
    os.kill(pid, 9)
    ended(pid, 10)
    result = tifa(["corpus", "--corpus", "bundled"], daemon)  # the socket is left, dead
    assert result.returncode == 0, result.stderr
    assert "5 documents" in result.stdout or result.stdout.count("\n") >= 5
    # and it started a new daemon, which replaced the dead one's socket
    assert daemon_pid(daemon) not in (None, pid)


def test_clearing_the_cache_stops_the_daemon_that_holds_it_open(on_folder):
    folder, env, alone = on_folder
    pid = daemon_pid(env)
    assert pid is not None
    cleared = tifa(["cache", "clear", "index"], env)
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stderr.startswith(f"tifa: daemon stopped (pid {pid}): it held the cache open\n")
    assert ended(pid, 10)
    assert not os.path.exists(os.path.join(env["TIFA_CACHE_DIR"], "index.v2.sqlite"))
    # on its own: a daemon it started on the way out would outlive the test
    result = tifa(["corpus", "--corpus", str(folder), "--format", "json"], alone)
    assert result.returncode == 0 and result.stdout.count('"path"') == 2, result.stderr


def test_a_standby_warming_up_ends_with_the_daemon(tmp_path, monkeypatch):
    """At the daemon's exit its standby fork is killed and reaped, even in the middle of a
    warm-up on the corpus: let go, it read the corpus to the end, and could make again the
    index that ``tifa cache clear``, which had stopped the daemon, had just removed."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "c"))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        standby = Standby(listener, [str(folder)])
        standby.warm_up()
        assert standby.state() == "warming"
        standby.close()
        standby.end()
    with pytest.raises(ChildProcessError):  # ended, and reaped
        os.waitpid(standby.pid, os.WNOHANG)


def ended(pid: int, wait: float) -> bool:
    """Whether process ``pid`` has ended, waiting up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def daemon_pid(env: dict[str, str], wait: float = 60) -> int | None:
    """The pid of the daemon that answers for ``env``'s cache folder within ``wait``."""
    deadline = time.monotonic() + wait
    while True:
        status = tifa(["daemon", "status"], env)
        if status.returncode == 0:
            return int(status.stdout.split()[2].rstrip(","))
        if time.monotonic() > deadline:
            return None
        time.sleep(2 * IDLE_S)


def test_a_command_starts_a_daemon_on_its_corpus_for_the_commands_that_follow(tmp_path):
    """Without a daemon a command runs on its own, as always, and leaves one starting in
    the background, on its ``--corpus``, for the next command; it stops after 15 idle
    minutes. A command that comes while it starts starts no other."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, folder)
    env = {**os.environ, "TIFA_CACHE_DIR": str(tmp_path / "c")}
    env.pop("TIFA_NO_DAEMON")
    alone = {**env, "TIFA_NO_DAEMON": "1"}
    command = ["timeline", "改革开放", "--corpus", str(folder)]
    expected = tifa(command, alone)
    assert not (tmp_path / "c" / SOCKET_NAME).exists()
    try:
        first, second = tifa(command, env), tifa(command, env)
        for result in (first, second):
            assert (result.returncode, result.stdout, result.stderr) == (
                expected.returncode,
                expected.stdout,
                expected.stderr,
            )
        pid = daemon_pid(env)
        assert pid is not None
        status = tifa(["daemon", "status"], env).stdout
        assert "15 idle minutes" in status
        assert f"corpus kept open: {folder}" in status
        before = served(env)
        assert tifa(command, env).stdout == expected.stdout
        assert served(env) == before + 1
        assert daemon_pid(env) == pid  # the one daemon
        again = tifa(["daemon", "start"], env)
        assert "already running" in again.stderr
        assert tifa(command, alone).stdout == expected.stdout
        assert served(env) == before + 1  # TIFA_NO_DAEMON: neither used nor started
    finally:
        tifa(["daemon", "stop"], env)


def test_stop_waits_for_a_daemon_that_is_starting_and_stops_it(tmp_path):
    """A daemon opening its corpus does not listen yet: ``tifa daemon stop`` then waits for
    it and stops it, rather than say none runs and leave it running for an hour."""
    from tifa.tui.cli.daemon_client import LOCK, daemon_starting

    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(300):  # an index to build: the daemon is a while starting
        (folder / f"2019-01-{n % 28 + 1:02d}_{n}.txt").write_text(
            f"第{n}号声明\n\n中方对第{n}号事件表示关切。\n", encoding="utf-8"
        )
    env = {**os.environ, "TIFA_CACHE_DIR": str(tmp_path / "c")}
    env.pop("TIFA_NO_DAEMON", None)
    starting = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, "daemon", "start", "--corpus", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        lock = str(tmp_path / "c" / LOCK)
        deadline = time.monotonic() + 60
        while not (os.path.exists(lock) and daemon_starting(lock)):
            assert time.monotonic() < deadline, "the daemon never started"
            time.sleep(0.01)
        stopped = tifa(["daemon", "stop"], env)
        assert stopped.stderr.startswith("tifa: daemon stopped (pid "), stopped.stderr
        pid = int(stopped.stderr.split("pid ")[1].split(")")[0])
        assert ended(pid, 30)
    finally:
        starting.wait(timeout=60)
        tifa(["daemon", "stop"], env)


def test_stop_right_after_a_command_spawned_a_daemon_stops_it(tmp_path, monkeypatch):
    """A command spawns a daemon on its way out (``autostart``), whose imports take a tenth of
    a second before it holds the lock: ``tifa daemon stop`` in that time waits for it too,
    rather than say none runs and leave it running for a quarter of an hour."""
    from tifa.tui.cli.daemon_client import SPAWNED, autostart, daemon_spawned
    from tifa.tui.cli.daemon_cmds import _stop

    folder = tmp_path / "c"
    monkeypatch.setenv("TIFA_CACHE_DIR", str(folder))
    path = str(folder / SOCKET_NAME)
    autostart(path, ["search", "中方"])
    assert daemon_spawned(str(folder))
    pid = _stop(path)
    assert pid is not None, "stop said no daemon runs"
    deadline = time.monotonic() + 30  # it is this process's child here: reaped, not ended
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        assert time.monotonic() < deadline, "the daemon still runs"
        time.sleep(0.05)
    assert not (folder / SPAWNED).exists()


def test_a_second_daemon_for_one_cache_folder_exits_at_once(daemon):
    from tifa.tui.cli.daemon_client import ANOTHER

    path = os.path.join(daemon["TIFA_CACHE_DIR"], SOCKET_NAME)
    second = subprocess.run(
        [sys.executable, "-m", "tifa.tui.cli.daemon_server", path, "5"],
        env=daemon,
        capture_output=True,
        timeout=60,
    )
    assert second.returncode == ANOTHER, second.stderr
    assert served(daemon) == 0  # the first one still answers


def test_a_daemon_whose_socket_is_removed_exits(daemon):
    """No client can reach it any more (its cache folder was cleared): it does not linger."""
    pid = daemon_pid(daemon)
    assert pid is not None
    os.unlink(os.path.join(daemon["TIFA_CACHE_DIR"], SOCKET_NAME))
    assert ended(pid, 30), "the daemon still runs"


def test_a_daemon_refuses_other_code_and_stops(tmp_path):
    """A client of another environment, and every client once tifa's files changed."""
    from tifa.tui.cli.daemon_client import identity
    from tifa.tui.cli.daemon_server import Daemon
    from tifa.tui.cli.daemon_watch import CodeWatch

    module = tmp_path / "module.py"
    module.write_text("x = 1\n")
    daemon = Daemon(str(tmp_path / "d.sock"), idle=0)
    daemon.code.close()
    daemon.code = CodeWatch([str(module)])  # as if the daemon had loaded only this
    try:
        body = {**identity(), "argv": ["tifa", "corpus"]}
        assert daemon._refusal(body) is None
        assert daemon._refusal({**body, "python": "/elsewhere"}) == "another tifa or interpreter"
        assert daemon._refusal({**body, "argv": ["tifa", "serve"]}) == "not a forwarded command"
        assert daemon.running
        module.write_text("x = 2\n")
        assert daemon._refusal(body) == "tifa changed since the daemon started"
        assert not daemon.running
    finally:
        daemon.close()
    assert not (tmp_path / "d.sock").exists()


@pytest.mark.parametrize("kernel", [True, False], ids=["inotify", "stat"])
def test_a_code_watch_sees_each_way_a_loaded_file_changes_and_only_those(
    tmp_path, monkeypatch, kernel
):
    """Written, touched, replaced by a file moved in (an upgrade), deleted: each is a
    change; a file beside it that was not loaded, and its bytecode, are not."""
    from tifa.tui.cli.daemon_watch import CodeWatch

    if not kernel:
        monkeypatch.setattr(CodeWatch, "_watch", lambda self: None)
    else:
        probe = CodeWatch([__file__])
        watched = probe.kernel
        probe.close()
        if not watched:
            pytest.skip("no inotify here (not Linux, or the system refuses a watch)")
    changes = {
        "written": lambda p: p.write_text("x = 2\n"),
        "touched": lambda p: os.utime(p, ns=(1, 1)),
        "replaced": lambda p: (
            p.with_suffix(".new").write_text("x = 1\n"),
            os.replace(p.with_suffix(".new"), p),
        ),
        "deleted": os.unlink,
    }
    for how, change in changes.items():
        module = tmp_path / how / "module.py"
        module.parent.mkdir()
        module.write_text("x = 1\n")
        watch = CodeWatch([str(module)])
        try:
            assert watch.kernel is kernel
            (module.parent / "other.py").write_text("y = 1\n")
            (module.parent / "__pycache__").mkdir()
            (module.parent / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"pyc")
            assert not watch.changed(), how
            change(module)
            assert watch.changed(), how
            assert watch.changed(), how  # and stays so
        finally:
            watch.close()


def test_the_daemons_own_module_counts_among_the_files_it_watches(monkeypatch):
    """The daemon runs as ``python -m tifa.tui.cli.daemon_server``: ``__main__``."""
    import types

    from tifa.tui.cli import daemon_server
    from tifa.tui.cli.daemon_watch import loaded_files

    main = types.ModuleType("__main__")
    main.__file__ = daemon_server.__file__
    main.__spec__ = daemon_server.__spec__
    monkeypatch.setitem(sys.modules, "__main__", main)
    monkeypatch.delitem(sys.modules, "tifa.tui.cli.daemon_server")
    assert os.path.abspath(daemon_server.__file__) in loaded_files()


def test_no_daemon_for_a_cache_folder_whose_path_cannot_be_a_socket(tmp_path):
    env = {**os.environ, "TIFA_CACHE_DIR": str(tmp_path / ("x" * 120))}
    result = tifa(["daemon", "start"], env)
    assert result.returncode == 2
    assert "too long for a socket" in result.stderr


def test_a_daemon_that_opened_a_folder_still_sees_its_files_change(on_folder):
    """``--corpus``: the rows stay decoded in the daemon, and each command still checks
    the files: a changed file is read again, as it is without a daemon."""
    folder, env, alone = on_folder
    command = ["timeline", "改革开放", "--corpus", str(folder), "--roles", "all"]
    assert tifa(command, env).stdout == tifa(command, alone).stdout
    first = tifa(command, env).stdout
    with open(folder / SEEDS[0].name, "a", encoding="utf-8") as f:
        f.write("\n主持人：改革开放改革开放。\n")
    changed = tifa(command, env)
    assert changed.stdout != first
    assert changed.stdout == tifa(command, alone).stdout
    assert served(env) == 3


def test_a_daemon_cannot_open_what_is_not_there(tmp_path):
    env = {**os.environ, "TIFA_CACHE_DIR": str(tmp_path / "c")}
    result = tifa(["daemon", "start", "--corpus", str(tmp_path / "nothing")], env)
    assert result.returncode == 2
    assert "nothing: no such file or folder" in result.stderr


def test_a_daemon_that_does_not_answer_is_passed_over(tmp_path, monkeypatch):
    """A socket that takes the connection and never answers (a daemon stopped, swapped
    out): the command runs in its own process once the handshake times out."""
    import socket

    from tifa.tui.cli import daemon_client

    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TIFA_NO_DAEMON", raising=False)
    monkeypatch.setattr(daemon_client, "HANDSHAKE_S", 0.2)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.bind(daemon_client.socket_path())
        silent.listen(1)
        started = time.monotonic()
        assert daemon_client.forward(["corpus"]) is None
        assert time.monotonic() - started < 5
        assert daemon_client.forward(["serve"]) is None  # never handed over


def test_a_fork_let_go_while_it_warms_up_exits_quietly(tmp_path):
    """A command that comes while the fork kept ready warms up gets a fork of its own, and
    the daemon lets the warming one go: it exits with nothing said (daemon.log stays clean)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    code = (
        "import os, socket\n"
        "from tifa.tui.cli.daemon_standby import Standby\n"
        "listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
        f"standby = Standby(listener, [{str(folder)!r}])\n"
        "standby.warm_up()\n"
        "standby.close()\n"
        "_, status = os.waitpid(standby.pid, 0)\n"
        "print('exit', os.waitstatus_to_exitcode(status))\n"
    )
    env = {**os.environ, "TIFA_CACHE_DIR": str(tmp_path / "c")}
    result = run_python(code, env=env)
    assert result.stdout.split() == ["exit", "0"], result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_a_prepared_daemon_has_imported_what_the_commands_need(tmp_path):
    """What a fork would import for each command on a warm index is imported once, before
    any fork."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, folder)
    env = {**os.environ, "TIFA_CACHE_DIR": str(tmp_path / "c"), "TIFA_NO_DAEMON": "1"}
    ids = [seed.stem[:3] for seed in SEEDS[:2]]
    commands = [
        ["timeline", "改革开放"],
        ["timeline", "改革開放", "--format", "json"],
        ["timeline", "改革开放", "--format", "csv", "--by", "month"],
        ["search", "改革开放"],
        ["corpus"],
        ["show", ids[0]],
        ["diff", *ids],
        ["families", "taiwan"],
        ["changes", "taiwan", "--format", "json"],
    ]
    for command in commands:  # the index, with the words a diff and families read
        assert tifa([*command, "--corpus", str(folder)], env).returncode == 0, command
    code = (
        "import sys\n"
        "from tifa.tui.cli.daemon_server import prepare\n"
        "from tifa.tui.cli.main import main\n"
        f"prepare([{str(folder)!r}])\n"
        "import threading\n"
        "assert threading.active_count() == 1, threading.enumerate()  # safe to fork\n"
        "before = set(sys.modules)\n"
        f"for args in {commands!r}:\n"
        "    try:\n"
        f"        main([*args, '--corpus', {str(folder)!r}])\n"
        "    except SystemExit as end:\n"
        "        assert not end.code, args\n"
        "new = set(sys.modules) - before\n"
        "print(sorted(m for m in new if not m.startswith('encodings.')), file=sys.stderr)\n"
    )  # a codec's module, found by name when first asked for, is a fraction of a millisecond
    result = run_python(code, env=env)
    assert result.stderr.splitlines()[-1] == "[]", result.stderr


def test_a_command_runs_the_same_in_a_fork_warmed_up_in_advance(on_folder):
    """The fork kept ready warms up on the daemon's corpus while the daemon is idle; the
    command it then runs prints what it prints without a daemon."""
    folder, env, alone = on_folder
    command = ["timeline", "改革开放", "--corpus", str(folder), "--roles", "all"]
    for _ in range(2):
        deadline = time.monotonic() + 60
        while "fork warm;" not in tifa(["daemon", "status"], env).stdout:
            assert time.monotonic() < deadline, "no fork warmed up"
            time.sleep(2 * IDLE_S)  # a status request is activity: leave the daemon idle
        there, here = tifa(command, env), tifa(command, alone)
        assert (there.returncode, there.stdout, there.stderr) == (
            here.returncode,
            here.stdout,
            here.stderr,
        )


def test_a_daemon_started_with_prepare_keeps_its_corpus_family_reports(tmp_path):
    """``--prepare``: while idle, the daemon runs ``tifa prepare`` on its corpus in a fork, so
    that a command without it finds every report kept; it needs a corpus."""
    folder, env, alone = two_seeds(tmp_path)
    refused = tifa(["daemon", "start", "--prepare"], env)
    assert refused.returncode != 0 and "--prepare needs --corpus" in refused.stderr
    started = tifa(["daemon", "start", "--corpus", str(folder), "--prepare"], env)
    assert started.returncode == 0, started.stderr
    try:
        deadline = time.monotonic() + 120
        while "1 check run" not in (status := tifa(["daemon", "status"], env)).stdout:
            assert time.monotonic() < deadline, status.stdout
            time.sleep(0.5)
        log = (tmp_path / "c" / LOG).read_text(encoding="utf-8")
        assert "tifa prepare: 2 documents by year: built taiwan, peninsula" in log
        again = tifa(["prepare", "--corpus", str(folder)], alone)
        assert again.returncode == 0, again.stderr
        assert "built none" in again.stdout
    finally:
        tifa(["daemon", "stop"], env)
