"""The engine: document relations, version diffs, formulation families, phrase timelines.

Plain typed data in, plain typed data out; nothing here imports Textual or Rich. This is
the front door for scripts and notebooks, and what every ``tifa`` command is a thin wrapper
of: load a corpus, then ask it the three questions (versions, formulations, phrases) and
render any answer in the formats the command line prints. The names are imported lazily
(PEP 562), on first use, so that importing one module of the engine does not load the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tifa.corpus.lazy import lazy_exports

if TYPE_CHECKING:  # what type checkers and editors see; EXPORTS is what runs
    from tifa.corpus.info import Corpus
    from tifa.corpus.load import load_corpus, with_tokens
    from tifa.corpus.model import CorpusError, Document
    from tifa.corpus.voice import voice_turns
    from tifa.tracking.formulations.changes import (
        ChangeReport,
        PeriodChange,
        PeriodSummary,
        period_changes,
    )
    from tifa.tracking.formulations.families import (
        Family,
        FamilyChange,
        FamilyMember,
        FamilyReport,
        build_all,
        build_families,
        kept_families,
    )
    from tifa.tracking.formulations.outside import Outside, checked_outside
    from tifa.tracking.formulations.remembered import ReportStore
    from tifa.tracking.formulations.render import render_changes, render_families
    from tifa.tracking.formulations.topics import Topic, TopicsError, load_topics, resolve_topic
    from tifa.tracking.periods import DateRange, Period, PeriodError, date_range
    from tifa.tracking.phrases.kwic import Occurrence, QueryError, Term, find_occurrences
    from tifa.tracking.phrases.render import render_occurrences, render_timeline
    from tifa.tracking.phrases.timeline import DocCount, PeriodCount, Timeline, phrase_timeline
    from tifa.tracking.versions.chains import Chain, find_chains
    from tifa.tracking.versions.diff import DocumentDiff, SentenceRow, TurnRow, diff_documents
    from tifa.tracking.versions.relations import (
        RelatedPair,
        RelationReport,
        corpus_relations,
        relate,
    )
    from tifa.tracking.versions.render import render_diff

# Where each public name is defined: the corpus, then one line per capability.
EXPORTS = {
    "tifa.corpus.info": ("Corpus",),
    "tifa.corpus.load": ("load_corpus", "with_tokens"),
    "tifa.corpus.model": ("CorpusError", "Document"),
    "tifa.corpus.voice": ("voice_turns",),
    "tifa.tracking.versions.relations": (
        "RelatedPair",
        "RelationReport",
        "corpus_relations",
        "relate",
    ),
    "tifa.tracking.versions.chains": ("Chain", "find_chains"),
    "tifa.tracking.versions.diff": ("DocumentDiff", "SentenceRow", "TurnRow", "diff_documents"),
    "tifa.tracking.versions.render": ("render_diff",),
    "tifa.tracking.formulations.topics": ("Topic", "TopicsError", "load_topics", "resolve_topic"),
    "tifa.tracking.formulations.families": (
        "Family",
        "FamilyChange",
        "FamilyMember",
        "FamilyReport",
        "build_all",
        "build_families",
        "kept_families",
    ),
    "tifa.tracking.formulations.remembered": ("ReportStore",),
    "tifa.tracking.formulations.changes": (
        "ChangeReport",
        "PeriodChange",
        "PeriodSummary",
        "period_changes",
    ),
    "tifa.tracking.formulations.outside": ("Outside", "checked_outside"),
    "tifa.tracking.formulations.render": ("render_changes", "render_families"),
    "tifa.tracking.phrases.kwic": ("Occurrence", "QueryError", "Term", "find_occurrences"),
    "tifa.tracking.periods": ("DateRange", "Period", "PeriodError", "date_range"),
    "tifa.tracking.phrases.timeline": ("DocCount", "PeriodCount", "Timeline", "phrase_timeline"),
    "tifa.tracking.phrases.render": ("render_occurrences", "render_timeline"),
}
__all__, __getattr__, __dir__ = lazy_exports(__name__, EXPORTS)
