"""Families and changes at archive density: speed over a synthetic briefing archive, and
whether the truth planted in it is recovered.

``synth_briefings.briefings(N)`` writes N briefings (about 250 a year, 2,600 characters
each) with planted formulations: switches (one variant giving way to another on a known
date), an emergent line (first said on a known date) and a dropped one (last said on a known
date). The folder and tifa's cache are kept (``--folder``), so the first run parses and
tokenises once (minutes for 10,000) and later runs are warm.

Timed, warm (corpus and words from the cache, in memory; imports done; the corpus's events,
found once by ``corpus_events``, given): every built-in topic's families (``build_all``, the
topics over the cores) and their changes (``period_changes``), median of ``--runs``; and per
topic, one after another. The target is 10 s for 10,000 briefings on 2 cores. Then the
same kept by a first run (``formulations.remembered``) and given back by the next: what a
rerun over an unchanged archive costs. Checked
against the truth, for each planted formulation:

* families: how many families its uses fall in (1 is right; the families a reader needs to
  see every use, greedily), and the share of its uses in the first;
* the switch: an ``overtook`` change of that family in the switch's period (±1 period);
* the onset: a ``new`` change of that family in the onset's period (±1): of the family, or of
  the variant it is said in when it joined an older family; the drop: a final ``dropped``.

``--stages`` prints instead the CPU seconds of each stage of one topic's build (candidate
windows, wordings and their strong pairs, clustering, anchoring by key phrases, the rest),
per topic, each topic in a fresh fork as ``build_all`` builds it; with ``--in-process``, of
the nine topics built one after another in this process, the families' own stages too. (A
fork pays for the pages of the corpus it touches first, so the windows stage costs more there
than in a process that has read the corpus before.)

    python benchmarks/bench_density.py [--n 10000] [--by year] [--runs 3] [--folder DIR]
        [--profile | --stages [--in-process]]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--by", default="year", choices=("year", "quarter", "month"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", default=None, help="where the archive and cache live")
    parser.add_argument("--profile", action="store_true", help="cProfile one run")
    parser.add_argument(
        "--stages", action="store_true", help="CPU seconds of each stage, per topic, and exit"
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="with --stages: the nine topics one after another in this process, and the "
        "families' own stages",
    )
    args = parser.parse_args()
    folder = Path(args.folder or f"/tmp/tifa-density-{args.n}")
    os.environ.setdefault("TIFA_CACHE_DIR", str(folder / "cache"))
    from synth_briefings import PLANTED, briefings, write_folder

    from tifa.corpus import load_corpus
    from tifa.tracking.formulations.changes import period_changes
    from tifa.tracking.formulations.families import build_all
    from tifa.tracking.formulations.topics import load_topics
    from tifa.tracking.versions.events import corpus_events

    archive = briefings(args.n)
    docs = folder / "briefings"
    if not docs.is_dir() or len(list(docs.glob("*.txt"))) != args.n:
        write_folder(archive, docs)
    start = time.perf_counter()
    corpus = load_corpus([str(docs)], tokens=True)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    events = corpus_events(corpus)
    found = time.perf_counter() - start
    topics = list(load_topics().values())
    chars = sum(len(d.text) for d in corpus.documents)
    print(
        f"{len(corpus)} briefings, {chars:,} characters; corpus and words loaded in "
        f"{loaded:.1f} s, events found in {found:.1f} s (given to what is timed)"
    )

    if args.stages:
        if args.in_process:
            stages_in_process(corpus, topics, events, args.by)
        else:
            stages(corpus, topics, events, args.by)
        return

    def run() -> tuple:
        reports = build_all(corpus, topics, events=events, by=args.by)
        return reports, period_changes(reports)

    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx("run()", globals(), locals(), "/tmp/bench_density.prof")
        pstats.Stats("/tmp/bench_density.prof").sort_stats("cumtime").print_stats(35)
    times = []
    reports: tuple = ()
    changes = None
    for _ in range(args.runs):
        # the run before is let go first: a user's process builds once, and two runs' reports
        # held at once made the later runs 3-4 s slower (a larger process to fork and scan)
        reports, changes = (), None
        start = time.perf_counter()
        reports, changes = run()
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    print(
        f"all {len(topics)} topics' families and changes by {args.by}, computed: {seconds:.2f} s "
        f"(median of {args.runs}: {', '.join(f'{t:.2f}' for t in times)}) · load "
        f"{os.getloadavg()[0]:.1f} · {'ok' if seconds <= 10 else 'SLOW'} (target 10 s)"
    )
    remembered(corpus, topics, reports, args.by, folder / "kept", args.runs)
    for r in reports:
        start = time.perf_counter()
        from tifa.tracking.formulations.families import build_families

        build_families(corpus, r.topic, events=events, by=args.by)
        print(
            f"  {r.topic.id:<16} {r.candidates:7} windows  {len(r.families):6} families  "
            f"{time.perf_counter() - start:6.2f} s"
        )
    kinds = ("new", "dropped", "returning", "reworded", "overtook")
    print(
        "changes listed: "
        + ", ".join(f"{sum(len(getattr(s, k)) for s in changes)} {k}" for k in kinds)
    )
    check_truth(archive, corpus, {r.topic.id: r for r in reports}, changes, PLANTED)


def remembered(corpus, topics, computed, by, folder, runs) -> None:
    """The same, kept (``formulations.remembered``) by a first run and given back by the
    next ones: the events and every report from the store, then the changes. Checked
    equal to the computed reports."""
    import shutil

    from tifa.tracking.formulations.changes import period_changes
    from tifa.tracking.formulations.families import build_all
    from tifa.tracking.formulations.records import families_json
    from tifa.tracking.formulations.remembered import ReportStore

    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    build_all(corpus, topics, by=by, store=ReportStore(folder))
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        reports = build_all(corpus, topics, by=by, store=ReportStore(folder))
        period_changes(reports)
        times.append(time.perf_counter() - start)
    same = all(
        families_json([a], a.topic.id) == families_json([b], b.topic.id)
        for a, b in zip(reports, computed, strict=True)
    )
    size = sum(p.stat().st_size for p in folder.glob("*.pickle")) / 1e6
    print(
        f"  remembered: {statistics.median(times):.2f} s (median of {runs}: "
        f"{', '.join(f'{t:.2f}' for t in times)}; the first run, events found and every "
        f"report kept: {first:.2f} s; {size:.0f} MB kept) · "
        f"{'the same reports' if same else 'DIFFERENT REPORTS'}"
    )


def stages(corpus, topics, events, by) -> None:
    """Per topic, the CPU seconds (``time.process_time``) of each stage of ``build_families``,
    each topic in a fresh fork of this process, as ``build_all`` builds it: candidate windows,
    wordings and their strong pairs, clustering, anchoring by key phrases, and the rest (the
    whole build, in another fresh fork, less those)."""
    from tifa.corpus.collector import collector_paused
    from tifa.corpus.voice import OFFICIAL
    from tifa.tracking.formulations.clauses import MAX_CLAUSES, topic_candidates
    from tifa.tracking.formulations.clustering import cluster
    from tifa.tracking.formulations.families import MIN_SIMILARITY, build_families
    from tifa.tracking.formulations.keyphrases import anchor
    from tifa.tracking.formulations.similarity import Wordings
    from tifa.tracking.periods import bin_documents
    from tifa.tracking.versions.events import event_index

    def staged(topic) -> list[float]:
        of_doc = event_index(events)
        binning = bin_documents(corpus.documents, by, None)
        marks = [time.process_time()]
        candidates = topic_candidates(corpus, topic, binning, MAX_CLAUSES, OFFICIAL)
        marks.append(time.process_time())
        ev = [of_doc[c.doc].index for c in candidates]
        words = Wordings([c.match for c in candidates], MIN_SIMILARITY)
        marks.append(time.process_time())
        groups = cluster(candidates, ev, words, MIN_SIMILARITY)
        marks.append(time.process_time())
        anchor(candidates, groups, topic, words, ev)
        marks.append(time.process_time())
        return [b - a for a, b in itertools.pairwise(marks)]

    def whole(topic) -> list[float]:
        start = time.process_time()
        build_families(corpus, topic, events=events, by=by)
        return [time.process_time() - start]

    names = ("windows", "wordings", "cluster", "anchor", "rest", "total")
    print(
        f"CPU seconds per stage, each topic in a fresh fork:\n  {'topic':<16}"
        + "".join(f"{n:>9}" for n in names)
    )
    sums = [0.0] * len(names)
    for topic in topics:
        with collector_paused():  # as build_families pauses it
            parts = _in_fork(partial(staged, topic))
        total = _in_fork(partial(whole, topic))[0]
        row = [*parts, total - sum(parts), total]
        sums = [a + b for a, b in zip(sums, row, strict=True)]
        print(f"  {topic.id:<16}" + "".join(f"{x:9.2f}" for x in row))
    print(f"  {'all':<16}" + "".join(f"{x:9.2f}" for x in sums))


# the stages of ``families._build`` and of ``families._family`` timed in process, as the
# families module calls them (names it imported, so a wrapper there sees every call)
_STAGES = (
    ("windows", "topic_candidates"),
    ("wordings", "Wordings"),
    ("clustering", "cluster"),
    ("anchoring", "anchor"),
    ("merging", "_absorbed_dropped", "_subsets_dropped", "_context_kept", "_leaders_joined"),
    ("families", "_family"),
    ("  cuts", "cuts"),
    ("  variants", "group"),
    ("  changes between periods", "_changes"),
)


def stages_in_process(corpus, topics, events, by) -> None:
    """The CPU seconds (``time.process_time``) of each stage, the topics built one after
    another in this process: once to fill the caches a run fills, then timed. No fork pays
    for its first touch of the corpus here, and the caches of one topic serve the next, so
    the sum is below what ``build_all``'s processes spend; what it tells is where the work
    is. The families' own stages (each member's cut, the variants, the change between
    periods' canonical wordings) are inside ``families``."""
    import functools

    from tifa.corpus.collector import collector_paused
    from tifa.tracking.formulations import families
    from tifa.tracking.formulations.changes import period_changes

    spent = {name: 0.0 for name, *_ in _STAGES}

    def timed(name, work):
        depth = [0]

        @functools.wraps(work)
        def wrapper(*args, **kwargs):
            if depth[0]:  # a nested call is inside the outer one's time
                return work(*args, **kwargs)
            depth[0] += 1
            start = time.process_time()
            try:
                return work(*args, **kwargs)
            finally:
                depth[0] -= 1
                spent[name] += time.process_time() - start

        return wrapper

    originals = {f: getattr(families, f) for _, *names in _STAGES for f in names}
    try:
        for name, *names in _STAGES:
            for f in names:
                setattr(families, f, timed(name, originals[f]))
        with collector_paused():
            for _ in range(2):  # the first fills the caches
                spent.update(dict.fromkeys(spent, 0.0))
                start = time.process_time()
                reports = [families.build_families(corpus, t, events=events, by=by) for t in topics]
                built = time.process_time() - start
                period_changes(reports)
                total = time.process_time() - start
    finally:
        for f, work in originals.items():
            setattr(families, f, work)
    print(f"CPU seconds, the {len(topics)} topics one after another in this process (second run):")
    for name, *_ in _STAGES:
        print(f"  {name:<28}{spent[name]:7.2f}")
    rest = built - sum(spent[n] for n, *_ in _STAGES if not n.startswith(" "))
    print(f"  {'the rest of the build':<28}{rest:7.2f}")
    print(f"  {'the changes':<28}{total - built:7.2f}")
    print(f"  {'all':<28}{total:7.2f}")


