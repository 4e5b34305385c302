"""Browsing a family report in the workbench: how long it takes to show, how long each
family takes when the cursor moves onto it, and how long the garbage collector stops the
screen meanwhile.

The workbench (``tui.app.TifaApp``, headless under ``run_test``) opens the Families view on
``--corpus`` (default: the bundled corpus), asks for ``--topic`` (``all``: the whole official
voice, the largest report a user asks for) and waits for it; then it moves the cursor down
the families list ``--moves`` times, one family at a time, waiting for each to be drawn
(its chart, variants and every use). The report comes from the cache folder's kept reports
when an earlier run left one (run twice: the first computes and keeps it).

Reported: the time to the report shown; the median and slowest family shown; and every
collection longer than 50 ms (``gc.callbacks``), with the generation it scanned. Before
the workbench took a large report out of the collector's reach (``collector.hold_for_good``),
the whole voice of the 1,000 MFA pages stopped the screen for 0.45 s about every four
seconds of browsing, each full collection reading the report's 900,000 objects again.

    python benchmarks/bench_tui_families.py [--corpus DIR] [--topic all] [--moves 100]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import time
from pathlib import Path

# the tests' wait for the workbench's workers (``helpers.settle``)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


async def browse(corpus: str | None, topic: str, moves: int) -> None:
    from textual.widgets import OptionList

    from tifa.tui.app import TifaApp

    from helpers import settle as idle

    pauses: list[tuple[int, float]] = []
    started: list[float] = []

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            took = time.perf_counter() - started.pop()
            if took > 0.05:
                pauses.append((info["generation"], took))

    gc.callbacks.append(timed)
    app = TifaApp((corpus,) if corpus else ())
    async with app.run_test(size=(160, 48)) as pilot:
        await idle(pilot)
        await pilot.press("3")
        await idle(pilot)
        start = time.perf_counter()
        app.screen.query_one("#families-topic").value = topic
        await idle(pilot)
        shown = time.perf_counter() - start
        report = app.screen.result
        uses = sum(len(f.members) for f in report.families)
        print(
            f"{topic}: {len(report.families):,} families, {uses:,} uses; shown in {shown:.2f} s"
            f" (collections over 50 ms meanwhile: {_listed(pauses)})"
        )
        pauses.clear()
        families = app.screen.query_one("#families-list", OptionList)
        times = []
        for n in range(1, min(moves, len(report.families) - 1) + 1):
            start = time.perf_counter()
            families.highlighted = n
            await idle(pilot)
            times.append(time.perf_counter() - start)
        full = [took for generation, took in pauses if generation == 2]
        print(
            f"{len(times)} families shown one after another: median {statistics.median(times):.3f}"
            f" s, slowest {max(times):.3f} s, {sum(times):.1f} s in all; collections over 50 ms:"
            f" {_listed(pauses)}; full ones {sum(full):.2f} s in all "
            f"(load {os.getloadavg()[0]:.1f})"
        )


def _listed(pauses: list[tuple[int, float]]) -> str:
    if not pauses:
        return "none"
    return f"{len(pauses)}, longest {max(t for _, t in pauses):.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default=None, help="folder (default: the bundled corpus)")
    parser.add_argument("--topic", default="all")
    parser.add_argument("--moves", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("TIFA_NO_DAEMON", "1")
    asyncio.run(browse(args.corpus, args.topic, args.moves))


if __name__ == "__main__":
    main()
