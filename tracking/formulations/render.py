"""Families and changes per period as JSON records, tables, Markdown, text and HTML.

Every record and row cites the document id, the period, the turn index and the member's
character offsets into the raw file (``start``/``end``), so each wording can be checked in the
source. Rendering of tables (CSV, Markdown, text) and writing are ``tracking.exports``'s job;
this module only builds what they render, plus the layouts that are more than one table (a
per-period chart, one section per family or period; a standalone HTML page of the changes).

Periods are strings in JSON ("2021", "2021-Q2", "2021-05"). With ``--by year`` the change
summaries are also listed under ``years``, as before periods existed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tifa.tracking import report_html as h
from tifa.tracking.exports import Table, plain, to_csv, to_json, to_markdown
from tifa.tracking.formulations.changes import KINDS, ChangeReport, PeriodChange, PeriodSummary
from tifa.tracking.formulations.families import Family, FamilyChange, FamilyMember, FamilyReport
from tifa.tracking.periods import WHY, DateRange, Reason, Unit
from tifa.tracking.scope import scope_line
from tifa.tracking.worddiff import WordEdit, render_inline

MEMBER_COLUMNS = (
    "topic",
    "family",
    "label",
    "period",
    "year",
    "doc",
    "turn",
    "speaker",
    "start",
    "end",
    "text",
    "counted",
    "variant_of",
    "linked_by",
    "change",
)
CHANGE_COLUMNS = (
    "period",
    "year",
    "kind",
    "topic",
    "family",
    "label",
    "doc",
    "turn",
    "speaker",
    "start",
    "end",
    "text",
    "detail",
)
BAR = "█"
CHART_WIDTH = 30
# Up to this many periods a strip names each ("2017 ■  2019 ·"); beyond, one mark each.
LABELLED_STRIP = 12


def member_record(m: FamilyMember) -> dict[str, Any]:
    return {
        "doc": m.doc,
        "period": m.period,
        "year": m.year,
        "turn": m.turn,
        "speaker": m.speaker,
        "text": m.text,
        "start": m.raw_start,
        "end": m.raw_end,
        "counted": m.counted,
        "variant_of": m.variant_of,
        "linked_by": m.linked_by,
        "similarity": m.similarity,
    }


def _ops(edits: Sequence[WordEdit]) -> list[dict[str, str]]:
    return [{"op": e.op, "from_text": e.a_text, "to_text": e.b_text} for e in edits]


def change_record(c: FamilyChange) -> dict[str, Any]:
    return {
        "from_period": c.from_period,
        "to_period": c.to_period,
        "from_year": c.from_year,
        "to_year": c.to_year,
        "from_doc": c.before.doc,
        "to_doc": c.after.doc,
        "similarity": c.similarity,
        "inline": render_inline(c.edits),
        "ops": _ops(c.edits),
    }


def family_record(f: Family, report: FamilyReport) -> dict[str, Any]:
    """A family; ``periods`` has a row for every period of the report: ``count`` events
    that use the formulation, ``documents`` events in the period, ``rate`` their share."""
    return {
        "id": f.id,
        "topic": f.topic,
        "label": f.label,
        "years": list(f.years),
        "first_year": f.first_year,
        "last_year": f.last_year,
        "first": f.first,
        "last": f.last,
        "periods": [
            {
                "period": p,
                "count": f.count(p),
                "documents": n,
                "rate": round(f.count(p) / n, 3) if n else None,
            }
            for p, n in report.events_in.items()
        ],
        "phrases": list(f.phrases),
        "members": [member_record(m) for m in f.members],
        "changes": [change_record(c) for c in f.changes],
    }


def _scope(
    roles: Sequence[str], unit: Unit, span: DateRange, left_out: dict[Reason, tuple[str, ...]]
) -> dict[str, Any]:
    return {
        "roles": list(roles),
        "by": unit,
        "since": span.first.isoformat() if span.first else None,
        "until": span.last.isoformat() if span.last else None,
        "left_out": {r: list(ids) for r, ids in left_out.items()},
    }


def _events_in(reports: Sequence[FamilyReport]) -> dict[str, int]:
    periods = sorted({p for r in reports for p in r.periods})
    return {p: max(r.events_in.get(p, 0) for r in reports) for p in periods}


def families_json(reports: Sequence[FamilyReport], topic: str) -> dict[str, Any]:
    """The documented shape: {"topic", "roles", "by", "since", "until", "left_out",
    "min_similarity", "years", "periods", "families": [{"id", "label", "years", "periods",
    "members", "changes"}]}."""
    first = reports[0] if reports else None
    scope = _scope(first.roles, first.unit, first.binning.range, first.left_out) if first else {}
    return {
        "topic": topic,
        **scope,
        "min_similarity": reports[0].min_similarity if reports else None,
        "years": sorted({y for r in reports for y in r.years}),
        "periods": [{"period": p, "documents": n} for p, n in _events_in(reports).items()],
        "families": [family_record(f, r) for r in reports for f in r.families],
    }


def _inline_since(f: Family, period: str) -> str:
    change = next((c for c in f.changes if c.to_period == period), None)
    return render_inline(change.edits) if change and change.changed else ""


def members_table(reports: Sequence[FamilyReport]) -> Table:
    """One row per member; ``change`` is the word-level change into the year's wording."""
    rows = []
    for r in reports:
        for f in r.families:
            for m in f.members:
                shown = m is f.wording(m.period)
                rows.append(
                    (
                        f.topic,
                        f.id,
                        f.label,
                        m.period,
                        m.year,
                        m.doc,
                        m.turn,
                        m.speaker,
                        m.raw_start,
                        m.raw_end,
                        m.text,
                        m.counted,
                        m.variant_of,
                        m.linked_by,
                        _inline_since(f, m.period) if shown else "",
                    )
                )
    return Table(MEMBER_COLUMNS, tuple(rows))


