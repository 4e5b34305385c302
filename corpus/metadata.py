"""Infer a transcript's title, year, date, edition and publisher from its own text.

Decisions:

* Year evidence has a fixed priority: a full date near the start ("2019年3月8日") beats an
  NPC/CPPCC session ("十三届全国人大四次会议"), which beats anniversaries ("今年是中美建交45周年").
  When they disagree the higher one wins; weaker evidence is only read when stronger is
  missing, so the anniversary scan of the whole text runs only when it is needed.
* A dateline without a year ("新华社北京3月8日电", "3月8日上午，") gives month and day; the
  ISO date is made when some source gives the year, and its source is then the year's source,
  because the year is the less certain half.
* Datelines and sessions are read from the first ``HEAD_CHARS`` characters only: further in
  they are quotations, not the document's own date.
* Edition and publisher come from the header, then the URL's host, then what the normaliser
  saw (``hints``: "ocr", "continuation"), then the dateline's agency.
* The text is expected to be normalised (full-width punctuation, no spaces inside Chinese);
  inference works on Simplified wording, so pass the matching key for Traditional sources.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from urllib.parse import urlsplit

from tifa.corpus.model import Metadata, MetaSource

HEAD_CHARS = 1500

_DIGIT = "0-9０-９"
_CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "〇零一二两三四五六七八九十百千"

_YEAR = rf"(?P<y>[{_DIGIT}]{{4}}|[〇零一二三四五六七八九]{{4}})"
_MONTH = rf"(?P<m>[{_DIGIT}]{{1,2}}|十[一二]?|[一二三四五六七八九])"
_DAY = rf"(?P<d>[{_DIGIT}]{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"

_FULL_DATE = re.compile(rf"{_YEAR}年{_MONTH}月{_DAY}[日号]")
_AGENCY_DATELINE = re.compile(
    rf"^(?P<reprint>据)?(?P<agency>新华社|中新社|本报)[\u4e00-\u9fff]{{0,6}}?{_MONTH}月{_DAY}日电",
    re.MULTILINE,
)
_LEAD_DATELINE = re.compile(
    rf"^{_MONTH}月{_DAY}日(?:上午|下午|晚上|晚间|晚|早上)?[，,]", re.MULTILINE
)

_N = rf"([{_DIGIT}]{{1,2}}|[一二三四五六七八九十]{{1,3}})"
_S = rf"([{_DIGIT}]|[一二三四五六七八九十])"
_SESSIONS = tuple(
    re.compile(p)
    for p in (
        rf"第?{_N}届全国(?:人大|人民代表大会|政协)第?{_S}次会议",
        rf"全国(?:人大|政协){_N}届{_S}次会议",
        rf"政协第?{_N}届全国委员会第?{_S}次会议",
    )
)

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
_ANNIVERSARY = re.compile(rf"([{_DIGIT}]{{1,3}}|[{_CN_NUM}]{{1,5}})\s?周年")
_SENTENCE_START = re.compile(r"[。！？；]")
_CLAUSE_BREAK = "，。！？；："
_WHEN = re.compile(r"今年|去年|明年")
_WHEN_SHIFT = {"今年": 0, "去年": 1, "明年": -1}
_EVENT_WINDOW = 40

_TITLE_MAX = 60
_NOT_TITLE_END = "。！？；：…，、"
_CAPTION_END = ("摄", "供图", "摄影")
_ORIGINAL_TITLE = "原标题："

_HOSTS = {  # host suffix: (edition, publisher)
    "scio.gov.cn": ("SCIO transcript", "国务院新闻办公室网站"),
    "xinhuanet.com": ("Xinhua report", "新华网"),
    "news.cn": ("Xinhua report", "新华网"),
    "people.com.cn": ("People's Daily Online", "人民网"),
    "fmprc.gov.cn": ("MFA transcript", "外交部"),
    "mfa.gov.cn": ("MFA transcript", "外交部"),
    "npc.gov.cn": ("NPC website", "中国人大网"),
}
_AUTHORS = (  # substring of a header author: edition
    ("国务院新闻办公室", "SCIO transcript"),
    ("国新办", "SCIO transcript"),
    ("新华", "Xinhua report"),
    ("人民日报", "People's Daily"),
    ("人民网", "People's Daily Online"),
    ("外交部", "MFA transcript"),
)
_HINTS = (("ocr", "newspaper page (OCR)"), ("continuation", "newspaper print"))
_AGENCIES = {  # dateline agency: (English name, publisher); 本报 is "this paper"
    "新华社": ("Xinhua", "新华社"),
    "中新社": ("China News Service", "中国新闻社"),
    "本报": ("newspaper", None),
}


def cn_number(s: str) -> int:
    """Arabic (also full-width) or Chinese numerals: "45", "四十五", "一百", "二〇一九"."""
    if s.isdigit():
        return int(s)
    if not any(ch in _CN_UNITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total = current = 0
    for ch in s:
        if ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            current = _CN_DIGITS[ch]
    return total + current


def session_year(term: int, session: int) -> int | None:
    """Year of the ``session``-th annual session of the ``term``-th NPC (or CPPCC).

    From the 5th NPC (1978) on, terms last five years with one session a year, so the
    first session of term N is in 1998 + 5(N - 9). Earlier terms were irregular.
    """
    if term < 5 or not 1 <= session <= 5:
        return None
    return 1998 + 5 * (term - 9) + session - 1


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_day(m: re.Match[str]) -> tuple[int, int]:
    return cn_number(m["m"]), cn_number(m["d"])


def _dateline(head: str) -> re.Match[str] | None:
    """The agency dateline ("新华社北京3月8日电") or a leading "3月8日上午，"."""
    return _AGENCY_DATELINE.search(head) or _LEAD_DATELINE.search(head)


def _full_date(head: str, month_day: tuple[int, int] | None) -> str | None:
    """The first full date, or the first one agreeing with the dateline when there is one."""
    for m in _FULL_DATE.finditer(head):
        if month_day is None or _month_day(m) == month_day:
            iso = _iso(cn_number(m["y"]), *_month_day(m))
            if iso:
                return iso
    return None


def _session(head: str) -> int | None:
    for pattern in _SESSIONS:
        for m in pattern.finditer(head):
            year = session_year(cn_number(m[1]), cn_number(m[2]))
            if year:
                return year
    return None


def _event_year(text: str, number: re.Match[str]) -> tuple[int, int] | None:
    """(year, weight) for one "N周年": the base event closest before the number, shifted by
    the nearest 今年/去年/明年 in the sentence; sentences saying "今年" weigh more."""
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
    shift = _WHEN_SHIFT[whens[-1]] if whens else 0
    year = base + cn_number(number[1]) + shift
    if not 1900 <= year <= 2100:
        return None
    return year, 3 if whens else 1


def anniversary_year(text: str) -> int | None:
    """The year most anniversaries in the text point to (weighted vote)."""
    votes: Counter[int] = Counter()
    for number in _ANNIVERSARY.finditer(text):
        found = _event_year(text, number)
        if found:
            votes[found[0]] += found[1]
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def _year(head: str, text: str) -> tuple[int | None, str | None, MetaSource]:
    """Year, full ISO date if one was printed, and the source of the year."""
    dateline = _dateline(head)
    month_day = _month_day(dateline) if dateline else None
    full = _full_date(head, month_day)
    if full:
        return int(full[:4]), full, "dateline"
    year = _session(head)
    source: MetaSource = "session"
    if year is None:
        year, source = anniversary_year(text), "anniversary"
    if year is None:
        return None, None, "unknown"
    return year, _iso(year, *month_day) if month_day else None, source


def _title(head: str, header: dict[str, str], shown: str) -> tuple[str | None, MetaSource]:
    """The header's title, else a short first line that is not a sentence, caption or
    dateline ("原标题：" lines give the title after the colon).

    The line is judged on the matching key (``head``) but returned as printed (``shown``,
    the same characters before folding, at the same offsets): a Traditional file keeps its
    Traditional title.
    """
    if header.get("title", "").strip():
        return header["title"].strip(), "header"
    start = len(head) - len(head.lstrip())
    end = head.find("\n", start)
    end = len(head) if end < 0 else end
    first, printed = head[start:end].rstrip(), shown[start:end].rstrip()
    if first.startswith(_ORIGINAL_TITLE):
        first, printed = first[len(_ORIGINAL_TITLE) :], printed[len(_ORIGINAL_TITLE) :]
    if (
        first
        and len(first) <= _TITLE_MAX
        and first[-1] not in _NOT_TITLE_END
        and not first.endswith(_CAPTION_END)
        and not _AGENCY_DATELINE.match(first)
    ):
        return printed, "style"
    return None, "unknown"


def _from_host(url: str) -> tuple[str, str] | None:
    host = (urlsplit(url).hostname or "").lower()
    for suffix, found in _HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return found
    return None


def _from_author(author: str) -> str | None:
    return next((edition for key, edition in _AUTHORS if key in author), None)


def _style(
    head: str, header: dict[str, str], hints: frozenset[str]
) -> tuple[tuple[str | None, MetaSource], tuple[str | None, MetaSource]]:
    """((edition, source), (publisher, source)), each from the first clue that gives it."""
    author = header.get("author", "").strip()
    host = _from_host(header.get("url", ""))
    agency, publisher = _agency(head)
    editions: list[tuple[str | None, MetaSource]] = [
        (_from_author(author), "header"),
        (host[0] if host else None, "header"),
        *((label, "style") for hint, label in _HINTS if hint in hints),
        (agency, "style"),
    ]
    publishers: list[tuple[str | None, MetaSource]] = [
        (author or None, "header"),
        (host[1] if host else None, "header"),
        (publisher, "style"),
    ]
    return _first(editions), _first(publishers)


def _agency(head: str) -> tuple[str | None, str | None]:
    """(edition, publisher) from a dateline. "据新华社…电" is a newspaper reprinting Xinhua:
    the paper is not named, so there is no publisher."""
    dateline = _AGENCY_DATELINE.search(head)
    if not dateline:
        return None, None
    name, publisher = _AGENCIES[dateline["agency"]]
    if dateline["reprint"]:
        return f"newspaper reprint of {name}", None
    return f"{name} report", publisher


def _first(found: list[tuple[str | None, MetaSource]]) -> tuple[str | None, MetaSource]:
    return next(((v, s) for v, s in found if v), (None, "unknown"))


def infer_metadata(
    text: str,
    header: dict[str, str],
    hints: frozenset[str] = frozenset(),
    display: str | None = None,
) -> Metadata:
    """Metadata read from a normalised transcript, with where each value came from.

    ``text`` is the matching key (Simplified, folded widths) the patterns are written for;
    ``display`` the same text as printed, where quoted values (the title) are taken from.
    ``header`` is the file's ``key: value`` block (title/url/author) or empty; ``hints`` are
    what the normaliser saw before removing it ("ocr", "continuation", "markdown").
    """
    head = text[:HEAD_CHARS]
    year, iso, year_source = _year(head, text)
    title, title_source = _title(head, header, (display or text)[:HEAD_CHARS])
    (edition, edition_source), (publisher, publisher_source) = _style(head, header, hints)
    url = header.get("url", "").strip() or None
    sources: dict[str, MetaSource] = {
        "title": title_source,
        "year": year_source,
        "date": year_source if iso else "unknown",
        "edition": edition_source,
        "url": "header" if url else "unknown",
        "publisher": publisher_source,
    }
    return Metadata(
        title=title,
        year=year,
        date=iso,
        edition=edition,
        url=url,
        publisher=publisher,
        sources=sources,
    )
