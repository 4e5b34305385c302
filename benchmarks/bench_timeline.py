"""Time phrase timelines and KWIC search on a synthetic corpus (default 1,000 transcripts).

The corpus comes from ``synth.py`` (written to a temporary folder with its own cache).
Reported: loading it (parsing cold, then from the cache), and the engine calls alone with the
corpus already loaded, each the median of several runs. The target is a phrase timeline in
at most 1 s. The synthetic transcripts have no speaker labels (their text is narration), so
the timelines read every turn (``roles="all"``): the official voice, the default, would read
nothing of them and time nothing of the matcher.

    python benchmarks/bench_timeline.py [--n 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from synth import generate, write_folder

TARGET_SECONDS = 1.0


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median wall time of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TIFA_CACHE_DIR"] = os.path.join(tmp, "cache")
        folder = os.path.join(tmp, "corpus")
        synthetic = generate(args.n, args.seed)
        write_folder(synthetic, folder)

        from tifa.corpus import load_corpus
        from tifa.tracking.exports import pad
        from tifa.tracking.phrases.kwic import find_occurrences
        from tifa.tracking.phrases.render import render_timeline
        from tifa.tracking.phrases.timeline import phrase_timeline

        cold, corpus = timed(lambda: load_corpus([folder]), 1)
        cached, corpus = timed(lambda: load_corpus([folder]), args.runs)
        chars = sum(len(d.text) for d in corpus.documents)
        print(
            f"corpus: {len(corpus)} documents, {chars:,} characters "
            f"(python {sys.version.split()[0]}, {os.cpu_count()} cores)"
        )
        print(f"load, parsing (fills the cache)   {cold * 1000:8.0f} ms")
        print(f"load, from the cache              {cached * 1000:8.0f} ms")

        every = ("all",)
        cases: list[tuple[str, Callable[[], Any]]] = [
            ("timeline 多边主义", lambda: phrase_timeline(corpus, ["多边主义"], roles=every)),
            (
                "timeline 多边主义 --by month",
                lambda: phrase_timeline(corpus, ["多边主义"], roles=every, by="month"),
            ),
            (
                "timeline 一个中国原则 + 一中原则",
                lambda: phrase_timeline(
                    corpus, ["一个中国原则"], aliases=["一中原则"], roles=every
                ),
            ),
            (
                "timeline 3 phrases",
                lambda: phrase_timeline(
                    corpus, ["多边主义", "双轨并进", "分阶段、同步走"], roles=every
                ),
            ),
            (
                "timeline 一个中国原则 --fuzzy 90",
                lambda: phrase_timeline(corpus, ["一个中国原则"], fuzzy=90, roles=every),
            ),
            (
                "timeline 一个中国原则 --fuzzy 80",
                lambda: phrase_timeline(corpus, ["一个中国原则"], fuzzy=80, roles=every),
            ),
            (
                "timeline 多边主义 --fuzzy 75",
                lambda: phrase_timeline(corpus, ["多边主义"], fuzzy=75, roles=every),
            ),
            ("search 人类命运共同体", lambda: find_occurrences(corpus, ["人类命运共同体"])),
        ]
        print(f"\n{'engine call (corpus loaded)':36} {'median':>8} {'found':>7}  target")
        worst = 0.0
        for label, fn in cases:
            seconds, result = timed(fn, args.runs)
            found = len(result.occurrences if hasattr(result, "occurrences") else result)
            ok = "ok" if seconds <= TARGET_SECONDS else "SLOW"
            worst = max(worst, seconds)
            print(f"{pad(label, 36)} {seconds * 1000:6.0f}ms {found:7}  {ok}")
        timeline = phrase_timeline(corpus, ["多边主义"], roles=every)
        for fmt in ("json", "csv", "md", "html"):
            seconds, _ = timed(lambda f=fmt: render_timeline(timeline, f), args.runs)
            print(f"{pad('render 多边主义 as ' + fmt, 36)} {seconds * 1000:6.0f}ms")

        start = time.perf_counter()
        command = [
            "timeline",
            "多边主义",
            "--roles",
            "all",
            "--corpus",
            folder,
            "--format",
            "csv",
            "-o",
            os.path.join(tmp, "out.csv"),
        ]
        launch = "from tifa.tui.cli.main import main; main()"
        subprocess.run(
            [sys.executable, "-c", launch, *command],
            check=True,
            capture_output=True,
            env=os.environ.copy(),
        )
        whole = time.perf_counter() - start
        print(
            f"\n`tifa timeline 多边主义 --corpus DIR --format csv -o FILE`, whole process, "
            f"cache warm: {whole * 1000:.0f} ms"
        )
        print(f"slowest engine call: {worst * 1000:.0f} ms (target ≤ {TARGET_SECONDS:g} s)")


if __name__ == "__main__":
    main()
