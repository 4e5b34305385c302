"""Two documents in one named relation: what the texts share, and what their dates say.

The taxonomy (fixed names, the same in JSON, CSV, the workbench and the README):

* ``same_text``: identical letters and digits and identical displayed text (an encoding or
  markup copy);
* ``versions``: one event in two editions (an edited report and a near-verbatim transcript, a
  copy in another script): high overlap both ways, dates within ``WEEK`` days or unknown;
* ``excerpt``: the shorter text lies (nearly) whole inside the longer, which has much more
  besides (a statement printed in the day's briefing), dates within a week or unknown;
* ``reissued``: the same wording used for another event: a pair that would be one of the
  three above, but dated more than a week apart; or a template filled in for another name
  (each text repeats a word the other never has, 塞尔维亚 / 柬埔寨, and at least half of
  each text is shared), whatever the dates;
* ``shares_passages``: at least ``min_shared`` of one text is in the other, none of the above.

What the texts share is measured by ``tracking.versions.dupes`` (its *shape* is the textual
relation); dates come from ``tracking.versions.dates``. A pair whose dates are unknown keeps
its textual relation and says so (``date_gap_days`` None, ``date_note`` why): tifa does not
guess that two undated texts are different events.

A corpus is a ``Corpus`` in memory or a ``Catalogue`` (``tifa.corpus.open_catalogue``): of a
catalogue only the matching keys are read (and the turns of an excerpt's host when the
excerpt has no questions and the host has some: ``dupes.Asides``), and the documents a
pair needs (the host of an excerpt, the two of a same-text pair) are opened from the index
when asked for, so an archive of 10,000 documents is related without holding it all in
memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from tifa.corpus import Corpus, Document, DocumentInfo
from tifa.corpus.catalogue import Catalogue
from tifa.corpus.model import Turn
from tifa.corpus.voice import OFFICIAL
from tifa.tracking.exports import Table
from tifa.tracking.versions import containment, dupes, remembered, shingles
from tifa.tracking.versions.dates import WEEK, date_gap, days_apart

Party = Document | DocumentInfo  # what a pair is classified on: a document, or its row
KEYS_CHUNK = 500  # keys read from a catalogue's index at a time, between progress reports
Relation = Literal["same_text", "versions", "excerpt", "reissued", "shares_passages"]
RELATIONS: tuple[Relation, ...] = (
    "same_text",
    "versions",
    "excerpt",
    "reissued",
    "shares_passages",
)
EVENT_RELATIONS = frozenset({"same_text", "versions", "excerpt"})  # one event, two documents

__all__ = [
    "EVENT_RELATIONS",
    "RELATIONS",
    "WEEK",
    "RelatedPair",
    "Relation",
    "RelationReport",
    "corpus_relations",
    "relate",
    "relate_pairs",
]


@dataclass(frozen=True, slots=True)
class RelatedPair:
    """Two documents of a corpus (``a`` before ``b`` in corpus order) and their relation.

    Containments are shares of each text's letters and digits found in the other;
    ``similarity`` weighs both by how much of the shared text keeps its order. ``host`` and
    ``span`` are set when the shorter text lies inside the longer (an excerpt, or a reissue
    printed inside a later briefing): the longer one's id, and offsets into its ``text``
    (which keep to its answers and statements, leaving out its heading and questions, when
    the shorter text has no questions: ``dupes._official``).
    ``slots`` are a filled template's words, (in a, in b). ``reason`` says in words why.
    """

    a: str
    b: str
    relation: Relation
    similarity: float
    containment_a_in_b: float
    containment_b_in_a: float
    date_gap_days: int | None
    date_note: str | None
    reason: str
    host: str | None = None
    span: tuple[int, int] | None = None
    slots: tuple[tuple[str, str], ...] = ()

    @property
    def shared(self) -> float:
        """The larger containment: how much of one text is in the other."""
        return max(self.containment_a_in_b, self.containment_b_in_a)


@dataclass(frozen=True)
class Group:
    """Documents connected by listed pairs; ``crowded`` when one of them had more partners
    than were examined, so that its pairs are a sample of the group's."""

    documents: tuple[str, ...]
    pairs: int
    relations: dict[str, int]
    crowded: bool


