"""Closing a stream, or the client, from another task or thread while one reads it.

The reader gets ClientClosedError at once; nothing blocks (grpcio's debug_error_string() on a
locally ended call used to hang the sync reader and freeze trio's whole loop), and on asyncio
no bare CancelledError escapes a task nobody cancelled.
"""

from __future__ import annotations

import faulthandler
import threading
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

from tests.fake_server import FakeXai
from xai_async import AsyncClient, ClientClosedError
from xai_async.chat import user
from xai_sync import Client


@pytest.fixture(autouse=True)
def _watchdog() -> Iterator[None]:
    # A frozen event loop cannot fail its own timeout: end the run loudly instead of hanging.
    faulthandler.dump_traceback_later(60, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def slow_stream(fake_xai: FakeXai) -> FakeXai:
    fake_xai.chunk_delay = 0.2
    fake_xai.reply(" ".join(["word"] * 100))
    return fake_xai


@pytest.mark.anyio
@pytest.mark.parametrize("close", ["stream", "client"])
async def test_async_reader_gets_closed_error_and_the_loop_keeps_running(
    slow_stream: FakeXai, client_kwargs: dict[str, Any], close: str
) -> None:
    client = AsyncClient(**client_kwargs)
    stream = client.chat.create("grok-3", messages=[user("talk")]).stream()
    outcome: list[BaseException] = []
    ended = anyio.Event()
    ticks = 0

    async def read() -> None:
        try:
            async for _ in stream:
                pass
        except ClientClosedError as error:
            outcome.append(error)
        ended.set()

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await anyio.sleep(0.01)

    with anyio.fail_after(10):
        async with anyio.create_task_group() as group:
            group.start_soon(read)
            group.start_soon(tick)
            await stream.__aenter__()
            await anyio.sleep(0.3)  # the reader waits for the next chunk
            before = ticks
            await (stream.aclose() if close == "stream" else client.aclose())
            await ended.wait()
            await anyio.sleep(0.05)
            group.cancel_scope.cancel()
    assert isinstance(outcome[0], ClientClosedError)
    assert ticks > before  # the loop kept running other tasks
    await client.aclose()


@pytest.mark.parametrize("close", ["stream", "client"])
def test_sync_reader_gets_closed_error_when_another_thread_closes(
    slow_stream: FakeXai, client_kwargs: dict[str, Any], close: str
) -> None:
    client = Client(**client_kwargs)
    stream = client.chat.create("grok-3", messages=[user("talk")]).stream()
    outcome: list[BaseException] = []
    first = threading.Event()

    def read() -> None:
        try:
            for _ in stream:
                first.set()
        except BaseException as error:
            outcome.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    assert first.wait(10)
    (stream.close if close == "stream" else client.close)()
    reader.join(10)
    assert not reader.is_alive(), "the reader is still blocked after close()"
    assert len(outcome) == 1
    assert isinstance(outcome[0], ClientClosedError)
    client.close()


@pytest.mark.anyio
async def test_a_unary_call_in_flight_when_another_task_closes_the_client(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.delay = 5
    client = AsyncClient(**client_kwargs)
    chat = client.chat.create("grok-3", messages=[user("hi")])
    outcome: list[BaseException] = []

    async def ask() -> None:
        try:
            await chat.sample()
        except ClientClosedError as error:
            outcome.append(error)

    with anyio.fail_after(10):
        async with anyio.create_task_group() as group:
            group.start_soon(ask)
            await anyio.sleep(0.3)
            await client.aclose()
    assert len(outcome) == 1
    assert "GetCompletion was closed" in str(outcome[0])


def test_a_sync_unary_call_in_flight_when_another_thread_closes_the_client(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.delay = 5
    client = Client(**client_kwargs)
    chat = client.chat.create("grok-3", messages=[user("hi")])
    outcome: list[BaseException] = []

    def ask() -> None:
        try:
            chat.sample()
        except BaseException as error:
            outcome.append(error)

    caller = threading.Thread(target=ask)
    caller.start()
    threading.Event().wait(0.3)
    client.close()
    caller.join(10)
    assert not caller.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], ClientClosedError)


@pytest.mark.anyio
async def test_an_upload_in_flight_when_another_task_closes_the_client(
    fake_xai: FakeXai,
) -> None:
    from xai_async._core.channel import ChannelSettings
    from xai_async._core.io.async_transport import AsyncTransport
    from xai_async.proto import services, xai_api

    transport = AsyncTransport(
        ChannelSettings.create(
            api_key=fake_xai.api_key, host=fake_xai.address, use_insecure_channel=True
        )
    )
    outcome: list[BaseException] = []

    async def chunks() -> Any:
        yield xai_api.UploadFileChunk(init=xai_api.UploadFileInit(name="big.bin"))
        while True:  # an upload that would never end by itself
            yield xai_api.UploadFileChunk(data=b"x" * 1024)
            await anyio.sleep(0.01)

    async def upload() -> None:
        try:
            await transport.stream_unary(services.Files.UploadFile, chunks())
        except ClientClosedError as error:
            outcome.append(error)

    with anyio.fail_after(10):
        async with anyio.create_task_group() as group:
            group.start_soon(upload)
            await anyio.sleep(0.3)
            await transport.aclose()
    assert len(outcome) == 1
    assert "UploadFile was closed" in str(outcome[0])
