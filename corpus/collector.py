"""Pausing the cyclic garbage collector around bulk work that makes no reference cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector for a block that makes many objects.

    Documents and diffs hold no reference cycles, so the collector can free none of them,
    yet while they pile up it rescans every live object (a loaded corpus included) each
    time enough have been made: a third of a warm load of a thousand documents, and a
    diff's median time in a process that holds a corpus. Reference counting frees everything
    as usual meanwhile, and the collector resumes after the block (if it was running
    before it). It is process-wide, like ``gc.disable``: keep the blocks short.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
