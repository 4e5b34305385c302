"""Standalone HTML reports of families and of changes, with SVG charts.

Built on ``tracking.report_html`` (inline CSS and SVG, nothing fetched, corpus text escaped).

* The families report shows, for each of the most used families (``limit``), a stacked
  column per period: the uses of each of its most used variants (v0, v1, …, and the other
  wordings together), so that a wording giving way to another shows as one colour replacing
  another; then its variants with their templates, uses and first use, and its rewordings
  marked word by word. A period in which the family is not said is a grey tick.
* The changes report charts the changes per period (stacked by kind), then lists per period
  the formulations new, dropped, returning, reworded and the variants that overtook others,
  the most used first, each citing document, turn and raw offsets.
"""

from __future__ import annotations

from collections.abc import Sequence

from tifa.tracking import report_html as h
from tifa.tracking.formulations.changes import KINDS, ChangeReport, rewordings
from tifa.tracking.formulations.families import Family, FamilyReport
from tifa.tracking.formulations.records import detail, events_in, named, reworded_uses
from tifa.tracking.formulations.said import Context, InSentence
from tifa.tracking.formulations.shares import shares
from tifa.tracking.formulations.summary import (
    LIMIT,
    change_scope,
    cite,
    documents,
    nested_note,
    period_notes,
    ranked,
    top,
)
from tifa.tracking.scope import scope_line
from tifa.tracking.worddiff import WordEdit


def families_html(
    reports: Sequence[FamilyReport],
    topic: str,
    limit: int | None = LIMIT,
    context: Context | None = None,
) -> str:
    """Per family (the most used), a stacked chart of its variants per period, the variants
    and the rewordings; with ``context``, the use its label is printed from in its
    sentence."""
    title = f"Formulation families: {topic}"
    periods = list(events_in(reports))
    events = events_in(reports)
    body = [f"<h1>{h.esc(title)}</h1>"]
    if reports:
        r = reports[0]
        line = scope_line(r.roles, r.unit, r.binning.range, r.left_out)
        body.append(f'<p class="meta">{h.esc(line)}</p>')
    families = [f for r in reports for f in r.families]
    chosen = top(families, limit)
    unit = reports[0].unit if reports else "year"
    body.append(
        f'<p class="meta">{len(families)} families; the {len(chosen)} most used below'
        f"{nested_note(chosen)} (the JSON and CSV exports hold every family, variant and "
        "member).</p>"
    )
    for f in chosen:
        body.append(f"<h2>{h.esc(f.id)}: {h.esc(named(f))}</h2>")
        around = context(f.variants[0].cited, wording=True) if context else None
        if around:
            body.append(f"<p>{_in_sentence_html(around)}</p>")
        body.append(
            f'<p class="meta">{f.uses} uses in {len(f.periods)} {unit}s, {h.esc(f.first)}–'
            f"{h.esc(f.last)}; {len(f.variants)} variants</p>"
        )
        body.append(h.figure(_family_chart(f, periods, events), _caption(unit)))
        body.append(_variants_table(f))
        shown = rewordings(f, reports[0])
        if shown:
            body += ["<h3>rewordings of the canonical wording</h3>", "<ul>"]
            body += [
                f"<li>{h.esc(c.from_period)} → {h.esc(c.to_period)}: {_edits_html(c.edits)}</li>"
                for c in shown
            ]
            body.append("</ul>")
    return h.page(title, body)


def _caption(unit: str) -> str:
    return (
        f"Uses per {unit}, stacked by variant (v0 the most used); a grey tick: no use of the "
        f"formulation in that {unit}."
    )


def _family_chart(f: Family, periods: Sequence[str], events: dict[str, int]) -> str:
    data = shares(f, periods)
    names = tuple(s.name for s in data.series)
    columns = [
        h.Column(
            p,
            tuple(float(s.uses[n]) for s in data.series),
            f"{p}: {f.count(p)} of {events.get(p, 0)} events; "
            + ", ".join(f"{s.name} {s.uses[n]}" for s in data.series if s.uses[n]),
            nodocs=not data.totals[n],
        )
        for n, p in enumerate(periods)
    ]
    return h.bar_chart(
        columns, series=names, axis="uses", title=f"{f.id}: {named(f)}", nodocs="not said"
    )