@dataclass(frozen=True)
class RelationReport:
    pairs: tuple[RelatedPair, ...]
    groups: tuple[Group, ...]
    crowded: tuple[str, ...]  # documents whose candidates were capped or estimated
    candidates: int
    min_shared: float
    max_partners: int


def classify(score: dupes.PairScore, a: Party, b: Party) -> RelatedPair:
    """Name the relation of a scored pair from its shape and the documents' dates (catalogue
    rows will do, but for a pair of the same text, whose displayed texts are compared)."""
    gap = date_gap(a, b)
    shape = score.shape
    relation: Relation
    if shape == "shares_passages" and not score.slots:
        relation, reason = "shares_passages", _shared_reason(score, a, b)
    elif gap.apart and shape != "shares_passages":
        relation = "reissued"
        when = days_apart(gap.days) if gap.days is not None else gap.note
        reason = f"{_shape_reason(score, a, b)}, issued {when}"
    elif score.slots:
        relation = "reissued"
        filled = ", ".join(f"{x} → {y}" for x, y in score.slots)
        reason = f"the same template filled in for another name ({filled})"
    elif shape == "same_text" and _displayed(a) != _displayed(b):
        relation, reason = "versions", "the same letters and digits, displayed differently"
    else:
        relation, reason = shape, _shape_reason(score, a, b)
    host = span = None
    if score.span is not None:
        host_doc = b if score.span[0] else a
        host, span = host_doc.id, (score.span[1], score.span[2])
    return RelatedPair(
        a.id,
        b.id,
        relation,
        score.similarity,
        score.containment_a_in_b,
        score.containment_b_in_a,
        gap.days,
        gap.note,
        reason,
        host,
        span,
        score.slots,
    )


def _shape_reason(score: dupes.PairScore, a: Party, b: Party) -> str:
    if score.shape == "same_text":
        return "identical letters and digits"
    if score.shape == "excerpt":
        inner, outer, share = (
            (a, b, score.containment_a_in_b)
            if score.containment_a_in_b >= score.containment_b_in_a
            else (b, a, score.containment_b_in_a)
        )
        return f"{inner.id} is {share:.0%} inside {outer.id}"
    return f"{score.similarity:.0%} alike in order"


def _shared_reason(score: dupes.PairScore, a: Party, b: Party) -> str:
    inner, share = (
        (a, score.containment_a_in_b)
        if score.containment_a_in_b >= score.containment_b_in_a
        else (b, score.containment_b_in_a)
    )
    return f"{share:.0%} of {inner.id} is shared"


def _displayed(doc: Party) -> str:
    if not isinstance(doc, Document):
        raise TypeError(f"{doc.id}: a pair of the same text is classified on its documents")
    return shingles.content(doc.text).tobytes().decode("utf-32-le")


def relate(a: Document, b: Document) -> RelatedPair | None:
    """The relation of two documents however little they share (None: nothing at all)."""
    return relate_pairs([(a, b)])[0]


def relate_pairs(pairs: Sequence[tuple[Document, Document]]) -> list[RelatedPair | None]:
    """``relate`` for many pairs at once (one look-up table for all)."""
    docs = list({d.id: d for pair in pairs for d in pair}.values())
    index = {d.id: n for n, d in enumerate(docs)}
    first, second = [index[a.id] for a, _ in pairs], [index[b.id] for _, b in pairs]
    scores = dupes.score_pairs([d.key for d in docs], first, second, _asides(docs))
    return [
        None if s is None else classify(s, a, b) for s, (a, b) in zip(scores, pairs, strict=True)
    ]


