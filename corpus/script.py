"""Traditional/Simplified script: folding for matching, and telling which one a text uses.

Decision: every function here returns a string of the same length as its input, so an
offset into the folded text is an offset into the original (the matching key shares its
offsets with the displayed text).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import opencc

Script = Literal["simplified", "traditional", "mixed"]

# Calibration (see detect_script): the five seeds change 0 % under t2s and 33-34 % under
# s2t; their OpenCC s2t and s2tw versions change 33-34 % under t2s and 0.02-0.2 % under s2t.
TRADITIONAL_MIN_SHARE = 0.05
TRADITIONAL_MIN_RATIO = 3.0
SIMPLIFIED_MAX_SHARE = 0.01

_NOT_IDEOGRAPH_LEAD = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)
_FULL_WIDTH = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_FULL_TO_HALF = 0xFF10 - ord("0")  # the same offset for letters


def to_simplified(text: str) -> str:
    """Traditional folded to Simplified (OpenCC t2s), guaranteed the same length as ``text``."""
    return _convert_same_length("t2s", text)


def fold_width(text: str) -> str:
    """Full-width ASCII letters and digits (Ａ, ２) to half-width; punctuation untouched.

    A regex substitution, not ``str.translate``: on Chinese text it is some fifteen times faster.
    """
    return _FULL_WIDTH.sub(lambda match: chr(ord(match[0]) - _FULL_TO_HALF), text)


def detect_script(text: str) -> Script:
    """Which script ``text`` is written in, judged by what OpenCC would change.

    With ``t`` the characters t2s changes and ``s`` those s2t changes (only CJK ideographs
    change under either), as shares of the text's ideographs (U+4000..U+9FFF):

    * traditional: ``t`` above 5 % and more than 3 × ``s``;
    * simplified: ``t`` at most 1 % (a quotation or a name in Traditional is allowed),
      which includes texts whose characters are the same in both scripts;
    * mixed: anything between, e.g. a document with whole paragraphs in each script.

    Calibrated on the five bundled seeds (Simplified: ``t`` = 0 %, ``s`` = 33-34 %) and
    their OpenCC s2t and s2tw versions (``t`` = 33-34 %, ``s`` = 0.02-0.2 %).
    """
    from rapidfuzz.distance import Hamming  # here: a query's folding needs no rapidfuzz

    ideographs = _count_ideographs(text)
    t2s_changed = Hamming.distance(text, to_simplified(text))
    if t2s_changed <= ideographs * SIMPLIFIED_MAX_SHARE:
        return "simplified"  # the common case, decided without the costlier s2t
    s2t_changed = Hamming.distance(text, _convert_same_length("s2t", text))
    if (
        t2s_changed > ideographs * TRADITIONAL_MIN_SHARE
        and t2s_changed > TRADITIONAL_MIN_RATIO * s2t_changed
    ):
        return "traditional"
    return "mixed"


def _count_ideographs(text: str) -> int:
    """CJK ideographs (U+4000..U+9FFF), counted fast as their UTF-8 lead bytes E4..E9."""
    utf8 = text.encode("utf-8", "surrogatepass")
    return len(utf8.translate(None, _NOT_IDEOGRAPH_LEAD))


@cache
def _converter(config: str) -> opencc.OpenCC:
    """One OpenCC converter per config, built on first use (loading its dictionaries)."""
    import opencc

    return opencc.OpenCC(config)


def _convert_same_length(config: str, text: str) -> str:
    """Convert with OpenCC, falling back line by line, then character by character.

    Phrase rules may change a length; the fallbacks confine such a change to a line and then
    drop it, so a character OpenCC cannot convert one for one is kept as it is.
    """
    whole = _convert(config, text)
    if whole is not None:
        return whole
    return "".join(_convert_line(config, line) for line in text.splitlines(keepends=True))


def _convert_line(config: str, line: str) -> str:
    converted = _convert(config, line)
    if converted is not None:
        return converted
    return "".join(_convert(config, char) or char for char in line)


def _convert(config: str, text: str) -> str | None:
    """OpenCC's conversion of ``text``, or None if it changes the length or cannot run.

    OpenCC takes UTF-8, so a lone surrogate (from ``surrogateescape``) cannot go through.
    """
    try:
        converted = _converter(config).convert(text)
    except UnicodeEncodeError:
        return None
    return converted if len(converted) == len(text) else None
