"""Character classes shared by the normaliser, the segmenter and the speaker parser.

Kept as fragments to put inside a regex character class (``f"[{IDEOGRAPH}]"``), so that
"is this CJK context?" has one answer across tifa, plus the punctuation that ends a
sentence or a clause.

A pattern holding ``IDEOGRAPH`` costs about 0.8 ms to compile (``re`` walks the class's
28,000 code points in Python), and a command that normalises only its query should not pay
that for every pattern of the normaliser: ``compiled_on_use`` defers the compiling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_PUNCT = (
    "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
)
CJK = IDEOGRAPH + CJK_PUNCT

SENTENCE_END = "。！？"
OPENERS = "“‘「『（《"
CLOSERS = "”’」』）》"
CLAUSE_DELIMITERS = "，；："


def compiled_on_use(source: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled the first time it is asked for, then kept:
    ``_WORD = compiled_on_use(r"…")`` at module level, ``_WORD().finditer(text)`` in use."""
    return cache(lambda: re.compile(source, flags))