def corpus_relations(
    corpus: Corpus | Catalogue,
    *,
    min_shared: float = dupes.DEFAULT_MIN_SHARED,
    max_partners: int = containment.MAX_PARTNERS,
    workers: int = 2,
    progress: dupes.Progress | None = None,
) -> RelationReport:
    """Every related pair of ``corpus`` (at most ``max_partners`` per document), ordered by
    relation and then by how much is shared; the groups they form; crowded documents. A
    catalogue's pair search is kept in its index (``remembered``) for the next run."""

    def search() -> dupes.PairSearch:
        return dupes.find_pairs(
            _keys(corpus, progress),
            min_shared=min_shared,
            max_partners=max_partners,
            workers=workers,
            progress=progress,
            asides=_asides(corpus),
        )

    if isinstance(corpus, Catalogue):
        rows: Sequence[Party] = corpus.rows
        found = remembered.pair_search(corpus, min_shared, max_partners, search)
    else:
        rows, found = corpus.documents, search()

    def pair_of(s: dupes.PairScore) -> tuple[Party, Party]:
        if isinstance(corpus, Catalogue) and s.shape == "same_text":
            return corpus.open(s.a), corpus.open(s.b)
        return rows[s.a], rows[s.b]

    ordered = sorted(
        (
            (RELATIONS.index(p.relation), -p.shared, -p.similarity, s.a, s.b),
            p,
        )
        for s in found.pairs
        for p in (classify(s, *pair_of(s)),)
    )
    pairs = tuple(p for *_, p in ordered)
    crowded = tuple(rows[i].id for i in sorted(found.crowded))
    return RelationReport(
        pairs,
        groups(pairs, frozenset(crowded), [d.id for d in rows]),
        crowded,
        found.candidates,
        min_shared,
        max_partners,
    )


def _asides(corpus: Corpus | Catalogue | Sequence[Document]) -> dupes.Asides:
    """Where each document's turns outside the official voice are, None for a document with
    no questions (``dupes.Asides``): a catalogue's are read from its index only for a
    document whose row counts questions (a statement counts none), once."""
    if not isinstance(corpus, Catalogue):
        docs = corpus.documents if isinstance(corpus, Corpus) else corpus
        return lambda i: _aside(docs[i].turns) if docs[i].questions else None
    rows = corpus.rows
    read: dict[int, tuple[tuple[int, int], ...]] = {}

    def spans(i: int) -> tuple[tuple[int, int], ...] | None:
        if not rows[i].questions:
            return None
        if i not in read:
            (places,) = corpus.places([i])
            read[i] = _aside(Turn(*values) for values in zip(*places.turns, strict=True))
        return read[i]

    return spans


def _aside(turns: Iterable[Turn]) -> tuple[tuple[int, int], ...]:
    """The spans of the turns outside the official voice (``corpus.voice.OFFICIAL``: on
    the MFA pages a briefing's heading and its questions), labels included."""
    return tuple((t.label_start, t.end) for t in turns if t.role not in OFFICIAL)


def _keys(corpus: Corpus | Catalogue, progress: dupes.Progress | None) -> list[str]:
    """The matching keys of ``corpus``'s documents; a catalogue's are read a chunk at a
    time, reported as the stage "reading"."""
    if isinstance(corpus, Corpus):
        return [d.key for d in corpus.documents]
    keys: list[str] = []
    total = len(corpus.rows)
    for start in range(0, total, KEYS_CHUNK):
        if progress is not None:
            progress("reading", start, total)
        keys += corpus.keys(range(start, min(start + KEYS_CHUNK, total)))
    return keys


