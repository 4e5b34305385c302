"""Events: the documents that are versions of one press conference, so it counts once a year.

Two documents are versions of one event when ``tracking.versions.relations`` says so (relation
"same_text", "versions" or "excerpt": a statement printed in the day's briefing is the same
utterance twice; "reissued" and "shares_passages" are not enough: a briefing that quotes a
press conference, or a statement issued again a year later, is another event), or when both
carry the same year and the same full date. The relations are closed transitively, but the
date rule never joins a document to an event that already holds another date: on the MFA
pages a statement of 2019-09-25 is printed in the briefing of 09-26 (an excerpt, one event),
and the same-date rule then also drew in the briefing of 09-25, so two briefings on two days
counted as one, and 21 families of Taiwan, the US and multilateralism counted one use too
few in 2019. An event lists its documents fullest first (most characters of answer text);
families count one window per event and keep the other editions' wordings as variants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tifa.corpus import Corpus, Document


@dataclass(frozen=True, slots=True)
class Event:
    index: int
    year: int | None
    date: str | None
    docs: tuple[str, ...]  # fullest document first


def _answer_chars(doc: Document) -> int:
    return sum(t.end - t.start for t in doc.turns if t.role == "answer")


def group_events(
    corpus: Corpus, version_pairs: Iterable[tuple[str, str]] = ()
) -> tuple[Event, ...]:
    """Events of ``corpus`` from explicit version pairs plus the same-year-and-date rule,
    which joins only documents whose events hold no other date."""
    docs = {d.id: d for d in corpus.documents}
    parent = {d: d for d in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        if a in parent and b in parent:
            parent[find(a)] = find(b)

    for a, b in version_pairs:
        union(a, b)
    held: dict[str, set[str]] = {}  # per event so far, the dates its documents carry
    for doc in corpus.documents:
        if doc.date:
            held.setdefault(find(doc.id), set()).add(doc.date)
    dated: dict[tuple[int, str], str] = {}
    for doc in corpus.documents:
        if doc.year is not None and doc.date and held[find(doc.id)] == {doc.date}:
            union(doc.id, dated.setdefault((doc.year, doc.date), doc.id))
    groups: dict[str, list[Document]] = {}
    for doc in corpus.documents:
        groups.setdefault(find(doc.id), []).append(doc)
    events = []
    for n, members in enumerate(groups.values()):
        members.sort(key=lambda d: -_answer_chars(d))
        years = [d.year for d in members if d.year is not None]
        dates = [d.date for d in members if d.date]
        events.append(
            Event(
                n,
                min(years) if years else None,
                dates[0] if dates else None,
                tuple(d.id for d in members),
            )
        )
    return tuple(events)


def corpus_events(corpus: Corpus) -> tuple[Event, ...]:
    """Events from document relations (``tracking.versions.relations``) and the date rule."""
    from tifa.tracking.versions.relations import EVENT_RELATIONS, corpus_relations

    report = corpus_relations(corpus)
    pairs = [(p.a, p.b) for p in report.pairs if p.relation in EVENT_RELATIONS]
    return group_events(corpus, pairs)


def event_index(events: Iterable[Event]) -> dict[str, Event]:
    """Document id → its event."""
    return {doc: event for event in events for doc in event.docs}
