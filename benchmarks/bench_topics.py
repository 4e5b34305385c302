"""How precise is a topic's matching on long documents: hand labels against the real sample.

``benchmarks/data/topic_labels.tsv`` holds sentences of ``../shared/real`` that a topic
matched (most of them the Taiwan topic's), each read by hand (relevant or not). For the
built-in lexicon (and, with ``--before FILE``, another topics file, such as the lexicon
before weak terms: ``git show 95ecf0e:tracking/data/topics.toml > /tmp/old.toml``) this
prints, per folder of the sample and per labelled topic: how many sentences of the official
voice the topic matches, the precision among the labelled sentences it matches, the share
of the labelled relevant ones it still matches, and how long matching the whole folder
takes.

    python benchmarks/bench_topics.py [--before FILE] [--real DIR]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import time
from bisect import bisect_right
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LABELS = ROOT / "data" / "topic_labels.tsv"
REAL = ROOT.parent.parent / "shared" / "real"


def matched(corpus, topic) -> set[tuple[str, int]]:
    """(document, sentence index) of every official-voice sentence holding a hit."""
    from tifa.corpus.voice import voice_turns

    found = set()
    for doc in corpus.documents:
        voice = {t.index for t in voice_turns(doc)}
        starts = [s.start for s in doc.sentences]
        for a, b in topic.hits(doc.key):
            n = bisect_right(starts, a) - 1
            if doc.sentences[n].turn in voice and b <= doc.sentences[n].end:
                found.add((doc.id, n))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", help="another topics file to compare (same topic ids)")
    parser.add_argument("--real", default=str(REAL), help="the real sample's folder")
    args = parser.parse_args()
    from tifa.corpus import load_corpus
    from tifa.tracking.formulations.topics import load_topics, parse_topics

    rows = list(csv.DictReader(_lines(LABELS), delimiter="\t"))
    lexicons = {"built-in": load_topics()}
    if args.before:
        before = Path(args.before).read_text(encoding="utf-8")
        lexicons = {"before": parse_topics(before, "before", {}), **lexicons}
    for folder in sorted(p for p in Path(args.real).iterdir() if p.is_dir()):
        corpus = load_corpus([str(folder)])
        docs = {d.id: d for d in corpus.documents}
        mine = [r for r in rows if r["doc"] in docs and _same(docs[r["doc"]], r)]
        if not mine:
            continue
        drift = sum(1 for r in rows if r["doc"] in docs) - len(mine)
        print(
            f"{folder.name}: {len(corpus)} documents"
            + (f" ({drift} labelled sentences no longer parse the same: left out)" if drift else "")
        )
        for topic in sorted({r["topic"] for r in mine}):
            ours = [r for r in mine if r["topic"] == topic]
            samples = sorted({s for r in ours for s in r["sample"].split()})
            for name, topics in lexicons.items():
                _measure(corpus, topics[topic], f"{topic}, {name}", samples, ours)


def _measure(corpus, topic, name: str, samples: list[str], mine: list[dict[str, str]]) -> None:
    """Print how many sentences ``topic`` matches, and its precision and recall on each
    labelled sample."""
    start = time.perf_counter()
    hits = matched(corpus, topic)
    ms = (time.perf_counter() - start) * 1000
    print(f"  {name}: {len(hits)} sentences matched ({ms:.0f} ms)")
    for sample in samples:
        labelled = [r for r in mine if sample in r["sample"].split()]
        judged = [r for r in labelled if (r["doc"], int(r["sentence"])) in hits]
        good = sum(r["relevant"] == "1" for r in judged)
        relevant = sum(r["relevant"] == "1" for r in labelled)
        share = good / max(1, len(judged))
        print(
            f"    sample {sample:<13} ({len(labelled):2}): precision {good}/{len(judged)}"
            f" = {share:4.0%}, relevant still matched {good}/{relevant}"
        )


def _same(doc, row: dict[str, str]) -> bool:
    text = doc.sentences[int(row["sentence"])].text
    return hashlib.sha1(text.encode()).hexdigest()[:10] == row["sha1"]


def _lines(path: Path) -> list[str]:
    return [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]


if __name__ == "__main__":
    main()
