"""Cores: the part of each member's window that says the family's formulation.

A member is a window of one to three clauses, so a briefing's "我们敦促美方恪守一个中国原则和
中美三个联合公报规定，慎重妥善处理涉台问题，以免损害中美关系和台海和平稳定" is one member of the
family of 恪守一个中国原则和中美三个联合公报规定 and, whole, a wording of its own: on the 1,000
MFA pages the first Taiwan family had 171 variants for 137 uses, most made by the clauses
next to the formulation. Variants (``tracking.formulations.variants``) are grouped on each
member's cut instead; the member keeps its whole window and offsets. Decisions:

* The **core** is the stretch of the family's most used wording that most uses say: each
  character of it that at least ``SHARED`` (half) of the family's uses (events, weighted by
  wording) match in a rapidfuzz Levenshtein alignment, a name, number or date that a use fills
  otherwise counting as matched (``slots.said_up_to_slots``: 香港事务纯属中国内政 and
  新疆事务纯属中国内政 are one line, whose core is not the fragment 事务纯属中国内政); from
  the first such character to the last, widened to whole words. Who asks whom is left out
  (``_past_asking``: 我们敦促美方, 中方希望有关各方): the line is what is asked, and the uses
  that say it with another request, or none, say the same line, so the Taiwan line's core
  is 恪守一个中国原则和中美三个联合公报 however many of its uses say 我们敦促美方. A core
  shorter than ``MIN_CORE`` characters is no core: the most used wording is.
* A member's **cut** is, first, the run of its whole clauses most like the core (one
  ``process.cdist`` over every run of every wording), then, inside it, the stretch a
  Levenshtein alignment with the core covers (from the first to the last core character
  matched or replaced: a different verb at the edge, 违反 for 恪守, is a different wording;
  as tight as an alignment as good allows, not from a character of the core found again
  further off: 在40多年前就在一个中国原则基础上 for 在一个中国原则基础上),
  widened to whole jieba words, without punctuation at either end (but quotes and brackets
  that open or close there: “双暂停” keeps its marks) nor a one-character word the core
  does not match (的 aligned with 按照 at an edge; but a 的 that ends the clause closes its
  predicate, and stays: 中方的立场是一贯的、明确的, not …明确), and with the preposition or negation
  just before it in the run (``wordclass``): it governs the cut, and without it a cut said
  the opposite (与台湾方面进行任何形式的官方往来 of 不与…, 拿出过任何证据 of 从未…) or
  turned who does what around (“台独”分裂势力发出了严重错误信号 of 向“台独”…; 两国人民带来
  了实实在在的好处 of 给…), and a cut that begins with a preposition keeps the locative
  that closes its frame (在半岛问题上). On the 1,000 MFA pages 491 of the topics' 22,754
  members' cuts took one in. When the alignment matches less than ``SHARED`` of the core,
  the clause run is the cut: a member that a key phrase or a chain of links brought in says
  something else, and keeps its own wording; so is it when the cut, before its governing
  word, is under ``MOST`` of the run.
* A cut is a verbatim stretch of the member's text (offsets into it): traceable to the
  source as the member is.
* Whether a core is said at all (``astray``, ``side_by_side``) is read on the longest common
  subsequence, not an alignment's equal runs: a line said with its parts in another order
  still says the core. ``families._parts`` parts the members that say another line.
* A family whose wordings are one wording up to slots (the whole voice's families, made by
  ``slots.template``) is not cut.
* Each distinct wording is aligned once, against one core: linear in the wordings, never
  pairwise among them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate
from typing import cast

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from tifa.corpus.charclass import CLAUSE_DELIMITERS, CLOSERS, OPENERS
from tifa.tracking.formulations.keys import match_key
from tifa.tracking.formulations.similarity import common
from tifa.tracking.formulations.slots import key_words, said_up_to_slots, speaker, template
from tifa.tracking.formulations.wordclass import PREDICATE_END, negation, word_class

SHARED = 0.5  # share of uses (for the core) or of the core (for a cut) that must match
MIN_CORE = 4
# verbs of request (urge, hope, call on): who asks whom frames the line asked for
# (``_past_asking``); ``clauses.ASKING`` is the verbs of asking a question
REQUESTING = frozenset({"敦促", "希望", "要求", "呼吁", "奉劝", "促请", "吁请", "强烈敦促"})
MOST = 2 / 3  # share of a clause run a cut inside it must keep
POOL = 200  # most used wordings that decide the core

_MARKS = re.compile(f"[{re.escape(OPENERS + CLOSERS)}]")
_DELIMITERS = re.compile(f"[{re.escape(CLAUSE_DELIMITERS)}]")
Cut = tuple[int, int]  # [start, end) into a member's text
Op = tuple[str, int, int, int, int]  # an opcode: tag, source start and end, target start and end


def cuts(tokens: Sequence[tuple[str, ...]], events: Sequence[int]) -> list[Cut]:
    """Per member (its words, which tile its text, and its event), the cut that says the
    family's core (see the module docstring)."""
    wordings, counts = _ranked(tokens, events)
    if _one_template(wordings):
        return [(0, sum(map(len, t))) for t in tokens]  # one wording up to slots: no cut
    found = _cut_all(wordings, _core(tuple(wordings[:POOL]), tuple(counts[:POOL])))
    return [found[t] for t in tokens]


