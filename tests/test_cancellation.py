"""Cancellation on both event loops: a cancelled task cancels its RPC on the server, and
AnyIO cancel scopes keep working around our calls (grpc/grpc#43502 is the trap avoided).

Async-only by nature, so not mirrored into tests/_sync.
"""

from __future__ import annotations

import gc
import os
import threading
from typing import Any

import anyio
import pytest

from tests.fake_server import SERVER_THREAD_PREFIX, FakeXai
from xai_async import AsyncClient
from xai_async.chat import user

pytestmark = pytest.mark.anyio


async def test_cancel_scope_around_a_slow_unary_call_cancels_it_on_the_server(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.delay = 10.0
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        with anyio.move_on_after(0.3) as scope:
            await chat.sample()
        # The scope absorbed its own cancellation: nothing leaked out as CancelledError.
        assert scope.cancelled_caught
        assert fake_xai.wait_for_cancel("GetCompletion")  # before the client closes
        # The client is still usable afterwards.
        fake_xai.delay = 0
        assert (await chat.sample()).content


async def test_cancelling_a_task_group_cancels_a_running_stream_on_the_server(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.chunk_delay = 0.05
    fake_xai.reply(" ".join(["word"] * 500))
    received = []
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("talk")])

        async def consume() -> None:
            async for _response, chunk in chat.stream():
                received.append(chunk.content)

        async with anyio.create_task_group() as group:
            group.start_soon(consume)
            await anyio.sleep(0.3)
            group.cancel_scope.cancel()
        # Checked before the client closes (closing would cancel every call anyway).
        assert fake_xai.wait_for_cancel("GetCompletionChunk")
    assert 0 < len(received) < 500


async def test_timeout_scope_expiring_while_waiting_for_the_first_chunk(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.delay = 10.0
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        with pytest.raises(TimeoutError), anyio.fail_after(0.3):  # noqa: PT012
            async with chat.stream() as stream:
                async for _ in stream:
                    pass
        assert fake_xai.wait_for_cancel("GetCompletionChunk")


async def test_concurrent_calls_on_one_client(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    results: list[str] = []
    async with AsyncClient(**client_kwargs) as client:

        async def ask(number: int) -> None:
            chat = client.chat.create(model="grok-3", messages=[user(f"question {number}")])
            results.append((await chat.sample()).content)

        async with anyio.create_task_group() as group:
            for number in range(20):
                group.start_soon(ask, number)
    assert sorted(results) == sorted(f"Ahoy! You said: question {n}" for n in range(20))


def _client_threads() -> int:
    """Threads not serving the fake server (its pool grows with concurrent calls)."""
    return sum(not t.name.startswith(SERVER_THREAD_PREFIX) for t in threading.enumerate())


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


async def test_no_thread_or_descriptor_leak_after_many_calls(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async def round_trip() -> None:
        async with AsyncClient(**client_kwargs) as client:
            chat = client.chat.create(model="grok-3", messages=[user("one two three")])
            for _ in range(5):
                await chat.sample()
                async for _ in chat.stream():
                    pass
                # Abandoned after one chunk while the server has far more to send than any
                # read-ahead buffer holds.
                fake_xai.reply(" ".join(["word"] * 100))
                async with chat.stream() as stream:
                    async for _ in stream:
                        break

    await round_trip()  # warm up: grpc starts its own long-lived threads once
    gc.collect()
    threads, fds = _client_threads(), _open_fds()
    for _ in range(10):
        await round_trip()
    # Pump threads end when their stream ends; give the last ones a moment to exit.
    with anyio.fail_after(5):
        while _client_threads() > threads:  # noqa: ASYNC110 - threads have no event
            await anyio.sleep(0.05)
    gc.collect()
    assert _client_threads() <= threads
    assert _open_fds() <= fds + 2


async def test_cancelling_a_client_stream_cancels_it_on_the_server(fake_xai: FakeXai) -> None:
    from xai_async._core.channel import ChannelSettings
    from xai_async._core.io.async_transport import AsyncTransport
    from xai_async.proto import services, xai_api

    async def chunks() -> Any:
        yield xai_api.UploadFileChunk(init=xai_api.UploadFileInit(name="big.bin"))
        for _ in range(1000):
            yield xai_api.UploadFileChunk(data=b"x" * 100)

    async def one_chunk() -> Any:
        yield xai_api.UploadFileChunk(init=xai_api.UploadFileInit(name="small.bin"))

    settings = ChannelSettings.create(
        api_key=fake_xai.api_key, host=fake_xai.address, use_insecure_channel=True
    )
    transport = AsyncTransport(settings)
    try:
        await transport.stream_unary(services.Files.UploadFile, one_chunk())  # warm up
        fake_xai.uploads.clear()
        threads = _client_threads()
        fake_xai.chunk_delay = 0.01
        with anyio.move_on_after(0.3) as scope:
            await transport.stream_unary(services.Files.UploadFile, chunks())
        assert scope.cancelled_caught
        assert fake_xai.wait_for_cancel("UploadFile")
        assert fake_xai.uploads == []
    finally:
        await transport.aclose()
    with anyio.fail_after(5):
        while _client_threads() > threads:  # noqa: ASYNC110 - threads have no event
            await anyio.sleep(0.05)