def _in_fork(work):
    """``work()`` (a list of floats) computed in a fork, so that no cache of one measure
    helps the next."""
    import json

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        with os.fdopen(write, "w") as out:
            json.dump(work(), out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as got:
        result = json.load(got)
    os.waitpid(pid, 0)
    return result


def check_truth(archive, corpus, reports, changes, planted) -> None:
    """Print, per planted formulation, how the families and changes recover it."""
    from tifa.tracking.formulations.keys import match_key

    by_period = {s.period: s for s in changes}
    periods = [s.period for s in changes]
    docs = sorted(d.id for d in corpus.documents)  # the file names sort by date, then number
    print("planted truth:")
    for p in planted:
        report = reports[p.topic]
        used = {docs[k] for k, pid, _ in archive.uses if pid == p.id}
        # each variant's words after its slot, which no filler sentence says
        wordings = {match_key(v.split("{who}")[-1])[-10:] for v in p.variants}
        holders: dict[str, set[str]] = {}
        for fam in report.families:
            for m in fam.members:
                if m.doc in used and any(w in match_key(m.text) for w in wordings):
                    holders.setdefault(fam.id, set()).add(m.doc)
        cover, left = [], set(used)
        while left and holders:
            best = max(holders, key=lambda f: len(holders[f] & left))
            if not holders[best] & left:
                break
            cover.append(best)
            left -= holders[best]
        main = cover[0] if cover else None
        share = len(holders.get(main, set()) & used) / max(1, len(used)) if main else 0.0
        kind = {"switch": "overtook", "emergent": "new", "dropped": "dropped"}[p.kind]
        target = _period(p.when, periods, report.unit)
        near = periods[max(0, target - 1) : target + 2] if target is not None else []
        hit = [
            c.period
            for q in near
            for c in getattr(by_period[q], kind)
            if c.family.id == main and (kind != "dropped" or c.final)
        ]
        print(
            f"  {p.id:<22} {p.kind:<8} {len(used):5} uses in {len(cover)} families "
            f"({share:.0%} in {main}); {kind} in {periods[target] if target is not None else '?'}"
            f": {'found ' + ', '.join(hit) if hit else 'MISSED'}"
        )


def _period(day, periods, unit) -> int | None:
    key = (
        f"{day.year}"
        if unit == "year"
        else f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        if unit == "quarter"
        else f"{day.year}-{day.month:02d}"
    )
    return periods.index(key) if key in periods else None


if __name__ == "__main__":
    main()
