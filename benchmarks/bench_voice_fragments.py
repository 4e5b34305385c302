"""How many of the whole voice's listed lines are fragments, against hand labels.

``tifa changes all --by quarter`` lists per quarter the new lines of the whole official voice,
the most used first, then the dropped and the returning ones; a reader sees the first twenty
of each kind a quarter. Some are fragments, not formulations: a stem whose head or verb
follows (共同维护全球, 及时向世卫组织), a name cut (战书委员长).
``benchmarks/data/voice_fragment_labels.tsv`` labels such lines of the real MFA sample by
hand (F fragment, B borderline, O formulation). This builds the whole voice's families by
quarter, takes the lines of each kind in ``--kinds`` (the new ones unless told) that the text
summary shows, and prints how many are labelled F, B and O, each kind on its own, and lists
those not labelled yet (label them, then compare rounds).

    python benchmarks/bench_voice_fragments.py [--real DIR] [--limit 20] [--kinds new]
        [--show]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LABELS = ROOT / "data" / "voice_fragment_labels.tsv"
REAL = ROOT.parent.parent / "shared" / "real" / "mfa_fmprc_2020scrape"


def read_labels(path: Path = LABELS) -> dict[str, str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return {r["phrase"]: r["label"] for r in csv.DictReader(lines, delimiter="\t")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--real", default=str(REAL), help="the MFA sample's folder")
    parser.add_argument(
        "--limit", type=int, default=20, help="lines of each kind shown per quarter"
    )
    parser.add_argument(
        "--kinds", default="new", help="lists read, comma-separated: new, dropped, returning"
    )
    parser.add_argument("--show", action="store_true", help="print each fragment still shown")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    if not set(kinds) <= {"new", "dropped", "returning"}:
        parser.error(f"--kinds: {args.kinds!r} is not a list of new, dropped, returning")

    from tifa.corpus import load_corpus
    from tifa.tracking.formulations.changes import period_changes
    from tifa.tracking.formulations.families import build_families
    from tifa.tracking.formulations.summary import ranked
    from tifa.tracking.formulations.topics import WHOLE_VOICE
    from tifa.tracking.versions.events import corpus_events

    labels = read_labels()
    corpus = load_corpus([args.real], tokens=True)
    start = time.perf_counter()
    report = build_families(corpus, WHOLE_VOICE, events=corpus_events(corpus), by="quarter")
    changes = period_changes(report)
    built = time.perf_counter() - start
    for kind in kinds:
        shown = [c.member.text for s in changes for c in ranked(getattr(s, kind))[: args.limit]]
        _count(kind, list(dict.fromkeys(shown)), labels, args.limit, built, args.show)


def _count(
    kind: str, lines: list[str], labels: dict[str, str], limit: int, built: float, show: bool
) -> None:
    counts = Counter(labels.get(text, "?") for text in lines)
    print(
        f"{len(lines)} {kind} lines shown ({limit} a quarter; built in {built:.1f} s): "
        f"{counts['F']} fragments, {counts['B']} borderline, {counts['O']} formulations, "
        f"{counts['?']} not labelled"
    )
    if counts["F"] + counts["O"]:
        print(f"fragments among the labelled: {counts['F'] / (counts['F'] + counts['O']):.1%}")
    for text in lines:
        if text not in labels:
            print(f"  not labelled: {text}")
        elif show and labels[text] == "F":
            print(f"  fragment: {text}")


if __name__ == "__main__":
    main()
