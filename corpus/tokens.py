"""jieba words, with the field's terms kept whole.

jieba is imported and its dictionary loaded once, on first use, from whatever thread asks
first (the TUI asks from a worker). Its log is silenced before loading because it prints to
stderr, which would draw over a terminal UI. Its dictionary cache goes to tifa's cache
folder, not the system temp directory; if that folder cannot be used, jieba builds its
dictionary afresh (about a second) and its failure to cache it is not printed. Terms with
punctuation (分阶段、同步走) cannot be jieba words; formulations are matched at phrase level
for those.

Words are cut block by block, as jieba itself does (a block is a run of ideographs, letters
and digits, or what lies between two such runs), and each block's words are remembered
(``_cut_block``): transcripts repeat their set phrases (谢谢, 我们注意到有关报道), and on the
real sample and the synthetic transcripts this saves 10-13 % of jieba's time, the largest
cost of a cold build, for the same words. A run of ideographs, letters and digits is cut
by ``corpus.wordcut`` (jieba's algorithm and HMM, its path found faster), the rest by
jieba itself.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from tifa.corpus.paths import cache_dir, cache_problem
from tifa.corpus.wordcut import Cutter

if TYPE_CHECKING:
    import jieba

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_cutter: Cutter | None = None
_blocks: re.Pattern[str] | None = None  # jieba's own block pattern (jieba.re_han_default)
BLOCKS_REMEMBERED = 100_000


def tokenizer() -> jieba.Tokenizer:
    """The shared, initialised tokenizer with tifa's user dictionary."""
    global _tokenizer, _cutter, _blocks
    with _lock:
        if _tokenizer is None:
            import jieba

            _blocks = jieba.re_han_default
            folder = cache_dir()
            # jieba logs a dictionary cache it could not write as an error, with a traceback:
            # where the cache folder cannot be used, that is expected, and not worth a word.
            jieba.setLogLevel(
                logging.WARNING if cache_problem(folder) is None else logging.CRITICAL
            )
            tok = jieba.Tokenizer()
            tok.tmp_dir = str(folder)
            tok.initialize()
            with resources.files("tifa.corpus.resources").joinpath("userdict.txt").open("rb") as f:
                tok.load_userdict(f)
            _cutter = Cutter(tok)
            _tokenizer = tok
        return _tokenizer


def is_loaded() -> bool:
    return _tokenizer is not None


def tokenise(text: str) -> tuple[str, ...]:
    """Words of ``text``, as ``jieba.Tokenizer.cut(text, HMM=True)`` gives them; they
    concatenate back to ``text`` exactly."""
    tokenizer()
    assert _blocks is not None
    return tuple(word for block in _blocks.split(text) if block for word in _cut_block(block))


@lru_cache(maxsize=BLOCKS_REMEMBERED)
def _cut_block(block: str) -> tuple[str, ...]:
    """A run of ideographs, letters and digits by ``Cutter`` (jieba's words, faster); what
    lies between two runs by jieba itself."""
    tok = tokenizer()
    assert _blocks is not None and _cutter is not None
    if _blocks.match(block):
        return tuple(_cutter.cut(block))
    return tuple(tok.cut(block, HMM=True))
