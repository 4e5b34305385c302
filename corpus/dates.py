"""When a document was delivered: every clue, a stated ranking, and disputes reported.

Clues, strongest first (``RANK``):

1. ``manifest`` — a year or date declared in the folder's ``manifest.toml``.
2. ``title`` — a date printed in the title line: "2017年3月1日外交部发言人…" (anywhere in the
   title), a leading year ("1981年国务院政府工作报告"; a year further in, "2019财年…", is what
   the title is about, not when), or a month and day ("外交部发言人耿爽2月15日答记者问").
3. ``heading`` — a date in a heading line under the title ("（2017年10月18日）",
   "——一九五四年九月二十三日在第一届全国人民代表大会第一次会议上").
4. ``filename`` — the file's name (``2017-03-27_….txt``, ``…_20170327.txt``,
   ``2017年3月27日….txt``, a leading ``1921_``) or, failing that, a folder named as a date
   (``2017/``, ``2017-03/``).
5. ``dateline`` — the body's own dateline, at the very start of its lead: "新华社北京3月8日电",
   "2019年3月8日，", "3月8日上午，". Dates further into the body are what it talks about.
6. ``session`` — the session of delivery (``corpus.sessions``): the NPC session or CPC
   congress the title, heading or lead says the text was delivered at, dated from a table.
7. ``anniversary`` — "今年是中美建交45周年" (``corpus.anniversary``); read only when no other
   clue in the text gives a year, and never the ground for a dispute.

The year is the best clue's year; the month and day come from the best clue stating them
that agrees with it (a month and day without a year take the chosen year; a session that
spans New Year gives the later year to a day in January). When strong clues disagree
(every clue but an anniversary; a body dateline only on the year), the best one is kept and
the others are reported as ``date_conflicts`` with status ``disputed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from tifa.corpus import sessions
from tifa.corpus.anniversary import anniversary_year
from tifa.corpus.heading import AGENCY_DATELINE, Heading
from tifa.corpus.model import DateClue, DateStatus, MetaSource
from tifa.corpus.numerals import DAY, FULL_DATE, MONTH, MONTH_DAY, YEAR, cn_number, valid_date

RANK: tuple[MetaSource, ...] = (
    "manifest",
    "title",
    "heading",
    "filename",
    "dateline",
    "session",
    "anniversary",
)
_DAY_SOURCES = frozenset({"manifest", "title", "heading", "filename"})
LEAD_CHARS = 300
_SHORT_LINE = 40
_TITLE_YEAR = re.compile(rf"{YEAR}年(?!度|代|财年|以来|至|[-—–~～])")
_HEADING_YEAR = re.compile(rf"[（(]?{YEAR}年[）)]?")
_LEAD_DAY = re.compile(rf"{MONTH}月{DAY}日(?:上午|下午|晚上|晚间|晚|早上|凌晨)?[，,]")
_NAME_DATES = (
    re.compile(r"(?<!\d)(?P<y>(?:18|19|20)\d\d)[-_.](?P<m>\d\d)[-_.](?P<d>\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:18|19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>[0-3]\d)(?!\d)"),
)
_NAME_YEAR = re.compile(r"^(?P<y>(?:18|19|20)\d\d)(?=[-_. 年]|$)")
_MONTH_FOLDER = re.compile(r"0?[1-9]|1[0-2]")
_FOLDERS = (
    re.compile(r"(?P<y>(?:18|19|20)\d\d)(?:[-_.]?(?P<m>0[1-9]|1[0-2])(?:[-_.]?(?P<d>[0-3]\d))?)?"),
    re.compile(r"(?P<y>(?:18|19|20)\d\d)年(?:(?P<m>[01]?\d)月(?:(?P<d>[0-3]?\d)日)?)?"),
)


@dataclass(frozen=True, slots=True)
class Resolution:
    year: int | None
    date: str | None
    year_source: MetaSource
    date_source: MetaSource
    status: DateStatus
    conflicts: tuple[DateClue, ...]


def _clue(source: MetaSource, m: re.Match[str], shown: str, year: bool = True) -> DateClue:
    y = cn_number(m["y"]) if year and m.groupdict().get("y") else None
    mo = cn_number(m["m"]) if m.groupdict().get("m") else None
    d = cn_number(m["d"]) if m.groupdict().get("d") else None
    return DateClue(source, y, mo, d, shown[m.start() : m.end()], m.start(), m.end())


def _valid(clue: DateClue) -> bool:
    if clue.year is not None and not 1900 <= clue.year <= 2100:
        return False
    if clue.month is None or clue.day is None:
        return True
    return valid_date(clue.year or 2000, clue.month, clue.day)


def _session_clue(found: sessions.Found, shown: str) -> DateClue:
    s = found.session
    return DateClue(
        "session",
        s.year,
        None,
        None,
        shown[found.start : found.end],
        found.start,
        found.end,
        s.first,
        s.last,
    )


def _title_clues(text: str, shown: str, start: int, end: int) -> list[DateClue]:
    full = FULL_DATE.search(text, start, end)
    if full:
        return [_clue("title", full, shown)]
    year = _TITLE_YEAR.match(text, start, end)
    if year:
        return [_clue("title", year, shown)]
    day = MONTH_DAY.search(text, start, end)
    return [_clue("title", day, shown)] if day else []


def _heading_clues(text: str, shown: str, start: int, end: int) -> list[DateClue]:
    full = FULL_DATE.search(text, start, end)
    if full:
        return [_clue("heading", full, shown)]
    year = _HEADING_YEAR.fullmatch(text, start, end)
    return [_clue("heading", year, shown)] if year else []


def _dateline_at(text: str, shown: str, pos: int, end: int) -> DateClue | None:
    agency = AGENCY_DATELINE.match(text, pos, end)
    if agency:
        pos = agency.end()
        while pos < end and text[pos] in " \u3000":
            pos += 1
    full = FULL_DATE.match(text, pos, end)
    if full:
        return _clue("dateline", full, shown)
    if agency:
        return _clue("dateline", agency, shown, year=bool(agency["y"]))
    day = _LEAD_DAY.match(text, pos, end)
    return _clue("dateline", day, shown, year=False) if day else None


def _dateline_clues(text: str, shown: str, start: int, end: int) -> list[DateClue]:
    """The dateline opening the lead: its first paragraph, after any short lines (a caption,
    a salutation: "同志们！"). A date opening a later paragraph is what the text tells of."""
    pos = start
    while pos < end:
        clue = _dateline_at(text, shown, pos, end)
        if clue:
            return [clue]
        nl = text.find("\n", pos, end)
        if nl < 0 or nl - pos >= _SHORT_LINE:
            break
        pos = nl + 1
    return []


def _anniversary_clue(text: str, shown: str) -> list[DateClue]:
    found = anniversary_year(text)
    if found is None:
        return []
    year, m = found
    start = max(text.rfind(ch, max(0, m.start() - 30), m.start()) for ch in "，。！？；：\n") + 1
    return [DateClue("anniversary", year, None, None, shown[start : m.end()], start, m.end())]


def text_clues(
    text: str, heading: Heading, lead_end: int | None = None, shown: str | None = None
) -> tuple[DateClue, ...]:
    """Every date clue in normalised ``text`` (the matching key), strongest first.

    ``lead_end`` is where the lead stops (the first speaker label); the lead starts where the
    heading ends and runs at most ``LEAD_CHARS``. Evidence is quoted from ``shown``.
    """
    shown = text if shown is None else shown
    found: list[DateClue] = []
    if heading.title:
        start, end = heading.title
        found += _title_clues(text, shown, start, end)
        tag = sessions.title_tag(text, start, end)
        if tag:
            found.append(_session_clue(tag, shown))
    for start, end in heading.spans():
        if (start, end) != heading.title:
            found += _heading_clues(text, shown, start, end)
        found += [_session_clue(f, shown) for f in sessions.delivered(text, start, end)]
    lead_start = heading.end
    while lead_start < len(text) and text[lead_start] in "\n \u3000":
        lead_start += 1
    end = min(len(text), lead_start + LEAD_CHARS, len(text) if lead_end is None else lead_end)
    found += _dateline_clues(text, shown, lead_start, end)
    found += [_session_clue(f, shown) for f in sessions.delivered(text, lead_start, end)]
    clues = [c for c in found if _valid(c)]
    if not any(c.year is not None for c in clues):
        clues += _anniversary_clue(text, shown)
    return ordered(clues)


def path_clues(path: str) -> tuple[DateClue, ...]:
    """The date a file's name gives, or else the nearest folder named as a date."""
    p = PurePath(path)
    name, stem = p.name, p.stem
    clues: list[DateClue] = []
    for pattern in (*_NAME_DATES, FULL_DATE):
        m = pattern.search(stem)
        if m:
            clues.append(_name_clue(m, name))
            break
    else:
        m = _NAME_YEAR.match(stem)
        if m:
            clues.append(DateClue("filename", int(m["y"]), None, None, name))
    if not clues:
        clues += _folder_clues(p)
    return tuple(c for c in clues if _valid(c))


