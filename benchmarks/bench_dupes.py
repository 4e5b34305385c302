"""Near-duplicate detection on a synthetic corpus with known versions, against datasketch.

    python benchmarks/bench_dupes.py [--n 10000] [--seed 0] [--datasketch-n 1000]

Generates ``--n`` transcripts with ``benchmarks/synth.py`` and runs ``tracking.versions.dupes.
find_pairs`` on their texts (no parsing: detection alone), then reports time, peak memory
(tracemalloc over a second, identical run, since tracing slows numpy's allocations down;
and the process's maximum resident set), and precision and recall of the reported
same-text and versions pairs against the generator's truth.

datasketch (MinHash with 128 permutations over the same 5-character shingles, MinHashLSH
at the same Jaccard threshold) is far slower, so it runs on the first ``--datasketch-n``
documents and its time is extrapolated linearly to ``--n`` (sketching is per document;
LSH inserts and queries are near-linear). Its candidates go through the same confirmation
as ours, so the quality columns compare the candidate stages; the subset's truth is the
true pairs among those documents.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import SyntheticCorpus, generate
from tifa.tracking.versions import dupes, minhash

NUM_PERM = 128


def quality(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else 1.0), (hits / len(truth) if truth else 1.0)


def versions(pairs: Sequence[dupes.PairScore]) -> set[tuple[int, int]]:
    return {(p.a, p.b) for p in pairs if p.relation != "shares_passages"}


def ours(texts: Sequence[str]) -> dict[str, float | int]:
    start = time.perf_counter()
    first, _ = dupes.candidates(texts, dupes.DEFAULT_MIN_SIMILARITY)
    candidates_s = time.perf_counter() - start
    start = time.perf_counter()
    pairs = dupes.find_pairs(texts)
    total = time.perf_counter() - start
    return {
        "seconds": total,
        "candidates_s": candidates_s,
        "candidates": len(first),
        "pairs": pairs,
    }


def traced_peak(texts: Sequence[str]) -> int:
    tracemalloc.start()
    dupes.find_pairs(texts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def datasketch_run(texts: Sequence[str]) -> dict[str, float | int | set]:
    from datasketch import MinHash, MinHashLSH

    threshold = dupes.candidate_jaccard(dupes.DEFAULT_MIN_SIMILARITY)
    start = time.perf_counter()
    sketches = []
    for text in texts:
        letters = minhash.content(text).tobytes().decode("utf-32-le")
        shingles = {
            letters[i : i + dupes.SHINGLE].encode("utf-8")
            for i in range(len(letters) - dupes.SHINGLE + 1)
        }
        sketch = MinHash(num_perm=NUM_PERM)
        sketch.update_batch(list(shingles))
        sketches.append(sketch)
    sketch_s = time.perf_counter() - start
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for i, sketch in enumerate(sketches):
        lsh.insert(i, sketch)
    candidates = set()
    for i, sketch in enumerate(sketches):
        for j in lsh.query(sketch):
            if i < j and sketch.jaccard(sketches[j]) >= threshold:
                candidates.add((i, j))
    lsh_s = time.perf_counter() - start
    return {"sketch_s": sketch_s, "lsh_s": lsh_s, "candidates": candidates}


def confirm(texts: Sequence[str], candidates: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Our confirmation on datasketch's candidates (the same step as ours after LSH)."""
    first, second = zip(*sorted(candidates), strict=True) if candidates else ((), ())
    return versions(dupes.confirm(texts, first, second))


def row(*cells: object) -> str:
    return "  ".join(f"{c:<40}" if i == 0 else f"{c!s:>14}" for i, c in enumerate(cells))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--datasketch-n",
        type=int,
        default=1000,
        help="documents for the datasketch comparison (0 to skip)",
    )
    args = parser.parse_args()

    start = time.perf_counter()
    synthetic: SyntheticCorpus = generate(args.n, args.seed)
    generated = time.perf_counter() - start
    texts = synthetic.texts
    print(
        f"synthetic corpus: {args.n:,} documents, {synthetic.chars:,} characters, "
        f"{len(synthetic.truth):,} true version pairs; generated in {generated:.1f} s"
    )

    run = ours(texts)
    precision, recall = quality(versions(run["pairs"]), set(synthetic.truth))
    peak = traced_peak(texts)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    passages = sum(p.relation == "shares_passages" for p in run["pairs"])

    print()
    print(row("", "tifa", "datasketch"))
    print(
        row(
            "documents",
            f"{args.n:,}",
            f"{min(args.datasketch_n, args.n):,}" if args.datasketch_n else "-",
        )
    )
    print(row("detection, seconds", f"{run['seconds']:.2f}", ""))
    print(row("  of which sketches + candidates", f"{run['candidates_s']:.2f}", ""))
    print(row("candidate pairs", f"{run['candidates']:,}", ""))
    print(row("peak traced memory, MB", f"{peak / 2**20:.0f}", ""))
    print(row("process max RSS (with generator), MB", f"{maxrss / 2**20:.0f}", ""))
    print(row("versions precision", f"{precision:.4f}", ""))
    print(row("versions recall", f"{recall:.4f}", ""))
    print(row("pairs sharing passages (≥ bar)", f"{passages:,}", ""))

    if args.datasketch_n:
        m = min(args.datasketch_n, args.n)
        subset = texts[:m]
        truth = {(a, b) for a, b in synthetic.truth if b < m}
        ds = datasketch_run(subset)
        mine = ours(subset)
        scale = args.n / m
        ds_found = confirm(subset, ds["candidates"])
        ds_p, ds_r = quality(ds_found, truth)
        my_p, my_r = quality(versions(mine["pairs"]), truth)
        print()
        print(
            f"on the first {m:,} documents ({len(truth):,} true pairs); "
            f"datasketch times × {scale:.0f} extrapolate to {args.n:,}"
        )
        print(row("", "tifa", "datasketch"))
        print(
            row(
                "sketches + candidates, seconds",
                f"{mine['candidates_s']:.2f}",
                f"{ds['sketch_s'] + ds['lsh_s']:.2f}",
            )
        )
        print(
            row(
                "  extrapolated to all documents",
                f"{run['candidates_s']:.2f} (measured)",
                f"{(ds['sketch_s'] + ds['lsh_s']) * scale:.0f}",
            )
        )
        print(row("candidate pairs", f"{mine['candidates']:,}", f"{len(ds['candidates']):,}"))
        print(row("versions precision (same confirm)", f"{my_p:.4f}", f"{ds_p:.4f}"))
        print(row("versions recall (same confirm)", f"{my_r:.4f}", f"{ds_r:.4f}"))


if __name__ == "__main__":
    main()
