"""Phrase timelines and KWIC lines as records, flat tables, text, JSON, CSV, Markdown, HTML.

Decisions:

* ``timeline_record`` is the JSON document of ``tifa timeline``; ``period_table``,
  ``document_table`` and ``occurrence_table`` are flat tables, and every occurrence row
  cites document, period, turn and raw-file offsets.
* Periods are strings ("2021", "2021-Q2", "2021-05"; null when undated) under ``period``.
  With ``--by year`` the period rows are also listed under ``years``, as before periods
  existed, so scripts written for that shape keep working.
* ``period_count_record`` and ``doc_count_record`` are the records of a phrase's counts in
  a period and in a document (not to be confused with ``tracking.listing.document_record``,
  a document's own metadata).
* ``render_timeline`` and ``render_occurrences`` are the one place the formats are chosen,
  for the command line and the workbench's exports alike; the period tables of text and
  Markdown carry a bar chart of the rate, and every row (a hundred months as well).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tifa.tracking import scope
from tifa.tracking.exports import (
    Table,
    display_width,
    md_escape,
    pad,
    plain,
    render_table,
    to_json,
)
from tifa.tracking.periods import WHY, Period
from tifa.tracking.phrases.kwic import Occurrence, Term
from tifa.tracking.phrases.timeline import NARRATION, ROLES, DocCount, PeriodCount, Timeline

TABLES = ("periods", "documents", "occurrences")
# ``--table years`` names the period table, as it did when timelines were by year only.
TABLE_ALIASES = {"years": "periods"}
BAR_WIDTH = 20
NO_DOCUMENTS = "–"

OCCURRENCE_COLUMNS = (
    "phrase",
    "variant",
    "doc_id",
    "year",
    "date",
    "turn",
    "label",
    "speaker",
    "role",
    "outlet",
    "sentence",
    "raw_start",
    "raw_end",
    "start",
    "end",
    "score",
    "left",
    "match",
    "right",
    "sentence_text",
)
TIMELINE_OCCURRENCE_COLUMNS = (*OCCURRENCE_COLUMNS[:5], "period", *OCCURRENCE_COLUMNS[5:])
PERIOD_COLUMNS = (
    "phrase",
    "period",
    "year",
    "docs",
    "docs_with",
    "chars",
    "count",
    "rate_per_10k",
    *ROLES,
    "speakers",
)
DOCUMENT_COLUMNS = (
    "phrase",
    "doc_id",
    "period",
    "year",
    "date",
    "edition",
    "chars",
    "count",
    "rate_per_10k",
    *ROLES,
    "speakers",
)


def occurrence_record(o: Occurrence, period: Period | None = None) -> dict[str, Any]:
    """An occurrence's fields; in a timeline also the ``period`` its document counts in."""
    record = {c: getattr(o, c) for c in OCCURRENCE_COLUMNS}
    if period is None:
        return record
    return {c: period.key if c == "period" else record[c] for c in TIMELINE_OCCURRENCE_COLUMNS}


def _count_record(row: PeriodCount | DocCount, head: dict[str, Any]) -> dict[str, Any]:
    return {
        **head,
        "count": row.count,
        "rate_per_10k": None if row.rate is None else round(row.rate, 3),
        "by_role": dict(row.by_role),
        "by_speaker": dict(row.by_speaker),
    }


def period_count_record(row: PeriodCount) -> dict[str, Any]:
    head = {
        "phrase": row.phrase,
        "period": row.period.key,
        "year": row.year,
        "docs": row.docs,
        "docs_with": row.docs_with,
        "chars": row.chars,
    }
    return _count_record(row, head)


def doc_count_record(row: DocCount) -> dict[str, Any]:
    head = {
        "phrase": row.phrase,
        "doc_id": row.doc_id,
        "period": row.period.key,
        "year": row.year,
        "date": row.date,
        "edition": row.edition,
        "chars": row.chars,
    }
    return _count_record(row, head)


