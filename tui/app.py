"""The tifa workbench: a Textual app with one view per question a researcher asks.

Decisions:

* Views are app modes (corpus, compare, families, timeline, search), each its own screen,
  created the first time it is shown; only the corpus view and its styles are loaded at
  start-up, so the first screen draws before the corpus, numpy or jieba have loaded. The tab
  row and the key bar are single widgets (``tui.widgets.nav``, ``tui.widgets.footer``), so
  that the first frame is whole and comes sooner (``benchmarks/bench_tui_startup.py``).
* The app owns the shared data: the corpus (loaded in a thread worker, from the cache when
  possible), its related pairs and chains, and the jieba-tokenised corpus that compare,
  families and timeline need (built once, on first demand, in whichever worker asks).
  Views watch ``corpus`` and ``duplicates`` and redraw from them.
* The app computes nothing itself: every number and string comes from ``corpus`` and
  ``tracking``, the same data the command line prints, and enters widgets via ``tui.safe``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
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
    CorpusReady,
    DuplicatesReady,
    Failed,
    OpenChain,
    OpenDocument,
    OpenPair,
    Progress,
    TaskDone,
    cancel_hook,
    progress_callback,
    worker_outcome,
)
from tifa.tui.widgets.nav import VIEWS
from tifa.tui.workarounds import guard_option_list_paging

if TYPE_CHECKING:
    from tifa.corpus import Corpus

guard_option_list_paging()

LOADING = "loading corpus"
DUPLICATES = "relations"
WORDS = "words"


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

    corpus: var[Corpus | None] = var(None, always_update=True)
    duplicates: var[tuple[Any, ...] | None] = var(None, always_update=True)
    relations: Any = None  # the RelationReport the duplicates come from
    chains: tuple[Any, ...] = ()  # its chains of reissued statements
    activity: var[dict[str, tuple[int, int, str]]] = var(dict, always_update=True)

    def __init__(self, corpus_paths: tuple[str, ...] = (), use_cache: bool = True) -> None:
        super().__init__()
        self.corpus_paths = tuple(corpus_paths)
        self.use_cache = use_cache
        self._tokens_lock = threading.Lock()
        self._tokens: tuple[Corpus, Corpus] | None = None

    def on_ready(self) -> None:
        """Start loading once the first frame is up: the loader's imports (numpy, OpenCC)
        would otherwise compete with the first paint for the interpreter."""
        self.load_corpus()

    # -- shared data ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="corpus", name=LOADING, exit_on_error=False)
    def load_corpus(self) -> None:
        """Load the corpus; a named file that cannot be read is skipped with a notice."""
        from tifa.corpus import Cancelled as Stopped
        from tifa.corpus import Corpus, CorpusError, load_corpus

        self.post_message(Progress(LOADING, 0, 0))
        report = progress_callback(self, LOADING)
        sources, skipped = list(self.corpus_paths), []
        while True:
            try:
                corpus = load_corpus(
                    tuple(sources), use_cache=self.use_cache, progress=report, cancel=cancel_hook()
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
                if not sources:
                    corpus = Corpus(())
                    break
        if not get_current_worker().is_cancelled:
            self.post_message(CorpusReady(corpus, tuple(skipped)))

    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.activity = {k: v for k, v in self.activity.items() if k != LOADING}
        for problem in (*message.skipped, *message.corpus.warnings):
            safe.notify(self, problem, severity="warning", title="Unreadable file")
        if not message.corpus.documents:
            safe.notify(self, "no readable transcripts found", severity="error", timeout=10)
        elif self.corpus is not None:
            safe.notify(self, f"{len(message.corpus)} documents", title="Corpus reloaded")
        self._tokens = None
        self.duplicates = self.relations = None
        self.chains = ()
        self.corpus = message.corpus
        if message.corpus.documents:
            self.find_duplicates(message.corpus)

    @work(thread=True, exclusive=True, group="duplicates", name=DUPLICATES, exit_on_error=False)
    def find_duplicates(self, corpus: Corpus) -> None:
        from tifa.tracking.versions.chains import find_chains
        from tifa.tracking.versions.relations import corpus_relations

        self.post_message(Progress(DUPLICATES, 0, 0, "comparing documents"))
        worker = get_current_worker()

        def progress(stage: str, done: int, total: int) -> None:
            if worker.is_cancelled:
                raise Cancelled
            self.post_message(Progress(DUPLICATES, done, total, stage))

        report = corpus_relations(corpus, progress=progress)
        chains = find_chains(corpus, report)
        if not worker.is_cancelled:
            self.post_message(DuplicatesReady(report.pairs, report, chains))

    def on_duplicates_ready(self, message: DuplicatesReady) -> None:
        self.relations, self.chains = message.report, message.chains
        self.duplicates = message.pairs

    def tokenised_corpus(self, node: Any) -> Corpus:
        """The corpus with jieba words, built once; call from a thread worker only.

        Progress goes to ``node`` (the asking screen) so the user sees why they wait.
        """
        from tifa.corpus import Cancelled as Stopped
        from tifa.corpus import with_tokens

        with self._tokens_lock:
            corpus = self.corpus
            if corpus is None:
                raise RuntimeError("the corpus has not loaded yet")
            if self._tokens is not None and self._tokens[0] is corpus:
                return self._tokens[1]
            node.post_message(Progress(WORDS, 0, len(corpus), "loading the dictionary"))
            try:
                tokenised = with_tokens(
                    corpus,
                    use_cache=self.use_cache,
                    progress=progress_callback(node, WORDS),
                    cancel=cancel_hook(),
                )
            except Stopped:
                raise Cancelled from None
            finally:
                node.post_message(TaskDone(WORDS))
            self._tokens = (corpus, tokenised)
            return tokenised

    # -- activity and errors -------------------------------------------------------------

    def on_progress(self, message: Progress) -> None:
        activity = {k: v for k, v in self.activity.items() if k != message.task}
        activity[message.task] = (message.done, message.total, message.note)
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
        if self.corpus is None:
            return
        from tifa.tui.screens.reader import ReaderScreen

        try:
            doc = self.corpus.get(message.doc)
        except LookupError as err:
            safe.notify(self, err.args[0], severity="error")
            return
        self.push_screen(ReaderScreen(doc, turn=message.turn, mark=_span(message)))

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
        files are parsed afresh, the rest come from the cache."""
        self.load_corpus()

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
