"""A file of a corpus listing, before it is read: ``Listed``.

Kept apart from ``corpus.sync`` (which reads and parses files, on worker processes) so a
warm open, which only compares the listing with a stored snapshot, imports neither.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Listed:
    """A file of the corpus listing: its id, path as listed, and whether it was named."""

    doc_id: str
    path: str
    named: bool
    key: str = ""  # absolute path: the index's key
    sha256: str | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        self.key = _absolute(self.path)

    @property
    def stem(self) -> str:
        return os.path.splitext(os.path.basename(self.path))[0]


def _absolute(path: str) -> str:
    """``os.path.abspath(path)``, without its cost for a path that is already absolute and
    normal, as a folder's listing is (10,000 of them in a warm ``tifa corpus``)."""
    if os.sep == "/" and path.startswith("/") and "//" not in path and "/." not in path:
        return path
    return os.path.abspath(path)