def timeline_record(tl: Timeline) -> dict[str, Any]:
    """The JSON document: {"roles", "by", "since", "until", "left_out", "phrases",
    "periods", ("years",) "documents", "occurrences"}."""
    phrases = []
    for term in tl.terms:
        mine = tl.occurrences_of(term.label)
        phrases.append(
            {
                "phrase": term.label,
                "variants": list(term.variants),
                "fuzzy": tl.fuzzy,
                "count": len(mine),
                "documents": len({o.doc_id for o in mine}),
            }
        )
    span = tl.binning.range
    periods = [period_count_record(p) for p in tl.periods]
    record: dict[str, Any] = {
        "roles": list(tl.roles),
        "by": tl.unit,
        "since": span.first.isoformat() if span.first else None,
        "until": span.last.isoformat() if span.last else None,
        "left_out": {r: list(ids) for r, ids in tl.binning.left_out.items()},
        "phrases": phrases,
        "periods": periods,
    }
    if tl.unit == "year":
        record["years"] = periods
    of_doc = tl.binning.of_doc
    record["documents"] = [doc_count_record(d) for d in tl.documents]
    record["occurrences"] = [occurrence_record(o, of_doc[o.doc_id]) for o in tl.occurrences]
    return record


def _flat(record: dict[str, Any], columns: tuple[str, ...]) -> tuple[Any, ...]:
    """A record's values in ``columns``; a role the timeline did not read is an empty cell."""
    merged = {**record, **record.get("by_role", {}), "speakers": record.get("by_speaker")}
    return tuple(merged.get(c) for c in columns)


def period_table(tl: Timeline) -> Table:
    rows = tuple(_flat(period_count_record(p), PERIOD_COLUMNS) for p in tl.periods)
    return Table(PERIOD_COLUMNS, rows)


def document_table(tl: Timeline) -> Table:
    rows = tuple(_flat(doc_count_record(d), DOCUMENT_COLUMNS) for d in tl.documents)
    return Table(DOCUMENT_COLUMNS, rows)


def occurrence_table(occurrences: Sequence[Occurrence]) -> Table:
    rows = tuple(tuple(occurrence_record(o).values()) for o in occurrences)
    return Table(OCCURRENCE_COLUMNS, rows)


def timeline_occurrence_table(tl: Timeline) -> Table:
    of_doc = tl.binning.of_doc
    rows = tuple(tuple(occurrence_record(o, of_doc[o.doc_id]).values()) for o in tl.occurrences)
    return Table(TIMELINE_OCCURRENCE_COLUMNS, rows)


def bar(rate: float | None, top: float, width: int = BAR_WIDTH) -> str:
    """A bar of █ proportional to ``rate``; anything above zero shows at least one block."""
    if not rate or rate <= 0 or top <= 0:
        return ""
    return "█" * max(1, round(width * rate / top))


def render_timeline(tl: Timeline, fmt: str, table: str | None = None) -> str:
    """``tl`` as text, JSON, CSV, Markdown or HTML. With ``table`` ("periods" (or "years"),
    "documents" or "occurrences") only that table; without, JSON is the whole record, CSV
    the occurrences (every row citing its source), text the period charts and KWIC lines,
    Markdown and HTML all three."""
    tables = {
        "periods": period_table,
        "documents": document_table,
        "occurrences": timeline_occurrence_table,
    }
    if table is not None and fmt != "html":
        return render_table(tables[TABLE_ALIASES.get(table, table)](tl), fmt)
    if fmt == "json":
        return to_json(timeline_record(tl))
    if fmt == "csv":
        return render_table(timeline_occurrence_table(tl), "csv")
    if fmt == "md":
        return _markdown(tl)
    if fmt == "html":
        return _html(tl)
    return _text(tl)


