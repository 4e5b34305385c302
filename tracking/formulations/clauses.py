"""Candidate formulations: windows of adjacent clauses in the official voice on a topic.

Decisions:

* Only the official voice is read (``corpus.voice.voice_turns``: answers, statements, the
  text of a report or speech, a spokesperson's opening announcements): a formulation is the
  government's wording, not a journalist's question or the host's. ``roles`` reads others
  on request, as ``--roles`` does.
* A sentence belongs to a topic when its matching key holds a keyword hit; then every clause of
  it is material, not only the clauses with the keyword. "成为迄今最受欢迎的国际公共产品" has no
  Belt and Road keyword, but its sentence does, and it recurs from 2017 to 2024.
* A candidate is a window of 1 to ``max_clauses`` (default 3) adjacent clauses inside one
  sentence. Formulations are longer than a word and often shorter than a sentence, and a
  clause split at ，；： cuts some in two ("世界上只有一个中国，台湾是中国的一部分"); windows let
  the clustering pick the span that recurs instead of guessing it here. Windows never cross a
  sentence end: the segmenter's sentences are the outer limit of one formulation. A window of
  several clauses begins and ends with a clause holding a keyword, so it does not grow by
  context ("，这不仅是历史事实") that is a formulation of its own.
* A window needs ``MIN_CHARS`` (5) letters or ideographs: a bare name ("“一带一路”") or a frame
  ("第二", "中方认为") is too short to be a formulation and too short to compare fairly.
* A clause that only says what the answer turns to (``frame``: one that begins with 关于, 至于 or
  对于, or is 就…而言, 就…来说, 在…问题上, 包括…在内, 以…方式 or 以…为: ``FRAMES``) is no window on
  its own: 关于中美经贸问题, 关于第一个问题 and 对于美方的错误做法 recur in every year, beside every
  line, and are no formulation; 在半岛核问题上 labelled a peninsula family of 85 uses on the MFA
  pages (在一个中国原则基础上 says what a line stands on, and stays); a clause 包括美国在内 was a
  member of two of the US topic's families there, and went.
  jieba's tags cannot tell such a topic from a claim (做法, 看法 and 报道 are tagged verbs), but
  a clause led by these prepositions is one. It may begin a window of several clauses, which
  then says its line too (关于台湾问题，中方坚决反对…). Taking those out as well, on the MFA
  pages, let the catch-all of the US topic's trade lines (anchored by 中美经贸关系, 中美经贸问题)
  lose its own leading wording and join 以免损害中美关系和台海和平稳定 through a chain of alike
  leaders, which ``families._leaders_joined`` no longer follows.
* Nor is a clause without a keyword in which the speaker speaks of their own speaking
  (``aside``: the first person, 我 or 我们, and a verb of saying, ``SAYING``: 我们多次说过,
  我想强调的是, 我可以告诉你, 我刚才已经说过了; jieba glues a verb to the pronoun at times,
  我愿|再次|强调, and the pronoun is read out of it): it recurs beside every line, and on the MFA
  pages five of the US topic's twenty-five most used families were such. A stance is no
  aside: 表示 and 表明 are not verbs of saying here (我们对此表示坚决反对), nor is what the
  speaker saw or will not do (我们注意到有关报道, 我不作评论), which answers the question. But
  a clause that says only that the speaker noticed (a verb of noticing, ``NOTICING``, and
  nothing noticed: 我们注意到, 我也注意到了) is: once the bags were split it was the US topic's
  eleventh family (52 uses). So is a clause in which the speaker refers to the question:
  the second person and a verb of saying or asking (``ASKING``: 你提到的具体情况, 你关心的问题,
  你刚才也提到), or of noticing with nothing noticed (你也注意到了), or that only names the
  question answered (``QUESTION`` with numbers, pronouns and function words: 第一个问题,
  关于你的问题; not 叙利亚问题, which says what it is about), or that 正如 (as) opens with a verb
  of saying, asking or noticing, pointing to what was said elsewhere (正如你提到的,
  正如中方多次指出的, 正如大家所看到的). On the MFA pages that
  took one peninsula family (你刚才也提到), joined multilateralism's 单边主义和保护主义 and
  反对单边主义和保护主义 (the labelled samples' measures unchanged), and in the whole voice
  (``recurrent``) 41 families (你提到的具体情况, 51 uses; 19,847 → 19,806), and then 3 that
  name the question (第一个问题, the voice's third family with 254 uses; 19,804).
* Nor is a clause without a keyword that only says since when (``since``: …以来 and no verb:
  一段时间以来, 2018年以来), which was the US topic's eleventh family on the MFA pages (81
  uses); a clause that says what happened since (新冠肺炎疫情发生以来) stays.
* Nor is a clause made only of names, numbers and dates (``slots``: 特朗普总统, 习近平主席,
  a party head or an office after a name being part of the name), as in the whole voice
  (``recurrent``): a name is who is spoken of, not what is said (on the MFA pages, 0.5 % of
  the US topic's windows).
* Offsets are into ``doc.text`` (the key shares them); ``Document.raw_span`` maps them to the
  raw file when a result is written out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from functools import lru_cache
from itertools import accumulate, islice
from operator import attrgetter
from typing import NamedTuple

from tifa.corpus import Corpus, Document, Sentence
from tifa.corpus.model import Clause
from tifa.corpus.progress import Report, Stage
from tifa.corpus.tokens import tokenise
from tifa.corpus.voice import OFFICIAL, parse_roles
from tifa.tracking.formulations.keys import NOT_WORD
from tifa.tracking.formulations.slots import names_only
from tifa.tracking.formulations.topics import Topic
from tifa.tracking.formulations.wordclass import listed, word_class
from tifa.tracking.periods import Binning, Period

MAX_CLAUSES = 3
MIN_CHARS = 5
TOPIC_MARKERS = frozenset({"关于", "至于", "对于"})  # a clause led by one is a frame
# a clause opened by one of these words and closed by one of its closers is a frame too:
# 就…而言, 就…来说, 在…问题上 (jieba cuts 在半岛核问题上 as 在 / 半岛核问题 / 上), 包括…在内,
# 以…方式 (the manner of what follows: 以和平方式), 以…为 (以规则为基础, 以此访为契机), and
# 同…一道, 与…一道 (who the line is said with: 愿同各方一道); a closer of one character closes
# only as a word of its own (为, not 认为), and an opener jieba glues to the word before it
# opens all the same (``opener``: 愿同, 两国以)
FRAMES = {
    "就": ("而言", "来说"),
    "在": ("问题上",),
    "包括": ("在内",),
    "以": ("方式", "为"),
    "同": ("一道",),
    "与": ("一道",),
}
SAYING = frozenset(  # verbs of saying: the first person with one speaks of speaking
    {"说", "讲", "说过", "告诉", "指出", "强调", "重申", "介绍", "回答", "阐述", "提到", "补充"}
)
NOTICING = frozenset({"注意", "注意到", "看到", "关注到", "留意到", "了解到", "获悉", "听说"})
# verbs of asking: the second person with one refers to the question
ASKING = frozenset({"问", "问到", "提问", "关心", "关切", "所说", "谈到", "提及", "说到"})
_SPEAKER = ("我", "我们")  # with a verb of saying
_ASKER = ("你", "您", "你们")  # with a verb of saying or asking
_ASKED = SAYING | ASKING
_PERSONS = (*_SPEAKER, *_ASKER)
_AS = frozenset({"正如", "如同", "诚如"})  # with a verb of saying, asking or noticing
QUESTION = frozenset({"问题", "提问"})  # said alone with an ordinal: the question answered
_NAMING_QUESTION = frozenset({"number", "pronoun", "function"})
_NOTHING_NOTICED = frozenset({"pronoun", "adverb", "function"})  # and 到 (注意 / 到)
NAMES_ONLY = 16  # characters: a clause this short may be names only (longer ones never are)


class Candidate(NamedTuple):
    """A window of clauses: where it is, what it says, and its words (which tile ``key``).

    A named tuple, not a frozen dataclass: a topic of an archive of daily briefings has a
    hundred thousand windows, and a frozen dataclass costs five times as much to make
    (``object.__setattr__`` field by field), for values that never leave the engine."""

    doc: str
    year: int
    period: str  # the period of the report's unit ("2021", "2021-Q2", "2021-05")
    turn: int
    speaker: str
    sentence: int
    first_clause: int
    last_clause: int  # exclusive
    start: int
    end: int
    text: str
    key: str
    match: str  # ``key`` without punctuation: what similarity compares
    tokens: tuple[str, ...]
    hit: bool  # a keyword of the topic occurs inside the window itself
    part: bool = False  # a run of words inside one clause (``recurrent``), not whole clauses

    @property
    def clauses(self) -> range:
        return range(self.first_clause, self.last_clause)

    @property
    def claims(self) -> tuple[tuple[str, int], ...]:
        """What the window takes when placed in a family: its clauses (a clause says one
        formulation), or, for a part of a clause, its own start (one clause may hold two)."""
        doc, first = self.doc, self.first_clause
        if self.part:
            return ((doc, -1 - self.start),)
        if self.last_clause - first == 1:  # most windows: asked a hundred thousand times
            return ((doc, first),)
        return tuple([(doc, k) for k in range(first, self.last_clause)])

    @property
    def single(self) -> bool:
        return self.last_clause - self.first_clause == 1


def sentence_words(doc: Document, sentence: Sentence) -> tuple[tuple[str, ...], list[int]]:
    """The sentence's jieba words and their start offsets in ``doc.key`` (plus the end)."""
    words = sentence.tokens
    if words is None:
        words = tokenise(doc.key[sentence.start : sentence.end])
    return words, list(accumulate(map(len, words), initial=sentence.start))


