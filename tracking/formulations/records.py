"""Families and changes as JSON records and tables: everything, every member.

Every record and row cites the document id, the period, the turn index and the member's
character offsets into the raw file (``start``/``end``), so each wording can be checked in the
source. Periods are strings in JSON ("2021", "2021-Q2", "2021-05"); with ``--by year`` the
change summaries are also listed under ``years``, as before periods existed. The text,
Markdown and HTML renderers (``render``, ``report``) summarise; these keep everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tifa.tracking.exports import Table
from tifa.tracking.formulations.changes import (
    KINDS,
    NOT_DISCUSSED,
    ChangeReport,
    PeriodChange,
    PeriodSummary,
    rewordings,
)
from tifa.tracking.formulations.families import Family, FamilyChange, FamilyMember, FamilyReport
from tifa.tracking.formulations.said import Context
from tifa.tracking.formulations.variants import Variant
from tifa.tracking.periods import DateRange, Reason, Unit
from tifa.tracking.phrases.kwic import Occurrence
from tifa.tracking.worddiff import WordEdit, render_inline

MEMBER_COLUMNS = (
    "topic",
    "family",
    "label",
    "period",
    "year",
    "date",
    "doc",
    "turn",
    "speaker",
    "start",
    "end",
    "text",
    "wording",
    "wording_start",
    "wording_end",
    "variant",
    "counted",
    "variant_of",
    "linked_by",
    "change",
    "rewording",
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
    "wording",
    "wording_start",
    "wording_end",
    "detail",
)


def member_record(m: FamilyMember) -> dict[str, Any]:
    return {
        **cite(m),
        "year": m.year,
        "text": m.text,
        "wording": m.wording,
        "wording_start": m.raw_wording_start,
        "wording_end": m.raw_wording_end,
        "variant": m.variant,
        "counted": m.counted,
        "variant_of": m.variant_of,
        "linked_by": m.linked_by,
        "similarity": m.similarity,
    }


def cite(m: FamilyMember) -> dict[str, Any]:
    """Where a use is: document, period, date, turn, speaker, raw offsets."""
    return {
        "doc": m.doc,
        "period": m.period,
        "date": m.date,
        "turn": m.turn,
        "speaker": m.speaker,
        "sentence": m.sentence,
        "start": m.raw_start,
        "end": m.raw_end,
    }


def ops(edits: Sequence[WordEdit]) -> list[dict[str, str]]:
    return [{"op": e.op, "from_text": e.a_text, "to_text": e.b_text} for e in edits]


def change_record(c: FamilyChange, rewording: bool) -> dict[str, Any]:
    """A change of canonical wording; ``rewording``: whether the summaries show it as one
    (``changes.rewordings``: not a change of line, nor words only added or dropped at its
    ends), where ``reworded`` says only that the variant changed."""
    return {
        "from_period": c.from_period,
        "to_period": c.to_period,
        "from_year": c.from_year,
        "to_year": c.to_year,
        "from_doc": c.before.doc,
        "to_doc": c.after.doc,
        "from_variant": c.before.variant,
        "to_variant": c.after.variant,
        "reworded": c.reworded,
        "rewording": rewording,
        "similarity": c.similarity,
        "inline": render_inline(c.edits),
        "ops": ops(c.edits),
    }


def variant_record(v: Variant, shares: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """``shares``: per period, (this variant's uses, all the family's variant uses)."""
    return {
        "variant": v.index,
        "wording": v.wording,
        "template": v.template,
        "slots": [{"kind": s.kind, "fillers": list(s.fillers)} for s in v.slots],
        "uses": v.uses,
        "periods": [
            {"period": p, "count": n, "share": round(n / shares[p][1], 3) if shares[p][1] else None}
            for p, n in v.periods
        ],
        "first": cite(v.first),
        "last": cite(v.last),
        "cited": {
            **cite(v.cited),
            "start": v.cited.raw_wording_start,
            "end": v.cited.raw_wording_end,
        },
        "speakers": [{"speaker": s, "uses": n} for s, n in v.speakers],
    }


def variant_uses(f: Family) -> dict[str, int]:
    """Per period of the family, the uses of all its variants (an event saying two counts
    for each)."""
    out: dict[str, int] = {}
    for v in f.variants:
        for p, n in v.periods:
            out[p] = out.get(p, 0) + n
    return out


def family_record(f: Family, report: FamilyReport, documents: Mapping[str, int]) -> dict[str, Any]:
    """A family; ``periods`` has a row for every period of the report: ``count`` events
    that use the formulation, ``events`` and ``documents`` (the report's ``documents_in``,
    counted once for all its families) in the period, ``rate`` the share of the events."""
    totals = variant_uses(f)
    shares = {p: (0, totals.get(p, 0)) for p in report.events_in}
    shown = reworded_periods(f, report)
    return {
        "id": f.id,
        "topic": f.topic,
        "label": f.label,
        "uses": f.uses,
        "years": list(f.years),
        "first_year": f.first_year,
        "last_year": f.last_year,
        "first": f.first,
        "last": f.last,
        "periods": [
            {
                "period": p,
                "count": f.count(p),
                "events": n,
                "documents": documents.get(p, 0),
                "rate": round(f.count(p) / n, 3) if n else None,
                "canonical": f.canonical(p).index if f.count(p) else None,
            }
            for p, n in report.events_in.items()
        ],
        "phrases": list(f.phrases),
        "variants": [variant_record(v, shares) for v in f.variants],
        "members": [member_record(m) for m in f.members],
        "changes": [change_record(c, c.to_period in shown) for c in f.changes],
    }


def scope_record(
    roles: Sequence[str], unit: Unit, span: DateRange, left_out: dict[Reason, tuple[str, ...]]
) -> dict[str, Any]:
    return {
        "roles": list(roles),
        "by": unit,
        "since": span.first.isoformat() if span.first else None,
        "until": span.last.isoformat() if span.last else None,
        "left_out": {r: list(ids) for r, ids in left_out.items()},
    }


def events_in(reports: Sequence[FamilyReport]) -> dict[str, int]:
    periods = sorted({p for r in reports for p in r.periods})
    return {p: max(r.events_in.get(p, 0) for r in reports) for p in periods}


def families_json(reports: Sequence[FamilyReport], topic: str) -> dict[str, Any]:
    """The documented shape: {"topic", "roles", "by", "since", "until", "left_out",
    "min_similarity", "years", "periods", "families": [{"id", "label", "uses", "years",
    "periods", "variants", "members", "changes"}]}."""
    first = reports[0] if reports else None
    scope = (
        scope_record(first.roles, first.unit, first.binning.range, first.left_out) if first else {}
    )
    documents = first.documents_in if first else {}
    return {
        "topic": topic,
        **scope,
        "min_similarity": reports[0].min_similarity if reports else None,
        "years": sorted({y for r in reports for y in r.years}),
        "periods": [
            {"period": p, "events": n, "documents": documents.get(p, 0)}
            for p, n in events_in(reports).items()
        ],
        "families": [record for r in reports for record in _family_records(r)],
    }


def _family_records(report: FamilyReport) -> list[dict[str, Any]]:
    documents = report.documents_in
    return [family_record(f, report, documents) for f in report.families]


def reworded_periods(f: Family, report: FamilyReport) -> set[str]:
    """The periods into which the family's canonical wording changes as the summaries show
    a rewording (``changes.rewordings``)."""
    return {c.to_period for c in rewordings(f, report)}


def members_table(reports: Sequence[FamilyReport]) -> Table:
    """One row per member; ``change`` is the word-level change into the period's canonical
    wording (on that wording's row), ``rewording`` whether the summaries show it as one
    (``change_record``)."""
    rows = []
    for r in reports:
        for f in r.families:
            shown = {f.wording(p) for p in f.periods}
            changed = {c.to_period: render_inline(c.edits) for c in f.changes if c.changed}
            reworded = reworded_periods(f, r)
            for m in f.members:
                change = changed.get(m.period, "") if m in shown else ""
                rows.append(
                    (
                        f.topic,
                        f.id,
                        f.label,
                        m.period,
                        m.year,
                        m.date,
                        m.doc,
                        m.turn,
                        m.speaker,
                        m.raw_start,
                        m.raw_end,
                        m.text,
                        m.wording,
                        m.raw_wording_start,
                        m.raw_wording_end,
                        m.variant,
                        m.counted,
                        m.variant_of,
                        m.linked_by,
                        change,
                        m.period in reworded if change else "",
                    )
                )
    return Table(MEMBER_COLUMNS, tuple(rows))


def detail(c: PeriodChange, silence: str = NOT_DISCUSSED) -> str:
    """What changed, in words: the gap (``silence``: what a period is called that said
    nothing of the topic), the return, the rewording, the overtaking."""
    if c.kind == "returning":
        silent = f" ({silence} in {', '.join(c.silent)})" if c.silent else ""
        since = (
            f", last said {c.last.date or c.last.period}{_as(c.last, c.member)}" if c.last else ""
        )
        return "absent " + ", ".join(c.gap) + silent + since
    if c.kind == "dropped":
        return f"{established(c)}, not seen again"
    if c.kind == "reworded" and c.change is not None:
        said = f"{c.change.from_period}→{c.period} ({reworded_uses(c)})"
        return f"{said}: {render_inline(c.change.edits)}"
    if c.kind == "overtook" and c.variant is not None and c.overtaken is not None:
        return (
            f"{_named(c.variant, c.member)} from {_share(c.before)} of uses"
            f"{_span(c.before_span)} "
            f"to {_share(c.after)}{_span(c.after_span)}, "
            f"overtaking v{c.overtaken.index} {c.overtaken.wording}"
        )
    if c.kind == "new" and c.variant is not None:
        return (
            f"{_named(c.variant, c.member)}, {c.variant.uses} uses to "
            f"{c.variant.last.period}: {new_wording(c)}"
        )
    if c.kind == "new":
        return f"{c.family.uses} uses{_slotted(c.family)}{_variants(c)} to {c.family.last}"
    return ""


def _as(last: FamilyMember, cited: FamilyMember) -> str:
    """`` as 巴勒斯坦人民``: the wording of a returning line's last use before its silence,
    when it is not the wording cited (which heads the item): the congress reports' family
    〈巴勒斯坦｜全党全国〉人民 came back in 1992 as 全党全国人民, last said in 1982 as
    巴勒斯坦人民, which "全党全国人民 — last said 1982" alone claimed of the wording cited."""
    return "" if last.wording == cited.wording else f" as {last.wording}"


def named(family: Family) -> str:
    """A family's name where it is listed or headed: its label with the slots it varies in
    (its first variant's template). The whole voice's 干涉中国内政 is 干涉〈中国｜别国｜…〉内政,
    whose uses are of every country named, not of 干涉中国内政 alone."""
    return family.variants[0].template


def _slotted(family: Family) -> str:
    """The family's name beside a count of its uses when that name varies in slots: the uses
    counted are of every filler, not of the cited wording alone."""
    return f" of {named(family)}" if family.variants[0].slots else ""


def established(c: PeriodChange) -> str:
    """How established a dropped line was before its silence (said twice, or two hundred
    times), said one way by ``tifa changes`` and the workbench."""
    return f"{c.family.uses} uses{_slotted(c.family)}{_variants(c)} since {c.family.first}"


def _variants(c: PeriodChange) -> str:
    """How many variants a family's uses are of, and how many the cited use's says
    (`` in 9 variants (v0: 1 use)``), when there is more than one: a family a key phrase
    holds together (the congress reports' 祖国统一大业, said in nine sentences) counts every
    sentence's use, which a reader would otherwise take for uses of the wording cited."""
    if len(c.family.variants) < 2:
        return ""
    v = c.family.variants[c.member.variant]
    return f" in {len(c.family.variants)} variants (v{v.index}: {count_uses(v.uses)})"


def reworded_uses(c: PeriodChange) -> str:
    """How often each canonical wording of a rewording is said in its period (``1 use → 3
    uses``): on the MFA pages most yearly rewordings compare two wordings said once each,
    which a reader should weigh before citing the change."""
    before, after = _period_uses(c)
    return f"{count_uses(before)} → {count_uses(after)}"


def _period_uses(c: PeriodChange) -> tuple[int, int]:
    """The uses of the rewording's two canonical variants, each in its own period."""
    assert c.change is not None
    old, new = c.change.from_period, c.period
    return c.family.canonical(old).count(old), c.family.canonical(new).count(new)


def count_uses(n: int) -> str:
    """``1 use``, ``3 uses``: said one way by ``tifa changes`` and the workbench."""
    return counted(n, "use")


def counted(n: int, noun: str) -> str:
    """``1 document``, ``36 events``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def new_wording(c: PeriodChange) -> str:
    """What a new variant is, said one way by ``tifa changes`` and the workbench: of a line
    said since its family's first period, or, with a range, before it."""
    if c.line_before is not None:
        return f"a new wording of a line said before the range (last {c.line_before})"
    return f"a new wording of a line said since {c.family.first}"


def _named(v: Variant, cited: FamilyMember) -> str:
    """A variant by its number, and its wording unless the cited use says it, which heads
    the item."""
    return f"v{v.index}" if v.wording == cited.wording else f"v{v.index} {v.wording}"


def _share(x: float | None) -> str:
    return "–" if x is None else f"{round(100 * x)}%"


def _span(span: tuple[str, str] | None) -> str:
    """ " in 2016–2017": the periods a share is pooled over (the change-point's segment)."""
    if span is None:
        return ""
    return f" in {span[0]}" if span[0] == span[1] else f" in {span[0]}–{span[1]}"


def change_item(c: PeriodChange) -> dict[str, Any]:
    m = c.member
    item: dict[str, Any] = {
        "kind": c.kind,
        "topic": c.family.topic,
        "family": c.family.id,
        "label": c.family.label,
        "uses": c.family.uses,
        "years": list(c.family.years),
        "periods": list(c.family.periods),
        **cite(m),
        "year": m.year,
        "text": m.text,
        # what the use says of the formulation: its wording (``cores``), with its offsets
        "cited": {
            "text": m.wording,
            "start": m.raw_wording_start,
            "end": m.raw_wording_end,
            "variant": m.variant,
            "variant_uses": c.family.variants[m.variant].uses,
        },
        "variants": len(c.family.variants),
        "chance": None if c.chance is None else round(c.chance, 6),
    }
    if c.kind == "returning":
        item["gap"] = list(c.gap)
        item["silent"] = list(c.silent)
        item["last"] = None if c.last is None else cite(c.last)
    if c.kind == "dropped":
        item["final"] = c.final
    if c.change is not None:
        item["from_period"] = c.change.from_period
        item["from_year"] = c.change.from_year
        item["ops"] = ops(c.change.ops)
        item["from_uses"], item["to_uses"] = _period_uses(c)
    if c.variant is not None:
        item["variant"] = c.variant.index
        item["wording"] = c.variant.wording
    if c.line_before is not None:
        item["line_before"] = c.line_before
    if c.variant is not None and c.overtaken is not None:
        item["overtaken"] = c.overtaken.index
        item["overtaken_wording"] = c.overtaken.wording
        item["share_before"] = c.before
        item["share_after"] = c.after
        item["before_periods"] = list(c.before_span) if c.before_span else None
        item["after_periods"] = list(c.after_span) if c.after_span else None
    return item


def _said_item(c: PeriodChange, where: Occurrence) -> dict[str, Any]:
    """An item not listed, with where outside the range it is said (``outside.Said``)."""
    return change_item(c) | {
        "said": {
            "doc": where.doc_id,
            "date": where.date,
            "turn": where.turn,
            "speaker": where.speaker,
            "start": where.raw_start,
            "end": where.raw_end,
            "text": where.match,
        }
    }


def changes_json(report: ChangeReport, topic: str) -> dict[str, Any]:
    """{"topic", "roles", "by", "since", "until", "left_out", ["outside": {"before",
    "after", "new", "dropped", "said_before", "said_after"} (each item with where it is
    ``said``)], "periods": [{"period", "year",
    "documents", "events", "baseline", "discussed", "present", "new", "dropped", "returning",
    "reworded", "overtook"}]}, and the same list under "years" when ``by`` is year."""
    periods = [
        {
            "period": s.period,
            "year": s.year,
            "documents": s.documents,
            "events": s.events,
            "baseline": s.baseline,
            "discussed": s.discussed,
            "present": s.present,
            **{kind: [change_item(c) for c in getattr(s, kind)] for kind in KINDS},
        }
        for s in report
    ]
    record: dict[str, Any] = {
        "topic": topic,
        **scope_record(report.roles, report.unit, report.range, report.left_out),
    }
    if report.outside is not None:
        out = report.outside
        record["outside"] = {
            "before": out.before,
            "after": out.after,
            "new": out.new,
            "dropped": out.dropped,
            "said_before": [_said_item(s.change, s.where) for s in out.said_before],
            "said_after": [_said_item(s.change, s.where) for s in out.said_after],
        }
    record["periods"] = periods
    if report.unit == "year":
        record["years"] = periods
    return record


def change_rows(
    pairs: Iterable[tuple[PeriodSummary, PeriodChange]],
    silence: str = NOT_DISCUSSED,
    context: Context | None = None,
) -> Table:
    """One row per change, each with its period; with ``context``, the cited use in its
    sentence as a last column (``said``)."""
    rows = []
    for s, c in pairs:
        row: tuple[object, ...] = (
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
            c.member.wording,
            c.member.raw_wording_start,
            c.member.raw_wording_end,
            detail(c, silence),
        )
        if context is not None:
            around = context(c.member, wording=True)
            row += (around.marked() if around else "",)
        rows.append(row)
    columns = CHANGE_COLUMNS if context is None else (*CHANGE_COLUMNS, "sentence")
    return Table(columns, tuple(rows))


def changes_table(report: ChangeReport) -> Table:
    return change_rows(((s, c) for s in report for c in s.changes()), report.silence)
