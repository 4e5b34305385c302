"""What a range's changes claim of the archive outside it (``--since``/``--until``).

A range limits the documents read, and so the periods and their counts; but a line's first
use (**new**) and its last (**dropped**) are claims about the archive. Read from the range
alone, a line said for years before it is new in the range's second quarter: on the MFA
pages, ``tifa changes all --by quarter --since 2019-07`` listed 中国特色社会主义道路 and
新兴市场国家 as new in 2019-Q4. So each new and dropped item is checked against the
documents the range leaves out, in the turns read: a new line said before the range, or a
dropped one said after it, is not listed, and the report says how many were checked and
left out (``Outside``).

The check is an exact search of the wordings the item stands for (every wording of its
family's uses; of its variant's, for a new wording of an older line) over the index
(``kwic.search``, as ``tifa timeline`` counts), not a second grouping of the documents
outside: a use there in a wording the range never says is not seen, and the item stays.
Returning lines, rewordings and overtakings are silences and shares inside the range, and
are what the range shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tifa.corpus.catalogue import Catalogue
from tifa.corpus.info import Corpus, DocumentInfo
from tifa.corpus.model import Document
from tifa.tracking.formulations.changes import ChangeReport, PeriodChange
from tifa.tracking.formulations.records import counted
from tifa.tracking.periods import DateRange, doc_extent
from tifa.tracking.phrases.kwic import make_terms, query_key, search


@dataclass(frozen=True, slots=True)
class Outside:
    """The documents a range left out on each side, searched for its new and dropped lines,
    and the items said there, which the summaries do not list."""

    before: int  # documents dated before the range: searched for the new lines
    after: int  # documents dated after it: searched for the dropped ones
    said_before: tuple[PeriodChange, ...] = ()
    said_after: tuple[PeriodChange, ...] = ()

    def line(self) -> str:
        """One line for people: what was searched, and what it left out."""
        parts = []
        if self.before:
            parts.append(
                f"new lines searched for in the {counted(self.before, 'document')} before the "
                f"range: {len(self.said_before)} said there, not listed"
            )
        if self.after:
            parts.append(
                f"dropped lines in the {counted(self.after, 'document')} after it: "
                f"{len(self.said_after)} said there, not listed"
            )
        return "; ".join(parts)


def checked_outside(changes: ChangeReport, corpus: Corpus | Catalogue) -> ChangeReport:
    """``changes`` without the new lines said before its range and the dropped ones said
    after it, in ``corpus`` (the archive the report was built on), with ``outside`` saying
    so; unchanged when the range leaves out nothing on either side."""
    before, after = _beyond(_rows(corpus), changes.range)
    if not before and not after:
        return changes
    new = [c for s in changes for c in s.new] if before else []
    dropped = [c for s in changes for c in s.dropped] if after else []
    said_before = _said(corpus, new, before, changes.roles)
    said_after = _said(corpus, dropped, after, changes.roles)
    summaries = tuple(
        dataclasses.replace(
            s,
            new=tuple(c for c in s.new if id(c) not in said_before),
            dropped=tuple(c for c in s.dropped if id(c) not in said_after),
        )
        for s in changes
    )
    outside = Outside(
        len(before),
        len(after),
        tuple(c for c in new if id(c) in said_before),
        tuple(c for c in dropped if id(c) in said_after),
    )
    return dataclasses.replace(changes, summaries=summaries, outside=outside)


def _rows(corpus: Corpus | Catalogue) -> Sequence[DocumentInfo] | Sequence[Document]:
    return corpus.rows if isinstance(corpus, Catalogue) else corpus.documents


def _beyond(rows: Iterable[DocumentInfo | Document], span: DateRange) -> tuple[set[str], set[str]]:
    """The ids of the documents wholly before ``span`` and wholly after it (those without a
    year, or straddling its edge, are neither)."""
    before: set[str] = set()
    after: set[str] = set()
    if span.first is None and span.last is None:
        return before, after
    for row in rows:
        extent = doc_extent(row)
        if extent is None:
            continue
        if span.first is not None and extent[1] < span.first:
            before.add(row.id)
        elif span.last is not None and extent[0] > span.last:
            after.add(row.id)
    return before, after


def _said(
    corpus: Corpus | Catalogue,
    items: Sequence[PeriodChange],
    within: set[str],
    roles: Sequence[str],
) -> set[int]:
    """The ids (``id()``) of the items one of whose wordings ``within``'s documents say in
    ``roles``' turns; one search for all of them, by the wordings' matching keys (two
    wordings that differ only in spacing or width are one)."""
    if not items or not within:
        return set()
    wordings = {id(c): _wordings(c) for c in items}
    keys = sorted({k for said in wordings.values() for k in said})
    if not keys:
        return set()
    found = {o.phrase for o in search(corpus, make_terms(keys), roles=roles, within=within)}
    return {item for item, said in wordings.items() if not found.isdisjoint(said)}


def _wordings(c: PeriodChange) -> set[str]:
    """The matching keys of the wordings an item stands for (``kwic.query_key``, which a
    term searched for is labelled by): its family's, or its variant's for a new wording of
    an older line."""
    index = c.variant.index if c.variant is not None else None
    said = {m.wording for m in c.family.members if index is None or m.variant == index}
    return {k for k in map(query_key, said) if k}
