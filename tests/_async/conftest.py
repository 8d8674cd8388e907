"""Runs every ``async def`` test here on both event loops AnyIO supports: asyncio and trio.

Hand-written and not mirrored: the generated ``tests/_sync`` tests are plain functions.
"""

from __future__ import annotations

import pytest


@pytest.fixture(
    params=[pytest.param("asyncio", id="asyncio"), pytest.param("trio", id="trio")],
    autouse=True,
)
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)
