"""The tifa workbench: a Textual app with one view per question a researcher asks.

Decisions:

* Views are app modes (corpus, compare, families, timeline, search), each its own screen,
  created the first time it is shown; only the corpus view and its styles are loaded at
  start-up, so the first screen draws before the corpus, numpy or jieba have loaded. The tab
  row and the key bar are single widgets (``tui.widgets.nav``, ``tui.widgets.footer``), so
  that the first frame is whole and comes sooner (``benchmarks/bench_tui_startup.py``).
* The corpus is a ``Catalogue`` (``tifa.corpus.open_catalogue``): every document's row
  from the index at once, a document's text only when it is opened. The app opens it in a
  thread worker (a cold first build reports progress with an estimate, and its rows as
  they land); views watch ``catalogue`` and redraw from it. What needs more than rows is
  made in workers afterwards, each cancelled when the corpus is reloaded or the app quits:
  the related pairs and chains (from the documents' matching keys, never the whole corpus
  in memory), the documents a reader or a diff opens, and the jieba-worded corpus that
  Families reads (built once, on first demand).
* The app computes nothing itself: every number and string comes from ``corpus`` and
  ``tracking``, the same data the command line prints, and enters widgets via ``tui.safe``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from tifa.tui import safe
from tifa.tui.messages import (
    Cancelled,
    CatalogueReady,
    DocumentOpened,
    DuplicatesReady,
    Failed,
    OpenChain,
    OpenDocument,
    OpenPair,
    Progress,
    RowsLanded,
    TaskDone,
    cancel_hook,
    progress_callback,
    stage_callback,
    worker_outcome,
)
from tifa.tui.widgets.nav import VIEWS
from tifa.tui.workarounds import guard_option_list_paging

if TYPE_CHECKING:
    from tifa.corpus import Catalogue, Corpus, Document, DocumentInfo

guard_option_list_paging()

LOADING = "opening corpus"
DUPLICATES = "relations"
WORDS = "whole corpus"  # read with its words, for Families
# documents from which the corpus with its words, kept once read, is held out of the
# collector's scans (``collector.hold_for_good``): browsing families built on the 1,000 MFA
# pages' words met full collections of 0.2 s, each reading every sentence again
HELD_DOCUMENTS = 200
READING = "reading"


def _view_factory(view: str) -> Callable[[], Screen]:
    """A factory that imports the view's module only when the view is first shown."""

    def make() -> Screen:
        from importlib import import_module

        module = import_module(f"tifa.tui.screens.{view}")
        return module.SCREEN()

    return make


