"""What kind of word a jieba word is: a name, a time, a number, a pronoun, a verb, a
function word, a preposition, an adverb, a locative, a noun, an adjective, or other; and
whether it is a negation.

Variants (``tracking.formulations.slots``) fold the places where one occasion differs from
another (an addressee, a date, a number), key phrases (``keyphrases``) tell a position on a
topic (维护多边主义: a verb and the topic's name) from the topic's bare name, and the whole
voice's phrases (``recurrent``) drop only the words at their edges that say nothing of their
own (的, 和, 了), or that lean on a verb outside them (在, 对, 都), and a family's cuts
(``cores``) keep the preposition or negation that governs them (向“台独”势力发出错误信号,
不与台湾方面进行官方往来). All need word classes, and only these few.

Decisions:

* The classes come from jieba's own dictionary, whose words carry part-of-speech tags: nr,
  nrfg, nrt (people), ns (places), nt (organisations), j (abbreviations such as 欧盟, 东盟) are
  names; t a time (今天, 去年); m a number (十年); r a pronoun (我们); v a verb; u, uj, ul,
  uz, ug, uv, ud (particles: 的, 了, 着), c (conjunctions: 和, 并), y (modal particles: 吗), e
  and o (interjections) function words; p a preposition (在, 对, 关于); d an adverb (都, 也,
  不), and ad, an adjective said as an adverb (积极, 坚决, 切实, 充分): how something is done,
  not what; f a locative (上, 中, 之间), which closes what 在 opens. Read as content, ad let
  the key phrase 坚决反对美方 tie every "we firmly oppose the US doing X" of the MFA pages
  into one US family (38 uses), and 敦促美方切实 tie 12 such lines into the Taiwan line's
  family; and the whole voice listed the stem 作出了积极, not 作出了积极贡献. ``nz`` (other
  proper nouns) is not a name: jieba gives it to 英文 and 英语 as well.
* n, ng, nz, vn and an (a verbal or adjectival noun: 合作, 发展, 安全) are nouns: before
  another noun a noun qualifies it (双边合作文件), and a whole-voice phrase that ends there is
  a stem of the compound (``recurrent``).
* a is an adjective (稳定, 敏感, 阶段性). In this register it is as often a noun (和平稳定 is
  "peace and stability") or a predicate (局势高度敏感), so no rule reads it as leaning on
  what follows; after a noun, it is that noun's head or predicate, said after it
  (``recurrent``: 维护边境地区 before 和平稳定).
* A negation is one of a closed list (``NEGATIONS``: 不, 没有, 未, 不要, 从未 …), whatever
  jieba's tag: jieba tags 不 an adverb, 没有 a verb and 非 a prefix, and no tag tells
  不断 or 非常 from them.
* jieba's dictionary tags many phrases of ordinary words names: 丰硕成果 and 巨大成功 (nr),
  长足发展 (nt), 严格执行 and 采取措施 (nr), 今天上午 (nr). A name is a slot (``slots``), so
  取得丰硕成果, 取得长足发展 and 取得巨大成功 were one line of the MFA pages' whole voice, and
  表示高度肯定 one with 表示热烈祝贺. Such a word takes its head's class (严格执行 a verb,
  巨大成功 an adjective; else a noun, 丰硕成果; a time when it is two times, 今天上午) when
  two things agree (``_ordinary``): it is two dictionary words of two characters or more,
  neither a name, the head saying what is done or how (a verb or adjective) or the first
  word doing so (严格执行, 友好邻邦), or both times (今天上午); and jieba's character model
  (``namereading``) does not read it as a name either. The model alone read 以色列, 国台办 and
  中日韩 otherwise; the words alone, 联合政府 and 民进中央. On the MFA pages 28 lines of the
  whole voice became their own and 3 went, a spokesperson and the time of day, slots alone
  (发言人今天上午): 17,752 → 17,777 families; no topic's families changed (北京时间昨天晚上 lost
  a variant), and the congress reports gained one (取得新进展). Read as nouns, the verbs
  among them left stems listed (严格执行安理会 before 决议, 32 uses); by their heads 12
  such went (17,669 → 17,657 with the names of ``slots``). Words of two or three
  characters keep their tags (祝贺, 友谊 and 文明 are names to both the dictionary and the
  model), and so does one whose head the dictionary tags a name (热烈祝贺: 祝贺 is nr). A
  person's name does not begin with an adverb, so for one tagged so (nr) the first word may
  say how (从严治党: 从严, 治党), where a place's or a body's may (首都博物馆, jieba's 首都 an
  adverb): the congress reports' 全面从严治党 had been read 全面 beside a slot, and left out
  with 全面〈深化改革｜依法治国〉 as naming many and saying nothing of any (``recurrent``).
* A word jieba's dictionary does not hold gets no class from it; rules in ``slots`` read its
  shape instead (digits, 年月日, a one-character party abbreviation such as 荷方). ``listed``
  tells such a word, which jieba made from its characters (杜特, 孟晚: pieces of names it
  lacks, which ``recurrent`` reads whole), from a dictionary word of no class (所有).
* Neither do jieba's fixed phrases and idioms (tags l and i: 多边贸易, 积极参与, 坚定不移)
  nor the words it finds outside its dictionary (半岛核问题). Where a rule needs to know what
  such a word does, ``head_class`` reads it from the word's head: Chinese compounds put it
  last, so the class is that of the longest word of two characters or more the word ends
  with (多边贸易 a noun by 贸易, 积极参与 a verb by 参与). A word of two characters has no
  such head, and a name jieba's dictionary lacks (华春莹, 王毅) none that is a word.
* jieba tags two locatives otherwise (``LOCATIVES``): 内 a noun, 当中 a place word. Read as
  jieba has them, a cut (``cores``) of 在联合国安理会相关决议框架内 stopped at 框架, without
  the word that closes the frame its 在 opens. 之中 (tagged a pronoun, a slot) and 以外 (a
  conjunction) keep jieba's tags, which other rules read.
* jieba tags 及时 (in time, promptly) a conjunction (``ADVERBS``): read so, the whole
  voice listed the stem 我们会及时 (132 uses on the MFA pages), whose verb follows. And it
  tags 反对 (oppose) and 同意 (agree) adverbs (``VERBS``): read so, 反对 governed no name
  after it, and the whole voice listed the stem 坚决反对美国 (37 uses) before what the US is
  opposed for. jieba's own tag vd (a verb said as an adverb: 持续, 逆势) is read as an adverb,
  and vi (等同于) as a verb: with no class, 持续 opened no predicate after an object, and the
  whole voice listed the stem 推动中日关系 (29 uses) before 持续健康稳定发展. After 可 (可持续,
  jieba's 可|持续) the word is a verb all the same, and a line that ends there
  (共同、综合、合作、可持续 before 的安全观) now leans, as a fragment of its term.
* ``jieba.posseg`` would load the same table in ~0.5 s at every start; the few classes are
  read from jieba's dictionary once (about 1.4 s, of which the character model's readings of
  the 1,590 words ``_ordinary`` asks about, 730 of which it finds ordinary, take 0.9 s), kept
  in tifa's cache folder as marshal data, and load in a few milliseconds afterwards. The
  entry is named by the dictionary's size and checksum, not its time: every virtualenv's copy
  of the same jieba shares it, where one entry per install (3 MB each) piled up. Another
  dictionary's entry replaces it.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import tempfile
import threading
import zlib
from collections.abc import Container
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

from tifa.corpus.paths import cache_dir
from tifa.tracking.formulations.namereading import NAME_TAGS, PERSONS, CharacterModel

WordClass = Literal[
    "name",
    "time",
    "number",
    "pronoun",
    "verb",
    "function",
    "preposition",
    "adverb",
    "locative",
    "noun",
    "adjective",
]
_TAGS: dict[str, WordClass] = {
    "nr": "name",
    "nrfg": "name",
    "nrt": "name",
    "ns": "name",
    "nt": "name",
    "j": "name",
    "t": "time",
    "m": "number",
    "r": "pronoun",
    "v": "verb",
    "vi": "verb",  # an intransitive verb with its preposition: 等同于
    **dict.fromkeys(("u", "uj", "ul", "uz", "ug", "uv", "ud", "c", "y", "e", "o"), "function"),
    "p": "preposition",
    "d": "adverb",
    "ad": "adverb",  # an adjective said as an adverb: 积极, 充分, 切实, 坚决
    "vd": "adverb",  # a verb said as an adverb: 持续 (持续健康稳定发展), 逆势
    "f": "locative",
    **dict.fromkeys(("n", "ng", "nz", "vn", "an"), "noun"),
    "a": "adjective",
}
_CODES: tuple[WordClass, ...] = get_args(WordClass)  # a word's code: its class's place
# of the table's entry (6: nouns; 7: adjectives; 8–10: ordinary words tagged names; 11: every
# word of the dictionary, those of no class too)
LAYOUT = 13
_LISTED = len(_CODES)  # the code of a word the dictionary holds and gives no class (所有, 坚定不移)
_PREDICATIVE = frozenset({"v", "vn", "a", "an", "ad"})  # a head that says what is done, or how
_QUALIFYING = frozenset({"v", "a", "an", "ad"})  # a first word that does
_QUALIFYING_PERSONS = _QUALIFYING | {"d"}  # or, in a person's name, an adverb (从严治党)
NEGATIONS = frozenset(
    {"不", "没", "没有", "未", "未曾", "无", "非", "别", "勿", "莫", "毋", "不要", "不得"}
    | {"不能", "不会", "不再", "不必", "不可", "不应", "不该", "绝不", "决不", "从不", "从未"}
    | {"并不", "并未", "并非", "无法", "无须", "无需", "切勿", "不曾", "尚未", "永不"}
)
LOCATIVES = frozenset({"内", "当中"})  # jieba: n, s
ADVERBS = frozenset({"及时"})  # jieba: c
VERBS = frozenset({"反对", "同意"})  # jieba: d
# determiners that point to what is said elsewhere ("the … concerned", "some"): 美方的有关,
# 希望美方有关 and 美方有关做法 name no claim, yet on the MFA pages they anchored a US family of
# 162 windows (``keyphrases``), and the whole voice listed 注意到有关 (``recurrent``). jieba tags
# them a verbal noun (有关), a noun (个别) or a number (一些), none of which tells them from a
# word with content.
REFERRING = frozenset({"有关", "相关", "个别", "某些", "有些", "一些"})
# the particles that make what comes before them qualify what follows (合作共赢的原则,
# 解决之道): key phrases are compared without them (``keyphrases``), and a whole-voice phrase
# said before one is said whole (``recurrent``)
ATTRIBUTIVE = ("的", "之")
# the particle that, ending a clause, closes its predicate rather than qualifying a noun
# (是…的: 立场是一贯的): a line keeps it (``recurrent``, ``cores``), and a variant is one
# wording with or without it (``variants``)
PREDICATE_END = ("的",)
_lock = threading.Lock()
_table: dict[str, int] | None = None


def word_class(word: str) -> WordClass | None:
    """The class of a jieba word per jieba's dictionary, or None."""
    code = _classes().get(word)
    return None if code is None or code == _LISTED else _CODES[code]


