"""Progress on stderr: a ``rich`` bar, a plain line, or nothing.

With ``rich`` installed and stderr a terminal: a bar (bytes, rate and time left for
transfers; the percentage for generations). Without ``rich``, a terminal gets one plain line
redrawn with a carriage return. When stderr is not a terminal nothing is shown, unless
``--progress always`` asks for it: then each step is a line of its own (no escape sequences,
no carriage returns), fit for a log.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

from .output import Output

__all__ = ["Report", "human_bytes", "progress"]

#: Told ``(done, total)``: bytes so far and in all (``None``: not known), or percent of 100.
Report = Callable[[int, "int | None"], None]
Unit = Literal["bytes", "percent"]

#: The least time between two redraws of a plain progress line.
_REDRAW = 0.1
#: ... and between two lines when stderr is not a terminal.
_LOG_EVERY = 1.0


def human_bytes(count: float) -> str:
    """``1.5 MiB``, ``312 B``: a byte count for people."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(count) < 1024 or unit == "GiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} GiB"  # pragma: no cover - the loop returns


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}"


@contextmanager
def progress(
    out: Output, description: str, unit: Unit, total: int | None = None
) -> Iterator[Report]:
    """A ``report(done, total)`` callback that shows progress while the block runs.

    The callback may be called from another thread (the sync client reports an upload's
    progress from gRPC's sending thread).

    Args:
        out: Decides whether and how progress is shown.
        description: What is progressing (``"uploading notes.txt"``).
        unit: ``"bytes"`` (with rate and time left) or ``"percent"``.
        total: The total, if known before the first report.
    """
    if not out.progress:
        yield _ignore
        return
    if out.rich_progress:
        with _rich(description, unit, total) as report:
            yield report
        return
    plain = _Plain(description, unit, total, redraw=out.stderr_terminal)
    try:
        yield plain.report
    finally:
        plain.close()


def _ignore(done: int, total: int | None) -> None:
    pass


@contextmanager
def _rich(description: str, unit: Unit, total: int | None) -> Iterator[Report]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns: list[Any] = [TextColumn("{task.description}"), BarColumn()]
    if unit == "bytes":
        columns += [DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn()]
    else:
        columns += [TaskProgressColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(description, total=total if unit == "bytes" else 100)

        def report(done: int, total: int | None) -> None:
            if total is not None:
                bar.update(task, completed=done, total=total)
            else:
                bar.update(task, completed=done)

        yield report


class _Plain:
    """Plain-text progress on stderr: one line redrawn on a terminal, else a line a step."""

    def __init__(self, description: str, unit: Unit, total: int | None, *, redraw: bool) -> None:
        self.description = description
        self.unit = unit
        self.total = total
        self.redraw = redraw
        self.started = time.monotonic()
        self.shown_at = 0.0
        self.last = ""
        self.shown_done = -1  # ``done`` as last shown
        self.done = 0
        self.width = 0
        self.lock = threading.Lock()

    def report(self, done: int, total: int | None) -> None:
        with self.lock:
            self.done = done
            if total is not None:
                self.total = total
            now = time.monotonic()
            finished = self.total is not None and done >= self.total
            pause = _REDRAW if self.redraw else _LOG_EVERY
            if self.unit == "bytes" and not finished and now - self.shown_at < pause:
                return
            self._show(now)

    def _show(self, now: float) -> None:
        text = self._text(now)
        if text == self.last:
            return
        self.last, self.shown_at, self.shown_done = text, now, self.done
        if self.redraw:
            padding = " " * max(0, self.width - len(text))
            self.width = len(text)
            sys.stderr.write(f"\r{text}{padding}")
        else:
            sys.stderr.write(f"{text}\n")
        sys.stderr.flush()

    def _text(self, now: float) -> str:
        if self.unit == "percent":
            return f"{self.description}: {self.done}%"
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        text = f"{self.description}: {human_bytes(self.done)}"
        if self.total is not None:
            share = 100 * self.done // self.total if self.total else 100
            text += f" / {human_bytes(self.total)} ({share}%)"
        text += f", {human_bytes(rate)}/s"
        if self.total is not None and self.done < self.total and rate > 0:
            text += f", {_clock((self.total - self.done) / rate)} left"
        return text

    def close(self) -> None:
        with self.lock:
            if self.shown_done != self.done:  # the last step was skipped (too soon)
                self._show(time.monotonic())
            if self.redraw and self.last:
                sys.stderr.write("\n")
                sys.stderr.flush()
