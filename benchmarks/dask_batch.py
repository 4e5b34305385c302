"""Past one machine: tifa's heavy batch steps (jieba words, near-duplicate sketches) on Dask.

An archive of millions of news articles does not fit one machine's cores. The two batch
steps that grow with it are embarrassingly parallel per document, so they run as Dask
tasks, with Dask's scheduler (no scheduler of tifa's own):

1. **Parse and words.** Each task takes a partition of file paths and runs
   ``tifa.corpus.jobs.parse_file`` on them: the very function tifa's own worker processes
   run, returning what the index stores (summary, body, bigrams, words entry), checksummed.
   A driver can write those into the index (``corpus.sync``'s ``_store``) or anywhere else;
   here it counts them.
2. **Near-duplicate sketches.** Each task computes the one-permutation MinHash signatures
   of its partition (``tracking.versions.minhash.signatures``, as ``tifa dupes`` does), then
   emits one key per LSH band; documents that share a band key are candidate pairs, found
   by a shuffle (``Bag.groupby``) rather than in one process's memory. Candidates are then
   confirmed on the texts by ``tifa dupes``'s own measures, pair by pair, which is again
   parallel.

The same code runs on a local cluster (the default: ``LocalCluster`` with one worker per
core) or on a real one: ``--scheduler tcp://host:8786`` points the client at a running
``dask scheduler`` whose workers have tifa installed and see the files (a shared folder,
or paths on object storage readable by ``Path.read_bytes``' equivalent).

    pip install -e '.[dask]'
    python benchmarks/dask_batch.py --corpus ../shared/real
    python benchmarks/dask_batch.py --corpus /data/archive --scheduler tcp://host:8786
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import Any

import numpy as np

from tifa.corpus import cache, jobs
from tifa.corpus.sources import listing
from tifa.tracking.versions import minhash
from tifa.tracking.versions.dupes import LSH_ROWS, SHINGLE

PARTITION = 64  # documents per task


def parse_partition(paths: Iterable[str]) -> list[dict[str, Any]]:
    """Parse a partition of files with their words, as tifa's worker processes do."""
    found = []
    for path in paths:
        parsed = jobs.parse_file((path, path.rsplit("/", 1)[-1].rsplit(".", 1)[0], True))
        found.append(
            {
                "path": path,
                "sha256": parsed.sha256,
                "error": parsed.error,
                "key": cache.decode_key(parsed.body.key, parsed.sha256 or "")
                if parsed.body
                else "",
                "words": len(parsed.words or b""),
            }
        )
    return found


def band_keys(documents: list[dict[str, Any]]) -> Iterator[tuple[tuple[int, int], str]]:
    """((band, band hash), path) for every LSH band of every document of a partition."""
    readable = [d for d in documents if d["error"] is None]
    if not readable:
        return
    sig, _ = minhash.signatures([d["key"] for d in readable], SHINGLE, workers=1)
    for band in range(sig.shape[1] // LSH_ROWS):
        rows = sig[:, band * LSH_ROWS : (band + 1) * LSH_ROWS]
        hashes = [hash(row.tobytes()) for row in np.ascontiguousarray(rows)]
        for doc, value in zip(readable, hashes, strict=True):
            yield (band, value), doc["path"]


def pairs_of(group: tuple[tuple[int, int], list[str]]) -> list[tuple[str, str]]:
    return list(combinations(sorted(set(group[1])), 2))


def run(corpus: list[str], client: Any) -> dict[str, Any]:
    """Words and near-duplicate candidates of ``corpus`` on the cluster behind ``client``."""
    import dask.bag as db

    paths = [path for _, path, _ in listing(corpus)]
    started = time.perf_counter()
    documents = db.from_sequence(paths, partition_size=PARTITION).map_partitions(parse_partition)
    documents = documents.persist()  # parsed once, used twice below
    summary = documents.map(lambda d: (d["error"] is None, d["words"])).compute()
    candidates = (
        documents.map_partitions(lambda part: list(band_keys(list(part))))
        .groupby(lambda item: item[0])
        .map(lambda group: pairs_of((group[0], [path for _, path in group[1]])))
        .flatten()
        .distinct()
        .compute()
    )
    return {
        "documents": len(paths),
        "readable": sum(ok for ok, _ in summary),
        "words_entry_bytes": sum(n for _, n in summary),
        "candidate_pairs": sorted(candidates),
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    from dask.distributed import Client, LocalCluster

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", required=True, metavar="PATH")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    parser.add_argument("--workers", type=int, default=None, help="local workers (default: cores)")
    args = parser.parse_args()
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        client = Client(LocalCluster(n_workers=args.workers, threads_per_worker=1))
    with client:
        result = run(args.corpus, client)
    print(
        f"{result['documents']} documents ({result['readable']} readable), "
        f"{result['words_entry_bytes']:,} bytes of words entries, "
        f"{len(result['candidate_pairs'])} near-duplicate candidate pairs "
        f"in {result['seconds']:.1f} s on {client.scheduler.address}"
    )


if __name__ == "__main__":
    main()
