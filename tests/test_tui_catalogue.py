"""Pilot tests of the corpus view on a generated archive of a few hundred documents: the
table from the catalogue, sorting, the text filter, facets, the reader and Compare opening
only their documents, and a cold build that fills the table as documents land and stops
when the user quits."""

from __future__ import annotations

import time
from itertools import pairwise
from pathlib import Path

import pytest
from rich.style import Style
from textual.widgets import Input, Label, Select

from benchmarks.synth_statements import generate_relations, write_archive
from tifa.corpus import jobs as corpus_jobs
from tifa.corpus import open_catalogue
from tifa.corpus.catalogue import Catalogue
from tifa.tui.app import TifaApp
from tifa.tui.screens.reader import ReaderScreen
from tifa.tui.widgets.documents import COLUMNS, DOWN, UP, DocumentTable, sort_order
from tifa.tui.widgets.facets import Facet, FacetPanel, counts, keeps
from tifa.tui.widgets.status import StatusBar

from helpers import settle

SIZE = (160, 40)
DOCUMENTS = 240
HOSTILE = "[bold red]关于[/]测试[@click=app.quit]的声明[TODO]"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """240 generated transcripts with titles, dates and genres, and one whose title is
    markup; indexed once, so that each test opens it warm."""
    folder = tmp_path_factory.mktemp("archive")
    write_archive(generate_relations(DOCUMENTS, 3, chars=1200), folder)
    (folder / "zz_hostile.txt").write_text(
        f"{HOSTILE}\n\n外交部发言人宣布：中方坚持多边主义。", encoding="utf-8"
    )
    open_catalogue([str(folder)]).close()
    return folder


def workbench(archive: Path) -> tuple[TifaApp, object]:
    app = TifaApp((str(archive),))
    return app, app.run_test(size=SIZE)


def table_of(app: TifaApp) -> DocumentTable:
    return app.screen.query_one("#documents", DocumentTable)


def title_of(app: TifaApp) -> str:
    return str(app.screen.query_one("#documents-title", Label).content)


def when(table: DocumentTable) -> list[str]:
    """The date of each row shown, or its year when that is all that is known."""
    return [row.date or str(row.year or "") for row in table.shown]


def column(table: DocumentTable, name: str) -> list[str]:
    n = [c.label.split(" ")[0] for c in table.columns].index(name)
    return [table.get_row_at(row)[n] for row in range(table.row_count)]


async def test_the_table_lists_the_catalogue_and_sorts_by_any_column(archive: Path):
    app, running = workbench(archive)
    async with running as pilot:
        await settle(pilot)
        table = table_of(app)
        assert table.row_count == DOCUMENTS + 1 == len(app.catalogue or ())
        assert title_of(app) == f"Documents: {DOCUMENTS + 1:,}"
        ids = column(table, "id")
        assert ids == [row.id for row in app.catalogue or ()]  # listing order first
        assert table.get_row_at(ids.index("zz_hostile"))[3] == HOSTILE  # shown literally

        app.screen.query_one("#documents-sort", Select).value = "date"
        await pilot.pause()
        dates = when(table)
        known = [d for d in dates if d]
        assert known == sorted(known) and dates[: len(known)] == known  # undated last
        table.move_cursor(row=3)
        kept = table.cursor_key

        await pilot.press("S")  # reversed: newest first, the undated still last
        dates = when(table)
        known = [d for d in dates if d]
        assert known == sorted(known, reverse=True) and dates[: len(known)] == known
        assert table.cursor_key == kept  # the cursor stays on its document
        assert "date ▼" in table.labels

        x = sum(w + 2 for w in table._widths[: table.labels.index("chars")]) + 1
        table.scroll_to(x=x - 1, animate=False, immediate=True)  # the columns scroll sideways
        await pilot.pause()
        await pilot.click("#documents", offset=(x - round(table.scroll_x), 0))  # its header
        chars = [int(c) for c in column(table, "chars")]
        assert chars == sorted(chars, reverse=True)
        assert app.screen.query_one("#documents-sort", Select).value == "chars"


@pytest.mark.parametrize("width", [160, 80])
async def test_every_sorted_header_shows_whole_with_its_arrow(archive: Path, width: int):
    """The arrow has room beside each label, so sorting cuts no header (it made "chars ▲"
    "char…") and moves no column."""
    app = TifaApp((str(archive),))
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        widths = list(table._widths)
        for name in COLUMNS:
            for reverse, arrow in ((False, UP), (True, DOWN)):
                table.sort_by(name, reverse)
                await pilot.pause()
                header = table._line(table.labels, Style()).text
                assert name + arrow in header and "…" not in header
                assert table._widths == widths


