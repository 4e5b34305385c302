"""The compare view: two versions of one event, aligned turn by turn and sentence by sentence.

Pick A and B (or arrive with a related pair from the corpus view). The diff is
``tracking.versions.diff.diff_documents``, what ``tifa diff`` prints, computed in a thread
worker on the two documents alone, read from the index with their jieba words: a text
printed inside another is compared with its span there (``tracking.versions.windows``).
n / p step through the changes, the check boxes hide edit types, i switches between
side-by-side and inline.

A chain of reissues (``w`` in the corpus view) is walked step by step with ] and [: each step
is the diff of one issue with the next, both read as runs of sentences, as ``tifa dupes
--chains`` compares them; the bar above the diff says where in the chain you are.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Checkbox, Label, Select
from textual.worker import get_current_worker

from tifa.tracking.versions.dates import days_apart
from tifa.tracking.versions.edit_types import EDIT_TYPE_HELP, EDIT_TYPES
from tifa.tui import safe
from tifa.tui.messages import DiffReady, Progress
from tifa.tui.screens.base import ViewScreen
from tifa.tui.widgets.diffsummary import DiffSummary
from tifa.tui.widgets.diffview import DiffView, toggleable
from tifa.tui.widgets.overview import ChangeStrip

if TYPE_CHECKING:
    from tifa.corpus import Catalogue
    from tifa.tui.screens.export import Report

TASK = "diff"
SHORT = {"punctuation": "punct", "whitespace": "OCR/space", "filler": "fillers"}


class CompareScreen(ViewScreen):
    CSS_PATH = "compare.tcss"
    VIEW = "compare"
    HELP_WIDGETS = (DiffView,)
    BINDINGS = [
        Binding("n", "change(1)", "Next change"),
        Binding("p", "change(-1)", "Prev change"),
        Binding("i", "toggle_inline", "Inline/side by side"),
        Binding("s", "swap", "Swap A/B", show=False),
        Binding("right_square_bracket", "step(1)", "Next issue", show=False),
        Binding("left_square_bracket", "step(-1)", "Prev issue", show=False),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.diff: Any = None
        self._started: tuple[str, str] | None = None
        self.chain: Any = None  # the chain being walked, if any
        self.step = 0

    def compose_view(self) -> ComposeResult:
        with Horizontal(id="compare-pick"):
            yield Select[str]([], prompt="document A", id="compare-a")
            yield Button("⇄", id="compare-swap", tooltip="Swap A and B (s)")
            yield Select[str]([], prompt="document B", id="compare-b")
        yield Label("", id="compare-chain", classes="summary")
        yield DiffSummary(id="compare-summary")
        with Horizontal(id="compare-toggles"):
            yield Label("show:")
            for edit_type in toggleable(EDIT_TYPES):
                box = Checkbox(SHORT.get(edit_type, edit_type), value=True, id=f"show-{edit_type}")
                box.tooltip = EDIT_TYPE_HELP.get(edit_type, edit_type)
                yield box
            yield Checkbox("inline", value=False, id="compare-inline")
        with Horizontal(id="compare-main"):
            yield DiffView(id="compare-diff")
            yield ChangeStrip(id="compare-strip")

    def on_mount(self) -> None:
        self.query_one(DiffSummary).show(None)
        self.query_one("#compare-chain", Label).display = False

    def corpus_changed(self, catalogue: Catalogue) -> None:
        options = [
            (Text(safe.line(f"{d.id}  {d.year or '?'}  {d.edition or ''}")), d.id)
            for d in catalogue.rows
        ]
        for select_id in ("#compare-a", "#compare-b"):
            self.query_one(select_id, Select).set_options(options)
        if self._started is not None:
            a, b = self._started
            self._started = None
            self.open_pair(a, b)

    # -- choosing the pair ---------------------------------------------------------------

    def open_pair(self, a: str, b: str, step: Any = None) -> None:
        """Show the diff of documents ``a`` and ``b`` (ids); a chain's ``step`` has them
        read as runs of sentences, as chains compare them."""
        self._started = (a, b)
        if step is None:
            self.chain = None
            self._show_chain()
        with self.prevent(Select.Changed):
            self.query_one("#compare-a", Select).value = a
            self.query_one("#compare-b", Select).value = b
        if self.app.catalogue is not None:
            self.compute(a, b, step)

    def open_chain(self, chain: Any, step: int = 0) -> None:
        """Walk ``chain`` (``tracking.versions.chains.Chain``) from ``step``."""
        self.chain, self.step = chain, step
        self._open_step()

    def _open_step(self) -> None:
        step = self.chain.steps[self.step]
        self.open_pair(step.a, step.b, step)
        self._show_chain()

    def action_step(self, direction: int) -> None:
        if self.chain is None:
            safe.notify(self, "Not walking a chain: press w on a document in the corpus view.")
            return
        step = self.step + direction
        if not 0 <= step < len(self.chain.steps):
            safe.notify(self, "No more issues this way.", timeout=2)
            return
        self.step = step
        self._open_step()

    def _show_chain(self) -> None:
        """The bar above the diff: where in the chain, and which spans were compared."""
        from tifa.tracking.versions.render import window_line

        bar = self.query_one("#compare-chain", Label)
        diff = self.diff
        current = diff is not None and (diff.a.id, diff.b.id) == self._started
        windows = current and diff.windows is not None
        bar.display = self.chain is not None or windows
        if self.chain is None:
            bar.update(safe.label(window_line(diff) if windows else ""))
            return
        issues, step = self.chain.issues, self.chain.steps[self.step]
        dates = (issues[self.step].date or "date unknown", issues[self.step + 1].date or "?")
        p = step.pair
        what = (
            f"{p.relation}, {days_apart(p.date_gap_days)}"
            if p and p.date_gap_days is not None
            else (p.relation if p else "nothing in common")
        )
        bar.update(
            safe.label(
                f"chain of {len(issues)} issues · step {self.step + 1} of {len(self.chain.steps)}"
                f": {dates[0]} → {dates[1]} ({what}) · [ ] previous/next issue"
            )
        )

    @on(Select.Changed)
    def _picked(self) -> None:
        a = self.query_one("#compare-a", Select).value
        b = self.query_one("#compare-b", Select).value
        if isinstance(a, str) and isinstance(b, str) and a != b and (a, b) != self._started:
            self.open_pair(a, b)

    @on(Button.Pressed, "#compare-swap")
    def action_swap(self) -> None:
        if self._started is not None:
            a, b = self._started
            self.open_pair(b, a)

    @work(thread=True, exclusive=True, group=TASK, name=TASK, exit_on_error=False)
    def compute(self, a: str, b: str, step: Any = None) -> None:
        self.post_message(Progress(TASK, 0, 0, f"reading {a} and {b}"))
        doc_a, doc_b = self.app.documents([a, b], words=True)
        if get_current_worker().is_cancelled:
            return
        from tifa.tracking.versions.diff import diff_documents
        from tifa.tracking.versions.windows import excerpt_windows, pair_windows

        self.post_message(Progress(TASK, 0, 0, f"aligning {a} with {b}"))
        if step is None:
            windows = excerpt_windows(doc_a, doc_b)[1]
        else:
            windows = pair_windows(step.pair, doc_a, doc_b)
        diff = diff_documents(doc_a, doc_b, windows)
        if not get_current_worker().is_cancelled:
            self.post_message(DiffReady(a, b, diff))

    def on_diff_ready(self, message: DiffReady) -> None:
        if (message.a, message.b) != self._started:
            return
        self.diff = message.diff
        counts = message.diff.summary.counts
        for edit_type in toggleable(EDIT_TYPES):
            box = self.query_one(f"#show-{edit_type}", Checkbox)
            box.label = Content(f"{SHORT.get(edit_type, edit_type)} {counts.get(edit_type, 0)}")
        view = self.query_one(DiffView)
        view.show(message.diff)
        self._update_summary()
        self._show_chain()
        view.focus()

    # -- navigation and toggles ----------------------------------------------------------

    def action_change(self, step: int) -> None:
        view = self.query_one(DiffView)
        if view.next_change(step) is None:
            safe.notify(self, "No more changes this way.", timeout=2)
        self._update_summary()

    def action_scroll(self, step: int) -> None:
        view = self.query_one(DiffView)
        view.scroll_to(y=view.scroll_y + step, animate=False)

    def action_toggle_inline(self) -> None:
        box = self.query_one("#compare-inline", Checkbox)
        box.value = not box.value

    def set_shown(self, edit_type: str, shown: bool) -> None:
        self.query_one(f"#show-{edit_type}", Checkbox).value = shown

    @on(Checkbox.Changed)
    def _toggled(self, event: Checkbox.Changed) -> None:
        view = self.query_one(DiffView)
        if event.checkbox.id == "compare-inline":
            view.set_inline(event.value)
        else:
            view.set_hidden(
                t
                for t in toggleable(EDIT_TYPES)
                if not self.query_one(f"#show-{t}", Checkbox).value
            )
        self._update_summary()

    def _update_summary(self) -> None:
        view = self.query_one(DiffView)
        changes = view.changes
        position = changes.index(view.cursor) + 1 if view.cursor in changes else None
        self.query_one(DiffSummary).show(
            self.diff.summary if self.diff else None, position, len(changes)
        )

    def on_diff_view_viewport(self, message: DiffView.Viewport) -> None:
        self.query_one(ChangeStrip).show(
            self.query_one(DiffView).overview,
            message.layout,
            message.top,
            message.height,
            message.total,
        )

    def on_change_strip_jump(self, message: ChangeStrip.Jump) -> None:
        view = self.query_one(DiffView)
        total = view.virtual_size.height
        view.scroll_to(y=max(0, message.fraction * total - view.size.height / 2), animate=False)

    def report(self) -> Report | None:
        from tifa.tracking.versions.render import render_diff
        from tifa.tui.screens.export import Report

        diff = self.diff
        if diff is None:
            return None
        render = partial(render_diff, diff, hide=self.query_one(DiffView).hidden)
        return Report(f"diff-{diff.a.id}-{diff.b.id}", len(diff.rows), render, ("json", "md"))

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "compare: next change", "Jump to the next change (n)", lambda: self.action_change(1)
        )
        yield SystemCommand(
            "compare: previous change",
            "Jump to the previous change (p)",
            lambda: self.action_change(-1),
        )
        yield SystemCommand(
            "compare: inline or side by side", "Switch the layout (i)", self.action_toggle_inline
        )
        yield SystemCommand("compare: swap A and B", "Diff B against A (s)", self.action_swap)
        yield SystemCommand(
            "compare: next issue of the chain",
            "Walk the chain forward (])",
            lambda: self.action_step(1),
        )
        yield SystemCommand(
            "compare: previous issue of the chain",
            "Walk the chain back ([)",
            lambda: self.action_step(-1),
        )
        for edit_type in toggleable(EDIT_TYPES):
            help_text = EDIT_TYPE_HELP.get(edit_type, edit_type)
            yield SystemCommand(
                f"compare: hide {edit_type} edits",
                help_text,
                lambda t=edit_type: self.set_shown(t, False),
            )
            yield SystemCommand(
                f"compare: show {edit_type} edits",
                help_text,
                lambda t=edit_type: self.set_shown(t, True),
            )


SCREEN = CompareScreen
