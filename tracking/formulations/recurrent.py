"""The whole official voice: the phrases it repeats, for ``tifa families all`` and
``tifa changes all``, where no topic's keywords say what to read.

A new slogan belongs to no topic yet, so ``all`` reads every sentence of the official voice.
A briefing archive is mostly lines said once, so a formulation here is what the voice
repeats. Decisions:

* A phrase is a run of 2..``MAX_WORDS`` jieba words inside one clause (punctuation dropped,
  so “双轨并进”思路 is 双轨并进 思路), of at least ``MIN_CHARS`` characters, with no
  one-character word at either end and not made only of names, numbers and dates (slots,
  ``tracking.formulations.slots``). It recurs when at least ``MIN_EVENTS`` events say it (two
  editions of one press conference count once). A maximal phrase that is all slots as a
  family's template reads them, where a party head or an office after a name belongs to
  the slot (两国领导人, 中方领导人, 中国地方政府, 习近平主席, 特朗普总统: 〈who〉), is no
  formulation either: on the MFA pages it was the whole voice's most used family, 443 uses of
  〈两国｜中国｜联合国…〉〈领导人｜政府…〉, and then 〈习近平｜瑞士联邦…〉主席 (431; with the
  offices, 127 families of name and office went, 23,972 → 23,845). Nor are names joined
  by 和, 与, 同 … (``slots.who_only``, as for a topic's key phrases): a family of such
  pairs, 〈外交部｜中国…〉和〈中国｜美国…〉, was the MFA pages' most used once stems were left
  out (305 uses; with 习近平主席同特朗普总统 and eight more, 19,905 → 19,895 families); nor
  names a preposition relates (美方对中国, 69 uses; 中方在南海, 71; 根据联合国: 21 more
  families, 19,196 → 19,175, and 1 of the congress reports', 通过深化改革, whose 深化改革
  jieba's dictionary calls a name). Nor is the speaker on their own speaking
  (``clauses.aside``, as for a topic's windows: 我们多次强调, 我不了解你提到的情况,
  我刚才已经回答了这个问题; 48 more families of the MFA pages, 19,847), or on the question
  (你提到的具体情况, 第一个问题: 44 more, 19,804), nor a phrase that only says since when
  (``clauses.since``: 一段时间以来, 142 uses, 2018年以来, 香港回归以来; 10 more families of
  the MFA pages, 19,684 → 19,674, and 2 of the congress reports', 改革开放以来; a line that
  says what happened since stays, 新冠肺炎疫情发生以来). The phrase is left
  out, not its clause: 我们讲一切从实际出发 is an aside, and 一切从实际出发 the congress
  reports' line all the same (left out with its clause, it lost that use and its family).
* A recurring phrase is made maximal, so a line is listed whole, not as its fragments (发展
  利益的决心 inside 维护国家主权、安全、发展利益的决心坚定不移, 停止以任何 inside 停止以任何形式
  干预香港): when, in at least ``CLOSED`` of its events, the word just before it in the clause
  is one of at most ``BRANCHES`` words each of which makes a recurring longer phrase, the
  phrase is not closed on that side, and those longer phrases take its place; and again, a
  word at a time, past ``MAX_WORDS`` up to the clause's ends; then the same after it. Two
  branches, not more: a line said in two wordings (形式/方式) is those two, while a term said
  after many verbs (新冠肺炎疫情 after 抗击, 应对, 防控 …) stays the term. The phrase's other
  uses (under ``1 - CLOSED``) are not listed. On the 1,000 MFA pages this took the new lines
  of 2019 from 1,231 to 1,084 and four of the issue's examples out of the year's first twenty.
* The words growth took in stay, but for a one-character function word at either end (的,
  和, 了, 并: jieba's particles and conjunctions, ``wordclass``) and a one-character
  preposition or adverb at the end (在, 对, 都: it leans on a verb outside the phrase).
  Dropping every one-character word at an edge, as tifa did at first, changed what lines
  say: 扩散核武器条约 for 不扩散核武器条约, 针对第三方 for 不针对第三方, 中国的偏见 for
  对中国的偏见, 部长刘振民 for 副部长刘振民, 美元首会晤 for 中|美元首会晤, 可靠实体清单 for
  不可靠实体清单; and it cut frames open (经济建设为中心, 相互尊重的基础). Now those read
  whole: 以经济建设为中心, 在相互尊重的基础上, 栗战书委员长, 去极端化举措, 可持续发展战略,
  党对军队的绝对领导. This changed 1,713 of the MFA pages' families (of about 23,800) and
  113 of the congress reports' (of about 2,000). Two exceptions to the old rule (a run of
  one-character words jieba reads as one word elsewhere, 合作 共 赢; a name jieba cut in two,
  孟晚|舟) then changed nothing and went. A loss: 博鳌亚洲论坛2018年年, where jieba cut 年会
  in two.
* A phrase that ends on a verb or an adverb and, in every use, is followed by more of its
  clause leans on what follows: the verb's object, the adverb's verb (美方立即停止,
  敦促美方立即, 已经并将继续, 中方将继续, 希望美方能够, 两国人民带来). It is the stem of
  several lines, each said too rarely to recur, not a formulation, and is not listed. One
  followed by 的 or 之 is not leaning: it is said whole, to qualify a noun
  (合作共赢的原则); but for an adverb, which before 的 is an adjective that qualifies only the
  noun after it (保持着密切的沟通 as 保持着密切沟通; jieba has 密切, 积极 and 进一步 for adjectives
  said as adverbs), and a 的 that ends the clause says what is said (中方的立场是明确的): 112
  more families of the MFA pages went, none came (19,175 → 19,063: 保持着密切, 129 uses,
  保持着正常, 43, 没有进一步, 38, 取得了积极, 30), 1 of the labelled fragments the quarterly
  lists showed (各族人民依法享有充分), and 4 of the congress reports' (广泛而深刻). The same holds
  for a verb after another verb of the phrase (回答过类似的问题, 进行了深入的交流: the first verb's
  object is the noun after 的), but not in a list, whose items qualify the noun together
  (外防输入、内防反弹的策略): 137 more families went, none came (18,915 → 18,778: 回答过类似, 41
  uses, 进行了深入, 34, 双方都能接受, 25), none of the labelled lines, and 2 of the congress
  reports' (各国人民自主选择). On the 1,000 MFA pages this took 2,818 of the voice's 23,913 families
  (178,889 occurrences are left of 197,903), and of the 269 new lines the quarterly lists
  showed, labelled by hand (``benchmarks/bench_voice_fragments.py``), 14 of the 59
  fragments, 1 of the 14 borderline and 2 of the 196 formulations (单方面退出, and
  两名中国公民 as the lists moved); those that came in are 3 fragments, 1 borderline and 13
  formulations. On the congress reports it took 102 of 2,027 (加强和改进, 坚持和完善,
  和平与发展仍然是, and a term: 财政转移支付, jieba's 支付 being a verb).
  A phrase that ends on a word pointing past it leans the same way, before 的 too: a
  pronoun or a party, the one addressed or spoken of (我们希望美方, 中方愿同各方,
  坚决反对任何, 我们希望美方的有关部门 …), or a determiner (注意到有关, 注意到有关的报道). They were
  the whole voice's most used families on the MFA pages (我们希望美方 321 uses, 我们敦促美方
  243, 中方愿同各方 161, 我们在这里 153); 711 of its 20,804 families went and 59 longer lines
  came (20,152), the quarterly lists' share of fragments stayed (45 of 269: 4 went, 4 came,
  among them 我们奉劝美方, which ends its clause in some uses), and the congress reports lost
  11 of 1,925 (社会主义、怎样, 坚决反对一切, 积极参与多边). A line that ends on a party and ends
  its clause in one use is said whole (不针对第三方, 直接当事方; and 希望有关各方, once).
  So does a name right after a verb or a preposition, not before 的: the verb's object's
  head, or what is said of it, follows (香港是中国, 维护朝鲜半岛, 推动中美关系, 美方对中国);
  247 more families of the MFA pages went (19,905) and 8 of the congress reports' (1,907),
  and the quarterly lists moved by one line each way (46 fragments of 269: 以免损害中美关系,
  a stem of 以免损害中美关系和台海和平稳定, had shown as 以免损害中美合作). A name after other
  words may end a whole subject, its predicates following (以习近平同志为核心的党中央), and
  before 的 it may end a whole qualifier (诬蔑抹黑中国的言论): both stay.
  So does a noun or a name that, in every use, runs on into another noun or name (jieba's nouns,
  verbal and adjectival nouns too: ``wordclass``): the phrase ends inside a compound whose head
  follows (完善社会主义 before 市场经济体制 or 法治体系, 中美在经贸 before 领域 or 问题, 国际防扩散,
  联合国维和, 设立职业技能教育). On the MFA pages 412 families went and 13 longer lines came (19,595
  → 19,196), among them 2 of the 43 labelled fragments the quarterly lists showed and none of the
  formulations; the congress reports lost 93 of 1,902 (完善社会主义, 社会主义市场, 混合所有制) and
  gained 1. Before 和 or 的 the word may end the first of a list or a whole qualifier, so those
  stayed, and stems cut there with them (共同维护全球 before 和地区, 7 of its 20 uses). Now the
  items 和, 与, 及, 以及 or 或 join to the noun are read past (维护地区和全球 before 和平稳定: the
  head follows them), and a use before 的 and a noun leans too when another use shows the noun's
  head (维护地区和全球的和平与繁荣); with only 的 after it, the phrase may be a whole qualifier
  (诬蔑抹黑中国的言论) and stays. A head said before a 的 of its own is no head of a noun said right
  after 的: the two are parallel noun phrases (世界和平的建设者、
  全球发展的贡献者和国际秩序的维护者). Nor is a noun after 、, the next item of a list
  (毛泽东军事思想、邓小平新时期军队建设思想). On the MFA pages 446 families went and 15 came (18,778
  → 18,347: 维护朝鲜半岛, 86 uses, 共同维护地区, 63, 符合两国和两国人民, 60, 执行安理会, 54), 4 of
  the 35 labelled fragments the quarterly lists showed (维护地区和全球, 共同维护全球, 共同维护国际,
  维护国际军控) and none of the formulations; the congress reports lost 71 of 1,801 and gained 1
  (their lists' heads said in longer lines: 独立自主、完全平等、互相尊重、互不干涉内部事务 in
  …的原则, 帝国主义、封建主义、官僚资本主义 in …三座大山). A name that the verb before it governs,
  shown in another use, leans before 的 too (我们希望美国政府的政策 beside 我们希望美国政府能够): 32
  more families went and 1 came (18,316), none of the congress reports'. What follows a noun may be
  an adjective (jieba's a, ``wordclass``), which is there the noun's head (维护边境地区 before
  和平稳定, 事关全球战略 before 稳定) or its predicate (朝鲜半岛局势高度 before 敏感): 111 more
  families went and 1 came (18,206: 维护边境地区, 28 uses, 海域的和平, 12); 1 of the labelled
  fragments left the lists (维护中国人民: 17 uses → 7, the others now said in longer lines); and 16
  of the congress reports' went (1,715: 建成富强民主文明, 主体功能区). At first no items were read
  past a noun said right after 的 at all; read past it, 共同关心的国际 before 和地区问题 leans: 18
  more families went and none came (18,188: 共同关心的国际, 93 uses, 正常的贸易, 国际社会的理性),
  none labelled, and 1 of the congress reports' (1,714: 完善共产党领导的多党合作). Items joined
  to a noun were first read past only to what followed them; but whatever follows, a phrase
  that ends on the first of them is cut inside the coordination (地区的和平 before 与稳定。,
  世界的和平 before 与发展作出贡献): 161 more families went and 3 came (18,030: 地区的和平, 139
  uses, 世界的和平, 85, 符合两国人民, 44), none labelled, and 26 of the congress reports' and 1
  came (1,689: partial lists, 世界观、人生观 before 和价值观). And so does a
  phrase that ends on a noun phrase 任何 (any) opens (反对任何国家, 不容任何外部势力,
  停止以任何形式): followed by more, it is the subject of what follows or an object not said in full
  (反对任何国家干涉中国内政); 26 families of the MFA pages went and 2 came (19,063 → 19,037,
  反对任何国家, 68 uses), 4 of the labelled fragments the quarterly lists showed among them, and
  none of the congress reports'. Not 一切: 采取一切必要措施 is said whole before what the measures
  are for. The compound rule at a phrase's start (a noun after a noun) is not made: jieba's verbal
  nouns are as often verbs there (建设学习型政党, and 学习型政党 went with the stems), and it took
  whole terms of both archives. A preposition of two characters or more leans as a verb does, its
  object following (中方将根据, 致力于通过, 中方将继续本着, 鼓励中国企业按照; one of one character
  is dropped from a phrase's end, above): 122 more families of the MFA pages went and none came
  (19,037 → 18,915), and 2 of the congress reports' (经济全球化朝着, 马克思主义关于).
  A word of how many times (多次, 两次, 首次: jieba's numbers ending in 次) leans on its verb
  as an adverb does, and jieba's conjunction 及时 is an adverb (``wordclass.ADVERBS``): 我们已经
  多次 (143 uses), 我们会及时 (132), 中方已多次 (123) and 43 more families of the MFA pages went
  (19,674 → 19,628), stems of the ordinals too (举行第二次, 举行的首次); 不是第一次, which ends
  its clause, stays; the congress reports' families are unchanged.
* A use said right after a negation (不, 没有, 从不 …: ``wordclass.NEGATIONS``) says the
  opposite, so it is never a use of the phrase: it belongs to the negation and the phrase
  together (不附加任何政治条件), which recurs in its own right or is not listed, and the
  phrase keeps its other uses, if they still recur. On the MFA pages 承认所谓的“阿鲁纳恰尔邦”
  (6 uses, 5 of them 从不承认…) and 附加任何政治条件 (24 of 26 after 不) were such phrases;
  115 phrases changed and the families went from 23,999 to 23,913 (the congress reports':
  8 changed, among them 承诺放弃使用武力, every use of which says 决不 or 不能 before it).
* A topic marker (关于, 至于, 对于: ``clauses.TOPIC_MARKERS``) that opens a clause says what
  the answer turns to, as it does for a topic's windows (``clauses.frame``): it is left out
  of the clause's words, so no phrase holds it. On the MFA pages 106 such families went
  (关于中美经贸磋商, 至于你提到的具体问题; 20,910 → 20,804), and 2 of the 47 labelled
  fragments the quarterly lists showed; the congress reports' 1,925 were unchanged. After an
  opening mark it is a title's first word and stays (《关于中美经贸摩擦的事实与中方立场》).
* A use cut inside a frame, beginning after the word that opens it and holding the word
  that closes it (``clauses.inside_frame``, ``clauses.FRAMES``: 在…问题上, 包括…在内,
  就…而言), is no use of the phrase: 问题上的立场 of 中方在叙利亚问题上的立场 says what the
  frame holds without the frame, and a different issue each time. A phrase is listed only if
  its other uses still recur. Names bracketed by 包括…在内 are who is spoken of, as names
  joined by 和 are (包括美国在内). On the MFA pages 120 families went, none came (19,804 →
  19,684): 问题上的立场 (205 uses), 包括美国在内 (198), 在内的各国 (104), 问题上的立场是一贯
  (75) …, and 2 of the 46 labelled fragments among the quarterly lists' new lines (在内的国际社会,
  香港同胞在内); the congress reports' 1,905 were unchanged. A topic's windows lost 2 of the
  US topic's members (a clause 包括美国在内, a frame now). A phrase that ends on the closer of a
  frame it opens (``clauses.ends_frame``: 中方在克什米尔问题上, 75 uses, 愿同包括英国在内) leans
  on what the frame frames, as a stem does (before 的 too), and one that is only a frame
  (``clauses.framed``: 在核裁军问题上) is said beside a line: 33 more families of the MFA pages
  went, none came (19,628 → 19,595), and 1 of the congress reports' (包括台湾同胞在内).
* A family is one phrase up to its slots (``slots.template``): 向〈塞尔维亚｜柬埔寨〉派遣抗疫
  医疗专家组. No similarity clustering: with no topic, nothing says which near-alike lines are
  one formulation, and an archive's whole voice is too large to compare every pair.
  Phrases nested in one another are separate families (人类卫生健康共同体 and
  构建人类卫生健康共同体); ``changes`` lists only the most used of those that change together.
* An expression of digits is one word: a date, a range or a number with its unit
  (9月27日至28日, 70周年, 100多个), however jieba cuts it (27 日至 28 日), so no phrase begins
  or ends inside one. On the 1,000 MFA pages this took away 88 families that did (27日至28,
  日至15日对中国进行, 周年为契机, 74届联大) and gave 48 back whole (9·19共同声明,
  100多个国家和国际组织, 20周年为契机).
* A phrase that closes a quote or bracket it does not open (一带一路”建设) takes the opening
  mark before it, and the reverse (``cores.balanced``).
* Each occurrence is a window inside its clause (``Candidate.part``): one clause may hold two
  formulations.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping
from functools import lru_cache
from heapq import heapify, heappop, heappush
from itertools import accumulate
from typing import Literal

from tifa.corpus import Corpus, Document
from tifa.corpus.charclass import OPENERS
from tifa.corpus.progress import Progress, Report, Stage
from tifa.corpus.voice import voice_turns
from tifa.tracking.formulations.clauses import (
    FRAMES,
    TOPIC_MARKERS,
    Candidate,
    aside,
    ends_frame,
    framed,
    inside_frame,
    sentence_words,
    since,
    span_tokens,
)
from tifa.tracking.formulations.cores import balanced
from tifa.tracking.formulations.keys import match_key
from tifa.tracking.formulations.slots import CONJUNCTIONS, speaker, who_only, word_slot
from tifa.tracking.formulations.wordclass import (
    ATTRIBUTIVE,
    REFERRING,
    WordClass,
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
CLOSED = 0.9
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
_After = Literal["head", "item", "的"]  # what follows a noun (``_qualified``)
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
    # per phrase, its event, or its events once there are two: most phrases of an archive
    # are said once, and a set for each held gigabytes at 10,000 briefings
    said: dict[str, int | set[int]] = {}
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
                mine = _atomic(
                    [(keys[n], bounds[n], bounds[n + 1]) for n in range(first, last) if keys[n]]
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
                        held.add(event)
                    elif held != event:
                        said[text] = {held, event}
    recurring = {t for t, held in said.items() if isinstance(held, set) and len(held) >= MIN_EVENTS}
    del said
    # each clause's recurring phrases, found again rather than kept from the count (kept,
    # every clause's phrases held as much memory as the count itself); a run of words is
    # read only while some recurring phrase begins with it
    heads = {text[:end] for text in recurring for end in range(1, len(text) + 1)}
    places: dict[str, set[_Place]] = {}
    for n, row in enumerate(clauses):
        for first, last, text in _recurring(row[4], recurring, heads):
            places.setdefault(text, set()).add((n, first, last))
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
            words, bounds = sentence_words(doc, doc.sentences[n_sentence])
        start, end = balanced(doc.text, spans[2 * first], spans[2 * last - 1])
        tokens = span_tokens(words, bounds, start, end)
        if who_only(tokens, _JOINING):
            continue  # all slots as a family's template reads them: 〈两国｜中国〉〈领导人｜政府〉
        if _beside(tokens):
            continue  # an aside (我们多次强调), since when (一段时间以来), a frame (在核裁军问题上)
        out.append(_candidate(doc, binning, n_sentence, n_clause, start, end, tokens, shared))
    return tuple(out)


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
            if _said(kept, clauses) >= MIN_EVENTS:
                add(word + text, kept)
        if sides.negated and len(sides.events) < MIN_EVENTS:
            continue
        grown = _grown(text, sides, clauses)
        if grown is None:
            closed.append((text, sides.kept))
            continue
        for longer, kept in grown.items():
            add(longer, kept)
    out: dict[str, set[_Place]] = {}
    for text, found in closed:
        for trimmed, kept in _trimmed(text, found, clauses).items():
            out.setdefault(trimmed, set()).update(kept)
    listed: dict[str, set[_Place]] = {}
    for text, found in out.items():
        if any(closer in text for closers in FRAMES.values() for closer in closers):
            found = {p for p in found if not inside_frame(clauses[p[0]][4], p[1], p[2])}
            if _said(found, clauses) < MIN_EVENTS:
                continue  # recurs only inside a frame: 问题上的立场, 在内的各国
        if not _leaning(found, clauses):
            listed[text] = found
    return listed


def _leaning(found: set[_Place], clauses: list[_Clause]) -> bool:
    """Whether, in every use, more of its clause follows a phrase and the phrase ends on a
    word that leans on it. Such a phrase is a stem of several lines, not one. It leans on
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
      before 与稳定: it ends inside the coordination); or 的 and a noun, when another use
      shows the head (维护地区和全球的和平与繁荣) or the name governed (我们希望美国政府的政策
      beside 我们希望美国政府能够);
    * a noun phrase 任何 opens (``_any_of``: 反对任何国家 before 干涉);
    * a word that points past the phrase, before 的 too (``_points_past``).

    Before 的 or 之, the phrase is otherwise said whole, to qualify a noun: 诬蔑抹黑中国的言论.
    But an adverb there, or a verb after a verb, qualifies that noun alone (保持着密切的沟通,
    回答过类似的问题: ``_attributive``), unless the 的 ends the clause. A name after other
    words may be a whole subject, its predicate following (以习近平同志为核心的党中央). Every
    use is read: jieba may cut one text two ways."""
    headed = qualifying = False  # a noun's head said, or a name governed; 的 and a noun after
    for n, first, end in found:
        mine = clauses[n][4]
        if end == len(mine):
            return False
        last = mine[end - 1]
        if _points_past(last) or ends_frame(mine[first:end]):
            continue
        kind = word_class(last)
        if kind in _NOMINAL:
            after = _qualified(clauses[n], end)
            headed = headed or after == "head"
            qualifying = qualifying or after == "的"
            if after is not None:
                continue
        if mine[end] in ATTRIBUTIVE and (
            end + 1 == len(mine) or not _attributive(clauses[n], first, end, kind)
        ):
            return False
        if _any_of(mine[first:end]):
            continue
        if kind == "name":
            if end - first < 2 or word_class(mine[end - 2]) not in _GOVERNING:
                return False
            headed = True
        elif kind not in _LEANING and not _how_often(last, kind):
            return False
    return headed or not qualifying


def _qualified(clause: _Clause, end: int) -> _After | None:
    """What follows a phrase that ends on a noun or name before word ``end`` of its clause
    (more of the clause follows: ``_leaning`` asks only then):
    "head" when a noun, a name or an adjective does (the phrase ends inside a compound:
    完善社会主义 before 市场经济体制; or before its predicate: 当前半岛局势 before 敏感复杂), or
    items that 和, 与, 及, 以及 or 或 join to it (it ends inside a coordination, whatever
    follows it: 维护地区和全球和平稳定, 地区的和平与稳定); "item" when a noun follows after 、
    (the next item of a list: 毛泽东军事思想、邓小平新时期军队建设思想); "的" when 的 and more
    do (it may qualify the noun after 的, or say what that noun is of); else None. A noun
    said right after 的 may head a noun phrase of its own, and 和 after it join another that
    qualifies its own head (世界和平的建设者、全球发展的贡献者和国际秩序的维护者): parallel noun
    phrases, None."""
    doc, _, _, _, words, spans = clause
    k = end
    while (
        k + 1 < len(words) and words[k] in CONJUNCTIONS and word_class(words[k + 1]) in _AFTER_NOUN
    ):
        k += 2
    if k > end:
        after_de = end >= 2 and words[end - 2] in ATTRIBUTIVE
        parallel = after_de and k + 1 < len(words) and words[k + 1] in ATTRIBUTIVE
        return None if parallel else "head"
    if word_class(words[k]) in _AFTER_NOUN:
        return "item" if "、" in doc.key[spans[2 * k - 1] : spans[2 * k]] else "head"
    if words[k] in ATTRIBUTIVE and k + 1 < len(words):
        return "的"
    return None


def _attributive(clause: _Clause, first: int, end: int, kind: WordClass | None) -> bool:
    """Whether a phrase's last word, said before 的 and more, qualifies only the noun after 的, not
    together with the rest of the phrase: an adverb (保持着密切的沟通: jieba's adjectives said as
    adverbs), or a verb after another verb of the phrase (回答过类似的问题, 进行了深入的交流: the
    first verb's object is that noun). Not in a list (外防输入、内防反弹的策略, 相互尊重、
    平等相待、合作共赢的原则): its items are said whole, and qualify the noun together."""
    if kind == "adverb":
        return True
    doc, _, _, _, mine, spans = clause
    return (
        kind == "verb"
        and any(word_class(w) == "verb" for w in mine[first : end - 1])
        and "、" not in doc.key[spans[2 * first] : spans[2 * end - 1]]
    )


def _any_of(words: tuple[str, ...]) -> bool:
    """Whether words end on a noun phrase that 任何 (any) opens: 反对任何国家, 不容任何外部势力,
    停止以任何形式. Followed by more of its clause, it is the subject of what follows or an
    object not said in full (反对任何国家干涉中国内政, 以任何形式干预), so the phrase leans."""
    if _ANY not in words[:-1]:
        return False
    k = len(words) - 1 - words[::-1].index(_ANY)
    return all(word_class(w) in _NOUN_PHRASE for w in words[k + 1 :])


def _how_often(word: str, kind: str | None) -> bool:
    """Whether a word says how many times (多次, 两次, 首次: jieba's numbers ending in 次, the
    measure of an action): said before the verb it counts, it leans on it as an adverb does
    (我们已经多次, 中方已多次)."""
    return kind == "number" and word.endswith("次")


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
        self.events: set[int] = set()
        self.before: dict[str, set[int]] = {}
        self.after: dict[str, set[int]] = {}
        for n, first, last in found:
            row = clauses[n]
            event, mine = row[1], row[4]
            if first > 0:
                word = mine[first - 1]
                if negation(word):
                    self.negated.setdefault(word, set()).add((n, first - 1, last))
                    continue
                self.before.setdefault(word, set()).add(event)
            self.events.add(event)
            if last < len(mine):
                self.after.setdefault(mine[last], set()).add(event)
        self.kept = found
        if self.negated:
            taken = {(n, first + 1, last) for by in self.negated.values() for n, first, last in by}
            self.kept = found - taken


def _said(found: set[_Place], clauses: list[_Clause]) -> int:
    """How many events say a phrase at these places."""
    return len({clauses[n][1] for n, _, _ in found})


def _grown(text: str, sides: _Sides, clauses: list[_Clause]) -> dict[str, set[_Place]] | None:
    """The phrases one word longer before it, else one word longer after it, that recur,
    with their places (the ``kept`` of its ``sides``), when there are at most ``BRANCHES``
    of them on that side and they hold at least ``CLOSED`` of the phrase's events; else None
    (the phrase is closed on both sides)."""
    events, before, after = sides.events, sides.before, sides.after
    for side, by_word in ((-1, before), (1, after)):
        recur = {w for w, said in by_word.items() if len(said) >= MIN_EVENTS}
        if not recur or len(recur) > BRANCHES:
            continue
        if len(set().union(*(by_word[w] for w in recur))) < CLOSED * len(events):
            continue
        out: dict[str, set[_Place]] = {}
        for n, first, last in sides.kept:
            mine = clauses[n][4]
            k = first - 1 if side < 0 else last
            if 0 <= k < len(mine) and mine[k] in recur:
                word = mine[k]
                longer = word + text if side < 0 else text + word
                out.setdefault(longer, set()).add((n, min(first, k), max(last, k + 1)))
        return out
    return None


def _trimmed(text: str, found: set[_Place], clauses: list[_Clause]) -> dict[str, set[_Place]]:
    """The places of the maximal phrase ``text`` without the one-character function words at
    their ends, nor a one-character preposition or adverb at their end (a phrase found by
    ``_phrases`` has no one-character word at either end, so some of each place is always
    left)."""
    out: dict[str, set[_Place]] = {}
    for n, first, last in found:
        mine = clauses[n][4]
        start, end = first, last
        while len(mine[start]) == 1 and word_class(mine[start]) == "function":
            start += 1
        while len(mine[end - 1]) == 1 and word_class(mine[end - 1]) in _LOOSE_LAST:
            end -= 1
        said = text if (start, end) == (first, last) else "".join(mine[start:end])
        out.setdefault(said, set()).add((n, start, end))
    return out


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
