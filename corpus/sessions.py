"""The session a document was delivered at: an NPC (or CPPCC) session or a CPC congress.

Dates come from ``resources/sessions.toml`` (sources cited there), never from a formula.
A session counts as the document's own only in a construction of delivery: "在<session>上"
(a heading's "——在第十三届全国人民代表大会第一次会议上"), "<session>…举行记者会" or
"…开幕" (a lead), "向<congress>作报告", "代表第N届中央委员会向大会作报告" (the outgoing
Central Committee reports to congress N+1), or a title's tag "（十九大）". A session the text
merely mentions ("十一届全国人大一次会议以来", "去年召开的…会议", "十九大精神") is not read.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from tifa.corpus.numerals import ORDINAL, cn_number

Body = Literal["npc", "cppcc", "cpc"]
_N = rf"(?P<t>{ORDINAL})"
_S = rf"(?P<s>{ORDINAL})"
_SOURCES: tuple[tuple[Body, str], ...] = (
    ("npc", rf"第?{_N}届全国(?:人大|人民代表大会)第?{_S}次(?:全体)?会议"),
    ("npc", rf"全国人大{_N}届{_S}次会议"),
    ("cppcc", rf"第?{_N}届全国政协第?{_S}次会议"),
    ("cppcc", rf"全国政协{_N}届{_S}次会议"),
    ("cppcc", rf"(?:中国人民政治协商会议|政协)第?{_N}届全国委员会第?{_S}次会议"),
    ("cpc", rf"(?:中国共产党|中共|党的)第?{_N}次全国代表大会"),
    ("cpc", rf"(?:中共|党的){_N}大"),
)
_PATTERNS = tuple((body, re.compile(p)) for body, p in _SOURCES)
# What follows a session named as the occasion; what follows one merely mentioned.
_OCCASION = re.compile(
    r"上|开幕|闭幕|期间|新闻中心|记者会|主席团|预备会议|第[一二三四五六七八九十\d]+次全体会议"
    r"|[^，。；！？\n]{0,20}?(?:举行|开幕|闭幕|召开(?!以来|前|之前|后|的))"
)
_MENTION = re.compile(r"以来|精神|确定|提出|通过|作出|决定|强调|报告|的|之后|以后|后|前")
_TO_CONGRESS = re.compile(r"向$")
_REPORTS = re.compile(r"作")
_CC_REPORT = re.compile(rf"代表(?:中国共产党)?第?{_N}届中央委员会[，]?向大会作")
_TITLE_TAG = re.compile(rf"[（(](?:中共|党的)?{_N}大[）)]$")


@dataclass(frozen=True, slots=True)
class Session:
    body: Body
    term: int  # the NPC/CPPCC term, or the congress number
    number: int | None  # the session of the term; None for a congress
    year: int
    first: str | None  # ISO first and last day; None where the table gives no days
    last: str | None


@dataclass(frozen=True, slots=True)
class Found:
    """A session of delivery and where it was read (offsets in the text searched)."""

    session: Session
    start: int
    end: int


@cache
def _table() -> dict[tuple[Body, int, int | None], Session]:
    source = resources.files("tifa.corpus.resources").joinpath("sessions.toml")
    data = tomllib.loads(source.read_text("utf-8"))
    table: dict[tuple[Body, int, int | None], Session] = {}
    for term, number, first, last in data["npc"]:
        table["npc", term, number] = Session(
            "npc", term, number, first.year, first.isoformat(), last.isoformat()
        )
        if term >= 5:
            table["cppcc", term, number] = Session("cppcc", term, number, first.year, None, None)
    for congress, first, last in data["cpc"]:
        table["cpc", congress, None] = Session(
            "cpc", congress, None, first.year, first.isoformat(), last.isoformat()
        )
    return table


def lookup(body: Body, term: int, number: int | None = None) -> Session | None:
    """The session from the table, or None for one it does not list."""
    return _table().get((body, term, None if body == "cpc" else number))


def _delivered(text: str, m: re.Match[str]) -> bool:
    after = text[m.end() : m.end() + 24]
    if _MENTION.match(after):
        return False
    if _OCCASION.match(after):
        return True
    return bool(_TO_CONGRESS.search(text, max(0, m.start() - 1), m.start())) and bool(
        _REPORTS.match(after)
    )


def delivered(text: str, start: int = 0, end: int | None = None) -> Iterator[Found]:
    """Sessions of delivery in ``text[start:end]``, in order of position."""
    end = len(text) if end is None else end
    found: list[Found] = []
    for body, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            if not _delivered(text, m):
                continue
            term = cn_number(m["t"])
            number = cn_number(m["s"]) if "s" in pattern.groupindex else None
            session = lookup(body, term, number)
            if session:
                found.append(Found(session, m.start(), m.end()))
    for m in _CC_REPORT.finditer(text, start, end):
        session = lookup("cpc", cn_number(m["t"]) + 1)
        if session:
            found.append(Found(session, m.start(), m.end()))
    yield from sorted(found, key=lambda f: f.start)


def title_tag(text: str, start: int, end: int) -> Found | None:
    """A title's congress tag, "决胜全面建成小康社会…（十九大）" (zh.wikisource's convention)."""
    m = _TITLE_TAG.search(text, start, end)
    if not m or m.end() != end:
        return None
    session = lookup("cpc", cn_number(m["t"]))
    return Found(session, m.start(), m.end()) if session else None
