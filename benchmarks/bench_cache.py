"""Time loading parsed documents from a cold and a warm cache: N synthetic transcripts and
the bundled five.

The synthetic corpus comes from ``synth.py`` (default 1,000 transcripts, ~6.8M characters),
written to a temporary folder with its own cache. Rows, each the median of several runs:

* Cold: ``load_corpus`` in process and ``tifa corpus --format json -o FILE`` as a whole
  process, each run with an empty cache folder of its own: every file is parsed, in worker
  processes (``corpus.load._parse_all``), which send each document back as
  ``corpus.columns.flatten``, and stored. Worker CPU time is included.

Then the folder is parsed once more to fill the shared cache, for the warm rows:

* ``cache.load_document`` for every document, in process: the cache read alone. Once with
  Python's cyclic garbage collector running as usual, once inside
  ``collector_paused()``: the collector rescans every record loaded so far each
  time the heap grows by a quarter, and a corpus of 1,000 holds 700,000 of them.
* ``cache.load_tokens`` for every document. The words stored are cuts of each sentence's
  key into two and one characters in turn, not jieba's (jieba takes a minute on this
  corpus); the cache reads them the same way.
* ``load_corpus`` in process (read and hash every file, then the cache; it pauses the
  collector itself).
* Words from the cache onto a loaded corpus: ``with_tokens`` (``cache.attach_tokens``).
* ``tifa corpus --format json -o FILE``, a whole process, as a user runs it.

Each row gives the median CPU time (user + system, children included) and the median wall
time of the runs: on a shared 2-core machine, wall time swings with other people's jobs
far more than CPU time does, and a cached load is single-threaded, so CPU time is what it
costs on a quiet one (a cold load spreads its CPU time over the cores).

    python benchmarks/bench_cache.py [--n 1000] [--runs 5] [--cold-runs 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from synth import generate, write_folder

ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds() -> float:
    """User + system time of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(
    fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> tuple[float, float]:
    """Median CPU time and median wall time of ``runs`` calls; results are dropped.
    ``before`` runs ahead of each call, untimed."""
    cpu, wall = [], []
    for _ in range(runs):
        if before:
            before()
        gc.collect()
        start_cpu, start_wall = cpu_seconds(), time.perf_counter()
        fn()
        wall.append(time.perf_counter() - start_wall)
        cpu.append(cpu_seconds() - start_cpu)
    return statistics.median(cpu), statistics.median(wall)


def load_all(shas: list[str]) -> list:
    from tifa.corpus import cache

    return [cache.load_document(sha) for sha in shas]


def paused(fn: Callable[[], object]) -> Callable[[], object]:
    from tifa.corpus.collector import collector_paused

    def run() -> object:
        with collector_paused():
            return fn()

    return run


def cli_corpus(source: str, out: str) -> None:
    """``tifa corpus`` in a fresh interpreter, importing this tree's code."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from tifa.tui.cli.main import main; main()",
            "corpus",
            "--corpus",
            source,
            "--format",
            "json",
            "-o",
            out,
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=os.environ.copy(),
    )


def fake_words(text: str) -> tuple[str, ...]:
    """Words of two and one characters in turn: jieba's mean length on these texts is 1.7."""
    words: list[str] = []
    start = 0
    while start < len(text):
        end = start + (2 if len(words) % 2 == 0 else 1)
        words.append(text[start:end])
        start = end
    return tuple(words)


def fake_tokens(doc) -> tuple[tuple[str, ...], ...]:
    return tuple(fake_words(doc.key[s.start : s.end]) for s in doc.sentences)


def row(label: str, seconds: tuple[float, float], docs: int) -> None:
    cpu, wall = seconds
    print(f"{label:46} {cpu * 1000:7.0f} ms {cpu / docs * 1e6:7.0f} µs/doc {wall * 1000:7.0f} ms")


def fill_cache(folder: str) -> tuple[list[str], list[int]]:
    """Parse the folder into the cache, store words for it; its hashes and sentence counts."""
    from tifa.corpus import cache, load_corpus
    from tifa.corpus.paths import cache_dir

    start = time.perf_counter()
    corpus = load_corpus([folder])
    fill = time.perf_counter() - start
    for doc in corpus:
        cache.store_tokens(doc.sha256, fake_tokens(doc))
    records = sum(len(d.turns) + len(d.sentences) + len(d.clauses) for d in corpus)
    size = sum(p.stat().st_size for p in cache_dir().rglob("*.doc.*"))
    print(
        f"{len(corpus)} synthetic documents, {records:,} turns+sentences+clauses, "
        f"{sum(len(d.text) for d in corpus):,} characters; document entries "
        f"{size / 1e6:.0f} MB; parsing to fill the cache took {fill:.1f} s "
        f"(python {sys.version.split()[0]}, {os.cpu_count()} cores)"
    )
    return [doc.sha256 for doc in corpus], [len(doc.sentences) for doc in corpus]


def cold_rows(folder: str, out: str, runs: int) -> None:
    """Each run in an empty cache folder, removed (untimed) before the next."""
    from tifa.corpus import load_corpus

    shared = os.environ["TIFA_CACHE_DIR"]
    empty = shared + "-cold"

    def empty_cache() -> None:
        shutil.rmtree(empty, ignore_errors=True)
        os.environ["TIFA_CACHE_DIR"] = empty

    n = len(list(Path(folder).glob("*.txt")))
    print(f"{'synthetic corpus, cache cold':46} {'CPU time':>10} {'per doc':>14} {'wall':>10}")
    try:
        row(
            "load_corpus(DIR), in process",
            timed(lambda: load_corpus([folder]), runs, empty_cache),
            n,
        )
        row(
            "`tifa corpus --corpus DIR`, whole process",
            timed(lambda: cli_corpus(folder, out), runs, empty_cache),
            n,
        )
    finally:
        shutil.rmtree(empty, ignore_errors=True)
        os.environ["TIFA_CACHE_DIR"] = shared
    print()


def synthetic_rows(folder: str, out: str, runs: int) -> None:
    from tifa.corpus import cache, load_corpus, with_tokens

    shas, sentences = fill_cache(folder)
    n = len(shas)
    print(f"\n{'synthetic corpus, cache warm':46} {'CPU time':>10} {'per doc':>14} {'wall':>10}")
    row("cache.load_document × N, in process", timed(lambda: load_all(shas), runs), n)
    row("  the same, collector paused", timed(paused(lambda: load_all(shas)), runs), n)
    row(
        "cache.load_tokens × N, in process",
        timed(
            lambda: [cache.load_tokens(s, k) for s, k in zip(shas, sentences, strict=True)], runs
        ),
        n,
    )
    row("load_corpus(DIR), in process", timed(lambda: load_corpus([folder]), runs), n)
    corpus = load_corpus([folder])
    row("with_tokens(corpus), words cached", timed(lambda: with_tokens(corpus), runs), n)
    row(
        "`tifa corpus --corpus DIR`, whole process", timed(lambda: cli_corpus(folder, out), runs), n
    )


def bundled_rows(out: str, runs: int) -> None:
    from tifa.corpus import load_corpus

    print("\nbundled corpus (5 documents)")
    shas = [doc.sha256 for doc in load_corpus()]
    row("cache.load_document × 5, in process", timed(lambda: load_all(shas), runs * 4), 5)
    row("load_corpus(), in process", timed(load_corpus, runs * 4), 5)
    row("`tifa corpus`, whole process", timed(lambda: cli_corpus("bundled", out), runs), 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=3, help="each parses the whole corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TIFA_CACHE_DIR"] = os.path.join(tmp, "cache")
        folder = os.path.join(tmp, "corpus")
        out = os.path.join(tmp, "out.json")
        write_folder(generate(args.n, args.seed), folder)
        cold_rows(folder, out, args.cold_runs)
        synthetic_rows(folder, out, args.runs)
        bundled_rows(out, args.runs)


if __name__ == "__main__":
    main()
