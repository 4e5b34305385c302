"""Key phrases: the words that make a formulation, holding its occurrences in one family.

Similarity groups wordings that are alike as wholes. A formulation is often less than a whole
clause: “双轨并进”思路 is said in 沿着“双轨并进”的思路, 按照“双轨并进”思路同步推进半岛无核化与建立
半岛和平机制, 中方提出了“双暂停”倡议和“双轨并进”思路 …, clauses too unlike each other to link.
In a sparse corpus 2024's "“双轨并进”思路和“分阶段、同步走”原则" continues both 2017's
"按照双轨并进思路" and 2019's "按照分阶段、同步走思路"; in an archive of daily briefings one
formulation is said inside a hundred different sentences. So a family is *anchored* by key
phrases, and every window holding an anchor of a family is a member of it (``linked_by``),
whatever else it says; families anchored by the same phrase are one formulation and merge.

Decisions (each one a guard against tying two different claims together):

* A key phrase is a run of 1..``MAX_WORDS`` jieba words (punctuation dropped, so 分阶段、同步走
  is the two words 分阶段 同步走) of at least ``MIN_CHARS`` characters, with no one-character
  word at either end (全球治理的, 多边主义是 are not phrases). It holds a keyword or weak term of
  the topic, and not only as the topic's own name: 一带一路倡议 is the name of the topic plus a
  generic word, while 真正的多边主义 and 双轨并进思路 are positions. A keyword that is a whole
  word naming the topic (its id, name or an alias) counts only in a phrase that also holds a
  verb (jieba's dictionary says which words are): 维护多边主义 and 践行多边主义 take a position
  on multilateralism, 多边主义理念 does not. And a phrase must say something besides who
  speaks to whom and how: one of pronouns and parties with verbs, adverbs, prepositions and
  function words only (我们敦促美方, 我们希望美方能够, 中方愿与美方) is a frame of address,
  and on the MFA pages made the US topic's two largest families bags of whatever the US was
  urged or hoped to do (我们敦促美方恪守一个中国原则和中美三个联合公报规定: 299 uses in 360
  variants, now 113 in 87; 同中方相向而行: 249 in 276, now 116 in 68). Names count: 台湾是中国
  says what it is about. But names alone, or joined by prepositions (特朗普总统, 联合国秘书长,
  习近平主席与特朗普) or bracketed by 包括…在内 (``slots.who_only``), are who is spoken of
  (包括美国在内 tied 46 lines of the MFA pages that named the US among others into the US
  family of 及时向世卫组织以及包括美国在内的有关国家和地区通报疫情信息, 57 uses, now 11),
  and a word a ``REFERRING`` determiner leads (美方有关人士, 美方的有关表态) points to what
  was said elsewhere: neither says anything (``_says``). Nor does a phrase that ends on
  such a determiner (联合国安理会有关), one that opens with a topic marker (关于中美经贸: a
  frame, ``clauses.frame``), or one that ends on a noun naming a subject (``SUBJECTS``: 问题,
  磋商, 局势 …) and holds no verb: as with the topic's own name, 中美经贸问题 is what is
  spoken of and 解决中美经贸问题 a position on it. Nor names after a verb of noticing
  (注意到特朗普: what is noticed follows; ``_noticed``).
* A phrase anchors a family when the family's wording is mostly that phrase: it makes up at
  least ``MIN_COVER`` (0.6) of one of the family's windows (分阶段同步走 is 0.6 of 按照分阶段、
  同步走思路; at 0.4, 半岛核问题 would tie 解决半岛核问题不能只有一手 to 半岛核问题延宕几十年), or
  when it is said in at least half of the family's events (two at least): a family of
  sentences that all carry 维护多边主义 is that formulation. Each phrase anchors one family:
  the one it is the primary anchor of (the anchor said in most of its events), else the one
  that says it most.
* A family's primary anchor is the one said in most of its events; on a tie, the one said in
  most windows of the topic (the formulation rather than one of its wordings). Families merge
  when they have the same primary anchor, or when one's primary anchor holds the other's
  (携手构建人类命运共同体 is 构建人类命运共同体, said with a partner): the longer anchor is a
  variant of the shorter. Never through a second anchor: a family that says 坚持多边主义 and,
  less often, 维护多边主义 would otherwise chain every multilateralism family into one.
* An anchor is said in two periods or more. One that anchors a family by being said in most
  of it, not by making up most of a window, is also rare: in at most ``MAX_SHARE`` of the
  topic's keyword clauses, or in no more clauses than there are periods (once a period is
  what a recurring formulation does; clauses are counted by period and wording, so two
  editions of one press conference count once). 我们敦促美方 is in most of a family of
  sentences to the US and in a fifth of the topic: a frame, not a formulation; while a window
  that is mostly 构建人类命运共同体 (推动构建人类命运共同体) says the formulation however often it
  is said.
* Matching is on the punctuation-free key without the structural particles 的 and 之, so
  “双轨并进”的思路 holds the anchor 双轨并进思路 (``linked_by`` names it so); word order is part
  of the wording.
* A window may so belong to two families (2024's clause to both the dual-track and the phased
  one); a family whose every window another family holds, and that says nothing in a second
  period, is dropped (``families``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from tifa.tracking.formulations.clauses import TOPIC_MARKERS, Candidate, noticing
from tifa.tracking.formulations.disjoint import DisjointSets
from tifa.tracking.formulations.keys import match_key
from tifa.tracking.formulations.phrasefind import PhraseFinder, Texts
from tifa.tracking.formulations.similarity import Wordings
from tifa.tracking.formulations.slots import speaker, who_only
from tifa.tracking.formulations.topics import Topic, term_regex
from tifa.tracking.formulations.wordclass import ATTRIBUTIVE, REFERRING, WordClass, word_class

MAX_WORDS = 4
MIN_CHARS = 5
MIN_COVER = 0.6
MAX_SHARE = 0.1
FEW = 16  # a family's phrases looked for one by one in its wordings; more: with a PhraseFinder
# Structural particles: phrases and wordings are compared without them, so that 双轨并进思路
# and 双轨并进的思路 are one anchor. Only where 的 or 之 is the particle: a word of its own, or
# inside the longer words that jieba (and tifa's dictionary) keep whole (真正的多边主义,
# 解决之道); not in a word of two characters (目的, 之间, 的确), where the phrase 美方目的 was
# 美方目 and found in 美方目前 (15 US windows).
_PARTICLES = re.compile(f"[{''.join(ATTRIBUTIVE)}]")


def _bare(words: Sequence[str]) -> str:
    """A phrase's or a window's words without the particles, joined as keys (``match_key``)."""
    return "".join(map(_bare_word, words))


def _bare_word(word: str) -> str:
    key = word if word.isalnum() else match_key(word)
    if len(key) == 2 or ("的" not in key and "之" not in key):
        return key
    return _PARTICLES.sub("", key)


DOMINANT = 0.5  # share of a family's events that say a phrase for it to anchor the family


@dataclass(frozen=True, slots=True)
class Anchored:
    """Families after anchoring: window lists, and per family the windows a phrase added."""

    families: list[list[int]]
    linked: dict[int, dict[int, str]]  # family index → window → the phrase that added it
    anchors: dict[int, tuple[str, ...]]  # family index → its anchors, longest first


def phrases(tokens: Sequence[str], topic: Topic) -> set[str]:
    """The window's key phrases (see the module docstring), as words joined without spaces."""
    # the words' keys joined are the window's key (``match_key`` drops characters one by one)
    joined = match_key("".join(tokens))
    return set(_phrase_words(tokens, joined, _plain(topic.terms), _topic_names(topic)))


