"""Reports made before they are asked for: every built-in topic's families over an archive,
built and kept (``remembered``) while nobody waits, so that ``tifa families`` and
``tifa changes`` answer from what is kept.

Building all nine topics' families over 10,000 briefings takes half a minute to a minute on
two cores, by the machine, and every briefing added changes the archive, so a reader who adds
today's briefings and asks what changed waits that long; a kept report is read back in
seconds. ``tifa prepare``
(and a daemon started with ``--prepare``, after each change to its corpus) builds what is
missing, the way a search engine refreshes its index after new pages arrive. Decisions:

* Only what is missing is built: a topic whose report is kept for the archive as it is (its
  documents, events, code and parameters: ``remembered``) is told from the catalogue's rows
  and the entry's header alone, without reading a document or the report.
* The reports are those a command asks for by default (by year, the whole span, the official
  voice), or for the unit, span and roles given: a kept report serves only the same question.
* The whole official voice (``all``) is prepared only when named: over 10,000 briefings it
  takes minutes and gigabytes, which a topic's question should not pay for.
* The topics are built over the cores as ``families.build_all`` builds them, reading the
  words of the documents some missing topic reads (``families.words_read``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from tifa.corpus import Catalogue, Document
from tifa.corpus.progress import Report
from tifa.tracking.formulations.clauses import MAX_CLAUSES
from tifa.tracking.formulations.families import (
    MIN_SIMILARITY,
    build_all,
    read_roles,
    words_read,
)
from tifa.tracking.formulations.remembered import ReportStore
from tifa.tracking.formulations.topics import Topic
from tifa.tracking.periods import DateRange, Unit


@dataclass(frozen=True, slots=True)
class Prepared:
    """What ``prepare`` found kept and what it built, by topic id, and how long it took."""

    kept: tuple[str, ...]
    built: tuple[str, ...]
    seconds: float


def missing(
    catalogue: Catalogue,
    topics: Sequence[Topic],
    store: ReportStore,
    *,
    by: Unit = "year",
    span: DateRange | None = None,
    roles: Collection[str] | None = None,
    min_similarity: float = MIN_SIMILARITY,
    max_clauses: int = MAX_CLAUSES,
) -> list[Topic]:
    """The topics whose report for the archive as it is is not kept (all of them when its
    events are not: the archive changed since they were found)."""
    rows = catalogue.rows
    events = store.kept_events(rows)
    if events is None:
        return list(topics)
    read = read_roles(roles)
    return [
        t
        for t in topics
        if not store.holds(
            store.report_key(rows, t, events, by, span, read, min_similarity, max_clauses)
        )
    ]


def prepare(
    catalogue: Catalogue,
    topics: Sequence[Topic],
    store: ReportStore,
    *,
    by: Unit = "year",
    span: DateRange | None = None,
    roles: Collection[str] | None = None,
    min_similarity: float = MIN_SIMILARITY,
    max_clauses: int = MAX_CLAUSES,
    progress: Report | None = None,
) -> Prepared:
    """Build and keep in ``store`` the reports of ``topics`` over the archive of an open
    catalogue that are not kept yet (see the module docstring)."""
    start = time.perf_counter()
    todo = missing(
        catalogue,
        topics,
        store,
        by=by,
        span=span,
        roles=roles,
        min_similarity=min_similarity,
        max_clauses=max_clauses,
    )
    if todo:
        corpus = catalogue.corpus(words=_words_of(todo), progress=progress)
        build_all(
            corpus,
            todo,
            min_similarity=min_similarity,
            max_clauses=max_clauses,
            by=by,
            span=span,
            roles=roles,
            store=store,
        )
    built = {t.id for t in todo}
    return Prepared(
        tuple(t.id for t in topics if t.id not in built),
        tuple(t.id for t in todo),
        time.perf_counter() - start,
    )


def _words_of(topics: Sequence[Topic]) -> bool | Callable[[Document], bool]:
    """The documents whose words some topic's build reads."""
    reads = [words_read(t) for t in topics]
    if any(r is True for r in reads):
        return True
    tests = [r for r in reads if callable(r)]
    return lambda doc: any(test(doc) for test in tests)