def _detail(c: PeriodChange) -> str:
    if c.kind == "returning":
        silent = f" (topic not discussed in {', '.join(c.silent)})" if c.silent else ""
        return "absent " + ", ".join(c.gap) + silent
    if c.kind == "dropped":
        return "not seen again" if c.final else f"back in {_next_period(c)}"
    if c.kind == "reworded" and c.change is not None:
        return f"{c.change.from_period}→{c.period}: {render_inline(c.change.edits)}"
    return ""


def _next_period(c: PeriodChange) -> str:
    return min(p for p in c.family.periods if p > c.period)


def change_item(c: PeriodChange) -> dict[str, Any]:
    m = c.member
    item = {
        "kind": c.kind,
        "topic": c.family.topic,
        "family": c.family.id,
        "label": c.family.label,
        "years": list(c.family.years),
        "periods": list(c.family.periods),
        "doc": m.doc,
        "period": m.period,
        "year": m.year,
        "turn": m.turn,
        "speaker": m.speaker,
        "text": m.text,
        "start": m.raw_start,
        "end": m.raw_end,
    }
    if c.kind == "returning":
        item["gap"] = list(c.gap)
        item["silent"] = list(c.silent)
    if c.kind == "dropped":
        item["final"] = c.final
    if c.change is not None:
        item["from_period"] = c.change.from_period
        item["from_year"] = c.change.from_year
        item["ops"] = _ops(c.change.ops)
    return item


def changes_json(report: ChangeReport, topic: str) -> dict[str, Any]:
    """{"topic", "roles", "by", "since", "until", "left_out", "periods": [{"period", "year",
    "documents", "baseline", "discussed", "present", "new", "dropped", "returning",
    "reworded"}]}, and the same list under "years" when ``by`` is year."""
    periods = [
        {
            "period": s.period,
            "year": s.year,
            "documents": s.events,
            "baseline": s.baseline,
            "discussed": s.discussed,
            "present": s.present,
            **{kind: [change_item(c) for c in getattr(s, kind)] for kind in KINDS},
        }
        for s in report
    ]
    record = {"topic": topic, **_scope(report.roles, report.unit, report.range, report.left_out)}
    record["periods"] = periods
    if report.unit == "year":
        record["years"] = periods
    return record


def changes_table(summaries: Sequence[PeriodSummary] | ChangeReport) -> Table:
    rows = tuple(
        (
            s.period,
            s.year,
            c.kind,
            c.family.topic,
            c.family.id,
            c.family.label,
            c.member.doc,
            c.member.turn,
            c.member.speaker,
            c.member.raw_start,
            c.member.raw_end,
            c.member.text,
            _detail(c),
        )
        for s in summaries
        for c in s.changes()
    )
    return Table(CHANGE_COLUMNS, rows)


def _bar(count: int, most: int) -> str:
    return BAR * (round(count * CHART_WIDTH / most) if most else 0)


