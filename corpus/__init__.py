"""Reading transcripts: decode, normalise, segment, infer metadata, cache.

The public API is re-exported here; nothing in this package imports Textual or Rich.
"""

from tifa.corpus.load import (
    BUNDLED,
    Corpus,
    bundled_dir,
    load_corpus,
    load_file,
    load_named,
    tokens_for,
    with_tokens,
)
from tifa.corpus.model import Clause, CorpusError, Document, Metadata, Sentence, Turn

__all__ = [
    "BUNDLED",
    "Clause",
    "Corpus",
    "CorpusError",
    "Document",
    "Metadata",
    "Sentence",
    "Turn",
    "bundled_dir",
    "load_corpus",
    "load_file",
    "load_named",
    "tokens_for",
    "with_tokens",
]
