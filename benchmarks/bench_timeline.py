"""Time phrase timelines: the engine calls on a synthetic corpus, and whole ``tifa timeline``
processes against ``grep -r -c`` on a folder (issue #11: at most 5x grep, warm index).

Engine calls (the default): a corpus from ``synth.py`` (``--n`` transcripts, written to a
temporary folder with its own cache) loaded in memory; loading it (parsing cold, then from
the cache), each engine call and each rendering, medians of ``--runs``. Target: a timeline
in at most 1 s. The synthetic transcripts have no speaker labels (their text is narration),
so these timelines read every turn (``roles="all"``).

Whole processes (``--folder DIR``, repeatable; ``--synth N`` for N synthetic transcripts):
the index is built in a fresh cache folder first (``XDG_CACHE_HOME``, as a user's
``~/.cache``; ``--cache DIR`` keeps it in DIR, to time other installs on the same warm
index, whose format they share), tifa's modules are byte-compiled as an installed tifa's
are, then per phrase ``tifa timeline PHRASE --corpus DIR``, ``grep -r -c PHRASE DIR`` and a
bare ``python -c pass`` run alternately ``--runs`` times, so all three see the same load;
medians, the ratio to grep, and the load average. ``--imports`` adds where the process's
time goes: the interpreter's start (``python -c pass``), each top-level import of the
timeline command (``python -X importtime``, the fastest of the runs), and the rest (the
work). ``--compare PYTHON`` times another install's tifa (another version) in the same
loop, on the same index (``--cache``). ``--daemon`` times the same command handed to a
daemon (``tifa daemon start --corpus DIR``) in the same loop; the plain ``tifa`` column runs
with ``TIFA_NO_DAEMON=1``. ``--auto`` then runs the first phrase many times in a row with no
daemon at first, as a new user does: the first command starts one as it ends.

    python benchmarks/bench_timeline.py [--n 1000] [--runs 5]
    python benchmarks/bench_timeline.py --folder ../shared/real [--runs 9] [--imports] [--daemon]
    python benchmarks/bench_timeline.py --folder ../shared/real --auto
    python benchmarks/bench_timeline.py --synth 10000 --runs 5
    python benchmarks/bench_timeline.py --folder DIR --cache /tmp/warm --compare OTHER/bin/python
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from synth import generate, write_folder

TARGET_SECONDS = 1.0
TARGET_RATIO = 5.0
# A phrase in few documents, two in many, and the commonest in every turn (synthetic
# transcripts are all narration: the official voice reads nothing of them).
PHRASES: tuple[tuple[str, ...], ...] = (
    ("台湾是中国领土不可分割的一部分",),
    ("一个中国原则",),
    ("双轨并进",),
    ("多边主义",),
    ("多边主义", "--roles", "all"),
)


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median wall time of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def engine(n: int, seed: int, runs: int) -> None:
    """The engine calls on ``n`` synthetic transcripts loaded in memory."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TIFA_CACHE_DIR"] = os.path.join(tmp, "cache")
        folder = os.path.join(tmp, "corpus")
        write_folder(generate(n, seed), folder)

        from tifa.corpus import load_corpus
        from tifa.tracking.exports import pad
        from tifa.tracking.phrases.kwic import find_occurrences
        from tifa.tracking.phrases.render import render_timeline
        from tifa.tracking.phrases.timeline import phrase_timeline

        cold, corpus = timed(lambda: load_corpus([folder]), 1)
        cached, corpus = timed(lambda: load_corpus([folder]), runs)
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
            seconds, result = timed(fn, runs)
            found = len(result.occurrences if hasattr(result, "occurrences") else result)
            ok = "ok" if seconds <= TARGET_SECONDS else "SLOW"
            worst = max(worst, seconds)
            print(f"{pad(label, 36)} {seconds * 1000:6.0f}ms {found:7}  {ok}")
        timeline = phrase_timeline(corpus, ["多边主义"], roles=every)
        for fmt in ("json", "csv", "md", "html"):
            seconds, _ = timed(lambda f=fmt: render_timeline(timeline, f), runs)
            print(f"{pad('render 多边主义 as ' + fmt, 36)} {seconds * 1000:6.0f}ms")
        print(f"slowest engine call: {worst * 1000:.0f} ms (target ≤ {TARGET_SECONDS:g} s)")


def compile_tifa() -> None:
    """Byte-compile tifa's modules, as installing it does: an editable checkout run with
    PYTHONDONTWRITEBYTECODE would otherwise compile them from source in every process."""
    for package in ("tifa.corpus", "tifa.tracking", "tifa.tui"):
        spec = importlib.util.find_spec(package)
        for location in (spec and spec.submodule_search_locations) or ():
            compileall.compile_dir(location, quiet=1)


