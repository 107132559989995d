"""A progress line on stderr while a batch runs: done/total, rate, time left.

Only on a terminal (a pipe or a log file gets nothing), never on the output stream, and
rewritten in place at most ``REFRESH`` times a second so that drawing it costs nothing. The
clock it reads only paces the line: nothing it measures reaches the report.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO

__all__ = ["Progress"]

REFRESH = 0.1  # seconds between two redraws

_WORDS = {
    "fr": ("projets", "projets/s", "reste {n} s"),
    "en": ("projects", "projects/s", "{n} s left"),
}


class Progress:
    """Call :meth:`tick` once per project, :meth:`close` at the end. Silent when ``stream``
    is not a terminal or ``enabled`` is false."""

    def __init__(
        self,
        stream: IO[str],
        total: int,
        lang: str = "fr",
        *,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream, self.total, self.clock = stream, max(total, 0), clock
        self.words = _WORDS["en" if lang == "en" else "fr"]
        self.active = enabled and stream.isatty()
        self.done = 0
        self.start = clock()
        self.drawn_at = float("-inf")
        self.width = 0

    def line(self, now: float) -> str:
        """The progress line at ``now``: ``512/1214 projects · 410 projects/s · 2 s left``."""
        projects, per_second, left = self.words
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        total = max(self.total, self.done)  # the total is an estimate (lines of the file)
        text = f"{self.done}/{total} {projects}"
        if self.done:
            text += f" · {rate:,.0f} {per_second}".replace(",", "\u202f")
            remaining = (total - self.done) / rate if rate else 0.0
            text += " · " + left.format(n=f"{remaining:.0f}")
        return text

    def tick(self) -> None:
        """One more project done; redraw if the last drawing is old enough."""
        self.done += 1
        if not self.active:
            return
        now = self.clock()
        if now - self.drawn_at >= REFRESH or self.done == self.total:
            self._draw(self.line(now))
            self.drawn_at = now

    def _draw(self, text: str) -> None:
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """Erase the line, so the summary starts on a clean one."""
        if self.active and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
