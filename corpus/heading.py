"""The heading of a document: its title line and the short lines under it.

A title is a short first line that is not a sentence, a caption or an agency dateline
("原标题：" lines give the title after the colon). Heading lines follow it: short lines that
do not end a sentence or open a speech ("——在第十三届全国人民代表大会第一次会议上",
"（2017年10月18日）", "国务院总理温家宝", "习近平"), up to the first body paragraph
("同志们：", "各位代表：", a sentence, a speaker label). Without a title there is no heading.

The heading is the publisher's, not the speaker's: dates in it are the document's own
(``corpus.dates``), and it is never part of the official voice (``corpus.segment``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tifa.corpus.charclass import IDEOGRAPH

TITLE_MAX = 60
MAX_LINES = 8
ORIGINAL_TITLE = "原标题："
_NOT_TITLE_END = "。！？；：…，、"
_CAPTION_END = ("摄", "供图", "摄影")
AGENCY_DATELINE = re.compile(
    r"^(?P<reprint>据)?(?P<agency>新华社|中新社|本报)[\u4e00-\u9fff]{0,6}?"
    r"(?:(?P<y>[0-9０-９]{4})年)?(?P<m>[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])月"
    r"(?P<d>[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日电",
    re.MULTILINE,
)
_TITLED_NAME = re.compile(
    rf"^.{{0,12}}(?:总理|主席|部长|外长|国务委员|发言人|委员长|书记|秘书长|主任)"
    rf"(?P<name>[{IDEOGRAPH}·]{{2,4}})$"
)
_BARE_NAME = re.compile(rf"^[{IDEOGRAPH}·]{{2,4}}$")
_DELIVERY = re.compile(
    r"^——|在.+上(?:的(?:报告|讲话|致辞|演讲|发言))?$|^[（(].*[0-9〇○零一二三四五六七八九]日[）)]$"
)


@dataclass(frozen=True, slots=True)
class Heading:
    """Offsets into the text. ``title`` is the title's span (after any "原标题："), None when
    the first line is no title; ``lines`` the heading lines under it; ``end`` where the
    body starts (0 without a heading); ``speaker`` a name a heading line gives on its own
    ("习近平", "国务院总理温家宝" → 温家宝), after a line of delivery or date."""

    title: tuple[int, int] | None
    lines: tuple[tuple[int, int], ...]
    end: int
    speaker: str | None = None

    def spans(self) -> tuple[tuple[int, int], ...]:
        return ((self.title,) if self.title else ()) + self.lines


def _line(text: str, pos: int) -> tuple[int, int]:
    end = text.find("\n", pos)
    return pos, len(text) if end < 0 else end


def is_title(line: str) -> bool:
    return bool(
        line
        and len(line) <= TITLE_MAX
        and line[-1] not in _NOT_TITLE_END
        and not line.endswith(_CAPTION_END)
        and not AGENCY_DATELINE.match(line)
    )


def _heading_line(line: str) -> bool:
    return bool(line) and len(line) <= TITLE_MAX and line[-1] not in _NOT_TITLE_END + "！”"


def find_heading(text: str) -> Heading:
    """The heading of normalised ``text`` (paragraphs one per line, no blank lines)."""
    start = len(text) - len(text.lstrip())
    start, end = _line(text, start)
    if text.startswith(ORIGINAL_TITLE, start):
        start += len(ORIGINAL_TITLE)
    if not is_title(text[start:end].rstrip()):
        return Heading(None, (), 0)
    title = (start, end)
    lines: list[tuple[int, int]] = []
    speaker = None
    after_delivery = False
    pos = end + 1
    while pos < len(text) and len(lines) < MAX_LINES:
        s, e = _line(text, pos)
        line = text[s:e].strip()
        if not _heading_line(line) or "：" in line:
            break
        lines.append((s, e))
        titled = _TITLED_NAME.match(line)
        if speaker is None and titled:
            speaker = titled["name"]
        elif speaker is None and after_delivery and _BARE_NAME.match(line):
            speaker = line
        after_delivery = after_delivery or bool(_DELIVERY.search(line))
        pos = e + 1
    body = min(pos, len(text))
    return Heading(title, tuple(lines), body, speaker)
