"""Worker processes: a cancel stops them within a fraction of a second, and they die with
their parent (a SIGKILL once left them blocked on the task pipe forever)."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tifa.corpus import Cancel, Cancelled
from tifa.corpus.pool import Workers

from helpers import ROOT, SEEDS

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads the process table from /proc"
)


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_workers_give_every_result(tmp_path):
    with Workers(parallel=True) as pool:
        assert sorted(pool.map(abs, range(-50, 50), chunksize=7)) == sorted(
            map(abs, range(-50, 50))
        )
    assert not multiprocessing.active_children()


def test_a_cancel_stops_busy_workers_within_half_a_second():
    cancel = Cancel()
    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled), Workers(parallel=True, cancel=cancel) as pool:
        list(pool.map(nap, [60] * 4))  # each worker in the middle of a 60 s job
    assert time.monotonic() - started < 0.3 + 0.5
    assert not multiprocessing.active_children()


def test_a_cancel_condition_is_read_at_every_check():
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    with pytest.raises(Cancelled), Workers(parallel=True, cancel=Cancel(stop.is_set)) as pool:
        list(pool.map(nap, [60] * 2))
    assert not multiprocessing.active_children()


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_and_watch(
    command: list[str], env: dict[str, str] | None = None, least: int = 2
) -> set[int]:
    """Start ``command``, SIGKILL it once it has ``least`` children or more, and return
    those still alive 3 s later."""
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < least and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        workers = children(proc.pid)
    assert len(workers) >= least, "the workers never started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for _ in range(60):
        if not any(alive(pid) for pid in workers):
            break
        time.sleep(0.05)
    return {pid for pid in workers if alive(pid)}


def test_workers_die_with_a_killed_parent():
    code = (
        "import time\n"
        "from tifa.corpus.pool import Workers\n"
        "def nap(s):\n    time.sleep(s)\n    return s\n"
        "with Workers(parallel=True) as pool:\n"
        "    list(pool.map(nap, [60] * 8))\n"
    )
    assert kill_and_watch([sys.executable, "-c", code]) == set()


def test_forks_die_with_a_killed_parent():
    code = (
        "import time\n"
        "from tifa.tracking.forked import forked_map\n"
        "def nap(n):\n    time.sleep(60)\n    return n\n"
        "forked_map(nap, 4)\n"
    )
    assert kill_and_watch([sys.executable, "-c", code], least=1) == set()  # cores - 1 forks


def test_a_killed_cold_build_leaves_no_worker_behind(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(40):  # distinct contents, enough to parse on every core for a while
        seed = SEEDS[n % len(SEEDS)]
        text = seed.read_text(encoding="utf-8") + f"\n王毅：第{n}次谢谢。\n"
        (folder / f"{n:02d}_{seed.name}").write_text(text * 3, encoding="utf-8")
    env = {**os.environ, "TIFA_CACHE_DIR": str(tmp_path / "cache")}
    tifa = shutil.which("tifa", path=str(Path(sys.executable).parent)) or "tifa"
    assert kill_and_watch([tifa, "corpus", "--corpus", str(folder)], env) == set()


def test_one_big_file_parses_in_a_worker_so_a_cancel_stops_it_at_once(tmp_path, monkeypatch):
    """One 50 MB file once kept ``q`` waiting 18 s: parsed in this process, it could only be
    abandoned after it was done."""
    from tifa.corpus import open_catalogue

    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    big = tmp_path / "big.txt"
    big.write_text(SEEDS[1].read_text(encoding="utf-8") * 300, encoding="utf-8")  # ~11 MB
    cancel = Cancel()
    threading.Timer(0.5, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        open_catalogue([str(big)], cancel=cancel)
    assert time.monotonic() - started < 0.5 + 1.0
    assert not multiprocessing.active_children()
