"""The year anniversaries point to: "今年是中美建交45周年" → 2024.

The weakest date clue (``corpus.dates``): read only when nothing better gives a year, and
never the ground for a dispute. Each "N周年" is tied to the base event closest before it in
its clause and shifted by the nearest 今年/去年/明年 of its sentence; a sentence that says
"今年" weighs more. An anniversary still to come ("2019年，中美将迎来建交40周年",
"到建党一百周年时") says nothing of the document's own year and is skipped, unless the
sentence also says 今年/去年/明年.
"""

from __future__ import annotations

import re
from collections import Counter

from tifa.corpus.numerals import CN_NUM, DIGIT, cn_number

_DASH = "[-－—–‐·]?"
_BILATERAL = {  # short name in "中X建交": (full names, year ties were established)
    "美": ("美国", 1979),
    "俄": ("俄罗斯|苏联", 1949),
    "朝": ("朝鲜", 1949),
    "韩": ("韩国", 1992),
    "法": ("法国", 1964),
    "英": ("英国", 1972),
    "德": ("德国", 1972),
    "欧": ("欧盟|欧洲共同体|欧共体", 1975),
    "印": ("印度|印度尼西亚|印尼", 1950),
    "越": ("越南", 1950),
}
_EVENTS: tuple[tuple[str, int], ...] = (
    (r"新中国成立|中华人民共和国成立|建国", 1949),
    (r"中国共产党成立|建党|党的成立", 1921),
    (r"新中国恢复(?:在)?联合国(?:的)?合法席位|恢复(?:在)?联合国(?:的)?合法席位", 1971),
    (r"联合国成立|联合国宪章(?:签署|生效)", 1945),
    (r"中日邦交正常化|日中邦交正常化|中日建交", 1972),
    (r"中俄睦邻友好合作条约》?签署|中俄睦邻友好合作条约", 2001),
    (r"(?:中国)?加入世(?:界)?贸(?:易)?组织|入世", 2001),
    (rf"中国?(?:{_DASH}|与|和|同)东盟(?:建立)?(?:全面)?对话关系", 1991),
    (r"中欧(?:建立)?全面战略伙伴关系", 2003),
    (r"东盟成立", 1967),
    (r"上海合作组织成立|上合组织成立|上海合作组织|上合组织", 2001),
    (r"中非合作论坛", 2000),
    (rf"中国?{_DASH}阿拉伯国家合作论坛|中阿合作论坛", 2004),
    (r"和平共处五项原则", 1954),
    (r"万隆会议", 1955),
    (r"改革开放", 1978),
    (r"一带一路”?倡议|共建“?一带一路", 2013),
    (r"抗日战争(?:暨世界反法西斯战争)?胜利|世界反法西斯战争胜利", 1945),
    (r"卢沟桥事变", 1937),
    (r"香港回归", 1997),
    (r"澳门回归", 1999),
    (r"抗美援朝|志愿军入朝", 1950),
    *(
        (
            rf"中{short}[\u4e00-\u9fff]{{0,4}}?建交|{short}中建交|中国(?:同|与|和)(?:{full})建交",
            year,
        )
        for short, (full, year) in _BILATERAL.items()
    ),
)
_EVENT = re.compile("|".join(f"(?P<e{i}>{p})" for i, (p, _) in enumerate(_EVENTS)))
_ANNIVERSARY = re.compile(rf"([{DIGIT}]{{1,3}}|[{CN_NUM}]{{1,5}})\s?周年")
_SENTENCE_START = re.compile(r"[。！？；]")
_CLAUSE_BREAK = "，。！？；："
_WHEN = re.compile(r"今年|去年|明年")
_WHEN_SHIFT = {"今年": 0, "去年": 1, "明年": -1}
_TO_COME = re.compile(r"将|迎来|(?<![看得受达遇提做感想找听])到[^，。；]{0,12}$")
_EVENT_WINDOW = 40


def _event_year(text: str, number: re.Match[str]) -> tuple[int, int] | None:
    """(year, weight) for one "N周年", or None when no event or a future one."""
    start = number.start()
    clause_start = max(text.rfind(ch, max(0, start - _EVENT_WINDOW), start) for ch in _CLAUSE_BREAK)
    window = text[max(clause_start + 1, start - _EVENT_WINDOW) : start]
    events = list(_EVENT.finditer(window))
    if not events:
        return None
    group = events[-1].lastgroup
    assert group is not None  # every alternative of _EVENT is a named group
    base = _EVENTS[int(group[1:])][1]
    sentence_start = max(
        (m.end() for m in _SENTENCE_START.finditer(text, max(0, start - 200), start)), default=0
    )
    whens = _WHEN.findall(text, sentence_start, start)
    if not whens and _TO_COME.search(text[sentence_start:start]):
        return None
    shift = _WHEN_SHIFT[whens[-1]] if whens else 0
    year = base + cn_number(number[1]) + shift
    if not 1900 <= year <= 2100:
        return None
    return year, 3 if whens else 1


def anniversary_votes(text: str) -> list[tuple[int, re.Match[str]]]:
    """(year, "N周年" match) for each anniversary tied to an event, weighted by repetition."""
    votes = []
    for number in _ANNIVERSARY.finditer(text):
        found = _event_year(text, number)
        if found:
            votes += [(found[0], number)] * found[1]
    return votes


def anniversary_year(text: str) -> tuple[int, re.Match[str]] | None:
    """The year most anniversaries in the text point to (weighted vote), with the first
    "N周年" that points to it (the evidence to quote)."""
    votes = anniversary_votes(text)
    if not votes:
        return None
    year = Counter(y for y, _ in votes).most_common(1)[0][0]
    return year, next(m for y, m in votes if y == year)