def span_tokens(words: tuple[str, ...], bounds: list[int], start: int, end: int) -> tuple[str, ...]:
    """Words cut to ``[start, end)``; a word across an edge is clipped to it."""
    lo = bisect_right(bounds, start) - 1
    hi = bisect_left(bounds, end)
    held = words[lo:hi]
    if not held or (bounds[lo] == start and bounds[hi] == end):  # most windows: no word cut
        return held
    return _clipped(held, bounds[lo], bounds[hi], start, end)


def _clipped(held: tuple[str, ...], first: int, last: int, start: int, end: int) -> tuple[str, ...]:
    """Words from offset ``first`` to ``last``, the first and last clipped to ``[start, end)``."""
    out = list(held)
    out[0] = out[0][start - first :]
    out[-1] = out[-1][: len(out[-1]) - (last - end)]
    return tuple(out)


def document_candidates(
    doc: Document,
    topic: Topic,
    period: Period | None,
    max_clauses: int,
    voice: frozenset[str],
) -> list[Candidate]:
    """Every window of 1..``max_clauses`` clauses in the sentences on ``topic`` of the turns
    whose role is in ``voice``; none for a document without a period in the sequence."""
    if doc.year is None or period is None or period.key is None:
        return []
    hits = topic.hits(doc.key)
    if not hits:
        return []
    sentences = doc.sentences
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for a, b in hits:
        n = bisect_right(sentences, a, key=_START) - 1
        if n >= 0 and b <= sentences[n].end:
            by_sentence.setdefault(n, []).append((a, b))
    doc_id, year, key_text, text, when = doc.id, doc.year, doc.key, doc.text, period.key
    found: list[Candidate] = []
    for n, spans in by_sentence.items():
        sentence = sentences[n]
        turn = doc.turns[sentence.turn]
        if turn.role not in voice:
            continue
        words, bounds = sentence_words(doc, sentence)
        clauses = doc.clauses_of(sentence)
        marked = _marked(clauses, spans)
        count = len(clauses)
        # per clause, the words that hold its start and its end: a window's words, without
        # two searches a window
        lo = [bisect_right(bounds, c.start) - 1 for c in clauses]
        hi = [bisect_left(bounds, c.end) for c in clauses]
        speaker, n_turn, n_sentence = turn.speaker, turn.index, sentence.index
        for i, first in enumerate(clauses):
            start, first_index, word = first.start, first.index, lo[i]
            said = words[word : hi[i]]
            # a frame, or an aside or a time span without a keyword, is no window on its own
            alone = not (frame(said) or (not marked[i] and (aside(said) or since(said))))
            for j in range(i, min(i + max_clauses, count)):
                # a window of several clauses begins and ends with a marked one, so holds a hit
                if j > i and not (marked[i] and marked[j]):
                    continue
                if j == i and not alone:
                    continue
                end = clauses[j].end
                key = key_text[start:end]
                # not ``match_key``: most windows' keys are said once, and its cache would
                # only churn
                match = NOT_WORD.sub("", key)
                if len(match) < MIN_CHARS:
                    continue
                last_word = hi[j]
                held = words[word:last_word]
                if held and (bounds[word] != start or bounds[last_word] != end):
                    held = _clipped(held, bounds[word], bounds[last_word], start, end)
                if j == i and len(match) <= NAMES_ONLY and names_only(held):
                    continue
                found.append(
                    Candidate(
                        doc_id,
                        year,
                        when,
                        n_turn,
                        speaker,
                        n_sentence,
                        first_index,
                        clauses[j].index + 1,
                        start,
                        end,
                        text[start:end],
                        key,
                        match,
                        held,
                        j > i or marked[i],
                    )
                )
    return found


