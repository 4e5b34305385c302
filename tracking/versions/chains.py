"""Chains: one statement issued again and again, with the wording change at each step.

This is formulation tracking at the level of whole statements (a Taiwan/WHA statement every
May, an announcement template filled in for one country after another).

* An **issue** is one event's documents: those linked by ``same_text``, ``versions`` or
  ``excerpt`` (a statement and the briefing that printed it). Its representative, the one a
  step compares, is its shortest document: the statement, not the briefing around it.
* A **chain** is two or more issues linked by ``reissued`` pairs, in date order (issues
  without a known date last, in corpus order, their steps saying the gap is unknown).
* A **step** compares the representatives of two consecutive issues: relation, gap and, once
  computed (``with_changes``: it needs jieba words), the wording changes from the aligned
  diff (``tracking.versions.diff``) of the two read as runs of sentences, windowed on the
  span when one lies inside the other.
  Changes of punctuation, width, quotes, script, whitespace and fillers are left out: a step
  says what was reworded, added or dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from tifa.corpus import Corpus, Document
from tifa.corpus.catalogue import Catalogue
from tifa.tracking.versions.dates import interval
from tifa.tracking.versions.relations import (
    EVENT_RELATIONS,
    Party,
    RelatedPair,
    RelationReport,
    document,
    parties,
    relate_pairs,
)
from tifa.tracking.versions.windows import pair_windows

COSMETIC = frozenset({"punctuation", "width", "quotes", "script", "whitespace", "filler"})


@dataclass(frozen=True, slots=True)
class Change:
    """One wording change of a step; spans are raw-file offsets of the step's two documents."""

    op: str
    type: str
    a_text: str
    b_text: str
    a_span: tuple[int, int]
    b_span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Issue:
    documents: tuple[str, ...]  # the representative first, then the rest in corpus order
    date: str | None


@dataclass(frozen=True, slots=True)
class Step:
    """From the representative of one issue to the next: ``pair`` is their relation (None if
    they share nothing measurable), ``changes`` None until ``with_changes``."""

    a: str
    b: str
    pair: RelatedPair | None
    changes: tuple[Change, ...] | None = None


@dataclass(frozen=True, slots=True)
class Chain:
    issues: tuple[Issue, ...]
    steps: tuple[Step, ...]


def find_chains(corpus: Corpus | Catalogue, report: RelationReport) -> tuple[Chain, ...]:
    """The chains among ``report``'s pairs, longest first (steps without their changes); of
    a catalogue, only the documents at the ends of steps are opened."""
    listed = parties(corpus)
    docs = {d.id: d for d in listed}
    order = {d.id: n for n, d in enumerate(listed)}
    event = _Components()
    for p in report.pairs:
        if p.relation in EVENT_RELATIONS:
            event.union(p.a, p.b)
    chain = _Components()
    for p in report.pairs:
        if p.relation == "reissued" and event.find(p.a) != event.find(p.b):
            chain.union(event.find(p.a), event.find(p.b))
    members: dict[str, list[str]] = {}
    for doc in sorted({d for p in report.pairs for d in (p.a, p.b)}, key=order.__getitem__):
        members.setdefault(event.find(doc), []).append(doc)
    chains: dict[str, list[Issue]] = {}
    for root, ids in members.items():
        chains.setdefault(chain.find(root), []).append(_issue(ids, docs))
    linked = [sorted(i, key=lambda x: _when(docs[x.documents[0]], order)) for i in chains.values()]
    linked = [issues for issues in linked if len(issues) >= 2]
    opened: dict[str, Document] = {}

    def load(doc_id: str) -> Document:
        if doc_id not in opened:
            opened[doc_id] = document(corpus, doc_id)
        return opened[doc_id]

    ends = [
        (load(x.documents[0]), load(y.documents[0]))
        for issues in linked
        for x, y in pairwise(issues)
    ]
    related = iter(relate_pairs(ends))
    found = [
        Chain(
            tuple(issues),
            tuple(Step(x.documents[0], y.documents[0], next(related)) for x, y in pairwise(issues)),
        )
        for issues in linked
    ]
    return tuple(sorted(found, key=lambda c: (-len(c.issues), order[c.issues[0].documents[0]])))


