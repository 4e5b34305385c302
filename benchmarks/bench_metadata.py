"""Accuracy and speed of dates, genres and speakers on the real sample (../shared/real).

Truth is ``benchmarks/data/real_truth.tsv`` (the archive's index.tsv for dates, checked
against every dated title; genres and speakers read by hand). Two runs:

* **with file names**: the folders as they are; the MFA files are named ``YYYY-MM-DD_…``
  and the congress reports ``YYYY_…``, so the file name is a clue.
* **text only**: every file copied under a neutral name (``doc0001.txt``) into a neutral
  temporary folder, so whatever tifa dates comes from the text alone.

A year is *wrong* when tifa gives one that is not the truth's; *unknown* when it gives
none. Wrong years are broken down by date status (``known``, ``weak``: anniversary only,
``disputed``). The genre confusion table is rows = truth, columns = tifa. Timing: the
whole sample parsed cold (no cache, in process, on every core as ``load_corpus`` does) and
loaded again from the cache; and the metadata inference alone, per document.

    python benchmarks/bench_metadata.py [--real PATH] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from tifa.corpus import Document, load_corpus
from tifa.corpus.heading import find_heading
from tifa.corpus.metadata import infer_metadata
from tifa.corpus.model import GENRES
from tifa.corpus.segment import boundaries

ROOT = Path(__file__).resolve().parent.parent
TRUTH = Path(__file__).resolve().parent / "data" / "real_truth.tsv"


def read_truth() -> dict[str, dict[str, str]]:
    rows = [line for line in TRUTH.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    header = rows[0].split("\t")
    return {r.split("\t")[0]: dict(zip(header, r.split("\t"), strict=True)) for r in rows[1:]}


def neutral_copy(real: Path, files: list[str], into: Path) -> dict[str, str]:
    """Copy ``files`` under neutral names; return neutral stem -> original relative path."""
    names = {}
    for n, rel in enumerate(files, 1):
        stem = f"doc{n:04d}"
        shutil.copyfile(real / rel, into / f"{stem}.txt")
        names[stem] = rel
    return names


def score(docs: dict[str, Document], truth: dict[str, dict[str, str]]) -> dict[str, object]:
    years: Counter[str] = Counter()
    wrong_by_status: Counter[str] = Counter()
    dates: Counter[str] = Counter()
    titled: Counter[str] = Counter()
    genres: Counter[tuple[str, str]] = Counter()
    speakers: Counter[str] = Counter()
    wrong_years, unknown = [], []
    for rel, want in truth.items():
        doc = docs[rel]
        meta = doc.metadata
        year = int(want["date"][:4])
        if meta.year is None:
            years["unknown"] += 1
            unknown.append(rel)
        elif meta.year == year:
            years["right"] += 1
        else:
            years["wrong"] += 1
            wrong_by_status[meta.date_status] += 1
            wrong_years.append((rel, meta.year, meta.date_status))
        if len(want["date"]) == 10:
            dates[
                "right" if meta.date == want["date"] else "unknown" if not meta.date else "wrong"
            ] += 1
        if any(c.source == "title" and c.year is not None for c in meta.clues):
            exact = meta.date == want["date"] if len(want["date"]) == 10 else meta.year == year
            titled["right" if exact else "wrong"] += 1
        genres[want["genre"], meta.genre or "-"] += 1
        if want["speaker"]:
            speakers[
                "right" if meta.speaker == want["speaker"] else "wrong" if meta.speaker else "none"
            ] += 1
        elif meta.speaker:
            speakers["named where none is"] += 1
    answers = [t for d in docs.values() for t in d.turns if t.label == "答"]
    named = sum(1 for t in answers if t.speaker != "答")
    return {
        "years": years,
        "wrong_by_status": wrong_by_status,
        "wrong_years": wrong_years,
        "unknown": unknown,
        "dates": dates,
        "titled": titled,
        "genres": genres,
        "speakers": speakers,
        "answers": (named, len(answers)),
        "status": Counter(d.metadata.date_status for d in docs.values()),
    }


def by_truth_path(real: Path, corpus_docs: tuple[Document, ...]) -> dict[str, Document]:
    return {str(Path(d.path).relative_to(real)): d for d in corpus_docs}


def report(title: str, result: dict, truth: dict[str, dict[str, str]]) -> None:
    years, dates, titled = result["years"], result["dates"], result["titled"]
    n = sum(years.values())
    print(f"\n## {title}\n")
    print(f"documents {n}")
    print(
        f"years: right {years['right']}, wrong {years['wrong']} "
        f"({dict(result['wrong_by_status']) or 'none'}), unknown {years['unknown']}"
    )
    for rel, year, status in result["wrong_years"]:
        print(f"    wrong: {rel} -> {year} ({status}); truth {truth[rel]['date']}")
    print(
        f"full dates (truth has the day: {sum(dates.values())}): right {dates['right']}, "
        f"wrong {dates['wrong']}, unknown {dates['unknown']}"
    )
    print(f"documents whose title has a year: {sum(titled.values())}, right {titled['right']}")
    print(f"date status: {dict(result['status'])}")
    for rel in result["unknown"][:12]:
        print(f"    unknown: {rel}  {truth[rel]['genre']}")
    if len(result["unknown"]) > 12:
        print(f"    … and {len(result['unknown']) - 12} more")


def genre_table(result: dict) -> None:
    genres: Counter[tuple[str, str]] = result["genres"]
    print("\n## genre (rows: truth by hand, columns: tifa)\n")
    print("| truth \\ tifa | " + " | ".join(GENRES) + " |")
    print("|---" * (len(GENRES) + 1) + "|")
    for want in GENRES:
        print(f"| {want} | " + " | ".join(str(genres[want, got]) for got in GENRES) + " |")
    right = sum(v for (a, b), v in genres.items() if a == b)
    print(f"\naccuracy {right}/{sum(genres.values())}")
    speakers = result["speakers"]
    named, answers = result["answers"]
    print(f"official speaker: {dict(speakers)}")
    print(f"'答' turns carrying the spokesperson's name: {named}/{answers}")


def timings(real: Path, runs: int) -> None:
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            os.environ["TIFA_CACHE_DIR"] = cache
            start = time.perf_counter()
            corpus = load_corpus([str(real)])
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            load_corpus([str(real)])
            warm.append(time.perf_counter() - start)
    docs = corpus.documents
    per_doc = []
    for _ in range(runs):
        start = time.perf_counter()
        for doc in docs:
            infer_metadata(doc.key, {}, display=doc.text, heading=find_heading(doc.key))
        per_doc.append((time.perf_counter() - start) / len(docs))
    bounds = []
    for _ in range(runs):
        start = time.perf_counter()
        for doc in docs:
            boundaries(doc.key)
        bounds.append((time.perf_counter() - start) / len(docs))
    print(f"\n## speed ({len(docs)} documents, medians of {runs}; load {os.getloadavg()[0]:.2f})\n")
    print(f"parse cold (no cache, all cores): {statistics.median(cold):.2f} s")
    print(f"load from the cache: {statistics.median(warm):.2f} s")
    print(
        f"metadata inference alone: {statistics.median(per_doc) * 1000:.2f} ms/document "
        f"(of which speaker labels {statistics.median(bounds) * 1000:.2f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    real = args.real.resolve()
    truth = read_truth()
    with tempfile.TemporaryDirectory() as cache:
        os.environ["TIFA_CACHE_DIR"] = cache
        named = by_truth_path(real, load_corpus([str(real)], use_cache=False).documents)
        with_names = score(named, truth)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "archive"
            folder.mkdir()
            names = neutral_copy(real, list(truth), folder)
            neutral = load_corpus([str(folder)]).documents
            text_only = score({names[Path(d.path).stem]: d for d in neutral}, truth)
    report("with file names", with_names, truth)
    report("text only (files renamed doc0001.txt …)", text_only, truth)
    genre_table(with_names)
    timings(real, args.runs)


if __name__ == "__main__":
    main()
