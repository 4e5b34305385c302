"""A synthetic corpus of press-conference transcripts with known version pairs.

Built from the bundled seeds' matching keys (loaded once), deterministically from a seed,
with numpy over sentence and clause tables so that 10,000 documents (~70M characters) take
seconds. Three kinds of document, in the proportions of ``Mix``:

* **events**: distinct press conferences. Most sentences are new: two to four clauses drawn
  from the seeds' clause pool, joined, with 20 % of the characters replaced by characters
  drawn from the seeds' own character frequencies, so that two events share common words
  and set phrases as real transcripts do but not whole sentences. The rest (15 %) are seed
  sentences kept verbatim: greetings, thanks, 人类命运共同体-style formulations that every
  conference repeats.
* **sequels** (the hard negatives): events that reuse 10-35 % of an earlier event's
  sentences in the same order, as a later year's conference repeats the previous year's
  formulations. They share passages; they are not versions.
* **versions**: derived from an event (an edited report: 0-25 % of the sentences dropped,
  in whole runs as questions are dropped and singly) or from such a version (a reprint:
  0-10 % dropped; chains stop there), with a dateline added, 0-8 % new sentences inserted, a
  run of sentences moved and neighbours swapped, and 0.1-1 % of the characters edited
  (substituted, deleted, inserted: typos, OCR slips, editorial words). A few are verbatim
  copies. Every pair of documents derived from the same event is a true version pair.

``SyntheticCorpus.truth`` holds those pairs as index pairs ``(i, j)`` with ``i < j``.
``write_folder`` writes the texts as ``.txt`` files with a ``manifest.toml`` of years, for
benchmarks of the loader, timelines or the CLI.

``monologues`` makes long one-voice documents instead (a work report a year: a title, the
delivery line, then paragraphs), mostly sequels that carry earlier reports' formulations
forward, for the families of monologue archives.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

TARGET_CHARS = 7000
SEED_SENTENCE_SHARE = 0.15
MUTATION_RATE = 0.20
DROPPED = (0.25, 0.10)  # most sentences dropped from an event, from a version of one
STOCK = 50_000  # new sentences made per numpy batch
FULL_STOP, COMMA, NEWLINE = ord("。"), ord("，"), ord("\n")


@dataclass(frozen=True)
class Mix:
    """Shares of the documents by kind (events are the rest)."""

    versions: float = 0.25
    sequels: float = 0.20
    copies: float = 0.01


@dataclass(frozen=True)
class SyntheticCorpus:
    texts: tuple[str, ...]
    years: tuple[int, ...]
    kinds: tuple[str, ...]  # "event", "sequel", "version" or "copy"
    truth: frozenset[tuple[int, int]]

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.texts)


@dataclass(frozen=True)
class _Pools:
    seed_cp: np.ndarray  # seed sentences, concatenated code points (uint16)
    seed_off: np.ndarray
    seed_len: np.ndarray
    clause_cp: np.ndarray  # seed clauses, concatenated
    clause_off: np.ndarray
    clause_len: np.ndarray
    chars: np.ndarray  # every ideograph of the seeds' keys: sampling by frequency

    def mean_sentence(self) -> float:
        novel = 3 * (float(self.clause_len.mean()) + 1)
        seed = float(self.seed_len.mean())
        return SEED_SENTENCE_SHARE * seed + (1 - SEED_SENTENCE_SHARE) * novel


def _as_cp(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-16-le"), dtype=np.uint16)


def _table(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lengths = np.array([len(s) for s in strings], dtype=np.int64)
    return _as_cp("".join(strings)), np.cumsum(lengths) - lengths, lengths


def _pools(keys: Sequence[str] | None) -> _Pools:
    """Sentence and clause tables from the seeds (the bundled corpus when ``keys`` is None)."""
    if keys is None:
        from tifa.corpus import load_corpus

        docs = load_corpus().documents
        sentences = [d.key[s.start : s.end] for d in docs for s in d.sentences]
        clauses = [d.key[c.start : c.end] for d in docs for c in d.clauses]
        keys = [d.key for d in docs]
    else:
        sentences = [s for k in keys for s in k.replace("。", "。\n").split("\n")]
        clauses = [c for s in sentences for c in s.replace("，", "。").split("。")]
    chars = _as_cp("".join(keys))
    return _Pools(
        *_table([s for s in sentences if len(s) >= 4]),
        *_table([c for c in clauses if 2 <= len(c) <= 40]),
        chars[chars >= 0x4E00],
    )  # ideographs only: mutations stay Chinese


def _gather(cp: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenation of ``cp[s:s+l]`` for every (s, l), without a Python loop."""
    total = int(lengths.sum())
    run_starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return cp[np.repeat(starts, lengths) + np.arange(total) - run_starts]


@dataclass(frozen=True)
class _Doc:
    """A document under construction: code points and sentence boundaries."""

    cp: np.ndarray
    bounds: np.ndarray  # sentence i is cp[bounds[i]:bounds[i+1]]

    @property
    def sentences(self) -> int:
        return len(self.bounds) - 1

    def slice(self, first: int, last: int) -> _Doc:
        """Sentences ``first``..``last`` (exclusive), sharing memory with this document."""
        b = self.bounds
        return _Doc(self.cp[b[first] : b[last]], b[first : last + 1] - b[first])


def _compose(sources: Sequence[_Doc], source: np.ndarray, index: np.ndarray) -> _Doc:
    """A document whose i-th sentence is sentence ``index[i]`` of ``sources[source[i]]``."""
    shift = np.cumsum([0] + [len(s.cp) for s in sources[:-1]])
    base = np.cumsum([0] + [s.sentences for s in sources[:-1]])
    starts = np.concatenate([s.bounds[:-1] + shift[k] for k, s in enumerate(sources)])
    lengths = np.concatenate([np.diff(s.bounds) for s in sources])
    ids = base[source] + index
    cp = _gather(np.concatenate([s.cp for s in sources]), starts[ids], lengths[ids])
    return _Doc(cp, np.concatenate(([0], np.cumsum(lengths[ids]))))


