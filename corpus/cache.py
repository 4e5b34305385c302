"""On-disk cache of parsed documents and their jieba words, keyed by file content.

Two entries per content hash: the parsed document and, once computed, its words, so a
command that needs no words never pays for them and one that does pays once. An entry is
trusted only if it unpickles, carries the current parser version and the same hash;
anything else is rebuilt silently. Writes go to a temporary file renamed into place, so a
crash never leaves half an entry.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from corpus.model import PARSER_VERSION, Document
from corpus.paths import cache_dir

Tokens = tuple[tuple[str, ...], ...]


def _entry(sha256: str, kind: str) -> Path:
    return cache_dir() / "documents" / f"{sha256}.{kind}.v{PARSER_VERSION}.pickle"


def _read(path: Path, sha256: str) -> Any:
    try:
        with path.open("rb") as f:
            version, digest, payload = pickle.load(f)
    except Exception:
        return None
    if version != PARSER_VERSION or digest != sha256:
        return None
    return payload


def _write(path: Path, sha256: str, payload: object) -> None:
    """Best effort: an unwritable cache slows tifa down but never stops it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((PARSER_VERSION, sha256, payload), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def load_document(sha256: str) -> Document | None:
    payload = _read(_entry(sha256, "doc"), sha256)
    return payload if isinstance(payload, Document) else None


def store_document(doc: Document) -> None:
    _write(_entry(doc.sha256, "doc"), doc.sha256, doc)


def load_tokens(sha256: str, sentences: int) -> Tokens | None:
    payload = _read(_entry(sha256, "tokens"), sha256)
    if isinstance(payload, tuple) and len(payload) == sentences:
        return payload
    return None


def store_tokens(sha256: str, tokens: Tokens) -> None:
    _write(_entry(sha256, "tokens"), sha256, tokens)
