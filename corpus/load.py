"""Loading a corpus: the bundled transcripts, a user's files and folders, with the cache.

A file named by the user that cannot be read raises ``CorpusError`` (the CLI exits 2); a
file found inside a folder that cannot be read is skipped with a warning and the rest loads.
Document ids are file stems, made unique with a numeric suffix when two folders clash.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from corpus import cache
from corpus.decode import Decoded, read_file
from corpus.manifest import load_manifest, overlay
from corpus.model import CorpusError, Document, Metadata

BUNDLED = "bundled"
TEXT_SUFFIXES = {".txt", ".md", ".text"}
MANIFEST = "manifest.toml"
PARALLEL_FROM = 24  # uncached files; below this, starting worker processes costs more

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self):
        return iter(self.documents)

    def get(self, name: str) -> Document:
        """A document by id, unique id prefix, or path; LookupError says why not."""
        for doc in self.documents:
            if doc.id == name:
                return doc
        target = Path(name).expanduser()
        if target.exists():
            resolved = target.resolve()
            for doc in self.documents:
                if Path(doc.path).resolve() == resolved:
                    return doc
        matches = [d for d in self.documents if d.id.startswith(name)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            ids = ", ".join(d.id for d in matches[:5])
            raise LookupError(f"{name}: ambiguous, matches {ids}")
        raise LookupError(f"{name}: no such document in the corpus")


def bundled_dir() -> Path:
    return Path(str(resources.files("corpus.data")))


def _declared(folder: Path, manifests: dict[Path, dict[str, Metadata]]) -> dict[str, Metadata]:
    if folder not in manifests:
        path = folder / MANIFEST
        manifests[folder] = load_manifest(path) if path.is_file() else {}
    return manifests[folder]


def _expand(sources: Sequence[str]) -> Iterable[tuple[Path, bool]]:
    """(file, named) pairs: named files were given by the user, the others found in folders."""
    for source in sources or (BUNDLED,):
        path = bundled_dir() if source == BUNDLED else Path(source).expanduser()
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")
            )
            for p in found:
                yield p, False
        else:
            yield path, True


def _parse(job: tuple[str, str, str, str, str]) -> Document | CorpusError:
    """Parse one decoded file (in a worker process when there are many)."""
    from corpus.parse import parse_text  # only here: a cache hit needs none of it

    text, stem, path, encoding, sha256 = job
    try:
        return parse_text(text, doc_id=stem, path=path, encoding=encoding, sha256=sha256)
    except CorpusError as err:
        return err


def _parse_all(jobs: list[tuple[str, str, str, str, str]],
               progress: Progress | None) -> list[Document | CorpusError]:
    """Parse on every core when there are enough files to repay starting the processes."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        results = []
        for n, job in enumerate(jobs):
            if progress:
                progress(n, len(jobs), f"parsing {job[2]}")
            results.append(_parse(job))
        return results
    from concurrent.futures import ProcessPoolExecutor  # 30 ms of imports: only when used

    with ProcessPoolExecutor(workers) as pool:
        results = []
        for n, result in enumerate(pool.map(_parse, jobs, chunksize=8)):
            if progress and n % 8 == 0:
                progress(n, len(jobs), f"parsing {jobs[n][2]}")
            results.append(result)
        return results


def _labelled(doc: Document, path: Path, doc_id: str, encoding: str,
              declared: Metadata | None) -> Document:
    return dataclasses.replace(doc, id=doc_id, path=str(path), encoding=encoding,
                               metadata=overlay(doc.metadata, declared))


def load_file(path: Path, *, doc_id: str | None = None, declared: Metadata | None = None,
              use_cache: bool = True) -> Document:
    """Read, parse (or fetch from the cache) and label one file."""
    decoded = read_file(path)
    doc = cache.load_document(decoded.sha256) if use_cache else None
    if doc is None:
        result = _parse((decoded.text, path.stem, str(path), decoded.encoding, decoded.sha256))
        if isinstance(result, CorpusError):
            raise result
        doc = result
        if use_cache:
            cache.store_document(doc)
    return _labelled(doc, path, doc_id or path.stem, decoded.encoding, declared)


@dataclass
class _Entry:
    path: Path
    named: bool
    decoded: Decoded
    doc: Document | None = None


def load_corpus(sources: Sequence[str] = (), *, use_cache: bool = True, tokens: bool = False,
                progress: Progress | None = None) -> Corpus:
    """Load every transcript in ``sources`` (files, folders, or "bundled"; none = bundled).

    Files are read and looked up in the cache first; the misses are parsed together, in
    parallel when there are many, and cached.
    """
    files = list(_expand(sources))
    manifests: dict[Path, dict[str, Metadata]] = {}
    warnings: list[str] = []

    def reject(named: bool, err: CorpusError) -> None:
        if named:
            raise err
        warnings.append(f"{err} (skipped)")

    entries: list[_Entry] = []
    for n, (path, named) in enumerate(files):
        if progress:
            progress(n, len(files), f"reading {path}")
        _declared(path.parent, manifests)
        try:
            decoded = read_file(path)
        except CorpusError as err:
            reject(named, err)
            continue
        doc = cache.load_document(decoded.sha256) if use_cache else None
        entries.append(_Entry(path, named, decoded, doc))

    misses = [e for e in entries if e.doc is None]
    jobs = [(e.decoded.text, e.path.stem, str(e.path), e.decoded.encoding, e.decoded.sha256)
            for e in misses]
    for entry, result in zip(misses, _parse_all(jobs, progress), strict=True):
        if isinstance(result, CorpusError):
            reject(entry.named, result)
            continue
        entry.doc = result
        if use_cache:
            cache.store_document(result)

    docs: list[Document] = []
    seen_ids: set[str] = set()
    for entry in entries:
        if entry.doc is None:
            continue
        doc_id = _unique(entry.path.stem, seen_ids)
        seen_ids.add(doc_id)
        declared = manifests[entry.path.parent].get(entry.path.name)
        docs.append(_labelled(entry.doc, entry.path, doc_id, entry.decoded.encoding, declared))
    corpus = Corpus(tuple(docs), tuple(warnings))
    return with_tokens(corpus, use_cache=use_cache, progress=progress) if tokens else corpus


def _unique(stem: str, seen: set[str]) -> str:
    candidate, n = stem, 2
    while candidate in seen:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def with_tokens(corpus: Corpus, *, use_cache: bool = True,
                progress: Progress | None = None) -> Corpus:
    """The corpus with jieba words on every sentence, from the cache where possible."""
    docs = []
    for n, doc in enumerate(corpus.documents):
        if progress:
            progress(n, len(corpus.documents), f"words: {doc.id}")
        docs.append(tokens_for(doc, use_cache=use_cache))
    return dataclasses.replace(corpus, documents=tuple(docs))


def tokens_for(doc: Document, *, use_cache: bool = True) -> Document:
    if doc.tokenised:
        return doc
    cached = cache.load_tokens(doc.sha256, len(doc.sentences)) if use_cache else None
    if cached is not None:
        sentences = tuple(dataclasses.replace(s, tokens=t)
                          for s, t in zip(doc.sentences, cached, strict=True))
        return dataclasses.replace(doc, sentences=sentences)
    from corpus.parse import tokenise_document

    doc = tokenise_document(doc)
    if use_cache:
        cache.store_tokens(doc.sha256, tuple(s.tokens or () for s in doc.sentences))
    return doc
