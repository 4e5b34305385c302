"""One formulation, one family? Fragmentation and purity against hand labels.

``benchmarks/data/formulation_labels.tsv`` holds occurrences of formulations in the real MFA
sample, each read in its sentence and labelled by hand (the file's header says how they were
drawn and what each label means). This builds the families of each labelled topic over the
sample and finds, for every labelled occurrence, the family that holds it (members cite raw
offsets; ``assign`` says how a span held by two families is counted). It prints per
formulation how many families its occurrences fall in (1 is right) and how many are in none,
and overall:

* families per formulation: mean number of families a formulation's found occurrences fall in;
* purity: of the labelled occurrences in a family, the share with the family's majority label
  (micro-averaged over families);
* B-cubed precision, recall and F1 over the found occurrences (each ``other`` occurrence is a
  class of its own: the pattern matched unrelated lines);
* coverage: the share of the formulations' occurrences (``other`` excluded) in some family.

    python benchmarks/bench_fragmentation.py [--real DIR] [--by year] [--show] [--samples F|B|P]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LABELS = ROOT / "data" / "formulation_labels.tsv"
REAL = ROOT.parent.parent / "shared" / "real" / "mfa_fmprc_2020scrape"


@dataclass(frozen=True)
class Label:
    sample: str
    formulation: str
    topic: str
    doc: str
    start: int
    end: int
    text: str

    @property
    def cls(self) -> str:
        """The class compared: ``other`` occurrences are each a class of their own."""
        if self.formulation == "other":
            return f"other:{self.doc}:{self.start}"
        return self.formulation


def read_labels(path: Path = LABELS) -> list[Label]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return [
        Label(
            r["sample"],
            r["formulation"],
            r["topic"],
            r["doc"],
            int(r["raw_start"]),
            int(r["raw_end"]),
            r["text"],
        )
        for r in csv.DictReader(lines, delimiter="\t")
    ]


def assign(labels: list[Label], reports: dict) -> dict[Label, str | None]:
    """For each labelled span, one family holding it (or None).

    A window may be a member of two families (a clause that says two formulations), so a span
    can be held by several. Per formulation, the families are taken greedily, the one holding
    most of its occurrences first (a set cover), and each occurrence goes to the first of them
    that holds it: the families a reader needs to open to see every use of the formulation.
    A family holds a span when one of its members covers at least half of it.
    """
    spans: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
    for topic, report in reports.items():
        for fam in report.families:
            for m in fam.members:
                spans[(topic, m.doc)].append((m.raw_start, m.raw_end, fam.id))
    holders: dict[Label, set[str]] = {}
    for lab in labels:
        holders[lab] = {
            fam
            for a, b, fam in spans.get((lab.topic, lab.doc), ())
            if 2 * (min(b, lab.end) - max(a, lab.start)) >= lab.end - lab.start
        }
    out: dict[Label, str | None] = {}
    for form in {lab.cls for lab in labels}:
        left = [lab for lab in labels if lab.cls == form and holders[lab]]
        for lab in labels:
            if lab.cls == form and not holders[lab]:
                out[lab] = None
        while left:
            best = Counter(f for lab in left for f in holders[lab]).most_common()
            fam = min(f for f, n in best if n == best[0][1])
            for lab in [x for x in left if fam in holders[x]]:
                out[lab] = fam
            left = [x for x in left if fam not in holders[x]]
    return out


def measure(labels: list[Label], found: dict[Label, str | None]) -> dict[str, float]:
    placed = [lab for lab in labels if found[lab] is not None]
    by_family: dict[str, list[Label]] = defaultdict(list)
    for lab in placed:
        by_family[str(found[lab])].append(lab)
    majority = sum(Counter(x.cls for x in ls).most_common(1)[0][1] for ls in by_family.values())
    forms = {lab.formulation for lab in labels if lab.formulation != "other"}
    spread = [len({found[x] for x in placed if x.formulation == f}) for f in sorted(forms)]
    precision = recall = 0.0
    for lab in placed:
        same_family = by_family[str(found[lab])]
        same_class = [x for x in placed if x.cls == lab.cls]
        both = sum(1 for x in same_family if x.cls == lab.cls)
        precision += both / len(same_family)
        recall += both / len(same_class)
    n = max(1, len(placed))
    precision, recall = precision / n, recall / n
    real = [lab for lab in labels if lab.formulation != "other"]
    return {
        "families_per_formulation": sum(spread) / max(1, len(spread)),
        "purity": majority / n,
        "bcubed_precision": precision,
        "bcubed_recall": recall,
        "bcubed_f1": 2 * precision * recall / max(1e-9, precision + recall),
        "coverage": sum(1 for lab in real if found[lab] is not None) / max(1, len(real)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--real", default=str(REAL), help="the MFA sample's folder")
    parser.add_argument("--by", default="year", choices=("year", "quarter", "month"))
    parser.add_argument("--show", action="store_true", help="print each occurrence's family")
    parser.add_argument(
        "--samples",
        default="F",
        help="which samples to measure, by the start of their name: F the six formulations' "
        "occurrences (the default), B the largest families' members, P the members of families "
        "that parted a line (the labels' header)",
    )
    args = parser.parse_args()
    if not Path(args.real).is_dir():
        raise SystemExit(f"{args.real}: not found (the real sample is needed)")
    from tifa.corpus import load_corpus
    from tifa.tracking.formulations.families import build_families
    from tifa.tracking.formulations.topics import load_topics
    from tifa.tracking.versions.events import corpus_events

    labels = [lab for lab in read_labels() if lab.sample.startswith(args.samples)]
    if not labels:
        raise SystemExit(f"no labelled sample starts with {args.samples!r}")
    corpus = load_corpus([args.real], tokens=True)
    events = corpus_events(corpus)
    topics = load_topics()
    reports = {}
    start = time.perf_counter()
    for topic in sorted({lab.topic for lab in labels}):
        reports[topic] = build_families(corpus, topics[topic], events=events, by=args.by)
    seconds = time.perf_counter() - start
    found = assign(labels, reports)
    print(f"{len(labels)} labelled occurrences, {len(reports)} topics, families in {seconds:.1f} s")
    print(f"{'formulation':<24} {'occurrences':>11} {'families':>8} {'in none':>7}  families")
    for form in sorted({lab.formulation for lab in labels}):
        mine = [lab for lab in labels if lab.formulation == form]
        fams = Counter(found[lab] for lab in mine if found[lab] is not None)
        none = sum(1 for lab in mine if found[lab] is None)
        listed = ", ".join(f"{f}×{n}" for f, n in fams.most_common(6))
        print(f"{form:<24} {len(mine):>11} {len(fams):>8} {none:>7}  {listed}")
    for name, value in measure(labels, found).items():
        print(f"  {name:<26} {value:.3f}")
    if args.show:
        for lab in labels:
            print(f"{lab.formulation:<22} {found[lab] or '-':<18} {lab.doc} {lab.text}")


if __name__ == "__main__":
    main()
