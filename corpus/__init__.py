"""Reading transcripts: decode, normalise, segment, infer metadata, cache.

The public API is exported here, lazily (PEP 562): ``from tifa.corpus import load_corpus``
imports the loader on first use, so importing one small module of this package (the data
model, say) does not load the rest. Nothing in this package imports Textual or Rich.
"""

from __future__ import annotations

from tifa.corpus.lazy import lazy_exports

TYPE_CHECKING = False  # not typing's: importing it costs the daemon's client (``tui.cli.main``)
if TYPE_CHECKING:  # what type checkers and editors see; EXPORTS is what runs
    from tifa.corpus.catalogue import Catalogue, open_catalogue
    from tifa.corpus.info import Corpus, DocumentInfo
    from tifa.corpus.load import (
        load_corpus,
        load_file,
        load_named,
        tokens_for,
        with_tokens,
    )
    from tifa.corpus.model import Clause, CorpusError, Document, Metadata, Sentence, Turn
    from tifa.corpus.progress import Cancel, Cancelled, Progress
    from tifa.corpus.sources import BUNDLED, bundled_dir
    from tifa.corpus.voice import voice_turns

# Where each public name is defined.
EXPORTS = {
    "tifa.corpus.catalogue": ("Catalogue", "open_catalogue"),
    "tifa.corpus.info": ("Corpus", "DocumentInfo"),
    "tifa.corpus.load": (
        "load_corpus",
        "load_file",
        "load_named",
        "tokens_for",
        "with_tokens",
    ),
    "tifa.corpus.model": ("Clause", "CorpusError", "Document", "Metadata", "Sentence", "Turn"),
    "tifa.corpus.progress": ("Cancel", "Cancelled", "Progress"),
    "tifa.corpus.sources": ("BUNDLED", "bundled_dir"),
    "tifa.corpus.voice": ("voice_turns",),
}
__all__, __getattr__, __dir__ = lazy_exports(__name__, EXPORTS)
