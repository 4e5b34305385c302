"""Phrase timelines: how often a term occurs per period and per document, and in whose turns.

Built on ``kwic.search`` (the one matcher), so a timeline and a search agree;
which period a document counts in is ``tracking.periods``'s decision (years, quarters or
months, a date range, undated and partially dated documents). Records, tables and the text,
JSON, CSV, Markdown and HTML renderings are in ``render``. Decisions:

* A timeline counts what the official voice says (``corpus.voice``: answers, statements,
  the text of reports and speeches), as families do: a journalist's question that quotes
  台独 is not the government's wording. ``roles`` asks for other turns (``("all",)`` for
  every turn, as before roles existed); ``by_role`` has a key for each role read.
* The rate is per 10,000 characters of the turns read, so periods with more or longer
  transcripts compare fairly; two editions of one event both count. A period without any
  document (or none of the turns read) has no rate (``None``): nothing was said there, which
  is not a rate of zero.
* Every period of the range gets a row, zero included: an absence is a finding. Documents
  without a known year are counted under ``undated``, last; year-only documents in a
  quarter or month timeline under their year, after its last quarter or month.
* ``by_speaker`` is keyed by canonical speaker (narration under "(narration)"), most
  frequent first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import get_args

from tifa.corpus.catalogue import Catalogue
from tifa.corpus.columns import from_columns
from tifa.corpus.info import Corpus, DocumentInfo
from tifa.corpus.model import Role
from tifa.corpus.progress import Cancel, Report
from tifa.corpus.voice import OFFICIAL, parse_roles
from tifa.tracking.periods import Binning, DateRange, Period, Unit, bin_documents
from tifa.tracking.phrases.kwic import CONTEXT, Occurrence, Term, make_terms, search

ROLES: tuple[str, ...] = get_args(Role)
NARRATION = "(narration)"
PER = 10_000


@dataclass(frozen=True, slots=True)
class PeriodCount:
    """One term in one period. ``rate`` is None when the period has no document."""

    phrase: str
    period: Period
    docs: int
    docs_with: int
    chars: int
    count: int
    rate: float | None
    by_role: dict[str, int]
    by_speaker: dict[str, int]

    @property
    def year(self) -> int | None:
        return self.period.year


@dataclass(frozen=True, slots=True)
class DocCount:
    """One term in one document (zero counts included)."""

    phrase: str
    doc_id: str
    period: Period
    year: int | None
    date: str | None
    edition: str | None
    chars: int
    count: int
    rate: float | None
    by_role: dict[str, int]
    by_speaker: dict[str, int]


@dataclass(frozen=True, slots=True)
class Timeline:
    terms: tuple[Term, ...]
    fuzzy: float | None
    roles: tuple[Role, ...]  # the turns counted
    binning: Binning
    periods: tuple[PeriodCount, ...]
    documents: tuple[DocCount, ...]
    occurrences: tuple[Occurrence, ...]

    @property
    def unit(self) -> Unit:
        return self.binning.unit

    def periods_of(self, phrase: str) -> tuple[PeriodCount, ...]:
        return tuple(p for p in self.periods if p.phrase == phrase)

    def occurrences_of(self, phrase: str) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.phrase == phrase)


# The last binning made, with the rows it was made of: a catalogue opened again on the same
# corpus has the same rows tuple (``corpus.snapshot`` keeps it), as in the tifa daemon, which
# opens one corpus for every command it runs; binning 1,000 daily briefings is ~4 ms of their
# timeline. Holding the tuple keeps its identity from being reused.
_last: tuple[tuple[DocumentInfo, ...], Unit, DateRange, Binning] | None = None


def _binning(infos: tuple[DocumentInfo, ...], by: Unit, span: DateRange) -> Binning:
    """``bin_documents(infos, by, span)``, the same object as last time for the same rows."""
    global _last
    last = _last
    if last is not None and last[0] is infos and last[1] == by and last[2] == span:
        return last[3]
    binning = bin_documents(infos, by, span)
    _last = (infos, by, span, binning)
    return binning


def phrase_timeline(
    corpus: Corpus | Catalogue,
    phrases: Sequence[str | Term],
    *,
    aliases: Sequence[str] | Mapping[str, Sequence[str]] = (),
    fuzzy: float | None = None,
    context: int = CONTEXT,
    by: Unit = "year",
    span: DateRange | None = None,
    roles: Collection[str] | None = None,
    progress: Report | None = None,
    cancel: Cancel | None = None,
) -> Timeline:
    """The timeline of each term (a phrase with its aliases; see ``kwic.make_terms``), per
    period of ``by`` within ``span`` (``tracking.periods.date_range``; default: all), in the
    turns of ``roles`` (default: the official voice, ``corpus.voice``). Counts and
    characters come from the catalogue rows (``DocumentInfo.role_chars``), so a catalogue
    opens only the documents its index names as holding the phrase. ``progress`` and
    ``cancel`` as for ``kwic.find_occurrences``."""
    terms = make_terms(phrases, aliases)
    read = OFFICIAL if roles is None else parse_roles(roles)
    binning = _binning(corpus.infos, by, span or DateRange())
    of_doc = binning.of_doc
    docs = [d for d in corpus.infos if d.id in of_doc]
    # The turns of ``read``, in the documents binned: as ``voice_turns`` reads them.
    occurrences = search(
        corpus,
        terms,
        fuzzy=fuzzy,
        context=context,
        roles=read,
        within=of_doc,
        progress=progress,
        cancel=cancel,
    )
    # What does not depend on the term, a column per field of ``DocCount`` (a row per
    # document of a 10,000-document archive: made a field at a time), and per period.
    ids = [d.id for d in docs]
    periods = [of_doc[doc_id] for doc_id in ids]
    zeros = (0,) * len(read)
    chars = [sum(map(d.role_chars.get, read, zeros)) for d in docs]
    fixed = (
        ids,
        periods,
        [d.year for d in docs],
        [d.date for d in docs],
        [d.edition for d in docs],
    )
    # Per period, by its key (unique among a binning's periods; a string hashes at once).
    members = dict.fromkeys([p.key for p in binning.periods], 0)
    period_chars = members.copy()
    for period, count in zip(periods, chars, strict=True):
        members[period.key] += 1
        period_chars[period.key] += count
    # Most documents hold no occurrence: one pair of dicts for them all (rows are not changed).
    nothing: tuple[dict[str, int], dict[str, int]] = (dict.fromkeys(read, 0), {})
    period_rows: list[PeriodCount] = []
    doc_rows: list[DocCount] = []
    for term in terms:
        by_doc: dict[str, list[Occurrence]] = {}
        for o in occurrences:
            if o.phrase == term.label:
                by_doc.setdefault(o.doc_id, []).append(o)
        if docs:
            found = [by_doc.get(doc_id, ()) for doc_id in ids]
            counts = list(map(len, found))
            breakdowns = [_breakdown(f, read) if f else nothing for f in found]
            by_role, by_speaker = zip(*breakdowns, strict=True)
            columns = (
                (term.label,) * len(docs),
                *fixed,
                chars,
                counts,
                list(map(_rate, counts, chars)),
                by_role,
                by_speaker,
            )
            doc_rows += from_columns(DocCount, columns)
        # Occurrences per period in corpus order, as ``by_doc`` holds them.
        in_period: dict[str | None, list[Occurrence]] = {p.key: [] for p in binning.periods}
        docs_with = dict.fromkeys(in_period, 0)
        for doc_id, found_in in by_doc.items():
            in_period[of_doc[doc_id].key] += found_in
            docs_with[of_doc[doc_id].key] += 1
        for period in binning.periods:
            found_in, total = in_period[period.key], period_chars[period.key]
            period_rows.append(
                PeriodCount(
                    term.label,
                    period,
                    members[period.key],
                    docs_with[period.key],
                    total,
                    len(found_in),
                    _rate(len(found_in), total),
                    *_breakdown(found_in, read),
                )
            )
    return Timeline(terms, fuzzy, read, binning, tuple(period_rows), tuple(doc_rows), occurrences)


def _rate(count: int, chars: int) -> float | None:
    return count * PER / chars if chars else None


def _breakdown(
    found: Sequence[Occurrence], read: Sequence[Role]
) -> tuple[dict[str, int], dict[str, int]]:
    if not found:
        return dict.fromkeys(read, 0), {}
    roles = Counter[str](o.role for o in found)
    speakers = Counter(o.speaker or NARRATION for o in found)
    return {r: roles.get(r, 0) for r in read}, dict(speakers.most_common())
