"""jieba words, with the field's terms kept whole.

jieba is imported and its dictionary loaded once, on first use, from whatever thread asks
first (the TUI asks from a worker). Its log is silenced before loading because it prints to
stderr, which would draw over a terminal UI. Its dictionary cache goes to tifa's cache
folder, not the system temp directory; if that folder cannot be used, jieba builds its
dictionary afresh (about a second) and its failure to cache it is not printed. Terms with
punctuation (分阶段、同步走) cannot be jieba words; formulations are matched at phrase level
for those.
"""

from __future__ import annotations

import logging
import threading
from importlib import resources
from typing import TYPE_CHECKING

from tifa.corpus.paths import cache_dir, cache_problem

if TYPE_CHECKING:
    import jieba

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def tokenizer() -> jieba.Tokenizer:
    """The shared, initialised tokenizer with tifa's user dictionary."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

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
            _tokenizer = tok
        return _tokenizer


def is_loaded() -> bool:
    return _tokenizer is not None


def tokenise(text: str) -> tuple[str, ...]:
    """Words of ``text``; they concatenate back to ``text`` exactly."""
    return tuple(tokenizer().cut(text, HMM=True))
