"""Loading a corpus into memory: the bundled transcripts, a user's files and folders.

The in-memory face of the one way tifa reads a corpus (``corpus.catalogue``, through the
index): ``load_corpus`` is a catalogue's ``corpus()``; ``load_named`` and ``load_file``
read only the files they name; ``with_tokens`` adds the words (``corpus.words``).
``corpus.sources`` says which files a corpus is.

A file named by the user that cannot be read raises ``CorpusError`` (the CLI exits 2); a
file found inside a folder that cannot be read is skipped with a warning and the rest loads.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from tifa.corpus.catalogue import Catalogue, Warn, open_catalogue
from tifa.corpus.decode import read_file
from tifa.corpus.info import Corpus
from tifa.corpus.listed import Listed
from tifa.corpus.manifest import relabel
from tifa.corpus.model import CorpusError, Document, Metadata
from tifa.corpus.progress import Cancel, Report
from tifa.corpus.sources import Ambiguous, Sources, declared, exists, find, is_dir, listing
from tifa.corpus.words import add_words


def load_file(
    path: str | os.PathLike[str],
    *,
    doc_id: str | None = None,
    declared: Metadata | None = None,
    use_cache: bool = True,
    warn: Warn | None = None,
) -> Document:
    """Read (from the index, or parse) and label one file; CorpusError if it cannot be.
    ``warn`` hears what the index had to do (``Catalogue``), such as working without it."""
    path = Path(path)
    listed = [Listed(doc_id or path.stem, str(path), True)]
    catalogue = Catalogue(listed, (), use_cache=use_cache, warn=warn)
    try:
        doc = catalogue.open(0)
    finally:
        catalogue.close()
    if declared is None:
        return doc
    return dataclasses.replace(doc, metadata=relabel(doc.metadata, declared, doc.path))


def load_corpus(
    sources: Sources = (),
    *,
    use_cache: bool = True,
    tokens: bool = False,
    progress: Report | None = None,
    cancel: Cancel | None = None,
) -> Corpus:
    """Every transcript in ``sources`` (files, folders, or "bundled"; none = bundled), in
    memory: ``open_catalogue(sources).corpus()``. The index is brought up to date first, on
    every core for a cold build; ``tokens`` adds jieba words."""
    catalogue = open_catalogue(
        sources, use_cache=use_cache, words=tokens, progress=progress, cancel=cancel
    )
    try:
        return catalogue.corpus(words=tokens, progress=progress, cancel=cancel)
    finally:
        catalogue.close()


def load_named(
    names: str | Sequence[str],
    sources: Sources = (),
    *,
    use_cache: bool = True,
    warn: Warn | None = None,
) -> tuple[Document, ...]:
    """The documents ``names`` pick from ``sources`` (as ``Corpus.get`` would), reading only
    those files: a command about two documents of a corpus of thousands reads two.

    A name that is no document of the sources but a file is read directly. LookupError for
    a name that is neither; CorpusError for a file that cannot be read.
    """
    listed = listing(sources)
    if isinstance(names, str):
        names = (names,)
    items = [(doc_id, path) for doc_id, path, _ in listed]
    manifests: dict[Path, dict[str, Metadata]] = {}
    docs = []
    for name in names:
        try:
            doc_id, found, _ = listed[_pick(name, items)]
            path = Path(found)
        except LookupError:
            path = Path(name).expanduser()
            if is_dir(path):
                raise LookupError(f"{name}: is a folder; name one transcript file") from None
            if not exists(path):
                raise
            doc_id = path.stem
        docs.append(
            load_file(
                path,
                doc_id=doc_id,
                declared=declared(path, manifests),
                use_cache=use_cache,
                warn=warn,
            )
        )
    return tuple(docs)


def _pick(name: str, items: Sequence[tuple[str, str]]) -> int:
    """``find``, among the files that can be read when a prefix fits several, as
    ``Corpus.get`` would on the loaded corpus (which has no unreadable file)."""
    try:
        return find(name, items)
    except Ambiguous as err:
        readable = [k for k in err.matches if _readable(items[k][1])]
        if len(readable) == 1:
            return readable[0]
        if not readable:
            raise LookupError(f"{name}: no such document in the corpus") from None
        raise Ambiguous(name, [items[k][0] for k in readable], readable) from None


def _readable(path: str) -> bool:
    try:
        read_file(path)
    except CorpusError:
        return False
    return True


def with_tokens(
    corpus: Corpus,
    *,
    use_cache: bool = True,
    progress: Report | None = None,
    cancel: Cancel | None = None,
) -> Corpus:
    """The corpus with jieba words on every sentence: from the index where it has them,
    else found on every core (and stored)."""
    docs = add_words(corpus.documents, use_cache=use_cache, progress=progress, cancel=cancel)
    return dataclasses.replace(corpus, documents=tuple(docs))


def tokens_for(doc: Document, *, use_cache: bool = True) -> Document:
    """One document with its words (see ``with_tokens``)."""
    if doc.tokenised:
        return doc
    return add_words([doc], use_cache=use_cache)[0]