def listed(word: str) -> bool:
    """Whether jieba's dictionary holds the word: jieba made the others from their characters
    (``namereading``), names it lacks among them (杜特, 孟晚)."""
    return word in _classes()


@lru_cache(maxsize=1 << 16)
def head_class(word: str) -> WordClass | None:
    """The class of a jieba word, or of its head when jieba's dictionary gives it none (see
    the module docstring)."""
    if (kind := word_class(word)) is not None:
        return kind
    k = _head(word, _CLASSED)
    return None if k is None else word_class(word[k:])


def _head(word: str, known: Container[str], first: int = 1) -> int | None:
    """Where the head of ``word`` begins: the longest word of two characters or more in
    ``known`` that it ends with, after ``first`` characters at least (Chinese compounds put
    their head last); None when it ends with none."""
    return next((k for k in range(first, len(word) - 1) if word[k:] in known), None)


class _Classed:
    """The dictionary's words that have a class: a head says what its word does."""

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and _classes().get(word, _LISTED) != _LISTED


_CLASSED = _Classed()


def negation(word: str) -> bool:
    """Whether a jieba word says no: what follows it is said the other way round."""
    return word in NEGATIONS


def _classes() -> dict[str, int]:
    global _table
    if _table is not None:  # no lock once loaded
        return _table
    with _lock:
        if _table is None:
            _table = (
                _load()
                | dict.fromkeys(LOCATIVES, _CODES.index("locative"))
                | dict.fromkeys(ADVERBS, _CODES.index("adverb"))
                | dict.fromkeys(VERBS, _CODES.index("verb"))
            )
        return _table


