"""Where the whole voice says a line inside a longer one, so that no change it lists is false.

The whole voice's phrases are made maximal (``recurrent``): a use of 中美三个联合公报原则 inside
恪守一个中国政策和中美三个联合公报原则 belongs to the longer line's family, not to the family
of 中美三个联合公报原则, which holds only the uses said on their own. So the shorter family can
fall silent while its words go on being said: on the 1,000 MFA pages, by quarter, it was
listed as dropped after 2018-Q1, "not seen again", while the longer lines kept saying it; and
共商共建共享 as new in 2017-Q1, said in 2016-Q4 inside 共商、共建、共享的新型次区域合作. A change of
the whole voice is listed only when the words themselves say it: a line is not new in a
period if another family's use said it inside a longer line before, not dropped if one says
it after, and not returning if one said it during the silence. Only uses of recurring
phrases are read (the families' members), so a use said inside a line that never recurs is
not seen; a change is never added, only left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tifa.tracking.formulations.families import Family
from tifa.tracking.formulations.phrasefind import PhraseFinder, Texts


def said_inside(families: Iterable[Family], checked: Iterable[Family]) -> Mapping[str, set[str]]:
    """Per family of ``checked`` (by id), the periods in which a use of another family of
    ``families`` says one of its wordings inside a longer text."""
    wordings: dict[str, set[str]] = {}  # a checked family's wording → the families saying it
    for f in checked:
        for m in f.members:
            wordings.setdefault(m.key, set()).add(f.id)
    if not wordings:
        return {}
    texts: dict[str, set[str]] = {}  # every use's text → its periods
    for f in families:
        for m in f.members:
            texts.setdefault(m.key, set()).add(m.period)
    keys = list(texts)
    out: dict[str, set[str]] = {}
    for n, found in PhraseFinder(set(wordings)).find_all(Texts(keys)).items():
        for wording in found:
            if wording != keys[n]:
                for family in wordings[wording]:
                    out.setdefault(family, set()).update(texts[keys[n]])
    return out
