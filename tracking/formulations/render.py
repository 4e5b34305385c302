"""Families and year changes as JSON records, tables, Markdown and text.

Every record and row cites the document id, the year, the turn index and the member's
character offsets into the raw file (``start``/``end``), so each wording can be checked in the
source. Rendering of tables (CSV, Markdown, text) and writing are ``tracking.exports``'s job;
this module only builds what they render, plus the Markdown and text layouts that are more
than one table (a per-year chart, one section per family).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tifa.tracking.exports import Table, plain, to_csv, to_json, to_markdown
from tifa.tracking.formulations.changes import KINDS, YearChange, YearSummary
from tifa.tracking.formulations.families import Family, FamilyChange, FamilyMember, FamilyReport
from tifa.tracking.worddiff import WordEdit, render_inline

MEMBER_COLUMNS = (
    "topic",
    "family",
    "label",
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


def member_record(m: FamilyMember) -> dict[str, Any]:
    return {
        "doc": m.doc,
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
        "from_year": c.from_year,
        "to_year": c.to_year,
        "from_doc": c.before.doc,
        "to_doc": c.after.doc,
        "similarity": c.similarity,
        "inline": render_inline(c.edits),
        "ops": _ops(c.edits),
    }


def family_record(f: Family) -> dict[str, Any]:
    return {
        "id": f.id,
        "topic": f.topic,
        "label": f.label,
        "years": list(f.years),
        "first_year": f.first_year,
        "last_year": f.last_year,
        "phrases": list(f.phrases),
        "members": [member_record(m) for m in f.members],
        "changes": [change_record(c) for c in f.changes],
    }


def families_json(reports: Sequence[FamilyReport], topic: str) -> dict[str, Any]:
    """The documented shape: {"topic", "families": [{"id", "label", "years", "members",
    "changes"}]}, plus the settings and corpus years that produced it."""
    return {
        "topic": topic,
        "min_similarity": reports[0].min_similarity if reports else None,
        "years": sorted({y for r in reports for y in r.years}),
        "families": [family_record(f) for r in reports for f in r.families],
    }


def _inline_since(f: Family, year: int) -> str:
    change = next((c for c in f.changes if c.to_year == year), None)
    return render_inline(change.edits) if change and change.changed else ""


def members_table(reports: Sequence[FamilyReport]) -> Table:
    """One row per member; ``change`` is the word-level change into the year's wording."""
    rows = []
    for r in reports:
        for f in r.families:
            for m in f.members:
                shown = m is f.wording(m.year)
                rows.append(
                    (
                        f.topic,
                        f.id,
                        f.label,
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
                        _inline_since(f, m.year) if shown else "",
                    )
                )
    return Table(MEMBER_COLUMNS, tuple(rows))


def _detail(c: YearChange) -> str:
    if c.kind == "returning":
        silent = f" (topic not discussed in {', '.join(map(str, c.silent))})" if c.silent else ""
        return "absent " + ", ".join(map(str, c.gap)) + silent
    if c.kind == "dropped":
        return "not seen again" if c.final else f"back in {_next_year(c)}"
    if c.kind == "reworded" and c.change is not None:
        return f"{c.change.from_year}→{c.year}: {render_inline(c.change.edits)}"
    return ""


def _next_year(c: YearChange) -> int:
    return min(y for y in c.family.years if y > c.year)