def _variants_table(f: Family) -> str:
    rows = [
        (
            f"v{v.index}",
            v.template,
            v.uses,
            f"{v.first.period} … {v.last.period}",
            cite(v.first, wording=True),
        )
        for v in f.variants[:8]
    ]
    more = len(f.variants) - len(rows)
    table = h.table(("variant", "wording", "uses", "periods", "first use"), rows)
    return table + (f'<p class="meta">and {more} other wordings</p>' if more > 0 else "")


def changes_html(
    report: ChangeReport, topic: str, limit: int | None = LIMIT, context: Context | None = None
) -> str:
    """A chart of the changes per period (stacked by kind), then per period the changes of
    each kind, the most used first, rewordings marked word by word; with ``context``, each
    cited use in its sentence (``said``)."""
    title = f"What changed per {report.unit}: {topic}"
    columns = [
        h.Column(
            s.period,
            tuple(float(len(getattr(s, k))) for k in KINDS),
            f"{s.period}: {s.present} formulations present in {documents(s)}; "
            + ", ".join(f"{k} {len(getattr(s, k))}" for k in KINDS),
            nodocs=not s.discussed,
        )
        for s in report
    ]
    chart = h.bar_chart(
        columns, series=KINDS, axis="formulations", title=title, nodocs=report.silence
    )
    body = [f"<h1>{h.esc(title)}</h1>"]
    body += [f'<p class="meta">{h.esc(line)}</p>' for line in change_scope(report)]
    body.append(
        h.figure(
            chart,
            f"Formulations new, dropped after, returning, reworded, and variants that "
            f"overtook others, per {report.unit}; a grey tick: {report.silence}.",
        )
    )
    for s in report:
        head = f"{s.period}: {s.present} present in {documents(s)}"
        head += "".join(f" ({note})" for note in period_notes(s, report))
        body.append(f"<h2>{h.esc(head)}</h2>")
        for kind in KINDS:
            items = ranked(getattr(s, kind))
            if not items:
                continue
            shown = items if limit is None else items[:limit]
            body += [f"<h3>{kind} ({len(items)})</h3>", "<ul>"]
            for c in shown:
                text = _edits_html(c.change.edits) if c.change else h.esc(c.member.wording)
                said = reworded_uses(c) if c.change else detail(c, report.silence)
                around = context(c.member, wording=True) if context else None
                body.append(
                    f"<li>{text}"
                    + (f" <em>({h.esc(said)})</em>" if said else "")
                    + f'<br><span class="meta">{h.esc(c.family.id)} · '
                    + f"{h.esc(cite(c.member, wording=True))}</span>"
                    + (f"<br>{_in_sentence_html(around)}" if around else "")
                    + "</li>"
                )
            body.append("</ul>")
            if len(shown) < len(items):
                body.append(f'<p class="meta">and {len(items) - len(shown)} more (JSON, CSV)</p>')
    return h.page(title, body)


def _edits_html(edits: Sequence[WordEdit]) -> str:
    """The later wording with the earlier one's dropped words struck and new ones marked."""
    parts = []
    for e in edits:
        if e.op == "equal":
            parts.append(h.esc(e.b_text))
            continue
        if e.a_text:
            parts.append(f"<del>{h.esc(e.a_text)}</del>")
        if e.b_text:
            parts.append(f"<ins>{h.esc(e.b_text)}</ins>")
    return "".join(parts)


def _in_sentence_html(around: InSentence) -> str:
    """A use in its sentence, the use marked."""
    return (
        f'<span class="said">{h.esc(around.before)}<mark>{h.esc(around.said)}</mark>'
        f"{h.esc(around.after)}</span>"
    )
