"""The corpus view: every document as a row, and the related pairs among them.

The documents are the catalogue's rows (``tifa.corpus.Catalogue``), shown as soon as the
index lists them (and, during a first build, as they land), in a table that draws only the
rows on screen (``tui.widgets.documents``): sorted by any column (``s``, or a click on its
header; ``S`` reverses), filtered by text in the id, title or date (Ctrl+L), by facets of
year, genre and date status with their counts (``y``), and by relation (``f``).

The relations come later, from a worker (``TifaApp.find_duplicates``): each document then
shows its group and relations, and the pairs table below lists the related pairs ``PAGE``
at a time (a DataTable of 10,000 rows blocks the UI for half a second): ``]`` and ``[`` turn
the page. Under it, the highlighted pair's reason, and for a text printed inside another,
where it sits in its host (the host read from the index in a worker).

Enter on a document opens the reader; Enter on a pair (or ``c`` on a document) opens the
pair in Compare; ``w`` walks the highlighted document's chain of reissues in Compare; ``r``
reads the corpus files again. The documents are what ``tifa corpus`` lists, the pairs what
``tifa dupes`` prints (``tracking.versions.relations.corpus_relations``), and both export as
those commands write them (the documents as shown: filtered and sorted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Select
from textual.worker import get_current_worker

from tifa.corpus.model import DATE_STATUSES, GENRES
from tifa.tui import safe
from tifa.tui.messages import Failed, OpenChain, OpenDocument, OpenPair, PairPlaced
from tifa.tui.screens.base import ViewScreen
from tifa.tui.widgets.documents import COLUMNS, LISTING, DocumentTable
from tifa.tui.widgets.facets import Facet, FacetPanel, unknown_last
from tifa.tui.widgets.filterinput import FilterInput
from tifa.tui.widgets.rowtable import RowTable

if TYPE_CHECKING:
    from tifa.corpus import Catalogue, DocumentInfo
    from tifa.tui.screens.export import Report

PAIR_COLUMNS = ("A", "B", "relation", "similarity", "A in B", "B in A", "days", "where")
DOCUMENTS_REPORT, PAIRS_REPORT = "corpus", "dupes"  # named as the commands that print them
PAGE = 200  # pairs drawn at a time
ALL = "all"
PLACING = "placing"
SORTS = [("listing order", LISTING)] + [(f"by {name}", name) for name in COLUMNS]
FACETS = (
    Facet("year", "Year", lambda r: r.year, lambda v: (v is None, -(v or 0))),
    Facet(
        "genre",
        "Genre",
        lambda r: r.metadata.genre,
        lambda v: GENRES.index(v) if v in GENRES else len(GENRES),
    ),
    Facet(
        "date_status",
        "Date",
        lambda r: r.metadata.date_status,
        lambda v: DATE_STATUSES.index(v) if v in DATE_STATUSES else unknown_last(v),
    ),
)


class CorpusScreen(ViewScreen):
    VIEW = "corpus"
    AUTO_FOCUS = ""  # the table, once it has rows (``_fill``)
    HELP_WIDGETS = (RowTable,)
    BINDINGS = [
        Binding("enter", "open", "Read", show=False),
        Binding(
            "c",
            "compare",
            "Compare pair",
            tooltip="Open this document and its closest relative in Compare.",
        ),
        Binding("w", "walk", "Walk chain", tooltip="Walk this document's reissues in Compare."),
        Binding("ctrl+l", "focus_filter", "Filter", tooltip="Filter by id, title or date."),
        Binding("s", "sort", "Sort", tooltip="Sort the documents by a column."),
        Binding("S", "reverse", "Reverse sort", show=False),
        Binding("y", "facets", "Facets", show=False),
        Binding("f", "filter", "Relation", tooltip="Show one relation only."),
        Binding("escape", "documents", "To documents", show=False),
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
        self._members: dict[str, Any] = {}
        self._spans: dict[str, Any] = {}  # pair key: host span in raw offsets
        self._described: str | None = None  # the pair the detail line is about

    def compose_view(self) -> ComposeResult:
        with Vertical(id="corpus-body"):
            with Horizontal(classes="query-row"):
                yield Label("Documents", id="documents-title", classes="section-title")
                yield FilterInput(placeholder="filter: id, title or date", id="documents-filter")
                yield Select(
                    SORTS, value=LISTING, allow_blank=False, id="documents-sort", compact=True
                )
                yield Select[str]([], prompt="all relations", id="relation-filter", compact=True)
            with Horizontal(id="documents-area"):
                yield FacetPanel(FACETS, id="facets")
                table = DocumentTable(id="documents")
                table.loading = True
                yield table
            yield Label("Related pairs", id="pairs-title", classes="section-title")
            pairs: DataTable[Any] = DataTable(id="pairs", cursor_type="row")
            yield pairs
            yield Label("", id="pair-detail", classes="summary")

    def on_mount(self) -> None:
        self.query_one("#pairs", DataTable).add_columns(*PAIR_COLUMNS)
        self.watch(self.app, "duplicates", self._show_pairs, init=False)
        self.watch(self.app, "landed", self._landed, init=False)

    @property
    def documents(self) -> DocumentTable:
        return self.query_one("#documents", DocumentTable)

    def corpus_changed(self, catalogue: Catalogue) -> None:
        self._members = {}
        self._fill(catalogue.rows)
        self._show_pairs(self.app.duplicates)

    def _landed(self, rows: tuple[DocumentInfo, ...]) -> None:
        """Rows of a first build, as they land, by path (the listing's order within a
        folder; the catalogue replaces them when whole)."""
        if self.app.catalogue is None and rows:
            self._fill(tuple(sorted(rows, key=lambda row: row.path)))

    # -- the documents -------------------------------------------------------------------

    def _fill(self, rows: tuple[DocumentInfo, ...]) -> None:
        table = self.documents
        table.loading = False
        if self.focused is None:
            self.call_after_refresh(table.focus)
        table.set_rows(rows, self._members)
        self._refilter()

    def _refilter(self) -> None:
        """Apply the text filter, the facets and the relation to the table, and count."""
        table, facets = self.documents, self.query_one(FacetPanel)
        table.filter_by(self.query_one("#documents-filter", Input).value, self._keeps(facets))
        by_text = [row for n, row in enumerate(table.rows) if table.passes_text(n)]
        facets.show(row for row in by_text if self._in_relation(row))
        self._title()

    def _keeps(self, facets: FacetPanel) -> Any:
        chosen = facets.keeps()
        return lambda row: chosen(row) and self._in_relation(row)

    def _in_relation(self, row: DocumentInfo) -> bool:
        if self.relation == ALL:
            return True
        member = self._members.get(row.id)
        return member is not None and self.relation in member.counts

    def _title(self) -> None:
        table = self.documents
        total, shown = len(table.rows), table.row_count
        building = self.app.catalogue is None and total
        text = f"Documents: {total:,}" + (" so far" if building else "")
        if shown != total:
            text = f"Documents: {shown:,} of {total:,}"
        self.query_one("#documents-title", Label).update(safe.label(text))

    @on(FilterInput.Applied, "#documents-filter")
    def _typed(self, event: FilterInput.Applied) -> None:
        self._refilter()
        if event.submitted:
            self.documents.focus()

    @on(FacetPanel.Changed)
    def _faceted(self) -> None:
        self._refilter()

    @on(Select.Changed, "#documents-sort")
    def _sorted(self, event: Select.Changed) -> None:
        column = event.value if isinstance(event.value, str) else LISTING
        reverse = COLUMNS[column].descending if column in COLUMNS else False
        self.documents.sort_by(column, reverse)

    @on(DocumentTable.Sorted)
    def _header_sorted(self, event: DocumentTable.Sorted) -> None:
        select = self.query_one("#documents-sort", Select)
        with select.prevent(Select.Changed):
            select.value = event.column

    # -- the pairs -----------------------------------------------------------------------

    def _show_pairs(self, pairs: tuple[Any, ...] | None) -> None:
        """The pairs found (None: still being found), their page, and each document's
        relations in the table."""
        table = self.query_one("#pairs", DataTable)
        if self.app.catalogue is None:
            table.clear()
            return
        table.loading = pairs is None and bool(self.app.catalogue.rows)
        records = self.app.pair_records
        self._spans = {}
        if records is not None:
            self._spans = {_key(r["a"], r["b"]): r["host_span"] for r in records["pairs"]}
        self._set_filter_options(pairs)
        self._shown = [p for p in pairs or () if self.relation in (ALL, p.relation)]
        self.page = min(self.page, max(0, (len(self._shown) - 1) // PAGE))
        self._draw_page()
        if pairs is not None and self.app.relations is not None:
            from tifa.tracking.versions.membership import document_relations

            self._members = document_relations(self.app.relations)
            self.documents.set_rows(self.documents.rows, self._members)
            self._refilter()

    def _set_filter_options(self, pairs: tuple[Any, ...] | None) -> None:
        """All relations, and each relation found with its count (none until found: the
        engine's modules load in the worker that finds them, not here)."""
        options = [(f"all relations ({len(pairs or ()):,})", ALL)]
        if pairs:
            from tifa.tracking.versions.relations import RELATIONS

            counts = {r: sum(p.relation == r for p in pairs) for r in RELATIONS}
            options += [(f"{r} ({counts[r]:,})", r) for r in RELATIONS if counts[r]]
        select = self.query_one("#relation-filter", Select)
        with select.prevent(Select.Changed):
            select.set_options(options)
            select.value = self.relation if self.relation in {v for _, v in options} else ALL

    def _draw_page(self) -> None:
        table = self.query_one("#pairs", DataTable)
        table.clear()
        pages = max(1, -(-len(self._shown) // PAGE))
        first = self.page * PAGE
        for pair in self._shown[first : first + PAGE]:
            key = _key(pair.a, pair.b)
            span = self._spans.get(key)
            where = f"{'B' if pair.host == pair.b else 'A'} {span[0]}–{span[1]}" if span else ""
            table.add_row(
                safe.cell(pair.a),
                safe.cell(pair.b),
                safe.cell(pair.relation),
                safe.number(pair.similarity),
                safe.number(pair.containment_a_in_b),
                safe.number(pair.containment_b_in_a),
                safe.number(pair.date_gap_days),
                safe.cell(where),
                key=key,
            )
        which = "" if self.relation == ALL else f" ({self.relation})"
        paging = f" · page {self.page + 1} of {pages} ([ ])" if pages > 1 else ""
        title = f"Related pairs{which}: {len(self._shown):,}{paging}"
        self.query_one("#pairs-title", Label).update(safe.label(title))
        self._describe(self._shown[first] if first < len(self._shown) else None)

    def _describe(self, pair: Any) -> None:
        """The pair's reason; for a text inside another, where it sits in its host, once
        the host is read (in a worker)."""
        detail = self.query_one("#pair-detail", Label)
        self._described = None if pair is None else _key(pair.a, pair.b)
        if pair is None:
            detail.update("")
            return
        detail.update(safe.label(pair.reason + _gap(pair)))
        if pair.host is not None:
            self.place(pair)

    @work(thread=True, exclusive=True, group=PLACING, name=PLACING, exit_on_error=False)
    def place(self, pair: Any) -> None:
        from tifa.tracking.versions.membership import placement

        try:
            (host,) = self.app.documents([pair.host])
        except LookupError as err:
            self.post_message(Failed(PLACING, err.args[0]))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(PairPlaced(_key(pair.a, pair.b), placement(pair, host)))

    def on_pair_placed(self, message: PairPlaced) -> None:
        where = message.placement
        if message.key != self._described or where is None:
            return
        pair = next(p for p in self._shown if _key(p.a, p.b) == message.key)
        text = f"{where.describe()}: …{where.before}【{where.text[:24]}…{where.text[-12:]}】"
        text += f"{where.after}…{_gap(pair)}"
        self.query_one("#pair-detail", Label).update(safe.label(text))

    # -- events and actions --------------------------------------------------------------

    @on(Select.Changed, "#relation-filter")
    def _filtered(self, event: Select.Changed) -> None:
        self.relation = event.value if isinstance(event.value, str) else ALL
        self.page = 0
        self._show_pairs(self.app.duplicates)
        if self.app.duplicates is None:
            self._refilter()

    @on(DataTable.RowHighlighted, "#pairs")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = self.page * PAGE + event.cursor_row
        self._describe(self._shown[index] if 0 <= index < len(self._shown) else None)

    @on(RowTable.RowSelected, "#documents")
    def _read(self, event: RowTable.RowSelected) -> None:
        self.post_message(OpenDocument(event.key))

    @on(DataTable.RowSelected, "#pairs")
    def _compare(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            a, b = event.row_key.value.split("\x00")
            self.post_message(OpenPair(a, b))

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            focused.action_select_cursor()
        elif isinstance(focused, RowTable):
            focused.action_select()

    def action_page(self, step: int) -> None:
        pages = max(1, -(-len(self._shown) // PAGE))
        page = min(max(self.page + step, 0), pages - 1)
        if page != self.page:
            self.page = page
            self._draw_page()

    def action_filter(self) -> None:
        self.query_one("#relation-filter", Select).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#documents-filter", Input).focus()

    def action_sort(self) -> None:
        self.query_one("#documents-sort", Select).focus()

    def action_reverse(self) -> None:
        table = self.documents
        table.sort_by(table.sort, not table.reverse)

    def action_facets(self) -> None:
        self.query_one(FacetPanel).focus_first()

    def action_documents(self) -> None:
        self.documents.focus()

    def _current_document(self) -> str | None:
        return self.documents.cursor_key

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
        elif isinstance(focused, RowTable):
            focused.action_move(1 if direction == "down" else -1)

    # -- export --------------------------------------------------------------------------

    def report(self) -> Report | None:
        """The documents shown (filtered, in the order shown) as `tifa corpus` prints
        them (JSON with its clue objects); made when written, not when offered."""
        from tifa.tui.screens.export import Report

        if self.app.catalogue is None:
            return None
        table = self.documents
        rows = tuple(table.shown)
        label = "Documents" if len(rows) == len(table.rows) else f"Documents ({len(rows):,} shown)"

        def render(fmt: str) -> str:
            from tifa.tracking.listing import corpus_records, corpus_table

            return Report.of_table(
                DOCUMENTS_REPORT, corpus_table(rows), corpus_records(rows)
            ).render(fmt)

        return Report(DOCUMENTS_REPORT, len(rows), render, label=label)

    def reports(self) -> tuple[Report, ...]:
        """The documents and, once found, the related pairs, as `tifa dupes` writes them
        (CSV and JSON, the formats it offers): all of them, whatever the filter."""
        from tifa.tracking.versions.relations import pairs_table
        from tifa.tui.screens.export import Report

        documents, records = self.report(), self.app.pair_records
        if documents is None or records is None:
            return super().reports()
        return (
            documents,
            Report.of_table(
                PAIRS_REPORT,
                pairs_table(records["pairs"]),
                records,
                formats=("csv", "json"),
                label="Related pairs",
            ),
        )

    def focused_report(self) -> str | None:
        focused = self.focused
        return PAIRS_REPORT if focused is not None and focused.id == "pairs" else None


def _key(a: str, b: str) -> str:
    return f"{a}\x00{b}"


def _gap(pair: Any) -> str:
    return f" · {pair.date_note}" if pair.date_note else ""


SCREEN = CorpusScreen
