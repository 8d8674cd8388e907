"""The transport under the API: client streaming, request type checks, settings privacy."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator

import grpc
import pytest

from tests.fake_server import API_KEY, FakeXai
from xai_async._core.channel import ChannelSettings
from xai_async._core.errors import (
    APIError,
    InternalServerError,
    InvalidArgumentError,
    MessageTooLargeError,
)
from xai_async._core.io.async_transport import AsyncTransport
from xai_async.proto import services, xai_api


def _transport(server: FakeXai) -> AsyncTransport:
    settings = ChannelSettings.create(
        api_key=API_KEY, host=server.address, use_insecure_channel=True
    )
    return AsyncTransport(settings)


async def _upload(count: int, size: int = 1000) -> AsyncIterator[xai_api.UploadFileChunk]:
    yield xai_api.UploadFileChunk(init=xai_api.UploadFileInit(name="notes.txt"))
    for number in range(count):
        yield xai_api.UploadFileChunk(data=bytes([number % 256]) * size)


async def test_client_streaming_sends_every_request_in_order(fake_xai: FakeXai) -> None:
    transport = _transport(fake_xai)
    try:
        # More requests than any read-ahead buffer, so backpressure is exercised too.
        uploaded = await transport.stream_unary(services.Files.UploadFile, _upload(100))
    finally:
        await transport.aclose()
    assert (uploaded.filename, uploaded.size) == ("notes.txt", 100_000)
    assert fake_xai.uploads == [b"".join(bytes([n]) * 1000 for n in range(100))]
    assert fake_xai.received[0].metadata["authorization"] == f"Bearer {API_KEY}"


async def test_requests_of_the_wrong_type_are_refused_before_sending(fake_xai: FakeXai) -> None:
    transport = _transport(fake_xai)
    try:
        with pytest.raises(TypeError, match="GetCompletionsRequest"):
            await transport.unary_unary(  # type: ignore[misc]
                services.Chat.GetCompletion, xai_api.Message()
            )
    finally:
        await transport.aclose()
    assert fake_xai.received == []


async def test_large_messages_fit_the_20_mib_limits(fake_xai: FakeXai) -> None:
    # gRPC's default receive limit is 4 MiB; the SDK allows 20 MiB each way.
    fake_xai.reply("x" * (8 * 1024 * 1024))
    request = xai_api.GetCompletionsRequest(
        model="grok-3",
        messages=[xai_api.Message(content=[xai_api.Content(text="y" * (8 * 1024 * 1024))])],
    )
    transport = _transport(fake_xai)
    try:
        response = await transport.unary_unary(services.Chat.GetCompletion, request)
        fake_xai.reply("x" * (21 * 1024 * 1024))
        with pytest.raises(MessageTooLargeError, match="larger than max"):
            await transport.unary_unary(services.Chat.GetCompletion, request)
    finally:
        await transport.aclose()
    assert response.outputs[0].message is not None
    assert len(response.outputs[0].message.content) == 8 * 1024 * 1024


def test_settings_and_transport_never_show_the_key() -> None:
    for insecure in (True, False):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # plaintext to a remote host warns: not the point
            settings = ChannelSettings.create(
                api_key=API_KEY, host="api.x.ai", use_insecure_channel=insecure
            )
        transport = AsyncTransport(settings)
        for text in (repr(settings), str(settings), repr(transport)):
            assert API_KEY not in text


async def test_a_failed_upload_raises_the_typed_error_itself(fake_xai: FakeXai) -> None:
    # On trio the upload runs in a nursery: the error must not come wrapped in a group.
    fake_xai.fail_next(1, grpc.StatusCode.INVALID_ARGUMENT, "bad upload")
    transport = _transport(fake_xai)
    try:
        with pytest.raises(APIError) as caught:
            await transport.stream_unary(services.Files.UploadFile, _upload(3))
    finally:
        await transport.aclose()
    # The server's abort races the client's last writes; gRPC reports one or the other.
    assert isinstance(caught.value, (InvalidArgumentError, InternalServerError))


async def test_an_upload_whose_requests_fail_raises_that_error(fake_xai: FakeXai) -> None:
    async def broken() -> AsyncIterator[xai_api.UploadFileChunk]:
        yield xai_api.UploadFileChunk(init=xai_api.UploadFileInit(name="x"))
        raise OSError("disk gone")

    transport = _transport(fake_xai)
    try:
        with pytest.raises(OSError, match="disk gone"):
            await transport.stream_unary(services.Files.UploadFile, broken())
    finally:
        await transport.aclose()