def _heading(tl: Timeline, term: Term) -> str:
    mine = tl.occurrences_of(term.label)
    variants = " + ".join(term.variants)
    mode = "exact" if tl.fuzzy is None else f"fuzzy ≥ {tl.fuzzy:g}"
    return (
        f"{variants} ({mode}): {len(mine)} occurrences in "
        f"{len({o.doc_id for o in mine})} of {len({d.doc_id for d in tl.documents})} "
        "documents"
    )


def scope_line(tl: Timeline) -> str:
    return scope.scope_line(tl.roles, tl.unit, tl.binning.range, tl.binning.left_out)


def rate_text(rate: float | None) -> str:
    return NO_DOCUMENTS if rate is None else f"{rate:.2f}"


def _chart_table(tl: Timeline, rows: Sequence[PeriodCount]) -> Table:
    top = max((r.rate or 0.0 for r in rows), default=0.0)
    columns = ("period", "docs", "count", "per_10k", "chart", *tl.roles)
    return Table(
        columns,
        tuple(
            (
                r.period.shown(tl.unit),
                r.docs,
                r.count,
                rate_text(r.rate),
                bar(r.rate, top),
                *(r.by_role[k] for k in tl.roles),
            )
            for r in rows
        ),
    )


def _text(tl: Timeline) -> str:
    parts = [plain(scope_line(tl)), ""]
    for term in tl.terms:
        parts += [
            plain(_heading(tl, term)),
            "",
            render_table(_chart_table(tl, tl.periods_of(term.label)), "text"),
            kwic_text(tl.occurrences_of(term.label)),
        ]
    return "\n".join(parts)


def _doc_head(tl: Timeline) -> tuple[str, ...]:
    return ("doc_id", "period", "date", "count", "per_10k", *tl.roles)


_OCC_HEAD = (
    "doc_id",
    "period",
    "turn",
    "speaker",
    "raw_start",
    "raw_end",
    "score",
    "left",
    "match",
    "right",
)


def _doc_rows(tl: Timeline, term: Term) -> list[tuple[Any, ...]]:
    return [
        (
            d.doc_id,
            d.period.shown(tl.unit),
            d.date,
            d.count,
            rate_text(d.rate),
            *(d.by_role[k] for k in tl.roles),
        )
        for d in tl.documents
        if d.phrase == term.label and d.count
    ]


def _occ_rows(tl: Timeline, term: Term) -> list[tuple[Any, ...]]:
    of_doc = tl.binning.of_doc
    return [
        (
            o.doc_id,
            of_doc[o.doc_id].shown(tl.unit),
            o.turn,
            o.speaker or NARRATION,
            o.raw_start,
            o.raw_end,
            o.score,
            o.left,
            o.match,
            o.right,
        )
        for o in tl.occurrences_of(term.label)
    ]


def _markdown(tl: Timeline) -> str:
    parts = ["# Phrase timeline", "", plain(scope_line(tl)), ""]
    for term in tl.terms:
        parts += [
            f"## {md_escape(_heading(tl, term))}",
            "",
            f"### Per {tl.unit}",
            "",
            render_table(_chart_table(tl, tl.periods_of(term.label)), "md"),
            "### Per document",
            "",
            render_table(Table(_doc_head(tl), tuple(_doc_rows(tl, term))), "md"),
            "### Occurrences",
            "",
            render_table(Table(_OCC_HEAD, tuple(_occ_rows(tl, term))), "md"),
        ]
    return "\n".join(parts)


