"""A corpus as its index lists it: every row at once, a document's text when it is opened.

``open_catalogue(sources)`` brings the index up to date (``corpus.sync``) and returns a
``Catalogue``: one ``DocumentInfo`` per readable file, in listing order, made from the
index without reading any transcript. ``open`` reads one document from the index (its
turns, sentences and offsets; words on request), ``candidates`` says which documents can
hold a phrase (``corpus.grams``), ``facet`` counts documents per value of any field, and
``corpus`` loads everything into memory for the engines that read whole corpora.

This is the one way tifa reads a corpus: ``load_corpus`` is ``open_catalogue(...).corpus()``,
and ``--no-cache`` runs the same code on a private index deleted afterwards. Problems with
the index itself never stop a command: an index that is damaged, foreign or of another
version is rebuilt (even in the middle of a session: every use goes through
``_with_index``), a damaged entry is parsed again from its file, and an index that cannot
be written is replaced by a private one for the run; each says so once through ``warn``
(the CLI prints it, the workbench notifies) and in ``warnings``.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tifa.corpus import cache, grams, snapshot
from tifa.corpus.cache import Damaged
from tifa.corpus.collector import collector_paused
from tifa.corpus.decode import INVALID_BYTES, damage_warning
from tifa.corpus.index import (
    Index,
    IndexDamaged,
    IndexUnwritable,
    StoredDocument,
    remove_older,
)
from tifa.corpus.info import Corpus, DocumentInfo
from tifa.corpus.listed import Listed
from tifa.corpus.model import CorpusError, Document, Metadata
from tifa.corpus.places import Places, places_of
from tifa.corpus.progress import Cancel, Progress, Report, Stage
from tifa.corpus.sources import Sources, find, folders, listing

if TYPE_CHECKING:
    from tifa.corpus.sync import Landed

Warn = Callable[[str], None]
T = TypeVar("T")
ATTEMPTS = 3


class Catalogue:
    """The documents of a corpus as rows, and their texts on demand.

    ``rows`` is in listing order (the order ``tifa corpus`` prints). Names given to
    ``find``, ``info`` and ``open`` are ids, unique id prefixes or paths, as everywhere. A
    catalogue keeps its index connection open (``close`` it, or let it go); it is safe to
    use from several threads. Build one with ``open_catalogue``.
    """

    def __init__(
        self,
        files: list[Listed],
        folders: Sequence[str],
        *,
        use_cache: bool = True,
        words: bool = False,
        progress: Report | None = None,
        cancel: Cancel | None = None,
        warn: Warn | None = None,
        passed: Sequence[str] = (),
    ) -> None:
        self._listed = files
        self._folders = tuple(folders)
        self._use_cache = use_cache
        self._words = words
        self._warn_to = warn
        self._notes: list[str] = []
        self._skipped: list[str] = []
        self._lock = threading.RLock()
        self._files: list[Listed] = []
        self._numbers: list[int] = []
        self.rows: tuple[DocumentInfo, ...] = ()
        for message in passed:  # what the listing passed over (``sources.listing``)
            self._note(message)
        self._index = _open_index(use_cache, self._note)
        self._built_on: Index | None = None
        self._with_index(lambda: None, progress, cancel)

    # -- keeping the index usable --------------------------------------------------------

    def _with_index(
        self,
        action: Callable[[], T],
        progress: Report | None = None,
        cancel: Cancel | None = None,
    ) -> T:
        """Run ``action`` on an index that holds this corpus: (re)build the rows first if
        the index is new, and replace an index that turns out damaged or unwritable."""
        with self._lock:
            for attempt in range(ATTEMPTS):
                try:
                    if self._built_on is not self._index:
                        self._build(progress, cancel)
                    return action()
                except IndexDamaged as err:
                    self._note(f"the corpus index is damaged ({err}): rebuilding it")
                    self._index.discard()
                    self._index = _open_index(self._use_cache, self._note)
                except IndexUnwritable as err:
                    self._note(f"cannot write the corpus index ({err}): working without it")
                    self._index.close()
                    self._index = Index.temporary()
                if attempt == ATTEMPTS - 2:
                    self._use_cache = False  # a last try on a private index
            raise RuntimeError("unreachable: the private index failed too")

    def _build(self, progress: Report | None, cancel: Cancel | None) -> None:
        """Sync the index with the files and make the rows (from the corpus's snapshot
        when nothing moved). CorpusError for a named file that cannot be read; files found
        in folders are skipped with a warning."""
        index = self._index
        with collector_paused():  # rows make no cycles: see ``corpus.collector``
            kept = snapshot.load(index, self._listed, self._folders)
        if kept is None:
            kept = self._assemble(progress, cancel)
            snapshot.save(index, self._listed, self._folders, kept)
        for f in self._listed:
            if f.error is not None and f.named:
                raise CorpusError(f.path, f.error)
        self.rows, self._numbers, self._skipped = kept.rows, list(kept.numbers), list(kept.skipped)
        self._files = [f for f in self._listed if f.error is None and f.sha256 is not None]
        self._built_on = index

    def _assemble(self, progress: Report | None, cancel: Cancel | None) -> snapshot.Snapshot:
        """Sync the index with the files, and make the rows one by one. While files are
        parsed, ``progress`` also hears of the rows as they become readable (``rows`` of
        its events: those already indexed first, then each batch committed)."""
        from tifa.corpus.sync import sync  # parsing: not for a snapshot

        index = self._index
        manifests: dict[str, dict[str, Metadata]] = {}
        made: dict[tuple[str, str], DocumentInfo] = {}  # rows reported, made once

        def row(f: Listed, stored: StoredDocument) -> DocumentInfo:
            key = (f.key, stored.sha256)
            if key not in made:
                made[key] = self._row(f, stored, manifests)
            return made[key]

        relay = None if progress is None else _Relay(progress)
        synced = sync(
            index,
            self._listed,
            self._folders,
            words=self._words,
            report=relay,
            cancel=cancel,
            warn=self._note,
            landed=None if relay is None else relay.rows(row),
        )
        numbers, rows, skipped = [], [], []
        for f in synced.files:
            stored = synced.documents.get(f.sha256 or "")
            if stored is None and f.error is None:
                f.error = "changed while being read"
            if f.error is not None or stored is None:
                skipped.append(f"{CorpusError(f.path, f.error or 'unreadable')} (skipped)")
                continue
            numbers.append(stored.number)
            rows.append(row(f, stored))
        return snapshot.Snapshot(tuple(rows), tuple(numbers), tuple(skipped))

    def _row(
        self, f: Listed, stored: StoredDocument, manifests: dict[str, dict[str, Metadata]]
    ) -> DocumentInfo:
        """The catalogue row of a file: its document's summary, under the file's id and
        path, with what the folder's manifest declares laid over it."""
        from tifa.corpus.manifest import relabel  # dates and sessions: not for a snapshot
        from tifa.corpus.sync import manifest_entries

        info = cache.decode_summary(stored.summary, stored.sha256, f.doc_id, f.path)
        folder, name = os.path.split(f.path)
        if folder not in manifests:
            manifests[folder] = manifest_entries(self._index, Path(folder))
        metadata = relabel(info.metadata, manifests[folder].get(name), f.path)
        return dataclasses.replace(info, metadata=metadata)

    def _note(self, message: str) -> None:
        self._notes.append(message)
        if self._warn_to is not None:
            self._warn_to(message)

    def close(self) -> None:
        with self._lock:
            self._index.close()

    @property
    def index(self) -> Index:
        """The index behind the catalogue, for data kept per document or per pair of
        documents (``Index.put_derived`` / ``derived``, ``put_relations`` / ``relations``:
        near-duplicate confirmations, sketches), keyed by content hash."""
        return self._index

    def sha256s(self) -> tuple[str, ...]:
        return tuple(r.sha256 for r in self.rows)

    # -- the rows ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[DocumentInfo]:
        return iter(self.rows)

    @property
    def infos(self) -> tuple[DocumentInfo, ...]:
        return self.rows

    @property
    def warnings(self) -> tuple[str, ...]:
        """What was rebuilt in the index (and what the listing passed over), then the files
        skipped as unreadable, then those read with damage."""
        return (*self._notes, *self._skipped, *self.damaged)

    @property
    def damaged(self) -> tuple[str, ...]:
        """A warning for each file whose invalid bytes are shown as U+FFFD."""
        found = (
            damage_warning(row.path, row.repairs.get(INVALID_BYTES, 0), row.encoding)
            for row in self.rows
        )
        return tuple(warning for warning in found if warning)

    @property
    def skipped(self) -> tuple[str, ...]:
        """The files skipped as unreadable ("path: why (skipped)")."""
        return tuple(self._skipped)

    def find(self, name: str) -> int:
        """The row of a document named by id, unique id prefix or path; LookupError."""
        return find(name, [(r.id, r.path) for r in self.rows])

    def info(self, name: str) -> DocumentInfo:
        return self.rows[self.find(name)]

    def facet(self, field: str) -> dict[Any, int]:
        """How many documents have each value of ``field``: a ``DocumentInfo`` attribute
        (``script``, ``encoding``, ``year``…) or any ``Metadata`` field (``edition``,
        ``genre``…); values in order, unknown (None) last."""
        if hasattr(DocumentInfo, field):
            counts = Counter(getattr(r, field) for r in self.rows)
        elif field in Metadata.__slots__:
            counts = Counter(getattr(r.metadata, field) for r in self.rows)
        else:
            raise ValueError(f"no such field: {field}")
        return dict(sorted(counts.items(), key=lambda kv: (kv[0] is None, str(kv[0]))))

    # -- documents -----------------------------------------------------------------------

    def open(self, name: str | int, *, words: bool = False) -> Document:
        """A document (by row number or name) read from the index, with jieba words if
        asked (found, or computed here and stored). A damaged entry is parsed again from
        the file, with a warning; CorpusError if the file can no longer be read."""
        row = name if isinstance(name, int) else self.find(name)
        return self._with_index(lambda: self._open(row, words))

    def open_many(self, rows: Sequence[int], *, words: bool = False) -> list[Document]:
        with collector_paused():
            return [self.open(row, words=words) for row in rows]

    def _open(self, row: int, words: bool) -> Document:
        info = self.rows[row]
        try:
            doc = self._body(row)
        except Damaged as err:
            self._note(f"{info.path}: {err}; parsing the file again")
            doc = self._reparse(row)
        doc = dataclasses.replace(doc, id=info.id, path=info.path, metadata=info.metadata)
        return self._worded(row, doc) if words else doc

    def _body(self, row: int) -> Document:
        sha256 = self.rows[row].sha256
        return cache.decode_body(self._index.body(self._numbers[row], sha256), sha256)

    def _worded(self, row: int, doc: Document) -> Document:
        number, sha256 = self._numbers[row], doc.sha256
        try:
            stored = self._index.words(number, sha256)
            if stored is not None:
                return cache.decode_words(stored, doc)
        except Damaged as err:
            self._note(f"{doc.path}: {err}; finding its words again")
        from tifa.corpus.jobs import with_words

        worded = with_words(doc)
        with self._index.writing():
            self._index.put_words(number, sha256, cache.encode_words(worded))
        return worded

    def _reparse(self, row: int) -> Document:
        """Parse a file again after its entry failed, and store it afresh."""
        from tifa.corpus.sync import sync

        f = self._files[row]
        with self._index.writing():
            self._index.forget(self.rows[row].sha256)
        synced = sync(self._index, [Listed(f.doc_id, f.path, f.named)], ())
        (again,) = synced.files
        stored = synced.documents.get(again.sha256 or "")
        if again.error is not None or stored is None or again.sha256 != self.rows[row].sha256:
            raise CorpusError(f.path, again.error or "changed since the corpus was listed")
        self._numbers[row] = stored.number
        return self._body(row)

    def corpus(
        self,
        *,
        words: bool | Callable[[Document], bool] = False,
        progress: Report | None = None,
        cancel: Cancel | None = None,
    ) -> Corpus:
        """Every document in memory, for engines that read the whole corpus; with jieba
        words when ``words``, or only in the documents ``words(document)`` holds true of
        (a topic's families read the words of the documents that name it alone: a third of
        the MFA pages for Taiwan, 2 % for Ukraine; loading words is two thirds of loading
        a corpus)."""
        if words is True:
            self.add_words(progress=progress, cancel=cancel)
        stage = Stage(progress, "loading", len(self.rows))
        docs = []
        with collector_paused():
            for row in range(len(self.rows)):
                if cancel is not None:
                    cancel.check()
                docs.append(self.open(row, words=words is True))
                stage.step()
            if callable(words):
                wanted = [row for row, doc in enumerate(docs) if words(doc)]
                self.add_words(wanted, progress=progress, cancel=cancel)
                for row in wanted:
                    if cancel is not None:
                        cancel.check()
                    docs[row] = self._with_index(partial(self._worded, row, docs[row]))
        return Corpus(tuple(docs), self.warnings)

    def add_words(
        self,
        rows: Sequence[int] | None = None,
        *,
        progress: Report | None = None,
        cancel: Cancel | None = None,
    ) -> None:
        """Find the words of every document (of ``rows``, if given) that has none yet, on
        every core."""

        from tifa.corpus.sync import find_words

        def find() -> None:
            chosen = range(len(self.rows)) if rows is None else rows
            pairs = [(self._numbers[row], self.rows[row].sha256) for row in chosen]
            find_words(self._index, pairs, progress, cancel)

        self._with_index(find)

    # -- phrase lookup -------------------------------------------------------------------

    def keys(self, rows: Sequence[int]) -> list[str]:
        """The matching keys of ``rows`` (``Document.key``), read without the rest of the
        documents: what near-duplicate sketching and phrase checks need."""

        def read() -> list[str]:
            numbers = [self._numbers[row] for row in rows]
            shas = [self.rows[row].sha256 for row in rows]
            try:
                blobs = self._index.keys(numbers, shas)
                return [cache.decode_key(b, sha) for b, sha in zip(blobs, shas, strict=True)]
            except Damaged:  # one gone since listed (another process) or damaged
                return [self._key(row) for row in rows]

        return self._with_index(read)

    def _key(self, row: int) -> str:
        """One document's key; its file parsed again if its entry is gone or damaged."""
        sha256 = self.rows[row].sha256
        try:
            (blob,) = self._index.keys([self._numbers[row]], [sha256])
            return cache.decode_key(blob, sha256)
        except Damaged:
            return self._open(row, False).key

    def recall(self, kind: str, version: int, key: str) -> bytes | None:
        """What ``remember`` stored under ``kind``, ``version`` and ``key`` (a digest of
        whatever the data was computed from), or None: never stored, of another version,
        replaced since, or failing its checksum."""
        return self._with_index(lambda: self._index.derived(kind, version, [key]).get(key))

    def remember(self, kind: str, version: int, key: str, data: bytes) -> None:
        """Keep ``data``, the one entry of ``kind``, for a later ``recall`` (the results of
        a whole-corpus computation such as the near-duplicate search), in place of the
        entry of that kind kept before."""

        def store() -> None:
            with self._index.writing():
                self._index.drop_derived(kind)
                self._index.put_derived(kind, version, [(key, data)])

        self._with_index(store)

    def places(self, rows: Sequence[int]) -> list[Places]:
        """The ``Places`` of ``rows`` (key, turns, sentence spans, offset map), read without
        the rest of the documents: what locating phrase matches needs. A damaged entry is
        parsed again from its file, with a warning."""

        def read() -> list[Places]:
            numbers = [self._numbers[row] for row in rows]
            shas = [self.rows[row].sha256 for row in rows]
            found = self._index.places(numbers, shas)
            places = []
            for row, number, sha256 in zip(rows, numbers, shas, strict=True):
                parts = found.get(number)
                try:
                    if parts is None:
                        raise Damaged(f"body entry of {sha256[:12]} is missing or damaged")
                    places.append(cache.decode_places(*parts, sha256))
                except Damaged:
                    places.append(places_of(self._open(row, False)))
            return places

        with collector_paused():
            return self._with_index(read)

    def candidates(
        self, variants: Sequence[str], fuzzy: float | None = None, *, checked: bool = True
    ) -> list[int]:
        """Rows of the documents that hold any of ``variants`` (matching keys): found from
        the bigram postings, then checked on the keys (``checked=False``: not checked, a
        superset, for a caller that reads the keys anyway). With ``fuzzy`` (a score
        threshold), the rows of those that can hold a span scoring that much (a superset)."""
        return self._with_index(lambda: self._candidate_rows(variants, fuzzy, checked))

    def _candidate_rows(
        self, variants: Sequence[str], fuzzy: float | None, checked: bool
    ) -> list[int]:
        try:
            found = self._candidates(variants, fuzzy)
        except Damaged as err:
            from tifa.corpus.sync import repost

            self._note(f"the phrase index is damaged ({err}): rebuilding it")
            repost(self._index, self._numbers)
            found = self._candidates(variants, fuzzy)
        rows = [row for row, number in enumerate(self._numbers) if number in found]
        if not checked or fuzzy is not None or all(len(v) == 2 for v in variants):
            return rows  # bigram postings are exact for two characters
        try:
            keys = self.keys(rows)
        except Damaged:
            return rows  # the documents are opened (and parsed again) anyway
        return [row for row, key in zip(rows, keys, strict=True) if any(v in key for v in variants)]

    def _candidates(self, variants: Sequence[str], fuzzy: float | None) -> set[int]:
        everything = set(self._numbers)
        wanted = []
        for variant in variants:
            bigrams = grams.phrase_grams(variant)
            need = len(set(bigrams)) if fuzzy is None else grams.least_shared(variant, fuzzy)
            if not bigrams or need <= 0:
                return everything
            wanted.append((bigrams, need))
        with self._index.reading():  # the postings and the unposted of one moment
            postings = self._index.postings(
                [g for bigrams, _ in wanted for g in bigrams], self._numbers
            )
            found = self._index.unposted(self._numbers)
        lists = {g: _union(arrays) for g, arrays in postings.items()}
        for bigrams, need in wanted:
            found |= grams.candidates(lists, bigrams, need)
        return found & everything


