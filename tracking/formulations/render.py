"""Families and changes for people: text and Markdown that summarise, at any density.

A briefing archive gives a topic hundreds of families; a reader wants the formulations said
most, how each is worded, and when one wording gave way to another. So the text and Markdown
renderers show the ``LIMIT`` most used families (``limit=None``: all of them), each with its
periods, its variants' shares per period as a sparkline (a chart per variant: one character
per period, higher for a larger share, ``·`` where the family is not said) and the rewordings
of its canonical wording; and per period at most ``LIMIT`` changes of each kind, the most used
formulations first. JSON and CSV (``records``) keep every family, variant and member, and
every change; the HTML report (``report``) draws the same charts as SVG.
"""

from __future__ import annotations

from collections.abc import Sequence

from tifa.tracking.exports import (
    Table,
    md_escape,
    md_fenced,
    plain,
    to_csv,
    to_json,
    to_markdown,
)
from tifa.tracking.formulations.changes import KINDS, ChangeReport, PeriodChange, rewordings
from tifa.tracking.formulations.families import Family, FamilyReport
from tifa.tracking.formulations.records import (
    change_rows,
    changes_json,
    changes_table,
    detail,
    events_in,
    families_json,
    members_table,
    named,
)
from tifa.tracking.formulations.said import Context
from tifa.tracking.formulations.shares import shares, sparkline
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
from tifa.tracking.periods import WHY
from tifa.tracking.scope import scope_line
from tifa.tracking.worddiff import render_inline

SHOWN_REWORDINGS = 6
BAR = "█"
CHART_WIDTH = 30
# Up to this many periods a strip names each ("2017 ■  2019 ·"); beyond, one mark each.
LABELLED_STRIP = 12


def _strip(f: Family, periods: Sequence[str]) -> str:
    """Which periods the family is in: named up to ``LABELLED_STRIP`` periods, else one mark
    per period between the first and the last."""
    if len(periods) <= LABELLED_STRIP:
        return "  ".join(f"{p} {'■' if p in f.periods else '·'}" for p in periods)
    marks = "".join("■" if p in f.periods else "·" for p in periods)
    return f"{periods[0]} {marks} {periods[-1]}"


def _scope(reports: Sequence[FamilyReport]) -> str:
    if not reports:
        return ""
    r = reports[0]
    return scope_line(r.roles, r.unit, r.binning.range, r.left_out)


def _variant_lines(f: Family, periods: Sequence[str]) -> list[str]:
    """A sparkline of each shown variant's share per period, with its uses and wording."""
    data = shares(f, periods)
    width = max(len(s.name) for s in data.series)
    total = sum(data.totals)
    counted = (
        f" (a use that says two wordings counts for each: {total} for {f.uses} uses)"
        if total != f.uses
        else ""
    )
    out = [
        f"  shares per period: {periods[0]} … {periods[-1]}{counted}" if len(periods) > 1 else ""
    ]
    for s in data.series:
        line = sparkline([data.share(s, n) for n in range(len(periods))])
        uses = sum(s.uses)
        out.append(f"    {s.name:<{width}}  {line}  {uses:>4}  {plain(s.wording)}")
    return [o for o in out if o]


def _rewordings(f: Family, report: FamilyReport) -> list[str]:
    shown = rewordings(f, report)
    out = [
        f"  {c.from_period}→{c.to_period}  {plain(render_inline(c.edits))}"
        for c in shown[:SHOWN_REWORDINGS]
    ]
    if len(shown) > SHOWN_REWORDINGS:
        out.append(f"  … {len(shown) - SHOWN_REWORDINGS} more rewordings (JSON, CSV)")
    return out


