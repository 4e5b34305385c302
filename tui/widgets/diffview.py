"""The aligned diff of two documents: side by side (or inline), one scroll for both sides.

Drawn from a ``tracking.versions.diff.DocumentDiff`` as it is: each turn row opens with a header
(speaker labels of A and B, or "only in A/B", or "moved"), then its sentence rows, A on the
left and B on the right, wrapped to the half width and padded to the taller side so aligned
sentences start on the same line. Word edits are coloured by operation (insert, delete,
replace) and underlined when they are of a minor type (punctuation, width…); a hidden type
is drawn as plain text and is no longer a stop for next/previous change.

A line-API widget: it lays out only text lines (no child widgets), so a long diff opens at
once and both sides scroll together by construction. Layout is redone on resize, on a
toggle, or on a switch between side-by-side and inline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tifa.tui import safe
from tifa.tui.widgets.ink import ink, on_theme

if TYPE_CHECKING:
    from tifa.tracking.versions.diff import DocumentDiff, Edit, SentenceRow, TurnRow

GUTTER = 2
SEPARATOR = " │ "
STRUCTURAL = ("sentence_", "turn_")
MARKS = {
    "equal": "  ",
    "edited": "~ ",
    "only_a": "- ",
    "only_b": "+ ",
    "moved": "↕ ",
    "matched": "  ",
    "header": "  ",
}


def toggleable(edit_types: Iterable[str]) -> tuple[str, ...]:
    """The edit types a reader may hide: everything below sentence and turn structure."""
    return tuple(t for t in edit_types if not t.startswith(STRUCTURAL))


@dataclass(frozen=True)
class Block:
    """One laid-out unit: a turn header or a sentence row. ``kind`` picks the gutter mark
    and overview colour; ``change`` says whether next/previous stop here."""

    turn: int
    sentence: int | None
    kind: str
    change: bool


def sentence_changed(row: SentenceRow, hidden: frozenset[str]) -> bool:
    return any(p.op != "equal" and p.type not in hidden for p in row.pieces)


def turn_changed(row: TurnRow, hidden: frozenset[str]) -> bool:
    structural = {"only_a": "turn_dropped", "only_b": "turn_added", "moved": "turn_moved"}
    return row.kind in structural and structural[row.kind] not in hidden


def blocks_of(diff: DocumentDiff, hidden: frozenset[str]) -> list[Block]:
    """The diff as a flat list of blocks, in reading order."""
    blocks: list[Block] = []
    for t, row in enumerate(diff.rows):
        blocks.append(
            Block(
                t, None, row.kind if row.kind != "matched" else "header", turn_changed(row, hidden)
            )
        )
        for s, sentence in enumerate(row.sentences):
            changed = sentence_changed(sentence, hidden)
            kind = sentence.kind if changed or sentence.kind != "edited" else "equal"
            if not changed and sentence.kind in ("only_a", "only_b"):
                kind = "equal"
            blocks.append(Block(t, s, kind, changed))
    return blocks


def shown_text(piece: Edit, side: str) -> str:
    """The text a piece shows on a side; whitespace edits made visible (· for a space)."""
    text = piece.a_text if side == "a" else piece.b_text
    if piece.type == "whitespace":
        return text.replace("\r", "").replace("\n", "⏎").replace(" ", "·").replace("\t", "→")
    return safe.line(text)


class DiffView(ScrollView, can_focus=True):
    """Side-by-side or inline diff. ``cursor`` is the index of the current block."""

    COMPONENT_CLASSES = {
        "diff--insert",
        "diff--delete",
        "diff--replace",
        "diff--minor",
        "diff--header",
        "diff--empty",
        "diff--cursor",
        "diff--mark",
        "diff--hidden",
        "diff--separator",
        "diff--moved",
    }
    DEFAULT_CSS = """
    DiffView { height: 1fr; overflow-y: scroll; overflow-x: hidden; }
    DiffView > .diff--insert { background: $success 35%; color: $text; }
    DiffView > .diff--delete { background: $error 35%; color: $text; }
    DiffView > .diff--replace { background: $warning 35%; color: $text; }
    DiffView > .diff--minor { text-style: underline; }
    DiffView > .diff--header { color: $text-primary; text-style: bold; }
    DiffView > .diff--moved { color: $text-accent; text-style: bold; }
    DiffView > .diff--empty { background: $panel; color: $text-muted; }
    DiffView > .diff--cursor { background: $accent; color: $text; text-style: bold; }
    DiffView > .diff--mark { color: $text-warning; }
    DiffView > .diff--hidden { color: $text-muted; }
    DiffView > .diff--separator { color: $text-muted; }
    """

    @dataclass
    class Viewport(Message):
        """The visible window moved or the layout changed (for the overview strip)."""

        top: int
        height: int
        total: int
        layout: int

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.diff: DocumentDiff | None = None
        self.hidden: frozenset[str] = frozenset()
        self.inline = False
        self.cursor: int | None = None
        self.blocks: list[Block] = []
        self._lines: list[Strip] = []
        self._line_block: list[int] = []
        self._block_line: list[int] = []
        self._width = 0
        self.layout_version = 0

    def on_mount(self) -> None:
        on_theme(self, self._relayout)

    # -- state ---------------------------------------------------------------------------

    def show(self, diff: DocumentDiff | None) -> None:
        self.diff = diff
        self.cursor = None
        self.scroll_to(0, 0, animate=False)
        self._relayout()

    def set_hidden(self, hidden: Iterable[str]) -> None:
        self.hidden = frozenset(hidden)
        self._relayout()

    def set_inline(self, inline: bool) -> None:
        self.inline = inline
        self._relayout()

    @property
    def changes(self) -> list[int]:
        """Indices of the blocks that are stops for next/previous change."""
        return [i for i, b in enumerate(self.blocks) if b.change]

    def next_change(self, step: int = 1) -> int | None:
        """Move the cursor to the next (``step`` 1) or previous (-1) change; None if none."""
        stops = self.changes
        if not stops:
            return None
        here = self.cursor if self.cursor is not None else -1 if step > 0 else len(self.blocks)
        ahead = [i for i in stops if (i > here if step > 0 else i < here)]
        if not ahead:
            return None
        self.move_to(ahead[0] if step > 0 else ahead[-1])
        return self.cursor

    def move_to(self, block: int) -> None:
        self.cursor = block
        if self._block_line:
            line = self._block_line[block]
            self.scroll_to(y=max(0, line - 2), animate=False)
        self.refresh()

    def overview(self, cells: int) -> list[str | None]:
        """For each of ``cells`` equal slices of the lines, the most telling block kind."""
        total = len(self._lines)
        if not total or cells <= 0:
            return [None] * max(cells, 0)
        rank = {"only_a": 4, "only_b": 4, "moved": 3, "edited": 2}
        result: list[str | None] = []
        for c in range(cells):
            lo, hi = c * total // cells, max(c * total // cells + 1, (c + 1) * total // cells)
            kinds = {
                self.blocks[self._line_block[y]].kind
                for y in range(lo, min(hi, total))
                if self.blocks[self._line_block[y]].change
            }
            result.append(max(kinds, key=lambda k: (rank.get(k, 1), k)) if kinds else None)
        return result

    # -- layout --------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._relayout()

    def _style(self, *names: str) -> Style:
        return ink(self, *names)

    def _relayout(self) -> None:
        self._width = width = max(self.scrollable_content_region.width, 20)
        self.blocks = blocks_of(self.diff, self.hidden) if self.diff is not None else []
        lines: list[Strip] = []
        line_block: list[int] = []
        block_line: list[int] = []
        for index, block in enumerate(self.blocks):
            body = (
                self._inline_block(block, width - GUTTER)
                if self.inline
                else self._side_block(block, width - GUTTER)
            )
            if block.sentence is None and index:
                lines.append(Strip.blank(width))
                line_block.append(index)
            block_line.append(len(lines))
            lines.extend(body)
            line_block.extend([index] * len(body))
        self._lines, self._line_block, self._block_line = lines, line_block, block_line
        self.layout_version += 1
        self.virtual_size = Size(width, len(lines))
        self.refresh()
        self._post_viewport()

    def _wrap(self, content: Content, width: int) -> list[Strip]:
        width = max(width, 2)
        rows = content.wrap(width) if content.plain else [Content("")]
        return [Strip(row.render_segments()).adjust_cell_length(width) for row in rows]

    def _side_block(self, block: Block, width: int) -> list[Strip]:
        assert self.diff is not None
        turn = self.diff.rows[block.turn]
        left_width = (width - len(SEPARATOR)) // 2
        right_width = width - len(SEPARATOR) - left_width
        if block.sentence is None:
            left, right = self._headers(turn)
        else:
            row = turn.sentences[block.sentence]
            left, right = self._side(row, "a"), self._side(row, "b")
        empty = self._style("diff--empty").rich_style
        left_lines = self._wrap(left, left_width) if left.plain else []
        right_lines = self._wrap(right, right_width) if right.plain else []
        if not left_lines:
            left_lines = [Strip.blank(left_width, empty)] * max(1, len(right_lines))
        if not right_lines:
            right_lines = [Strip.blank(right_width, empty)] * len(left_lines)
        height = max(len(left_lines), len(right_lines))
        left_lines += [Strip.blank(left_width)] * (height - len(left_lines))
        right_lines += [Strip.blank(right_width)] * (height - len(right_lines))
        separator = Strip([Segment(SEPARATOR, self._style("diff--separator").rich_style)])
        return [Strip.join([a, separator, b]) for a, b in zip(left_lines, right_lines, strict=True)]

    def _inline_block(self, block: Block, width: int) -> list[Strip]:
        assert self.diff is not None
        turn = self.diff.rows[block.turn]
        if block.sentence is None:
            left, right = self._headers(turn)
            content = Content.assemble(left or Content("—"), "  →  ", right or Content("—"))
        else:
            content = self._merged(turn.sentences[block.sentence])
        return self._wrap(content, width)

    def _headers(self, turn: TurnRow) -> tuple[Content, Content]:
        style = self._style("diff--moved" if turn.kind == "moved" else "diff--header")

        def head(index: int | None, speaker: str | None, side: str) -> Content:
            if index is None:
                return Content("")
            note = {"only_a": "  only in A", "only_b": "  only in B", "moved": "  moved"}.get(
                turn.kind, f"  {turn.similarity:.0%}"
            )
            return Content.assemble(
                safe.label(f"{side} #{index} {speaker or turn.role}", style),
                Content.styled(note, self._style("diff--hidden")),
            )

        return head(turn.a_turn, turn.a_speaker, "A"), head(turn.b_turn, turn.b_speaker, "B")

    def _edit_style(self, piece: Edit) -> Style | None:
        """A side-by-side piece's style: the same on both sides (a replacement is marked as
        one on A and on B), muted when its type is hidden."""
        if piece.op == "equal":
            return None
        if piece.type in self.hidden:
            return self._style("diff--hidden")
        return self._op_style(piece, piece.op)

    def _side(self, row: SentenceRow, side: str) -> Content:
        parts: list[Content] = []
        for piece in row.pieces:
            text = shown_text(piece, side)
            if not text:
                continue
            style = self._edit_style(piece)
            parts.append(Content.styled(text, style) if style else Content(text))
        return Content.assemble(*parts)

    def _merged(self, row: SentenceRow) -> Content:
        """Inline layout: deletions then insertions in place, hidden types as B has them."""
        parts: list[Content] = []
        for piece in row.pieces:
            if piece.op == "equal" or piece.type in self.hidden:
                if piece.op == "delete":
                    continue  # B says nothing here
                text = shown_text(piece, "b")
                parts.append(
                    Content.styled(text, self._style("diff--hidden"))
                    if piece.op != "equal"
                    else Content(text)
                )
                continue
            if piece.op in ("delete", "replace") and piece.a_text:
                parts.append(
                    Content.styled(shown_text(piece, "a"), self._op_style(piece, "delete"))
                )
            if piece.op in ("insert", "replace") and piece.b_text:
                parts.append(
                    Content.styled(shown_text(piece, "b"), self._op_style(piece, "insert"))
                )
        return Content.assemble(*parts)

    def _op_style(self, piece: Edit, op: str) -> Style:
        """The style of ``op`` (insert, delete, replace), underlined for a minor edit type."""
        minor = piece.type != "wording" and not piece.type.startswith(STRUCTURAL)
        return self._style(f"diff--{op}", "diff--minor") if minor else self._style(f"diff--{op}")

    # -- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        _, top = self.scroll_offset
        index = top + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width)
        block = self._line_block[index]
        kind = self.blocks[block].kind
        first = self._block_line[block] == index
        mark = MARKS.get(kind, "  ") if first else "  "
        if block == self.cursor and index >= self._block_line[block]:
            gutter = Segment(f"▶{mark[0]}", self._style("diff--cursor").rich_style)
        else:
            gutter = Segment(mark, self._style("diff--mark").rich_style)
        return Strip.join([Strip([gutter]), self._lines[index]]).crop_extend(0, width, None)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._post_viewport()

    def _post_viewport(self) -> None:
        self.post_message(
            self.Viewport(
                round(self.scroll_y),
                self.scrollable_content_region.height,
                len(self._lines),
                self.layout_version,
            )
        )

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y
        if 0 <= index < len(self._line_block):
            self.cursor = self._line_block[index]
            self.refresh()
