"""Declared metadata: a ``manifest.toml`` beside the transcripts it describes.

One table per file, keyed by the file's name::

    ["000_47b88e4171794380.txt"]
    title = "王毅就中国外交政策和对外关系回答中外记者提问"
    year = 2017
    date = 2017-03-08          # a TOML date or an ISO string
    edition = "Xinhua edited report"
    publisher = "新华社"
    url = "http://…"
    note = "what the file is, its quirks"

Every key is optional; unknown keys are errors rather than silently ignored, because a typo
("yaer") would otherwise leave a wrong inferred value in place. A date without a year gives
the year; a date and a year that disagree are an error. Every value found is marked
``"manifest"`` in ``Metadata.sources``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from tifa.corpus.files import Unreadable, read_regular
from tifa.corpus.model import CorpusError, Metadata, MetaSource

TEXT_KEYS = ("title", "edition", "publisher", "url", "note")
KEYS = ("title", "year", "date", "edition", "publisher", "url", "note")


def load_manifest(path: str | Path) -> dict[str, Metadata]:
    """The entries of the manifest at ``path``; CorpusError(path, why) if it is unusable."""
    try:
        text = read_regular(path).decode("utf-8-sig")
    except (Unreadable, UnicodeDecodeError) as err:
        raise CorpusError(str(path), f"cannot read manifest: {err}") from None
    return parse_manifest(text, str(path))


def bundled_manifest() -> dict[str, Metadata]:
    """The manifest of the bundled transcripts, read as package data (works when installed)."""
    resource = resources.files("tifa.corpus.data").joinpath("manifest.toml")
    return parse_manifest(resource.read_text(encoding="utf-8"), "corpus/data/manifest.toml")


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


def overlay(inferred: Metadata, declared: Metadata | None) -> Metadata:
    """Declared (manifest) values win field by field; inferred ones fill the gaps."""
    if declared is None:
        return inferred
    values = {}
    sources = dict(inferred.sources)
    for f in dataclasses.fields(Metadata):
        if f.name == "sources":
            continue
        value = getattr(declared, f.name)
        if value is not None:
            values[f.name] = value
            sources[f.name] = declared.sources.get(f.name, "manifest")
        else:
            values[f.name] = getattr(inferred, f.name)
    return Metadata(**values, sources=sources)
