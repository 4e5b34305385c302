"""jieba's accurate cut of one block, the same words in less time: ``Cutter``.

jieba (pinned at 0.42.1) cuts a run of ideographs, letters and digits (a block of
``jieba.re_han_default``) in three steps: every dictionary word starting at each position
(``Tokenizer.get_DAG``), the most probable path through them, right to left
(``Tokenizer.calc``), then its HMM (``jieba.finalseg``) on each run of single characters
that is no dictionary word. The first two were the largest part of a cold build's time
with words. ``Cutter.cut`` does them in one pass, without the DAG's lists and dicts and
the generator of tuples that ``calc`` takes a ``max`` of, and with each word's
``log(freq) - log(total)`` computed once, when the dictionary is loaded, rather than on
every edge. The arithmetic is the same, in the same order, so the scores are the same
floats, and a tie goes to the longer word, as ``max`` over ``(score, end)`` gives it. The
walk along the path is jieba's own logic; so is its HMM (``_Hmm``: the same Viterbi sums
with jieba's tables, a path kept as back-pointers instead of lists copied at every
character). ``tests/test_tokens.py`` checks the words against ``Tokenizer.cut`` on the
real sample and on random text.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import log
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jieba

_NO_WORD = object()  # not even a prefix of a dictionary word


class Cutter:
    """The words of a block as ``tokenizer.cut(block, HMM=True)`` gives them. Made after
    the tokenizer's dictionary (user words included) is complete: words added later are
    not seen."""

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        from jieba import finalseg

        self.freq = tokenizer.FREQ
        logtotal = log(tokenizer.total)
        # A word's score; None for a prefix that is no word itself (frequency 0).
        self.logp: dict[str, float | None] = {
            word: log(count) - logtotal if count else None for word, count in self.freq.items()
        }
        self.single = log(1) - logtotal  # a character that is no word, as ``calc`` scores it
        self.hmm = _Hmm(finalseg)

    def ends(self, block: str) -> list[int]:
        """Where the best path's word starting at each position ends (exclusive):
        ``Tokenizer.calc``'s route over ``Tokenizer.get_DAG``."""
        n = len(block)
        score = [0.0] * (n + 1)
        ends = [0] * n
        logp = self.logp.get
        for start in range(n - 1, -1, -1):
            best: float | None = None
            end = start + 1
            i = start
            found = logp(block[start], _NO_WORD)
            while found is not _NO_WORD:
                if found is not None:
                    value = found + score[i + 1]  # type: ignore[operator]
                    if best is None or value >= best:
                        best, end = value, i + 1
                i += 1
                if i >= n:
                    break
                found = logp(block[start : i + 1], _NO_WORD)
            if best is None:
                best = self.single + score[start + 1]
            score[start] = best
            ends[start] = end
        return ends

    def cut(self, block: str) -> list[str]:
        """The words of ``block``: ``Tokenizer.__cut_DAG``'s walk along the path, where a
        run of single characters goes to ``_loose``."""
        ends = self.ends(block)
        words: list[str] = []
        x, n, loose = 0, len(block), 0
        while x < n:
            y = ends[x]
            if y - x > 1:
                if loose < x:
                    self._loose(block[loose:x], words)
                words.append(block[x:y])
                loose = y
            x = y
        if loose < n:
            self._loose(block[loose:], words)
        return words

    def _loose(self, buf: str, words: list[str]) -> None:
        """A run of single characters on the path: the HMM's words, unless the run is a
        word itself (then its characters), as jieba does."""
        if len(buf) == 1:
            words.append(buf)
        elif not self.freq.get(buf):
            words += self.hmm.cut(buf)
        else:
            words += buf


class _Hmm:
    """``jieba.finalseg.cut``: its Viterbi path over the states B, M, E, S with its own
    tables, the same sums in the same order, ties broken as its ``max`` over ``(score,
    state)`` breaks them (the later letter wins); a path kept as back-pointers rather than
    a list copied at every character."""

    def __init__(self, finalseg: Any) -> None:
        self.low = finalseg.MIN_FLOAT
        self.start = [finalseg.start_P[s] for s in "BMES"]
        self.emit = [finalseg.emit_P[s].get for s in "BMES"]
        trans = finalseg.trans_P
        self.trans = {(a, b): trans[a].get(b, self.low) for a in "BMES" for b in "BMES"}
        self.force_split = finalseg.Force_Split_Words
        self.han, self.skip = finalseg.re_han, finalseg.re_skip

    def cut(self, text: str) -> Iterator[str]:
        for block in self.han.split(text):
            if self.han.match(block):
                for word in self._words(block):
                    if word in self.force_split:
                        yield from word
                    else:
                        yield word
            else:
                yield from (x for x in self.skip.split(block) if x)

    def _words(self, block: str) -> Iterator[str]:
        begin = done = 0
        for i, state in enumerate(self._states(block)):
            if state == "B":
                begin = i
            elif state == "E":
                yield block[begin : i + 1]
                done = i + 1
            elif state == "S":
                yield block[i]
                done = i + 1
        if done < len(block):
            yield block[done:]

    def _states(self, block: str) -> list[str]:
        low, t = self.low, self.trans
        e_b, e_m, e_e, e_s = self.emit
        eb, bm, be, me = t["E", "B"], t["B", "M"], t["B", "E"], t["M", "E"]
        sb, mm, ss, es = t["S", "B"], t["M", "M"], t["S", "S"], t["E", "S"]
        first = block[0]
        b, m, e, s = (p + em(first, low) for p, em in zip(self.start, self.emit, strict=True))
        back = []
        for char in block[1:]:
            em = e_b(char, low)
            x, y = e + eb + em, s + sb + em
            new_b, from_b = (x, "E") if x > y else (y, "S")
            em = e_m(char, low)
            x, y = m + mm + em, b + bm + em
            new_m, from_m = (y, "B") if y > x else (x, "M")
            em = e_e(char, low)
            x, y = b + be + em, m + me + em
            new_e, from_e = (x, "B") if x > y else (y, "M")
            em = e_s(char, low)
            x, y = s + ss + em, e + es + em
            new_s, from_s = (y, "E") if y > x else (x, "S")
            back.append({"B": from_b, "M": from_m, "E": from_e, "S": from_s})
            b, m, e, s = new_b, new_m, new_e, new_s
        state = "E" if e > s else "S"
        states = [state]
        for step in reversed(back):
            state = step[state]
            states.append(state)
        states.reverse()
        return states
