"""Matching keys: what similarity, slots and cuts compare of a wording.

A wording's key is its letters, digits and ideographs only: punctuation and quotes make no
difference to whether two wordings say the same (“双轨并进”的思路 and 双轨并进的思路). Its own
module because windows (``clauses``) and slots (``slots``) both read it, and slots are read
when windows are made.
"""

from __future__ import annotations

import re
from functools import lru_cache

NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 18)
def match_key(text: str) -> str:
    """Letters, digits and ideographs only (cached: a word or a wording said a thousand times
    is read once)."""
    return NOT_WORD.sub("", text)
