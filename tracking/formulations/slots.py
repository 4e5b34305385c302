"""Slots: the places where one occasion's wording of a formulation differs from another's.

"我们要求美方切实恪守一个中国原则" and "我们要求荷方切实恪守一个中国原则" are one wording said to
two addressees; "倡议提出三年多来" and "倡议提出十年多来" one wording on two anniversaries. A
variant of a formulation (``tracking.formulations.variants``) is its wording up to such slots.

Decisions (general rules, never a list of the names seen in one archive; what each changed
on the real archives is recorded in ``docs/voice.md``):

* A slot is a run of jieba words of one kind: ``who`` (a name of a person, place or
  organisation per jieba's dictionary, an abbreviation such as 欧盟, a pronoun that stands
  for people, sides or countries such as 我们, 自己, 彼此, 各国, a party named by one
  character and 方: 美方, 荷方, 双方), ``number`` (numerals, digits, 多,
  首次) or ``date`` (a time word such as 今年, or digits and numerals ending in 年, 月, 日,
  号). After a ``who`` word, a head that makes it a party (政府, 当局, 方面, 领导人, 人士,
  官员) or an office (主席, 总统, 总理, 外长, 发言人 …) belongs to the slot: 新加坡政府 and
  特朗普总统 fill the same place as 美方; after a number, a unit
  (个, 次, 多, 周年 …) is part of the number, and 年, 月, 日, 号 make it a date.
* So does an office said before a name, a title (``_office``: an office or a word ending in
  one, 财政部长): 外交部长王毅, 国务委员杨洁篪 and 外交部副部长郑泽光 are who is spoken of, as
  王毅外长 is. An office jieba cuts into several words is read whole (副 cut from it,
  外交部副|部长; 国家|主席习近平 and 国家|副|主席王岐山, ``OFFICES`` holding 国家主席). Not any
  noun before an office: jieba calls 会见 and 任命 nouns, and 会见总统杜特尔特 says what is
  done. The offices are the titles officials are named by, heads of party and state to
  consuls (总书记, 主任, 总干事, 司长, 外相, 防长, 总领事 …), not the names of one archive.
* jieba's pronouns are demonstratives, interrogatives and quantifiers too (这样, 这个, 此次,
  如何, 之一, 一切, 任何, 其他): those that stand for no people, side or country are what is
  said, not who (``_PERSONAL``: read as who, 这样的表态 was one line with 美方的表态), and
  those that say how many fill a number's slot (``QUANTIFIERS``: 反对〈一切｜任何〉形式).
* Two fillers of a number or date slot say the same beside their numerals (``_counted``):
  2019年 and 今年, 两名 and 一个, 首届 and 第二届 fill one slot; 70周年 (an anniversary) and
  70年来 (the years since), or 一部分 and 一贯 (numbers to jieba: 中国的一部分 took in
  中国的一贯立场), do not.
* Beside an office, before or after it, a word of two to six ideographs that jieba's
  dictionary gives no class, nor its head, or lacks and that ends on a name (梅德韦杰夫,
  read whole by ``recurrent``: ``_unknown``), is a name: the dictionary lacks most of the
  officials a briefing names (王毅国务委员, 发言人华春莹, 文在寅总统). So is such a word
  beside a name that is beside an office: jieba cuts a name it lacks in two at times, and
  tags the half it knows a name (杜特|尔特总统). 兼 joins two offices as 和 joins two names
  (王毅国务委员兼外长: ``JOINING``).
* Two wordings are one variant when every place they differ is a slot of the same kind on
  both sides: the edits come from rapidfuzz opcodes on the punctuation-free keys, and each
  edited run is widened to the jieba words it touches on either side (美/荷 → 美方/荷方). A
  slot is a replacement: a name said on one side and left out on the other is a different
  wording (我们要求美方 / 我们要求).
* ``template`` is the quick way to the same answer: the words with every slot run replaced by
  its kind, so that most variants are grouped by a dictionary key; ``slot_edits`` decides the
  rest (jieba may cut two wordings differently around a name).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import accumulate
from typing import Literal

from rapidfuzz.distance import Levenshtein, Opcode

from tifa.tracking.formulations.keys import match_key
from tifa.tracking.formulations.wordclass import WordClass, head_class, listed, word_class

SlotKind = Literal["who", "number", "date"]
# an office after a name: 特朗普总统 fills the place of 美方, 习近平主席 of 中方
OFFICES = frozenset(
    {"主席", "总统", "总理", "首相", "国王", "议长", "委员长", "国务卿", "外长", "外交部长"}
    | {"部长", "秘书长", "大使", "特使", "发言人", "副主席", "副总统", "副总理", "国务委员", "顾问"}
    | {"总书记", "书记", "主任", "总干事", "司长", "局长", "省长", "市长", "州长", "外相", "防长"}
    | {"总领事", "参赞"}
    | {"国家主席", "国家副主席"}  # which jieba cuts: 国家|主席, 国家|副|主席
)
PARTY_HEADS = frozenset({"政府", "当局", "方面", "领导人", "人士", "官员"}) | OFFICES
TITLE_PREFIXES = frozenset({"副"})  # one character jieba cuts from an office: 副|部长
# the words an office of two or more jieba words begins with (副 of 副|部长, 国家 of 国家|主席)
_TITLE_HEADS = frozenset(
    o[: -len(tail)] for o in OFFICES for tail in OFFICES if len(tail) < len(o) and o.endswith(tail)
)
DATE_UNITS = frozenset({"年", "月", "日", "号", "年底", "年初", "月底", "月初"})
NUMBER_UNITS = frozenset({"个", "次", "多", "余", "位", "周年", "%", "％"})
MAX_NAME = 6  # characters of a name jieba's dictionary lacks (拉夫罗夫, 格奥尔基耶娃), at most
# words a slot beside them takes in, besides party heads (``party_head``)
_TAKEN = DATE_UNITS | NUMBER_UNITS | _TITLE_HEADS
_PARTY = re.compile(r"^[\u4e00-\u9fff]方$")
# a pronoun that stands for people, sides or countries: a personal one (我们, 他们, 自己,
# 彼此) or one ending on a person, side or country (各国, 别国, 各方, 各位, 大家, 各自);
# jieba's pronouns are demonstratives, interrogatives and quantifiers too (这样, 此次, 如何,
# 之一, 一切, 任何, 其他), which are what is said, not who
_PERSONAL = re.compile("^[我你您他她它咱自彼]|[国方人位家自]$")
# jieba's pronouns that say how many or how much: a number's slot (反对〈一切｜任何〉形式)
QUANTIFIERS = frozenset({"一切", "任何", "各种", "某些", "有些", "一些", "所有"})
_NUMERAL = "0-9零〇○一二三四五六七八九十百千万亿两"
_NUMBER = re.compile(rf"^(?:[{_NUMERAL}.%％]+(?:多|余|个|次|位|周年)?|多|首次)$")
_NUMERALS = re.compile(f"[{_NUMERAL}０-９首]")
# what ``_counted`` leaves out beside the numerals: ordinals, and the units of one character
# that count or date (个, 位, 次, 年, 月 …; 名 counts people); 周年 says more, and stays
_COUNTING = re.compile(
    "[{}]".format(
        _NUMERAL
        + "０-９.第首名"
        + "".join(sorted(u for u in NUMBER_UNITS | DATE_UNITS if len(u) == 1))
    )
)
_DATE = re.compile(rf"^[{_NUMERAL}]+(?:年|月|日|号)(?:[{_NUMERAL}]+(?:月|日|号))*$")


@cache
def word_slot(word: str) -> SlotKind | None:
    """The kind of slot a word can fill, or None (cached: an archive's words repeat)."""
    if _DATE.match(word):
        return "date"
    if _NUMBER.match(word):
        return "number"
    if _PARTY.match(word):
        return "who"
    kind = word_class(word)
    if kind == "name" or (kind == "pronoun" and _PERSONAL.search(word)):
        return "who"
    if kind == "pronoun" and word in QUANTIFIERS:
        return "number"
    if kind == "time":
        return "date"
    if kind == "number":
        return "number"
    return None


@lru_cache(maxsize=1 << 18)
def _kinds(words: tuple[str, ...]) -> tuple[SlotKind | None, ...]:
    """Each word's slot kind, party heads after a ``who`` word and titles before one counting
    as ``who`` (cached, as ``key_words`` and ``template`` are: a family's members say a few
    wordings many times, and one window is read by every topic that holds its sentence)."""
    if not words:  # joining words alone, set aside by ``who_only``
        return ()
    kinds = list(map(word_slot, words))
    for n, w in enumerate(words):  # a name jieba's dictionary lacks, beside its office
        if kinds[n] is None and _by_office(words, kinds, n) and _unknown(w):
            kinds[n] = "who"
    last: SlotKind | None = None
    for n, (w, kind, after) in enumerate(zip(words, kinds, (*words[1:], ""), strict=True)):
        if last is not None:  # a head or a unit reads the word before it
            if kind is None and party_head(w) and last == "who":
                kind = kinds[n] = "who"
            elif kind is None and w in TITLE_PREFIXES and last == "who" and _office(after):
                kind = kinds[n] = "who"  # 外交部副|部长
            elif w in DATE_UNITS and last in ("number", "date"):
                kind = kinds[n] = "date"
            elif kind is None and w in NUMBER_UNITS and last == "number":
                kind = kinds[n] = "number"
        last = kind
    for n in range(len(words) - 2, -1, -1):  # a title before a name: 国务委员杨洁篪
        if kinds[n] is None and kinds[n + 1] == "who" and _office(words[n]):
            kinds[n] = "who"
            k, title = n, words[n]  # and the words jieba cut from it: 副|部长, 国家|副|主席
            while (
                k
                and kinds[k - 1] is None
                and (words[k - 1] in TITLE_PREFIXES or words[k - 1] + title in OFFICES)
            ):
                k -= 1
                title = words[k] + title
                kinds[k] = "who"
    return tuple(kinds)


@cache
def _office(word: str) -> bool:
    """Whether a word is an office (``OFFICES``) or ends with one: 财政部长, 国防部长."""
    return word in OFFICES or any(word.endswith(o) for o in OFFICES if len(o) < len(word))


def party_head(word: str) -> bool:
    """Whether a word makes the name before it a party or an office holder (``PARTY_HEADS``
    or an office, ``_office``): no piece of a name (``recurrent``)."""
    return word in PARTY_HEADS or _office(word)


def _by_office(words: tuple[str, ...], kinds: list[SlotKind | None], n: int) -> bool:
    """Whether word ``n`` is an office, or is said beside one, or beside a name said beside
    one: jieba cuts a name its dictionary lacks in two at times, and gives the half it knows
    a name's tag (杜特|尔特总统: 尔特 is a name to it, 杜特 nothing)."""
    if words[n] in OFFICES:  # one the dictionary gives no class: 发言人 (a fixed phrase)
        return True
    for step in (-1, 1):
        k = n + step
        if 0 <= k < len(words) and kinds[k] == "who" and word_class(words[k]) == "name":
            k += step
        if 0 <= k < len(words) and words[k] in OFFICES:
            return True
    return False


def _unknown(word: str) -> bool:
    """Whether a word is ideographs jieba's dictionary gives no class, itself or by its head
    (``wordclass.head_class``), or ideographs it lacks that end on a name (梅德韦杰夫, which
    jieba cut 梅德韦|杰夫 and ``recurrent`` reads whole): said beside an office (王毅国务委员,
    发言人华春莹, 梅德韦杰夫总理), a name."""
    if not (2 <= len(word) <= MAX_NAME and word.isalpha()):
        return False
    kind = head_class(word)
    return kind is None or (kind == "name" and not listed(word))


@lru_cache(maxsize=1 << 18)
def key_words(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A window's words without punctuation (they tile its punctuation-free key)."""
    return tuple(filter(None, map(match_key, tokens)))


SLOT = "\x00"  # begins a slot in a template (``template``), before its kind


@lru_cache(maxsize=1 << 18)
def template(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words with each run of slot words replaced by its kind (numbers and dates are one
    kind here, as ``slot_edits`` reads 3 年 against 三年), a run of numbers with what it
    counts beside the numbers (``_counted``)."""
    out: list[str] = []
    run: list[str] = []  # the words of the run of numbers and dates being read
    last: SlotKind | None = None
    for w, kind in zip(words, _kinds(words), strict=True):
        if run and kind not in ("number", "date"):
            out.append(f"{SLOT}number{_counted(tuple(run))}")
            run = []
        if kind is None:
            out.append(w)
        elif kind == "who":
            if last != "who":
                out.append(f"{SLOT}who")
        else:
            run.append(w)
        last = kind
    if run:
        out.append(f"{SLOT}number{_counted(tuple(run))}")
    return tuple(out)


def fixed_words(shape: tuple[str, ...]) -> tuple[str, ...]:
    """A template's words that no slot fills."""
    return tuple(w for w in shape if not w.startswith(SLOT))


@cache
def _counted(filler: tuple[str, ...]) -> str:
    """What a number or date says beside how many or when, for a filler (its words) with
    numerals in it: its characters but for the numerals, the ordinals (第, 首), the units
    that count (个, 名, 位, 次, 多, 余) and those of the calendar (年, 月, 日, 号); "" for
    the others. Two fillers of one slot say the same of it: 70周年 (an anniversary) and
    70年来 (the years since) do not, nor 一部分 and 一贯 (jieba's numbers both:
    台湾是中国的一部分 and 中国的一贯立场 were one line), while 2019年 and 今年, 两名 and 一个,
    第二届 and 首届, 一切 and 任何 do."""
    said = "".join(w for w in filler if w not in QUANTIFIERS)  # 一切 is no 一 and 切
    if not _NUMERALS.search(said):
        return ""
    return _COUNTING.sub("", said)


def fixed_chars(words: tuple[str, ...]) -> str:
    """The characters of the words that are no slot: two wordings differing by slots alone
    keep each other's fixed characters in order (``slot_edits`` widens every edit to words
    that are all slots), so a wording whose fixed characters are not a subsequence of the
    other's text cannot be the same variant."""
    return "".join(w for w, kind in zip(words, _kinds(words), strict=True) if kind is None)


def names_only(words: tuple[str, ...]) -> bool:
    """Whether the words are all slots (``fixed_chars`` is empty): 特朗普总统, 习近平主席. Told
    at the first word that can be no slot nor the head or unit of one, most often the first."""
    for w in words:
        if (
            w[:1].isalnum()
            and word_slot(w) is None
            and w not in _TAKEN
            and not party_head(w)
            and not _unknown(w)
        ):
            return False
    return not fixed_chars(key_words(words))


# the conjunctions that join the items of a list of nouns (中国和美国, 和平与稳定)
CONJUNCTIONS = frozenset({"和", "与", "及", "以及", "或"})
# words that join names into a list of who is spoken of, or bracket them (同: 习近平主席同
# 特朗普总统; 兼: 国务委员兼外长; 包括…在内, a verb and a locative to jieba)
JOINING = CONJUNCTIONS | {"同", "兼", "包括", "在内"}


@lru_cache(maxsize=1 << 16)
def who_only(words: tuple[str, ...], joining: tuple[WordClass, ...]) -> bool:
    """Whether the words are only who is spoken of: names, parties, offices, dates and
    numbers (``names_only``) joined or bracketed by ``JOINING`` words or words of the
    classes ``joining`` (中国和美国, 习近平主席与特朗普总统, 包括美国在内, and with a
    preposition 美方对中国, 中方在南海), nothing said of them. Which classes join is the
    caller's: a function word can be what a line says (不是第一次, 中国的一部分) or only a
    link (如果美国政府, 南沙群岛及其).
    Cached: a dense archive says the same phrases thousands of times."""
    return names_only(tuple(w for w in words if w not in JOINING and word_class(w) not in joining))


def slot_edits(
    a_words: tuple[str, ...], b_words: tuple[str, ...]
) -> list[tuple[SlotKind, str, str]] | None:
    """The slots two wordings differ by, as (kind, a's filler, b's filler), or None when they
    differ anywhere else (see the module docstring). Equal wordings give []."""
    if "".join(a_words) == "".join(b_words):
        return []
    out: list[tuple[SlotKind, str, str]] = []
    for a0, a1, b0, b1, kind in _regions(a_words, b_words):
        if kind is None:
            return None
        out.append((kind, "".join(a_words[a0:a1]), "".join(b_words[b0:b1])))
    return out


def said_up_to_slots(a_words: tuple[str, ...], b_words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The stretches of ``a`` (character offsets, in order, disjoint) that ``b`` says too, a
    name, number or date filled otherwise counting as said when ``b`` says what follows it
    too (the name modifies that; in a mixed family a name aligned with another name anywhere
    is no evidence): 新疆事务纯属中国内政 says all of 香港事务纯属中国内政, while 我们要求恪守
    says 我们要求 and 恪守 of 我们要求美方恪守 (a name said on one side only is no slot). A
    pronoun or a party (我们, 中方, 美方) never counts: it is who speaks or is spoken to, and
    the line is the same without it."""
    a, b = "".join(a_words), "".join(b_words)
    if a == b:
        return [(0, len(a))] if a else []
    ops = Levenshtein.opcodes(a, b)
    spans = [(op.src_start, op.src_end) for op in ops if op.tag == "equal"]
    slot = _slot_chars(a_words)
    if not any(  # no edit near a slot of a: only what is equal is said
        any(slot[max(0, op.src_start - 1) : op.src_end + 1]) for op in ops if op.tag != "equal"
    ):
        return spans
    a_bounds = list(accumulate((len(w) for w in a_words), initial=0))
    heads = {start for start, _ in spans}
    spans += [
        (a_bounds[a0], a_bounds[a1])
        for a0, a1, b0, b1, kind in _regions(a_words, b_words, ops)
        if kind and a_bounds[a1] in heads and not any(map(speaker, a_words[a0:a1] + b_words[b0:b1]))
    ]
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        elif end > start:
            out.append((start, end))
    return out


@lru_cache(maxsize=1 << 14)
def _slot_chars(words: tuple[str, ...]) -> bytes:
    """Per character of the words, 1 if its word can fill a slot."""
    return b"".join(
        (b"\x01" if kind else b"\x00") * len(w)
        for w, kind in zip(words, _kinds(words), strict=True)
    )


def speaker(word: str) -> bool:
    """A pronoun or a party named by one character and 方 (我们, 中方, 美方)."""
    return bool(_PARTY.match(word)) or word_class(word) == "pronoun"


def _regions(
    a_words: tuple[str, ...], b_words: tuple[str, ...], ops: Iterable[Opcode] | None = None
) -> list[tuple[int, int, int, int, SlotKind | None]]:
    """Where two wordings differ: word ranges [a0, a1) and [b0, b1) (each character edit of
    ``ops``, their Levenshtein opcodes, widened to the words it touches, units after a number
    taken in, overlaps joined), each with the kind of slot both sides fill there, or None when
    it is no slot."""
    if ops is None:
        ops = Levenshtein.opcodes("".join(a_words), "".join(b_words))
    a_bounds = list(accumulate((len(w) for w in a_words), initial=0))
    b_bounds = list(accumulate((len(w) for w in b_words), initial=0))
    a_kinds, b_kinds = _kinds(a_words), _kinds(b_words)
    regions: list[tuple[int, int, int, int]] = []  # word ranges [a0, a1) and [b0, b1)
    for op in ops:
        if op.tag == "equal":
            continue
        span = (
            *_words_over(a_bounds, op.src_start, op.src_end),
            *_words_over(b_bounds, op.dest_start, op.dest_end),
        )
        if regions and (span[0] < regions[-1][1] or span[2] < regions[-1][3]):
            last = regions.pop()
            span = (last[0], max(last[1], span[1]), last[2], max(last[3], span[3]))
        regions.append(span)
    out: list[tuple[int, int, int, int, SlotKind | None]] = []
    for a0, a1, b0, b1 in regions:
        a1, b1 = _units(a_words, a1), _units(b_words, b1)
        # said on one side only is no slot
        kind = (
            None if a0 == a1 or b0 == b1 else _one_kind(set(a_kinds[a0:a1]) | set(b_kinds[b0:b1]))
        )
        if kind in ("number", "date") and _run(a_words, a_kinds, a0, a1) != _run(
            b_words, b_kinds, b0, b1
        ):
            kind = None  # 70周年 and 70年来 say different things of the number
        out.append((a0, a1, b0, b1, kind))
    return out


def _run(words: Sequence[str], kinds: Sequence[SlotKind | None], first: int, end: int) -> str:
    """What the run of numbers and dates holding words [first, end) counts (``_counted``):
    the edit of 70年来 into 70周年 is 年来 into 周年, and the number is said beside it."""
    while first > 0 and kinds[first - 1] in ("number", "date"):
        first -= 1
    while end < len(words) and kinds[end] in ("number", "date"):
        end += 1
    return _counted(tuple(words[first:end]))


def _units(words: Sequence[str], end: int) -> int:
    """``end`` moved past the units that follow a number (3 → 3年), so both sides' fillers
    read whole."""
    while end < len(words) and (words[end] in DATE_UNITS or words[end] in NUMBER_UNITS):
        end += 1
    return end


def _one_kind(kinds: set[SlotKind | None]) -> SlotKind | None:
    """The kind of a run of slot words: one kind, or numbers read as a date (3 年 / 三年)."""
    if None in kinds or not kinds:
        return None
    if len(kinds) == 1:
        return next(iter(kinds))
    return "date" if kinds == {"number", "date"} else None


def _words_over(bounds: list[int], start: int, end: int) -> tuple[int, int]:
    """The range of words touching characters [start, end); an insertion point touches the
    word it falls inside, or none when it falls between two words."""
    first = min(bisect_right(bounds, start) - 1, len(bounds) - 2)
    if end == start:
        return (first, first) if bounds[first] == start else (first, first + 1)
    return first, bisect_left(bounds, end)
