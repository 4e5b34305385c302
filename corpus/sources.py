"""Which files a corpus is: its sources listed, document ids given, a document found by name.

A source is a file, a folder (searched recursively for ``*.txt``, ``*.md``, ``*.text``;
hidden files skipped, symbolic links to folders not followed) or "bundled". Document ids
are file stems, made unique with a numeric suffix when two folders clash, so an id depends
only on the listing. Nothing here reads a transcript: ``corpus.catalogue`` does, through the
index.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from tifa.corpus.model import Metadata

BUNDLED = "bundled"
TEXT_SUFFIXES = {".txt", ".md", ".text"}
MANIFEST = "manifest.toml"


def find(name: str, items: Sequence[tuple[str, str]]) -> int:
    """The index of ``name`` among ``(id, path)`` items: an exact id, then a path (to the
    same file), then a unique id prefix. LookupError says why none fits."""
    ids = [doc_id for doc_id, _ in items]
    if name in ids:
        return ids.index(name)
    target = Path(name).expanduser()
    if target.exists():
        resolved = target.resolve()
        for k, (_, path) in enumerate(items):
            if Path(path).resolve() == resolved:
                return k
    matches = [k for k, doc_id in enumerate(ids) if doc_id.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(ids[k] for k in matches[:5])
        raise LookupError(f"{name}: ambiguous, matches {listed}")
    raise LookupError(f"{name}: no such document in the corpus")


def bundled_dir() -> Path:
    return Path(str(resources.files("tifa.corpus.data")))


def declared_in(folder: Path, manifests: dict[Path, dict[str, Metadata]]) -> dict[str, Metadata]:
    from tifa.corpus.manifest import load_manifest  # dates and sessions: only when read

    if folder not in manifests:
        path = folder / MANIFEST
        manifests[folder] = load_manifest(path) if path.is_file() else {}
    return manifests[folder]


def _expand(sources: Sequence[str]) -> Iterable[tuple[str, bool]]:
    """(file, named) pairs: named files were given by the user, the others found in folders."""
    for source in sources or (BUNDLED,):
        path = bundled_dir() if source == BUNDLED else Path(source).expanduser()
        if path.is_dir():
            for p in _files_in(path):
                yield p, False
        else:
            yield str(path), True


def _files_in(folder: Path) -> list[str]:
    """The transcript files under ``folder``, ordered component by component as sorted
    Paths are. What ``Path.rglob`` found (symbolic links to folders are not followed), in a
    fraction of the time: ``os.scandir`` knows which entries are files without a stat, and
    strings sort faster than Paths (a separator as NUL sorts first, as a component end
    does), which counted for 10,000 files."""
    found: list[str] = []
    pending = [str(folder)]
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir() and not entry.is_symlink():
                        pending.append(entry.path)
                    elif (
                        entry.is_file()
                        and not entry.name.startswith(".")
                        and os.path.splitext(entry.name)[1].lower() in TEXT_SUFFIXES
                    ):
                        found.append(entry.path)
        except OSError:  # an unreadable subfolder: skipped, as rglob did
            continue
    found.sort(key=lambda p: p.replace(os.sep, "\0"))
    return found


def listing(sources: Sequence[str]) -> list[tuple[str, str, bool]]:
    """(id, file, named) for every file of the sources, before any is read.

    Ids are file stems, with a numeric suffix for a stem seen before, so an id depends only
    on the listing: the same whether or not other files turn out to be readable.
    """
    seen: set[str] = set()
    listing = []
    for path, named in _expand(sources):
        doc_id = _unique(os.path.splitext(os.path.basename(path))[0], seen)
        seen.add(doc_id)
        listing.append((doc_id, path, named))
    return listing


def folders(sources: Sequence[str]) -> list[str]:
    """The folders among ``sources``, as absolute paths: files the index knows inside them
    and the listing no longer has are gone."""
    folders = []
    for source in sources or (BUNDLED,):
        path = bundled_dir() if source == BUNDLED else Path(source).expanduser()
        if path.is_dir():
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