class _Generator:
    def __init__(self, pools: _Pools, rng: np.random.Generator, chars: int = TARGET_CHARS) -> None:
        self.pools = pools
        self.rng = rng
        self.seeds = _Doc(pools.seed_cp, np.append(pools.seed_off, len(pools.seed_cp)))
        self.per_doc = chars / pools.mean_sentence()
        self.stock = _Doc(np.zeros(0, np.uint16), np.zeros(1, np.int64))
        self.used = 0

    def take(self, count: int) -> _Doc:
        """``count`` new sentences from a stock made in large batches (numpy calls are
        costly per call, cheap per element)."""
        if self.used + count > self.stock.sentences:
            self.stock, self.used = self.novel(max(count, STOCK)), 0
        self.used += count
        return self.stock.slice(self.used - count, self.used)

    def novel(self, count: int) -> _Doc:
        """``count`` new sentences: 2-4 clauses from the pool, joined, then mutated."""
        p, rng = self.pools, self.rng
        n_clauses = rng.integers(2, 5, size=count)
        ids = rng.integers(0, len(p.clause_len), size=int(n_clauses.sum()))
        lengths = p.clause_len[ids]
        body = _gather(p.clause_cp, p.clause_off[ids], lengths).copy()
        mutate = rng.random(len(body)) < MUTATION_RATE
        body[mutate] = p.chars[rng.integers(0, len(p.chars), size=int(mutate.sum()))]
        # Each clause is followed by a comma, each sentence's last one by a full stop.
        marks = np.full(len(ids), COMMA, dtype=np.uint16)
        last = np.cumsum(n_clauses) - 1
        marks[last] = FULL_STOP
        ends = np.cumsum(lengths)
        text = np.insert(body, ends, marks)
        return _Doc(text, np.concatenate(([0], ends[last] + last + 1)))

    def event(self, reuse: _Doc | None = None, keep: np.ndarray | None = None) -> _Doc:
        """A new event, ~``chars`` long; sentences ``keep`` of ``reuse`` kept in order."""
        rng = self.rng
        count = int(self.per_doc * rng.uniform(0.85, 1.15))
        verbatim = rng.random(count) < SEED_SENTENCE_SHARE
        fresh = self.take(count)
        source = np.where(verbatim, 0, 1)
        index = np.where(
            verbatim, rng.integers(0, self.seeds.sentences, size=count), np.arange(count)
        )
        sources = [self.seeds, fresh]
        if reuse is not None and keep is not None and len(keep):
            slots = np.sort(rng.choice(count, size=min(len(keep), count), replace=False))
            source[slots], index[slots] = 2, keep[: len(slots)]
            sources.append(reuse)
        return _compose(sources, source, index)

    def sequel(self, source: _Doc) -> _Doc:
        share = self.rng.uniform(0.10, 0.35)
        keep = np.sort(
            self.rng.choice(source.sentences, size=int(share * source.sentences), replace=False)
        )
        return self.event(source, keep)

    def version(self, source: _Doc, most_dropped: float) -> _Doc:
        rng = self.rng
        n = source.sentences
        # Drop runs of 1-8 sentences (questions, single sentences), up to ``most_dropped``.
        lengths = rng.integers(1, 9, size=n // 4 + 1)
        runs = int(np.searchsorted(np.cumsum(lengths), rng.uniform(0.0, most_dropped) * n)) + 1
        starts = rng.integers(0, n, size=runs)
        change = np.zeros(n + 9, dtype=np.int64)
        np.add.at(change, starts, 1)
        np.add.at(change, starts + lengths[:runs], -1)
        order = np.flatnonzero(np.cumsum(change)[:n] == 0)
        if len(order) > 12 and rng.random() < 0.5:  # move a run of six elsewhere
            start = int(rng.integers(0, len(order) - 8))
            run, rest = order[start : start + 6], np.delete(order, np.s_[start : start + 6])
            order = np.insert(rest, int(rng.integers(0, len(rest))), run)
        for i in rng.integers(0, len(order) - 1, size=int(rng.integers(0, 3))):
            order[[i, i + 1]] = order[[i + 1, i]]  # swap neighbours
        added = int(rng.uniform(0.0, 0.08) * len(order))
        fresh = self.take(added + 1)  # the first new sentence is a dateline
        source_ix = np.concatenate(([1], np.zeros(len(order), np.int64)))
        index = np.concatenate(([0], order))
        at = np.sort(rng.integers(1, len(index) + 1, size=added))
        source_ix = np.insert(source_ix, at, 1)
        index = np.insert(index, at, np.arange(1, added + 1))
        doc = _compose([source, fresh], source_ix, index)
        return self.edit(doc, rng.uniform(0.001, 0.01))

    def edit(self, doc: _Doc, rate: float) -> _Doc:
        """Substitute, delete and insert ``rate`` of the characters (at least one edit)."""
        rng, chars = self.rng, self.pools.chars
        count = max(1, int(rate * len(doc.cp)))
        where = rng.choice(len(doc.cp), size=count, replace=False)
        kind = rng.integers(0, 3, size=count)
        cp = doc.cp.copy()
        cp[where[kind == 0]] = chars[rng.integers(0, len(chars), size=int((kind == 0).sum()))]
        inserts, deletes = np.sort(where[kind == 2]), np.sort(where[kind == 1])
        bounds = (
            doc.bounds
            + np.searchsorted(inserts, doc.bounds, side="right")
            - np.searchsorted(deletes, doc.bounds)
        )
        cp = np.insert(cp, inserts, chars[rng.integers(0, len(chars), size=len(inserts))])
        cp = np.delete(cp, deletes + np.searchsorted(inserts, deletes, side="right"))
        return _Doc(cp, bounds)


def _text(doc: _Doc, rng: np.random.Generator) -> str:
    """The document as text, with a paragraph break after every 3-8 sentences."""
    n = len(doc.bounds) - 1
    breaks = np.cumsum(rng.integers(3, 9, size=n // 3 + 1))
    breaks = doc.bounds[breaks[breaks < n]]
    return np.insert(doc.cp, breaks, NEWLINE).tobytes().decode("utf-16-le")


def generate(
    n: int,
    seed: int = 0,
    *,
    mix: Mix | None = None,
    keys: Sequence[str] | None = None,
    chars: int = TARGET_CHARS,
) -> SyntheticCorpus:
    """``n`` documents of about ``chars`` characters and their true version pairs, the same
    for the same ``seed``.

    ``keys`` are seed texts (default: the bundled corpus's matching keys).
    """
    mix = mix or Mix()
    rng = np.random.default_rng(seed)
    gen = _Generator(_pools(keys), rng, chars)
    kinds = rng.choice(
        ["event", "sequel", "version", "copy"],
        size=n,
        p=[1 - mix.sequels - mix.versions - mix.copies, mix.sequels, mix.versions, mix.copies],
    )
    kinds[0] = "event"
    docs: list[_Doc] = []
    years: list[int] = []
    cluster: list[int] = []  # the event each document derives from (itself for events)
    depth: list[int] = []
    for i, kind in enumerate(kinds):
        if kind in ("event", "sequel"):
            source = int(rng.integers(0, i)) if kind == "sequel" and i else -1
            docs.append(gen.sequel(docs[source]) if source >= 0 else gen.event())
            years.append(
                years[source] + int(rng.integers(1, 4))
                if source >= 0
                else int(rng.integers(2010, 2025))
            )
            cluster.append(i)
            depth.append(0)
            continue
        source = int(rng.integers(0, i))
        source = source if depth[source] < 2 else cluster[source]
        most_dropped = DROPPED[depth[source]]
        docs.append(docs[source] if kind == "copy" else gen.version(docs[source], most_dropped))
        years.append(years[source])
        cluster.append(cluster[source])
        depth.append(depth[source] + 1)
    members: dict[int, list[int]] = {}
    for i, c in enumerate(cluster):
        members.setdefault(c, []).append(i)
    truth = frozenset(pair for group in members.values() for pair in combinations(group, 2))
    texts = tuple(_text(doc, rng) for doc in docs)
    return SyntheticCorpus(texts, tuple(years), tuple(str(k) for k in kinds), truth)


# Monologues: few editions of one report, most reports carrying earlier ones' lines forward.
MONOLOGUE_MIX = Mix(versions=0.02, sequels=0.7, copies=0.0)
REPORT_HEAD = "政府工作报告\n\n各位代表：\n\n现在，我代表国务院，向大会报告政府工作，请予审议。\n\n"


def monologues(n: int, seed: int = 0, chars: int = 10_000) -> SyntheticCorpus:
    """``n`` work reports of about ``chars`` characters: one voice, no speaker labels."""
    synthetic = generate(n, seed, mix=MONOLOGUE_MIX, chars=chars)
    texts = tuple(REPORT_HEAD + text.replace("：", "，") for text in synthetic.texts)
    return SyntheticCorpus(texts, synthetic.years, synthetic.kinds, synthetic.truth)


def write_folder(synthetic: SyntheticCorpus, folder: str | Path) -> list[Path]:
    """Write ``synth_00000.txt`` … and a ``manifest.toml`` declaring each file's year."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(len(synthetic.texts))))
    paths, manifest = [], []
    for i, (text, year) in enumerate(zip(synthetic.texts, synthetic.years, strict=True)):
        path = root / f"synth_{i:0{width}d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        manifest.append(f'["{path.name}"]\nyear = {year}\nedition = "synthetic"\n')
    (root / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate a synthetic corpus.")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="write the texts to this folder")
    args = parser.parse_args()
    start = time.perf_counter()
    synthetic = generate(args.n, args.seed)
    print(
        f"{args.n} documents, {synthetic.chars:,} characters, {len(synthetic.truth)} true "
        f"version pairs in {time.perf_counter() - start:.1f} s"
    )
    if args.out:
        write_folder(synthetic, args.out)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
