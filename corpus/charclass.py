"""Character classes shared by the normaliser and the segmenter.

Kept as regex fragments and one predicate so that "is this CJK context?" has a single answer
across tifa.
"""

from __future__ import annotations

import re

IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_PUNCT = (
    "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
)
CJK = IDEOGRAPH + CJK_PUNCT

SENTENCE_END = "。！？"
CLOSERS = "”’」』）》"
CLAUSE_DELIMITERS = "，；："

_CJK_RE = re.compile(f"[{CJK}]")
_IDEOGRAPH_RE = re.compile(f"[{IDEOGRAPH}]")


def is_cjk(ch: str) -> bool:
    """True for ideographs and full-width / CJK punctuation."""
    return bool(ch) and _CJK_RE.match(ch) is not None


def is_ideograph(ch: str) -> bool:
    return bool(ch) and _IDEOGRAPH_RE.match(ch) is not None
