"""A line said the other way round: the members of a family that say what its line commits
to is broken, parted into a family of their own.

A family is grown from wordings that look alike, and a protest looks like the commitment it
invokes: 严重违反一个中国原则和中美三个联合公报规定 (a bill "seriously violates" the one-China
principle and the communiqués) shares all but two words with 美方恪守一个中国原则和中美三个联合公报
规定 (the US "abides by" them), and key phrases tie the two as well. A reader counting how often
the US is urged to abide by the line, or watching its wording change, needs the protests apart,
as the project's hand labels keep them (``benchmarks/data/formulation_labels.tsv``: the verb
is the commitment). Decisions:

* A reversal is one of a closed list of verbs that say a commitment is broken
  (``REVERSALS``: 违反, 违背, 背离, 破坏, 践踏 …), as ``wordclass.NEGATIONS`` is a closed list
  of words that say no; a word is read by the verb it ends with, should jieba keep an adverb
  with it.
* A member reverses its family's line when a reversal in its window is followed by words
  the line says (``SAID`` characters of them, punctuation aside): the broken commitment is
  the family's (违反 before 一个中国原则, which the line says). A reversal of something else
  (破坏地区战略平衡 in a family on the THAAD deployment) is left in place.
* The line is the window the family says in most events; a family whose line itself says a
  reversal (损害中国主权和安全利益, 以免损害中美关系和台海和平稳定) is about the harm, and parts
  nothing.
* The members part when they say the reversal in ``MIN_EVENTS`` events or more, and fewer
  than the rest: a lone protest stays a variant of the line it invokes. The key phrases' ties
  of the members that part are dropped, as a shared key phrase was how the two were joined.
* Parted, the protests no longer weigh on the family's core: ``cores`` leaves out who asks
  whom (我们敦促美方), which the protests, said without a request, had kept out by chance.
"""

from __future__ import annotations

from collections.abc import Sequence

from tifa.tracking.formulations.clauses import Candidate
from tifa.tracking.formulations.keys import match_key

# verbs that say a commitment, a principle or a rule is broken, disregarded or denied
REVERSALS = frozenset(
    {"违反", "违背", "背离", "背弃", "破坏", "践踏", "歪曲", "篡改", "无视", "罔顾", "否认"}
    | {"侵犯", "掏空", "损害"}
)
SAID = 4  # characters after the reversal that the line must say
MIN_EVENTS = 2  # events a reversal is said in, at least, for its members to part


def reversed_parts(
    members: list[int],
    tied: dict[int, str],
    candidates: Sequence[Candidate],
    events: Sequence[int],
) -> list[tuple[list[int], dict[int, str]]]:
    """A family (its members, and those a key phrase ``tied`` in), and the members that say
    its line reversed parted from it, when they part (see the module docstring): the ties
    follow the members that stay."""
    reversed_ = _reversing(members, candidates, events)
    if not reversed_:
        return [(members, tied)]
    gone = set(reversed_)
    stay = [i for i in members if i not in gone]
    return [(stay, {i: p for i, p in tied.items() if i not in gone}), (reversed_, {})]


def _reversing(
    members: list[int], candidates: Sequence[Candidate], events: Sequence[int]
) -> list[int]:
    """The members of a family that say its line reversed, when they part (else empty)."""
    if len(members) < 3:
        return []
    said: dict[str, set[int]] = {}
    words: dict[str, tuple[str, ...]] = {}  # each text's words, as its first member cuts it
    for i in members:
        c = candidates[i]
        said.setdefault(c.match, set()).add(events[i])
        words.setdefault(c.match, c.tokens)
    line = max(said, key=lambda text: len(said[text]))  # the first most said: members' order
    if _reversals(words[line]):
        return []
    out = []
    for i in members:
        tokens = candidates[i].tokens
        for k in _reversals(tokens):
            after = match_key("".join(tokens[k + 1 :]))[:SAID]
            if len(after) == SAID and after in line:
                out.append(i)
                break
    if len({events[i] for i in out}) < MIN_EVENTS or 2 * len(out) >= len(members):
        return []
    return out


def _reversals(tokens: Sequence[str]) -> list[int]:
    """Where the words that end with a reversal are (a word is read by the verb it ends
    with, should jieba keep an adverb with it)."""
    return [k for k, w in enumerate(tokens) if w[-2:] in REVERSALS]