_START = attrgetter("start")


def aside(words: Sequence[str]) -> bool:
    """Whether a clause's words are the speaker's aside on their own speaking, or on the
    question (see the module docstring): first person first, and a verb of saying; second
    person first, and a verb of saying or asking (你提到的具体情况, 你关心的问题); either, and a
    verb of noticing with nothing noticed said; 正如 (as) and a verb of saying, asking or
    noticing (正如你提到的, 正如中方多次指出的); or only the question named (第一个问题).
    Asked of every clause on a topic: most are let go at their first word, unread."""
    opener = _first(words)
    if opener in _AS:  # 正如你提到的, 正如中方多次指出的: what was said elsewhere
        return any(w in _ASKED or w in NOTICING for w in words)
    first = _person(opener)
    if first in _SPEAKER or first in _ASKER:
        said = [w for w in words if w[:1].isalnum()]
        verbs = SAYING if first in _SPEAKER else _ASKED
        if any(w in verbs for w in said):
            return True
        if any(w in NOTICING for w in said) and all(
            w in NOTICING or w == "到" or word_class(w) in _NOTHING_NOTICED for w in said
        ):
            return True
    return _names_question(words)


@lru_cache(maxsize=1 << 12)
def _person(word: str) -> str:
    """The pronoun a clause's first word opens with, when jieba glued a verb to it (我愿, 我要:
    我愿再次强调 is 我 and 愿 to a reader); else the word itself. Not a noun (我国, 我方).
    Asked of every clause's first word, so cached (an archive's clauses open on few words)."""
    for pronoun in _PERSONS:
        rest = word.removeprefix(pronoun)
        if rest != word and rest and word_class(rest) == "verb":
            return pronoun
    return word


