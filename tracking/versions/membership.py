"""Relations seen from one document: its group, its relations, and where it sits in a host.

What the workbench's corpus view shows beside each document and under each pair, computed
here so that any front end reads the same thing: a document's group (as ``RelationReport``
numbers them, largest first), how many pairs it has in each relation, and, for a text
printed inside another, the host's span in raw-file offsets with a little of the host's text
on either side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tifa.corpus import Document
from tifa.tracking.versions.relations import RELATIONS, RelatedPair, RelationReport

CONTEXT = 16  # characters of the host shown on either side of an excerpt


@dataclass(frozen=True, slots=True)
class DocumentRelations:
    group: int  # 1-based, as report.groups orders them
    group_size: int
    counts: Mapping[str, int]  # relation: pairs, in taxonomy order
    hosts: tuple[str, ...]  # documents this one lies inside

    def summary(self) -> str:
        """ "excerpt 1 · reissued 2": the pairs it stands in, by relation."""
        return " · ".join(f"{r} {n}" for r, n in self.counts.items())


@dataclass(frozen=True, slots=True)
class Placement:
    """Where ``inner`` sits in ``host``: raw-file offsets of the host, the host's length,
    and the host's text just before and after (one line each, for display)."""

    inner: str
    host: str
    start: int
    end: int
    host_chars: int
    before: str
    text: str
    after: str

    def describe(self) -> str:
        share = self.start / self.host_chars if self.host_chars else 0.0
        return (
            f"{self.inner} sits in {self.host} at characters {self.start}–{self.end} "
            f"of {self.host_chars} ({share:.0%} of the way in)"
        )


def document_relations(report: RelationReport) -> dict[str, DocumentRelations]:
    """Every document that stands in a listed pair, with its group and relations."""
    group_of = {
        doc: (n, len(g.documents)) for n, g in enumerate(report.groups, 1) for doc in g.documents
    }
    counts: dict[str, dict[str, int]] = {}
    hosts: dict[str, list[str]] = {}
    for p in report.pairs:
        for doc in (p.a, p.b):
            tally = counts.setdefault(doc, {})
            tally[p.relation] = tally.get(p.relation, 0) + 1
        if p.host is not None:
            inner = p.b if p.host == p.a else p.a
            hosts.setdefault(inner, []).append(p.host)
    return {
        doc: DocumentRelations(
            group_of[doc][0],
            group_of[doc][1],
            {r: tally[r] for r in RELATIONS if r in tally},
            tuple(hosts.get(doc, ())),
        )
        for doc, tally in counts.items()
    }


def placement(pair: RelatedPair, host: Document, context: int = CONTEXT) -> Placement | None:
    """Where the shorter document of ``pair`` sits in ``host`` (None: it does not lie inside)."""
    if pair.host != host.id or pair.span is None:
        return None
    start, end = pair.span
    raw_start, raw_end = host.raw_span(start, end)
    inner = pair.b if pair.host == pair.a else pair.a

    def flat(text: str) -> str:
        return " ".join(text.split())

    return Placement(
        inner,
        host.id,
        raw_start,
        raw_end,
        len(host.raw),
        flat(host.text[max(0, start - context) : start]),
        flat(host.text[start:end]),
        flat(host.text[end : end + context]),
    )
