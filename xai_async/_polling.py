"""Waiting for a long-running operation (deferred completion, video, indexing).

Poll until it is done, never past a deadline, each poll's RPC bounded by the time left.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from xai_async._core.errors import DeadlineExceededError, PollTimeoutError
from xai_async._core.io.async_primitives import AsyncResult, async_sleep
from xai_async._core.validate import timeout_seconds

__all__ = ["poll"]

T = TypeVar("T")


async def poll(
    fetch: Callable[[float], AsyncResult[T]],
    done: Callable[[T], bool],
    *,
    timeout: float | timedelta,
    interval: float | timedelta,
    on_progress: Callable[[T], object] | None = None,
    what: str = "the operation",
    started: float | None = None,
) -> T:
    """Call ``fetch`` until ``done`` says its result is final, and return that result.

    Args:
        fetch: Gets the current state; it receives the seconds left, its RPC's timeout.
        done: Whether a state is final (succeeded or failed: the caller tells them apart).
        timeout: How long to wait in all.
        interval: Pause between polls.
        on_progress: Called with every state fetched, the final one included.
        what: Named in the timeout error.
        started: When the wait began (``time.monotonic()``), if before this call: what the
            caller did first (e.g. the call that started the operation) counts against
            ``timeout`` too.

    Raises:
        PollTimeoutError: ``timeout`` passed before a final state.
        ValueError: ``timeout`` or ``interval`` is not a positive duration.
    """
    total = timeout_seconds(timeout, "timeout")
    pause = timeout_seconds(interval, "interval")
    now = time.monotonic()
    deadline = (now if started is None else started) + total
    # (now + total) - now can exceed total by a rounding error when the clock reads high.
    left = min(deadline - now, total)
    while left > 0:
        try:
            state = await fetch(left)
        except DeadlineExceededError as error:
            if time.monotonic() < deadline:
                raise  # the server's own deadline, not ours
            # The last poll's RPC had only the time left, and ran out with it.
            raise _timed_out(total, what) from error
        if on_progress is not None:
            on_progress(state)
        if done(state):
            return state
        await async_sleep(min(pause, max(deadline - time.monotonic(), 0)))
        left = min(deadline - time.monotonic(), total)
    raise _timed_out(total, what)


def _timed_out(total: float, what: str) -> PollTimeoutError:
    return PollTimeoutError(f"Polling timed out after {total:g} s: {what} is not done.")