class TifaApp(App[None]):
    """The workbench. ``corpus_paths`` as for ``--corpus``; none means the bundled five."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "tifa 提法"
    SCREENS = {view: _view_factory(view) for view, _ in VIEWS}
    MODES = {view: view for view, _ in VIEWS}
    DEFAULT_MODE = "corpus"
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Every key, view by view."),
        Binding("slash", "search", "Search", tooltip="Search the whole corpus."),
        Binding("e", "export", "Export", tooltip="Export what this view shows."),
        Binding("q", "quit", "Quit"),
        Binding("1", "view('corpus')", "Corpus", show=False),
        Binding("2", "view('compare')", "Compare", show=False),
        Binding("3", "view('families')", "Families", show=False),
        Binding("4", "view('timeline')", "Timeline", show=False),
        Binding("5", "view('search')", "Search view", show=False),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
    ]

    catalogue: var[Catalogue | None] = var(None, always_update=True)
    landed: var[tuple[DocumentInfo, ...]] = var((), always_update=True)  # rows of a cold build
    duplicates: var[tuple[Any, ...] | None] = var(None, always_update=True)
    relations: Any = None  # the RelationReport the duplicates come from
    chains: tuple[Any, ...] = ()  # its chains of reissued statements
    pair_records: Any = None  # the pairs as `tifa dupes --format json` writes them
    activity: var[dict[str, tuple[int, int, str]]] = var(dict, always_update=True)

    def __init__(self, corpus_paths: tuple[str, ...] = (), use_cache: bool = True) -> None:
        super().__init__()
        self.corpus_paths = tuple(corpus_paths)
        self.use_cache = use_cache
        self._tokens_lock = threading.Lock()
        self._tokens: tuple[Catalogue, Corpus] | None = None

    def on_ready(self) -> None:
        """Start opening once the first frame is up: the index's imports would otherwise
        compete with the first paint for the interpreter."""
        self.open_corpus()

    def on_unmount(self) -> None:
        if self.catalogue is not None:
            self.catalogue.close()

    # -- shared data ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="corpus", name=LOADING, exit_on_error=False)
    def open_corpus(self) -> None:
        """List the corpus from its index (building what the index lacks, with progress and
        rows as they land); a named file that cannot be read is skipped with a notice."""
        from tifa.corpus import Cancelled as Stopped
        from tifa.corpus import CorpusError, open_catalogue
        from tifa.corpus.catalogue import Catalogue

        self.post_message(Progress(LOADING, 0, 0, "listing files"))
        report = progress_callback(self, LOADING)
        sources, skipped = list(self.corpus_paths), list[str]()
        while True:
            try:
                if skipped and not sources:
                    catalogue = Catalogue([], (), use_cache=False)  # nothing readable is left
                else:
                    catalogue = open_catalogue(
                        tuple(sources),
                        use_cache=self.use_cache,
                        progress=report,
                        cancel=cancel_hook(),
                    )
                break
            except (Cancelled, Stopped):
                return
            except CorpusError as err:
                bad = _source_of(sources, err.path)
                if bad is None:
                    raise
                sources.remove(bad)
                skipped.append(str(err))
        if get_current_worker().is_cancelled:
            catalogue.close()
            return
        self.post_message(CatalogueReady(catalogue, tuple(skipped)))

    def on_rows_landed(self, message: RowsLanded) -> None:
        """Rows of a first build, shown until the catalogue is whole (a reload keeps
        showing the catalogue it replaces)."""
        if self.catalogue is None:
            self.landed = (*self.landed, *message.rows)

    def on_catalogue_ready(self, message: CatalogueReady) -> None:
        catalogue = message.catalogue
        self._drop_task(LOADING)
        for problem in (*message.skipped, *catalogue.warnings):
            safe.notify(self, problem, severity="warning", title="Unreadable file")
        if not catalogue.rows:
            safe.notify(self, "no readable transcripts found", severity="error", timeout=10)
        elif self.catalogue is not None:
            safe.notify(self, f"{len(catalogue)} documents", title="Corpus reloaded")
        self._tokens = None
        self.duplicates = self.relations = self.pair_records = None
        self.chains = ()
        self.landed = ()
        self.catalogue = catalogue
        if catalogue.rows:
            shown = threading.Event()
            self.call_after_refresh(shown.set)
            self.find_duplicates(catalogue, shown)

    @work(thread=True, exclusive=True, group="duplicates", name=DUPLICATES, exit_on_error=False)
    def find_duplicates(self, catalogue: Catalogue, shown: threading.Event) -> None:
        """The related pairs and chains, from the documents' matching keys; the pairs'
        records (host spans) are made here too, so the view and its export need no text.
        It starts once the table is ``shown``: until then it would compete for the CPU."""
        shown.wait(timeout=1.0)
        from tifa.tracking.versions.chains import find_chains
        from tifa.tracking.versions.relations import corpus_relations, report_json

        self.post_message(Progress(DUPLICATES, 0, 0, "reading documents"))
        report = corpus_relations(catalogue, progress=stage_callback(self, DUPLICATES))
        chains = find_chains(catalogue, report)
        records = report_json(catalogue, report)
        if not get_current_worker().is_cancelled:
            self.post_message(DuplicatesReady(catalogue, report.pairs, report, chains, records))

    def on_duplicates_ready(self, message: DuplicatesReady) -> None:
        if message.catalogue is not self.catalogue:
            return  # a reload has made these stale
        self.relations, self.chains = message.report, message.chains
        self.pair_records = message.records
        self.duplicates = message.pairs

    def tokenised_corpus(self, node: Any) -> Corpus:
        """The whole corpus with jieba words, built once; call from a thread worker only.

        Progress goes to ``node`` (the asking screen) so the user sees why they wait.
        """
        from tifa.corpus import Cancelled as Stopped

        with self._tokens_lock:
            catalogue = self.catalogue
            if catalogue is None:
                raise RuntimeError("the corpus has not loaded yet")
            if self._tokens is not None and self._tokens[0] is catalogue:
                return self._tokens[1]
            node.post_message(Progress(WORDS, 0, len(catalogue), "loading the dictionary"))
            try:
                tokenised = catalogue.corpus(
                    words=True, progress=progress_callback(node, WORDS), cancel=cancel_hook()
                )
            except Stopped:
                raise Cancelled from None
            finally:
                node.post_message(TaskDone(WORDS))
            self._tokens = (catalogue, tokenised)
            if len(tokenised.documents) >= HELD_DOCUMENTS:
                from tifa.corpus.collector import hold_for_good

                hold_for_good()  # kept for long: out of the collector's scans (see HELD_DOCUMENTS)
            return tokenised

    def documents(self, names: Sequence[str], *, words: bool = False) -> list[Document]:
        """The named documents, read from the index (with their jieba words if asked, found
        and stored now if the index has none); call from a thread worker only."""
        catalogue = self.catalogue
        if catalogue is None:
            raise RuntimeError("the corpus has not loaded yet")
        if words and self._tokens is not None and self._tokens[0] is catalogue:
            return [self._tokens[1].get(name) for name in names]
        return catalogue.open_many([catalogue.find(name) for name in names], words=words)

    # -- activity and errors -------------------------------------------------------------

    def on_progress(self, message: Progress) -> None:
        """Show the task's progress: its note, the count and, once the engine can tell,
        the time left ("opening corpus: parsing 1,234/10,000 · 2m 05s left")."""
        from tifa.tui.cli.progress import duration

        note = message.note
        if message.total:
            note += f" {message.done:,}/{message.total:,}"
        if message.remaining is not None and message.done < message.total:
            note += f" · {duration(message.remaining)} left"
        activity = {k: v for k, v in self.activity.items() if k != message.task}
        activity[message.task] = (message.done, message.total, note)
        self.activity = activity

    def on_task_done(self, message: TaskDone) -> None:
        self._drop_task(message.task)

    def on_failed(self, message: Failed) -> None:
        self._drop_task(message.task)
        safe.notify(
            self, message.error, severity="error", title=f"{message.task} failed", timeout=10
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Clear a finished worker's progress; show its error instead of crashing."""
        outcome = worker_outcome(event)
        if outcome is not None:
            self.post_message(outcome)

    def _drop_task(self, task: str) -> None:
        if task in self.activity:
            self.activity = {k: v for k, v in self.activity.items() if k != task}

    # -- navigation ----------------------------------------------------------------------

    async def action_view(self, view: str) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        await self.switch_mode(view)

    async def action_search(self) -> None:
        await self.action_view("search")
        self.screen.query_one("#search-query").focus()

    def on_open_document(self, message: OpenDocument) -> None:
        if self.catalogue is not None:
            self.open_reader(message.doc, message.turn, _span(message))

    @work(thread=True, exclusive=True, group=READING, name=READING, exit_on_error=False)
    def open_reader(self, name: str, turn: int | None, mark: tuple[int, int] | None) -> None:
        """Read one document from the index for the reader (a worker: the index may be
        busy with a long write, such as words for the whole corpus)."""
        try:
            (doc,) = self.documents([name])
        except LookupError as err:
            self.post_message(Failed(READING, err.args[0]))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(DocumentOpened(doc, turn, mark))

    def on_document_opened(self, message: DocumentOpened) -> None:
        from tifa.tui.screens.reader import ReaderScreen

        self.push_screen(ReaderScreen(message.doc, turn=message.turn, mark=message.mark))

    async def on_open_pair(self, message: OpenPair) -> None:
        await self.action_view("compare")
        self.get_screen("compare").open_pair(message.a, message.b)  # type: ignore[attr-defined]

    async def on_open_chain(self, message: OpenChain) -> None:
        await self.action_view("compare")
        compare: Any = self.get_screen("compare")
        compare.open_chain(self.chains[message.chain], message.step)

    def action_command_palette(self) -> None:
        """Textual's, with a palette that closes once (``screens.dialogs.Palette``)."""
        from textual.command import CommandPalette

        from tifa.tui.screens.dialogs import Palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        from tifa.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self, fmt: str = "csv", report: str | None = None) -> None:
        """The export dialog over what this screen shows; ``report`` picks one by name."""
        from tifa.tui.screens.export import ExportScreen

        maker = getattr(self.screen, "reports", None)
        reports = maker() if maker else ()
        if report is not None and report not in {r.name for r in reports}:
            reports = ()
        if not reports:
            safe.notify(self, "Nothing to export in this view yet.", severity="warning")
            return
        focused = getattr(self.screen, "focused_report", None)
        selected = report or (focused() if focused else None)
        self.push_screen(ExportScreen(reports, fmt, selected))

    async def action_export_view(self, view: str, fmt: str, report: str | None = None) -> None:
        await self.action_view(view)
        self.action_export(fmt, report)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_reload(self) -> None:
        """Read the corpus files again (``r`` in the corpus view, or the palette); changed
        files are parsed afresh, the rest come from the index. Work on the old corpus stops."""
        for worker in self.workers:
            if worker.name in (DUPLICATES, WORDS):
                worker.cancel()
        self.open_corpus()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action, namespaced ("export: timeline as CSV"), plus Textual's own."""
        yield from super().get_system_commands(screen)
        from tifa.tui.screens.corpus import PAIRS_REPORT
        from tifa.tui.screens.export import HTML_VIEWS, LABELS, REPORT_EXPORTS, TABLE_EXPORTS

        for view, title in VIEWS:
            yield SystemCommand(
                f"view: {title.lower()}",
                f"Show the {title} view (key {[v for v, _ in VIEWS].index(view) + 1})",
                _later(self.action_view, view),
            )
            for fmt in REPORT_EXPORTS if view in HTML_VIEWS else TABLE_EXPORTS:
                yield SystemCommand(
                    f"export: {view} as {LABELS[fmt]}",
                    f"Write the {title} view's data as {LABELS[fmt]}",
                    _later(self.action_export_view, view, fmt),
                )
        for fmt in ("csv", "json"):
            yield SystemCommand(
                f"export: related pairs as {LABELS[fmt]}",
                f"Write the corpus view's related pairs as {LABELS[fmt]} "
                f"(as tifa dupes --format {fmt})",
                _later(self.action_export_view, "corpus", fmt, PAIRS_REPORT),
            )
        yield SystemCommand("help: keys", "Every key, view by view (F1)", self.action_help)
        yield SystemCommand(
            "theme: light", "Light colours", lambda: setattr(self, "theme", "textual-light")
        )
        yield SystemCommand(
            "theme: dark", "Dark colours", lambda: setattr(self, "theme", "textual-dark")
        )
        yield SystemCommand(
            "corpus: reload",
            "Read the corpus files again (r in the corpus view)",
            self.action_reload,
        )
        yield SystemCommand(
            "search: corpus", "Search the whole corpus (/)", _later(self.action_search)
        )
        extra = getattr(screen, "commands", None)
        if extra is not None:
            yield from extra()


def _later(action: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """A palette callback: the palette awaits coroutine callbacks itself."""

    async def run() -> None:
        await action(*args)

    return run


def _span(message: OpenDocument) -> tuple[int, int] | None:
    if message.start is None or message.end is None:
        return None
    return message.start, message.end


def _source_of(sources: list[str], failed: str) -> str | None:
    """Which of the user's sources a CorpusError path refers to."""
    failed_path = Path(failed).expanduser().resolve()
    for source in sources:
        if Path(source).expanduser().resolve() == failed_path:
            return source
    return None


def run_app(corpus_paths: tuple[str, ...], use_cache: bool = True) -> None:
    """Open the workbench (``tifa`` with no subcommand)."""
    TifaApp(corpus_paths, use_cache=use_cache).run()
