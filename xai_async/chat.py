"""Chat with Grok: ``client.chat.create(...)``, then ``sample()`` or ``stream()``.

The message helpers and the ``Response``/``Chunk`` types are shared by both packages, so a
message made with ``xai_async.chat.user`` works with a ``xai_sync`` client and vice versa.
"""

from __future__ import annotations

from xai_async._core.chat import (
    BaseChat,
    BaseChatClient,
    Chunk,
    CompletionOutputChunk,
    Content,
    Response,
    StreamAccumulator,
    assistant,
    developer,
    file,
    image,
    required_tool,
    system,
    text,
    tool_result,
    user,
)
from xai_async._core.io.async_transport import AsyncResponseStream, AsyncTransport
from xai_async.proto import services, xai_api

from ._streams import AsyncFoldingStream

__all__ = [
    "AsyncChat",
    "AsyncChatClient",
    "AsyncChatStream",
    "Chunk",
    "CompletionOutputChunk",
    "Content",
    "Response",
    "assistant",
    "developer",
    "file",
    "image",
    "required_tool",
    "system",
    "text",
    "tool_result",
    "user",
]


class AsyncChatClient(BaseChatClient["AsyncChat"]):
    """``client.chat``: creates conversations bound to this client."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    def _make_chat(
        self,
        request: xai_api.GetCompletionsRequest,
        *,
        conversation_id: str | None,
        batch_request_id: str | None,
    ) -> AsyncChat:
        return AsyncChat(
            self._transport,
            request,
            conversation_id=conversation_id,
            batch_request_id=batch_request_id,
        )


class AsyncChat(BaseChat):
    """A conversation: ``append`` messages, then ``sample`` or ``stream`` the next answer."""

    def __init__(
        self,
        transport: AsyncTransport,
        request: xai_api.GetCompletionsRequest,
        *,
        conversation_id: str | None = None,
        batch_request_id: str | None = None,
    ) -> None:
        super().__init__(
            request, conversation_id=conversation_id, batch_request_id=batch_request_id
        )
        self._transport = transport

    async def sample(self, *, timeout: float | None = None) -> Response:
        """Get the model's next answer in one piece.

        Args:
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            ValueError: The chat has no messages (nothing is sent).
            APIError: The RPC failed; the subclass names the gRPC status.
        """
        request, index = self._sample_request()
        proto = await self._transport.unary_unary(
            services.Chat.GetCompletion, request, timeout=timeout
        )
        return self._response(proto, index)

    def stream(self, *, timeout: float | None = None) -> AsyncChatStream:
        """Stream the model's next answer: iterate ``(response, chunk)`` pairs.

        ``response`` accumulates the answer so far; ``chunk`` holds what just arrived. Use
        the stream as a context manager to be sure the RPC ends with the block.

        Args:
            timeout: Seconds the whole stream may take (default: the client's timeout).

        Raises:
            ValueError: The chat has no messages (nothing is sent).
        """
        request, index = self._sample_request()
        chunks = self._transport.unary_stream(
            services.Chat.GetCompletionChunk, request, timeout=timeout
        )
        return AsyncChatStream(chunks, StreamAccumulator(index))


class AsyncChatStream(AsyncFoldingStream[xai_api.GetChatCompletionChunk, tuple[Response, Chunk]]):
    """The ``(response, chunk)`` pairs of a streamed answer; closing it cancels the RPC."""

    def __init__(
        self,
        chunks: AsyncResponseStream[xai_api.GetChatCompletionChunk],
        accumulator: StreamAccumulator,
    ) -> None:
        super().__init__(chunks, accumulator.add)
        self._accumulator = accumulator

    @property
    def response(self) -> Response:
        """The answer accumulated so far (complete once the stream is exhausted)."""
        return self._accumulator.response


#: The official SDK's name for the async chat (``xai_sdk.aio.chat.Chat``).
Chat = AsyncChat
