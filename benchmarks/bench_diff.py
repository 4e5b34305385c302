"""Time the three-layer diff of the bundled 2017 pair against difflib, in and out of process.

1. In-process: ``diff_documents`` on the Xinhua report (000) and the SCIO transcript (001)
   with jieba words already loaded, against difflib's ``SequenceMatcher`` character diff of
   the same two files (difflib appears here only, as the yardstick). Target: ≤ 50 ms.
2. Whole processes: ``tifa diff 000 001`` (second run, cache warm) against a bare Python
   script that only runs difflib's character diff on the two files. Target: tifa faster.
3. That a warm ``tifa diff`` never imports jieba (its words come from the cache) nor numpy
   (the diff's matrices are small: rows of rapidfuzz scores; numpy would cost 100 ms).

Pinned to one core where the platform allows it; every figure is a median of several runs
in this same run. A private cache folder keeps the user's own cache out of it; Python's
bytecode cache is allowed (a warm start has it, an installed package ships it).

    python benchmarks/bench_diff.py [--runs 15] [--process-runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "corpus" / "data"
A_FILE = DATA / "000_47b88e4171794380.txt"
B_FILE = DATA / "001_ed59d1e97501d117.txt"

DIFFLIB_SCRIPT = """
import difflib, sys
a = open(sys.argv[1], encoding="utf-8").read()
b = open(sys.argv[2], encoding="utf-8").read()
sys.stdout.write(str(len(difflib.SequenceMatcher(None, a, b).get_opcodes())))
"""

JIEBA_CHECK = """
import os, sys
from tifa.tui.cli.main import main
try:
    main(["diff", "000", "001", "-o", os.devnull], standalone_mode=False)
finally:
    from tifa.corpus.tokens import is_loaded
    sys.stdout.write(f"jieba imported: {'jieba' in sys.modules}, loaded: {is_loaded()}, "
                     f"numpy imported: {'numpy' in sys.modules}")
"""


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_ms(fn, runs: int) -> float:
    return statistics.median(timed(fn) for _ in range(runs)) * 1000


def tifa_command() -> list[str]:
    """The installed console script, beside this Python or on PATH."""
    script = Path(sys.executable).with_name("tifa")
    return [str(script) if script.exists() else shutil.which("tifa") or "tifa"]


def in_process(runs: int) -> None:
    import difflib

    from tifa.corpus import load_corpus, tokens_for
    from tifa.tracking.versions.diff import diff_documents

    corpus = load_corpus()
    a, b = tokens_for(corpus.get("000")), tokens_for(corpus.get("001"))
    diff_documents(a, b)  # warm up: first calls build rapidfuzz and regex state
    ours = median_ms(lambda: diff_documents(a, b), runs)
    best = min(timed(lambda: diff_documents(a, b)) for _ in range(runs)) * 1000
    theirs = median_ms(
        lambda: difflib.SequenceMatcher(None, a.raw, b.raw).get_opcodes(), max(3, runs // 3)
    )
    print("in-process, 2017 pair, words loaded")
    print(
        f"  tifa diff_documents (3 layers)   {ours:8.1f} ms median  {best:6.1f} ms best"
        f"   target <= 50 ms: {'ok' if ours <= 50 else 'MISSED'}"
    )
    print(f"  difflib SequenceMatcher (chars)  {theirs:8.1f} ms median")
    print(f"  difflib / tifa                   {theirs / ours:8.1f} x")


def whole_process(runs: int, env: dict[str, str]) -> None:
    """Commands run in turn (not one after the other in blocks), so a change of load on the
    machine affects them alike. The import floor shows what any `tifa diff` must pay before
    doing work: Python, click, the corpus package and rapidfuzz."""
    commands = {
        "tifa diff 000 001 (cache warm)": [*tifa_command(), "diff", "000", "001"],
        "python + difflib character diff only": [
            sys.executable,
            "-c",
            DIFFLIB_SCRIPT,
            str(A_FILE),
            str(B_FILE),
        ],
        "import floor (click, corpus, rapidfuzz)": [
            sys.executable,
            "-c",
            "import click, tifa.corpus.load, rapidfuzz.process",
        ],
    }

    def run(cmd: list[str]) -> float:
        return timed(lambda: subprocess.run(cmd, check=True, env=env, capture_output=True))

    cold = run(next(iter(commands.values())))  # fills the caches: documents, words, bytecode
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(run(cmd))
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    print(f"whole processes, median of {runs} (interleaved)")
    print(f"  {'tifa diff 000 001 (first run, cold cache)':48} {cold * 1000:8.0f} ms")
    for name, value in medians.items():
        print(f"  {name:48} {value:8.0f} ms")
    ours, theirs = list(medians.values())[:2]
    print(
        f"  tifa faster than difflib script: {'yes' if ours < theirs else 'NO'} "
        f"({theirs / ours:.2f} x)"
    )
    check = subprocess.run(
        [sys.executable, "-c", JIEBA_CHECK], check=True, env=env, capture_output=True, text=True
    )
    print(f"  warm tifa diff: {check.stdout.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="in-process runs")
    parser.add_argument("--process-runs", type=int, default=7, help="whole-process runs")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # children inherit it
    with tempfile.TemporaryDirectory() as cache:
        os.environ["TIFA_CACHE_DIR"] = cache
        # Python's own bytecode cache is part of a warm start: let the first run write it.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["NO_COLOR"] = "1"
        env["TIFA_NO_DAEMON"] = "1"  # whole processes on their own, no daemon started
        whole_process(args.process_runs, env)
        in_process(args.runs)


if __name__ == "__main__":
    main()
