"""The near-duplicate search of a catalogue, kept in its index for the next run.

``dupes.find_pairs`` reads every document's matching key and compares thousands of
candidate pairs: seconds for a thousand documents, ten or more for ten thousand, every
time the workbench opens or ``tifa dupes`` runs. Its answer depends only on the keys in
their order, on the two bounds and on where the documents' turns outside the official
voice are (an excerpt's span leaves them out), so it is kept under a digest of exactly those
(the contents' SHA-256s in row order, ``min_shared``, ``max_partners``, ``VERSION``, and
``PARSER_VERSION``, which makes the keys and turns of a content): any file added, removed,
changed or reordered, or parsed anew, gives another digest, and the search runs again.
Relations are still named afresh from the pairs (they also depend on the documents'
dates, which a manifest can change without changing a content). One entry is kept, the
latest: the index does not grow with every state of a folder.
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
from collections.abc import Callable

from tifa.corpus.catalogue import Catalogue
from tifa.corpus.model import PARSER_VERSION
from tifa.tracking.versions.dupes import PairScore, PairSearch

KIND = "pair-search"
VERSION = 3  # bump when find_pairs' answers change for the same documents (2, 3: spans)


def pair_search(
    catalogue: Catalogue, min_shared: float, max_partners: int, search: Callable[[], PairSearch]
) -> PairSearch:
    """The stored answer for this catalogue and these bounds, or ``search()``'s, stored."""
    key = _digest(catalogue, min_shared, max_partners)
    stored = catalogue.recall(KIND, VERSION, key)
    if stored is not None:
        return decode(stored)
    found = search()
    catalogue.remember(KIND, VERSION, key, encode(found))
    return found


def _digest(catalogue: Catalogue, min_shared: float, max_partners: int) -> str:
    h = hashlib.sha256(f"{VERSION} {PARSER_VERSION} {min_shared!r} {max_partners}".encode())
    for sha in catalogue.sha256s():
        h.update(sha.encode())
    return h.hexdigest()


def encode(search: PairSearch) -> bytes:
    pairs = [
        (
            p.a,
            p.b,
            p.similarity,
            p.containment_a_in_b,
            p.containment_b_in_a,
            p.shape,
            p.span,
            p.slots,
        )
        for p in search.pairs
    ]
    return zlib.compress(marshal.dumps((search.candidates, sorted(search.crowded), pairs)))


def decode(data: bytes) -> PairSearch:
    candidates, crowded, pairs = marshal.loads(zlib.decompress(data))
    return PairSearch(
        tuple(
            PairScore(a, b, sim, ab, ba, shape, span, tuple(tuple(s) for s in slots))
            for a, b, sim, ab, ba, shape, span, slots in pairs
        ),
        candidates,
        frozenset(crowded),
    )
