"""A document's genre: ``press_conference``, ``statement``, ``report``, ``speech`` or ``other``.

What the publisher calls the text decides first, read in the title and heading lines, in
this order (the first that matches wins):

1. ``press_conference``: 记者会, 发布会, 吹风会, 记者招待会 ("…主持例行记者会").
   Also 答问 and 回答…提问 ("王毅就中国外交政策和对外关系回答中外记者提问").
2. ``statement``: 答记者问 (a spokesperson's written answers, however many questions: the
   Foreign Ministry files them apart from its briefings), 发表谈话, 谈话, 声明, 表明立场, 宣布.
   Checked before 3, so 报告 in "就《香港问题半年报告》答记者问" never makes it a report.
3. ``report``: 报告 ("政府工作报告", "在…代表大会上的报告").
4. ``speech``: 讲话, 致辞, 演讲, 发言, 贺词, 献词, 祝酒词, 开幕词, 闭幕词.

Then the text itself: a lead that says so ("向大会作报告", "向大会报告政府工作") is a report;
three questions or more make a press conference; a person's statement label
("外交部发言人耿爽宣布：") or a lead announcing ("中方宣布", "外交部发言人华春莹表示，") makes a
statement; anything else
is ``other`` (a news item, a notice). ``source`` says which: ``title``, ``heading`` or
``style`` (the text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tifa.corpus.model import Genre, MetaSource

_PRESS = re.compile(r"记者会|发布会|吹风会|记者招待会|答问|回答[^，。]{0,12}提问")
_STATEMENT = re.compile(r"答(?:中外)?记者(?:提)?问|发表谈话|谈话|声明|表明立场|宣布")
_REPORT = re.compile(r"报告")
_SPEECH = re.compile(r"讲话|致辞|演讲|发言(?!人)|贺词|献词|祝酒词|开幕词|闭幕词")
_LEAD_REPORT = re.compile(
    r"向[^，。]{0,16}大会[^，。]{0,4}(?:作[^，。]{0,6}报告|报告[^，。]{0,4}工作)"
)
_LEAD_STATEMENT = re.compile(r"(?:中方|中国政府|外交部|发言人)[^，。]{0,6}(?:宣布|表示)")
PRESS_QUESTIONS = 3


@dataclass(frozen=True, slots=True)
class GenreFound:
    genre: Genre
    source: MetaSource


def _named(line: str) -> Genre | None:
    if _PRESS.search(line):
        return "press_conference"
    if _STATEMENT.search(line):
        return "statement"
    if _REPORT.search(line):
        return "report"
    if _SPEECH.search(line):
        return "speech"
    return None


def infer_genre(
    title: str | None,
    heading: tuple[str, ...],
    lead: str,
    questions: int,
    statements: int,
) -> GenreFound:
    """The genre from the title, the heading lines, the lead (the text after the heading,
    before the first label), the number of question turns and of labelled statements."""
    for line, source in ((title, "title"), *((h, "heading") for h in heading)):
        genre = _named(line or "")
        if genre:
            return GenreFound(genre, source)  # type: ignore[arg-type]
    if _LEAD_REPORT.search(lead):
        return GenreFound("report", "style")
    if questions >= PRESS_QUESTIONS:
        return GenreFound("press_conference", "style")
    if statements or _LEAD_STATEMENT.search(lead):
        return GenreFound("statement", "style")
    return GenreFound("other", "style")
