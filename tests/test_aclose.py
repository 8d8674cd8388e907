"""Every async object closes with ``aclose()``, and each ``aclose`` is a checkpoint.

A checkpoint is where a pending cancellation is delivered: closing inside a cancelled scope
must still close (shielded where it matters) and then let the cancellation through.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

from tests.fake_server import FakeXai
from xai_async import AsyncClient, ClientClosedError
from xai_async._core.io.async_primitives import AsyncFileReader
from xai_async.chat import user

pytestmark = pytest.mark.anyio


async def _closes_at_a_checkpoint(aclose: Callable[[], Awaitable[None]]) -> None:
    with anyio.CancelScope() as scope:
        scope.cancel()
        await aclose()
    assert scope.cancelled_caught


async def test_client_aclose_is_a_checkpoint_and_closes(client_kwargs: dict[str, Any]) -> None:
    client = AsyncClient(**client_kwargs)
    chat = client.chat.create("grok-3", messages=[user("hi")])
    await chat.sample()  # a channel exists
    await _closes_at_a_checkpoint(client.aclose)
    with pytest.raises(ClientClosedError):
        await chat.sample()
    await client.close()  # the official name; idempotent


async def test_stream_aclose_is_a_checkpoint_and_cancels(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.chunk_delay = 0.05
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-3", messages=[user("a b c d e f g h")])
        stream = chat.stream()
        await stream.__anext__()
        await _closes_at_a_checkpoint(stream.aclose)
        assert fake_xai.wait_for_cancel("GetCompletionChunk")


async def test_file_reader_aclose_is_a_checkpoint() -> None:
    reader = AsyncFileReader(b"abc", chunk_size=1)
    assert await reader.__anext__() == b"a"
    await _closes_at_a_checkpoint(reader.aclose)
    with pytest.raises(StopAsyncIteration):
        await reader.__anext__()