def change_item(c: YearChange) -> dict[str, Any]:
    m = c.member
    item = {
        "kind": c.kind,
        "topic": c.family.topic,
        "family": c.family.id,
        "label": c.family.label,
        "years": list(c.family.years),
        "doc": m.doc,
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
        item["from_year"] = c.change.from_year
        item["ops"] = _ops(c.change.ops)
    return item


def changes_json(summaries: Sequence[YearSummary], topic: str) -> dict[str, Any]:
    return {
        "topic": topic,
        "years": [
            {
                "year": s.year,
                "baseline": s.baseline,
                "discussed": s.discussed,
                "present": s.present,
                **{kind: [change_item(c) for c in getattr(s, kind)] for kind in KINDS},
            }
            for s in summaries
        ],
    }


def changes_table(summaries: Sequence[YearSummary]) -> Table:
    rows = tuple(
        (
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


def _strip(f: Family, years: Sequence[int]) -> str:
    return "  ".join(f"{y} {'■' if y in f.years else '·'}" for y in years)


def _cite(m: FamilyMember) -> str:
    variant = f" (variant of {m.variant_of})" if m.variant_of else ""
    linked = f" (key phrase {m.linked_by})" if m.linked_by else ""
    return f"{m.doc} turn {m.turn} [{m.raw_start}–{m.raw_end}]{variant}{linked}"


def families_markdown(reports: Sequence[FamilyReport], topic: str) -> str:
    years = sorted({y for r in reports for y in r.years})
    families = [f for r in reports for f in r.families]
    present = {y: sum(1 for f in families if y in f.years) for y in years}
    most = max(present.values(), default=0)
    out = [
        f"# Formulation families: {plain(topic)}",
        "",
        f"{len(families)} families, {sum(f.recurring for f in families)} across years.",
        "",
        "Families present per year:",
        "",
        "```",
    ]
    out += [f"{y}  {_bar(n, most)} {n}" for y, n in present.items()]
    out += ["```", ""]
    for f in families:
        out += [f"## {f.id}: {_md(f.label)}", "", f"`{_strip(f, years)}`", ""]
        rows = tuple(
            (
                m.year,
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
                    ("year", "doc", "turn", "start", "end", "text", "edition", "key phrase"), rows
                )
            )
        )
        out += [f"- {c.from_year} → {c.to_year}: {_md(render_inline(c.edits))}" for c in f.changes]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def changes_markdown(summaries: Sequence[YearSummary], topic: str) -> str:
    most = max((len(s.changes()) for s in summaries), default=0)
    out = [f"# What changed per year: {plain(topic)}", "", "```"]
    for s in summaries:
        counts = "  ".join(f"{k} {len(getattr(s, k))}" for k in KINDS)
        out.append(f"{s.year}  {_bar(len(s.changes()), most):<{CHART_WIDTH}}  {counts}")
    out += ["```", ""]
    for s in summaries:
        out += [f"## {s.year}{' (baseline)' if s.baseline else ''}", ""]
        out.append(to_markdown(changes_table([s])) if s.changes() else "No changes.\n")
    return "\n".join(out).rstrip("\n") + "\n"


def _md(text: str) -> str:
    return plain(text).replace("|", "\\|").replace("`", "\\`")


def families_text(reports: Sequence[FamilyReport], topic: str) -> str:
    years = sorted({y for r in reports for y in r.years})
    out = []
    for r in reports:
        out.append(
            f"{plain(r.topic.name)} ({r.topic.id}): {len(r.families)} families, "
            f"{len(r.recurring)} across years · years {' '.join(map(str, r.years))} · "
            f"min similarity {r.min_similarity:.2f}"
        )
        if r.undated:
            out.append(f"  left out (no year): {', '.join(map(plain, r.undated))}")
        out.append("")
        for f in r.recurring:
            out += [f"{f.id}  {plain(f.label)}", f"  {_strip(f, years)}"]
            for y in f.years:
                for n, m in enumerate(f.in_year(y)):
                    out.append(f"  {y if n == 0 else '    '}  {plain(m.text)}")
                    out.append(f"        {plain(_cite(m))}")
            out += [
                f"  {c.from_year}→{c.to_year}  {plain(render_inline(c.edits))}" for c in f.changes
            ]
            out.append("")
        single = [f for f in r.families if not f.recurring]
        if single:
            out.append(f"Said in one year only ({len(single)}):")
            for f in single:
                m = f.wording(f.first_year)
                out.append(f"  {f.first_year}  {f.id}  {plain(f.label)}  [{plain(_cite(m))}]")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n" if out else f"{plain(topic)}: no families\n"


def changes_text(summaries: Sequence[YearSummary], topic: str) -> str:
    out = [f"What changed per year: {plain(topic)}", ""]
    for s in summaries:
        head = f"{s.year}  {s.present} present"
        if s.baseline:
            head += "  (baseline: first year in the corpus)"
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


def render_changes(summaries: Sequence[YearSummary], fmt: str, topic: str) -> str:
    if fmt == "json":
        return to_json(changes_json(summaries, topic))
    if fmt == "csv":
        return to_csv(changes_table(summaries))
    if fmt == "md":
        return changes_markdown(summaries, topic)
    return changes_text(summaries, topic)
