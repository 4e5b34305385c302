"""A document's turns as a scrollable list: speaker label above, text below, wrapped.

Built on OptionList, which renders only what is visible, so a long transcript opens at once.
Each turn's label is styled by role; an optional span of ``doc.text`` (a search hit, a
timeline occurrence) is highlighted in the turn that holds it. Turns are separated by
OptionList's own separator line: vertical padding on the options cannot do it, since
OptionList counts an option's lines without it and so never shows the padded line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.geometry import Region
from textual.visual import visualize
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tifa.tui import safe
from tifa.tui.widgets.ink import ink, on_theme

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

    from tifa.corpus import Document, Turn


MARK_ROOM = 3  # lines of the turn shown above a mark it scrolls to


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

    def scroll_to_mark(self) -> None:
        """Scroll so that the mark's first line is on screen, ``MARK_ROOM`` lines below the
        top (or the turn's head, when the mark is that near it); to the highlighted turn's
        head when it holds no mark. A turn may be far longer than the screen (a congress
        report is one turn of 33,000 characters), where showing the turn's head left the
        mark thousands of lines below."""
        if self.shown is None or self.highlighted is None:
            return
        doc, mark = self.shown
        turn = doc.turns[self.highlighted]
        if mark is None or not turn.start <= mark[0] < turn.end:
            self.scroll_to_highlight(top=True)
            return
        self._update_lines()
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        before = self._prompt(doc, turn, None, upto=mark[0])  # the turn up to the mark
        # measured as OptionList measures its options (its styles read as the rules map)
        rules = cast("RulesMap", self.styles)
        lines = visualize(self, before).get_height(rules, width - padding.width)
        top = self._index_to_line[self.highlighted]
        at = top + padding.top + lines - 1
        self.scroll_to_region(
            Region(0, max(top, at - MARK_ROOM), width, 1), top=True, animate=False, immediate=True
        )

    def action_page_down(self) -> None:
        """A page down: the text of a turn longer than the screen scrolls, where OptionList
        moves a page of options (turns) and left the rest of a long one out of reach."""
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        height = self.scrollable_content_region.height
        if self.highlighted is None or self._heights[self.highlighted] <= height:
            if direction > 0:
                super().action_page_down()
            else:
                super().action_page_up()
            return
        self.scroll_to(y=self.scroll_y + direction * height, animate=False, immediate=True)

    def show(self, doc: Document, mark: tuple[int, int] | None = None) -> None:
        """Replace the list with ``doc``'s turns; ``mark`` is a span of ``doc.text``."""
        self.shown = (doc, mark)
        self.clear_options()
        options: list[Option | None] = []
        for turn in doc.turns:
            options += [Option(self._prompt(doc, turn, mark), id=str(turn.index)), None]
        self.add_options(options[:-1])

    def _prompt(
        self, doc: Document, turn: Turn, mark: tuple[int, int] | None, upto: int | None = None
    ) -> Content:
        """A turn's head and text (to ``upto``, an offset of ``doc.text``, if given)."""
        raw_start, raw_end = doc.raw_span(turn.start, turn.end)
        who = turn.label or turn.role
        head = Content.assemble(
            safe.label(who, ink(self, f"turn--{turn.role}")),
            Content.styled(
                f"  #{turn.index} {turn.role} · raw {raw_start}–{raw_end}", ink(self, "turn--meta")
            ),
        )
        text = doc.text[turn.start : turn.end if upto is None else upto]
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