def _names_question(words: Sequence[str]) -> bool:
    """Whether words only name the question answered: 问题 with numbers, pronouns and
    function words (第一个问题, 这个问题, 关于你的问题), not with what it is about
    (叙利亚问题)."""
    if QUESTION.isdisjoint(words):
        return False
    return all(
        w in QUESTION or w in TOPIC_MARKERS or word_class(w) in _NAMING_QUESTION
        for w in words
        if w[:1].isalnum()
    )


def since(words: Sequence[str]) -> bool:
    """Whether a clause's words only say since when (…以来, and no verb): see the module
    docstring."""
    return _last(words) == ["以来"] and not any(word_class(w) == "verb" for w in words)


def noticing(words: Sequence[str], k: int) -> int:
    """How many words from ``k`` say a verb of noticing (``NOTICING``): 2 for jieba's cut of
    one (注意|到), 1 for one word (注意到, 看到), 0 for none."""
    if k + 1 < len(words) and words[k] + words[k + 1] in NOTICING:
        return 2
    return int(k < len(words) and words[k] in NOTICING)


def frame(words: Sequence[str]) -> bool:
    """Whether a clause's words only say what the answer turns to (see the module docstring).
    Read from its first word (and its last two, after an opener of ``FRAMES``): every clause
    of a topic is asked."""
    return _first(words) in TOPIC_MARKERS or framed(words)


def framed(words: Sequence[str]) -> bool:
    """Whether words open a frame (``FRAMES``) with their first word and close it with their
    last: 在半岛核问题上, 就此而言, 包括美国在内, 愿同各方一道."""
    closers = FRAMES.get(opener(_first(words)))
    return closers is not None and _ends_on(words, closers)


