"""Answers no real gRPC server sends, from a deliberately broken HTTP/2 peer: each becomes a
typed error at once (the client's deadline bounds whatever gRPC itself waits for)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.broken_peer import BrokenPeer, Script, frame
from xai_async import (
    APIError,
    AsyncClient,
    DataLossError,
    DeadlineExceededError,
    InternalServerError,
    UnknownError,
)
from xai_async._core import wire
from xai_async.chat import user
from xai_async.proto import xai_api

RESPONSE = wire.codec(xai_api.GetChatCompletionResponse).encode(
    xai_api.GetChatCompletionResponse(id="cmpl-1")
)
CHUNK = wire.codec(xai_api.GetChatCompletionChunk).encode(
    xai_api.GetChatCompletionChunk(
        id="cmpl-1",
        outputs=[
            xai_api.CompletionOutputChunk(
                delta=xai_api.Delta(content="hi ", role=xai_api.MessageRole.ROLE_ASSISTANT)
            )
        ],
    )
)


@pytest.fixture
def peer() -> Iterator[BrokenPeer]:
    server = BrokenPeer(Script())
    try:
        yield server
    finally:
        server.stop()


def _client(peer: BrokenPeer) -> AsyncClient:
    return AsyncClient(
        api_key="xai-test",
        api_host=peer.address,
        use_insecure_channel=True,
        timeout=10,
        channel_options=[("grpc.enable_retries", 0)],
    )


@pytest.mark.parametrize(
    ("script", "error", "match"),
    [
        (Script(data=[], status=0), DataLossError, "without a response message"),
        (Script(data=[frame(RESPONSE, length=len(RESPONSE) + 50)]), DataLossError, "truncated"),
        (Script(data=[frame(b"\x0a\xff\xff\xff\x0f")]), DataLossError, "cannot be decoded"),
        (Script(data=[frame(RESPONSE)], status=None), UnknownError, "END_STREAM"),
        (Script(data=[frame(RESPONSE)], reset=True), InternalServerError, "RST_STREAM"),
    ],
)
async def test_broken_unary_answers_are_typed_errors(
    peer: BrokenPeer, script: Script, error: type[APIError], match: str
) -> None:
    peer.script = script
    async with _client(peer) as client:
        chat = client.chat.create("grok-3", messages=[user("hi")])
        with pytest.raises(error, match=match) as caught:
            await chat.sample()
    assert caught.value.method == "/xai_api.Chat/GetCompletion"


# A chunk that arrived before the fault stays on the response. When the HTTP/2 stream itself
# breaks, grpcio's sync API still hands over the chunk that came with it; grpc.aio does not.
@pytest.mark.parametrize(
    ("script", "error", "match", "received"),
    [
        (Script(data=[frame(CHUNK), frame(b"\xff")]), DataLossError, "cannot be decoded", {"hi "}),
        (Script(data=[frame(CHUNK)], status=None), UnknownError, "END_STREAM", {"", "hi "}),
        (Script(data=[frame(CHUNK)], reset=True), InternalServerError, "RST_STREAM", {"", "hi "}),
    ],
)
async def test_broken_streams_end_with_typed_errors(
    peer: BrokenPeer, script: Script, error: type[APIError], match: str, received: set[str]
) -> None:
    peer.script = script
    async with _client(peer) as client:
        chat = client.chat.create("grok-3", messages=[user("hi")])
        stream = chat.stream()
        with pytest.raises(error, match=match):
            async for _ in stream:
                pass
        assert stream.response.content in received


@pytest.mark.xfail(
    strict=True,
    reason="grpc core drops a last message cut short by the end of the stream and reports OK; "
    "nothing above it can tell (found with this peer; a truncated unary response is caught)",
)
async def test_a_stream_whose_last_length_prefix_lies_is_an_error(peer: BrokenPeer) -> None:
    peer.script = Script(data=[frame(CHUNK), frame(CHUNK, length=len(CHUNK) + 9)])
    async with _client(peer) as client:
        chat = client.chat.create("grok-3", messages=[user("hi")])
        with pytest.raises(DataLossError):
            async for _ in chat.stream():
                pass


@pytest.mark.xfail(
    strict=True,
    raises=DeadlineExceededError,
    reason="grpc core waits for the end of a unary call that sent a second message until the "
    "deadline: bounded by timeout=, but not reported as what it is",
)
async def test_two_messages_for_a_unary_call_are_an_error(peer: BrokenPeer) -> None:
    peer.script = Script(data=[frame(RESPONSE), frame(RESPONSE)])
    async with _client(peer) as client:
        chat = client.chat.create("grok-3", messages=[user("hi")])
        with pytest.raises(DataLossError):
            await chat.sample(timeout=0.5)
