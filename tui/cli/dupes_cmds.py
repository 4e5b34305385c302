"""`tifa dupes`: how the documents relate: same text, versions, excerpt, reissued, shared
passages; with --chains, statements issued again and again with the wording change per step.

Long runs say what they are doing on stderr when it is a terminal, and are bounded: each
document's partners are capped (``--max-partners``), and in text output a group of documents
that overlap one another beyond the cap, with more than ``GROUP_PAIRS`` pairs, is one line
rather than its pairs (JSON and CSV list them).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from tifa.tracking.exports import plain, render_table, to_json
from tifa.tracking.versions.containment import MAX_PARTNERS
from tifa.tracking.versions.dates import days_apart
from tifa.tracking.versions.dupes import DEFAULT_MIN_SHARED
from tifa.tracking.versions.relations import RELATIONS
from tifa.tui.cli.options import Number, corpus_options, emit, open_corpus, output_options

if TYPE_CHECKING:
    from tifa.corpus import Corpus
    from tifa.tracking.versions.chains import Chain
    from tifa.tracking.versions.relations import RelationReport

GROUP_LINES = 12  # documents of a collapsed group named in text output
# A crowded group with more listed pairs than this is one line in text output, not its pairs.
GROUP_PAIRS = 1000


@click.command("dupes")
@corpus_options
@click.option(
    "--relation",
    "relations",
    multiple=True,
    type=click.Choice(RELATIONS),
    help="List only pairs in this relation (repeatable).",
)
@click.option(
    "--min-shared",
    type=Number(0.05, 1.0),
    default=DEFAULT_MIN_SHARED,
    show_default=True,
    help="List a pair when at least this share of one text lies in the other.",
)
@click.option(
    "--max-partners",
    type=click.IntRange(0),
    default=MAX_PARTNERS,
    show_default=True,
    help="Examine at most this many partners per document, the strongest (0: all).",
)
@click.option(
    "--chains",
    is_flag=True,
    help="List chains of reissued statements with the wording change per step.",
)
@output_options(("text", "json", "csv"))
def dupes_command(
    corpus_paths: tuple[str, ...],
    use_cache: bool,
    relations: tuple[str, ...],
    min_shared: float,
    max_partners: int,
    chains: bool,
    fmt: str,
    output: str | None,
) -> None:
    """How the documents relate: same_text (identical copies), versions (one event, two
    editions), excerpt (one printed inside the other), reissued (the same wording for another
    event: over a week apart, or a template filled in for another name) and shares_passages.

    "a in b" is the share of A's text found anywhere in B; similarity weighs both ways by how
    much of the shared text keeps its order.
    """
    from tifa.tracking.versions.relations import corpus_relations

    corpus = open_corpus(corpus_paths, use_cache)
    status = _Status()
    report = corpus_relations(
        corpus, min_shared=min_shared, max_partners=max_partners, progress=status
    )
    status.done()
    _warn_crowded(report)
    if chains:
        _emit_chains(corpus, report, fmt, output, use_cache, status)
        return
    pairs = [p for p in report.pairs if not relations or p.relation in relations]
    if fmt == "text":
        emit(_text(report, pairs, len(corpus)), output)
        return
    from tifa.tracking.versions.relations import pair_records, pairs_table, report_json

    if fmt == "json":
        emit(to_json(report_json(corpus, report, pairs)), output)
    else:
        emit(render_table(pairs_table(pair_records(corpus, pairs)), "csv"), output)


class _Status:
    """A one-line status on stderr while the work lasts, when stderr is a terminal."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.last = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.live or now - self.last < 0.2:
            return
        self.last = now
        count = f" {done:,}/{total:,}" if total and stage != "indexing" else ""
        what = f"{total:,} documents" if stage == "indexing" else "pairs"
        click.echo(f"\rtifa: {stage}{count} {what}\x1b[K", err=True, nl=False)
        self.shown = True

    def done(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.shown = False


def _warn_crowded(report: RelationReport) -> None:
    if not report.crowded:
        return
    cap = report.max_partners
    click.echo(
        f"tifa: {len(report.crowded):,} documents overlap more documents than were compared "
        f"pair by pair (their text recurs widely, or they have more than {cap} partners): "
        f"only each one's strongest pairs are listed; --max-partners N changes the cap",
        err=True,
    )


def _text(report: RelationReport, pairs: Sequence[Any], documents: int) -> str:
    if not pairs:
        return f"no related pairs among {documents} documents\n"
    crowded = [g for g in report.groups if g.crowded and g.pairs > GROUP_PAIRS]
    collapsed = {d for g in crowded for d in g.documents}
    lines = [_pair_line(p) for p in pairs if p.a not in collapsed]
    for n, group in enumerate(crowded, 1):
        counts = ", ".join(f"{r} {c:,}" for r, c in group.relations.items())
        named = ", ".join(plain(d) for d in group.documents[:GROUP_LINES])
        more = (
            f" and {len(group.documents) - GROUP_LINES:,} more"
            if len(group.documents) > (GROUP_LINES)
            else ""
        )
        lines.append(
            f"group {n}: {len(group.documents):,} documents that overlap one another "
            f"({group.pairs:,} pairs listed in --format json/csv: {counts}): {named}{more}"
        )
    return "\n".join(lines) + "\n"


def _pair_line(p: Any) -> str:
    shares = (
        f"similarity {p.similarity:.2f}, a in b {p.containment_a_in_b:.0%}, "
        f"b in a {p.containment_b_in_a:.0%}"
    )
    when = days_apart(p.date_gap_days) if p.date_gap_days is not None else (p.date_note or "")
    said = [p.reason] if when and when in (p.reason or "") else [p.reason, when]
    extra = "; ".join(plain(x) for x in said if x)
    return f"{plain(p.a)}  ↔  {plain(p.b)}  {p.relation}  {shares}  ({extra})"


def _emit_chains(
    corpus: Corpus,
    report: RelationReport,
    fmt: str,
    output: str | None,
    use_cache: bool,
    status: _Status,
) -> None:
    from tifa.corpus import tokens_for
    from tifa.tracking.versions.chains import chain_records, find_chains, with_changes

    found = find_chains(corpus, report)

    def tokens(doc: Any) -> Any:
        return tokens_for(doc, use_cache=use_cache)

    detailed = []
    for n, chain in enumerate(found):
        status("comparing chain steps", n, len(found))
        detailed.append(with_changes(corpus, chain, tokens))
    status.done()
    if fmt == "json":
        emit(to_json({"chains": chain_records(corpus, detailed)}), output)
    elif fmt == "csv":
        emit(render_table(_chain_table(corpus, detailed), "csv"), output)
    else:
        emit(_chains_text(corpus, detailed), output)


def _chains_text(corpus: Corpus, chains: Sequence[Chain]) -> str:
    from tifa.tracking.versions.chains import render_changes

    if not chains:
        return f"no chains of reissued statements among {len(corpus)} documents\n"
    docs = {d.id: d for d in corpus.documents}
    lines: list[str] = []
    for n, chain in enumerate(chains, 1):
        dates = [i.date for i in chain.issues if i.date]
        span = f", {dates[0]} … {dates[-1]}" if dates else ""
        lines.append(f"chain {n}: {len(chain.issues)} issues{span}")
        for k, issue in enumerate(chain.issues):
            head = docs[issue.documents[0]]
            also = (
                f"  (also in {', '.join(plain(d) for d in issue.documents[1:])})"
                if len(issue.documents) > 1
                else ""
            )
            lines.append(
                f"  {plain(issue.date or 'date unknown')}  {plain(head.id)}  "
                f"{plain(head.title or '')}{also}"
            )
            if k < len(chain.steps):
                lines.append("      ↓ " + _step_line(chain.steps[k], render_changes))
        lines.append("")
    return "\n".join(lines)


def _step_line(step: Any, render: Any) -> str:
    p = step.pair
    if p is None:
        return "nothing measurable in common"
    when = (
        days_apart(p.date_gap_days, "later") if p.date_gap_days is not None else (p.date_note or "")
    )
    changes = step.changes or ()
    said = f"{len(changes)} changes: {plain(render(changes))}" if changes else "no wording change"
    return f"{p.relation}, similarity {p.similarity:.2f}, {plain(when)}; {said}"


def _chain_table(corpus: Corpus, chains: Sequence[Chain]) -> Any:
    from tifa.tracking.exports import Table
    from tifa.tracking.versions.chains import render_changes

    columns = (
        "chain",
        "step",
        "a",
        "b",
        "a_date",
        "b_date",
        "relation",
        "similarity",
        "date_gap_days",
        "changes",
        "wording",
    )
    docs = {d.id: d for d in corpus.documents}
    rows = []
    for n, chain in enumerate(chains, 1):
        for k, step in enumerate(chain.steps, 1):
            p = step.pair
            rows.append(
                (
                    n,
                    k,
                    step.a,
                    step.b,
                    docs[step.a].date,
                    docs[step.b].date,
                    p.relation if p else None,
                    p.similarity if p else None,
                    p.date_gap_days if p else None,
                    len(step.changes or ()),
                    render_changes(step.changes or (), width=200),
                )
            )
    return Table(columns, tuple(rows))


COMMANDS = (dupes_command,)