def families_text(
    reports: Sequence[FamilyReport],
    topic: str,
    limit: int | None = LIMIT,
    context: Context | None = None,
) -> str:
    """The most used families, each with its variants' shares per period and its
    rewordings; with ``context``, the use its label is printed from in its sentence."""
    periods = list(events_in(reports))
    out = []
    for r in reports:
        out.append(
            f"{plain(r.topic.name)} ({r.topic.id}): {len(r.families)} families, "
            f"{len(r.recurring)} across {r.unit}s · {r.unit}s {_period_span(r.periods)} · "
            f"min similarity {r.min_similarity:.2f}"
        )
        for why, ids in ((w, i) for w, i in r.left_out.items() if i):
            out.append(f"  left out ({WHY[why]}): {len(ids)} documents")
        chosen = top(r.families, limit)
        if len(chosen) < len(r.families):
            out.append(
                f"  the {len(chosen)} most used shown{nested_note(chosen)} (--limit N, --all; "
                f"JSON and CSV hold all {len(r.families)} with every member)"
            )
        out.append("")
        for f in chosen:
            around = context(f.variants[0].cited, wording=True) if context else None
            out += [
                f"{f.id}  {plain(named(f))}",
                *([f"  {plain(around.marked())}"] if around else []),
                f"  {f.uses} uses in {len(f.periods)} {r.unit}s, {f.first}–{f.last} · "
                f"{len(f.variants)} variant{'' if len(f.variants) == 1 else 's'}"
                + (f" · key phrases: {plain(', '.join(f.phrases[:4]))}" if f.phrases else ""),
                f"  {_strip(f, periods)}",
                *_variant_lines(f, periods),
                *_rewordings(f, r),
                "",
            ]
    return "\n".join(out).rstrip("\n") + "\n" if out else f"{plain(topic)}: no families\n"


def _period_span(periods: Sequence[str]) -> str:
    if len(periods) <= LABELLED_STRIP:
        return " ".join(periods)
    return f"{periods[0]} … {periods[-1]} ({len(periods)})"


def _bar(count: int, most: int) -> str:
    return BAR * (round(count * CHART_WIDTH / most) if most else 0)


def families_markdown(
    reports: Sequence[FamilyReport],
    topic: str,
    limit: int | None = LIMIT,
    context: Context | None = None,
) -> str:
    periods = list(events_in(reports))
    families = [f for r in reports for f in r.families]
    present = {p: sum(1 for f in families if p in f.periods) for p in periods}
    most = max(present.values(), default=0)
    unit = reports[0].unit if reports else "year"
    chosen = top(families, limit)
    out = [
        f"# Formulation families: {plain(topic)}",
        "",
        plain(_scope(reports)),
        "",
        f"{len(families)} families, {sum(f.recurring for f in families)} across {unit}s"
        + (
            f"; the {len(chosen)} most used below{nested_note(chosen)} (JSON and CSV hold all)."
            if len(chosen) < len(families)
            else "."
        ),
        "",
        f"Families present per {unit}:",
        "",
        "```",
    ]
    out += [f"{p:<7}  {_bar(n, most)} {n}" for p, n in present.items()]
    out += ["```", ""]
    for f in chosen:
        out += [f"## {f.id}: {md_escape(named(f))}", ""]
        around = context(f.variants[0].cited, wording=True) if context else None
        out += [f"> {md_escape(around.marked())}", ""] if around else []
        out += [f"`{_strip(f, periods)}`", ""]
        out.append(f"{f.uses} uses; share of each variant's uses per {unit}:")
        out += ["", *md_fenced([line.strip() for line in _variant_lines(f, periods)]), ""]
        out.append(to_markdown(_variant_table(f)))
        out += [
            f"- {c.from_period} → {c.to_period}: {md_escape(render_inline(c.edits))}"
            for c in rewordings(f, reports[0])
        ][:SHOWN_REWORDINGS]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _variant_table(f: Family) -> Table:
    rows = tuple(
        (
            f"v{v.index}",
            v.template,
            v.uses,
            ", ".join(f"{p} {n}" for p, n in v.periods[:12])
            + (" …" if len(v.periods) > 12 else ""),
            cite(v.first, wording=True),
        )
        for v in f.variants[:8]
    )
    return Table(("variant", "wording", "uses", "per period", "first use"), rows)


