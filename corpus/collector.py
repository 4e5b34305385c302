"""Pausing the cyclic garbage collector around bulk work that makes no reference cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# Whether this process froze objects of its own for good (``freeze_for_good``): asked of a
# flag, since ``gc.get_freeze_count`` walks every frozen object (4 ms in the daemon's forks).
_frozen_for_good = False


def freeze_for_good() -> None:
    """Put every object now tracked out of the collector's reach for the rest of the
    process (``gc.freeze``), and keep it there: ``collector_paused`` then never unfreezes.
    The tifa daemon does this once its imports are done, before it forks."""
    global _frozen_for_good
    gc.freeze()
    _frozen_for_good = True


def hold_for_good() -> None:
    """Collect once, then freeze what survives for good (as ``freeze_for_good``): for a
    process that has just made a large structure it will hold and read for long, the
    workbench showing a family report of the whole voice. Its full collections would
    otherwise scan that report each time what the screen makes and drops adds up: browsing
    the whole voice of the 1,000 MFA pages stalled 0.45 s every four seconds. Frozen, the
    report is never scanned; it is still freed by reference counting when let go. What an
    earlier call froze is released first, so that this collection frees what has been let
    go since (the report shown before), and nothing frozen stays frozen past the next call."""
    global _frozen_for_good
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _frozen_for_good = True


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector for a block that makes many objects.

    Documents and diffs hold no reference cycles, so the collector can free none of them,
    yet while they pile up it rescans every live object (a loaded corpus included) each
    time enough have been made: a third of a warm load of a thousand documents, and a
    diff's median time in a process that holds a corpus. Reference counting frees everything
    as usual meanwhile, and the collector resumes after the block (if it was running
    before it). It is process-wide, like ``gc.disable``: keep the blocks short.

    On resume, what the block made is moved to the oldest generation unread
    (``gc.freeze`` then ``gc.unfreeze``: two list splices), not left young: the first young
    collection would scan all of it, and the next middle one all of it again, to find
    nothing (1.2 s and 0.9 s after all nine topics' families at 10,000 briefings). A cycle
    among those objects, or among others young at that moment, is still freed, by the next
    full collection. Not in a process that froze objects for good (``freeze_for_good``: the
    tifa daemon and its forks): ``gc.unfreeze`` would release them too, and the fork's next
    full collection would read, and so copy, every page it shares with the daemon.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if not _frozen_for_good:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
