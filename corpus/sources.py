"""Which files a corpus is: its sources listed, document ids given, a document found by name.

A source is a file, a folder (searched recursively for ``*.txt``, ``*.md``, ``*.text``;
hidden files skipped, symbolic links to folders not followed) or "bundled". What a folder
search passes over is said, never dropped silently: a subfolder it cannot list and a link to
a folder are warnings; a FIFO, device or dangling link named like a transcript is listed,
and refused when read (``corpus.files``), so it is skipped with a warning too. Document ids
are file stems, made unique with a numeric suffix when two folders clash, so an id depends
only on the listing. Nothing here reads a transcript: ``corpus.catalogue`` does, through the
index.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from tifa.corpus.model import CorpusError, Metadata

BUNDLED = "bundled"
Source = str | os.PathLike[str]
Sources = Source | Sequence[Source]
TEXT_SUFFIXES = {".txt", ".md", ".text"}
MANIFEST = "manifest.toml"


def find(name: str, items: Sequence[tuple[str, str]]) -> int:
    """The index of ``name`` among ``(id, path)`` items: an exact id, then a path (to the
    same file), then a unique id prefix. LookupError says why none fits (``Ambiguous`` for
    a prefix of several)."""
    ids = [doc_id for doc_id, _ in items]
    if name in ids:
        return ids.index(name)
    target = Path(name).expanduser()
    if exists(target):
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


def exists(path: Path) -> bool:
    """Whether ``path`` names something; False for a name the system cannot even look up
    (longer than a file name may be), for which ``Path.exists`` raises."""
    try:
        return path.exists()
    except OSError:
        return False


def is_dir(path: Path) -> bool:
    """``Path.is_dir``, False for a name the system cannot look up."""
    try:
        return path.is_dir()
    except OSError:
        return False


def bundled_dir() -> Path:
    from importlib import resources  # ~4 ms, with tempfile and shutil: only for "bundled"

    return Path(str(resources.files("tifa.corpus.data")))


def declared_in(folder: Path, manifests: dict[Path, dict[str, Metadata]]) -> dict[str, Metadata]:
    from tifa.corpus.manifest import load_manifest  # dates and sessions: only when read

    if folder not in manifests:
        path = folder / MANIFEST
        manifests[folder] = load_manifest(path) if path.is_file() else {}
    return manifests[folder]


def source_list(sources: Sources) -> tuple[str, ...]:
    """``sources`` as path strings, bundled when there are none. One path on its own is a
    list of one: a str is a Sequence too, and read letter by letter it named "/", "w", …"""
    if isinstance(sources, (str, os.PathLike)):
        sources = (sources,)
    return tuple(os.fspath(s) for s in sources) or (BUNDLED,)


def _expand(sources: Sources, passed: list[str]) -> Iterable[tuple[str, bool]]:
    """(file, named) pairs: named files were given by the user, the others found in folders
    (what the search of a folder passes over goes to ``passed``)."""
    for source in source_list(sources):
        path = bundled_dir() if source == BUNDLED else Path(source).expanduser()
        if is_dir(path):
            for p in _files_in(path, passed):
                yield p, False
        else:
            yield str(path), True


def _files_in(folder: Path, passed: list[str]) -> list[str]:
    """The transcript files under ``folder``, ordered component by component as sorted
    Paths are, and a warning in ``passed`` for each subfolder that cannot be listed and each
    link to a folder; CorpusError if ``folder`` itself cannot be listed. What ``Path.rglob``
    found, in a fraction of the time: ``os.scandir`` knows what each entry is without a
    stat, and strings sort faster than Paths (a separator as NUL sorts first, as a component
    end does), which counted for 10,000 files."""
    found: list[str] = []
    pending = [str(folder)]
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as entries:
                for entry in entries:
                    if entry.is_dir():
                        if entry.is_symlink():
                            passed.append(f"{entry.path}: link to a folder, not followed (skipped)")
                        else:
                            pending.append(entry.path)
                    elif entry.name[0] != "." and _suffix(entry.name) in TEXT_SUFFIXES:
                        found.append(entry.path)  # a FIFO or a dangling link is refused when read
        except OSError as err:
            why = f"cannot list folder: {err.strerror or err}"
            if here == str(folder):
                raise CorpusError(here, why) from None
            passed.append(f"{here}: {why} (skipped)")
    found.sort(key=lambda p: p.replace(os.sep, "\0"))
    passed.sort()
    return found


def _suffix(name: str) -> str:
    """``os.path.splitext(name)[1].lower()`` for a file name that does not start with a dot,
    at a third of its cost (10,000 files a listing)."""
    return name[name.rfind(".") :].lower() if "." in name else ""


def listing(sources: Sources, passed: list[str] | None = None) -> list[tuple[str, str, bool]]:
    """(id, file, named) for every file of the sources, before any is read; what the search
    of a folder passed over goes to ``passed``, a warning each.

    Ids are file stems, with a numeric suffix for a stem seen before, so an id depends only
    on the listing: the same whether or not other files turn out to be readable.
    """
    seen: set[str] = set()
    listing = []
    for path, named in _expand(sources, [] if passed is None else passed):
        doc_id = _unique(os.path.splitext(os.path.basename(path))[0], seen)
        seen.add(doc_id)
        listing.append((doc_id, path, named))
    return listing


def folders(sources: Sources) -> list[str]:
    """The folders among ``sources``, as absolute paths: files the index knows inside them
    and the listing no longer has are gone."""
    folders = []
    for source in source_list(sources):
        path = bundled_dir() if source == BUNDLED else Path(source).expanduser()
        if is_dir(path):
            folders.append(os.path.abspath(path))
    return folders


def declared(path: Path, manifests: dict[Path, dict[str, Metadata]]) -> Metadata | None:
    """What the ``manifest.toml`` beside ``path`` declares about it (read once per folder)."""
    return declared_in(path.parent, manifests).get(path.name)


def _unique(stem: str, seen: set[str]) -> str:
    candidate, n = stem, 2
    while candidate in seen:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate
