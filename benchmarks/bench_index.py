"""The corpus index against issue #11's targets, on a folder (the real sample, or N
synthetic transcripts from ``synth.py``), each figure printed with the load average it was
measured under (the machine is shared).

Warm rows (the index already built; medians of ``--runs``):

* ``tifa corpus`` and ``tifa corpus --format json``, whole processes (target ≤ 0.3 s).
* ``tifa timeline PHRASE`` against ``grep -r -c PHRASE`` over the same folder, timed
  alternately in the same loop (target ≤ 5× grep), for a rare and two common phrases, the
  commonest also with ``--roles all`` (every turn), and ``tifa search``; in the same loop a
  bare ``python -c pass`` and ``python -c "import sqlite3"``, the interpreter's share.
* In process: the catalogue's rows (what the workbench's first table waits for), one
  document opened, a diff of two opened with their words (target ≤ 150 ms), and every
  document loaded (``load_corpus``, for the engines that read all).
* ``tifa show ID`` and ``tifa diff A B``, whole processes.

``--daemon``: the whole processes are handed to ``tifa daemon start --corpus FOLDER`` (the
timeline's own rows then compare the daemon with grep); without it they run on their own
(``TIFA_NO_DAEMON=1``).

``--cold``: a cold build with words (``open_catalogue(folder, words=True)`` in a fresh
process and cache folder), its wall time and the peak memory of the whole process tree,
sampled every 0.1 s, and the CPU time of all its processes, which the load of other jobs
changes little (targets for 10,000 documents on 2 cores: ≤ 3 min, ≤ 2 GB).

``--lookup``: phrase lookup built three ways on the folder's transcripts (SQLite FTS5
trigram with positions, without, and tifa's bigram postings): build time, size, query time.

    python benchmarks/bench_index.py --folder ../shared/real
    python benchmarks/bench_index.py --synth 10000 [--cold] [--lookup] [--daemon]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PHRASES = ("台湾是中国领土不可分割的一部分", "双轨并进", "多边主义")


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def median_wall(command: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_call(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(what: str, seconds: float, note: str = "") -> None:
    figure = f"{seconds * 1000:8.1f} ms" if seconds < 10 else f"{seconds:8.1f} s "
    print(f"{what:<58} {figure}  {note}  [{load()}]", flush=True)


def tifa(*args: str) -> list[str]:
    return [sys.executable, "-c", "from tifa.tui.cli.main import main; main()", *args]


def warm(
    folder: Path, env: dict[str, str], runs: int, pair: tuple[int, int] | None, daemon: bool
) -> None:
    """``pair``: two documents to diff (a true version pair), else the two longest.
    ``daemon``: the whole processes are handed to ``tifa daemon start --corpus folder``."""
    os.environ.update(env)
    from tifa.corpus import open_catalogue

    started = time.perf_counter()
    catalogue = open_catalogue([str(folder)], words=True)
    print(f"(index ready in {time.perf_counter() - started:.1f} s, {len(catalogue)} documents)")
    if not daemon:
        measured(folder, {**env, "TIFA_NO_DAEMON": "1"}, runs, pair, catalogue, "")
        return
    subprocess.run(tifa("daemon", "start", "--corpus", str(folder)), env=env, check=True)
    try:
        measured(folder, env, runs, pair, catalogue, ", via the daemon")
    finally:
        subprocess.run(tifa("daemon", "stop"), env=env)


def measured(
    folder: Path,
    env: dict[str, str],
    runs: int,
    pair: tuple[int, int] | None,
    catalogue: Any,
    via: str,
) -> None:
    """The warm figures of ``warm``; ``via`` names how the whole processes ran."""
    from tifa.corpus import load_corpus, open_catalogue
    from tifa.tracking.versions.diff import diff_documents

    corpus_cmd = tifa("corpus", "--corpus", str(folder))
    report(f"tifa corpus (whole process{via})", median_wall(corpus_cmd, runs, env))
    report(
        f"tifa corpus --format json (whole process{via})",
        median_wall([*corpus_cmd, "--format", "json"], runs, env),
    )
    timelines = [("timeline", p) for p in PHRASES] + [
        ("timeline", PHRASES[-1], "--roles", "all"),
        ("search", PHRASES[1]),
    ]
    for command, phrase, *extra in timelines:
        times: dict[str, list[float]] = {"tifa": [], "grep": [], "pass": [], "sqlite3": []}
        for _ in range(runs):  # alternately, so that all four see the same load
            ours = tifa(command, phrase, *extra, "--corpus", str(folder))
            times["tifa"].append(median_wall(ours, 1, env))
            times["grep"].append(median_wall(["grep", "-r", "-c", phrase, str(folder)], 1, env))
            times["pass"].append(median_wall([sys.executable, "-c", "pass"], 1, env))
            times["sqlite3"].append(median_wall([sys.executable, "-c", "import sqlite3"], 1, env))
        ours_s, grep_s, bare_s, sqlite_s = (statistics.median(t) for t in times.values())
        rows = catalogue.candidates([phrase])
        what = " ".join((command, phrase, *extra))
        report(f"tifa {what} ({len(rows)} docs{via})", ours_s, f"tifa/grep {ours_s / grep_s:.1f}×")
        report(f"grep -r -c {phrase}", grep_s)
        gap = ours_s - grep_s
        report(
            "python -c pass / python -c 'import sqlite3', same loop",
            bare_s,
            f"{sqlite_s * 1000:.1f} ms; the interpreter's start-up is "
            f"{bare_s / max(gap, 1e-9):.0%} of tifa's {gap:.3f} s over grep",
        )
    report(
        "catalogue rows, in process (the workbench's table)",
        median_call(lambda: open_catalogue([str(folder)]).close(), runs),
    )
    picks = random.Random(0).sample(range(len(catalogue)), min(20, len(catalogue)))
    report(
        "open one document, in process (median of 20)",
        statistics.median(median_call(lambda n=n: catalogue.open(n), 1) for n in picks),
    )
    a, b = pair or sorted(range(len(catalogue)), key=lambda n: -catalogue.rows[n].chars)[:2]
    report(
        f"open two documents with words and diff them ({catalogue.rows[a].chars:,} and "
        f"{catalogue.rows[b].chars:,} characters), in process",
        median_call(
            lambda: diff_documents(catalogue.open(a, words=True), catalogue.open(b, words=True)),
            runs,
        ),
    )
    ids = [catalogue.rows[a].id, catalogue.rows[b].id]
    report(
        f"tifa show ID (whole process{via})",
        median_wall(tifa("show", ids[0], "--corpus", str(folder)), runs, env),
    )
    report(
        f"tifa diff A B (whole process{via})",
        median_wall(tifa("diff", *ids, "--corpus", str(folder)), runs, env),
    )
    report(
        "load_corpus: every document in memory, in process",
        median_call(lambda: load_corpus([str(folder)]), max(1, runs // 2)),
    )


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    family, grown = {pid}, True
    while grown:
        more = {p for p, parent in parents.items() if parent in family} - family
        family |= more
        grown = bool(more)
    return sum(rss.get(p, 0) for p in family)


def cold(folder: Path, cache: str) -> None:
    """Build the index in ``cache`` (empty) from scratch; the warm rows then use it."""
    env = {**os.environ, "TIFA_CACHE_DIR": cache}
    code = (
        "import sys\nfrom tifa.corpus import open_catalogue\n"
        f"c = open_catalogue([{str(folder)!r}], words=True)\nprint(len(c))\n"
    )
    peak, done = 0, threading.Event()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = before.ru_utime + before.ru_stime
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE)

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.1)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = used.ru_utime + used.ru_stime - cpu_before
    size = sum(p.stat().st_size for p in Path(cache).glob("index*"))
    report(
        f"cold build with words, {int(out)} documents, {os.cpu_count()} cores",
        wall,
        f"CPU {cpu:.0f} s (all processes: on 2 idle cores, about {cpu / 2:.0f} s of wall), "
        f"peak memory {peak / 2**30:.2f} GB, index {size / 2**20:.0f} MB",
    )


def lookup(folder: Path) -> None:
    """FTS5 trigram (with and without positions) against bigram postings, on the keys."""
    from tifa.corpus import open_catalogue
    from tifa.corpus.grams import grams_of, invert, phrase_grams
    from tifa.corpus.grams import lookup as find

    catalogue = open_catalogue([str(folder)])
    keys = catalogue.keys(list(range(len(catalogue))))
    with tempfile.TemporaryDirectory(prefix="tifa-bench-lookup-") as scratch:
        for detail in ("full", "none"):
            path = Path(scratch) / f"fts-{detail}.sqlite"
            db = sqlite3.connect(path)
            db.execute(
                f"CREATE VIRTUAL TABLE t USING fts5(key, tokenize='trigram', detail={detail})"
            )
            started = time.perf_counter()
            with db:
                db.executemany("INSERT INTO t(rowid, key) VALUES (?, ?)", enumerate(keys, 1))
            report(
                f"FTS5 trigram detail={detail}: build",
                time.perf_counter() - started,
                f"{path.stat().st_size / 2**20:.0f} MB",
            )
            for phrase in (*PHRASES, "台湾"):
                if len(phrase) < 3 or detail == "none":
                    sql, arg = "SELECT rowid FROM t WHERE key LIKE ?", f"%{phrase}%"
                else:
                    sql, arg = "SELECT rowid FROM t WHERE t MATCH ?", f'"{phrase}"'
                count = len(db.execute(sql, (arg,)).fetchall())
                seconds = median_call(lambda s=sql, a=arg, d=db: d.execute(s, (a,)).fetchall(), 3)
                report(f"  FTS5 {detail} {phrase}", seconds, f"{count} documents")
            db.close()
        started = time.perf_counter()
        batch = [(n, grams_of(k)) for n, k in enumerate(keys, 1)]
        extracted = time.perf_counter() - started
        started = time.perf_counter()
        runs = invert(batch)
        report(
            "bigram postings: extract (in the workers) / invert",
            time.perf_counter() - started,
            f"extraction {extracted:.1f} s, {sum(len(r) for _, r in runs) / 2**20:.0f} MB",
        )
        firsts = [first for first, _ in runs]
        from bisect import bisect_right

        def query(phrase: str) -> set[int]:
            found = None
            for gram in set(phrase_grams(phrase)):
                run = runs[bisect_right(firsts, gram) - 1][1]
                numbers = set(find(run, gram))
                found = numbers if found is None else found & numbers
            return found or set()

        for phrase in (*PHRASES, "台湾"):
            count = len(query(phrase))
            report(
                f"  bigrams {phrase}",
                median_call(lambda p=phrase: query(p), 3),
                f"{count} candidates",
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--folder", type=Path, help="a folder of transcripts")
    source.add_argument("--synth", type=int, metavar="N", help="N synthetic transcripts")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="time a cold build with words")
    parser.add_argument("--lookup", action="store_true", help="compare FTS5 with bigrams")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm figures")
    parser.add_argument(
        "--daemon", action="store_true", help="hand the whole processes to `tifa daemon`"
    )
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="tifa-bench-index-"))
    try:
        folder, pair = args.folder, None
        if folder is None:
            from synth import generate, write_folder

            folder = scratch / "synth"
            synthetic = generate(args.synth, 0)
            write_folder(synthetic, folder)
            pair = min(synthetic.truth)
        env = {**os.environ, "TIFA_CACHE_DIR": str(scratch / "cache")}
        if args.cold:
            cold(folder.resolve(), env["TIFA_CACHE_DIR"])
        if not args.no_warm:
            warm(folder.resolve(), env, args.runs, pair, args.daemon)
        if args.lookup:
            os.environ.update(env)
            lookup(folder.resolve())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
