"""Numbers and dates as Chinese texts print them: Arabic, full-width or Chinese numerals.

The converter is this module's own, not the ``cn2an`` package: tifa needs only years
printed digit by digit (一九五四, 二〇一七, 二○一七 with a white circle for zero, which cn2an
leaves unconverted), months, days and ordinals up to a few hundred, and it needs them as
regular-expression fragments that match in place, so every date keeps its offsets in the
text. cn2an converts whole strings (changing their length) and costs ~100 ms to import.
"""

from __future__ import annotations

import re
from datetime import date

DIGIT = "0-9０-９"
_ZERO = "〇○零"
_CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = f"{_ZERO}一二两三四五六七八九十百千"

YEAR = rf"(?P<y>[{DIGIT}]{{4}}|[{_ZERO}一二三四五六七八九]{{4}})"
MONTH = rf"(?P<m>[{DIGIT}]{{1,2}}|十[一二]?|[一二三四五六七八九])"
DAY = rf"(?P<d>[{DIGIT}]{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# An ordinal such as a term or congress number: 13, 十三, 二十.
ORDINAL = rf"[{DIGIT}]{{1,2}}|[一二三四五六七八九十]{{1,3}}"

FULL_DATE = re.compile(rf"{YEAR}年{MONTH}月{DAY}[日号]")
MONTH_DAY = re.compile(rf"{MONTH}月{DAY}[日号]")


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


def valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100
