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
table is built (``wordclass._load``) and while the whole voice's phrases are found, about
0.25 ms a word, and dropped after each.
"""

from __future__ import annotations

import importlib.util
import pickle
from collections.abc import Mapping
from pathlib import Path

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
        self.into: dict[State, dict[State, float]] = {}
        for before, after in trans.items():
            for state, p in after.items():
                self.into.setdefault(state, {})[before] = p
        self.every = tuple(trans)

    def tags(self, word: str) -> list[tuple[str, str]]:
        """The most likely states of the word's characters (a Viterbi path), as (position,
        tag) per character; [] when no path reads it."""
        emit, states = self.emit, self.states
        first = word[0]
        score = {s: self.start[s] + emit[s].get(first, _LOW) for s in states.get(first, self.every)}
        back: list[dict[State, State]] = []
        for ch in word[1:]:
            now: dict[State, float] = {}
            came: dict[State, State] = {}
            for s in states.get(ch, self.every):
                into = self.into.get(s)
                if not into:
                    continue
                best = max(
                    ((p + into[s0], s0) for s0, p in score.items() if s0 in into), default=None
                )
                if best is not None:
                    now[s], came[s] = best[0] + emit[s].get(ch, _LOW), best[1]
            if not now:
                return []
            score = now
            back.append(came)
        state = max(score, key=lambda s: (score[s], s))
        path = [state]
        for came in reversed(back):
            state = came[state]
            path.append(state)
        return path[::-1]

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
