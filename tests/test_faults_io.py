"""Fault injection outside the corpus index (for the index's own faults, corrupt,
truncated and foreign entries, see ``test_faults.py``): what a hostile but realistic user
meets (a FIFO or a device named as a transcript, a file too large, folders that cannot be
listed, a cache folder that cannot be used, a full disk, a closed stdout, Ctrl+C). Each
ends in one line and the documented exit code, never in a hang or a traceback.

Most run the real ``tifa`` in a subprocess, with a timeout: a hang must fail the test, not
stall the suite, and signals, closed descriptors and jieba's process-wide state need a
process of their own.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tifa.corpus import CorpusError, load_corpus
from tifa.corpus.files import MAX_BYTES

from helpers import SEEDS, XINHUA_2017

LAUNCH = "from tifa.tui.cli.main import main; main()"
# Run from outside the checkout: `python -c` puts the working folder on sys.path, and from
# the checkout jieba's import of pkg_resources then warns that tifa comes from elsewhere.
OUTSIDE = tempfile.gettempdir()
POSIX = pytest.mark.skipif(os.name != "posix", reason="needs POSIX FIFOs, devices and signals")


def tifa(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60, **kwargs
) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("cwd", OUTSIDE)
    return subprocess.run(
        [sys.executable, "-c", LAUNCH, *args],
        capture_output="stdout" not in kwargs,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def one_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and "Traceback" not in stderr


# --- input that is not a regular file ----------------------------------------------------


@POSIX
@pytest.mark.parametrize("option", ["--corpus", "--topics"])
def test_a_fifo_named_on_the_command_line_is_refused_at_once(tmp_path: Path, option: str):
    fifo = tmp_path / ("x.txt" if option == "--corpus" else "fifo.toml")
    os.mkfifo(fifo)
    command = "corpus" if option == "--corpus" else "topics"
    result = tifa(command, option, str(fifo), timeout=20)
    assert result.returncode == 2 and result.stdout == ""
    assert one_line(result.stderr) and str(fifo) in result.stderr and "FIFO" in result.stderr


@POSIX
def test_a_device_is_refused_not_read_until_memory_runs_out():
    result = tifa("corpus", "--corpus", "/dev/zero", timeout=20)
    assert result.returncode == 2
    assert one_line(result.stderr) and "/dev/zero: not a regular file (character device)" in (
        result.stderr
    )


def test_a_file_larger_than_the_limit_is_refused_with_the_limit(tmp_path: Path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # sparse: nothing is written or read
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(CorpusError, match=r"too large: .*at most 16 MiB"):
        load_corpus([str(huge)])
    shutil.copy(XINHUA_2017, tmp_path / "ok.txt")
    corpus = load_corpus([str(tmp_path)])
    assert [d.id for d in corpus] == ["ok"]
    assert any("huge.txt: too large" in w for w in corpus.warnings)


@POSIX
def test_what_a_folder_walk_passes_over_is_said(tmp_path: Path):
    """FIFOs, dangling links and links to folders with a transcript's name are skipped with a
    warning each; the rest loads. Files of other kinds (notes.pdf, .hidden.txt) are not
    transcripts and pass silently."""
    shutil.copy(XINHUA_2017, tmp_path / "ok.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(SEEDS[1], tmp_path / "elsewhere" / "seed.txt")
    (tmp_path / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_bytes(b"")
    corpus = load_corpus([str(tmp_path)])
    assert sorted(d.id for d in corpus) == ["ok", "seed"]
    warnings = "\n".join(corpus.warnings)
    assert "pipe.txt: not a regular file (FIFO) (skipped)" in warnings
    assert "dangling.txt: cannot read: link to a missing file (skipped)" in warnings
    assert "linked: link to a folder, not followed (skipped)" in warnings
    assert len(corpus.warnings) == 3


def test_an_unlistable_subfolder_is_skipped_with_a_warning(tmp_path: Path, monkeypatch):
    """Injected, because root (the CI's user) can list any folder: os.walk lists with
    os.scandir, which raises PermissionError for a folder without read permission."""
    shutil.copy(XINHUA_2017, tmp_path / "ok.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(SEEDS[1], locked / "inside.txt")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    corpus = load_corpus([str(tmp_path)])
    assert [d.id for d in corpus] == ["ok"]
    assert corpus.warnings == (f"{locked}: cannot list folder: Permission denied (skipped)",)
    with pytest.raises(CorpusError, match="cannot list folder: Permission denied"):
        load_corpus([str(locked)])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root lists any folder")
def test_an_unreadable_folder_named_on_the_command_line_is_one_line(tmp_path: Path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = tifa("corpus", "--corpus", str(locked))
    finally:
        locked.chmod(0o755)
    assert (
        result.returncode == 2
        and one_line(result.stderr)
        and "Permission denied" in (result.stderr)
    )


# --- a cache that cannot be written -------------------------------------------------------


def _unusable_cache(tmp_path: Path, kind: str) -> str:
    if kind == "file":
        (tmp_path / "cache").write_text("not a folder", encoding="utf-8")
        return str(tmp_path / "cache")
    return {"uncreatable": "/proc/tifa-cache", "read-only": "/proc/self"}[kind]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("uncreatable", ("families", "taiwan", "--no-cache")),
        ("file", ("changes", "taiwan")),
        ("read-only", ("diff", "000", "001", "--format", "json")),
    ],
)
def test_an_unusable_cache_folder_slows_tifa_down_but_never_stops_it(
    tmp_path: Path, kind: str, args: tuple[str, ...]
):
    """/proc/tifa-cache cannot be created, a file cannot hold entries, and /proc/self (a
    folder nobody, root included, can create files in) is a read-only cache: jieba used to
    print "Dump cache file failed." and a traceback there. With the cache wanted, the index
    says once that it works without it (``tifa diff`` reads two documents: still once)."""
    result = tifa(*args, env={"TIFA_CACHE_DIR": _unusable_cache(tmp_path, kind)})
    assert result.returncode == 0 and result.stdout
    assert "Traceback" not in result.stderr and "Dump cache" not in result.stderr
    if "--no-cache" in args:
        assert result.stderr == ""
    else:
        assert one_line(result.stderr) and "working without it" in result.stderr


# --- output that cannot be written --------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_exit_1():
    with open("/dev/full", "w") as full:
        result = tifa("search", "中国", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert one_line(result.stderr) and "No space left on device" in result.stderr
    written = tifa("search", "中国", "-o", "/dev/full")
    assert written.returncode == 1 and one_line(written.stderr)


@POSIX
def test_a_disk_that_fills_up_mid_output_is_an_error_not_a_truncated_success(tmp_path: Path):
    """A file size limit (RLIMIT_FSIZE) makes writes past 50 KB fail with EFBIG, as a disk
    filling up does: `tifa search 的 > out.txt` (300 KB) must not exit 0 with the output cut
    short, which it did when written through sys.stdout."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

    with (tmp_path / "out.txt").open("w") as out:
        result = tifa("search", "的", stdout=out, stderr=subprocess.PIPE, preexec_fn=limit)
    assert result.returncode == 1
    assert one_line(result.stderr) and "standard output: cannot write" in result.stderr


@POSIX
def test_a_closed_stdout_is_an_error_not_a_silent_success():
    result = tifa(
        "search",
        "中国",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert one_line(result.stderr) and "standard output is closed" in result.stderr


@POSIX
def test_a_reader_that_stops_early_ends_the_command_quietly():
    """`tifa corpus | head -1`: exit 141 as for SIGPIPE, and nothing on stderr."""
    reader = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "search", "的"],  # ~300 KB: more than a pipe holds
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=OUTSIDE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.readline()
    reader.stdout.close()
    stderr = reader.stderr.read()
    assert reader.wait(timeout=60) == 141 and stderr == ""


# --- signals ------------------------------------------------------------------------------


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@POSIX
@pytest.mark.parametrize("files", [20, 60], ids=["in process", "on every core"])
def test_ctrl_c_exits_130_with_one_line(tmp_path: Path, files: int):
    """Ctrl+C signals the terminal's whole process group, here while the corpus is parsed
    and tokenised: 20 files of ~50,000 characters (in this process) or 60 files (in worker
    processes too; seconds of work either way). One line, exit 130, and no process of the
    group left behind. (Only the first few tens of milliseconds, before Python has started
    tifa at all, are not covered; ``main.Command`` covers the imports after that.)"""
    text = "".join(seed.read_text(encoding="utf-8") for seed in SEEDS)
    for n in range(files):
        (tmp_path / f"doc_{n}.txt").write_text(text[: len(text) * 20 // files], encoding="utf-8")
    command = [sys.executable, "-c", LAUNCH, "families", "all", "--no-cache", "--corpus"]
    process = subprocess.Popen(
        [*command, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # as a shell on a terminal starts it: Ctrl+C's default action. A test run started in
        # the background (``pytest &``, a CI job) ignores SIGINT, and its children inherit that
        preexec_fn=_sigint_default,
        cwd=OUTSIDE,
    )
    time.sleep(1.5)
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        time.sleep(0.2)
        try:
            os.killpg(process.pid, signal.SIGKILL)
            left = True
        except ProcessLookupError:
            left = False
    assert (process.returncode, stderr) == (130, "tifa: interrupted\n")
    assert not left
