"""A progress bar on stderr for long corpus work (a cold index build, words, loading).

Drawn only when stderr is a terminal and the work has lasted ``DELAY_S`` (a warm run stays
silent), redrawn at most ``RATE_HZ`` times a second, and erased when the work ends, so the
data on stdout and the messages on stderr are never mixed with it. It shows the stage,
the count, a bar and the time left once the engine can estimate it
(``tifa.corpus.Progress.remaining``). File names are not shown: they are user data and
the line must stay one terminal line.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tifa.corpus import Progress

DELAY_S = 0.5
RATE_HZ = 10
WIDTH = 24


class ProgressBar:
    """A callable for the engine's ``progress=`` that draws on ``stream`` (stderr)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.width = 0  # of the line on screen, to erase it
        self.live = _is_terminal(self.stream)

    def __call__(self, event: Progress) -> None:
        now = time.monotonic()
        finished = bool(event.total) and event.done >= event.total
        if not self.live or now - self.started < DELAY_S:
            return
        if now - self.drawn_at < 1 / RATE_HZ and not finished:
            return
        self.drawn_at = now
        self._draw(line(event))

    def _draw(self, text: str) -> None:
        self.stream.write("\r" + text + " " * max(0, self.width - len(text)))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """Erase the bar (if one was drawn)."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def line(event: Progress) -> str:
    """``tifa: parsing 1,234/10,000 ▕█████░░░░░▏ 12% · 2m 05s left``."""
    if not event.total:
        return f"tifa: {event.stage} {event.done:,}…"
    share = min(1.0, event.done / event.total)
    filled = round(WIDTH * share)
    text = (
        f"tifa: {event.stage} {event.done:,}/{event.total:,} "
        f"▕{'█' * filled}{'░' * (WIDTH - filled)}▏ {share:4.0%}"
    )
    if event.remaining is not None and event.done < event.total:
        text += f" · {duration(event.remaining)} left"
    return text


def duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
