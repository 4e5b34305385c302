"""What a timeline, a family report or a change report covers, in one line for people:
which turns were read, by what period, over what range, and what was left out.

The reports say it in their first line (text, Markdown, HTML) so that a figure is never read
without its scope: "official voice (answer, statement turns) · by month · 2019-03 to … ·
left out: 12 outside the range (documents)".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tifa.corpus.voice import OFFICIAL, ROLES
from tifa.tracking.periods import DateRange, Reason, Unit, left_out_line


def roles_line(roles: Sequence[str]) -> str:
    """Which turns were read."""
    if tuple(roles) == OFFICIAL:
        return "official voice (answer, statement turns)"
    if tuple(roles) == ROLES:
        return "every turn"
    return "turns: " + ", ".join(roles)


def scope_line(
    roles: Sequence[str],
    unit: Unit | None,
    span: DateRange,
    left_out: Mapping[Reason, Sequence[str]],
) -> str:
    """The scope as one line; ``unit`` None leaves the period out."""
    parts = (
        roles_line(roles),
        f"by {unit}" if unit else "",
        span.describe(),
        left_out_line(left_out),
    )
    return " · ".join(p for p in parts if p)
