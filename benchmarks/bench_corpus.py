"""Time loading the bundled corpus: cold, warm, and from the cache, with and without jieba.

Each figure is the median of several runs. "process" figures are whole fresh Python
processes (imports included), which is what a user of the CLI feels; "in-process" figures
are the engine call alone with modules already imported.

    python benchmarks/bench_corpus.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

SNIPPET = """
import time, sys
t = time.perf_counter()
from tifa.corpus import load_corpus
corpus = load_corpus(use_cache={cache}, tokens={tokens})
sys.stdout.write(str(time.perf_counter() - t))
"""


def process_time(cache: bool, tokens: bool, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", SNIPPET.format(cache=cache, tokens=tokens)],
        check=True,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - start


def in_process(cache: bool, tokens: bool) -> float:
    from tifa.corpus import load_corpus

    start = time.perf_counter()
    load_corpus(use_cache=cache, tokens=tokens)
    return time.perf_counter() - start


def median(fn, runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache_dir:
        env = {**os.environ, "TIFA_CACHE_DIR": cache_dir}
        os.environ["TIFA_CACHE_DIR"] = cache_dir
        rows = []
        for tokens in (False, True):
            label = "with jieba" if tokens else "no jieba"
            cold = median(lambda t=tokens: process_time(False, t, env), args.runs)
            process_time(True, tokens, env)  # fill the cache
            cached = median(lambda t=tokens: process_time(True, t, env), args.runs)
            in_process(False, tokens)  # warm modules (and jieba) in this process
            warm = median(lambda t=tokens: in_process(False, t), args.runs)
            from_cache = median(lambda t=tokens: in_process(True, t), args.runs)
            rows.append((label, cold, warm, cached, from_cache))
    print(
        f"{'':12} {'cold process':>13} {'warm parse':>11} {'cache process':>14} "
        f"{'cache in-proc':>14}"
    )
    for label, cold, warm, cached, from_cache in rows:
        print(
            f"{label:12} {cold * 1000:11.0f}ms {warm * 1000:9.0f}ms {cached * 1000:12.0f}ms "
            f"{from_cache * 1000:12.0f}ms"
        )


if __name__ == "__main__":
    main()