def core_of(tokens: Sequence[tuple[str, ...]], events: Sequence[int]) -> str:
    """The core of a family's members (their words and events)."""
    wordings, counts = _ranked(tokens, events)
    return _core(tuple(wordings[:POOL]), tuple(counts[:POOL]))


def _ranked(
    tokens: Sequence[tuple[str, ...]], events: Sequence[int]
) -> tuple[list[tuple[str, ...]], list[int]]:
    """The members' wordings, the most used first, and how many events use each."""
    said: dict[tuple[str, ...], set[int]] = {}
    for t, e in zip(tokens, events, strict=True):
        said.setdefault(t, set()).add(e)
    wordings = sorted(said, key=lambda t: -len(said[t]))
    return wordings, [len(said[w]) for w in wordings]


def astray(tokens: Sequence[tuple[str, ...]], core: str) -> list[bool]:
    """Per member (its words), whether the core hardly matches its window: no run of its
    clauses has ``SHARED`` of the core's characters in common with it, in order (a longest
    common subsequence: a line said with its parts in another order, 停止美台军事联系和售台武器
    for 停止售台武器和美台军事联系, still matches)."""
    wordings = list(dict.fromkeys(tokens))
    _, says, at = _saying(["".join(w) for w in wordings], [core])
    far = {w: not says[0, at[n] : at[n + 1]].any() for n, w in enumerate(wordings)}
    return [far[t] for t in tokens]


def side_by_side(tokens: Sequence[tuple[str, ...]], core: str, other: str) -> bool:
    """Whether some member's window (of ``tokens``, each member's words) says ``core`` in
    one run of its clauses and ``other`` in a run apart from it, each as ``astray`` reads a
    match."""
    texts = [t for t in map("".join, dict.fromkeys(tokens)) if _DELIMITERS.search(t)]
    if not texts:
        return False
    spans, says, at = _saying(texts, [core, other])
    for n, runs in enumerate(spans):
        one, two = says[0, at[n] : at[n + 1]], says[1, at[n] : at[n + 1]]
        for x, (a, b) in enumerate(runs):
            if one[x] and any(two[y] and (c >= b or d <= a) for y, (c, d) in enumerate(runs)):
                return True
    return False


def _saying(
    texts: Sequence[str], lines: Sequence[str]
) -> tuple[list[list[Cut]], np.ndarray, list[int]]:
    """Every run of each text's clauses (``_runs``), and per line and run (the runs of all the
    texts one after another, those of text n from ``at[n]`` to ``at[n + 1]``) whether the run
    has ``SHARED`` of the line's characters in common with it, in order: their longest common
    subsequence, from the Indel distance of one ``process.cdist``."""
    spans = [_runs(t) for t in texts]
    keys = [match_key(t[a:b]) for t, runs in zip(texts, spans, strict=True) for a, b in runs]
    apart = process.cdist(lines, keys, scorer=Indel.distance, dtype=np.int32)
    size = np.array([len(line) for line in lines])[:, None]
    shared = common(apart, size, np.array([len(k) for k in keys])[None, :])
    return spans, shared >= SHARED * size, list(accumulate(map(len, spans), initial=0))


def _one_template(wordings: Sequence[tuple[str, ...]]) -> bool:
    """Whether the wordings are one wording up to slots (read until the first that is not:
    most families' second wording already differs)."""
    first = template(key_words(wordings[0]))
    return all(template(key_words(w)) == first for w in wordings[1:])


