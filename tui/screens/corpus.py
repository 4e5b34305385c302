"""The corpus view: every document as a row, and the related pairs among them.

Each document shows its group (documents linked by relations, largest group first) and its
relations; the filter above shows only the documents and pairs in one relation. The pairs
table shows ``PAGE`` rows at a time (a DataTable of 10,000 rows blocks the UI for half a
second): ``]`` and ``[`` turn the page. Under it, the highlighted pair's reason, and for a
text printed inside another, where it sits in its host.

Enter on a document opens the reader; Enter on a pair (or ``c`` on a document) opens the
pair in Compare; ``w`` walks the highlighted document's chain of reissues in Compare; ``r``
reads the corpus files again. The documents are what ``tifa corpus`` lists, the pairs what
``tifa dupes`` prints (``tracking.versions.relations.corpus_relations``), and both export as
those commands write them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Select

from tifa.tui import safe
from tifa.tui.messages import OpenChain, OpenDocument, OpenPair
from tifa.tui.screens.base import ViewScreen

if TYPE_CHECKING:
    from tifa.corpus import Corpus
    from tifa.tui.screens.export import Report

DOC_COLUMNS = (
    "id",
    "year",
    "date",
    "relations",
    "group",
    "dates",
    "genre",
    "edition",
    "turns",
    "questions",
    "chars",
    "repairs",
)
PAIR_COLUMNS = ("A", "B", "relation", "similarity", "A in B", "B in A", "days", "where")
DOCUMENTS_REPORT, PAIRS_REPORT = "corpus", "dupes"  # named as the commands that print them
PAGE = 200  # pairs drawn at a time
ALL = "all"


class CorpusScreen(ViewScreen):
    VIEW = "corpus"
    AUTO_FOCUS = None
    BINDINGS = [
        Binding("enter", "open", "Read", show=False),
        Binding(
            "c",
            "compare",
            "Compare pair",
            tooltip="Open this document and its closest relative in Compare.",
        ),
        Binding("w", "walk", "Walk chain", tooltip="Walk this document's reissues in Compare."),
        Binding("f", "filter", "Filter", tooltip="Show one relation only."),
        Binding("right_square_bracket", "page(1)", "Next page", show=False),
        Binding("left_square_bracket", "page(-1)", "Prev page", show=False),
        Binding("r", "app.reload", "Reload", tooltip="Read the corpus files again."),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page = 0
        self.relation = ALL
        self._shown: list[Any] = []  # the pairs of the current filter, all pages

    def compose_view(self) -> ComposeResult:
        with Vertical(id="corpus-body"):
            with Horizontal(classes="query-row"):
                yield Label("Documents", classes="section-title")
                yield Select[str]([], prompt="all relations", id="relation-filter", compact=True)
            table: DataTable[Any] = DataTable(id="documents", cursor_type="row", zebra_stripes=True)
            table.loading = True
            yield table
            yield Label("Related pairs", id="pairs-title", classes="section-title")
            pairs: DataTable[Any] = DataTable(id="pairs", cursor_type="row")
            yield pairs
            yield Label("", id="pair-detail", classes="summary")

    def on_mount(self) -> None:
        docs = self.query_one("#documents", DataTable)
        docs.add_columns(*DOC_COLUMNS)
        self.query_one("#pairs", DataTable).add_columns(*PAIR_COLUMNS)
        self.watch(self.app, "duplicates", self._show_pairs, init=False)

    def corpus_changed(self, corpus: Corpus) -> None:
        self._fill_documents(corpus)
        self._show_pairs(self.app.duplicates)

    # -- drawing -------------------------------------------------------------------------

    def _memberships(self) -> dict[str, Any]:
        from tifa.tracking.versions.membership import document_relations

        report = self.app.relations
        return document_relations(report) if report is not None else {}

    def _fill_documents(self, corpus: Corpus) -> None:
        from tifa.tracking.listing import document_record

        table = self.query_one("#documents", DataTable)
        table.loading = False
        if self.focused is None or self.focused.id in ("pairs", "relation-filter"):
            self.call_after_refresh(table.focus)
        table.clear()
        members = self._memberships()
        for doc in corpus.infos:
            member = members.get(doc.id)
            if self.relation != ALL and (member is None or self.relation not in member.counts):
                continue
            record = document_record(doc)
            group = f"{member.group} ({member.group_size})" if member else ""
            inside = f"in {member.hosts[0]} · " if member and member.hosts else ""
            table.add_row(
                safe.cell(record["id"]),
                safe.number(record["year"]),
                safe.cell(record["date"]),
                safe.cell(inside + member.summary() if member else ""),
                safe.cell(group),
                safe.cell(record["date_status"]),
                safe.cell(record["genre"]),
                safe.cell(record["edition"]),
                safe.number(record["turns"]),
                safe.number(record["questions"]),
                safe.number(record["chars"]),
                safe.number(sum(record["repairs"].values())),
                key=doc.id,
            )

    def _show_pairs(self, pairs: tuple[Any, ...] | None) -> None:
        table = self.query_one("#pairs", DataTable)
        if self.app.corpus is None:
            table.clear()
            return
        table.loading = pairs is None
        self._set_filter_options(pairs or ())
        self._shown = [p for p in pairs or () if self.relation in (ALL, p.relation)]
        self.page = min(self.page, max(0, (len(self._shown) - 1) // PAGE))
        self._draw_page()
        if pairs is not None:
            self._fill_documents(self.app.corpus)

    def _set_filter_options(self, pairs: tuple[Any, ...]) -> None:
        from tifa.tracking.versions.relations import RELATIONS

        counts = {r: sum(p.relation == r for p in pairs) for r in RELATIONS}
        options = [(f"all relations ({len(pairs)})", ALL)]
        options += [(f"{r} ({counts[r]})", r) for r in RELATIONS if counts[r]]
        select = self.query_one("#relation-filter", Select)
        with select.prevent(Select.Changed):
            select.set_options(options)
            select.value = self.relation if self.relation in {v for _, v in options} else ALL

    def _draw_page(self) -> None:
        table = self.query_one("#pairs", DataTable)
        table.clear()
        corpus = self.app.corpus
        if corpus is None:
            return
        pages = max(1, -(-len(self._shown) // PAGE))
        first = self.page * PAGE
        for pair in self._shown[first : first + PAGE]:
            span = ""
            if pair.host is not None and pair.span is not None:
                host = corpus.get(pair.host)
                start, end = host.raw_span(*pair.span)
                span = f"{'B' if pair.host == pair.b else 'A'} {start}–{end}"
            table.add_row(
                safe.cell(pair.a),
                safe.cell(pair.b),
                safe.cell(pair.relation),
                safe.number(pair.similarity),
                safe.number(pair.containment_a_in_b),
                safe.number(pair.containment_b_in_a),
                safe.number(pair.date_gap_days),
                safe.cell(span),
                key=f"{pair.a}\x00{pair.b}",
            )
        which = "" if self.relation == ALL else f" ({self.relation})"
        paging = f" · page {self.page + 1} of {pages} ([ ])" if pages > 1 else ""
        title = f"Related pairs{which}: {len(self._shown):,}{paging}"
        self.query_one("#pairs-title", Label).update(safe.label(title))
        self._describe(self._shown[first] if first < len(self._shown) else None)

    def _describe(self, pair: Any) -> None:
        """The pair's reason and, for a text inside another, where it sits in its host."""
        from tifa.tracking.versions.membership import placement

        detail = self.query_one("#pair-detail", Label)
        if pair is None or self.app.corpus is None:
            detail.update("")
            return
        where = None
        if pair.host is not None:
            where = placement(pair, self.app.corpus.get(pair.host))
        text = pair.reason if where is None else f"{where.describe()}: …{where.before}【"
        if where is not None:
            text += f"{where.text[:24]}…{where.text[-12:]}】{where.after}…"
        gap = f" · {pair.date_note}" if pair.date_note else ""
        detail.update(safe.label(text + gap))

    # -- events and actions --------------------------------------------------------------

    @on(Select.Changed, "#relation-filter")
    def _filtered(self, event: Select.Changed) -> None:
        self.relation = event.value if isinstance(event.value, str) else ALL
        self.page = 0
        self._show_pairs(self.app.duplicates)

    @on(DataTable.RowHighlighted, "#pairs")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = self.page * PAGE + event.cursor_row
        self._describe(self._shown[index] if 0 <= index < len(self._shown) else None)

    @on(DataTable.RowSelected, "#documents")
    def _read(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(OpenDocument(event.row_key.value))

    @on(DataTable.RowSelected, "#pairs")
    def _compare(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            a, b = event.row_key.value.split("\x00")
            self.post_message(OpenPair(a, b))

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            focused.action_select_cursor()

    def action_page(self, step: int) -> None:
        pages = max(1, -(-len(self._shown) // PAGE))
        page = min(max(self.page + step, 0), pages - 1)
        if page != self.page:
            self.page = page
            self._draw_page()

    def action_filter(self) -> None:
        self.query_one("#relation-filter", Select).focus()

    def _current_document(self) -> str | None:
        table = self.query_one("#documents", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_compare(self) -> None:
        doc = self._current_document()
        if doc is None:
            return
        partners = [p for p in self.app.duplicates or () if doc in (p.a, p.b)]
        if not partners:
            safe.notify(self, f"{doc} has no related document", severity="warning")
            return
        best = max(partners, key=lambda p: (p.shared, p.similarity))
        self.post_message(OpenPair(doc, best.b if best.a == doc else best.a))

    def action_walk(self) -> None:
        doc = self._current_document()
        if doc is None:
            return
        for n, chain in enumerate(self.app.chains):
            for k, issue in enumerate(chain.issues):
                if doc in issue.documents:
                    self.post_message(OpenChain(n, max(0, min(k, len(chain.steps) - 1))))
                    return
        safe.notify(self, f"{doc} is in no chain of reissues", severity="warning")

    def action_cursor(self, direction: str) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            (focused.action_cursor_down if direction == "down" else focused.action_cursor_up)()

    # -- export --------------------------------------------------------------------------

    def report(self) -> Report | None:
        """The documents as `tifa corpus` prints them (JSON with its clue objects)."""
        from tifa.tracking.listing import corpus_records, corpus_table
        from tifa.tui.screens.export import Report

        corpus = self.app.corpus
        if corpus is None:
            return None
        return Report.of_table(
            DOCUMENTS_REPORT,
            corpus_table(corpus.infos),
            corpus_records(corpus.infos),
            label="Documents",
        )

    def reports(self) -> tuple[Report, ...]:
        """The documents and, once found, the related pairs, as `tifa dupes` writes them
        (CSV and JSON, the formats it offers): all of them, whatever the filter."""
        from tifa.tracking.versions.relations import pair_records, pairs_table, report_json
        from tifa.tui.screens.export import Report

        documents, corpus, found = self.report(), self.app.corpus, self.app.relations
        if documents is None or corpus is None or found is None:
            return super().reports()
        records = pair_records(corpus, found.pairs)
        return (
            documents,
            Report.of_table(
                PAIRS_REPORT,
                pairs_table(records),
                report_json(corpus, found),
                formats=("csv", "json"),
                label="Related pairs",
            ),
        )

    def focused_report(self) -> str | None:
        focused = self.focused
        return PAIRS_REPORT if focused is not None and focused.id == "pairs" else None


SCREEN = CorpusScreen
