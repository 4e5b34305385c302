"""The whole official voice: the phrases it repeats, for ``tifa families all`` and
``tifa changes all``, where no topic's keywords say what to read.

A new slogan belongs to no topic yet, so ``all`` reads every sentence of the official voice.
A briefing archive is mostly lines said once, so a formulation here is what the voice
repeats. The rules below say what each one decides and why; ``docs/voice.md`` keeps the
record of what each changed on the real archives (families, occurrences, and the
hand-labelled fragments of ``benchmarks/bench_voice_fragments.py``).

* A phrase is a run of 2..``MAX_WORDS`` jieba words inside one clause (punctuation dropped,
  so “双轨并进”思路 is 双轨并进 思路), of at least ``MIN_CHARS`` characters, with no
  one-character word at either end. It recurs when at least ``MIN_EVENTS`` events say it
  (two editions of one press conference count once), or two that each say it ``REPEATED``
  times or more (``_recurs``): a congress report says a new slogan again and again, and the
  next report again (新时代中国特色社会主义思想, 2017 and 2022), where a briefing says a line
  once. Each occurrence is a window inside its clause (``Candidate.part``): one clause may
  hold two formulations.
* Who is spoken of is no formulation: a phrase all slots as its family's template reads them
  (``slots``: names, numbers, dates, and a party head or an office after a name, 两国领导人,
  习近平主席), names joined by 和, 与, 同 (``slots.who_only``: 中国和美国) or related by a
  preposition (美方对中国, 中方在南海), nor who is named and one short word said of them,
  in wordings none of which holds half the uses (``_saying_more``: 〈叙利亚｜阿富汗｜…〉问题,
  访问〈菲律宾｜俄罗斯｜…〉). Nor is the speaker's aside on their own speaking or on
  the question (``clauses.aside``: 我们多次强调, 你提到的具体情况), nor a phrase that only
  says since when (``clauses.since``: 一段时间以来; 新冠肺炎疫情发生以来 says what happened,
  and stays). The phrase is left out, not its clause: 我们讲一切从实际出发 is an aside, and
  一切从实际出发 a line all the same.
* A recurring phrase is made maximal, so a line is listed whole, not as its fragments
  (发展利益的决心 inside 维护国家主权、安全、发展利益的决心坚定不移): when, in at least
  ``CLOSED`` of its events, the word just before it is one of the ``BRANCHES`` most said of
  the words that make a recurring longer phrase, those longer phrases take its uses; again,
  a word at a time, up to the clause's ends; then the same after it. The uses said with none
  of those words beside them stay with the phrase, when they recur on their own: every
  congress report that says 中华民族伟大复兴 says it after 实现 (42 of its 59 uses), and the
  other 17 are the term itself, not lost to the longer line. Two branches, not more:
  a line said in two wordings (形式/方式) is those two, while a term said after many verbs
  (新冠肺炎疫情 after 抗击, 应对, 防控 …) stays the term. A third word said rarely does not
  hold a line back (财金 in 3 of the 166 events of 各领域务实合作), but then the two must be
  beside it in as many of its uses too: a congress report says a term after many words
  (现代化建设).
* The words growth took in stay, but for a one-character function word at either end (的, 和,
  了, 并), a conjunction that joins items at the start (以及: it links the line to what was
  said before it) and a one-character preposition or adverb at the end (在, 对, 都: it leans
  on a verb outside the phrase); a phrase left shorter than ``MIN_CHARS`` is not listed
  (国际社会 of 以及国际社会). Dropping every one-character word at an edge changed what lines
  say (扩散核武器条约 for 不扩散核武器条约, 针对第三方 for 不针对第三方) and cut frames open
  (经济建设为中心 for 以经济建设为中心). A 的 that ends its clause closes the predicate
  (是…的), not a noun's qualifier, and stays (立场是一贯的、明确的), where enough uses end so
  to recur; fewer stay with the phrase without it.
* A stem is no formulation (``_leaning``): a phrase that, in every use, is followed by more of its
  clause and ends on a word that leans on what follows (a verb, an adverb, a preposition, a word of
  how many times, a party or determiner pointing past it, a name the verb before it governs, the
  object of a preposition it holds (各方通过对话协商 before 解决; 本着相互尊重 before 的原则; 与
  or 同 after an adverb or a predicate's verb, 继续同国际社会 before 一道, is "with"), the
  subject of a clause a verb of it takes for its object (希望有关方面 before 保持克制:
  ``_clausal``, what this archive's voice shows of the verb; who a verb of noticing names,
  注意到特朗普总统 before what was noticed), a noun whose head or joined items
  follow, a noun phrase 任何 opens, the closer of a frame it opens; every word read by its class,
  and a fixed phrase or idiom jieba leaves without one by its head, ``wordclass.head_class``). It
  is the stem of several lines, each said too rarely to recur (美方立即停止, 我们希望美方,
  维护朝鲜半岛, 完善社会主义 before 市场经济体制, 维护多边贸易 before 体制). Before 的 a phrase is
  said whole, to qualify a noun (合作共赢的原则, 诬蔑抹黑中国的言论), unless what it ends on
  qualifies that noun alone (``_attributive``: 保持着密切的沟通) or another use shows the head it
  runs on to (维护地区和全球的和平与繁荣 beside 维护地区和全球和平稳定). A use that ends its clause
  is said whole (不针对第三方), so the phrase stays, unless it ends before a comma on who a verb of
  it addresses or on the subject of such a clause (我们希望有关各方，…: what they are asked
  follows). Every use is read: jieba may cut one text two ways; of ten uses or more, one in ten may
  stray (``STRAYING``: 中方高度重视, said 194 times, ends its clause in 3). What the archive
  itself shows counts too (``_rarely_final``): a word of the dictionary that, in the voice read,
  almost never ends a clause leans on what follows it, whatever its class (重要 in 合作的重要,
  早日 in 半岛核问题早日, 非法 in 边防人员非法); names are not read so, nor nouns, as a subject
  never ends its clause either (中国司法机关), but for one said right after an adverb as verbs are
  (始终致力于, 一贯全面).
* A phrase that, in every use (but one in ten, ``STRAYING``), begins on a noun said right after
  a word that opens a compound (a noun, a name, a determiner, an adjective, a number, 等) and
  then 的 is a tail (``_compound_tail``): it begins on the head of the compound (问题的政治解决
  of 叙利亚问题的…, 领域的务实合作 of 各领域的…), of several lines each too rare to recur.
* A use said right after a negation (不, 没有, 从不 …: ``wordclass.NEGATIONS``) says the
  opposite, so it is never a use of the phrase: it belongs to the negation and the phrase
  together (不附加任何政治条件), which recurs in its own right or is not listed.
* A topic marker (关于, 至于, 对于: ``clauses.TOPIC_MARKERS``) that opens a clause says what
  the answer turns to, as it does for a topic's windows, and no phrase holds it; after an
  opening mark it is a title's first word and stays (《关于中美经贸摩擦的事实与中方立场》).
* A use cut inside a frame, beginning after the word that opens it and holding the word that closes
  it (``clauses.inside_frame``: 在…问题上, 包括…在内, 以…方式, 以…为), is no use: 问题上的立场 of
  中方在叙利亚问题上的立场 is a different issue each time. A phrase that is only a frame
  (``clauses.framed``: 在核裁军问题上) is said beside a line, and is left out.
* A family is one phrase up to its slots (``slots.template``): 向〈塞尔维亚｜柬埔寨〉派遣抗疫
  医疗专家组. No similarity clustering: with no topic, nothing says which near-alike lines are
  one formulation, and an archive's whole voice is too large to compare every pair. Phrases
  nested in one another are separate families (人类卫生健康共同体 and 构建人类卫生健康共同体);
  ``changes`` lists only the most used of those that change together.
* An expression of digits is one word: a date, a range or a number with its unit
  (9月27日至28日, 70周年, 100多个), however jieba cuts it, so no phrase begins or ends inside
  one (27日至28).
* So is a person's name jieba cut in two (``_Names``): jieba reads a name its dictionary
  lacks from its characters, one context at a time, and cuts some apart (孟晚|舟, 杜特|尔特,
  以杜特|尔特). Where two such pieces meet and jieba's character model reads one person's
  name across them, the words are those the model reads (孟晚舟; 以 and 杜特尔特), for the
  phrases and for each occurrence's words, so no phrase begins or ends inside the name
  (尔特总统成功访华, 中方在孟晚).
* A phrase that closes a quote or bracket it does not open (一带一路”建设) takes the opening
  mark before it, and the reverse (``cores.balanced``). A use that still cuts one is a piece
  of a quoted name or slogan, and no use (``_quoted_piece``: 支持“阿人主导 of
  支持“阿人主导、阿人所有”的和平和解进程; 所谓《香港问题 of a report's title).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Mapping
from functools import lru_cache
from heapq import heapify, heappop, heappush
from itertools import accumulate, pairwise
from operator import and_
from typing import Literal, NamedTuple

from tifa.corpus import Corpus, Document
from tifa.corpus.charclass import OPENERS
from tifa.corpus.progress import Progress, Report, Stage
from tifa.corpus.voice import voice_turns
from tifa.tracking.formulations.clauses import (
    FRAMES,
    TOPIC_MARKERS,
    Candidate,
    aside,
    closes_frame,
    ends_frame,
    framed,
    inside_frame,
    noticing,
    sentence_words,
    since,
    span_tokens,
)
from tifa.tracking.formulations.cores import balanced, cuts_marks
from tifa.tracking.formulations.keys import match_key
from tifa.tracking.formulations.namereading import CharacterModel
from tifa.tracking.formulations.slots import (
    CONJUNCTIONS,
    JOINING,
    fixed_words,
    key_words,
    party_head,
    speaker,
    template,
    who_only,
    word_slot,
)
from tifa.tracking.formulations.wordclass import (
    ATTRIBUTIVE,
    PREDICATE_END,
    REFERRING,
    WordClass,
    head_class,
    listed,
    negation,
    word_class,
)
from tifa.tracking.periods import Binning
from tifa.tracking.versions.events import Event

# an expression of digits: numbers with their units, dates, ranges (至, 到) of either
_BLOCK = "[0-9０-９][0-9０-９.%％]*[万亿]?(?:[多余]?(?:周年|[年月日号届个次位])|[多余])?"
_NUMERIC = re.compile(f"{_BLOCK}(?:[至到]?{_BLOCK})*")
_DIGIT = re.compile("[0-9０-９]")
MAX_WORDS = 6
MIN_CHARS = 5
MIN_EVENTS = 3
REPEATED = 3  # uses in each of two events, at least, for a phrase two events say to recur
SHORT = 2  # characters of the one word a family says beside who it names, at most, to drop it
CLOSED = 0.9
# of a phrase's uses, at most, that may not lean for it to be a stem, or begin inside a
# compound for it to be a tail (none under ten uses): one use cut short (a list, a title, a
# typo) or cut another way by jieba does not make a stem said before an object, or a tail said
# after a name, nine times in ten a line
STRAYING = 0.1
RARELY_FINAL = 0.03  # of a word's uses that end a clause, at most, for it to lean
FINAL_EVIDENCE = 20  # uses of a word, at least, before its clause ends are read
_PREDICATE = ("verb", "adverb", "preposition")  # what a clause's predicate begins with
# what opens the predicate of a verb's object said before it (``_object_then_predicate``)
_PREDICATE_OPENS = (*_PREDICATE, "time")
CLAUSAL = 0.4  # of a verb's uses with a clause for its object, at least, to read it so
_WHO_WORDS = 3  # words of who or what a clause object begins with, at most
ADVERBIAL = 0.08  # of a noun's uses after an adverb, at least, for it to be read so too
BRANCHES = 2
_LOOSE_LAST = ("function", "preposition", "adverb")  # classes a phrase's last word is not
# a phrase that ends on one and never ends its clause is a stem: the verb's object, the
# adverb's verb, the preposition's object follow
_LEANING = ("verb", "adverb", "preposition")
_GOVERNING = ("verb", "preposition")  # a name after one is its object, or qualifies it
# what joins names into who is spoken of, beside slots.JOINING (美方对中国, 中方在南海): not
# function words, which may be what a line says (不是第一次; 中国的一部分, 一部分 a number)
_JOINING: tuple[WordClass, ...] = ("preposition",)
_NOMINAL = ("noun", "name")  # one before another: the phrase ends inside a compound
# what may follow a noun that qualifies it, as its head or an item joined to it: jieba's
# adjectives are often nouns here (和平稳定, 和平与稳定), or the predicate (局势高度敏感)
_AFTER_NOUN = ("noun", "name", "adjective")
# what may open an item joined to a noun: also a determiner or a number (两国关系和各领域合作)
_JOINED = (*_AFTER_NOUN, "pronoun", "number")
_After = Literal["head", "item", "的"]  # what follows a noun (``_qualified``)
# what may open a compound whose head begins a phrase (``_compound_tail``): 叙利亚问题, 各领域,
# 重要领域, 三个联合公报; and 等 after a list (经贸、人文等领域)
_OPENING_COMPOUND = ("noun", "name", "pronoun", "adjective", "number")
_LISTED_BEFORE = ("等", "等等")
_RUN_ON = ("，", ",")  # a clause ended by one of these: the sentence goes on
_QUALIFYING_AFTER_VERB = ("verb", "adjective")  # before 的, after a verb: qualify its object
_ANY = "任何"  # opens a noun phrase (jieba: a pronoun) that a phrase may end inside
_NOUN_PHRASE = ("noun", "name", "locative")  # what 任何 opens: 任何外部势力, 任何形式

_Phrase = tuple[int, int, str]  # a phrase of a clause's words: first word, end word, text
# a clause: doc, event, sentence, clause index, its words without punctuation, and where
# each starts and ends in doc.key (start, end, start, end …): plain values, not a tuple per
# word, for the millions of clauses of a dense archive's whole voice
_Clause = tuple[Document, int, int, int, tuple[str, ...], "array[int]"]
_Place = tuple[int, int, int]  # a phrase in a clause: clause number, first word, end word


def voice_candidates(
    corpus: Corpus,
    binning: Binning,
    of_doc: Mapping[str, Event],
    roles: Collection[str] | None = None,
    progress: Report | None = None,
) -> tuple[Candidate, ...]:
    """Every occurrence of a closed recurring phrase in the turns read (see the module
    docstring), in document and reading order; ``progress`` hears of each document read,
    then of the phrases being made maximal."""
    stage = Stage(progress, "finding phrases", len(corpus.documents))
    clauses: list[_Clause] = []
    names = _Names()
    # per phrase, its event, or its events once there are two (up to ``MIN_EVENTS``): most
    # phrases of an archive are said once, and a set for each held gigabytes at 10,000
    # briefings; and the uses beyond the first in an event of a phrase said in fewer than
    # ``MIN_EVENTS``, which may recur by being said again and again (``_recurs``)
    said: dict[str, int | set[int]] = {}
    again: dict[tuple[str, int], int] = {}
    for doc in corpus.documents:
        stage.step()
        if binning.exact(doc.id) is None or doc.year is None:
            continue
        event = of_doc[doc.id].index
        voice = {t.index for t in voice_turns(doc, roles)}
        for sentence in doc.sentences:
            if sentence.turn not in voice:
                continue
            words, bounds = sentence_words(doc, sentence)
            keys = [_key(w) for w in words]
            for clause in doc.clauses_of(sentence):
                first = bisect_left(bounds, clause.start, 0, len(words))
                last = bisect_left(bounds, clause.end, first, len(words))
                mine = names.whole(
                    _atomic(
                        [(keys[n], bounds[n], bounds[n + 1]) for n in range(first, last) if keys[n]]
                    )
                )
                if mine and _frame(mine[0], doc.key):
                    del mine[0]
                said_words = tuple(w for w, _, _ in mine)
                spans = array("i", [x for _, start, end in mine for x in (start, end)])
                clauses.append((doc, event, sentence.index, clause.index, said_words, spans))
                for _, _, text in _phrases(said_words):
                    held = said.get(text)
                    if held is None:
                        said[text] = event
                    elif isinstance(held, set):
                        if len(held) < MIN_EVENTS:
                            if event in held:
                                again[text, event] = again.get((text, event), 0) + 1
                            else:
                                held.add(event)
                    elif held != event:
                        said[text] = {held, event}
                    else:
                        again[text, event] = again.get((text, event), 0) + 1
    recurring = {
        t
        for t, held in said.items()
        if isinstance(held, set)
        and (len(held) >= MIN_EVENTS or all(again.get((t, e), 0) >= REPEATED - 1 for e in held))
    }
    del said, again
    # each clause's recurring phrases, found again rather than kept from the count (kept,
    # every clause's phrases held as much memory as the count itself); a run of words is
    # read only while some recurring phrase begins with it
    heads = {text[:end] for text in recurring for end in range(1, len(text) + 1)}
    places: dict[str, set[_Place]] = {}
    for n, row in enumerate(clauses):
        for first, last, text in _recurring(row[4], recurring, heads):
            places.setdefault(text, set()).add((n, first, last))
    places = {t: found for t, found in places.items() if _recurs(_said(found, clauses))}
    if progress is not None:
        progress(Progress("making phrases whole", len(places), 0))
    out: list[Candidate] = []
    shared = _Shared()
    maximal = _maximal(places, clauses)
    at_hand: tuple[str, int] | None = None  # the sentence whose words are read
    for n, first, last in sorted(p for kept in maximal.values() for p in kept):
        doc, _, n_sentence, n_clause, _, spans = clauses[n]
        if at_hand != (doc.id, n_sentence):  # in reading order: its occurrences come together
            at_hand = (doc.id, n_sentence)
            words, bounds = names.recut(*sentence_words(doc, doc.sentences[n_sentence]))
        start, end = balanced(doc.text, spans[2 * first], spans[2 * last - 1])
        tokens = span_tokens(words, bounds, start, end)
        if who_only(tokens, _JOINING):
            continue  # all slots as a family's template reads them: 〈两国｜中国〉〈领导人｜政府〉
        if _beside(tokens):
            continue  # an aside (我们多次强调), since when (一段时间以来), a frame (在核裁军问题上)
        out.append(_candidate(doc, binning, n_sentence, n_clause, start, end, tokens, shared))
    return _saying_more(out)


def _saying_more(candidates: list[Candidate]) -> tuple[Candidate, ...]:
    """The occurrences but those of a family that names who, when or how many, in wordings of
    which none holds half its uses, and says one short word beside them (``SHORT``):
    〈叙利亚｜朝鲜半岛｜阿富汗〉问题, 〈华盛顿｜马尼拉｜维也纳〉举行, 访问〈菲律宾｜俄罗斯〉 name
    many and say nothing of any. A family said mostly of one stays: jieba tags words of many
    terms names (三边军控谈判, 特区政府依法施政), which a family holds in one or two wordings.
    So does a family with two words beside its slots (〈台湾｜香港〉是中国的一部分)."""
    shapes = [template(key_words(c.tokens)) for c in candidates]
    said: dict[tuple[str, ...], Counter[str]] = {}
    for c, shape in zip(candidates, shapes, strict=True):
        if _one_short_word(shape):
            said.setdefault(shape, Counter())[c.match] += 1
    empty = {shape for shape, n in said.items() if 2 * max(n.values()) < n.total()}
    return tuple(c for c, shape in zip(candidates, shapes, strict=True) if shape not in empty)


@lru_cache(maxsize=1 << 16)
def _one_short_word(shape: tuple[str, ...]) -> bool:
    """Whether a template's fixed words (``slots.template``) are one word of at most
    ``SHORT`` characters."""
    fixed = fixed_words(shape)
    return len(fixed) == 1 and len(fixed[0]) <= SHORT


def _frame(word: tuple[str, int, int], key: str) -> bool:
    """Whether a clause's first word (key, start, end) is a topic marker that opens it
    (``clauses.TOPIC_MARKERS``): 关于中美经贸磋商，… says what the answer turns to, the marker
    is no part of what follows, and it is left out of the clause's words. Not after an
    opening mark, nor inside a clause: 《关于中美经贸摩擦的事实与中方立场》白皮书 and
    印发关于做好不明原因肺炎救治工作的紧急通知 are titles."""
    text, start, _ = word
    return text in TOPIC_MARKERS and (start == 0 or key[start - 1] not in OPENERS)


@lru_cache(maxsize=1 << 16)
def _beside(tokens: tuple[str, ...]) -> bool:
    """Whether a phrase is said beside a line, as for a topic's windows: an aside
    (``clauses.aside``), only since when (``clauses.since``: 一段时间以来, 2018年以来) or only
    a frame (``clauses.framed``: 在核裁军问题上).
    Cached: a phrase's thousands of occurrences mostly say it in the same words (uncached,
    4 % of the MFA pages' whole voice)."""
    return aside(tokens) or since(tokens) or framed(tokens)