def _folder_clues(p: PurePath) -> list[DateClue]:
    """The nearest of the two parent folders named as a date ("2017", "2017-03", "2017年");
    a month folder inside a year folder ("2017/03/") gives both."""
    parents = p.parents
    for n, folder in enumerate(parents[:2] if len(parents) > 1 else ()):
        m = next(filter(None, (f.fullmatch(folder.name) for f in _FOLDERS)), None)
        if m:
            return [_name_clue(m, folder.name + "/")]
        year = parents[n + 1].name if n + 1 < len(parents) else ""
        if _MONTH_FOLDER.fullmatch(folder.name) and _FOLDERS[0].fullmatch(year):
            month = int(folder.name)
            return [DateClue("filename", int(year[:4]), month, None, f"{year}/{folder.name}/")]
    return []


def _name_clue(m: re.Match[str], evidence: str) -> DateClue:
    values = [cn_number(m[g]) if m[g] else None for g in ("y", "m", "d")]
    return DateClue("filename", values[0], values[1], values[2], evidence)


def ordered(clues: list[DateClue] | tuple[DateClue, ...]) -> tuple[DateClue, ...]:
    return tuple(sorted(clues, key=lambda c: RANK.index(c.source)))


def _year_for(year_clue: DateClue, day: DateClue) -> int | None:
    """The year for a month and day stated without one, or None if they cannot go together:
    a session spanning New Year gives its later year to a January day; a full date more
    than half a year from the day makes the pair a disagreement, not a date."""
    assert year_clue.year is not None and day.month is not None and day.day is not None
    if year_clue.first and year_clue.last and year_clue.first[:4] != year_clue.last[:4]:
        later = int(year_clue.last[:4])
        if (
            valid_date(later, day.month, day.day)
            and date(later, day.month, day.day).isoformat() <= year_clue.last
        ):
            return later
    if year_clue.iso:
        stated = date.fromisoformat(year_clue.iso)
        if not valid_date(year_clue.year, day.month, day.day):
            return None
        if abs((date(year_clue.year, day.month, day.day) - stated).days) > 183:
            return None
    return year_clue.year


