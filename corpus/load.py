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

from tifa.corpus import cache, columns
from tifa.corpus.collector import collector_paused
from tifa.corpus.decode import Decoded, read_file
from tifa.corpus.files import Unreadable, walk
from tifa.corpus.manifest import load_manifest, relabel
from tifa.corpus.model import CorpusError, Document, Metadata

BUNDLED = "bundled"
INVALID_BYTES = "invalid_bytes"  # the repair kind: byte sequences decoded as U+FFFD
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
        return self.documents[find(name, [(d.id, d.path) for d in self.documents])]


def find(name: str, items: Sequence[tuple[str, str]]) -> int:
    """The index of ``name`` among ``(id, path)`` items: an exact id, then a path (to the
    same file), then a unique id prefix. LookupError says why none fits (``Ambiguous`` for
    a prefix of several)."""
    ids = [doc_id for doc_id, _ in items]
    if name in ids:
        return ids.index(name)
    target = Path(name).expanduser()
    if _exists(target):
        resolved = target.resolve()
        for k, (_, path) in enumerate(items):
            if Path(path).resolve() == resolved:
                return k
    matches = [k for k, doc_id in enumerate(ids) if doc_id.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise Ambiguous(name, [ids[k] for k in matches], matches)
    raise LookupError(f"{name}: no such document in the corpus")


class Ambiguous(LookupError):
    """A prefix of several ids; ``matches`` are their indices."""

    def __init__(self, name: str, ids: Sequence[str], matches: Sequence[int]) -> None:
        super().__init__(f"{name}: ambiguous, matches {', '.join(ids[:5])}")
        self.matches = tuple(matches)


def _exists(path: Path) -> bool:
    """Whether ``path`` names something; False for a name the system cannot even look up
    (longer than a file name may be), which ``Path.exists`` raises for."""
    try:
        return path.exists()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def bundled_dir() -> Path:
    return Path(str(resources.files("tifa.corpus.data")))


def _declared(folder: Path, manifests: dict[Path, dict[str, Metadata]]) -> dict[str, Metadata]:
    if folder not in manifests:
        path = folder / MANIFEST
        manifests[folder] = load_manifest(path) if path.is_file() else {}
    return manifests[folder]


def _expand(sources: Sequence[str], warnings: list[str]) -> Iterable[tuple[Path, bool]]:
    """(file, named) pairs: named files were given by the user, the others found in folders
    (what a folder walk skips goes to ``warnings``; see ``corpus.files.walk``)."""
    for source in sources or (BUNDLED,):
        path = bundled_dir() if source == BUNDLED else Path(source).expanduser()
        if not _is_dir(path):
            yield path, True
            continue
        try:
            found, skipped = walk(path)
        except Unreadable as err:
            raise CorpusError(str(path), str(err)) from None
        warnings += skipped
        for p in found:
            yield p, False


def _listing(
    sources: Sequence[str], warnings: list[str] | None = None
) -> list[tuple[str, Path, bool]]:
    """(id, file, named) for every file of the sources, before any is read.

    Ids are file stems, with a numeric suffix for a stem seen before, so an id depends only
    on the listing: the same whether or not other files turn out to be readable.
    """
    seen: set[str] = set()
    listing = []
    for path, named in _expand(sources, [] if warnings is None else warnings):
        doc_id = _unique(path.stem, seen)
        seen.add(doc_id)
        listing.append((doc_id, path, named))
    return listing


def _parse(job: tuple[str, str, str, str, str]) -> Document | CorpusError:
    """Parse one decoded file (in a worker process when there are many)."""
    from tifa.corpus.parse import parse_text  # only here: a cache hit needs none of it

    text, stem, path, encoding, sha256 = job
    try:
        return parse_text(text, doc_id=stem, path=path, encoding=encoding, sha256=sha256)
    except CorpusError as err:
        return err


def _parse_flat(job: tuple[str, str, str, str, str]) -> tuple | CorpusError:
    """``_parse`` in a worker process: the document crosses back as ``columns.flatten``,
    which costs less than half of pickling the document itself (see ``corpus.columns``)."""
    result = _parse(job)
    return result if isinstance(result, CorpusError) else columns.flatten(result)


def _parse_all(
    jobs: list[tuple[str, str, str, str, str]], progress: Progress | None
) -> list[Document | CorpusError]:
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
        for n, result in enumerate(pool.map(_parse_flat, jobs, chunksize=8)):
            if progress and n % 8 == 0:
                progress(n, len(jobs), f"parsing {jobs[n][2]}")
            results.append(result if isinstance(result, CorpusError) else columns.unflatten(result))
        return results


def _labelled(
    doc: Document, path: Path, doc_id: str, decoded: Decoded, declared: Metadata | None
) -> Document:
    """The parsed (or cached) document as this file: its id, path, codec, declared
    metadata, and the invalid bytes its decoding replaced, counted as a repair."""
    repairs = doc.repairs
    if decoded.replaced:
        repairs = {**repairs, INVALID_BYTES: decoded.replaced}
    return dataclasses.replace(
        doc,
        id=doc_id,
        path=str(path),
        encoding=decoded.encoding,
        metadata=relabel(doc.metadata, declared, str(path)),
        repairs=repairs,
    )


def load_file(
    path: Path,
    *,
    doc_id: str | None = None,
    declared: Metadata | None = None,
    use_cache: bool = True,
) -> Document:
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
    return _labelled(doc, path, doc_id or path.stem, decoded, declared)


@dataclass
class _Entry:
    doc_id: str
    path: Path
    named: bool
    decoded: Decoded
    doc: Document | None = None


def load_corpus(
    sources: Sequence[str] = (),
    *,
    use_cache: bool = True,
    tokens: bool = False,
    progress: Progress | None = None,
) -> Corpus:
    """Load every transcript in ``sources`` (files, folders, or "bundled"; none = bundled).

    Files are read and looked up in the cache first; the misses are parsed together, in
    parallel when there are many, and cached.
    """
    warnings: list[str] = []
    files = _listing(sources, warnings)
    manifests: dict[Path, dict[str, Metadata]] = {}

    def reject(named: bool, err: CorpusError) -> None:
        if named:
            raise err
        warnings.append(f"{err} (skipped)")

    entries: list[_Entry] = []
    with collector_paused():
        for n, (doc_id, path, named) in enumerate(files):
            if progress:
                progress(n, len(files), f"reading {path}")
            _declared(path.parent, manifests)
            try:
                decoded = read_file(path)
            except CorpusError as err:
                reject(named, err)
                continue
            damage = decoded.warning(str(path))
            if damage:
                warnings.append(damage)
            doc = cache.load_document(decoded.sha256) if use_cache else None
            entries.append(_Entry(doc_id, path, named, decoded, doc))

    misses = [e for e in entries if e.doc is None]
    jobs = [
        (e.decoded.text, e.path.stem, str(e.path), e.decoded.encoding, e.decoded.sha256)
        for e in misses
    ]
    for entry, result in zip(misses, _parse_all(jobs, progress), strict=True):
        if isinstance(result, CorpusError):
            reject(entry.named, result)
            continue
        entry.doc = result
        if use_cache:
            cache.store_document(result)

    docs = [
        _labelled(e.doc, e.path, e.doc_id, e.decoded, manifests[e.path.parent].get(e.path.name))
        for e in entries
        if e.doc is not None
    ]
    corpus = Corpus(tuple(docs), tuple(warnings))
    return with_tokens(corpus, use_cache=use_cache, progress=progress) if tokens else corpus


def load_named(
    names: Sequence[str], sources: Sequence[str] = (), *, use_cache: bool = True
) -> tuple[Document, ...]:
    """The documents ``names`` pick from ``sources`` (as ``Corpus.get`` would), reading only
    those files: a command about two documents of a corpus of thousands reads two.

    A name that is no document of the sources but a file is read directly. LookupError for
    a name that is neither; CorpusError for a file that cannot be read.
    """
    listing = _listing(sources)
    items = [(doc_id, str(path)) for doc_id, path, _ in listing]
    manifests: dict[Path, dict[str, Metadata]] = {}
    docs = []
    for name in names:
        try:
            doc_id, path, _ = listing[_pick(name, items)]
        except LookupError:
            path = Path(name).expanduser()
            if _is_dir(path):
                raise LookupError(f"{name}: is a folder; name one transcript file") from None
            if not _exists(path):
                raise
            doc_id = path.stem
        declared = _declared(path.parent, manifests).get(path.name)
        docs.append(load_file(path, doc_id=doc_id, declared=declared, use_cache=use_cache))
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


def _unique(stem: str, seen: set[str]) -> str:
    candidate, n = stem, 2
    while candidate in seen:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def with_tokens(
    corpus: Corpus, *, use_cache: bool = True, progress: Progress | None = None
) -> Corpus:
    """The corpus with jieba words on every sentence, from the cache where possible."""
    docs = []
    with collector_paused():
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
        return dataclasses.replace(doc, sentences=cache.attach_tokens(doc.sentences, cached))
    from tifa.corpus.parse import tokenise_document

    doc = tokenise_document(doc)
    if use_cache:
        cache.store_tokens(doc.sha256, tuple(s.tokens or () for s in doc.sentences))
    return doc