def changes_text(
    report: ChangeReport, topic: str, limit: int | None = LIMIT, context: Context | None = None
) -> str:
    """The changes per period, the most used of each kind first; with ``context``, each
    cited use in its sentence (``said``)."""
    out = [f"What changed per {report.unit}: {plain(topic)}", ""]
    scope = change_scope(report)
    out += [*map(plain, scope), ""] if scope else []
    for s in report:
        head = f"{s.period}  {s.present} present  ({documents(s)})"
        head += "".join(f"  ({note})" for note in period_notes(s, report))
        out.append(head if s.discussed else f"{head}  ({report.silence})")
        for kind in KINDS:
            items = ranked(getattr(s, kind))
            if not items:
                continue
            shown = items if limit is None else items[:limit]
            out.append(f"  {kind} ({len(items)})")
            for c in shown:
                extra = detail(c, report.silence)
                out.append(
                    f"    {c.family.id}  {plain(c.member.wording)}"
                    + (f"  — {plain(extra)}" if extra else "")
                )
                out.append(f"      {plain(cite(c.member, wording=True))}")
                around = context(c.member, wording=True) if context else None
                if around:
                    out.append(f"      {plain(around.marked())}")
            if len(shown) < len(items):
                out.append(f"    … {len(items) - len(shown)} more (--all; JSON and CSV hold all)")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def changes_markdown(
    report: ChangeReport, topic: str, limit: int | None = LIMIT, context: Context | None = None
) -> str:
    most = max((len(s.changes()) for s in report), default=0)
    out = [f"# What changed per {report.unit}: {plain(topic)}", ""]
    scope = change_scope(report)
    out += [line for part in scope for line in (plain(part), "")]
    out.append("```")
    for s in report:
        counts = "  ".join(f"{k} {len(getattr(s, k))}" for k in KINDS)
        out.append(f"{s.period:<7}  {_bar(len(s.changes()), most):<{CHART_WIDTH}}  {counts}")
    out += ["```", ""]
    for s in report:
        out += [f"## {s.period}{''.join(f' ({note})' for note in period_notes(s, report))}", ""]
        listed = [c for kind in KINDS for c in _limited(ranked(getattr(s, kind)), limit)]
        table = change_rows(((s, c) for c in listed), report.silence, context)
        out.append(to_markdown(table) if listed else "No changes.\n")
    return "\n".join(out).rstrip("\n") + "\n"


def _limited(items: list[PeriodChange], limit: int | None) -> list[PeriodChange]:
    return items if limit is None else items[:limit]


def render_families(
    reports: Sequence[FamilyReport],
    fmt: str,
    topic: str,
    limit: int | None = LIMIT,
    context: Context | None = None,
) -> str:
    """``reports`` in one of ``tracking.exports.REPORT_FORMATS``; ``limit`` families in the
    text, Markdown and HTML summaries (None: all), which show the use each label is printed
    from in its sentence with ``context`` (``said``); JSON and CSV always hold every one."""
    if fmt == "json":
        return to_json(families_json(reports, topic))
    if fmt == "csv":
        return to_csv(members_table(reports))
    if fmt == "md":
        return families_markdown(reports, topic, limit, context)
    if fmt == "html":
        from tifa.tracking.formulations.report import families_html

        return families_html(reports, topic, limit, context)
    return families_text(reports, topic, limit, context)


def render_changes(
    report: ChangeReport,
    fmt: str,
    topic: str,
    limit: int | None = LIMIT,
    context: Context | None = None,
) -> str:
    """``report`` in one of ``tracking.exports.REPORT_FORMATS``; ``limit`` changes of each
    kind per period in the text, Markdown and HTML summaries (None: all), which show each
    cited use in its sentence with ``context`` (``said``)."""
    if fmt == "json":
        return to_json(changes_json(report, topic))
    if fmt == "csv":
        return to_csv(changes_table(report))
    if fmt == "md":
        return changes_markdown(report, topic, limit, context)
    if fmt == "html":
        from tifa.tracking.formulations.report import changes_html

        return changes_html(report, topic, limit, context)
    return changes_text(report, topic, limit, context)