def tifa_command(python: str = sys.executable) -> list[str]:
    """The ``tifa`` console script of ``python``'s environment, as a user runs it."""
    script = shutil.which("tifa", path=os.path.dirname(python))
    if script is not None:
        return [script]
    return [python, "-c", "from tifa.tui.cli.main import main; main()"]


def wall(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def against_grep(
    folder: Path,
    runs: int,
    imports: bool,
    cache: Path | None,
    other: str | None,
    daemon: bool,
    auto: bool = False,
) -> None:
    """``tifa timeline`` against ``grep -r -c`` on ``folder``, warm index, same loop; with
    ``other`` (another environment's python), its tifa too; with ``daemon``, the same
    command handed to ``tifa daemon start --corpus folder`` too, in the same loop; with
    ``auto``, then as a new user runs it (``as_a_new_user``)."""
    with tempfile.TemporaryDirectory(prefix="tifa-bench-timeline-") as scratch:
        env = {k: v for k, v in os.environ.items() if k not in ("TIFA_CACHE_DIR", "TIFA_NO_DAEMON")}
        env["XDG_CACHE_HOME"] = str(cache or scratch)
        alone = {**env, "TIFA_NO_DAEMON": "1"}  # the process on its own, daemon or not
        tifa = [*tifa_command(), "timeline"]
        started = time.perf_counter()
        subprocess.run([*tifa, "x", "--corpus", str(folder)], env=alone, capture_output=True)
        print(f"\n{folder}: index ready in {time.perf_counter() - started:.1f} s [{load()}]")
        compile_tifa()
        if daemon:
            start = [*tifa_command(), "daemon", "start", "--corpus", str(folder)]
            subprocess.run(start, env=env, check=True, capture_output=True)
        try:
            compared(folder, runs, env, alone, tifa, other, daemon)
        finally:
            if daemon:
                stop = [*tifa_command(), "daemon", "stop"]
                subprocess.run(stop, env=env, capture_output=True)
        if imports:
            where_time_goes([*tifa, PHRASES[0][0], "--corpus", str(folder)], alone, runs)
        if auto:
            as_a_new_user(folder, env, tifa, runs)


def as_a_new_user(folder: Path, env: dict[str, str], tifa: list[str], runs: int) -> None:
    """The first phrase ``3 * runs`` times in a row, alternating with grep, with no daemon
    running at first: the first command starts one as it ends (``daemon_client.autostart``)
    and the next ones are handed to it once it has opened the corpus."""
    stop = [*tifa_command(), "daemon", "stop"]
    subprocess.run(stop, env=env, capture_output=True)
    phrase = PHRASES[0][0]
    ours, greps = [], []
    try:
        for _ in range(3 * runs):
            ours.append(wall([*tifa, phrase, "--corpus", str(folder)], env))
            greps.append(wall(["grep", "-r", "-c", phrase, str(folder)], env))
    finally:
        subprocess.run(stop, env=env, capture_output=True)
    settled = statistics.median(ours[runs:])
    grep_s = statistics.median(greps)
    print(f"\nas a new user, no daemon at first: {phrase}, {3 * runs} in a row [{load()}]")
    print("  " + " ".join(f"{t * 1000:.0f}" for t in ours) + " ms")
    print(
        f"  median after the first {runs}: {settled * 1000:.1f} ms, grep {grep_s * 1000:.1f} ms,"
        f" {settled / grep_s:.1f}x"
    )


def compared(
    folder: Path,
    runs: int,
    env: dict[str, str],
    alone: dict[str, str],
    tifa: list[str],
    other: str | None,
    daemon: bool,
) -> None:
    """The table of ``against_grep``: per phrase, medians of ``runs`` taken alternately, so
    that every command sees the same load."""
    theirs = [*tifa_command(other), "timeline"] if other else None
    head = f"{'other':>9} {'ratio':>6}" if other else ""
    head += f"{'daemon':>9} {'ratio':>6}" if daemon else ""
    print(f"{'command':52} {'tifa':>9} {'grep':>8} {'ratio':>6} {'python':>8} {head}")
    for phrase, *extra in PHRASES:
        times: dict[str, list[float]] = {k: [] for k in ("tifa", "grep", "pass", "other", "daemon")}
        args = [phrase, *extra, "--corpus", str(folder)]
        for _ in range(runs):
            times["tifa"].append(wall([*tifa, *args], alone))
            times["grep"].append(wall(["grep", "-r", "-c", phrase, str(folder)], env))
            times["pass"].append(wall([sys.executable, "-c", "pass"], env))
            if theirs:
                times["other"].append(wall([*theirs, *args], alone))
            if daemon:
                times["daemon"].append(wall([*tifa, *args], env))
        ours_s, grep_s, bare_s = (statistics.median(times[k]) for k in ("tifa", "grep", "pass"))
        extra_columns = ""
        for name in ("other", "daemon"):
            if times[name]:
                median = statistics.median(times[name])
                extra_columns += f"{median * 1000:6.0f} ms {median / grep_s:5.1f}x "
        best = min(statistics.median(t) for t in (times["tifa"], times["daemon"]) if t)
        mark = "ok" if best / grep_s <= TARGET_RATIO else f"> {TARGET_RATIO:g}x"
        print(
            f"{' '.join(['timeline', phrase, *extra]):52} {ours_s * 1000:6.0f} ms "
            f"{grep_s * 1000:5.1f} ms {ours_s / grep_s:5.1f}x {bare_s * 1000:5.1f} ms "
            f"{extra_columns} {mark}  [{load()}]"
        )


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def top_imports(command: Sequence[str], env: dict[str, str]) -> dict[str, int]:
    """Microseconds of each top-level import of ``command`` (``python -X importtime``)."""
    args = command[1:] if command[0] == sys.executable else command
    traced = subprocess.run(
        [sys.executable, "-X", "importtime", *args], env=env, capture_output=True, text=True
    )
    found: dict[str, int] = {}
    for line in traced.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and match.group(3) == " ":  # top level
            found[match.group(4)] = found.get(match.group(4), 0) + int(match.group(2))
    return found


def where_time_goes(command: list[str], env: dict[str, str], runs: int) -> None:
    """The process's wall time split into the interpreter's start (``python -c pass``:
    site and what it imports), each top-level import of tifa's own (its fastest of
    ``runs``) and the rest: the work, click's parsing, the exit."""
    started = set(top_imports([sys.executable, "-c", "pass"], env))
    best: dict[str, int] = {}
    walls, bares = [], []
    for _ in range(runs):
        walls.append(wall(command, env))
        bares.append(wall([sys.executable, "-c", "pass"], env))
        for name, micros in top_imports(command, env).items():
            if name not in started:
                best[name] = min(best.get(name, micros), micros)
    total, bare = statistics.median(walls) * 1e6, statistics.median(bares) * 1e6
    imported = sum(best.values())
    print(f"\nwhere `{' '.join(command[-3:])}` spends {total / 1000:.0f} ms [{load()}]:")
    print(f"  {'python -c pass (interpreter and site)':44} {bare / 1000:6.1f} ms")
    for name, micros in sorted(best.items(), key=lambda kv: -kv[1]):
        if micros >= 500:
            print(f"  {'import ' + name:44} {micros / 1000:6.1f} ms")
    print(f"  {'imports, all':44} {imported / 1000:6.1f} ms")
    print(f"  {'the rest (work, parsing, exit)':44} {(total - bare - imported) / 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="synthetic transcripts, in memory")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, action="append", help="whole processes on DIR")
    parser.add_argument("--synth", type=int, metavar="N", help="whole processes on N synthetic")
    parser.add_argument("--imports", action="store_true", help="where a process's time goes")
    parser.add_argument("--cache", type=Path, help="keep the index in this cache folder")
    parser.add_argument(
        "--daemon", action="store_true", help="also time it handed to `tifa daemon start`"
    )
    parser.add_argument(
        "--auto", action="store_true", help="also time commands in a row, no daemon at first"
    )
    parser.add_argument(
        "--compare", metavar="PYTHON", help="also time the tifa of this environment's python"
    )
    args = parser.parse_args()
    if not args.folder and args.synth is None:
        engine(args.n, args.seed, args.runs)
        return
    for folder in args.folder or ():
        against_grep(
            folder.resolve(),
            args.runs,
            args.imports,
            args.cache,
            args.compare,
            args.daemon,
            args.auto,
        )
    if args.synth is not None:
        with tempfile.TemporaryDirectory(prefix="tifa-bench-synth-") as tmp:
            folder = Path(tmp) / "synth"
            write_folder(generate(args.synth, args.seed), folder)
            against_grep(
                folder, args.runs, args.imports, args.cache, args.compare, args.daemon, args.auto
            )


if __name__ == "__main__":
    main()
