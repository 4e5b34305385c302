"""Document relations on a synthetic archive with known truth, a crowd of overlapping
excerpts, and the candidate stage against datasketch.

    python benchmarks/bench_dupes.py [--n 10000] [--seed 0] [--crowd 3000] [--datasketch-n 1000]

1. **Relations.** ``benchmarks/synth_statements.py`` makes ``--n`` documents (70 % press
   conferences with versions and sequels, 30 % statement families with excerpts in briefings,
   reissues, template fills and partial quotes) with the true relation of every pair. The
   engine runs on their texts (no parsing: ``tracking.versions.dupes.find_pairs``, then
   ``relations.classify`` with the generated dates); the script reports time, peak memory
   (tracemalloc over a second run, and the process's maximum resident set) and precision
   and recall per relation.
2. **Crowd** (issue #12): ``--crowd`` excerpts of 1,000-6,000 characters cut at random from
   one 60,000-character text, all overlapping one another. Reports how many pairs share
   enough to be candidates without the partner cap, and what the capped run lists, in what
   time.
3. **datasketch** (``pip install -e '.[bench]'``), on an archive of ``--datasketch-n`` documents:
   MinHash LSH at the candidate Jaccard that versions need (what tifa used before) and LSH
   Ensemble at the containment excerpts need, each confirmed by tifa, against the inverted
   index: time and recall per relation.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import _pools, generate
from benchmarks.synth_statements import RelationCorpus, generate_relations
from tifa.corpus import Document, Metadata
from tifa.tracking.versions import containment, dupes, relations, shingles

NUM_PERM = 128


def stand_in(doc_id: str, date: str | None, text: str) -> Document:
    """A document of ``text`` alone, dated ``date``: what ``relations.classify`` reads (its
    id, dates, and for a pair of the same text its displayed text), with no turns."""
    return Document(
        id=doc_id,
        path="",
        sha256="",
        encoding="utf-8",
        script="simplified",
        raw=text,
        text=text,
        key=text,
        offsets=array("i"),
        turns=(),
        sentences=(),
        clauses=(),
        metadata=Metadata(year=int(date[:4]) if date else None, date=date),
        repairs={},
    )


def stand_ins(corpus: RelationCorpus) -> list[Document]:
    return [
        stand_in(str(i), d, t)
        for i, (d, t) in enumerate(zip(corpus.dates, corpus.texts, strict=True))
    ]


def run(
    texts: Sequence[str], docs: Sequence[Document], **options: int
) -> dict[tuple[int, int], str]:
    search = dupes.find_pairs(texts, **options)
    return {(s.a, s.b): relations.classify(s, docs[s.a], docs[s.b]).relation for s in search.pairs}


def quality(found: dict[tuple[int, int], str], truth: dict[tuple[int, int], str]) -> list[str]:
    lines = []
    for r in relations.RELATIONS:
        got = {p for p, x in found.items() if x == r}
        true = {p for p, x in truth.items() if x == r}
        hits = len(got & true)
        precision = hits / len(got) if got else 1.0
        recall = hits / len(true) if true else 1.0
        lines.append(
            f"  {r:16} true {len(true):6,}  found {len(got):6,}  "
            f"precision {precision:.4f}  recall {recall:.4f}"
        )
    return lines


def timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = work()
    return time.perf_counter() - start, out


def traced_peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def relations_section(n: int, seed: int) -> None:
    seconds, synthetic = timed(lambda: generate_relations(n, seed))
    assert isinstance(synthetic, RelationCorpus)
    texts, docs = synthetic.texts, stand_ins(synthetic)
    print(
        f"synthetic archive: {n:,} documents, {synthetic.chars:,} characters, "
        f"{len(synthetic.relations):,} related pairs; generated in {seconds:.1f} s"
    )
    candidates_s, found = timed(lambda: containment.candidates(texts, 0.25))
    assert isinstance(found, containment.Candidates)
    seconds, pairs = timed(lambda: run(texts, docs))
    assert isinstance(pairs, dict)
    peak = traced_peak(lambda: run(texts, docs))
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"  detection and relations: {seconds:.2f} s (candidates alone {candidates_s:.2f} s)")
    print(f"  candidate pairs {len(found.first):,}, crowded documents {len(found.crowded):,}")
    print(f"  peak traced memory {peak / 2**20:.0f} MB, process max RSS {maxrss / 2**20:.0f} MB")
    print("\n".join(quality(pairs, synthetic.relations)))


def crowd_texts(n: int, seed: int) -> list[str]:
    """``n`` slices of 1,000-6,000 characters of one ~60,000-character text."""
    source = "".join(generate(9, seed).texts)
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1000, 6000, size=n)
    starts = rng.integers(0, len(source) - lengths)
    return [source[s : s + ln] for s, ln in zip(starts, lengths, strict=True)]


def crowd_section(n: int, seed: int) -> None:
    texts = crowd_texts(n, seed)
    docs = [stand_in(str(i), None, t) for i, t in enumerate(texts)]
    floor = dupes.CANDIDATE_FACTOR * dupes.DEFAULT_MIN_SHARED
    seconds, uncapped = timed(lambda: containment.candidates(texts, floor, max_partners=0))
    assert isinstance(uncapped, containment.Candidates)
    print(f"\ncrowd: {n:,} overlapping excerpts of one text")
    print(f"  candidate pairs without a cap: {len(uncapped.first):,} ({seconds:.2f} s)")
    seconds, pairs = timed(lambda: run(texts, docs))
    assert isinstance(pairs, dict)
    listed = relations.groups(
        [_pair(a, b, r) for (a, b), r in pairs.items()], frozenset(), [d.id for d in docs]
    )
    print(
        f"  listed with --max-partners {containment.MAX_PARTNERS}: {len(pairs):,} pairs in "
        f"{seconds:.2f} s, {len(listed)} group(s), the largest of "
        f"{len(listed[0].documents) if listed else 0:,} documents"
    )


def _pair(a: int, b: int, relation: str) -> relations.RelatedPair:
    return relations.RelatedPair(str(a), str(b), relation, 0, 0, 0, None, None, "")  # type: ignore[arg-type]


def datasketch_section(m: int, seed: int) -> None:
    """Candidates from datasketch's MinHash LSH and LSH Ensemble, confirmed by tifa, against
    tifa's index, on an archive of ``m`` documents of the same mix."""
    try:
        from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble
    except ImportError:
        print("\ndatasketch is not installed (pip install -e '.[bench]'): comparison skipped")
        return
    synthetic = generate_relations(m, seed)
    texts = synthetic.texts
    docs = stand_ins(synthetic)
    truth = synthetic.relations
    start = time.perf_counter()
    sketches, sizes = [], []
    for text in texts:
        letters = shingles.content(text).tobytes().decode("utf-32-le")
        grams = {letters[i : i + 8].encode() for i in range(len(letters) - 7)}
        sketch = MinHash(num_perm=NUM_PERM)
        sketch.update_batch(list(grams))
        sketches.append(sketch)
        sizes.append(max(1, len(grams)))
    sketch_s = time.perf_counter() - start

    def confirmed(candidates: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
        first, second = zip(*sorted(candidates), strict=True) if candidates else ((), ())
        scores = dupes.confirm(texts, first, second)
        return {(s.a, s.b): relations.classify(s, docs[s.a], docs[s.b]).relation for s in scores}

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.2, num_perm=NUM_PERM)
    for i, sketch in enumerate(sketches):
        lsh.insert(i, sketch)
    jaccard = {
        (min(i, j), max(i, j)) for i, s in enumerate(sketches) for j in lsh.query(s) if i != j
    }
    lsh_s = time.perf_counter() - start
    start = time.perf_counter()
    ensemble = MinHashLSHEnsemble(threshold=0.4, num_perm=NUM_PERM, num_part=16)
    ensemble.index([(i, s, sizes[i]) for i, s in enumerate(sketches)])
    contained = {
        (min(i, j), max(i, j))
        for i, s in enumerate(sketches)
        for j in ensemble.query(s, sizes[i])
        if i != j
    }
    ensemble_s = time.perf_counter() - start
    ours_s, ours = timed(lambda: run(texts, docs))
    assert isinstance(ours, dict)
    print(f"\nan archive of {m:,} documents ({len(truth):,} related pairs):")
    print(f"  tifa's index, candidates to relations: {ours_s:.2f} s")
    print("\n".join(quality(ours, truth)))
    print(f"  datasketch MinHash (8-grams, {NUM_PERM} permutations): {sketch_s:.2f} s")
    print(f"  + MinHashLSH at Jaccard 0.2: {lsh_s:.2f} s, {len(jaccard):,} candidates")
    print("\n".join(quality(confirmed(jaccard), truth)))
    print(f"  + LSH Ensemble at containment 0.4: {ensemble_s:.2f} s, {len(contained):,} candidates")
    print("\n".join(quality(confirmed(contained), truth)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--crowd", type=int, default=3000, help="overlapping excerpts (0: skip)")
    parser.add_argument(
        "--datasketch-n", type=int, default=1000, help="documents for datasketch (0: skip)"
    )
    args = parser.parse_args()
    _pools(None)  # load the seeds before timing anything
    relations_section(args.n, args.seed)
    if args.crowd:
        crowd_section(args.crowd, args.seed)
    if args.datasketch_n:
        datasketch_section(args.datasketch_n, args.seed)


if __name__ == "__main__":
    main()