@lru_cache(maxsize=1 << 12)
def _core(wordings: tuple[tuple[str, ...], ...], weights: tuple[int, ...]) -> str:
    """The stretch of the most used wording that at least ``SHARED`` of the uses match;
    cached: a family not parted (``families._parts``) asks again when it is cut."""
    top = wordings[0]
    text = "".join(top)
    delta = [0] * (len(text) + 1)  # where each use's matched stretches start and end
    for words, weight in zip(wordings, weights, strict=True):
        for start, end in _said(top, words):
            delta[start] += weight
            delta[end] -= weight
    covered = np.cumsum(delta[:-1])
    held = np.flatnonzero(covered >= SHARED * sum(weights))
    if not len(held):
        return match_key(text)
    bounds = list(accumulate(map(len, top), initial=0))
    first = bisect_right(bounds, int(held[0])) - 1
    last = bisect_left(bounds, int(held[-1]) + 1)
    lo, hi = bounds[_past_asking(top, first, last)], bounds[last]
    core = match_key(text[lo:hi])
    return core if len(core) >= MIN_CORE else match_key(text)


def _past_asking(words: tuple[str, ...], first: int, last: int) -> int:
    """Where the core begins once who asks whom is left out: a stretch that opens with who
    speaks, a verb of request (``REQUESTING``) and who is asked (我们敦促美方, 中方希望有关各方)
    frames the request, and the request is the line (恪守一个中国原则…), whoever asks it of
    whom; each member's window keeps both. Who is asked ends at a word that is no party,
    pronoun or name: 有关各方 keeps 有关, which says which parties."""
    k = first
    while k < last and speaker(words[k]):
        k += 1
    if k == last or words[k] not in REQUESTING:
        return first
    k += 1
    while k < last and (speaker(words[k]) or word_class(words[k]) == "name"):
        k += 1
    return k if k < last else first


@lru_cache(maxsize=1 << 16)
def _said(top: tuple[str, ...], words: tuple[str, ...]) -> list[Cut]:
    """``slots.said_up_to_slots``, cached: a wording meets the same most used wording in
    every topic that holds both."""
    return said_up_to_slots(top, words)


@lru_cache(maxsize=1 << 16)
def _opcodes(a: str, b: str) -> tuple[Op, ...]:
    """Levenshtein opcodes as tuples, cached: the same wordings meet the same cores in
    every topic that holds them."""
    # a list of plain tuples, as documented (the stubs say Opcode objects)
    return tuple(cast(list[Op], Levenshtein.opcodes(a, b).as_list()))


def _runs(text: str) -> list[Cut]:
    """Every run of whole clauses of a window's text, each without its closing mark."""
    ends = [m.start() for m in _DELIMITERS.finditer(text)]
    starts = [0, *(i + 1 for i in ends)]
    stops = [*ends, len(text)]
    return [(a, b) for n, a in enumerate(starts) for b in stops[n:] if b > a]


def _cut_all(wordings: Sequence[tuple[str, ...]], core: str) -> dict[tuple[str, ...], Cut]:
    texts = ["".join(w) for w in wordings]
    runs = [_runs(t) for t in texts]
    flat = [match_key(t[a:b]) for t, rs in zip(texts, runs, strict=True) for a, b in rs]
    score = process.cdist([core], flat, scorer=Indel.normalized_similarity, dtype=np.float32)[0]
    out: dict[tuple[str, ...], Cut] = {}
    at = 0
    for words, text, rs in zip(wordings, texts, runs, strict=True):
        mine = score[at : at + len(rs)]
        at += len(rs)
        # the most alike run; on a tie the shortest, then the first
        best = max(range(len(rs)), key=lambda n: (mine[n], rs[n][0] - rs[n][1], -n))
        out[words] = _inside(words, text, rs[best], core)
    return out


def _inside(words: tuple[str, ...], text: str, run: Cut, core: str) -> Cut:
    """The stretch of ``run`` the core aligns with, in whole words (the run itself when the
    core hardly matches)."""
    a, b = run
    same = _same(core, text, a, b)
    if sum(end - start for start, end in same) < SHARED * len(core):
        lo, hi = a, b
    else:
        lo, hi = _tightest(core, text, a, b)
        same = _same(core, text, lo, hi)
    bounds = list(accumulate(map(len, words), initial=0))
    first, last = bisect_right(bounds, lo) - 1, bisect_left(bounds, hi)

    def loose(k: int, keep: str) -> bool:
        """Punctuation (but a quote or bracket that opens or closes the cut), or a word of
        one character the core does not match (的 aligned with 按照 at the edge)."""
        key = match_key(words[k])
        if not key:
            return words[k][:1] not in keep
        return len(key) == 1 and not any(start <= bounds[k] < end for start, end in same)

    while first < last and loose(first, OPENERS):
        first += 1
    while last > first and loose(last - 1, CLOSERS):
        last -= 1
    if last == first:
        return run
    if _closes_predicate(words, last, bounds, b):
        last += 1
    cut = balanced(text, bounds[first], bounds[last])  # keeps the marks of “双暂停”
    kept = len(match_key(text[cut[0] : cut[1]]))
    # the core must be the clause's main part: a short key phrase inside a longer line
    # (共建“一带一路” in 推动共建“一带一路”高质量发展) does not make the line a wording of it
    if kept < MOST * len(match_key(text[a:b])):
        return run
    while first > 0 and bounds[first - 1] >= a and _governs(words[first - 1]):
        first -= 1
    # a preposition and the locative that closes its frame: 在半岛问题上, not 在半岛问题
    if word_class(match_key(words[first])) == "preposition":
        while last < len(words) and bounds[last + 1] <= b and _closes(words[last]):
            last += 1
    return balanced(text, bounds[first], bounds[last])


