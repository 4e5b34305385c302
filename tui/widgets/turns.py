"""A document's turns as a scrollable list: speaker label above, text below, wrapped.

Built on OptionList, which renders only what is visible, so a long transcript opens at once.
Each turn's label is styled by role; an optional span of ``doc.text`` (a search hit, a
timeline occurrence) is highlighted in the turn that holds it. Turns are separated by
OptionList's own separator line: vertical padding on the options cannot do it, since
OptionList counts an option's lines without it and so never shows the padded line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tifa.tui import safe
from tifa.tui.widgets.ink import ink, on_theme

if TYPE_CHECKING:
    from tifa.corpus import Document, Turn


class TurnList(OptionList):
    COMPONENT_CLASSES = {
        "turn--question",
        "turn--answer",
        "turn--host",
        "turn--narration",
        "turn--statement",
        "turn--meta",
        "turn--mark",
    }
    DEFAULT_CSS = """
    TurnList { height: 1fr; }
    TurnList > .turn--question { color: $accent; text-style: bold; }
    TurnList > .turn--answer { color: $primary; text-style: bold; }
    TurnList > .turn--host { color: $secondary; text-style: bold; }
    TurnList > .turn--narration { color: $text-muted; text-style: italic; }
    TurnList > .turn--statement { color: $primary; text-style: bold; }
    TurnList > .turn--meta { color: $text-muted; }
    TurnList > .turn--mark { background: $warning 40%; text-style: bold underline; }
    TurnList > .option-list--option { padding: 0 1; }
    TurnList > .option-list--separator { color: $foreground 30%; }
    """

    def on_mount(self) -> None:
        on_theme(self, self._restyle)

    def _restyle(self) -> None:
        if self.shown is not None:
            highlighted = self.highlighted
            self.show(*self.shown)
            self.highlighted = highlighted

    shown: tuple[Document, tuple[int, int] | None] | None = None

    def show(self, doc: Document, mark: tuple[int, int] | None = None) -> None:
        """Replace the list with ``doc``'s turns; ``mark`` is a span of ``doc.text``."""
        self.shown = (doc, mark)
        self.clear_options()
        options: list[Option | None] = []
        for turn in doc.turns:
            options += [Option(self._prompt(doc, turn, mark), id=str(turn.index)), None]
        self.add_options(options[:-1])

    def _prompt(self, doc: Document, turn: Turn, mark: tuple[int, int] | None) -> Content:
        raw_start, raw_end = doc.raw_span(turn.start, turn.end)
        who = turn.label or turn.role
        head = Content.assemble(
            safe.label(who, ink(self, f"turn--{turn.role}")),
            Content.styled(
                f"  #{turn.index} {turn.role} · raw {raw_start}–{raw_end}", ink(self, "turn--meta")
            ),
        )
        text = doc.text[turn.start : turn.end]
        if mark is not None and turn.start <= mark[0] < turn.end:
            a, b = mark[0] - turn.start, min(mark[1], turn.end) - turn.start
            body = Content.assemble(
                safe.content(text[:a]),
                safe.content(text[a:b], ink(self, "turn--mark")),
                safe.content(text[b:]),
            )
        else:
            body = safe.content(text)
        return Content.assemble(head, "\n", body)
