"""Time formulation families: the engine call for all built-in topics, and the CLI process.

Figures are medians of several runs with the corpus and its jieba words loaded from the cache
("warm"). "engine" is ``build_all`` over every built-in topic, near-duplicate detection
included, with modules imported and the corpus in memory; "engine, events given" leaves out
the near-duplicate detection; "process" is a whole fresh `tifa families …` (imports, cache
reads and output included), which is what a user of the CLI feels. ``--copies N`` also times
a larger corpus: the five seeds N times over, each copy filed under later years.

``--monologues N`` (default 1,000; 0 to skip) times a topic's families over N synthetic work
reports of 10,000 characters (``synth.monologues``: one voice, most reports carrying earlier
ones' lines forward), events given, warm. The target is the Taiwan topic in at most 3 s.
Generating and parsing them the first time takes a minute or two.

    python benchmarks/bench_families.py [--runs 7] [--copies 4] [--monologues 1000]
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


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def scaled_corpus(folder: Path, copies: int) -> list[str]:
    """The seeds ``copies`` times, each copy ten years later, with a manifest per copy."""
    from tifa.corpus import bundled_dir
    from tifa.corpus.manifest import bundled_manifest

    declared = bundled_manifest()
    for n in range(copies):
        sub = folder / f"copy{n}"
        sub.mkdir(parents=True)
        lines = []
        for seed in sorted(bundled_dir().glob("*.txt")):
            shutil.copy(seed, sub / seed.name)
            meta = declared[seed.name]
            year = meta.year + 10 * n
            date = f"\ndate = {year}{meta.date[4:]}" if meta.date else ""
            lines.append(f'["{seed.name}"]\nyear = {year}{date}\n')
        (sub / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    return [str(folder)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--monologues", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "TIFA_CACHE_DIR": str(Path(tmp) / "cache"),
            "TIFA_CONFIG_DIR": str(Path(tmp) / "config"),
        }
        os.environ.update(env)
        from tifa.corpus import load_corpus
        from tifa.tracking.formulations.families import build_all
        from tifa.tracking.formulations.topics import load_topics
        from tifa.tracking.versions.events import corpus_events

        topics = list(load_topics().values())
        corpus = load_corpus(tokens=True)  # fills the cache
        corpus = load_corpus(tokens=True)
        start = time.perf_counter()
        reports = build_all(corpus, topics)
        first = (time.perf_counter() - start) * 1000
        engine = median_ms(lambda: build_all(corpus, topics), args.runs)
        events = corpus_events(corpus)
        given = median_ms(lambda: build_all(corpus, topics, events=events), args.runs)
        load = median_ms(lambda: load_corpus(tokens=True), args.runs)
        families = sum(len(r.families) for r in reports)
        print(
            f"bundled corpus: {len(corpus)} documents, {len(topics)} topics, "
            f"{sum(r.candidates for r in reports)} candidate windows, {families} families"
        )
        print(f"  engine, first call in process     {first:7.1f} ms")
        print(f"  engine, warm                       {engine:7.1f} ms")
        print(f"  engine, warm, events given         {given:7.1f} ms")
        print(f"  corpus + words from the cache      {load:7.1f} ms")
        tifa = shutil.which("tifa", path=str(Path(sys.executable).parent)) or "tifa"
        for argv in (["families", "all"], ["families", "taiwan"], ["changes", "all"]):
            cmd = [tifa, *argv, "--format", "json"]
            subprocess.run(cmd, check=True, env=env, capture_output=True)
            ms = median_ms(
                lambda c=cmd: subprocess.run(c, check=True, env=env, capture_output=True), args.runs
            )
            print(f"  process `tifa {' '.join(argv)}`{'':<{19 - len(' '.join(argv))}}{ms:7.1f} ms")
        if args.copies > 1:
            paths = scaled_corpus(Path(tmp) / "scaled", args.copies)
            load_corpus(paths, tokens=True)  # fills the cache
            big = load_corpus(paths, tokens=True)
            ms = median_ms(lambda: build_all(big, topics), max(3, args.runs // 2))
            cands = sum(r.candidates for r in build_all(big, topics))
            print(
                f"scaled corpus: {len(big)} documents, {cands} candidate windows: "
                f"engine, warm {ms:.1f} ms"
            )
        if args.monologues:
            time_monologues(Path(tmp) / "monologues", args.monologues, topics, 3)


TARGET_SECONDS = 3.0


def time_monologues(folder: Path, n: int, topics: list, runs: int) -> None:
    """Families of each topic over ``n`` synthetic reports of 10,000 characters."""
    from synth import monologues, write_folder

    from tifa.corpus import load_corpus
    from tifa.tracking.formulations.families import build_families
    from tifa.tracking.versions.events import corpus_events

    write_folder(monologues(n), folder)
    start = time.perf_counter()
    load_corpus([str(folder)], tokens=True)  # fills the cache
    cold = time.perf_counter() - start
    corpus = load_corpus([str(folder)], tokens=True)
    chars = sum(len(d.text) for d in corpus.documents)
    events = corpus_events(corpus)
    print(
        f"monologues: {len(corpus)} reports, {chars:,} characters "
        f"(parsed and tokenised once in {cold:.0f} s), events given, warm"
    )
    for topic in topics:
        seconds = median_ms(lambda t=topic: build_families(corpus, t, events=events), runs) / 1000
        report = build_families(corpus, topic, events=events)
        mark = ("ok" if seconds <= TARGET_SECONDS else "SLOW") if topic.id == "taiwan" else ""
        print(
            f"  {topic.id:<16} {report.candidates:6} windows  {len(report.families):5} families"
            f"  {seconds:6.2f} s  {mark}"
        )


if __name__ == "__main__":
    main()
