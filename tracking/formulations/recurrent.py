"""The whole official voice: the phrases it repeats, for ``tifa families all`` and
``tifa changes all``, where no topic's keywords say what to read.

A new slogan belongs to no topic yet, so ``all`` reads every sentence of the official voice.
A briefing archive is mostly lines said once, so a formulation here is what the voice
repeats. Decisions:

* A phrase is a run of 2..``MAX_WORDS`` jieba words inside one clause (punctuation dropped,
  so “双轨并进”思路 is 双轨并进 思路), of at least ``MIN_CHARS`` characters, with no
  one-character word at either end and not made only of names, numbers and dates (slots,
  ``tracking.formulations.slots``). It recurs when at least ``MIN_EVENTS`` events say it (two
  editions of one press conference count once).
* Only closed phrases are kept: one that nearly always comes inside a longer recurring
  phrase (the longer one is said in at least ``CLOSED`` of its events) is that longer
  phrase's fragment (卫生健康共同体 inside 人类卫生健康共同体), not a formulation of its own.
* A family is one phrase up to its slots (``slots.template``): 向〈塞尔维亚｜柬埔寨〉派遣抗疫
  医疗专家组. No similarity clustering: with no topic, nothing says which near-alike lines are
  one formulation, and an archive's whole voice is too large to compare every pair.
  Phrases nested in one another are separate families (人类卫生健康共同体 and
  构建人类卫生健康共同体); ``changes`` lists only the most used of those that change together.
* A phrase that closes a quote or bracket it does not open (一带一路”建设) takes the opening
  mark before it, and the reverse (``cores.balanced``).
* Each occurrence is a window inside its clause (``Candidate.part``): one clause may hold two
  formulations.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Mapping
from functools import lru_cache

from tifa.corpus import Corpus, Document
from tifa.corpus.voice import voice_turns
from tifa.tracking.formulations.clauses import Candidate, match_key, sentence_words, span_tokens
from tifa.tracking.formulations.cores import balanced
from tifa.tracking.formulations.slots import word_slot
from tifa.tracking.periods import Binning
from tifa.tracking.versions.events import Event

MAX_WORDS = 6
MIN_CHARS = 5
MIN_EVENTS = 3
CLOSED = 0.9

# a clause: doc, sentence, clause index, its words without punctuation (with offsets in
# doc.key), its phrases, the sentence's jieba words and their offsets
_Phrase = tuple[int, int, str]
_Clause = tuple[
    Document, int, int, list[tuple[str, int, int]], tuple[_Phrase, ...], tuple[str, ...], list[int]
]


def voice_candidates(
    corpus: Corpus,
    binning: Binning,
    of_doc: Mapping[str, Event],
    roles: Collection[str] | None = None,
) -> tuple[Candidate, ...]:
    """Every occurrence of a closed recurring phrase in the turns read (see the module
    docstring), in document and reading order."""
    clauses: list[_Clause] = []
    said: dict[str, set[int]] = {}
    for doc in corpus.documents:
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
                mine = [(keys[n], bounds[n], bounds[n + 1]) for n in range(first, last) if keys[n]]
                found = _phrases(tuple(w for w, _, _ in mine))
                clauses.append((doc, sentence.index, clause.index, mine, found, words, bounds))
                for _, _, text in found:
                    said.setdefault(text, set()).add(event)
    kept = _closed({p: len(e) for p, e in said.items() if len(e) >= MIN_EVENTS})
    out: list[Candidate] = []
    for doc, n_sentence, n_clause, mine, found, words, bounds in clauses:
        for first, last, text in found:
            if text in kept:
                start, end = balanced(doc.text, mine[first][1], mine[last - 1][2])
                tokens = span_tokens(words, bounds, start, end)
                out.append(_candidate(doc, binning, n_sentence, n_clause, start, end, tokens))
    return tuple(out)


@lru_cache(maxsize=1 << 18)
def _key(word: str) -> str:
    return match_key(word)


@lru_cache(maxsize=1 << 16)
def _phrases(words: tuple[str, ...]) -> tuple[_Phrase, ...]:
    """Every phrase of a clause's words: (first word, end word, text); cached, as a
    briefing archive repeats its clauses."""
    slot = [word_slot(w) is not None for w in words]
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


def _closed(counts: dict[str, int]) -> set[str]:
    """The phrases not nearly always said inside a longer recurring one."""
    kept = set(counts)
    for longer, n in counts.items():
        for a in range(len(longer)):
            for b in range(a + MIN_CHARS, len(longer) + 1 - (a == 0)):
                inner = longer[a:b]
                if inner in kept and n >= CLOSED * counts[inner]:
                    kept.discard(inner)
    return kept


def _candidate(
    doc: Document,
    binning: Binning,
    sentence: int,
    clause: int,
    start: int,
    end: int,
    tokens: tuple[str, ...],
) -> Candidate:
    period = binning.exact(doc.id)
    assert period is not None and period.key is not None and doc.year is not None
    turn = doc.turns[doc.sentences[sentence].turn]
    key = doc.key[start:end]
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
        text=doc.text[start:end],
        key=key,
        match=match_key(key),
        tokens=tokens,
        hit=True,
        part=True,
    )
