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
