"""Character classes shared by the normaliser, the segmenter and the speaker parser.

Kept as fragments to put inside a regex character class (``f"[{IDEOGRAPH}]"``), so that
"is this CJK context?" has one answer across tifa, plus the punctuation that ends a
sentence or a clause.
"""

from __future__ import annotations

IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_PUNCT = (
    "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
)
CJK = IDEOGRAPH + CJK_PUNCT

SENTENCE_END = "。！？"
CLOSERS = "”’」』）》"
CLAUSE_DELIMITERS = "，；："