def _phrase_words(
    tokens: Sequence[str], joined: str, terms: re.Pattern[str], names: frozenset[str]
) -> dict[str, tuple[str, ...]]:
    """The window's key phrases, each with its words; ``joined`` is the window's
    punctuation-free key (``Candidate.match``), ``terms`` the topic's ``_plain`` terms and
    ``names`` its ``_topic_names`` (both given: a topic's wordings are read by the ten
    thousand)."""
    found: dict[str, tuple[str, ...]] = {}
    if not terms.search(joined):  # a clause of context: no term, no phrase
        return found
    # a word of letters, digits and ideographs only is its own key (``isalnum`` is what
    # ``match_key``'s pattern keeps, but for the underscore)
    words = [t if t.isalnum() else match_key(t) for t in tokens]
    words = [w for w in words if w]
    bounds = list(accumulate(map(len, words), initial=0))
    count = len(words)
    for hit in terms.finditer(joined):
        first = bisect_right(bounds, hit.start()) - 1
        last = bisect_left(bounds, hit.end())  # words[first:last] cover the hit
        named = last - first == 1 and words[first].casefold() in names
        for k in range(max(0, last - MAX_WORDS), first + 1):
            alone = len(words[k]) == 1  # a one-character word begins no phrase of two
            if words[k] in TOPIC_MARKERS:
                continue  # 关于中美经贸: what the answer turns to (``clauses.frame``)
            for e in range(max(last, k + 1), min(k + MAX_WORDS, count) + 1):
                if bounds[e] - bounds[k] < MIN_CHARS:
                    continue
                if e - k > 1 and (alone or len(words[e - 1]) == 1):
                    continue
                span = words[k:e]
                if (named or span[-1] in SUBJECTS) and not _verb(span):
                    continue  # the topic's own name, or a subject, with no position taken
                if not _says(span):
                    continue  # who speaks to whom, and how: 我们敦促美方, 中方愿同美方
                found["".join(span)] = tuple(span)
    return found