def _closes_predicate(words: tuple[str, ...], end: int, bounds: list[int], b: int) -> bool:
    """Whether word ``end`` is a 的 that ends the run's clause: it closes the predicate
    (中方的立场是一贯的、明确的), and a cut that stops before it says no sentence."""
    return end < len(words) and words[end] in PREDICATE_END and bounds[end + 1] == b


def _same(core: str, text: str, a: int, b: int) -> list[Cut]:
    """Where the core's characters are in ``text[a:b]``: the equal runs of an alignment."""
    return [(a + o[3], a + o[4]) for o in _opcodes(core, text[a:b]) if o[0] == "equal"]


def _tightest(core: str, text: str, a: int, b: int) -> Cut:
    """The stretch of ``text[a:b]`` from the first to the last character an alignment with
    the core matches or replaces, as tight as any alignment as good makes it. Alignments
    tie: a character of the core found again further off matches there as cheaply (the
    在 of 早在40多年前就在一个中国原则基础上 for the core 在一个中国原则基础上). One alignment
    places each match as early as it can, so its end is tight; the same alignment of the
    two strings reversed places them as late as it can, so its start is; the stretch between
    is taken when it is as close to the core as the first."""
    lo, hi = _aligned(_opcodes(core, text[a:b]))
    lo, hi = a + lo, a + hi
    late = _aligned(_opcodes(core[::-1], text[lo:hi][::-1]))
    start = hi - late[1]
    if start > lo and Levenshtein.distance(core, text[start:hi]) <= Levenshtein.distance(
        core, text[lo:hi]
    ):
        return start, hi
    return lo, hi


def _aligned(ops: Sequence[Op]) -> Cut:
    """From the first to the last target character an alignment matches or replaces."""
    aligned = [o for o in ops if o[0] != "insert" and o[4] > o[3]]
    return aligned[0][3], aligned[-1][4]


def _governs(word: str) -> bool:
    """A preposition or a negation: the word before a cut that belongs to it."""
    key = match_key(word)
    return word_class(key) == "preposition" or negation(key)


def _closes(word: str) -> bool:
    """A locative: the word after a cut that closes the frame its preposition opens."""
    return word_class(match_key(word)) == "locative"


def balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened over the quote or bracket marks just outside it that close
    the ones it opens, or open the ones it closes (一带一路”建设 → “一带一路”建设)."""
    if not _MARKS.search(text, start, end):
        return start, end
    inside = text[start:end]
    opened = sum(ch in OPENERS for ch in inside) - sum(ch in CLOSERS for ch in inside)
    while opened > 0 and end < len(text) and text[end] in CLOSERS:
        end, opened = end + 1, opened - 1
    while opened < 0 and start > 0 and text[start - 1] in OPENERS:
        start, opened = start - 1, opened + 1
    return start, end


def cuts_marks(text: str) -> bool:
    """Whether a text opens a quote or bracket it does not close, or closes one it does not
    open (each closer must close the mark opened last: 《条约” closes nothing it opened): it is
    cut from inside a quoted name or slogan (支持“阿人主导 of 支持“阿人主导、阿人所有”的
    和平和解进程; 所谓《香港问题 of a report's title)."""
    if not _MARKS.search(text):
        return False
    opened: list[str] = []  # the closers awaited, innermost last
    for ch in text:
        if ch in OPENERS:
            opened.append(CLOSERS[OPENERS.index(ch)])
        elif ch in CLOSERS and (not opened or opened.pop() != ch):
            return True
    return bool(opened)


def cut_words(words: tuple[str, ...], cut: Cut) -> tuple[str, ...]:
    """The words of a cut (a cut's ends fall between words, but for punctuation stripped
    from a word that holds more)."""
    bounds = list(accumulate(map(len, words), initial=0))
    first = bisect_right(bounds, cut[0]) - 1
    last = bisect_left(bounds, cut[1])
    return words[first:last]