class _Shared:
    """One object per distinct text, key, matching key and run of words of the occurrences:
    a recurring phrase is said thousands of times in a dense archive (4.5 million
    occurrences of 40,000 phrases in 10,000 briefings), and a copy of them per occurrence
    held gigabytes; the matching key is computed once per key."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.matches: dict[str, str] = {}
        self.words: dict[tuple[str, ...], tuple[str, ...]] = {}

    def text(self, text: str) -> str:
        return self.texts.setdefault(text, text)

    def match(self, key: str) -> str:
        found = self.matches.get(key)
        if found is None:
            found = self.matches[key] = self.text(match_key(key))
        return found


@lru_cache(maxsize=1 << 18)
def _key(word: str) -> str:
    return match_key(word)


@lru_cache(maxsize=1 << 16)
def _phrases(words: tuple[str, ...]) -> tuple[_Phrase, ...]:
    """Every phrase of a clause's words: (first word, end word, text); cached, as a
    briefing archive repeats its clauses."""
    slot = list(map(_is_slot, words))
    found = []
    for k in range(len(words)):
        if len(words[k]) == 1:
            continue
        text = words[k]
        only = slot[k]  # made only of slots so far
        for e in range(k + 1, min(k + MAX_WORDS, len(words))):
            text += words[e]
            only = only and slot[e]
            if len(words[e]) > 1 and len(text) >= MIN_CHARS and not only:
                found.append((k, e + 1, text))
    return tuple(found)


def _atomic(mine: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A clause's words (key, start, end) with the words that one expression of digits spans
    merged into one: a date, a range or a number with its unit (9月27日至28日, 70周年, 2375号)
    is never cut by a phrase's edge. jieba cuts such expressions into pieces and glues a
    piece to what follows (27 日至 28 日; 1 日起), and phrases began or ended inside them:
    27日至28 in 204 uses of the MFA sample, 日至15日对中国进行 in 69, 周年为契机 in 41."""
    text = "".join(key for key, _, _ in mine)
    if not _DIGIT.search(text):
        return mine
    ends = list(accumulate((len(key) for key, _, _ in mine), initial=0))[1:]
    out: list[tuple[str, int, int]] = []
    at = 0  # the next word to place
    for m in _NUMERIC.finditer(text):
        first = bisect_right(ends, m.start())  # the word holding the expression's first char
        last = bisect_left(ends, m.end())  # and its last
        if first < at:  # it begins in the word the expression before it ended in
            if last < at:
                continue
            merged = [out.pop(), *mine[at : last + 1]]
        else:
            out.extend(mine[at:first])
            merged = mine[first : last + 1]
        out.append(("".join(k for k, _, _ in merged), merged[0][1], merged[-1][2]))
        at = last + 1
    out.extend(mine[at:])
    return out