def _topic_names(topic: Topic) -> frozenset[str]:
    """The words that name a topic, casefolded."""
    return frozenset(n.casefold() for n in (topic.id, topic.name, *topic.aliases))


def _verb(words: Sequence[str]) -> bool:
    return any(word_class(w) == "verb" for w in words)


_HOW = frozenset({"verb", "adverb", "preposition", "function"})
# a phrase's words that only link the names it holds: a key phrase says something of its
# topic in its other words (如果美国政府, 南沙群岛及其, 不是联合国 say nothing)
_JOINING: tuple[WordClass, ...] = ("preposition", "function")
_POINTING = tuple(sorted(REFERRING))  # what a word that points elsewhere opens with
# nouns that name what is spoken of, not what is said of it: 中美经贸问题 and 中美经贸磋商, with
# no verb, made two US families of 46 and 60 uses on the MFA pages, of every line that named
# the trade issue or the talks (中美经贸磋商已经取得了实质性进展 beside 双方举行了第13轮中美经贸
# 高级别磋商). Whole words only: with words that end so (核问题), 朝鲜半岛核问题 gave its lines
# to 解决半岛核问题, a family of 174 uses in 353 variants, and the labelled samples lost purity.
SUBJECTS = frozenset(
    {"问题", "局势", "形势", "情况", "事务", "议题", "事宜", "磋商", "谈判", "会谈"}
)


def _says(words: Sequence[str]) -> bool:
    """Whether a phrase says what it is about: a word that does (``_about``) and is not what
    a ``REFERRING`` determiner points to (美方有关人士, 美方有关做法: the people or the acts
    spoken of elsewhere), no determiner at its end, pointing past it (联合国安理会有关), and
    more than who is spoken of (``slots.who_only``: names joined by 和, 与 …, a preposition
    or a function word): 特朗普总统 and 习近平主席与特朗普 are who is spoken of, as for windows
    and the whole voice, while 台湾是中国 says something of them. On the MFA pages
    联合国秘书长, 联合国大会 and 巴勒斯坦国 each made a family of every line that named them.
    Nor does who is spoken of after a verb of noticing (``clauses.NOTICING``): 注意到特朗普
    points to what was noticed, which follows, and tied lines on Trump's inaugural speech,
    his nomination of Pompeo and his candidacy to one on his wish to meet Xi again."""
    if words[-1] in REFERRING:
        return False
    said = any(_about(w) and (k == 0 or words[k - 1] not in REFERRING) for k, w in enumerate(words))
    if not said or who_only(tuple(words), _JOINING):
        return False
    noticed = _noticed(words)
    return noticed is None or not (noticed and who_only(noticed, _JOINING))


