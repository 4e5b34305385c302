"""Exports are written whole or not at all, and never replace what is not a regular file."""

import os
import threading
from pathlib import Path

import pytest

from tifa.tracking.exports import ExportError, write_atomic


def test_write_replaces_a_file_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "台湾,2017\n")
    assert target.read_text(encoding="utf-8") == "台湾,2017\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.parametrize(
    ("make", "message"),
    [(lambda p: p / "missing" / "out.csv", "does not exist"), (lambda p: p, "is a directory")],
)
def test_bad_targets_are_named(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        write_atomic(make(tmp_path), "x")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_is_written_through_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/stdout`` or a FIFO must stay what it is: renaming onto it would destroy it."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_atomic(fifo, "一个中国原则\n")
    reader.join(timeout=5)
    assert received == ["一个中国原则\n"]
    assert fifo.is_fifo()


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_new_export_honours_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        target = write_atomic(tmp_path / "new.csv", "a\n")
    finally:
        os.umask(old)
    assert _mode(target) == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o664, 0o640, 0o600, 0o444])
def test_replacing_an_export_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "existing.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    old = os.umask(0o077)
    try:
        write_atomic(target, "new\n")
    finally:
        os.umask(old)
    assert (target.read_text(encoding="utf-8"), _mode(target)) == ("new\n", mode)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    """``-o link.csv`` updates what the link points at, atomically, and keeps the link."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "data.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o664)
    link = tmp_path / "link.csv"
    link.symlink_to(Path("real") / "data.csv")
    write_atomic(link, "new\n")
    assert link.is_symlink()
    assert (target.read_text(encoding="utf-8"), _mode(target)) == ("new\n", 0o664)
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["data.csv"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to("made.csv")
    write_atomic(link, "new\n")
    assert link.is_symlink() and (tmp_path / "made.csv").read_text(encoding="utf-8") == "new\n"


def test_a_long_file_name_is_written(tmp_path: Path) -> None:
    """The temporary file's name must not be longer than the target's (255 bytes at most)."""
    target = tmp_path / ("台" * 80 + ".csv")  # 244 bytes in UTF-8
    write_atomic(target, "x\n")
    assert target.read_text(encoding="utf-8") == "x\n"


def test_a_name_too_long_is_a_bad_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="name too long") as caught:
        write_atomic(tmp_path / ("a" * 300 + ".csv"), "x")
    assert caught.value.bad_target


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_a_write_failure_not_a_bad_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="No space left") as caught:
        write_atomic("/dev/full", "x")
    assert not caught.value.bad_target