def _strip(f: Family, periods: Sequence[str]) -> str:
    """Which periods the family is in: named up to ``LABELLED_STRIP`` periods, else one mark
    per period between the first and the last."""
    if len(periods) <= LABELLED_STRIP:
        return "  ".join(f"{p} {'■' if p in f.periods else '·'}" for p in periods)
    marks = "".join("■" if p in f.periods else "·" for p in periods)
    return f"{periods[0]} {marks} {periods[-1]}"


def _cite(m: FamilyMember) -> str:
    variant = f" (variant of {m.variant_of})" if m.variant_of else ""
    linked = f" (key phrase {m.linked_by})" if m.linked_by else ""
    return f"{m.doc} turn {m.turn} [{m.raw_start}–{m.raw_end}]{variant}{linked}"


def _scope_line(reports: Sequence[FamilyReport]) -> str:
    if not reports:
        return ""
    r = reports[0]
    return scope_line(r.roles, r.unit, r.binning.range, r.left_out)


def families_markdown(reports: Sequence[FamilyReport], topic: str) -> str:
    periods = list(_events_in(reports))
    families = [f for r in reports for f in r.families]
    present = {p: sum(1 for f in families if p in f.periods) for p in periods}
    most = max(present.values(), default=0)
    unit = reports[0].unit if reports else "year"
    out = [
        f"# Formulation families: {plain(topic)}",
        "",
        plain(_scope_line(reports)),
        "",
        f"{len(families)} families, {sum(f.recurring for f in families)} across {unit}s.",
        "",
        f"Families present per {unit}:",
        "",
        "```",
    ]
    out += [f"{p:<7}  {_bar(n, most)} {n}" for p, n in present.items()]
    out += ["```", ""]
    for f in families:
        out += [f"## {f.id}: {_md(f.label)}", "", f"`{_strip(f, periods)}`", ""]
        rows = tuple(
            (
                m.period,
                m.doc,
                m.turn,
                m.raw_start,
                m.raw_end,
                m.text,
                "" if m.counted else f"variant of {m.variant_of}",
                m.linked_by or "",
            )
            for m in f.members
        )
        out.append(
            to_markdown(
                Table(
                    ("period", "doc", "turn", "start", "end", "text", "edition", "key phrase"),
                    rows,
                )
            )
        )
        out += [
            f"- {c.from_period} → {c.to_period}: {_md(render_inline(c.edits))}" for c in f.changes
        ]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def changes_markdown(report: ChangeReport, topic: str) -> str:
    most = max((len(s.changes()) for s in report), default=0)
    out = [f"# What changed per {report.unit}: {plain(topic)}", ""]
    scope = _change_scope(report)
    out += [plain(scope), ""] if scope else []
    out.append("```")
    for s in report:
        counts = "  ".join(f"{k} {len(getattr(s, k))}" for k in KINDS)
        out.append(f"{s.period:<7}  {_bar(len(s.changes()), most):<{CHART_WIDTH}}  {counts}")
    out += ["```", ""]
    for s in report:
        out += [f"## {s.period}{' (baseline)' if s.baseline else ''}", ""]
        out.append(to_markdown(changes_table([s])) if s.changes() else "No changes.\n")
    return "\n".join(out).rstrip("\n") + "\n"


def _md(text: str) -> str:
    return plain(text).replace("|", "\\|").replace("`", "\\`")


def _period_span(periods: Sequence[str]) -> str:
    if len(periods) <= LABELLED_STRIP:
        return " ".join(periods)
    return f"{periods[0]} … {periods[-1]} ({len(periods)})"


def families_text(reports: Sequence[FamilyReport], topic: str) -> str:
    periods = list(_events_in(reports))
    out = []
    for r in reports:
        out.append(
            f"{plain(r.topic.name)} ({r.topic.id}): {len(r.families)} families, "
            f"{len(r.recurring)} across {r.unit}s · {r.unit}s {_period_span(r.periods)} · "
            f"min similarity {r.min_similarity:.2f}"
        )
        left = [(why, ids) for why, ids in r.left_out.items() if ids]
        for why, ids in left:
            out.append(f"  left out ({WHY[why]}): {', '.join(map(plain, ids))}")
        out.append("")
        for f in r.recurring:
            out += [f"{f.id}  {plain(f.label)}", f"  {_strip(f, periods)}"]
            width = max(len(p) for p in f.periods)
            for p in f.periods:
                for n, m in enumerate(f.in_period(p)):
                    out.append(f"  {p if n == 0 else '':<{width}}  {plain(m.text)}")
                    out.append(f"  {'':<{width}}      {plain(_cite(m))}")
            out += [
                f"  {c.from_period}→{c.to_period}  {plain(render_inline(c.edits))}"
                for c in f.changes
            ]
            out.append("")
        single = [f for f in r.families if not f.recurring]
        if single:
            out.append(f"Said in one {r.unit} only ({len(single)}):")
            for f in single:
                m = f.wording(f.first)
                out.append(f"  {f.first}  {f.id}  {plain(f.label)}  [{plain(_cite(m))}]")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n" if out else f"{plain(topic)}: no families\n"