def _noticed(words: Sequence[str]) -> tuple[str, ...] | None:
    """The words after a verb of noticing that a phrase opens with, past who notices and how
    (我们也注意到, 国际社会都已经注意到: pronouns, parties, adverbs); jieba cuts 注意|到. None
    when it opens with none."""
    k = 0
    while k < len(words) and (speaker(words[k]) or word_class(words[k]) == "adverb"):
        k += 1
    said = noticing(words, k)
    return tuple(words[k + said :]) if said else None


@cache
def _about(word: str) -> bool:
    """Whether a word says what a phrase is about: not who speaks or is spoken to (a pronoun
    or a party: ``slots.speaker``), nor a verb, adverb, preposition, function word or
    ``REFERRING`` determiner, or a word that opens with one (jieba keeps 个别人, 有关部门 and
    有些人 whole)."""
    return not speaker(word) and word_class(word) not in _HOW and not word.startswith(_POINTING)


@cache
def _plain(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """Keywords without punctuation, to match inside punctuation-free phrases."""
    terms = sorted({k for k in keywords if match_key(k)}, key=lambda t: (-len(t), t))
    return re.compile("|".join(term_regex(t, match_key) for t in terms))


def anchor(
    candidates: Sequence[Candidate],
    families: list[list[int]],
    topic: Topic,
    words: Wordings,
    events: Sequence[int],
) -> Anchored:
    """Merge the families anchored by one phrase and add to each family every window that
    holds one of its anchors (see the module docstring)."""
    bare = [
        k if "的" not in k and "之" not in k else _bare(candidates[words.windows(u)[0]].tokens)
        for u, k in enumerate(words.keys)
    ]
    texts = Texts(bare)
    terms, names = _plain(topic.terms), _topic_names(topic)
    # per wording, read once: its phrases, and those that make up most of it (``MIN_COVER``)
    read: list[dict[str, tuple[str, ...]] | None] = [None] * len(bare)
    covering: list[list[str]] = [[] for _ in bare]

    def phrases_of(u: int) -> dict[str, tuple[str, ...]]:
        found = read[u]
        if found is None:
            window = candidates[words.windows(u)[0]]
            said = _phrase_words(window.tokens, window.match, terms, names)
            found = {_bare(ws): ws for ws in said.values()}
            read[u] = found
            covering[u] = [p for p in found if _mostly(p, bare[u])]
        return found

    proposed: list[dict[str, tuple[int, bool, bool]]] = []  # phrase → (events, mostly, position)
    wording = words.of.tolist()
    for members in families:
        said: dict[int, set[int]] = {}
        for i in members:
            said.setdefault(wording[i], set()).add(events[i])
        heard = set().union(*said.values())
        for u in said:
            phrases_of(u)
        mine = {p for u in said for p in covering[u]}
        if len(heard) > 1:
            top = sorted(said, key=lambda u: -len(said[u]))[:3]
            mine |= set().union(*(phrases_of(u) for u in top))
        # per phrase: the events of the wordings holding it, and the wordings it is mostly
        holding: dict[str, set[int]] = {}
        mostly: dict[str, list[int]] = {}
        finder = PhraseFinder(mine) if len(mine) > FEW else None
        for u, e in said.items():
            held = finder.find(bare[u]) if finder else (p for p in mine if p in bare[u])
            for p in held:
                holding.setdefault(p, set()).update(e)
            for p in covering[u]:
                mostly.setdefault(p, []).append(u)
        scored: dict[str, tuple[int, bool, bool]] = {}
        for p in mine:
            n, most = len(holding.get(p, ())), mostly.get(p, [])
            if most or (n > 1 and n >= DOMINANT * len(heard)):
                position = any(_verb(phrases_of(u)[p]) for u in most)
                scored[p] = (n, bool(most), position)
        proposed.append(scored)
    # the proposed phrases each wording holds, found once: the anchors are some of them
    said_in = {p for scored in proposed for p in scored}
    holds = PhraseFinder(said_in).find_all(texts) if said_in else {}
    recurring, rare, spread = _spread(candidates, words, holds, said_in)
    allowed = [
        {p: x for p, x in scored.items() if p in recurring and (x[2] or p in rare)}
        for scored in proposed
    ]
    # the primary anchor: said in most of the family's events; on a tie the one said in most
    # windows of the topic (the formulation, not one of its wordings), then the shortest
    primary: dict[int, str] = {}
    for f, scored in enumerate(allowed):
        if scored:
            primary[f] = max(scored, key=lambda p: (scored[p][0], spread[p], -len(p), p))
    sets = DisjointSets(len(families))
    first: dict[str, int] = {}
    for f, p in primary.items():
        sets.union(first.setdefault(p, f), f)
    if first:
        finder = PhraseFinder(set(first))
        for longer, f in first.items():
            for shorter in finder.find(longer):
                sets.union(first[shorter], f)
    at, count = sets.labels()
    merged: list[list[int]] = [[] for _ in range(count)]
    core: dict[int, int] = {}  # merged family → the largest family merged into it
    for f, members in enumerate(families):
        n = at[f]
        merged[n].extend(members)
        if n not in core or len(members) > len(families[core[n]]):
            core[n] = f
    linked: dict[int, dict[int, str]] = {}
    for f, members in enumerate(families):
        n = at[f]
        if core[n] != f:  # merged in through its primary anchor
            linked.setdefault(n, {}).update((i, primary[f]) for i in members)
    # A family holds the windows that say its primary anchor, or a phrase one of its windows
    # is mostly; each phrase anchors one family: the one it is primary for, else the one
    # saying it most.
    owner: dict[str, tuple[bool, int, int]] = {}
    for f, scored in enumerate(allowed):
        for p, (n, whole, _) in scored.items():
            if whole or primary.get(f) == p:
                claim = (primary.get(f) == p, n, -f)
                if p not in owner or claim > owner[p]:
                    owner[p] = claim
    anchors: dict[int, set[str]] = {}
    for p, (_, _, f) in owner.items():
        anchors.setdefault(at[-f], set()).add(p)
    own = [{i for i in members if i not in linked.get(f, {})} for f, members in enumerate(merged)]
    for f, added in _attach(candidates, merged, anchors, words, holds).items():
        linked.setdefault(f, {}).update(added)
    return _overlaps_merged(merged, linked, own, anchors, events, [bare[u] for u in wording])


def _mostly(phrase: str, key: str) -> bool:
    """Whether ``phrase`` makes up most of a bare key (``MIN_COVER`` of it): the wording says
    the phrase, rather than saying it inside a longer line."""
    return len(phrase) >= MIN_COVER * len(key)


def inside_longer(phrase: str, words: Sequence[str]) -> bool:
    """Whether a wording (its words) says the key ``phrase`` inside a longer line rather
    than mostly saying it (``_mostly``)."""
    return not _mostly(phrase, _bare(words))


def _overlaps_merged(
    families: list[list[int]],
    linked: dict[int, dict[int, str]],
    own: list[set[int]],
    anchors: dict[int, set[str]],
    events: Sequence[int],
    keys: Sequence[str],
) -> Anchored:
    """A family whose own windows another family's anchor took in at least half of its events
    (two at least) is that formulation: the two merge. Only windows the anchor makes up most
    of (``_mostly``; ``keys``: each window's bare key) count as taken: an anchor said inside a
    longer line does not make the line a wording of it, and on the MFA pages such takings
    chained 41 peninsula families into one of 928 windows (坚持维护半岛和平稳定 beside
    中方在“萨德”问题上的立场是明确、一贯的, through anchors such as 解决半岛问题 and
    朝鲜半岛核问题). A window is then a member once, added by a key phrase only when no family
    merged holds it on its own."""
    home = {i: f for f, mine in enumerate(own) for i in mine}
    heard = [{events[i] for i in mine} for mine in own]
    taken: dict[tuple[int, int], set[int]] = {}
    for f, added in linked.items():
        for i in added:
            g = home.get(i)
            if g is not None and g != f and _mostly(added[i], keys[i]):
                taken.setdefault((f, g), set()).add(events[i])
    sets = DisjointSets(len(families))
    for (f, g), said in taken.items():
        if len(heard[g]) > 1 and len(said) >= DOMINANT * len(heard[g]):
            sets.union(f, g)
    at, count = sets.labels()
    members: list[set[int]] = [set() for _ in range(count)]
    mine: list[set[int]] = [set() for _ in range(count)]
    links: dict[int, dict[int, str]] = {}
    phrases: dict[int, set[str]] = {}
    for f, held in enumerate(families):
        n = at[f]
        members[n].update(held)
        mine[n].update(own[f])
        links.setdefault(n, {}).update(linked.get(f, {}))
        phrases.setdefault(n, set()).update(anchors.get(f, ()))
    return Anchored(
        [sorted(m) for m in members],
        {n: {i: p for i, p in ls.items() if i not in mine[n]} for n, ls in links.items()},
        {n: tuple(sorted(ps, key=lambda p: (-len(p), p))) for n, ps in phrases.items() if ps},
    )


def _spread(
    candidates: Sequence[Candidate], words: Wordings, held: dict[int, set[str]], proposed: set[str]
) -> tuple[set[str], set[str], dict[str, int]]:
    """The proposed phrases said in two periods or more; those rare enough to anchor a family
    they do not make up most of; and how many windows of the topic say each (``held``: the
    proposed phrases each wording holds)."""
    if not proposed:
        return set(), set(), {}
    clauses = {(c.period, c.match) for c in candidates if c.hit and c.single}
    common = max(MAX_SHARE * len(clauses), len({c.period for c in candidates}))
    seen: dict[str, set[tuple[str, str]]] = {}
    periods: dict[str, set[str]] = {}
    spread: dict[str, int] = dict.fromkeys(proposed, 0)
    for u, found in held.items():
        # what the wording's windows say, once for all the phrases it holds
        mine = [candidates[i] for i in words.windows(u)]
        said = {c.period for c in mine}
        keyword = {(c.period, c.match) for c in mine if c.hit and c.single}
        for p in found:
            spread[p] += len(mine)
            periods.setdefault(p, set()).update(said)
            if keyword:
                seen.setdefault(p, set()).update(keyword)
    recurring = {p for p in proposed if len(periods.get(p, ())) > 1}
    return recurring, {p for p in recurring if len(seen.get(p, ())) <= common}, spread


def _attach(
    candidates: Sequence[Candidate],
    families: list[list[int]],
    anchors: dict[int, set[str]],
    words: Wordings,
    held: dict[int, set[str]],
) -> dict[int, dict[int, str]]:
    """Every window holding an anchor of a family, added to it unless the family already
    holds one of its clauses (a shorter or longer window over the same words). ``held``:
    the phrases each wording holds, the anchors among them."""
    linked: dict[int, dict[int, str]] = {}
    if not anchors:
        return linked
    owner = {p: f for f, ps in anchors.items() for p in ps}
    taken: dict[int, set[tuple[str, int]]] = {
        f: {k for i in families[f] for k in candidates[i].claims} for f in anchors
    }
    for u, phrases in sorted(held.items()):
        found = phrases & owner.keys()
        if not found:
            continue
        claimed = [(i, candidates[i].claims) for i in words.windows(u)]  # a property: once
        for p in sorted(found, key=lambda p: (-len(p), p)):
            f = owner[p]
            for i, claims in claimed:
                if not taken[f].isdisjoint(claims):
                    continue
                taken[f].update(claims)
                families[f].append(i)
                linked.setdefault(f, {})[i] = p
    return linked