async def test_text_filter_and_facets_narrow_the_table_and_count_what_is_left(archive: Path):
    app, running = workbench(archive)
    async with running as pilot:
        await settle(pilot)
        table, facets = table_of(app), app.screen.query_one(FacetPanel)
        await pilot.press("ctrl+l", *"2013-09")
        await pilot.pause(0.3)
        shown = table.shown
        assert shown and all("2013-09" in f"{r.id} {r.title} {r.date}" for r in shown)
        assert any(r.date and r.date.startswith("2013-09") for r in shown)
        assert title_of(app) == f"Documents: {len(shown)} of {DOCUMENTS + 1:,}"
        await pilot.press("enter")
        assert app.focused is table

        filter_box = app.screen.query_one("#documents-filter", Input)
        filter_box.value = ""
        await pilot.pause(0.3)
        years = facets._lists["year"]
        year = facets._values["year"].index(2013)
        years.select(year)
        await pilot.pause()
        rows = table.shown
        assert rows and {r.year for r in rows} == {2013}
        genres = dict(facets._shown["genre"][n][:2] for n in range(len(facets._shown["genre"])))
        assert sum(genres.values()) == len(rows)  # counted within the year ticked
        other_years = {v: c for v, c, _ in facets._shown["year"]}
        assert other_years[2013] == len(rows) and len(other_years) > 5  # the rest still offered

        statements = facets._values["genre"].index("statement")
        facets._lists["genre"].select(statements)
        await pilot.pause()
        assert table.shown
        assert {(r.year, r.metadata.genre) for r in table.shown} == {(2013, "statement")}
        assert title_of(app) == f"Documents: {len(table.shown)} of {DOCUMENTS + 1:,}"

        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert dialog.report.label == f"Documents ({len(table.shown)} shown)"
        exported = dialog.report.render("csv").splitlines()
        assert len(exported) == len(table.shown) + 1  # the rows shown, as `tifa corpus` lists


async def test_the_reader_and_compare_open_only_their_documents(archive: Path, monkeypatch):
    loaded = []
    whole = Catalogue.corpus
    monkeypatch.setattr(Catalogue, "corpus", lambda self, **kw: loaded.append(1) or whole(self))
    app, running = workbench(archive)
    async with running as pilot:
        await settle(pilot)
        table = table_of(app)
        related = [p for p in app.duplicates or () if p.relation == "versions"]
        assert related
        table.move_cursor(row=[r.id for r in table.shown].index(related[0].a))
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.doc.id == related[0].a
        await pilot.press("escape", "c")
        await settle(pilot)
        assert app.current_mode == "compare"
        assert app.screen.diff.a.id == related[0].a
    assert not loaded  # no view asked for the whole corpus


def slow_parse(job):
    time.sleep(0.02)
    return PARSE(job)


PARSE = corpus_jobs.parse_file


async def test_a_cold_build_fills_the_table_as_documents_land_and_q_stops_it(
    archive: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("tifa.corpus.sync.PARALLEL_FROM", 10**9)  # parsed here, one by one
    monkeypatch.setattr("tifa.corpus.sync.BATCH", 8)
    monkeypatch.setattr("tifa.corpus.jobs.parse_file", slow_parse)  # ~5 s for the archive
    app, running = workbench(archive)
    async with running as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if len(app.landed) >= 16:
                break
        await pilot.pause(0.1)
        assert app.catalogue is None and 16 <= len(app.landed) < DOCUMENTS
        table = table_of(app)
        assert table.row_count == len(app.landed)
        assert title_of(app).endswith(" so far")
        bar = app.screen.query_one(StatusBar)
        assert bar.has_class("-busy")
        assert str(bar.query_one("#status-note", Label).content).startswith(
            "opening corpus: parsing "
        )
        await pilot.press("q")
    assert app.catalogue is None
    monkeypatch.setattr("tifa.corpus.jobs.parse_file", PARSE)
    again = open_catalogue([str(archive)], progress=(events := []).append)
    assert len(again) == DOCUMENTS + 1  # the index is whole: what was stored is kept
    parsed = {e.done for e in events if e.stage == "parsing"}
    assert parsed and max(parsed) < DOCUMENTS + 1 - 8  # the next run went on from there


def test_sorting_keeps_the_unknown_last_and_equals_in_listing_order(archive: Path):
    rows = open_catalogue([str(archive)]).rows
    for reverse in (False, True):
        order = sort_order(rows, {}, "year", reverse)
        years = [rows[n].year for n in order]
        known = [y for y in years if y is not None]
        assert known == sorted(known, reverse=reverse)
        assert all(y is None for y in years[len(known) :]) and None in years
        for a, b in pairwise(order):  # ties keep the listing's order
            if rows[a].year == rows[b].year:
                assert a < b


def test_facet_counts_are_those_a_tick_would_leave():
    facets = [Facet("a", "A", lambda r: r[0]), Facet("b", "B", lambda r: r[1])]
    rows = [("x", 1), ("x", 2), ("y", 1), ("y", 1), (None, 2)]
    found = counts(rows, facets, {"a": frozenset({"y"})})
    assert found["b"] == {1: 2}  # within a = y
    assert found["a"] == {"x": 2, "y": 2, None: 1}  # a's own choice does not narrow a
    assert [r for r in rows if keeps(facets, {"a": frozenset({"y"})})(r)] == rows[2:4]
