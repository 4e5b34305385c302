"""jieba words for documents already in memory: from the index, else found on every core.

``Catalogue.open(..., words=True)`` and ``Catalogue.add_words`` serve documents read from
the index; this serves any ``Document`` (``with_tokens``, ``tokens_for``), looking its
content up in the index by hash, so words found once are never found again.
"""

from __future__ import annotations

from collections.abc import Sequence

from tifa.corpus import cache, jobs
from tifa.corpus.cache import VERSION, Damaged
from tifa.corpus.index import Index, IndexDamaged, IndexUnwritable
from tifa.corpus.model import Document
from tifa.corpus.pool import Workers
from tifa.corpus.progress import Cancel, Report, Stage
from tifa.corpus.sync import in_workers


def add_words(
    docs: Sequence[Document],
    *,
    use_cache: bool = True,
    progress: Report | None = None,
    cancel: Cancel | None = None,
) -> list[Document]:
    """``docs`` with words on every sentence, in the same order."""
    out = list(docs)
    lacking = [i for i, doc in enumerate(out) if not doc.tokenised]
    if not lacking:
        return out
    index = _index() if use_cache else None
    try:
        numbers = _stored(index, out, lacking)
        lacking = [i for i in lacking if not out[i].tokenised]
        stage = Stage(progress, "words", len(lacking))
        found = []
        chars = sum(len(out[i].text) for i in lacking)
        with Workers(parallel=in_workers(len(lacking), chars), cancel=cancel) as pool:
            job_list = [(i, out[i].sha256, cache.encode_body(out[i])) for i in lacking]
            for worded in pool.map(jobs.find_words, job_list, chunksize=2):
                out[worded.tag] = cache.decode_words(worded.words, out[worded.tag])
                found.append(worded)
                stage.step()
        if index is not None:
            with index.writing():
                for worded in found:
                    if worded.sha256 in numbers:
                        index.put_words(numbers[worded.sha256], worded.sha256, worded.words)
    finally:
        if index is not None:
            index.close()
    return out


def _index() -> Index | None:
    try:
        return Index.open()
    except (IndexDamaged, IndexUnwritable):
        return None  # the next catalogue rebuilds it and says so


def _stored(index: Index | None, out: list[Document], lacking: list[int]) -> dict[str, int]:
    """Attach the words the index has; the index numbers of the documents it holds."""
    if index is None:
        return {}
    rows, _ = index.documents(sorted({out[i].sha256 for i in lacking}))
    numbers = {sha: row.number for sha, row in rows.items() if row.version == VERSION}
    for i in lacking:
        number = numbers.get(out[i].sha256)
        if number is None:
            continue
        try:
            stored = index.words(number, out[i].sha256)
            if stored is not None:
                out[i] = cache.decode_words(stored, out[i])
        except Damaged:
            continue  # found again below, and stored over the bad entry
    return numbers