class _Relay:
    """Passes progress events on, with the rows that became readable since the last one
    (``sync`` reports them just before a step, so no event is added)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.pending: tuple[DocumentInfo, ...] = ()

    def __call__(self, event: Progress) -> None:
        if self.pending:
            event, self.pending = dataclasses.replace(event, rows=self.pending), ()
        self.report(event)

    def rows(self, row: Callable[[Listed, StoredDocument], DocumentInfo]) -> Landed:
        def landed(items: list[tuple[Listed, StoredDocument]]) -> None:
            self.pending += tuple(row(f, stored) for f, stored in items)

        return landed


def _union(arrays: list[array]) -> set[int]:
    found: set[int] = set()
    for numbers in arrays:
        found.update(numbers)
    return found


def open_catalogue(
    sources: Sources = (),
    *,
    use_cache: bool = True,
    words: bool = False,
    progress: Report | None = None,
    cancel: Cancel | None = None,
    warn: Warn | None = None,
) -> Catalogue:
    """The catalogue of ``sources`` (files, folders, or "bundled"; none = bundled), the
    index brought up to date first (on every core for a cold build, with ``progress``
    events; ``cancel`` stops it, keeping what was indexed). A file named in ``sources``
    that cannot be read raises CorpusError; one found in a folder is skipped with a
    warning. ``words`` finds the jieba words of every document during the build.
    ``use_cache=False`` builds a private index, deleted when the catalogue is closed."""
    passed: list[str] = []
    files = [Listed(doc_id, path, named) for doc_id, path, named in listing(sources, passed)]
    return Catalogue(
        files,
        folders(sources),
        use_cache=use_cache,
        words=words,
        progress=progress,
        cancel=cancel,
        warn=warn,
        passed=passed,
    )


def _open_index(use_cache: bool, note: Warn) -> Index:
    """The persistent index (a new one if the old is damaged), or a private one."""
    if use_cache:
        for name in remove_older():
            note(f"removed {name}, the corpus index of an earlier tifa")
        for _ in range(2):
            try:
                return Index.open()
            except IndexDamaged as err:
                note(f"the corpus index cannot be used ({err}): rebuilding it from the transcripts")
            except IndexUnwritable as err:
                note(f"cannot write the corpus index ({err}): working without it this time")
                break
    return Index.temporary()
