"""Every ``async def`` test in this folder runs on asyncio and on trio, with no marker needed.

Hand-written and not mirrored: the generated ``tests/_sync`` tests are plain functions.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _on_each_backend(anyio_backend: str) -> None:
    """Requesting ``anyio_backend`` (parametrized in tests/conftest.py) is what AnyIO's plugin
    looks for to run a coroutine test; autouse makes that hold for every test here."""