def _change_scope(report: ChangeReport) -> str:
    return scope_line(report.roles, None, report.range, report.left_out)


def changes_text(report: ChangeReport, topic: str) -> str:
    out = [f"What changed per {report.unit}: {plain(topic)}", ""]
    scope = _change_scope(report)
    out += [plain(scope), ""] if scope else []
    for s in report:
        head = f"{s.period}  {s.present} present  ({_documents(s.events)})"
        if s.baseline:
            head += f"  (baseline: first {report.unit} in the corpus)"
        out.append(head if s.discussed else f"{head}  (topic not discussed)")
        for kind in KINDS:
            items = getattr(s, kind)
            if items:
                out.append(f"  {kind} ({len(items)})")
                for c in items:
                    detail = _detail(c)
                    out.append(
                        f"    {c.family.id}  {plain(c.member.text)}"
                        + (f"  — {plain(detail)}" if detail else "")
                    )
                    out.append(f"      {plain(_cite(c.member))}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_families(reports: Sequence[FamilyReport], fmt: str, topic: str) -> str:
    """``reports`` in one of ``tracking.exports.FORMATS``."""
    if fmt == "json":
        return to_json(families_json(reports, topic))
    if fmt == "csv":
        return to_csv(members_table(reports))
    if fmt == "md":
        return families_markdown(reports, topic)
    return families_text(reports, topic)


def render_changes(report: ChangeReport, fmt: str, topic: str) -> str:
    """``report`` in one of ``tracking.exports.REPORT_FORMATS``."""
    if fmt == "json":
        return to_json(changes_json(report, topic))
    if fmt == "csv":
        return to_csv(changes_table(report))
    if fmt == "md":
        return changes_markdown(report, topic)
    if fmt == "html":
        return changes_html(report, topic)
    return changes_text(report, topic)


def changes_html(report: ChangeReport, topic: str) -> str:
    """A standalone report: a chart of the changes per period (stacked by kind), then per
    period the formulations new, dropped, returning and reworded, rewordings marked word by
    word, each citing document, turn and raw offsets."""
    title = f"What changed per {report.unit}: {topic}"
    columns = [
        h.Column(
            s.period,
            tuple(float(len(getattr(s, k))) for k in KINDS),
            f"{s.period}: {s.present} formulations present in {_documents(s.events)}; "
            + ", ".join(f"{k} {len(getattr(s, k))}" for k in KINDS),
            nodocs=not s.discussed,
        )
        for s in report
    ]
    chart = h.bar_chart(
        columns, series=KINDS, axis="formulations", title=title, nodocs="topic not discussed"
    )
    body = [f"<h1>{h.esc(title)}</h1>"]
    scope = _change_scope(report)
    if scope:
        body.append(f'<p class="meta">{h.esc(scope)}</p>')
    body.append(
        h.figure(
            chart,
            f"Formulations new, dropped after, returning and reworded, per {report.unit}; "
            "a grey tick: the topic was not discussed.",
        )
    )
    for s in report:
        head = f"{s.period}: {s.present} present in {_documents(s.events)}"
        body.append(f"<h2>{h.esc(head)}{' (baseline)' if s.baseline else ''}</h2>")
        for kind in KINDS:
            items = getattr(s, kind)
            if not items:
                continue
            body += [f"<h3>{kind} ({len(items)})</h3>", "<ul>"]
            for c in items:
                text = _edits_html(c.change.edits) if c.change else h.esc(c.member.text)
                detail = "" if c.kind == "reworded" else _detail(c)
                body.append(
                    f"<li>{text}"
                    + (f" <em>({h.esc(detail)})</em>" if detail else "")
                    + f'<br><span class="meta">{h.esc(c.family.id)} · {h.esc(_cite(c.member))}'
                    "</span></li>"
                )
            body.append("</ul>")
    return h.page(title, body)


def _documents(n: int) -> str:
    return f"{n} document{'' if n == 1 else 's'}"


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
