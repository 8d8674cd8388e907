"""One AsyncClient, many event loops: a channel per asyncio loop, the bridge under trio."""

from __future__ import annotations

import asyncio
from typing import Any

import trio

from tests.fake_server import FakeXai
from xai_async import AsyncClient
from xai_async.chat import user


def test_one_client_serves_successive_asyncio_loops_and_trio(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    client = AsyncClient(**client_kwargs)
    chat = client.chat.create("grok-3", messages=[user("hi")])

    async def ask() -> str:
        return (await chat.sample()).content

    answers = [asyncio.run(ask()), asyncio.run(ask()), trio.run(ask)]
    asyncio.run(client.close())
    # A grpc.aio channel is bound to the loop that made it: each asyncio.run needs its own.
    assert answers == ["Ahoy! You said: hi"] * 3
    assert len(fake_xai.received) == 3