def resolve(clues: tuple[DateClue, ...]) -> Resolution:
    """Year, date, their sources, status and the disagreeing clues (see the module doc)."""
    clues = ordered(clues)
    year_clue = next((c for c in clues if c.year is not None), None)
    if year_clue is None or year_clue.year is None:
        return Resolution(None, None, "unknown", "unknown", "missing", ())
    year: int = year_clue.year
    day_clue: DateClue | None = None
    iso = None
    for c in clues:
        if c.month is None or c.day is None:
            continue
        y = c.year if c.year is not None else _year_for(year_clue, c)
        if y is not None and (c.year is None or c.year == year) and valid_date(y, c.month, c.day):
            day_clue, iso, year = c, date(y, c.month, c.day).isoformat(), y
            break
    conflicts = tuple(
        c
        for c in clues
        if c.source != "anniversary"
        and (
            (c.year is not None and c.year != year and c is not year_clue)
            or (
                iso is not None
                and c.source in _DAY_SOURCES
                and c.month is not None
                and c.day is not None
                and (c.month, c.day) != (int(iso[5:7]), int(iso[8:]))
            )
        )
    )
    status: DateStatus = (
        "disputed" if conflicts else "weak" if year_clue.source == "anniversary" else "known"
    )
    date_source: MetaSource = day_clue.source if day_clue else "unknown"
    return Resolution(year, iso, year_clue.source, date_source, status, conflicts)