def _html(tl: Timeline) -> str:
    """A standalone report: per phrase a column chart of the rate per period, the period
    table, the documents that use it, and every occurrence (folded away). The HTML helpers
    are imported here: the other formats never need them."""
    from tifa.tracking import report_html as h

    title = "Phrase timeline: " + " | ".join(t.label for t in tl.terms)
    body = [f"<h1>{h.esc(title)}</h1>", f'<p class="meta">{h.esc(scope_line(tl))}</p>']
    for term in tl.terms:
        rows = tl.periods_of(term.label)
        columns = [
            h.Column(
                r.period.shown(tl.unit),
                (r.rate or 0.0,),
                f"{r.period.shown(tl.unit)}: {r.count} in {r.docs_with} of {r.docs} documents, "
                f"{rate_text(r.rate)} per 10,000 characters",
                nodocs=r.docs == 0,
            )
            for r in rows
            if r.period.unit == tl.unit
        ]
        aside = [r.period.shown(tl.unit) for r in rows if r.period.unit != tl.unit]
        chart = h.bar_chart(
            columns, series=(term.label,), axis="per 10,000 characters", title=term.label
        )
        body += [
            f"<h2>{h.esc(_heading(tl, term))}</h2>",
            h.figure(chart, _caption(tl, aside)),
            h.table(
                ("period", "documents", "with it", "count", "per 10k", *tl.roles),
                (
                    (
                        r.period.shown(tl.unit),
                        r.docs,
                        r.docs_with,
                        r.count,
                        rate_text(r.rate),
                        *(r.by_role[k] for k in tl.roles),
                    )
                    for r in rows
                ),
                empty=[r.docs == 0 for r in rows],
            ),
            "<h3>Documents that use it</h3>",
            h.table(_doc_head(tl), _doc_rows(tl, term)),
            "<details>",
            f"<summary>{len(tl.occurrences_of(term.label))} occurrences in context</summary>",
            _kwic_html(tl, term),
            "</details>",
        ]
    left = [(WHY[r], ", ".join(ids)) for r, ids in tl.binning.left_out.items() if ids]
    if left:
        body += ["<h2>Left out</h2>", h.table(("why", "documents"), left)]
    return h.page(title, body)


def _caption(tl: Timeline, aside: Sequence[str]) -> str:
    caption = f"Occurrences per 10,000 characters, per {tl.unit}."
    if aside:
        caption += f" In the table, not on the time axis: {', '.join(aside)}."
    return caption


def _kwic_html(tl: Timeline, term: Term) -> str:
    from tifa.tracking import report_html as h

    rows = _occ_rows(tl, term)
    out = ["<table>", "<tr>" + "".join(f"<th>{h.esc(c)}</th>" for c in _OCC_HEAD) + "</tr>"]
    for row in rows:
        *cite, left, match, right = row
        cells = "".join(f"<td>{h.esc(v)}</td>" for v in cite)
        out.append(
            f'<tr>{cells}<td class="left">{h.esc(left)}</td><td class="match">{h.esc(match)}</td>'
            f'<td class="right">{h.esc(right)}</td></tr>'
        )
    out.append("</table>")
    return "\n".join(out)


def kwic_text(occurrences: Sequence[Occurrence]) -> str:
    """One line per occurrence for people: the citation, the left context right-aligned,
    the match, the right context, in columns. Every corpus string passes through ``plain``."""
    rows = []
    for o in occurrences:
        who = plain(o.speaker) or NARRATION
        score = "" if o.score == 100 else f" ~{o.score:g}"
        rows.append(
            (
                f"{plain(o.doc_id)} {o.date or o.year or '?'} #{o.turn} {o.role} {who} "
                f"{o.raw_start}-{o.raw_end}{score}",
                plain(o.left),
                plain(o.match),
                plain(o.right),
            )
        )
    cite_width = max((display_width(r[0]) for r in rows), default=0)
    left_width = max((display_width(r[1]) for r in rows), default=0)
    lines = [
        f"{pad(cite, cite_width)}  {' ' * (left_width - display_width(left))}{left}"
        f"  {match}  {right}".rstrip()
        for cite, left, match, right in rows
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def render_occurrences(occurrences: Sequence[Occurrence], fmt: str) -> str:
    """KWIC lines (``tifa search``) as text, JSON, CSV or Markdown."""
    if fmt == "text":
        return kwic_text(occurrences)
    if fmt == "json":
        return to_json([occurrence_record(o) for o in occurrences])
    return render_table(occurrence_table(occurrences), fmt)
