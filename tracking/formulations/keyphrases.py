"""Recurring key phrases: word n-grams that tie a window to a family similarity cannot reach.

A clause can carry two formulations: 2024's "“双轨并进”思路和“分阶段、同步走”原则" continues
both 2017's "按照双轨并进思路" and 2019's "按照分阶段、同步走思路", yet is too unlike either for
the similarity threshold. Such windows are tied to families by the word n-grams they share.

Decisions (each one a guard against tying two different claims together):

* A key phrase is a run of 1..``MAX_WORDS`` jieba words (punctuation dropped, so 分阶段、同步走
  is the two words 分阶段 同步走) of at least ``MIN_CHARS`` characters, with no one-character
  word at either end (全球治理的, 多边主义是 are not phrases), shared by windows of two periods
  (years, or the quarters or months of the report).
* It holds a keyword or weak term of the topic, and not only as the topic's own name:
  一带一路倡议 is the name of the topic plus a generic word, while 真正的多边主义 and
  双轨并进思路 are positions.
  A keyword counts unless it is a whole word that is the topic's id, name or an alias.
* It is rare: in at most ``MAX_SHARE`` of the topic's keyword clauses, or in no more clauses
  than there are periods (once a period is what a recurring formulation does). Clauses are
  counted by period and wording, so two editions of one press conference count once.
* It makes up at least ``MIN_COVER`` (0.6) of one of the two windows. That window is mostly
  the formulation; the other, which carries more besides, joins its family (and keeps its own
  memberships, so a clause can belong to two families). 分阶段同步走 is 0.6 of 按照分阶段、同步走
  思路; at 0.4, 半岛核问题 would tie 解决半岛核问题不能只有一手 (2017) to 半岛核问题延宕几十年
  (2019) and 现有国际秩序 two unrelated multilateralism sentences.
* Each phrase ties a window to one family (the most similar holder), never repeats a tie a
  family of the window already makes (one holding a window of the other period with the
  phrase), and a family gets at most one window per document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from tifa.tracking.formulations.clauses import Candidate, match_key
from tifa.tracking.formulations.similarity import Wordings
from tifa.tracking.formulations.topics import Topic

MAX_WORDS = 4
MIN_CHARS = 5
MIN_COVER = 0.6
MAX_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class PhraseLink:
    family: int  # index into the families list
    candidate: int
    phrase: str


def phrases(tokens: Sequence[str], topic: Topic) -> set[str]:
    """The window's key phrases (see the module docstring), as words joined without spaces."""
    words = [k for k in (match_key(w) for w in tokens) if k]
    bounds = list(accumulate((len(w) for w in words), initial=0))
    names = {n.casefold() for n in (topic.id, topic.name, *topic.aliases)}
    found: set[str] = set()
    for hit in _plain(topic.terms).finditer("".join(words)):
        first = bisect_right(bounds, hit.start()) - 1
        last = bisect_left(bounds, hit.end())  # words[first:last] cover the hit
        whole = bounds[first] == hit.start() and bounds[last] == hit.end()
        if whole and last - first == 1 and words[first].casefold() in names:
            continue  # the topic's own name
        for k in range(max(0, last - MAX_WORDS), first + 1):
            for e in range(max(last, k + 1), min(k + MAX_WORDS, len(words)) + 1):
                if e - k > 1 and (len(words[k]) == 1 or len(words[e - 1]) == 1):
                    continue
                if bounds[e] - bounds[k] >= MIN_CHARS:
                    found.add("".join(words[k:e]))
    return found


@cache
def _plain(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """Keywords without punctuation, to match inside punctuation-free phrases."""
    terms = sorted({match_key(k) for k in keywords} - {""}, key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(t) for t in terms))


def link_phrases(
    candidates: Sequence[Candidate], families: list[list[int]], topic: Topic, words: Wordings
) -> list[PhraseLink]:
    """Links that add windows to families through shared key phrases (see module docstring)."""
    home: dict[int, int] = {}
    for f, members in enumerate(families):
        for i in members:
            home.setdefault(i, f)
    lengths = {i: len(candidates[i].match) for i in home}
    read: dict[tuple[str, ...], set[str]] = {}  # a wording repeated verbatim is read once

    def phrases_of(tokens: tuple[str, ...]) -> set[str]:
        if tokens not in read:
            read[tokens] = phrases(tokens, topic)
        return read[tokens]

    own = {
        i: phrases_of(c.tokens)
        for i, c in enumerate(candidates)
        if c.hit and (i in home or c.single)
    }
    index: dict[str, list[int]] = {}
    seen: dict[str, set[tuple[str, str]]] = {}
    for i, found in own.items():
        c = candidates[i]
        for phrase in found:
            if i in home:
                index.setdefault(phrase, []).append(i)
            if c.single:
                seen.setdefault(phrase, set()).add((c.period, c.match))
    clauses = {(c.period, c.match) for c in candidates if c.hit and c.single}
    common = max(MAX_SHARE * len(clauses), len({c.period for c in candidates}))
    proposals = []
    for phrase, holders in index.items():
        if len({candidates[i].period for i in holders}) < 2 or len(seen.get(phrase, ())) > common:
            continue
        for u in holders:
            for v in holders:
                if candidates[u].period == candidates[v].period or home[u] == home[v]:
                    continue
                # u is the window the phrase mostly makes up; v joins u's family
                if len(phrase) < MIN_COVER * lengths[u] or lengths[v] < lengths[u]:
                    continue
                if lengths[v] == lengths[u] and candidates[v].period < candidates[u].period:
                    continue
                proposals.append((-len(phrase), -words.ratio(u, v), phrase, u, v))
    proposals.sort()
    links: list[PhraseLink] = []
    used: dict[int, list[str]] = {}
    docs = [{candidates[i].doc for i in members} for members in families]
    # (period, phrase) of the windows of each family: does it already tie that period?
    carried = [
        {(candidates[m].period, p) for m in members for p in own.get(m, ())} for members in families
    ]
    for _, _, phrase, u, v in proposals:
        target = home[u]
        if candidates[v].doc in docs[target]:
            continue
        if v in home and (candidates[u].period, phrase) in carried[home[v]]:
            continue
        if any(phrase in p for p in used.get(v, ())):
            continue
        docs[target].add(candidates[v].doc)
        used.setdefault(v, []).append(phrase)
        links.append(PhraseLink(target, v, phrase))
    return links