def _dictionary() -> Path:
    """jieba's dictionary, found without importing jieba (an import costs ~0.25 s)."""
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None  # a dependency of tifa
    return Path(spec.origin).with_name("dict.txt")


def _load() -> dict[str, int]:
    data = _dictionary().read_bytes()
    entry = cache_dir() / f"wordclass.{LAYOUT}.{len(data)}-{zlib.crc32(data):08x}.marshal"
    try:
        table = marshal.loads(entry.read_bytes())
        if isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    tags = {}
    table = {}
    for line in data.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in _TAGS:
            tags[parts[0]] = parts[2]
        elif parts:
            table[parts[0]] = _LISTED
    table.update((word, _CODES.index(kind)) for word, kind in _read(tags).items())
    _store(entry, table)
    return table


def _read(tags: dict[str, str]) -> dict[str, WordClass]:
    """Each word's class from its tag, but for the phrases of ordinary words the dictionary
    tags names (``_ordinary``)."""
    out = {word: _TAGS[tag] for word, tag in tags.items()}
    model = CharacterModel.load()  # dropped once the table is read
    for word, tag in tags.items():
        if _TAGS[tag] == "name" and (kind := _ordinary(word, tags, model)) is not None:
            out[word] = kind
    return out


def _ordinary(word: str, tags: dict[str, str], model: CharacterModel) -> WordClass | None:
    """The class of a word the dictionary tags a name when it is a phrase of two ordinary
    words (see the module docstring), else None. The two are its head, the longest word of
    two characters or more it ends with, and the word of two characters or more before it:
    neither a name, one of them saying how or what is done (the head a verb or adjective, or
    the first word one) or both times; and jieba's character model (``namereading``) does not
    read it as a name either. Two times make a time (今天上午); the others take their head's
    class when it is a verb or an adjective (严格执行, 巨大成功), else are nouns (丰硕成果,
    友好往来, whose head 往来 the dictionary tags a time)."""
    k = _head(word, tags, 2)
    if k is None:
        return None
    head, first = tags[word[k:]], tags.get(word[:k])
    if first is None or "name" in (_TAGS[head], _TAGS[first]):
        return None
    times = head == first == "t"
    qualifying = _QUALIFYING_PERSONS if tags[word] in PERSONS else _QUALIFYING
    if head not in _PREDICATIVE and first not in qualifying and not times:
        return None
    said = model.reading(word)
    if not said or said[0] in NAME_TAGS:
        return None
    if times:
        return "time"
    kind = _TAGS[head]
    return kind if kind in ("verb", "adjective") else "noun"


def _store(entry: Path, table: dict[str, int]) -> None:
    """Best effort, written whole or not at all; the entries of other dictionaries go."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".wordclass.")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps(table))
        os.replace(tmp, entry)
        for old in entry.parent.glob("wordclass.*.marshal"):
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:
        pass
