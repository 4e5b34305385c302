"""The corpus view: every document as a row, and the near-duplicate pairs among them.

Enter on a document opens the reader; Enter on a pair (or ``c`` on a document with a
partner) opens the pair in Compare; ``r`` reads the corpus files again. The table shows what
``tifa corpus`` lists; the pairs are ``tracking.versions.dupes.near_duplicates`` as ``tifa dupes``
prints them, and both export as those commands write them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from tifa.tui import safe
from tifa.tui.messages import OpenDocument, OpenPair
from tifa.tui.screens.base import ViewScreen

if TYPE_CHECKING:
    from tifa.corpus import Corpus
    from tifa.tui.screens.export import Report

DOC_COLUMNS = (
    "id",
    "year",
    "date",
    "dates",
    "genre",
    "edition",
    "turns",
    "questions",
    "chars",
    "repairs",
    "near-duplicate",
)
PAIR_COLUMNS = ("A", "B", "similarity", "A in B", "B in A", "relation")
DOCUMENTS_REPORT, PAIRS_REPORT = "corpus", "dupes"  # named as the commands that print them


class CorpusScreen(ViewScreen):
    VIEW = "corpus"
    AUTO_FOCUS = None
    BINDINGS = [
        Binding("enter", "open", "Read", show=False),
        Binding(
            "c",
            "compare",
            "Compare pair",
            tooltip="Open this document and its near-duplicate partner in Compare.",
        ),
        Binding("r", "app.reload", "Reload", tooltip="Read the corpus files again."),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def compose_view(self) -> ComposeResult:
        with Vertical(id="corpus-body"):
            yield Label("Documents", classes="section-title")
            table: DataTable[Any] = DataTable(id="documents", cursor_type="row", zebra_stripes=True)
            table.loading = True
            yield table
            yield Label("Near-duplicate pairs", classes="section-title")
            pairs: DataTable[Any] = DataTable(id="pairs", cursor_type="row")
            yield pairs

    def on_mount(self) -> None:
        docs = self.query_one("#documents", DataTable)
        docs.add_columns(*DOC_COLUMNS)
        self.query_one("#pairs", DataTable).add_columns(*PAIR_COLUMNS)
        self.watch(self.app, "duplicates", self._show_pairs, init=False)

    def corpus_changed(self, corpus: Corpus) -> None:
        self._fill_documents(corpus)
        self._show_pairs(self.app.duplicates)

    def _partners(self) -> dict[str, str]:
        best: dict[str, tuple[float, str]] = {}
        for pair in self.app.duplicates or ():
            for one, other in ((pair.a, pair.b), (pair.b, pair.a)):
                if one not in best or pair.similarity > best[one][0]:
                    best[one] = (pair.similarity, other)
        return {doc: other for doc, (_, other) in best.items()}

    def _fill_documents(self, corpus: Corpus) -> None:
        from tifa.tracking.listing import document_record

        table = self.query_one("#documents", DataTable)
        table.loading = False
        if self.focused is None or self.focused.id == "pairs":
            self.call_after_refresh(table.focus)
        table.clear()
        partners = self._partners()
        for doc in corpus.documents:
            record = document_record(doc)
            table.add_row(
                safe.cell(record["id"]),
                safe.number(record["year"]),
                safe.cell(record["date"]),
                safe.cell(record["date_status"]),
                safe.cell(record["genre"]),
                safe.cell(record["edition"]),
                safe.number(record["turns"]),
                safe.number(record["questions"]),
                safe.number(record["chars"]),
                safe.number(sum(record["repairs"].values())),
                safe.cell(partners.get(doc.id, "")),
                key=doc.id,
            )

    def _show_pairs(self, pairs: tuple[Any, ...] | None) -> None:
        table = self.query_one("#pairs", DataTable)
        table.clear()
        if self.app.corpus is None:
            return
        table.loading = pairs is None
        for pair in pairs or ():
            table.add_row(
                safe.cell(pair.a),
                safe.cell(pair.b),
                safe.number(pair.similarity),
                safe.number(pair.containment_a_in_b),
                safe.number(pair.containment_b_in_a),
                safe.cell(pair.relation),
                key=f"{pair.a}\x00{pair.b}",
            )
        if pairs is not None:
            self._fill_documents(self.app.corpus)

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

    def action_compare(self) -> None:
        table = self.query_one("#documents", DataTable)
        if not table.row_count:
            return
        doc = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        partner = self._partners().get(doc)
        if partner is None:
            safe.notify(self, f"{doc} has no near-duplicate partner", severity="warning")
            return
        self.post_message(OpenPair(doc, partner))

    def action_cursor(self, direction: str) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            (focused.action_cursor_down if direction == "down" else focused.action_cursor_up)()

    def report(self) -> Report | None:
        """The documents as `tifa corpus` prints them (JSON with its clue objects)."""
        from tifa.tracking.listing import corpus_records, corpus_table
        from tifa.tui.screens.export import Report

        corpus = self.app.corpus
        if corpus is None:
            return None
        return Report.of_table(
            DOCUMENTS_REPORT,
            corpus_table(corpus),
            corpus_records(corpus),
            label="Documents",
        )

    def reports(self) -> tuple[Report, ...]:
        """The documents and, once found, the near-duplicate pairs, as `tifa dupes` writes
        them (CSV and JSON, the formats it offers)."""
        from tifa.tracking.versions.dupes import pair_records, pairs_table
        from tifa.tui.screens.export import Report

        documents, corpus, pairs = self.report(), self.app.corpus, self.app.duplicates
        if documents is None or corpus is None or pairs is None:
            return super().reports()
        records = pair_records(corpus, pairs)
        return (
            documents,
            Report.of_table(
                PAIRS_REPORT,
                pairs_table(records),
                {"pairs": records},
                formats=("csv", "json"),
                label="Near-duplicate pairs",
            ),
        )

    def focused_report(self) -> str | None:
        focused = self.focused
        return PAIRS_REPORT if focused is not None and focused.id == "pairs" else None


SCREEN = CorpusScreen
