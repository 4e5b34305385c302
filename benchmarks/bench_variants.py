"""How readable a dense archive's families and changes are, and how long they take: on the
1,000 Foreign Ministry pages of the real sample (``../shared/real/mfa_fmprc_2020scrape``).

Per topic (and ``all``, the whole official voice): the families said in at least ``--uses``
events, their variants per family, uses per variant, the share of a family's variant uses
in its three most used variants and in the chart's "other wordings" (``shares.TOP`` series
shown), the three most used families, and per period the changes of each kind (as listed in
JSON, and after the summaries' folding of nested whole-voice phrases). Times are of one warm
build (corpus and words from the cache) and of ``period_changes``; report them with the
machine's load.

    python benchmarks/bench_variants.py [--topics taiwan,us,all] [--by year|quarter|month]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "real" / "mfa_fmprc_2020scrape"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--topics", default="taiwan,bri,us,peninsula,all")
    parser.add_argument("--by", default="year", choices=("year", "quarter", "month"))
    parser.add_argument("--uses", type=int, default=10, help="families said at least this often")
    parser.add_argument("--corpus", default=str(SAMPLE))
    args = parser.parse_args()

    from tifa.corpus import open_catalogue
    from tifa.tracking.formulations.changes import KINDS, period_changes
    from tifa.tracking.formulations.families import build_families
    from tifa.tracking.formulations.shares import OTHER, shares
    from tifa.tracking.formulations.summary import ranked
    from tifa.tracking.formulations.topics import load_topics, resolve_topic

    catalogue = open_catalogue((args.corpus,), use_cache=True, words=True)
    corpus = catalogue.corpus(words=True)
    print(f"{len(corpus.documents)} documents · load average {os.getloadavg()[0]:.1f}")
    for name in args.topics.split(","):
        start = time.perf_counter()
        report = build_families(corpus, resolve_topic(name, load_topics(None)), by=args.by)
        built = time.perf_counter()
        changes = period_changes(report)
        done = time.perf_counter()
        print(
            f"\n{name} by {args.by}: {len(report.families)} families · families "
            f"{built - start:.2f} s, changes {done - built:.2f} s"
        )
        used = [f for f in report.families if f.uses >= args.uses]
        if used:
            top3, other = [], []
            for f in used:
                total = sum(v.uses for v in f.variants)
                top3.append(sum(v.uses for v in f.variants[:3]) / total)
                chart = shares(f, report.periods)
                rest = [sum(s.uses) for s in chart.series if s.name == OTHER]
                other.append(rest[0] / sum(chart.totals) if rest else 0.0)
            per_family = [len(f.variants) for f in used]
            print(
                f"  {len(used)} families with {args.uses}+ uses: variants per family median "
                f"{statistics.median(per_family)} (mean {statistics.mean(per_family):.1f}), "
                f"uses per variant median "
                f"{statistics.median(f.uses / len(f.variants) for f in used):.2f}, "
                f"top-3 share median {statistics.median(top3):.2f}, "
                f"'other wordings' median {statistics.median(other):.2f} "
                f"(mean {statistics.mean(other):.2f})"
            )
        for f in sorted(report.families, key=lambda f: -f.uses)[:3]:
            print(f"  {f.id}  {f.label}  {f.uses} uses, {len(f.variants)} variants")
        for s in changes:
            listed = " ".join(f"{k} {len(getattr(s, k))}" for k in KINDS)
            folded = " ".join(f"{k} {len(ranked(getattr(s, k)))}" for k in KINDS)
            print(f"  {s.period:<8} {s.events:>4} events  {listed}  (shown: {folded})")


if __name__ == "__main__":
    main()