def groups(
    pairs: Sequence[RelatedPair], crowded: frozenset[str], order: Sequence[str]
) -> tuple[Group, ...]:
    """Connected components of the pairs, largest first, members in corpus order."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        parent[find(p.a)] = find(p.b)
    members: dict[str, list[str]] = {}
    rank = {doc: n for n, doc in enumerate(order)}
    for doc in sorted(parent, key=rank.__getitem__):
        members.setdefault(find(doc), []).append(doc)
    counts: dict[str, dict[str, int]] = {root: {} for root in members}
    for p in pairs:
        tally = counts[find(p.a)]
        tally[p.relation] = tally.get(p.relation, 0) + 1
    found = [
        Group(
            tuple(docs),
            sum(counts[root].values()),
            {r: counts[root][r] for r in RELATIONS if r in counts[root]},
            any(d in crowded for d in docs),
        )
        for root, docs in members.items()
    ]
    return tuple(sorted(found, key=lambda g: (-len(g.documents), rank[g.documents[0]])))


PAIR_COLUMNS = (
    "a",
    "b",
    "relation",
    "similarity",
    "containment_a_in_b",
    "containment_b_in_a",
    "a_date",
    "b_date",
    "date_gap_days",
    "date_note",
    "host",
    "host_span",
    "template",
    "reason",
    "a_year",
    "b_year",
    "a_edition",
    "b_edition",
)


def pair_records(corpus: Corpus | Catalogue, pairs: Sequence[RelatedPair]) -> list[dict[str, Any]]:
    """Pairs as JSON-able records; ``host_span`` is in raw-file offsets of the host (a
    catalogue's hosts are opened from its index)."""
    docs: dict[str, Party] = {d.id: d for d in parties(corpus)}
    hosts: dict[str, Document] = {}
    records = []
    for pair in pairs:
        a, b = docs[pair.a], docs[pair.b]
        span = None
        if pair.host is not None and pair.span is not None:
            if pair.host not in hosts:
                hosts[pair.host] = document(corpus, pair.host)
            span = list(hosts[pair.host].raw_span(*pair.span))
        records.append(
            {
                "a": pair.a,
                "b": pair.b,
                "relation": pair.relation,
                "similarity": pair.similarity,
                "containment_a_in_b": pair.containment_a_in_b,
                "containment_b_in_a": pair.containment_b_in_a,
                "a_date": a.date,
                "b_date": b.date,
                "date_gap_days": pair.date_gap_days,
                "date_note": pair.date_note,
                "host": pair.host,
                "host_span": span,
                "template": [list(s) for s in pair.slots],
                "reason": pair.reason,
                "a_year": a.year,
                "b_year": b.year,
                "a_edition": a.edition,
                "b_edition": b.edition,
            }
        )
    return records


def parties(corpus: Corpus | Catalogue) -> Sequence[Party]:
    """The documents of a corpus, or the rows of a catalogue, in corpus order."""
    return corpus.documents if isinstance(corpus, Corpus) else corpus.rows


def document(corpus: Corpus | Catalogue, doc_id: str) -> Document:
    """One document of ``corpus`` by id: in memory, or opened from a catalogue's index."""
    return corpus.get(doc_id) if isinstance(corpus, Corpus) else corpus.open(doc_id)


def pairs_table(records: Sequence[dict[str, Any]]) -> Table:
    rows = []
    for r in records:
        cells = dict(r, template=["→".join(s) for s in r["template"]])
        rows.append(tuple(cells[c] for c in PAIR_COLUMNS))
    return Table(PAIR_COLUMNS, tuple(rows))


def report_json(
    corpus: Corpus | Catalogue, report: RelationReport, pairs: Sequence[RelatedPair] | None = None
) -> dict[str, Any]:
    """The JSON document of ``tifa dupes`` (and of the workbench's export of the pairs):
    ``pairs`` (all, or those given), the ``groups`` they form, the ``crowded`` documents
    and the ``limits`` the search ran under."""
    return {
        "pairs": pair_records(corpus, report.pairs if pairs is None else pairs),
        "groups": [
            {
                "documents": list(g.documents),
                "pairs": g.pairs,
                "relations": g.relations,
                "crowded": g.crowded,
            }
            for g in report.groups
        ],
        "crowded": list(report.crowded),
        "limits": {
            "min_shared": report.min_shared,
            "max_partners": report.max_partners,
            "candidates": report.candidates,
        },
    }
