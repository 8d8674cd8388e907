"""The concurrency limiter twins (not generated: tasks and threads are set up differently)."""

from __future__ import annotations

import threading
import time

import anyio
import pytest

from xai_async._core.io.async_primitives import AsyncLimiter
from xai_async._core.io.primitives import Limiter


class Gauge:
    def __init__(self) -> None:
        self.now = self.peak = 0
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def leave(self) -> None:
        with self._lock:
            self.now -= 1


@pytest.mark.anyio
async def test_async_limiter_lets_in_at_most_its_limit() -> None:
    limiter, gauge = AsyncLimiter(2), Gauge()

    async def work() -> None:
        async with limiter:
            gauge.enter()
            await anyio.sleep(0.01)
            gauge.leave()

    async with anyio.create_task_group() as group:
        for _ in range(6):
            group.start_soon(work)
    assert gauge.peak == 2


def test_sync_limiter_lets_in_at_most_its_limit() -> None:
    limiter, gauge = Limiter(2), Gauge()

    def work() -> None:
        with limiter:
            gauge.enter()
            time.sleep(0.01)
            gauge.leave()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gauge.peak == 2


@pytest.mark.parametrize("limiter", [AsyncLimiter, Limiter])
@pytest.mark.parametrize(("limit", "error"), [(0, ValueError), (1.5, TypeError), (True, TypeError)])
def test_limiters_refuse_a_bad_limit(limiter: type, limit: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="limit"):
        limiter(limit)
