"""Which spans to diff when one document lies inside the other (``tifa diff``, Compare).

A statement printed in a briefing is diffed against its span there, both read as runs of
sentences; two versions of one event are diffed whole, turn by turn. Deciding costs a
relation (``relations.relate``), which imports numpy: it is skipped when the two texts are
too alike in length for one to be an excerpt of the other (the shorter must be
``dupes.EXCERPT_CONTAINMENT`` inside while the longer is at most ``dupes.HOST_SHARE`` inside
the shorter: a ratio of 2/3; ``EXCERPT_LENGTH_RATIO`` leaves a margin), so that a warm
``tifa diff`` of two versions still imports neither numpy nor jieba.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tifa.corpus import Document
    from tifa.tracking.versions.diff import Window
    from tifa.tracking.versions.relations import RelatedPair

EXCERPT_LENGTH_RATIO = 0.75
Windows = tuple["Window | None", "Window | None"]


def excerpt_windows(a: Document, b: Document) -> tuple[RelatedPair | None, Windows | None]:
    """The pair's relation and the windows to diff on, when one lies inside the other;
    (None, None) when the lengths rule it out, (pair, None) when it is not inside."""
    shorter, longer = sorted((len(a.key), len(b.key)))
    if shorter > EXCERPT_LENGTH_RATIO * longer:
        return None, None
    from tifa.tracking.versions.relations import relate

    pair = relate(a, b)
    return pair, pair_windows(pair, a, b) if pair is not None and pair.host else None


def pair_windows(pair: RelatedPair | None, a: Document, b: Document) -> Windows:
    """The windows for a diff of ``a`` and ``b`` read as runs of sentences: the host's span
    when one lies inside the other, the whole texts (None) otherwise."""
    if pair is None or pair.host is None or pair.span is None:
        return (None, None)
    return (pair.span, None) if pair.host == a.id else (None, pair.span)
