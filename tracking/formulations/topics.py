"""Topics: named keyword lexicons that decide which sentences a formulation family reads.

Decisions:

* A topic is a TOML table (see ``tracking/data/topics.toml`` for the layout). Built-in topics
  load first, then the user's ``<config dir>/topics.toml``, then a file named with
  ``--topics``; a later table replaces an earlier one of the same id, or adds to it when it
  says ``extend = true``.
* Keywords are matched as plain substrings of the document's matching key, so they may hold
  punctuation (分阶段、同步走) that a jieba word cannot. A user's keywords are folded to
  Simplified and half-width like the key; the built-in ones are written that way already.
* ``exclude`` lists longer phrases in which a keyword does not count: an occurrence of a
  keyword that lies inside an occurrence of an excluded phrase is no hit.
* ``weak`` lists terms that belong to the topic only in its context: a weak term counts when
  a keyword (not another weak term) occurs in the same paragraph. 统一 is about Taiwan in
  a paragraph on 台湾 or 两岸, and about something else in 统一管理, 有机统一, 法制统一 or
  统一市场 elsewhere in a long report; listing every such compound as an exclude never ends,
  the paragraph decides it. Measured by hand on the sixteen congress reports: of 60 random
  sentences the Taiwan topic matched with 统一 a keyword, 31 were about Taiwan (52 %); of 60
  matched with the weak terms, 60; 29 of the first sample's 31 relevant ones are still
  matched. On the 1,000 MFA pages the weak terms drop 62 matches, none about Taiwan (Spain's
  统一, 特朗普总统一直, 分裂国家 in Hong Kong). 反分裂 is weak as well: alone it is
  Xinjiang's (而是反暴恐和反分裂问题, 18 MFA sentences, none about Taiwan), while the law
  反分裂国家法 is a keyword. ``benchmarks/bench_topics.py`` re-measures.
* A weak term inside a keyword's hit is no second hit: 和平统一 (a keyword) is one hit, not
  also the weak 统一 inside it, and 祖国统一大业 holds the keyword 统一大业 although the weak
  祖国统一 starts first.
* Errors in a topics file name the file and the line: a malformed file cannot be half used.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

from tifa.corpus.files import Unreadable, read_regular
from tifa.corpus.paths import config_dir
from tifa.tracking.exports import Table

BUILTIN = "built-in"
GAP = "…"  # in a term: up to GAP_CHARS letters or ideographs
GAP_CHARS = 6
USER_FILE = "topics.toml"
_FIELDS = {"name", "aliases", "keywords", "weak", "exclude", "extend"}
_LISTS = ("aliases", "keywords", "weak", "exclude")
_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_AT_END = re.compile(r"\s*\(at end of document\)")


class TopicsError(Exception):
    """A topics file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    keywords: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    source: str = BUILTIN
    weak: tuple[str, ...] = ()
    whole: bool = False  # every sentence of the voice read: ``WHOLE_VOICE``, no keywords

    @property
    def terms(self) -> tuple[str, ...]:
        """Keywords and weak terms: what a hit can be."""
        return self.keywords + self.weak

    def hits(self, key: str) -> tuple[tuple[int, int], ...]:
        """Spans of keyword occurrences in ``key`` that no excluded phrase covers, and of weak
        terms (outside those) in a paragraph that holds such a keyword occurrence."""
        strong = [m.span() for m in _pattern(self.keywords).finditer(key)]
        if not strong:  # no keyword: nothing to exclude, and weak terms do not count
            return ()
        blocked = [m.span() for m in _pattern(self.exclude).finditer(key)] if self.exclude else []

        def kept(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
            if not blocked:
                return found
            return [s for s in found if not any(b0 <= s[0] and s[1] <= b1 for b0, b1 in blocked)]

        strong = kept(strong)
        if not self.weak or not strong:
            return tuple(strong)
        # a paragraph is named by the line break before it (-1 for the first)
        paragraphs = {key.rfind("\n", 0, a) for a, _ in strong}
        weak = [
            (a, b)
            for a, b in kept([m.span() for m in _pattern(self.weak).finditer(key)])
            if key.rfind("\n", 0, a) in paragraphs and not any(a < e and s < b for s, e in strong)
        ]
        return tuple(sorted(strong + weak))


def term_regex(term: str, clean: Callable[[str], str] | None = None) -> str:
    """A term as a regular expression: its text, each ``GAP`` (…) standing for up to
    ``GAP_CHARS`` letters or ideographs (no punctuation): 人类…共同体 holds 人类命运共同体 and
    人类卫生健康共同体, the family of names one formulation takes, without listing each.
    ``clean`` is applied to the literal parts (``match_key`` for punctuation-free text)."""
    parts = term.split(GAP)
    return rf"[^\W_]{{0,{GAP_CHARS}}}?".join(re.escape(clean(p) if clean else p) for p in parts)


@cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation, longest terms first, so 一个中国原则 wins over 一个中国."""
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))
    return re.compile("|".join(term_regex(t) for t in ordered))


def builtin_text() -> str:
    return resources.files("tifa.tracking.data").joinpath(USER_FILE).read_text(encoding="utf-8")


def user_topics_path() -> Path:
    return config_dir() / USER_FILE


def load_topics(path: str | None = None) -> dict[str, Topic]:
    """Built-in topics, overridden by the user's config file and then by ``path``."""
    topics = parse_topics(builtin_text(), BUILTIN, {})
    user = user_topics_path()
    if user.is_file():
        topics = parse_topics(_read(user), str(user), topics)
    if path is not None:
        topics = parse_topics(_read(Path(path).expanduser()), str(path), topics)
    return topics


def _read(path: Path) -> str:
    """A topics file's text: a regular file (a FIFO would block for ever), UTF-8."""
    try:
        data = read_regular(path)
    except Unreadable as err:
        raise TopicsError(f"{path}: {err}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise TopicsError(f"{path}: not UTF-8 text ({err.reason})") from None


def parse_topics(text: str, source: str, base: Mapping[str, Topic]) -> dict[str, Topic]:
    """``base`` with the tables of ``text`` applied; TopicsError names the bad line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise TopicsError(_decode_message(str(err), source, text)) from None
    topics = dict(base)
    for topic_id, table in data.items():
        line = _line_of(text, topic_id)
        if not isinstance(table, dict):
            raise TopicsError(f"{source}: line {line}: {topic_id} must be a table [{topic_id}]")
        topic = _topic(topic_id, table, source, text, folded=source != BUILTIN)
        previous = topics.get(topic_id)
        if table.get("extend") and previous is not None:
            topic = _merge(previous, topic)
        topics[topic_id] = topic
    return topics


def _topic(topic_id: str, table: dict, source: str, text: str, *, folded: bool) -> Topic:
    def fail(field: str, why: str) -> TopicsError:
        return TopicsError(
            f"{source}: line {_line_of(text, topic_id, field)}: [{topic_id}] {field}: {why}"
        )

    unknown = sorted(set(table) - _FIELDS)
    if unknown:
        raise fail(unknown[0], f"unknown field (expected one of {', '.join(sorted(_FIELDS))})")
    name = table.get("name", topic_id)
    if not isinstance(name, str) or not name.strip():
        raise fail("name", "must be a non-empty string")
    if not isinstance(table.get("extend", False), bool):
        raise fail("extend", "must be true or false")
    lists: dict[str, tuple[str, ...]] = {}
    for field in _LISTS:
        value = table.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(field, "must be a list of non-empty strings")
        terms = tuple(dict.fromkeys(v.strip() for v in value))
        if field != "aliases" and any(
            not p.strip() for t in terms if GAP in t for p in t.split(GAP)
        ):
            raise fail(field, f"{GAP} must stand between two words (人类{GAP}共同体)")
        lists[field] = _fold(terms) if folded and field != "aliases" else terms
    if not lists["keywords"] and not table.get("extend"):
        raise fail("keywords", "a topic needs at least one keyword")
    return Topic(
        topic_id,
        name.strip(),
        lists["keywords"],
        lists["aliases"],
        lists["exclude"],
        source,
        lists["weak"],
    )


def _fold(terms: tuple[str, ...]) -> tuple[str, ...]:
    """A user's terms in the matching key's script: Simplified, half-width letters and digits.

    Imported here because OpenCC costs a tenth of a second to load and only user files need it.
    """
    from tifa.corpus.script import fold_width, to_simplified

    return tuple(dict.fromkeys(fold_width(to_simplified(t)) for t in terms))


def _merge(base: Topic, extra: Topic) -> Topic:
    def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a + b))

    return replace(
        base,
        keywords=union(base.keywords, extra.keywords),
        weak=union(base.weak, extra.weak),
        aliases=union(base.aliases, extra.aliases),
        exclude=union(base.exclude, extra.exclude),
        name=extra.name if extra.name != extra.id else base.name,
        source=f"{base.source} + {extra.source}",
    )


def _decode_message(message: str, source: str, text: str) -> str:
    at = _AT_LINE.search(message)
    if at:
        line, column = at.group(1), at.group(2)
        reason = _AT_LINE.sub("", message)
        return f"{source}: line {line}: {reason.lower()} (column {column})"
    line = text.count("\n") + (0 if text.endswith("\n") else 1)
    return f"{source}: line {max(line, 1)}: {_AT_END.sub('', message).lower()} (at end of file)"


def _line_of(text: str, table: str, field: str | None = None) -> int:
    """The 1-based line of ``[table]`` (or of ``field =`` inside it); 1 when not found."""
    header = re.compile(rf"^\s*\[\s*[\"']?{re.escape(table)}[\"']?\s*\]")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return 1
    if field is None:
        return start + 1
    key = re.compile(rf"^\s*[\"']?{re.escape(field)}[\"']?\s*=")
    for i in range(start + 1, len(lines)):
        if lines[i].lstrip().startswith("["):
            break
        if key.match(lines[i]):
            return i + 1
    return start + 1


ALL = "all"
# ``all``: no topic, the whole official voice; its formulations are the lines the voice repeats
# (``tracking.formulations.recurrent``), so a new slogan is found before any topic names it.
WHOLE_VOICE = Topic(ALL, "the whole official voice", (), source=BUILTIN, whole=True)


def resolve_topic(name: str, topics: Mapping[str, Topic]) -> Topic:
    """A topic by id, alias or name, ignoring case, or ``WHOLE_VOICE`` for ``all`` (unless a
    topic is called so); LookupError lists the known ids."""
    wanted = name.strip().casefold()
    for topic in topics.values():
        names = (topic.id, topic.name, *topic.aliases)
        if any(n.casefold() == wanted for n in names):
            return topic
    if wanted == ALL:
        return WHOLE_VOICE
    known = ", ".join([*sorted(topics), ALL])
    raise LookupError(f"unknown topic {name!r} (known: {known})")


TOPIC_COLUMNS = ("id", "name", "aliases", "keywords", "weak", "exclude", "source")


def topic_record(topic: Topic) -> dict[str, object]:
    return {
        "id": topic.id,
        "name": topic.name,
        "aliases": list(topic.aliases),
        "keywords": list(topic.keywords),
        "weak": list(topic.weak),
        "exclude": list(topic.exclude),
        "source": topic.source,
    }


def topics_table(topics: Mapping[str, Topic]) -> Table:
    rows = tuple(tuple(topic_record(t)[c] for c in TOPIC_COLUMNS) for t in topics.values())
    return Table(TOPIC_COLUMNS, rows)
