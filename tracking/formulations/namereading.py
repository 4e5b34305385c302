"""How jieba's character model reads a word: the tags of the words it finds in it.

jieba's dictionary gives each entry one tag, and tags many phrases of ordinary words names:
丰硕成果 (nr), 长足发展 (nt), 严格执行 (nr), 采取措施 (nr). A family's template reads a
name as a slot (``slots``), so on the MFA pages 取得丰硕成果, 取得长足发展 and 取得巨大成功 were
one line of the whole voice. ``wordclass`` reads such a word as ordinary words only when its
dictionary words say so and this model agrees: its hidden Markov model of characters and tags
(``jieba.posseg``'s tables, trained on tagged text) reads a word from its characters, where
the dictionary has one tag per entry. It reads 丰硕成果 as an adjective and a noun, and 联合政府
(联合, a verb, and 政府) as one name.

jieba cuts the names of people its dictionary lacks with the same model, one context at a
time, and not always whole: 孟晚|舟, 杜特|尔特 and 以杜特|尔特, 王受|文将. Read across such a
cut, the model finds the name whole (孟晚舟, 杜特尔特; 王受文 and 将), and the whole voice's
phrases do not begin or end there (``rejoined``: ``recurrent``).

The tables load from jieba's package without importing jieba (from its modules when it was
packaged without the pickles of them). The model is loaded and asked while the word classes'
table is built (``wordclass._load``) and while the whole voice's phrases are found, and
dropped after each. It reads a dictionary word in about 0.2 ms, four characters of jieba's
dictionary drawn at random in 0.7 ms (0.4 and 2.6 ms walked in dicts, as jieba walks them).
"""

from __future__ import annotations

import importlib.util
import pickle
from collections.abc import Mapping
from pathlib import Path

import numpy as np

_LOW = -3.14e100  # jieba's log probability of a character a state never emits

State = tuple[str, str]  # a position in a word (B, M, E, S) and a tag
PERSONS = frozenset({"nr", "nrfg", "nrt"})  # the tags of people's names
# the tags of names (nz: foreign proper names, 穆加贝)
NAME_TAGS = PERSONS | {"ns", "nt", "j", "nz"}


class CharacterModel:
    """jieba.posseg's tables: the states each character takes, and the log probabilities of
    starting in a state, moving from one to the next, and a state emitting a character."""

    def __init__(self, folder: Path) -> None:
        def load(name: str) -> Mapping:
            try:
                with open(folder / f"{name}.p", "rb") as f:
                    return pickle.load(f)
            except OSError:  # a jieba packaged without its pickles: its modules (~0.5 s)
                return importlib.import_module(f"jieba.posseg.{name}").P

        self.states: Mapping[str, tuple[State, ...]] = load("char_state_tab")
        self.start: Mapping[State, float] = load("prob_start")
        self.emit: Mapping[State, Mapping[str, float]] = load("prob_emit")
        trans: Mapping[State, Mapping[State, float]] = load("prob_trans")
        # the states numbered largest first, so that the first of equal scores (``argmax``)
        # is the largest state, as jieba's ``max`` over (score, state) picks it
        self.order: list[State] = sorted({*trans, *self.start, *self.emit}, reverse=True)
        self.number = {s: n for n, s in enumerate(self.order)}
        self.moves = np.full((len(self.order), len(self.order)), -np.inf)
        for before, after in trans.items():
            for state, p in after.items():
                self.moves[self.number[before], self.number[state]] = p
        self.every = tuple(trans)
        self.taken: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # per character: ``_taken``

    def tags(self, word: str) -> list[tuple[str, str]]:
        """The most likely states of the word's characters (a Viterbi path), as (position,
        tag) per character; [] when no path reads it. Each step is one numpy maximum over
        the moves from the states reached to those the next character takes: a character
        the tables lack takes every state, and walked in dicts this was the whole voice's
        largest single cost on an archive of many words jieba's dictionary lacks (the
        synthetic briefings)."""
        at, emitted = self._taken(word[0])
        score = np.array([self.start[self.order[n]] for n in at]) + emitted
        back: list[tuple[np.ndarray, np.ndarray]] = []  # per step: states reached, came from
        for ch in word[1:]:
            nxt, emitted = self._taken(ch)
            total = score[:, None] + self.moves[np.ix_(at, nxt)]
            came = total.argmax(axis=0)
            best = total[came, np.arange(len(nxt))]
            reached = best > -np.inf  # a state no move reaches is not taken
            if not reached.any():
                return []
            nxt = nxt[reached]
            back.append((nxt, at[came[reached]]))
            score = best[reached] + emitted[reached]
            at = nxt
        state = int(at[score.argmax()])
        path = [state]
        for reached, came_from in reversed(back):
            state = int(came_from[np.searchsorted(reached, state)])
            path.append(state)
        return [self.order[n] for n in reversed(path)]

    def _taken(self, ch: str) -> tuple[np.ndarray, np.ndarray]:
        """The numbers of the states a character takes (every state for one the tables
        lack), ascending, and each one's log probability of emitting it."""
        taken = self.taken.get(ch)
        if taken is None:
            at = sorted(self.number[s] for s in self.states.get(ch, self.every))
            emitted = [self.emit[self.order[n]].get(ch, _LOW) for n in at]
            taken = self.taken[ch] = (np.array(at, dtype=np.intp), np.array(emitted))
        return taken

    @classmethod
    def load(cls) -> CharacterModel:
        """The model of the jieba tifa imports (its tables take about 19 MB of memory: the
        caller keeps it only while it reads)."""
        spec = importlib.util.find_spec("jieba")
        assert spec is not None and spec.origin is not None  # a dependency of tifa
        return cls(Path(spec.origin).with_name("posseg"))

    def reading(self, word: str) -> tuple[str, ...]:
        """The tags of the words the model reads ``word`` as, in order (a word: a run of
        states from B to E, or S)."""
        out: list[str] = []
        for position, tag in self.tags(word):
            if position in ("B", "S") or not out:
                out.append(tag)
        return tuple(out)

    def rejoined(self, left: str, right: str) -> tuple[str, ...] | None:
        """The words the model reads two words said one after the other as, when it reads
        one person's name across the cut between them: 孟晚|舟 (孟晚舟), 以杜特|尔特 (以,
        杜特尔特), 王受|文将 (王受文, 将), 同梅德韦|杰夫 (同, 梅德韦杰夫: two names one after
        the other are one); else None: 愿同|中方 and 这是|美国, which it cuts there too, and
        祝贺|文在寅, which it reads as more than a name and a character beside it. People's
        names only: the model reads places and organisations into what follows them
        (朝鲜|半岛核问题, 中非|命运共同体 and 福建省|卫健委 are one place or organisation to
        it)."""
        text = left + right
        path = self.tags(text)
        if not path:
            return None
        position, tag = path[len(left)]
        if position not in ("M", "E") or tag not in PERSONS:
            return None
        # where its words begin, but that one person's name may read as two (梅德|韦杰夫 in
        # 同梅德韦杰夫): a name after a name goes on
        starts = [
            k
            for k, (at, said) in enumerate(path)
            if at == "S"
            or (at == "B" and not (k and said in PERSONS and path[k - 1][1] in PERSONS))
        ]
        words = tuple(text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True))
        # the name, and at most one character beside it at an edge: 祝贺|文在寅, read as
        # 祝贺文 在 寅, is no name across the cut
        if len(words) > 2 or (len(words) == 2 and min(map(len, words)) > 1):
            return None
        return words
