"""tifa's words are jieba's: ``corpus.wordcut`` finds jieba's path faster, and must give
exactly the words ``Tokenizer.cut(text, HMM=True)`` gives, on real text and on any text."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tifa.corpus import tokens
from tifa.corpus.decode import read_file

from helpers import ROOT, SEEDS

REAL = ROOT.parent / "shared" / "real"
USER_WORDS = [
    line.split()[0]
    for line in (ROOT / "corpus" / "resources" / "userdict.txt").read_text("utf-8").splitlines()
    if line.strip()
]


def jieba_words(text: str) -> tuple[str, ...]:
    return tuple(tokens.tokenizer().cut(text, HMM=True))


def assert_same_words(text: str) -> None:
    tokens._cut_block.cache_clear()  # cut afresh, not remembered
    assert tokens.tokenise(text) == jieba_words(text)


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name[:3] for s in SEEDS])
def test_the_words_of_the_seeds_are_jiebas(seed):
    assert_same_words(read_file(str(seed)).text)


@pytest.mark.skipif(not REAL.is_dir(), reason="the real sample is not here")
def test_the_words_of_real_transcripts_are_jiebas():
    """Forty MFA pages and a congress report, picked at random once (every run the same)."""
    files = sorted(REAL.rglob("*.txt"))
    largest = max(files, key=lambda p: p.stat().st_size)
    for path in [*random.Random(11).sample(files, 40), largest]:
        assert_same_words(read_file(str(path)).text)


# Text built from the pieces that steer jieba: its user words (and their prefixes), common
# and rare ideographs (the HMM's), letters, digits, the symbols inside its blocks, and
# punctuation and spaces between them.
_PIECES = st.one_of(
    st.sampled_from(USER_WORDS),
    st.sampled_from(USER_WORDS).map(lambda w: w[: max(1, len(w) - 1)]),
    st.text(alphabet="的是中国人民台湾问题我们发展合作双轨并进一二三", min_size=1, max_size=6),
    st.text(alphabet="龘靐齉爩鱻麤𠀀𪚥", min_size=1, max_size=4),
    st.text(alphabet="abcXYZ0123456789.%+#&_-", min_size=1, max_size=5),
    st.text(alphabet="，。、：；！？“”（） \n", min_size=1, max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_any_text_gets_jiebas_words(text):
    assert_same_words(text)
