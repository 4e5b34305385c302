"""The official voice: which turns of a document speak for the government.

By default (``roles=None``) the official voice is read: ``answer`` turns (the minister's or
spokesperson's answers at a press conference, "答：" included, its speaker the one the title
names) and ``statement`` turns (the text of a statement, a report or a speech, a briefing's
opening announcements, "外交部发言人耿爽宣布："). Questions, hosts and ``narration`` (titles,
headings, news leads, closing lines) are left out unless a caller names them in ``roles``,
as ``--roles`` does on the command line ("question", "answer,question", "all").

This is the one place that decides it: families, year changes and timelines read
``voice_turns`` rather than testing ``turn.role`` themselves, and an excerpt's span in a
briefing keeps to ``OFFICIAL`` turns (``tracking.versions.relations``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import get_args

from tifa.corpus.model import Document, Role, Turn

ROLES: tuple[Role, ...] = get_args(Role)
OFFICIAL: tuple[Role, ...] = ("answer", "statement")
_ALIASES: dict[str, tuple[Role, ...]] = {"official": OFFICIAL, "all": ROLES}


def parse_roles(spec: str | Collection[str]) -> tuple[Role, ...]:
    """Roles from a comma-separated string or a collection of names, in ``ROLES`` order.

    "official" stands for ``OFFICIAL`` and "all" for every role; an unknown name is a
    ValueError naming the valid ones.
    """
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    chosen: set[str] = set()
    for name in (n.strip() for n in names):
        if name in _ALIASES:
            chosen.update(_ALIASES[name])
        elif name in ROLES:
            chosen.add(name)
        elif name:
            valid = ", ".join((*ROLES, *_ALIASES))
            raise ValueError(f"unknown role '{name}' (expected one of: {valid})")
    if not chosen:
        raise ValueError("no role given")
    return tuple(r for r in ROLES if r in chosen)


def voice_turns(doc: Document, roles: Collection[str] | None = None) -> tuple[Turn, ...]:
    """The turns of ``doc`` in ``roles`` (default: the official voice, ``OFFICIAL``), in
    document order. ``roles`` is validated as ``parse_roles`` does."""
    wanted = frozenset(OFFICIAL if roles is None else parse_roles(roles))
    return tuple(turn for turn in doc.turns if turn.role in wanted)
