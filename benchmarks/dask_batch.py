"""Past one machine: tifa's heavy batch steps (jieba words, near-duplicate sketches) on Dask.

An archive of millions of news articles does not fit one machine's cores. The two batch
steps that grow with it are embarrassingly parallel per document, so they run as Dask
tasks, with Dask's scheduler (no scheduler of tifa's own):

1. **Parse and words.** Each task takes a partition of file paths and runs
   ``tifa.corpus.jobs.parse_file`` on them: the very function tifa's own worker processes
   run, returning what the index stores (summary, body, bigrams, words entry), checksummed.
   A driver can write those into the index (``corpus.sync``'s ``_store``) or anywhere else;
   here it counts them.
2. **Near-duplicate candidates.** Each task samples its partition's 8-character runs
   (``tracking.versions.containment.sample_index``, as ``tifa dupes`` does); documents that
   share samples are paired by a shuffle on the sample (``Bag.groupby``) rather than in one
   process's memory, and the pairs sharing enough samples, as a share of the smaller
   document's, are the candidates. ``tifa dupes`` then confirms candidates on the texts,
   pair by pair, which is again parallel.

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
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from tifa.corpus import cache, jobs
from tifa.corpus.sources import listing
from tifa.tracking.versions.containment import COMMON, MIN_SHARED, sample_index

PARTITION = 64  # documents per task
FLOOR = 0.25  # estimated containment of a candidate (tifa dupes: half its listing bar)


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


def samples_of(documents: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """(sampled run, path) for every distinct sampled run of a partition's documents."""
    readable = [d for d in documents if d["error"] is None]
    if not readable:
        return []
    sample, owner = sample_index([d["key"] for d in readable], workers=1)
    return [(s, readable[o]["path"]) for s, o in zip(sample.tolist(), owner.tolist(), strict=True)]


def pairs_sharing(group: tuple[int, list[tuple[int, str]]]) -> list[tuple[str, str]]:
    """The pairs of documents that share one sampled run (none for a common run: a set
    phrase in hundreds of documents pairs nothing, as in ``tifa dupes``)."""
    paths = sorted({path for _, path in group[1]})
    return list(combinations(paths, 2)) if len(paths) <= COMMON else []


def run(corpus: list[str], client: Any) -> dict[str, Any]:
    """Words and near-duplicate candidates of ``corpus`` on the cluster behind ``client``."""
    import dask.bag as db

    paths = [path for _, path, _ in listing(corpus)]
    started = time.perf_counter()
    documents = db.from_sequence(paths, partition_size=PARTITION).map_partitions(parse_partition)
    documents = documents.persist()  # parsed once, used twice below
    summary = documents.map(lambda d: (d["error"] is None, d["words"])).compute()
    samples = documents.map_partitions(samples_of).persist()
    per_document = dict(samples.pluck(1).frequencies().compute())
    shared = dict(
        samples.groupby(lambda item: item[0]).map(pairs_sharing).flatten().frequencies().compute()
    )
    candidates = [
        pair
        for pair, count in shared.items()
        if count >= MIN_SHARED and count / min(per_document[p] for p in pair) >= FLOOR
    ]
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
