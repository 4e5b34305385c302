"""Time fuzzy search where it used to run for minutes: a long phrase over a huge line.

A file extracted without its sentence ends (or a pasted-together archive) is one run of
millions of characters, which tifa cuts into sentences of at most ``segment.MAX_SENTENCE``;
users paste whole paragraphs as phrases. The text here is synthetic
transcripts (``synth.py``) joined with their 。！？ turned into ，, ~5 MB of UTF-8 in one line;
the phrases are cut from it (10, 40, 100 and 400 characters), each searched at several
thresholds. Reported: the median of ``--runs`` calls of ``find_occurrences`` with the
document parsed, and the occurrences found. Before long runs were cut and the span
refinement made linear, the 400-character phrase at 30 took over 5 minutes on ~5 MB.

    python benchmarks/bench_fuzzy.py [--mb 5] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from synth import generate

PHRASES = (10, 40, 100, 400)
THRESHOLDS = (90, 70, 50, 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0, help="size of the one-line text")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from tifa.corpus import Corpus
    from tifa.corpus.parse import parse_text
    from tifa.tracking.exports import pad
    from tifa.tracking.phrases.kwic import find_occurrences

    chars = int(args.mb * 1e6 / 3)  # CJK: three bytes a character in UTF-8
    texts, size, n = [], 0, 0
    while size < chars:
        batch = generate(50, seed=n).texts
        texts += batch
        size += sum(len(t) for t in batch)
        n += 1
    line = "".join("".join(texts).split())[:chars]
    line = line.replace("。", "，").replace("！", "，").replace("？", "，")
    start = time.perf_counter()
    doc = parse_text(
        "王毅：" + line, doc_id="one-line", path="one-line", encoding="utf-8", sha256="0"
    )
    corpus = Corpus((doc,))
    print(
        f"one line of {len(line):,} characters ({len(line.encode()) / 1e6:.1f} MB), "
        f"{len(doc.sentences)} sentence(s), parsed in {time.perf_counter() - start:.1f} s "
        f"(python {sys.version.split()[0]}, {os.cpu_count()} cores)"
    )
    print(f"\n{'phrase':16} {'fuzzy':>5} {'median':>9} {'found':>6}")
    middle = len(doc.key) // 2
    for length in PHRASES:
        phrase = doc.key[middle : middle + length]
        for threshold in THRESHOLDS:
            times, found = [], 0
            for _ in range(args.runs):
                begin = time.perf_counter()
                found = len(find_occurrences(corpus, [phrase], fuzzy=threshold))
                times.append(time.perf_counter() - begin)
            label = f"{length} characters"
            print(f"{pad(label, 16)} {threshold:5} {statistics.median(times):8.2f}s {found:6}")


if __name__ == "__main__":
    main()