def ends_frame(words: Sequence[str]) -> bool:
    """Whether words end on the closer of a frame they open (中方在克什米尔问题上,
    愿同包括英国在内): what the frame frames follows them."""
    # the openers read only for words that end on a closer: asked of every use of every phrase
    return any(
        _ends_on(words, closers) and any(opener(w) == o for w in words)
        for o, closers in FRAMES.items()
    )


@lru_cache(maxsize=1 << 14)
def opener(word: str) -> str:
    """The frame's opener a word is, or ends with where jieba glued a one-character opener
    to the word before it into a word its dictionary lacks (愿同 of 中方愿同各方一道: 愿 and
    同); else the word. 共同 and 如同 are dictionary words, and open nothing."""
    last = word[-1:]
    if len(word) > 1 and len(last) == 1 and last in FRAMES and not listed(word):
        return last
    return word


def closes_frame(opener: str, words: Sequence[str]) -> bool:
    """Whether words hold a closer of the frame ``opener`` opens (``FRAMES``): one of several
    characters anywhere in their text, one of one character as a word (以和平方式 closes 以…方式,
    以规则为基础 closes 以…为; 以此认为 does not)."""
    said = "".join(words)
    return any(c in said if len(c) > 1 else c in words for c in FRAMES.get(opener, ()))


def _ends_on(words: Sequence[str], closers: Sequence[str]) -> bool:
    """Whether words end on a frame's closer: one of several characters glued on by jieba or
    cut across the last two words (半岛核问题|上), one of one character as a word of its own
    (以规则为, not 中方认为)."""
    last = _last(words, 2)
    end = "".join(last)
    return any(end.endswith(c) if len(c) > 1 else last[-1:] == [c] for c in closers)


def inside_frame(words: Sequence[str], first: int, last: int) -> bool:
    """Whether ``words[first:last]`` closes a frame (``FRAMES``) that a word before them
    opens: 问题上的立场 of 中方在叙利亚问题上的立场, 在内的各国 of 包括美国在内的各国. Such a
    run begins inside the frame, cut from what it frames."""
    before = [opener(w) for w in words[:first]]
    for frame in FRAMES:
        if frame not in before:
            continue
        k = first - 1 - before[::-1].index(frame)  # the nearest before the run
        if closes_frame(frame, words[k + 1 : first]):
            continue  # closed before the run: 在台湾问题上的看法和伊朗问题上的立场
        run = list(words[first:last])
        if frame in run:  # the run opens the frame it closes: 在相互尊重的基础上
            run = run[: run.index(frame)]
        if closes_frame(frame, run):  # jieba may glue a closer on: 上不持
            return True
    return False


def _first(words: Sequence[str]) -> str:
    """The first word said: punctuation (an opening quote) aside; most often the first."""
    if words and words[0][:1].isalnum():
        return words[0]
    return next((w for w in words if w[:1].isalnum()), "")


def _last(words: Sequence[str], count: int = 1) -> list[str]:
    """The last ``count`` words said (fewer in a shorter clause), punctuation aside, in
    order."""
    return list(islice((w for w in reversed(words) if w[:1].isalnum()), count))[::-1]


def _marked(clauses: Sequence[Clause], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Per clause: does a hit lie inside it?"""
    marked = [False] * len(clauses)
    for a, b in spans:
        k = bisect_right(clauses, a, key=_START) - 1
        if k >= 0 and b <= clauses[k].end:
            marked[k] = True
    return marked


def topic_candidates(
    corpus: Corpus,
    topic: Topic,
    binning: Binning,
    max_clauses: int = MAX_CLAUSES,
    roles: Collection[str] | None = None,
    progress: Report | None = None,
) -> tuple[Candidate, ...]:
    """All candidates of the corpus for ``topic``, in document and reading order, from the
    documents that have a period of the binning's own unit, in the turns of ``roles``
    (default: the official voice); ``progress`` hears of each document read."""
    voice = frozenset(OFFICIAL if roles is None else parse_roles(roles))
    stage = Stage(progress, "finding windows", len(corpus.documents))
    out: list[Candidate] = []
    for doc in corpus.documents:
        out.extend(document_candidates(doc, topic, binning.exact(doc.id), max_clauses, voice))
        stage.step()
    return tuple(out)
