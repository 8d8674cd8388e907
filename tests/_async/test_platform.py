"""The platform under every API area: sub-clients, hosts, observers, paging, polling, files."""

from __future__ import annotations

import io
import socket
import types
from pathlib import Path
from typing import Any

import grpc
import pytest

import xai_async._polling
from tests.fake_server import API_KEY, FakeXai
from xai_async import (
    AsyncClient,
    DataLossError,
    PollTimeoutError,
    RateLimitError,
    UnavailableError,
    XAIError,
)
from xai_async._core.channel import ChannelSettings
from xai_async._core.io.async_primitives import AsyncFileReader
from xai_async._core.io.async_transport import AsyncTransport
from xai_async._core.io.front import Call
from xai_async._pagination import AsyncPager
from xai_async._polling import poll
from xai_async.chat import user
from xai_async.proto import collections, services
from xai_async.proto.google import protobuf

# -- sub-clients -----------------------------------------------------------------------------


async def test_sub_clients_are_built_once_on_first_use(client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        assert "chat" not in vars(client)
        chat_client = client.chat
        assert client.chat is chat_client
        assert "chat" in vars(client)


async def test_an_unknown_area_is_an_attribute_error(client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(AttributeError, match="chatt"):
            client.chatt  # type: ignore[attr-defined]  # noqa: B018


# -- hosts -----------------------------------------------------------------------------------


def _settings(address: str, key: str = API_KEY) -> ChannelSettings:
    return ChannelSettings.create(
        api_key=key,
        host=address,
        use_insecure_channel=True,
        channel_options=[("grpc.enable_retries", 0)],
    )


def _dead_address() -> str:
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


async def test_each_method_goes_to_the_host_that_serves_it(fake_xai: FakeXai) -> None:
    transport = AsyncTransport(
        _settings(_dead_address()), _settings(fake_xai.address, fake_xai.management_key)
    )
    try:
        # Collections live on the management host: the live fake server answers it...
        listing = await transport.unary_unary(
            services.Collections.ListCollections, collections.ListCollectionsRequest()
        )
        assert listing.collections == []
        # ...while Auth is on the API host, where nothing listens.
        with pytest.raises(UnavailableError):
            await transport.unary_unary(services.Auth.get_api_key_info, protobuf.Empty())
    finally:
        await transport.aclose()
    assert [call.method for call in fake_xai.received] == ["ListCollections"]


async def test_a_management_call_without_a_management_key_fails_before_sending(
    fake_xai: FakeXai,
) -> None:
    transport = AsyncTransport(_settings(fake_xai.address))
    try:
        with pytest.raises(ValueError, match="XAI_MANAGEMENT_KEY"):
            await transport.unary_unary(
                services.Collections.ListCollections, collections.ListCollectionsRequest()
            )
    finally:
        await transport.aclose()
    assert fake_xai.attempts == {}


# -- observers -------------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, Any]] = []
        self.trailing: list[Any] = []

    def call_started(self, call: Call) -> None:
        self.events.append(("started", call.method.path.rpartition("/")[2], call.timeout))

    def call_ended(self, call: Call, error: BaseException | None) -> None:
        outcome = type(error).__name__ if error is not None else call.code
        self.events.append(("ended", call.method.path.rpartition("/")[2], outcome))
        self.trailing.append(dict(call.trailing_metadata).get("x-request-id"))


async def test_observers_see_every_call_start_and_end_once(fake_xai: FakeXai) -> None:
    recorder = Recorder()
    transport = AsyncTransport(_settings(fake_xai.address), observers=[recorder])
    request = AsyncClient(api_key=API_KEY).chat.create("grok-3", messages=[user("a b c")]).proto
    try:
        await transport.unary_unary(services.Auth.get_api_key_info, protobuf.Empty(), timeout=7)
        fake_xai.fail_next(1, grpc.StatusCode.RESOURCE_EXHAUSTED)
        with pytest.raises(RateLimitError):
            await transport.unary_unary(services.Auth.get_api_key_info, protobuf.Empty())
        chunks = [
            c async for c in transport.unary_stream(services.Chat.GetCompletionChunk, request)
        ]
        async with transport.unary_stream(services.Chat.GetCompletionChunk, request) as stream:
            async for _chunk in stream:
                break
    finally:
        await transport.aclose()
    assert len(chunks) == 6  # "Ahoy! You said: a b c", a word a chunk
    assert recorder.events == [
        ("started", "get_api_key_info", 7.0),
        ("ended", "get_api_key_info", grpc.StatusCode.OK),
        ("started", "get_api_key_info", 1620.0),
        ("ended", "get_api_key_info", "RateLimitError"),
        ("started", "GetCompletionChunk", 1620.0),
        ("ended", "GetCompletionChunk", grpc.StatusCode.OK),
        ("started", "GetCompletionChunk", 1620.0),
        ("ended", "GetCompletionChunk", "ClientClosedError"),
    ]
    # The server's trailing metadata reaches the observers of calls that ended well.
    assert recorder.trailing == ["req-1", None, "req-2", None]


# -- pagination ------------------------------------------------------------------------------


async def test_a_pager_walks_every_page_once() -> None:
    pages = {None: (["a", "b"], "t1"), "t1": ([], "t2"), "t2": (["c"], "")}
    asked: list[str | None] = []

    async def fetch(token: str | None) -> tuple[list[str], str]:
        asked.append(token)
        return pages[token]

    items = [item async for item in AsyncPager(fetch, lambda p: p[0], lambda p: p[1])]
    assert items == ["a", "b", "c"]
    assert asked == [None, "t1", "t2"]


async def test_a_pager_stops_when_the_server_repeats_a_token() -> None:
    async def fetch(token: str | None) -> tuple[list[str], str]:
        return ["x"], "same"

    pager = AsyncPager(fetch, lambda p: p[0], lambda p: p[1])
    assert await pager.next_page() == (["x"], "same")
    with pytest.raises(XAIError, match="repeated pagination token"):
        await pager.next_page()
    assert await pager.next_page() is None


# -- polling ---------------------------------------------------------------------------------


async def test_poll_returns_the_first_final_state_and_reports_progress() -> None:
    states = iter(["queued", "running", "done", "never read"])
    budgets: list[float] = []
    seen: list[str] = []

    async def fetch(left: float) -> str:
        budgets.append(left)
        return next(states)

    result = await poll(
        fetch, lambda s: s == "done", timeout=30, interval=0.01, on_progress=seen.append
    )
    assert result == "done"
    assert seen == ["queued", "running", "done"]
    assert budgets[0] == 30
    assert all(0 < left <= 30 for left in budgets)


async def test_poll_gives_up_at_its_deadline() -> None:
    budgets: list[float] = []

    async def fetch(left: float) -> str:
        budgets.append(left)
        return "running"

    with pytest.raises(PollTimeoutError, match=r"0\.05 s: the video") as caught:
        await poll(fetch, lambda s: False, timeout=0.05, interval=0.01, what="the video")
    assert isinstance(caught.value, TimeoutError)
    assert budgets
    assert all(0 < left <= 0.05 for left in budgets)


async def test_poll_budget_never_exceeds_the_timeout_on_a_clock_that_reads_high(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # At 987654.321 s of uptime, (now + 0.05) - now is 0.05000000004656613.
    clock = types.SimpleNamespace(monotonic=lambda: 987654.321)
    monkeypatch.setattr(xai_async._polling, "time", clock)
    budgets: list[float] = []

    async def fetch(left: float) -> str:
        budgets.append(left)
        clock.monotonic = lambda: 987654.321 + 1  # the first poll used up the time
        return "running"

    with pytest.raises(PollTimeoutError):
        await poll(fetch, lambda s: False, timeout=0.05, interval=0.01)
    assert budgets == [0.05]


@pytest.mark.parametrize(
    ("kwargs", "error"), [({"interval": 0}, ValueError), ({"timeout": "1"}, TypeError)]
)
async def test_poll_refuses_bad_durations(kwargs: dict[str, Any], error: type[Exception]) -> None:
    async def fetch(left: float) -> str:
        raise AssertionError("never called")

    arguments: dict[str, Any] = {"timeout": 1, "interval": 0.1, **kwargs}
    with pytest.raises(error, match=next(iter(kwargs))):
        await poll(fetch, lambda s: True, **arguments)


# -- file reader -----------------------------------------------------------------------------


async def test_file_reader_reads_bytes_paths_and_file_objects_in_chunks(tmp_path: Path) -> None:
    data = bytes(range(256)) * 41  # 10,496 bytes: not a multiple of the chunk size
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    with path.open("rb") as opened:
        opened.seek(96)
        for source, name, size, expected in [
            (data, None, len(data), data),
            (str(path), "data.bin", len(data), data),
            (path, "data.bin", len(data), data),
            (opened, "data.bin", len(data) - 96, data[96:]),
        ]:
            reader = AsyncFileReader(source, chunk_size=4096)
            assert (reader.name, reader.size) == (name, size)
            chunks = [chunk async for chunk in reader]
            assert b"".join(chunks) == expected
            assert all(len(chunk) == 4096 for chunk in chunks[:-1])
        assert not opened.closed  # the caller's file stays open


async def test_file_reader_closes_the_file_it_opened(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * 10)
    reader = AsyncFileReader(path, chunk_size=4)
    assert await reader.__anext__() == b"xxxx"
    await reader.aclose()
    assert [chunk async for chunk in reader] == []


@pytest.mark.parametrize(
    ("source", "kwargs", "error", "match"),
    [
        ("/no/such/file", {}, FileNotFoundError, "no such file"),
        (io.StringIO("text"), {}, TypeError, "file"),
        (42, {}, TypeError, "file"),
        (b"data", {"chunk_size": 0}, ValueError, "chunk_size"),
    ],
)
def test_file_reader_refuses_bad_input_before_reading(
    source: Any, kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        AsyncFileReader(source, **kwargs)


async def test_a_subclass_of_the_client_finds_the_sdk_areas(client_kwargs: dict[str, Any]) -> None:
    class MyClient(AsyncClient):
        pass

    async with MyClient(**client_kwargs) as client:
        chat = client.chat.create("grok-3", messages=[user("hi")])
        assert (await chat.sample()).content == "Ahoy! You said: hi"


# -- responses the SDK cannot decode ---------------------------------------------------------


async def test_an_undecodable_response_is_a_typed_data_loss_error(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.send_garbage()
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-3", messages=[user("hi")])
        with pytest.raises(DataLossError, match="cannot be decoded") as caught:
            await chat.sample()
        assert caught.value.method == "/xai_api.Chat/GetCompletion"
        assert (await chat.sample()).content == "Ahoy! You said: hi"  # the client still works


async def test_an_undecodable_chunk_ends_the_stream_with_a_typed_error(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.send_garbage(after=2)
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-3", messages=[user("one two three four")])
        stream = chat.stream()
        seen = [(await stream.__anext__())[1].content for _ in range(2)]
        with pytest.raises(DataLossError, match="cannot be decoded"):
            await stream.__anext__()
        # What arrived before stays readable on the accumulated response.
        assert stream.response.content == "".join(seen) == "Ahoy! You "