class _Names:
    """A name jieba cut in two is one word to the phrases: no phrase begins or ends inside
    it (尔特总统成功访华 of 杜特|尔特总统成功访华, in 4 uses on the MFA pages; 中方在孟晚 of
    中方在孟晚|舟…, in 9). Two words said one after the other are read again as jieba's
    character model reads them together (孟晚舟; 以 and 杜特尔特) when each is a name or a
    word of ideographs jieba's dictionary lacks (``wordclass.listed``), one at least the
    latter, neither an office, and the model reads one person's name across them
    (``namereading.CharacterModel.rejoined``). The model is loaded at the first such pair,
    each pair asked once, and the model dropped with this object."""

    def __init__(self) -> None:
        self.model: CharacterModel | None = None
        self.said: dict[tuple[str, str], tuple[str, ...] | None] = {}

    def whole(self, mine: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """A clause's words (key, start, end), each name jieba cut in two made whole; the
        words themselves when no two that may be pieces of a name meet (most clauses)."""
        parts = [_name_part(w) for w, _, _ in mine]
        if not any(map(and_, parts, parts[1:])):
            return mine
        out: list[tuple[str, int, int]] = []
        for word in mine:
            words = self._rejoined(out[-1], word) if out else None
            if words is None:
                out.append(word)
                continue
            at = out.pop()[1]
            for w in words:
                out.append((w, at, at + len(w)))
                at += len(w)
        return out

    def recut(self, words: tuple[str, ...], bounds: list[int]) -> tuple[tuple[str, ...], list[int]]:
        """A sentence's words and their offsets (``clauses.sentence_words``) made whole as
        ``whole`` makes a clause's, so that an occurrence's words are those its phrase was
        found in (马杜罗总统 of 同马|杜罗总统 is a name and an office, no line)."""
        made = self.whole([(w, bounds[n], bounds[n + 1]) for n, w in enumerate(words)])
        said = tuple(w for w, _, _ in made)
        if said == words:
            return words, bounds
        return said, [start for _, start, _ in made] + [bounds[-1]]

    def _rejoined(
        self, left: tuple[str, int, int], right: tuple[str, int, int]
    ) -> tuple[str, ...] | None:
        a, b = left[0], right[0]
        if left[2] != right[1] or not (_name_part(a) and _name_part(b)):
            return None
        if listed(a) and listed(b):
            return None
        if (a, b) not in self.said:
            if self.model is None:
                self.model = CharacterModel.load()
            self.said[a, b] = self.model.rejoined(a, b)
        return self.said[a, b]


@lru_cache(maxsize=1 << 16)
def _name_part(word: str) -> bool:
    """Whether a word may be a piece of a name jieba cut: ideographs, a name to its
    dictionary or a word it lacks, and no office or party head (顾问 is a name to the
    dictionary, 顾问博纳 one name to the model). Not any one character: the model reads
    和|霸凌 and 祝|大家 as names too."""
    return (
        word.isalpha()
        and not word.isascii()
        and not party_head(word)
        and (word_class(word) == "name" or not listed(word))
    )


def _recurring(words: tuple[str, ...], recurring: set[str], heads: set[str]) -> list[_Phrase]:
    """The phrases of ``_phrases(words)`` in ``recurring``, in its order; a run from a word
    is read only while some recurring phrase begins with it (``heads``: every prefix of
    each), so most words of a clause are passed at their first look."""
    found = []
    for k in range(len(words)):
        text = words[k]
        if len(text) == 1 or text not in heads:
            continue
        only = _is_slot(text)  # made only of slots so far
        for e in range(k + 1, min(k + MAX_WORDS, len(words))):
            text += words[e]
            if text not in heads:
                break
            only = only and _is_slot(words[e])
            if len(words[e]) > 1 and len(text) >= MIN_CHARS and not only and text in recurring:
                found.append((k, e + 1, text))
    return found


@lru_cache(maxsize=1 << 18)
def _is_slot(word: str) -> bool:
    """Whether a word (or an expression of digits made one word) fills a slot."""
    return word_slot(word) is not None or _NUMERIC.fullmatch(word) is not None


def _maximal(places: dict[str, set[_Place]], clauses: list[_Clause]) -> dict[str, set[_Place]]:
    """The recurring phrases made maximal (see the module docstring), with their places but
    those cut inside a frame (a phrase left with too few is not listed).
    Phrases are taken shortest first, so every way to one longer phrase is merged before it
    is judged."""
    pending = dict(places)
    queue = [(len(text), text) for text in pending]
    heapify(queue)
    closed: list[tuple[str, set[_Place]]] = []

    def add(longer: str, kept: set[_Place]) -> None:
        if longer not in pending:
            pending[longer] = set()
            heappush(queue, (len(longer), longer))
        pending[longer].update(kept)

    while queue:
        _, text = heappop(queue)
        sides = _Sides(pending.pop(text), clauses)
        for word, kept in sides.negated.items():  # said after a negation: the opposite
            if _recurs(_said(kept, clauses)):
                add(word + text, kept)
        if sides.negated and not _recurs(sides.events):
            continue
        grown = _grown(text, sides, clauses)
        if grown is None:
            closed.append((text, sides.kept))
            continue
        longer_ones, left = grown
        for longer, kept in longer_ones.items():
            add(longer, kept)
        if left and _recurs(_said(left, clauses)):
            closed.append((text, left))
    out: dict[str, set[_Place]] = {}
    closing: dict[str, list[tuple[str, _Place]]] = {}  # uses that end their clause on 的
    for text, found in closed:
        _trimmed(text, found, clauses, out, closing)
    for whole, uses in closing.items():
        kept = {(n, start, end + 1) for _, (n, start, end) in uses}
        if _recurs(_said(kept, clauses)):
            out.setdefault(whole, set()).update(kept)
        else:  # said so too rarely to recur: the uses stay with the phrase without it
            for said, place in uses:
                out.setdefault(said, set()).add(place)
    listed: dict[str, set[_Place]] = {}
    rarely_final = _rarely_final(clauses)
    verbs = _verbs(clauses)
    for text, found in out.items():
        if len(text) < MIN_CHARS:
            continue  # its edges trimmed, a term too short to find (国际社会 of 以及国际社会)
        if any(closer in text for closers in FRAMES.values() for closer in closers):
            found = {p for p in found if not inside_frame(clauses[p[0]][4], p[1], p[2])}
            if not _recurs(_said(found, clauses)):
                continue  # recurs only inside a frame: 问题上的立场, 在内的各国
        pieces = {p for p in found if _quoted_piece(p, clauses)}
        if pieces:
            found = found - pieces
            if not _recurs(_said(found, clauses)):
                continue  # recurs only as a piece of quoted names: 支持“阿人主导
        if not _leaning(found, clauses, rarely_final, verbs) and not _compound_tail(found, clauses):
            listed[text] = found
    return listed


def _compound_tail(found: set[_Place], clauses: list[_Clause]) -> bool:
    """Whether, in every use (but one in ten, ``STRAYING``), a phrase begins on a noun that
    heads a compound the word before it opens, and says whose is what follows it with 的:
    问题的政治解决 of 半岛问题的政治解决 and 叙利亚问题的…, 领域的务实合作 of 各领域的… and
    重要领域的…, the tail of several lines, each too rare to recur. The word before is of the
    same clause (``_OPENING_COMPOUND``, or 等 after a list), not an item of a list (、) nor
    behind a mark (“…”问题的); a verb before the noun governs it instead (维护国家的…)."""
    allowed = int(STRAYING * len(found))
    for n, first, end in found:
        if not _tail_use(clauses[n], first, end):
            allowed -= 1
            if allowed < 0:
                return False
    return True


def _tail_use(clause: _Clause, first: int, end: int) -> bool:
    """Whether one use of a phrase begins on the head of a compound before 的
    (``_compound_tail``)."""
    mine, spans = clause[4:]
    if first == 0 or end - first < 3 or mine[first + 1] not in ATTRIBUTIVE:
        return False
    before = mine[first - 1]
    if head_class(mine[first]) not in _NOMINAL or not (
        head_class(before) in _OPENING_COMPOUND or before in _LISTED_BEFORE
    ):
        return False
    return spans[2 * first - 1] == spans[2 * first]  # no mark or 、 between


def _quoted_piece(place: _Place, clauses: list[_Clause]) -> bool:
    """Whether a use, with the marks just outside it that close the ones it opens
    (``cores.balanced``), still opens a quote or bracket it does not close, or the reverse: a
    piece of a quoted name or slogan (支持“阿人主导 of 支持“阿人主导、阿人所有”的和平和解进程)."""
    n, first, last = place
    doc, spans = clauses[n][0], clauses[n][5]
    start, end = balanced(doc.text, spans[2 * first], spans[2 * last - 1])
    return cuts_marks(doc.text[start:end])


def _rarely_final(clauses: list[_Clause]) -> frozenset[str]:
    """The words that, in this archive's voice, almost never end a clause: at most
    ``RARELY_FINAL`` of at least ``FINAL_EVIDENCE`` uses. Such a word leans on what follows
    it whatever jieba's dictionary calls it (早日 a time, 非法 no class, 只有 a function word,
    重要 an adjective said before its noun). Names are not read so, nor most nouns: a subject
    (中国司法机关, 日本军国主义) never ends its clause either, its predicate following. A noun
    is read so when an adverb comes right before it in at least ``ADVERBIAL`` of its uses,
    as adverbs do before verbs and not before subjects (一贯全面, 始终致力于, 严格依法: nouns
    to jieba).
    Nor are words of one character, or words the dictionary lacks, mostly names (孔铉佑,
    卫健委)."""
    total: Counter[str] = Counter()
    final: Counter[str] = Counter()
    for row in clauses:
        words = row[4]
        total.update(words)
        if words:
            final[words[-1]] += 1
    rare = {
        w: head_class(w)
        for w, uses in total.items()
        if uses >= FINAL_EVIDENCE and final[w] <= RARELY_FINAL * uses and len(w) > 1 and listed(w)
    }
    nouns = {w for w, kind in rare.items() if kind == "noun"}
    after_adverb: Counter[str] = Counter()
    for row in clauses:
        words = row[4]
        if not nouns.isdisjoint(words):  # most clauses hold none: passed at C speed
            after_adverb.update(
                w for v, w in pairwise(words) if w in nouns and head_class(v) == "adverb"
            )
    return frozenset(
        w
        for w, kind in rare.items()
        if kind not in _NOMINAL or after_adverb[w] >= ADVERBIAL * total[w]
    )


class _Verbs(NamedTuple):
    """What this archive's voice shows of its verbs (``_verbs``)."""

    clausal: frozenset[str]  # often take a clause for their object: 希望, 敦促
    predicative: frozenset[str]  # said as a predicate's verb, after adverbs: 推动, not 驻华


def _verbs(clauses: list[_Clause]) -> _Verbs:
    """The verbs that, in this archive's voice, often take a clause for their object: said at least
    ``FINAL_EVIDENCE`` times, in at least ``CLAUSAL`` of those uses followed by who or what (nouns,
    names, parties, pronouns, determiners: at most ``_WHO_WORDS``) and then a verb, an adverb or a
    preposition, that clause's predicate (希望有关方面保持克制, 敦促美方停止, 呼吁国际社会在…),
    and in at least ``ADVERBIAL`` right after an adverb, as the verb of a predicate is (也希望,
    强烈敦促). A verb of two or three characters: one of four is an adverb and a verb jieba keeps
    whole (严格执行), read from its head, and such a reading counted the verb that qualifies a noun
    for the predicate (严格执行安理会涉朝决议). A verb that qualifies the noun after it is never so
    (驻华 in 美国驻华使馆表示, 涉事 in 涉事中国公民). A phrase that ends on the subject of such a
    verb's clause, with more of its own clause following, is a stem (``_pivot``). And the verbs
    said as a predicate's verb: at least ``FINAL_EVIDENCE`` times, in at least ``ADVERBIAL``
    right after an adverb (``_object_then_predicate``)."""
    total: Counter[str] = Counter()
    clausal: Counter[str] = Counter()
    after_adverb: Counter[str] = Counter()
    for row in clauses:
        words = row[4]
        for k, w in enumerate(words):
            if not 1 < len(w) < 4 or _verb_class(w) != "verb":
                continue
            total[w] += 1
            if k and head_class(words[k - 1]) == "adverb":
                after_adverb[w] += 1
            e = k + 1
            while e < len(words) and e - k <= _WHO_WORDS and _who_word(words[e]):
                e += 1
            if k + 1 < e < len(words) and head_class(words[e]) in _PREDICATE:
                clausal[w] += 1
    predicative = frozenset(
        w
        for w, n in after_adverb.items()
        if total[w] >= FINAL_EVIDENCE and n >= ADVERBIAL * total[w]
    )
    return _Verbs(
        frozenset(w for w in predicative if clausal[w] >= CLAUSAL * total[w]), predicative
    )


@lru_cache(maxsize=1 << 16)
def _verb_class(word: str) -> WordClass | None:
    """A dictionary word's class, read by its head; None for a word jieba's dictionary lacks
    (mostly names)."""
    return head_class(word) if listed(word) else None


@lru_cache(maxsize=1 << 16)
def _who_word(word: str) -> bool:
    """A word of who or what a verb's clause object is about: a name, a party, a pronoun, a
    determiner, or a noun of at most three characters (one of four is often a verb and its
    object jieba keeps whole: 纠正错误, 尊重事实)."""
    kind = head_class(word)
    return kind == "name" or (kind == "noun" and len(word) < 4) or _points_past(word)


def _pivot(words: tuple[str, ...], first: int, end: int, verbs: _Verbs) -> bool:
    """Whether a phrase ends on the subject of a clause that a verb of it takes for its
    object (希望有关方面 before 保持克制), or on who is noticed (``clauses.NOTICING``:
    注意到特朗普总统 before 多次表示…, 的讲话 or 宣布参选: what is noticed follows). Who is
    read word by word (``_who_word``) and, for names with their offices and times, as
    ``slots`` reads them (日本首相安倍晋三, 近日)."""
    k = end - 1
    while k > first and _who_word(words[k]):
        k -= 1
    k = next((j - 1 for j in range(first + 1, k + 1) if who_only(words[j:end], _JOINING)), k)
    if k == end - 1:
        return False
    # the verb of noticing one word, or two that jieba cut (注意|到) ending at k
    return (
        words[k] in verbs.clausal
        or noticing(words, k) == 1
        or (k > first and noticing(words, k - 1) == 2)
    )


def _object_then_predicate(
    clause: _Clause, first: int, end: int, predicative: frozenset[str]
) -> bool:
    """Whether a phrase ends on a noun or name right after a verb of it said as a predicate's
    verb (``_verbs``), and a predicate follows with no mark between, opened by an adverb, a
    verb, a preposition or a time word: the verb's object is the subject of that predicate
    (推动两国关系 before 不断向前发展, 推动半岛核问题 before 取得新的进展, 通过政治外交方式解决,
    早日回到…), which the line goes on to say. Not after a verb that qualifies the noun
    (驻华外交官 before 依法履职), nor before the next of listed predicates
    (流行性疾病不分国界、不分种族)."""
    words, spans = clause[4], clause[5]
    return (
        end - first >= 2
        and words[end - 2] in predicative
        and head_class(words[end]) in _PREDICATE_OPENS
        and spans[2 * end - 1] == spans[2 * end]
    )


def _leaning(
    found: set[_Place],
    clauses: list[_Clause],
    rarely_final: frozenset[str],
    verbs: _Verbs,
) -> bool:
    """Whether, in every use (but one in ten, ``STRAYING``), more of its clause follows a
    phrase and the phrase ends on a word that leans on it. Such a phrase is a stem of several
    lines, not one. Every word is read by its class, and one jieba leaves without a class, a
    fixed phrase or an idiom, by its head (``wordclass.head_class``: 维护多边贸易 before 体制
    ends on a noun, 中方积极参与 on a verb; 半岛和地区 is followed by one, 和平稳定). It leans on
    what follows when it ends on:

    * a verb, an adverb or a preposition (the verb's object, the adverb's verb, the
      preposition's object follow); a word of how many times, 多次, leans as an adverb does
      (``_how_often``);
    * the closer of a frame the phrase opens (中方在克什米尔问题上: its line follows);
    * a name right after a verb or a preposition (香港是中国, 维护朝鲜半岛, 美方对中国: the
      object's head or what is said of it follows);
    * a noun or name that qualifies what follows (``_qualified``): a noun, a name or an
      adjective right after it (完善社会主义 before 市场经济体制: the head follows;
      当前半岛局势 before 敏感复杂: the predicate), or items 和 or 与 join to it (地区的和平
      before 与稳定, 两国关系 before 和各领域合作: it ends inside the coordination); or 的 and a
      noun, when another use
      shows the head (维护地区和全球的和平与繁荣) or the name governed (我们希望美国政府的政策
      beside 我们希望美国政府能够);
    * a noun phrase 任何 opens (``_any_of``: 反对任何国家 before 干涉);
    * the object of a preposition it holds after its first word (各方通过对话协商 before 解决:
      the verb the preposition's phrase qualifies follows), or, before 的, a preposition's
      object that runs on to the noun after 的 (本着相互尊重 before 的原则: ``_prepositional``);
    * a word that points past the phrase, before 的 too (``_points_past``);
    * a word this archive's voice almost never ends a clause with (``rarely_final``);
    * the subject of a clause that a verb of the phrase takes for its object (``_pivot``:
      希望有关方面 before 保持克制; the verbs that do so, ``clausal``, are what the archive
      shows);
    * the object of a verb the voice says as a predicate's, when the object's own predicate
      follows (``_object_then_predicate``: 推动半岛核问题 before 取得新的进展); a use before
      的 and a noun then leans too (为推动半岛核问题的妥善解决: the object runs on);
    * at a comma, who a verb of the phrase addresses (``_addressed``: 我们希望有关各方，…),
      or the subject of such a clause: the rest of the sentence is what they are asked.

    Before 的 or 之, the phrase is otherwise said whole, to qualify a noun: 诬蔑抹黑中国的言论.
    But an adverb there, or a verb or adjective after a verb, qualifies that noun alone
    (保持着密切的沟通, 回答过类似的问题, 发挥了重要的作用: ``_attributive``), unless the 的 ends
    the clause. A name after other words may be a whole subject, its predicate following
    (以习近平同志为核心的党中央). Every use is read: jieba may cut one text two ways."""
    headed = qualifying = False  # a noun's head said, or a name governed; 的 and a noun after
    n, _, end = min(found)  # its first use
    # a stem's verb, adverb or preposition: a noun or name is said whole more often
    allowed = int(STRAYING * len(found)) if head_class(clauses[n][4][end - 1]) in _LEANING else 0
    for n, first, end in found:
        leans, head, qualifies = _use_leans(clauses[n], first, end, rarely_final, verbs)
        if not leans:
            allowed -= 1
            if allowed < 0:
                return False
        headed, qualifying = headed or head, qualifying or qualifies
    return headed or not qualifying


def _use_leans(
    clause: _Clause, first: int, end: int, rarely_final: frozenset[str], verbs: _Verbs
) -> tuple[bool, bool, bool]:
    """Whether one use of a phrase (``clause``'s words ``first`` to ``end``) leans on what
    follows (``_leaning``), and whether it says a noun's head or governs a name, or has 的
    and a noun after it."""
    mine = clause[4]
    if end == len(mine):
        # 我们希望有关各方，在…: who is addressed, the hope after the comma; 中方愿与各方一道，
        # 共同…: the frame, what it frames after the comma
        addressed = (
            _addressed(mine, first, end)
            or _pivot(mine, first, end, verbs)
            or ends_frame(mine[first:end])
        )
        return addressed and _runs_on(clause), False, False
    last = mine[end - 1]
    if _points_past(last) or ends_frame(mine[first:end]):
        return True, False, False
    kind = head_class(last)
    if _pivot(mine, first, end, verbs):
        return True, False, False  # 希望有关方面 before 保持克制: what they are asked follows
    if _prepositional(mine, first, end, verbs.predicative):
        # its object governed, as a name after a preposition is: 各方通过对话协商 before 解决,
        # 本着相互尊重 before 的原则
        return True, True, False
    if kind in _NOMINAL:
        after = _qualified(clause, end)
        if after is not None:
            return True, after == "head", after == "的"
        if _object_then_predicate(clause, first, end, verbs.predicative):
            # 推动两国关系 before 不断向前发展; the object runs on, before 的 in other uses too
            return True, True, False
    if mine[end] in PREDICATE_END and _predicates_listed(clause, end):
        return True, False, False  # 立场是一贯的、明确的: the line goes on past its 的
    if mine[end] in ATTRIBUTIVE and (
        end + 1 == len(mine) or not _attributive(clause, first, end, kind)
    ):
        return False, False, False
    if _any_of(mine[first:end]):
        return True, False, False
    if kind == "name":
        governed = end - first >= 2 and head_class(mine[end - 2]) in _GOVERNING
        return governed, governed, False
    leaning = kind in _LEANING or _how_often(last, kind) or last in rarely_final
    return leaning, False, False


def _prepositional(
    words: tuple[str, ...], first: int, end: int, predicative: frozenset[str]
) -> bool:
    """Whether a phrase followed by more of its clause ends inside a preposition's phrase:

    * without 的 after it, on the object of a preposition it holds after its first word
      (各方通过对话协商, 重回通过对话, 中方对中韩之间): the verb the preposition's phrase
      qualifies follows. A phrase the preposition opens is said whole (通过对话协商, the means,
      a notion of its own; 以规则为基础 and 以人权为借口 close the frame 以…为 they open);
    * before 的 and more, inside a preposition's object that runs on to the noun after 的: when
      the phrase opens with the preposition, whatever it says after it (本着相互尊重 before
      的原则, 根据我掌握 before 的情况, 按照两国元首确定 before 的…), or when it ends on the
      object of one it holds (中方愿本着相互尊重). Not 与 or 同, which join nouns (同中方的合作),
      nor a frame the phrase closes, said whole before 的 (以联合国为核心 before 的国际体系,
      以和平方式解决: ``clauses.FRAMES``).

    A 的 that ends the clause leaves the phrase to the rules for 的."""
    opener = words[first]
    opens = head_class(opener) == "preposition"
    if end < len(words) and words[end] in ATTRIBUTIVE:
        if end + 1 == len(words):
            return False
        if opens and opener not in JOINING:
            return not closes_frame(opener, words[first + 1 : end])
    elif opens:
        return False
    return _object_of(words, first, end, predicative)


def _object_of(words: tuple[str, ...], first: int, end: int, predicative: frozenset[str]) -> bool:
    """Whether ``words[first:end]`` ends on the object of a preposition it holds: no verb,
    adverb or 的 after the preposition (a 的 there makes the object qualify a noun the phrase
    ends on: 以习近平同志为核心的党中央). Not 与 or 同 between nouns, which join them
    (对话与合作), but after an adverb or a predicate's verb (``_with``); not a one-character
    preposition after a one-character name, jieba's cut of two names (推动巴|以和平进程), nor
    before one character, jieba's cut of one word (长期向|好);
    not the closer of a frame the phrase opens with (the 为 of 以联合国为核心: after a verb,
    维护以规则为基础, the frame qualifies that verb's object and the phrase leans), nor a
    preposition whose frame the phrase closes (以和平方式: ``clauses.FRAMES``)."""
    for k in range(end - 1, first - 1, -1):
        word = words[k]
        kind = head_class(word)
        if kind == "preposition":
            rest = words[k + 1 : end]
            return not (
                len("".join(rest)) < 2
                or (word in JOINING and not (k > first and _with(words[k - 1], predicative)))
                or (k > first and _paired(words[k - 1], word))
                or word in FRAMES.get(words[first], ())
                or closes_frame(word, rest)
            )
        if kind in _LEANING or word in ATTRIBUTIVE:
            return False
    return False


def _with(before: str, predicative: frozenset[str]) -> bool:
    """Whether 与 or 同 after this word is the preposition "with", as after an adverb
    (将同国际社会 before 一道, 愿与) or a verb the archive says as a predicate's verb
    (``_verbs``: 继续同国际社会 before 加强合作, 期待同习近平主席), not the conjunction that
    joins two nouns (对话与合作, and 互信与合作, whose 互信 jieba tags a verb)."""
    return head_class(before) == "adverb" or before in predicative


def _paired(before: str, word: str) -> bool:
    """Whether two one-character words, a name and a preposition, are jieba's cut of two names
    (巴|以 of 巴以和平进程)."""
    return len(before) == len(word) == 1 and head_class(before) == "name"


def _qualified(clause: _Clause, end: int) -> _After | None:
    """What follows a phrase that ends on a noun or name before word ``end`` of its clause
    (more of the clause follows: ``_leaning`` asks only then):
    "head" when a noun, a name or an adjective does (the phrase ends inside a compound:
    完善社会主义 before 市场经济体制; or before its predicate: 当前半岛局势 before 敏感复杂), or
    items that 和, 与, 及, 以及 or 或 join to it, each opened by a noun, a name, an adjective, a
    determiner or a number (it ends inside a coordination, whatever follows it:
    维护地区和全球和平稳定, 地区的和平与稳定, 两国关系和各领域合作); "item" when a noun
    follows after 、 (the next item of a list: 毛泽东军事思想、邓小平新时期军队建设思想); "的"
    when 的 and more do (it may qualify the noun after 的, or say what that noun is of); else
    None. A noun said right after 的 may head a noun phrase of its own, and 和 after it join
    another that qualifies its own head (世界和平的建设者、全球发展的贡献者和国际秩序的维护者):
    parallel noun phrases, None."""
    doc, _, _, _, words, spans = clause
    k = end
    while k + 1 < len(words) and words[k] in CONJUNCTIONS and head_class(words[k + 1]) in _JOINED:
        k += 2
    if k > end:
        after_de = end >= 2 and words[end - 2] in ATTRIBUTIVE
        parallel = after_de and k + 1 < len(words) and words[k + 1] in ATTRIBUTIVE
        return None if parallel else "head"
    if head_class(words[k]) in _AFTER_NOUN:
        return "item" if "、" in doc.key[spans[2 * k - 1] : spans[2 * k]] else "head"
    if words[k] in ATTRIBUTIVE and k + 1 < len(words):
        return "的"
    return None


def _attributive(clause: _Clause, first: int, end: int, kind: WordClass | None) -> bool:
    """Whether a phrase's last word, said before 的 and more, qualifies only the noun after 的,
    not together with the rest of the phrase: an adverb (保持着密切的沟通: jieba's adjectives
    said as adverbs), or a verb or adjective after a verb of the phrase (回答过类似的问题,
    进行了深入的交流, 发挥了重要的作用: the first verb's object is that noun). Not in a list
    (外防输入、内防反弹的策略, 相互尊重、平等相待、合作共赢的原则): its items are said whole, and
    qualify the noun together."""
    if kind == "adverb":
        return True
    doc, _, _, _, mine, spans = clause
    return (
        kind in _QUALIFYING_AFTER_VERB
        and any(head_class(w) == "verb" for w in mine[first : end - 1])
        and "、" not in doc.key[spans[2 * first] : spans[2 * end - 1]]
    )


def _predicates_listed(clause: _Clause, k: int) -> bool:
    """Whether the 的 that is word ``k`` closes the first of predicates a list says, not a
    qualifier of the noun after it: 、 or a conjunction follows it, and more of the clause
    (立场是一贯的、明确的, 立场是一贯的和明确的, 是开放的、包容的)."""
    doc, _, _, _, words, spans = clause
    if k + 1 == len(words):
        return False
    return words[k + 1] in CONJUNCTIONS or "、" in doc.key[spans[2 * k + 1] : spans[2 * k + 2]]


def _any_of(words: tuple[str, ...]) -> bool:
    """Whether words end on a noun phrase that 任何 (any) opens: 反对任何国家, 不容任何外部势力,
    停止以任何形式. Followed by more of its clause, it is the subject of what follows or an
    object not said in full (反对任何国家干涉中国内政, 以任何形式干预), so the phrase leans."""
    if _ANY not in words[:-1]:
        return False
    k = len(words) - 1 - words[::-1].index(_ANY)
    return all(head_class(w) in _NOUN_PHRASE for w in words[k + 1 :])


def _how_often(word: str, kind: str | None) -> bool:
    """Whether a word says how many times (多次, 两次, 首次: jieba's numbers ending in 次, the
    measure of an action): said before the verb it counts, it leans on it as an adverb does
    (我们已经多次, 中方已多次)."""
    return kind == "number" and word.endswith("次")


def _addressed(words: tuple[str, ...], first: int, end: int) -> bool:
    """Whether a phrase ends on who a verb of it addresses: a party or pronoun of two
    characters or more, with the determiners before it, right after a verb (希望有关各方,
    奉劝美方). One character may be a piece jieba cut off a word (负责|任)."""
    k = end - 1
    while k > first and _points_past(words[k]):
        k -= 1
    return k < end - 1 and len(words[end - 1]) > 1 and head_class(words[k]) == "verb"


def _runs_on(clause: _Clause) -> bool:
    """Whether the sentence goes on after the clause: a comma, not a sentence's end."""
    doc, spans = clause[0], clause[5]
    return doc.key[spans[-1] : spans[-1] + 1] in _RUN_ON


@lru_cache(maxsize=1 << 16)
def _points_past(word: str) -> bool:
    """Whether a word points past the phrase it ends to what is said of it: a pronoun or a
    party (我们希望美方, 坚决反对任何, 中方愿同各方: ``slots.speaker``) or a ``REFERRING``
    determiner (注意到有关, and 注意到有关的报道: the reports are what is noted)."""
    return speaker(word) or word in REFERRING


class _Sides:
    """A phrase's places read once: those said right after a negation
    (``wordclass.NEGATIONS``), by the negation and taken with it; and the others
    (``kept``), with their events and the words just before and after them."""

    def __init__(self, found: set[_Place], clauses: list[_Clause]) -> None:
        self.negated: dict[str, set[_Place]] = {}
        # per event, its uses (plain dicts: read for every phrase of a dense archive's voice)
        self.events: dict[int, int] = {}
        self.before: dict[str, dict[int, int]] = {}
        self.after: dict[str, dict[int, int]] = {}
        events, before, after = self.events, self.before, self.after
        for n, first, last in found:
            row = clauses[n]
            event, mine = row[1], row[4]
            if first > 0:
                word = mine[first - 1]
                if negation(word):
                    self.negated.setdefault(word, set()).add((n, first - 1, last))
                    continue
                said = before.get(word)
                if said is None:
                    said = before[word] = {}
                said[event] = said.get(event, 0) + 1
            events[event] = events.get(event, 0) + 1
            if last < len(mine):
                said = after.get(mine[last])
                if said is None:
                    said = after[mine[last]] = {}
                said[event] = said.get(event, 0) + 1
        self.kept = found
        if self.negated:
            taken = {(n, first + 1, last) for by in self.negated.values() for n, first, last in by}
            self.kept = found - taken


def _said(found: set[_Place], clauses: list[_Clause]) -> Counter[int]:
    """The events that say a phrase at these places, with its uses in each."""
    return Counter(clauses[n][1] for n, _, _ in found)


def _recurs(said: Mapping[int, int]) -> bool:
    """Whether a phrase said so recurs: in ``MIN_EVENTS`` events, or in two that each say it
    ``REPEATED`` times or more (a congress report says a new slogan many times, and the next
    one again: 新时代中国特色社会主义思想)."""
    if len(said) >= MIN_EVENTS:
        return True
    return len(said) == 2 and min(said.values()) >= REPEATED


def _grown(
    text: str, sides: _Sides, clauses: list[_Clause]
) -> tuple[dict[str, set[_Place]], set[_Place]] | None:
    """The phrases one word longer before it, else one word longer after it, that recur,
    with their places (the ``kept`` of its ``sides``), and the places said with none of those
    words on that side, when the ``BRANCHES`` most said of them on that side hold at least
    ``CLOSED`` of the phrase's events (and of its uses, when there are more); else None (the
    phrase is closed on both sides)."""
    events, before, after = sides.events, sides.before, sides.after
    for side, by_word in ((-1, before), (1, after)):
        recur = sorted(
            (w for w, said in by_word.items() if _recurs(said)),
            key=lambda w: (-len(by_word[w]), w),
        )
        if not recur:
            continue
        if len(set().union(*(by_word[w] for w in recur[:BRANCHES]))) < CLOSED * len(events):
            continue
        if len(recur) > BRANCHES and not _mostly(recur[:BRANCHES], side, sides.kept, clauses):
            continue
        out: dict[str, set[_Place]] = {}
        left: set[_Place] = set()
        for n, first, last in sides.kept:
            mine = clauses[n][4]
            k = first - 1 if side < 0 else last
            if 0 <= k < len(mine) and mine[k] in recur:
                word = mine[k]
                longer = word + text if side < 0 else text + word
                out.setdefault(longer, set()).add((n, min(first, k), max(last, k + 1)))
            else:
                left.add((n, first, last))
        return out, left
    return None


def _mostly(words: list[str], side: int, found: set[_Place], clauses: list[_Clause]) -> bool:
    """Whether at least ``CLOSED`` of a phrase's uses have one of ``words`` beside them on
    ``side``: by uses, as one event may say a term after many words (现代化建设 in a congress
    report)."""
    said = sum(
        0 <= (k := first - 1 if side < 0 else last) < len(clauses[n][4])
        and clauses[n][4][k] in words
        for n, first, last in found
    )
    return said >= CLOSED * len(found)


def _trimmed(
    text: str,
    found: set[_Place],
    clauses: list[_Clause],
    out: dict[str, set[_Place]],
    closing: dict[str, list[tuple[str, _Place]]],
) -> None:
    """The places of the maximal phrase ``text`` without the one-character function words at
    their ends, nor a conjunction that joins items at their start (以及), nor a one-character
    preposition or adverb at their end (a phrase found by
    ``_phrases`` has no one-character word at either end, so some of each place is always
    left), added to ``out``. A use that ends its clause on 的, or stops right before the 的
    that ends it, goes to ``closing`` with that 的: the 的 stays when the uses that end so,
    over every maximal phrase, are said in at least ``MIN_EVENTS`` events (``_maximal``), as
    it closes what the line says (立场是一贯的, beside 立场是一贯和明确的), where one before
    more words qualifies them."""
    for n, first, last in found:
        mine = clauses[n][4]
        start, end = first, last
        while head_class(mine[start]) == "function" and (
            len(mine[start]) == 1 or mine[start] in CONJUNCTIONS
        ):
            start += 1
        while len(mine[end - 1]) == 1 and head_class(mine[end - 1]) in _LOOSE_LAST:
            end -= 1
        said = text if (start, end) == (first, last) else "".join(mine[start:end])
        if end < last == len(mine) and mine[last - 1] in PREDICATE_END:
            closing.setdefault("".join(mine[start:last]), []).append((said, (n, start, end)))
        elif end == last == len(mine) - 1 and mine[last] in PREDICATE_END:
            # the phrase stops before the 的 that ends this use's clause, where other uses
            # go on otherwise (立场是一贯 of 立场是一贯的 beside 立场是一贯和明确的)
            closing.setdefault("".join(mine[start : last + 1]), []).append((said, (n, start, end)))
        else:
            out.setdefault(said, set()).add((n, start, end))


def _candidate(
    doc: Document,
    binning: Binning,
    sentence: int,
    clause: int,
    start: int,
    end: int,
    tokens: tuple[str, ...],
    shared: _Shared,
) -> Candidate:
    period = binning.exact(doc.id)
    assert period is not None and period.key is not None and doc.year is not None
    turn = doc.turns[doc.sentences[sentence].turn]
    key = shared.text(doc.key[start:end])
    return Candidate(
        doc=doc.id,
        year=doc.year,
        period=period.key,
        turn=turn.index,
        speaker=turn.speaker,
        sentence=sentence,
        first_clause=clause,
        last_clause=clause + 1,
        start=start,
        end=end,
        text=shared.text(doc.text[start:end]),
        key=key,
        match=shared.match(key),
        tokens=shared.words.setdefault(tokens, tokens),
        hit=True,
        part=True,
    )
