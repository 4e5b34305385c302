"""A synthetic archive with every document relation and its truth: ``synth.py``'s press
conferences (events, sequels, versions, copies) plus families of short statements.

A statement family starts from one new **statement** (300-1,500 characters) that names a
country (a made-up name of 2-4 characters at the start of two or three of its sentences).
From it, each with its own date:

* **hosts**: briefings (3,500-7,000 characters of new text) that print the statement, or a
  reissue or fill of it, whole as one block with 0.1-0.4 % of its characters edited
  (``excerpt`` of the printed one, 0-2 days later);
* **reissues**: the statement a year or more later (365·k ± 30 days): a new dateline
  clause first, 0.2-0.8 % of the characters edited, sometimes a clause reworded
  (``reissued``);
* **fills**: the same template filled in for another country 1-6 days later: every name
  replaced, 0.1-0.3 % edited (``reissued``, although within a week);
* **quotes**: briefings that quote 60-70 % of the statement's letters, in order
  (``shares_passages``: the hard negative for ``excerpt``).

Truth follows the taxonomy from what was built, not from measurement: two statement-like
documents (statement, reissue, fill) are ``versions`` in shape, a host and what it printed
(or any statement-like document of the family with the same wording) are ``excerpt`` in
shape, and the shape becomes ``reissued`` when the two are dated more than a week apart or
name different countries; a quote shares passages with every statement-like document of its
family. Hosts and quotes share too little with each other to be listed. About 3 % of the
documents have no date: their pairs keep the shape (unless the names differ), as tifa
reports them. The press-conference part keeps ``synth.py``'s truth (``same_text`` for
identical copies, else ``versions``), each event's documents on one date.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from benchmarks.synth import (
    COMMA,
    FULL_STOP,
    TARGET_CHARS,
    _compose,
    _Doc,
    _Generator,
    _pools,
    _text,
    generate,
)

STATEMENT_CHARS = (500, 1500)
HOST_CHARS = (3500, 7000)
QUOTED = (0.60, 0.70)
UNDATED = 0.03
WEEK = 7


@dataclass(frozen=True)
class RelationCorpus:
    texts: tuple[str, ...]
    dates: tuple[str | None, ...]
    kinds: tuple[str, ...]
    relations: dict[tuple[int, int], str]  # (i, j), i < j: the true relation

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.texts)

    def pairs(self, relation: str) -> set[tuple[int, int]]:
        return {p for p, r in self.relations.items() if r == relation}


@dataclass
class _Member:
    """A document of a statement family and what the truth needs to know about it."""

    doc: _Doc
    kind: str  # statement, reissue, fill, host, quote
    name: int  # which country it names (the statement's is 0)
    date: dt.date | None
    printed: int = -1  # for a host or quote: the member it prints or quotes


class _Families:
    def __init__(self, gen: _Generator, rng: np.random.Generator) -> None:
        self.gen, self.rng = gen, rng
        self.distinct = np.unique(gen.pools.chars)

    def name(self) -> np.ndarray:
        """3-4 ideographs drawn evenly: as distinctive as a country's name."""
        chars = self.distinct
        return chars[self.rng.integers(0, len(chars), size=int(self.rng.integers(3, 5)))]

    def named(self, base: _Doc, slots: np.ndarray, name: np.ndarray) -> _Doc:
        """``base`` with ``name`` at the start of sentences ``slots``."""
        at = base.bounds[slots]
        cp = np.insert(base.cp, np.repeat(at, len(name)), np.tile(name, len(at)))
        shift = np.searchsorted(at, base.bounds, side="right") * len(name)
        shift[slots] -= len(name)  # the name belongs to the sentence it starts
        return _Doc(cp, base.bounds + shift)

    def statement(self) -> _Doc:
        low, high = STATEMENT_CHARS
        while True:
            doc = self.gen.take(int(self.rng.integers(4, 16)))
            if low <= len(doc.cp) <= high:
                return doc

    def reworded(self, base: _Doc) -> _Doc:
        """A reissue's text: a dateline first, a few edits, maybe one clause reworded."""
        sentence = self.gen.take(1)
        clause = np.flatnonzero((sentence.cp == COMMA) | (sentence.cp == FULL_STOP))[0] + 1
        dateline = _Doc(sentence.cp[:clause], np.array([0, clause]))
        doc = _compose(
            [dateline, base],
            np.r_[0, np.ones(base.sentences, np.int64)],
            np.r_[0, np.arange(base.sentences)],
        )
        doc = self.gen.edit(doc, self.rng.uniform(0.002, 0.008))
        if self.rng.random() < 0.5:
            doc = self.reword_clause(doc)
        return doc

    def reword_clause(self, doc: _Doc) -> _Doc:
        cp = doc.cp.copy()
        marks = np.flatnonzero((cp == COMMA) | (cp == FULL_STOP))
        if len(marks) < 3:
            return doc
        k = int(self.rng.integers(0, len(marks) - 1))
        start, end = marks[k] + 1, marks[k + 1]
        fresh = self.gen.pools.chars[self.rng.integers(0, len(self.gen.pools.chars), end - start)]
        cp[start:end] = fresh
        return _Doc(cp, doc.bounds)

    def host(self, printed: _Doc, quote: bool = False) -> _Doc:
        """A briefing of new sentences with ``printed`` as one block somewhere in it, a few
        characters edited; or, to ``quote``, some of its sentences verbatim."""
        if quote:
            block = self.part(printed)
        else:
            block = self.gen.edit(printed, self.rng.uniform(0.001, 0.004))
        low, high = HOST_CHARS
        mean = float(np.diff(self.gen.stock.bounds).mean() or 60.0)
        fresh = self.gen.take(max(4, int(self.rng.integers(low, high) / mean)))
        at = int(self.rng.integers(0, fresh.sentences + 1))
        source = np.r_[
            np.zeros(at, np.int64),
            np.ones(block.sentences, np.int64),
            np.zeros(fresh.sentences - at, np.int64),
        ]
        index = np.r_[np.arange(at), np.arange(block.sentences), np.arange(at, fresh.sentences)]
        return _compose([fresh, block], source, index)

    def part(self, doc: _Doc) -> _Doc:
        """Whole sentences of ``doc``, in order, holding a ``QUOTED`` share of its letters."""
        lengths = np.diff(doc.bounds)
        for _ in range(50):
            keep = np.sort(self.rng.permutation(doc.sentences)[: max(1, doc.sentences // 2)])
            extra = self.rng.permutation(np.setdiff1d(np.arange(doc.sentences), keep))
            for k in extra:
                got = lengths[keep].sum() / lengths.sum()
                if QUOTED[0] <= got <= QUOTED[1]:
                    break
                if got > QUOTED[1]:
                    break
                keep = np.sort(np.r_[keep, k])
            got = lengths[keep].sum() / lengths.sum()
            if QUOTED[0] <= got <= QUOTED[1]:
                return _compose([doc], np.zeros(len(keep), np.int64), keep)
        return _compose([doc], np.zeros(1, np.int64), np.arange(1))

    def family(self, size: int, day: dt.date) -> list[_Member]:
        rng = self.rng
        base = self.statement()
        slots = np.sort(
            rng.choice(
                base.sentences, size=min(base.sentences, int(rng.integers(2, 4))), replace=False
            )
        )
        names = [self.name()]
        members = [_Member(self.named(base, slots, names[0]), "statement", 0, day)]
        year = 0
        while len(members) < size:
            roll = rng.random()
            like = [k for k, m in enumerate(members) if m.kind in ("statement", "reissue", "fill")]
            if roll < 0.3:
                year += 1
                when = day + dt.timedelta(days=365 * year + int(rng.integers(-30, 31)))
                members.append(
                    _Member(self.reworded(self.named(base, slots, names[0])), "reissue", 0, when)
                )
            elif roll < 0.45:
                names.append(self.name())
                when = day + dt.timedelta(days=int(rng.integers(1, WEEK)))
                filled = self.gen.edit(base, rng.uniform(0.001, 0.003))
                members.append(
                    _Member(self.named(filled, slots, names[-1]), "fill", len(names) - 1, when)
                )
            elif roll < 0.85:
                k = like[int(rng.integers(0, len(like)))]
                printed = members[k]
                when = _later(printed.date, int(rng.integers(0, 3)))
                members.append(_Member(self.host(printed.doc), "host", printed.name, when, k))
            else:
                k = like[int(rng.integers(0, len(like)))]
                printed = members[k]
                when = _later(printed.date, int(rng.integers(0, 3)))
                members.append(
                    _Member(self.host(printed.doc, quote=True), "quote", printed.name, when, k)
                )
        for m in members:
            if rng.random() < UNDATED:
                m.date = None
        return members


def _letters(text: str) -> str:
    return text.replace("\n", "")


def _later(day: dt.date | None, days: int) -> dt.date | None:
    return None if day is None else day + dt.timedelta(days=days)


def _truth(a: _Member, b: _Member) -> str | None:
    """The relation two family members stand in, by construction."""
    kinds = {a.kind, b.kind}
    if kinds <= {"host", "quote"}:
        return None
    if "quote" in kinds:
        return "shares_passages"
    shape = "excerpt" if "host" in kinds else "versions"
    if a.name != b.name:
        return "reissued"
    if a.date is not None and b.date is not None and abs((a.date - b.date).days) > WEEK:
        return "reissued"
    return shape


def generate_relations(
    n: int,
    seed: int = 0,
    *,
    statements: float = 0.3,
    keys: Sequence[str] | None = None,
    chars: int = TARGET_CHARS,
) -> RelationCorpus:
    """``n`` documents: ``statements`` of them in statement families, the rest ``synth.py``
    press conferences of about ``chars`` characters; deterministic for a ``seed``."""
    rng = np.random.default_rng([seed, 7])
    family_docs = int(statements * n)
    base = generate(n - family_docs, seed, keys=keys, chars=chars)
    texts, kinds = list(base.texts), list(base.kinds)
    dates: list[dt.date | None] = []
    root = list(range(len(texts)))
    for i, j in sorted(base.truth):
        root[j] = root[i]
    day_of: dict[int, dt.date | None] = {}
    for i, year in enumerate(base.years):
        if root[i] not in day_of:
            day = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
            day_of[root[i]] = None if rng.random() < UNDATED else day
        dates.append(day_of[root[i]])
    relations = {
        (i, j): "same_text" if _letters(texts[i]) == _letters(texts[j]) else "versions"
        for i, j in base.truth
    }
    families = _Families(_Generator(_pools(keys), rng), rng)
    while len(texts) < n:
        day = dt.date(2010, 1, 1) + dt.timedelta(days=int(rng.integers(0, 15 * 365)))
        members = families.family(min(n - len(texts), int(rng.integers(1, 9))), day)
        offset = len(texts)
        for m in members:
            texts.append(_text(m.doc, rng))
            kinds.append(m.kind)
            dates.append(m.date)
        for (x, a), (y, b) in combinations(enumerate(members), 2):
            relation = _truth(a, b)
            if relation is not None:
                relations[(offset + x, offset + y)] = relation
    iso = tuple(d.isoformat() if d else None for d in dates)
    return RelationCorpus(tuple(texts), iso, tuple(kinds), relations)


# What a publisher titles each kind (genre read from the title), and how often a file's name
# carries another date than its title (a date status "disputed").
TITLES = {
    "statement": "外交部发言人就有关问题答记者问",
    "reissue": "外交部发言人就有关问题答记者问",
    "fill": "外交部发言人就有关问题答记者问",
}
BRIEFING = "外交部发言人主持例行记者会"
DISPUTED_EVERY = 37


def write_archive(corpus: RelationCorpus, folder: str | Path) -> list[Path]:
    """Write ``corpus`` as an archive looks: each file named by its number and date
    (``00012_2019-03-08.txt``, ``00013.txt`` undated), its first line a title that carries
    the date (``2019年3月8日外交部发言人主持例行记者会``) and names the genre (statements are
    "答记者问", the rest briefings); every ``DISPUTED_EVERY``-th file names a date 40 days
    off its title's. For the workbench's table, facets and sorting at archive size."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    documents = zip(corpus.texts, corpus.dates, corpus.kinds, strict=True)
    for i, (text, date, kind) in enumerate(documents):
        title = TITLES.get(kind, BRIEFING)
        name = f"{i:05d}.txt"
        if date is not None:
            day = dt.date.fromisoformat(date)
            title = f"{day.year}年{day.month}月{day.day}日{title}"
            if i % DISPUTED_EVERY == DISPUTED_EVERY - 1:
                day += dt.timedelta(days=40)
            name = f"{i:05d}_{day.isoformat()}.txt"
        path = root / name
        path.write_text(f"{title}\n\n{text}", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic archive of statements.")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chars", type=int, default=TARGET_CHARS, help="of a press conference")
    parser.add_argument("--out", required=True, help="the folder to write")
    args = parser.parse_args()
    corpus = generate_relations(args.n, args.seed, chars=args.chars)
    write_archive(corpus, args.out)
    print(f"{len(corpus.texts):,} documents, {corpus.chars:,} characters in {args.out}")


if __name__ == "__main__":
    main()