class _Components:
    """Union-find over string ids; ``parent`` holds only ids ever united."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        while self.parent.get(x, x) != x:
            self.parent[x] = self.parent.get(self.parent[x], self.parent[x])
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        self.parent.setdefault(ra, ra)
        self.parent.setdefault(rb, rb)
        if ra != rb:
            self.parent[ra] = rb


def _issue(ids: Sequence[str], docs: dict[str, Party]) -> Issue:
    representative = min(ids, key=lambda d: (_length(docs[d]), ids.index(d)))
    rest = tuple(d for d in ids if d != representative)
    dated = [docs[d].date for d in (representative, *rest) if docs[d].date]
    return Issue((representative, *rest), dated[0] if dated else None)


def _length(doc: Party) -> int:
    """Characters of the text (the matching key has as many)."""
    return len(doc.key) if isinstance(doc, Document) else doc.chars


def _when(doc: Party, order: dict[str, int]) -> tuple[int, str, int]:
    span = interval(doc)
    return (0, span[0].isoformat(), order[doc.id]) if span else (1, "", order[doc.id])


def with_changes(
    corpus: Corpus,
    chain: Chain,
    tokens: Callable[[Document], Document],
) -> Chain:
    """``chain`` with every step's wording changes; ``tokens`` gives a document with its
    jieba words (``tifa.corpus.tokens_for``, or the workbench's tokenised corpus)."""
    docs = {d.id: d for d in corpus.documents}
    steps = tuple(
        replace(step, changes=step_changes(tokens(docs[step.a]), tokens(docs[step.b]), step.pair))
        for step in chain.steps
    )
    return replace(chain, steps=steps)


def step_changes(a: Document, b: Document, pair: RelatedPair | None) -> tuple[Change, ...]:
    """The wording changes from ``a`` to ``b`` (windowed when one lies inside the other)."""
    from tifa.tracking.versions.diff import diff_documents

    diff = diff_documents(a, b, pair_windows(pair, a, b))  # read as runs of sentences: two
    # issues of a statement are often cut into turns differently (a spokesperson's name read
    # as a speaker label in one and not the other)
    changes = []
    for row in diff.rows:
        for sentence in row.sentences:
            for e in sentence.pieces:
                if e.op == "equal" or e.type in COSMETIC:
                    continue
                changes.append(
                    Change(
                        e.op,
                        e.type,
                        e.a_text,
                        e.b_text,
                        diff.a.raw_span(e.a_start, e.a_end),
                        diff.b.raw_span(e.b_start, e.b_end),
                    )
                )
    return tuple(changes)


def chain_records(corpus: Corpus | Catalogue, chains: Sequence[Chain]) -> list[dict[str, Any]]:
    """Chains as JSON-able records (the shape the README documents)."""
    docs = {d.id: d for d in parties(corpus)}
    return [
        {
            "issues": [
                {
                    "documents": list(issue.documents),
                    "date": issue.date,
                    "title": docs[issue.documents[0]].title,
                }
                for issue in chain.issues
            ],
            "steps": [_step_record(step) for step in chain.steps],
        }
        for chain in chains
    ]


def _step_record(step: Step) -> dict[str, Any]:
    p = step.pair
    return {
        "a": step.a,
        "b": step.b,
        "relation": p.relation if p else None,
        "similarity": p.similarity if p else None,
        "date_gap_days": p.date_gap_days if p else None,
        "date_note": p.date_note if p else None,
        "reason": p.reason if p else "the two share no measurable text",
        "changes": None
        if step.changes is None
        else [
            {
                "op": c.op,
                "type": c.type,
                "a_text": c.a_text,
                "b_text": c.b_text,
                "a_span": list(c.a_span),
                "b_span": list(c.b_span),
            }
            for c in step.changes
        ],
    }


def render_changes(changes: Sequence[Change], width: int = 24) -> str:
    """A one-line reading: "[-斯坦塞姆-][+希金斯+] · [+未经中国政府允许，+]", long texts cut."""

    def cut(text: str) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    parts = []
    for c in changes:
        deleted = f"[-{cut(c.a_text)}-]" if c.a_text else ""
        inserted = f"[+{cut(c.b_text)}+]" if c.b_text else ""
        parts.append(deleted + inserted)
    return " · ".join(parts)
