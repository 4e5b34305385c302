"""What a range's changes claim of the archive outside it (``--since``/``--until``).

A range limits the documents read, and so the periods and their counts; but a line's first
use (**new**) and its last (**dropped**) are claims about the archive. Read from the range
alone, a line said for years before it is new in the range's second quarter: on the MFA
pages, ``tifa changes all --by quarter --since 2019-07`` listed 中国特色社会主义道路 and
新兴市场国家 as new in 2019-Q4. So each new and dropped item is checked against the
documents the range leaves out, in the turns read: a new line said before the range, or a
dropped one said after it, is not listed, and the report says how many were checked and
left out, and where each was said (``Outside``).

An item is searched for by the wording it is cited with, its variant's usual wording and
its family's (the family's label, for a line new as a family): a line said before in the
family's usual words is not new, however its first use in the range words it. Not every
wording of the family: a family that key phrases hold together has wordings of other lines
(国际社会高度关注 in the family of the 2018 US–DPRK summit line, said in 2017 of other
things), which made lines new in the range look said before it. The search is exact, over
the index (``kwic.search``, as ``tifa timeline`` counts, spacing and width aside), of each
wording as said and without its punctuation: a use outside unquoted is seen (香港修例风波
for 香港“修例风波”), but not one with punctuation the wording lacks (摒弃“双重标准” for
摒弃双重标准) or another particle (并让她 for ，让她), and the item stays.
Returning lines, rewordings and overtakings are silences and shares inside the range, and
are what the range shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tifa.corpus.catalogue import Catalogue
from tifa.corpus.info import Corpus, DocumentInfo
from tifa.corpus.model import Document
from tifa.tracking.formulations.changes import ChangeReport, PeriodChange
from tifa.tracking.formulations.keys import match_key
from tifa.tracking.formulations.records import counted
from tifa.tracking.periods import DateRange, doc_extent
from tifa.tracking.phrases.kwic import Occurrence, make_terms, query_key, search


@dataclass(frozen=True, slots=True)
class Said:
    """An item not listed, and where outside the range it is said: for a new line its last
    use before the range, for a dropped one its first after."""

    change: PeriodChange
    where: Occurrence


@dataclass(frozen=True, slots=True)
class Outside:
    """The documents a range left out on each side, how many new and dropped items were
    searched for there, and those said there, which the summaries do not list."""

    before: int  # documents dated before the range: searched for the new lines
    after: int  # documents dated after it: searched for the dropped ones
    new: int = 0  # new items searched for
    dropped: int = 0  # dropped items searched for
    said_before: tuple[Said, ...] = ()
    said_after: tuple[Said, ...] = ()

    def line(self) -> str:
        """One line for people: what was searched, and what it left out ("" when the range
        had no new or dropped item to search for)."""
        parts = []
        if self.new:
            parts.append(
                f"{counted(self.new, 'new line')} searched for in the "
                f"{counted(self.before, 'document')} before the range: "
                f"{len(self.said_before)} said there, not listed"
            )
        if self.dropped:
            parts.append(
                f"{counted(self.dropped, 'dropped line')} in the "
                f"{counted(self.after, 'document')} after it: "
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
    said_before = _said(corpus, new, before, changes.roles, _wordings, last=True)
    said_after = _said(corpus, dropped, after, changes.roles, _wordings, last=False)
    # a new wording kept, whose line (its family's usual wording) is older than the range
    wordings = [c for c in new if c.variant is not None and id(c) not in said_before]
    lines = _said(corpus, wordings, before, changes.roles, _line, last=True)

    def kept(c: PeriodChange) -> PeriodChange:
        where = lines.get(id(c))
        return c if where is None else dataclasses.replace(c, line_before=_when(where))

    summaries = tuple(
        dataclasses.replace(
            s,
            new=tuple(kept(c) for c in s.new if id(c) not in said_before),
            dropped=tuple(c for c in s.dropped if id(c) not in said_after),
        )
        for s in changes
    )
    outside = Outside(
        len(before),
        len(after),
        len(new),
        len(dropped),
        tuple(Said(c, said_before[id(c)]) for c in new if id(c) in said_before),
        tuple(Said(c, said_after[id(c)]) for c in dropped if id(c) in said_after),
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
    wordings_of: Callable[[PeriodChange], set[str]],
    *,
    last: bool,
) -> dict[int, Occurrence]:
    """For each item (by ``id()``) that ``within``'s documents say in ``roles``' turns in one
    of its ``wordings_of``, its last use there (``last``) or its first; one search for all of
    them, by the wordings' matching keys (two wordings that differ only in spacing or width
    are one)."""
    if not items or not within:
        return {}
    wordings = {id(c): wordings_of(c) for c in items}
    keys = sorted({k for said in wordings.values() for k in said})
    if not keys:
        return {}
    found: dict[str, list[Occurrence]] = {}
    for o in search(corpus, make_terms(keys), roles=roles, within=within):
        found.setdefault(o.phrase, []).append(o)
    out = {}
    for item, said in wordings.items():
        uses = [o for k in said for o in found.get(k, ())]
        if uses:
            out[item] = (max if last else min)(
                uses, key=lambda o: (o.date or "", o.doc_id, o.start)
            )
    return out


def _when(where: Occurrence) -> str:
    return where.date or where.doc_id


def _line(c: PeriodChange) -> set[str]:
    """The keys of a new wording's line: its family's usual wording."""
    return _keys({c.family.variants[0].wording})


def _wordings(c: PeriodChange) -> set[str]:
    """The keys of the wordings an item stands for: the one it is cited with, its variant's
    usual wording and, for a line new or dropped as a family, the family's."""
    fam = c.family
    said = {c.member.wording, fam.variants[c.member.variant].wording}
    if c.variant is None:
        said.add(fam.variants[0].wording)
    return _keys(said)


def _keys(said: set[str]) -> set[str]:
    """The matching keys (``kwic.query_key``, which a term searched for is labelled by) of
    wordings as said and without their punctuation (``keys.match_key``), as a document may
    say one unquoted (香港“修例风波” said before the range as 香港修例风波)."""
    return {k for k in map(query_key, said | {match_key(w) for w in said}) if k}
