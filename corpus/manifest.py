"""Declared metadata: a ``manifest.toml`` beside the transcripts it describes.

One table per file, keyed by the file's name::

    ["000_47b88e4171794380.txt"]
    title = "王毅就中国外交政策和对外关系回答中外记者提问"
    year = 2017
    date = 2017-03-08          # a TOML date or an ISO string
    edition = "Xinhua edited report"
    genre = "press_conference"   # press_conference, statement, report, speech or other
    publisher = "新华社"
    url = "http://…"
    note = "what the file is, its quirks"

Every key is optional; unknown keys are errors rather than silently ignored, because a typo
("yaer") would otherwise leave a wrong inferred value in place. A date without a year gives
the year; a date and a year that disagree are an error. Every value found is marked
``"manifest"`` in ``Metadata.sources``.

A declared year or date is the strongest date clue, not the only one: ``relabel`` adds it
and the file name's date to the clues read from the text and ranks them all
(``corpus.dates``), so a manifest that disagrees with the title is reported as a dispute.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from tifa.corpus.dates import ordered, path_clues, resolve
from tifa.corpus.files import Unreadable, read_regular
from tifa.corpus.model import GENRES, CorpusError, DateClue, Metadata, MetaSource

TEXT_KEYS = ("title", "edition", "publisher", "url", "note")
KEYS = ("title", "year", "date", "edition", "genre", "publisher", "url", "note")
_DATE_FIELDS = ("year", "date")


def load_manifest(path: str | Path) -> dict[str, Metadata]:
    """The entries of the manifest at ``path``; CorpusError(path, why) if it is unusable."""
    try:
        text = read_regular(path).decode("utf-8-sig")
    except (Unreadable, UnicodeDecodeError) as err:
        raise CorpusError(str(path), f"cannot read manifest: {err}") from None
    return parse_manifest(text, str(path))


def parse_manifest(text: str, path: str) -> dict[str, Metadata]:
    """Manifest text to entries; ``path`` only names the source in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:  # the message says "(at line N, column M)"
        raise CorpusError(path, f"invalid TOML: {err}") from err
    entries = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorpusError(path, f"'{name}' must be a table ([\"{name}\"]), not a value")
        try:
            entries[name] = _entry(table)
        except ValueError as err:
            raise CorpusError(path, f"entry '{name}': {err}") from err
    return entries


def _entry(table: dict[str, Any]) -> Metadata:
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}' (expected one of: {', '.join(KEYS)})")
    values: dict[str, Any] = {}
    for key in TEXT_KEYS:
        if key in table:
            if not isinstance(table[key], str):
                raise ValueError(f"'{key}' must be a string")
            values[key] = table[key]
    if "genre" in table:
        if table["genre"] not in GENRES:
            raise ValueError(f"'genre' must be one of: {', '.join(GENRES)}")
        values["genre"] = table["genre"]
    year = table.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ValueError(f"'year' must be an integer, not {year!r}")
    if "date" in table:
        day = _date(table["date"])
        if year is not None and year != day.year:
            raise ValueError(f"'date' {day.isoformat()} is not in 'year' {year}")
        values["date"], year = day.isoformat(), day.year
    if year is not None:
        values["year"] = year
    sources: dict[str, MetaSource] = dict.fromkeys([k for k in KEYS if k in values], "manifest")
    return Metadata(**values, sources=sources)


def _date(value: object) -> dt.date:
    """A TOML local date or an ISO "yyyy-mm-dd" string; datetimes are refused as ambiguous."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"'date' must be a date without a time, not {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"'date' must be an ISO date (yyyy-mm-dd), not {value!r}")


def _manifest_clue(declared: Metadata) -> DateClue | None:
    if declared.year is None:
        return None
    day = dt.date.fromisoformat(declared.date) if declared.date else None
    evidence = f"manifest: {declared.date or declared.year}"
    return DateClue(
        "manifest", declared.year, day.month if day else None, day.day if day else None, evidence
    )


def relabel(inferred: Metadata, declared: Metadata | None, path: str | None = None) -> Metadata:
    """The metadata of the file at ``path``: declared (manifest) values win field by field,
    inferred ones fill the gaps, and the date is resolved again from the text's clues, the
    file name's and the manifest's."""
    values = {}
    sources = dict(inferred.sources)
    for f in dataclasses.fields(Metadata):
        if f.name in ("sources", "clues", "date_conflicts", "date_status", *_DATE_FIELDS):
            continue
        value = getattr(declared, f.name) if declared else None
        if value is not None:
            values[f.name] = value
            sources[f.name] = declared.sources.get(f.name, "manifest") if declared else "manifest"
        else:
            values[f.name] = getattr(inferred, f.name)
    text_clues = tuple(c for c in inferred.clues if c.source not in ("manifest", "filename"))
    declared_clue = _manifest_clue(declared) if declared else None
    clues = (
        *((declared_clue,) if declared_clue else ()),
        *text_clues,
        *(path_clues(path) if path else ()),
    )
    dates = resolve(clues)
    sources["year"], sources["date"] = dates.year_source, dates.date_source
    return Metadata(
        **values,
        year=dates.year,
        date=dates.date,
        sources=sources,
        date_status=dates.status,
        clues=ordered(clues),
        date_conflicts=dates.conflicts,
    )
