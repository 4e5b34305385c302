"""``np.unique`` against sorting (``corpus.grams.distinct``) on the sizes tifa meets: a
document's bigrams (cold builds: ``grams_of``), a phrase's characters (fuzzy search) and the
millions of candidate pair codes of a topic at archive density (``formulations.similarity``).

    python benchmarks/bench_unique.py
"""

from __future__ import annotations

import timeit

import numpy as np

from tifa.corpus.grams import distinct, distinct_counts


def main() -> None:
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}")
    for n in (20, 2_600, 200_000, 2_000_000):
        codes = rng.integers(0x4E00, 0x4E00 + 3_000, (2, n)).astype(np.int64)
        values = (codes[0] << 21) | codes[1]
        assert np.array_equal(np.unique(values), distinct(values))
        found, counts = np.unique(values, return_counts=True)
        assert all(
            np.array_equal(x, y)
            for x, y in zip((found, counts), distinct_counts(values), strict=True)
        )
        runs = max(1, 200_000 // n)
        slow = timeit.timeit(lambda v=values: np.unique(v), number=runs) / runs
        fast = timeit.timeit(lambda v=values: distinct(v), number=runs) / runs
        print(
            f"  {n:>9,} values: np.unique {slow * 1e3:8.3f} ms, sorted {fast * 1e3:7.3f} ms "
            f"({slow / fast:4.1f}x)"
        )


if __name__ == "__main__":
    main()
