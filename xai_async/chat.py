"""Chat with Grok: ``client.chat.create(...)``, then ``sample()``, ``stream()`` and friends.

The message helpers and the ``Response``/``Chunk`` types are shared by both packages, so a
message made with ``xai_async.chat.user`` works with a ``xai_sync`` client and vice versa.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from xai_async._core.chat import (
    BaseChat,
    BaseChatClient,
    BatchAccumulator,
    Chunk,
    CompactContextResponse,
    CompletionOutputChunk,
    Content,
    ImageGenerationOutput,
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
from xai_async._core.chat.functions import (
    check_functions,
    client_side_calls,
    prepare_call,
    result_message,
)
from xai_async._core.chat.search import SearchParameters
from xai_async._core.chat.structured import json_schema_format, shape_of
from xai_async._core.chat.tools import tool
from xai_async._core.errors import DeferredError, ToolRoundsExceededError
from xai_async._core.io.async_primitives import AsyncResult, async_run_all
from xai_async._core.io.async_transport import AsyncResponseStream, AsyncTransport
from xai_async._core.methods import Encoded
from xai_async._core.types import (
    AgentCount,
    ChatModel,
    Guideline,
    ImageDetail,
    IncludeOption,
    ReasoningEffort,
    ResponseFormat,
    ServiceTier,
    ToolMode,
)
from xai_async._core.validate import required_int, timeout_seconds
from xai_async.proto import services, xai_api

from ._polling import poll
from ._streams import AsyncFoldingStream

__all__ = [
    "AgentCount",
    "AsyncChat",
    "AsyncChatClient",
    "AsyncChatStream",
    "AsyncChatStreamBatch",
    "ChatModel",
    "Chunk",
    "CompactContextResponse",
    "CompletionOutputChunk",
    "Content",
    "Guideline",
    "ImageDetail",
    "ImageGenerationOutput",
    "IncludeOption",
    "ReasoningEffort",
    "Response",
    "ResponseFormat",
    "SearchParameters",
    "ServiceTier",
    "ToolMode",
    "assistant",
    "developer",
    "file",
    "image",
    "required_tool",
    "system",
    "text",
    "tool",
    "tool_result",
    "user",
]

T = TypeVar("T")

#: How long ``defer`` waits in all, and between polls, unless told otherwise.
DEFER_TIMEOUT = timedelta(minutes=10)
DEFER_INTERVAL = timedelta(seconds=1)
_DEFERRED = xai_api.DeferredStatus


class AsyncChatClient(BaseChatClient["AsyncChat"]):
    """``client.chat``: creates conversations bound to this client, and stored completions."""

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

    async def get_stored_completion(
        self, response_id: str, *, timeout: float | None = None
    ) -> Sequence[Response]:
        """Fetch a completion stored with ``store_messages=True``: one ``Response`` per output.

        Args:
            response_id: The stored response's id (``response.id``).
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            NotFoundError: No stored completion has this id.
        """
        request = xai_api.GetStoredCompletionRequest(response_id=self._stored_id(response_id))
        proto = await self._transport.unary_unary(
            services.Chat.GetStoredCompletion, request, timeout=timeout
        )
        return [Response(proto, index) for index in range(len(proto.outputs))]

    async def delete_stored_completion(
        self, response_id: str, *, timeout: float | None = None
    ) -> str:
        """Delete a stored completion for good; returns the id deleted.

        Raises:
            NotFoundError: No stored completion has this id.
        """
        request = xai_api.DeleteStoredCompletionRequest(response_id=self._stored_id(response_id))
        proto = await self._transport.unary_unary(
            services.Chat.DeleteStoredCompletion, request, timeout=timeout
        )
        return proto.response_id

    async def compact_context(
        self,
        model: ChatModel | str,
        messages: Sequence[xai_api.Message],
        *,
        timeout: float | None = None,
    ) -> CompactContextResponse:
        """Have the server compact ``messages`` into one opaque summary.

        ``chat.append(result)`` continues a chat from the summary (it replaces the chat's
        history: see ``append``).
        """
        request = self._compact_context_request(model, messages)
        proto = await self._transport.unary_unary(
            services.Chat.CompactContext, request, timeout=timeout
        )
        return CompactContextResponse(proto)


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
        return (await self._complete(self._request(), timeout))[0]

    async def sample_batch(self, n: int, *, timeout: float | None = None) -> Sequence[Response]:
        """Get ``n`` alternative answers in one request (one ``Response`` each).

        Unlike the official SDK, this warns of no deprecation: the API supports ``n``.
        """
        count = required_int("n", n, minimum=1)
        return await self._complete(self._request(count), timeout, count)

    async def _complete(
        self,
        request: Encoded[xai_api.GetCompletionsRequest],
        timeout: float | None,
        n: int = 1,
        operation: str | None = None,
    ) -> list[Response]:
        proto = await self._transport.unary_unary(
            services.Chat.GetCompletion,
            request,
            timeout=timeout,
            operation=self._operation(operation),
        )
        return self._responses(proto, n)

    def _responses(self, proto: xai_api.GetChatCompletionResponse, n: int) -> list[Response]:
        if n == 1:
            return [self._response(proto, self._index())]
        return [Response(proto, index) for index in range(n)]

    def stream(self, *, timeout: float | None = None) -> AsyncChatStream:
        """Stream the model's next answer: iterate ``(response, chunk)`` pairs.

        ``response`` accumulates the answer so far; ``chunk`` holds what just arrived. Use
        the stream as a context manager to be sure the RPC ends with the block.

        Args:
            timeout: Seconds the whole stream may take (default: the client's timeout).

        Raises:
            ValueError: The chat has no messages (nothing is sent).
        """
        accumulator = StreamAccumulator(self._index())
        return AsyncChatStream(self._chunks(self._request(), timeout), accumulator)

    def stream_batch(self, n: int, *, timeout: float | None = None) -> AsyncChatStreamBatch:
        """Stream ``n`` alternative answers at once: iterate ``(responses, chunks)`` pairs.

        ``responses[i]`` accumulates answer ``i``; ``chunks[i]`` is what just arrived for it.
        No deprecation warning (see ``sample_batch``).
        """
        count = required_int("n", n, minimum=1)
        accumulator = BatchAccumulator(count)
        return AsyncChatStreamBatch(self._chunks(self._request(count), timeout), accumulator)

    def _chunks(
        self, request: Encoded[xai_api.GetCompletionsRequest], timeout: float | None
    ) -> AsyncResponseStream[xai_api.GetChatCompletionChunk]:
        return self._transport.unary_stream(
            services.Chat.GetCompletionChunk, request, timeout=timeout, operation=self._operation()
        )

    async def parse(self, shape: type[T], *, timeout: float | None = None) -> tuple[Response, T]:
        """Get the next answer as JSON following ``shape``'s schema, and read it as ``shape``.

        ``shape`` is a pydantic model class, or any type pydantic can validate (a dataclass,
        a ``TypedDict`` ...; that needs ``pip install "xai-async[pydantic]"``). Unlike the
        official SDK, the chat's own ``response_format`` is left as it was.

        Returns:
            The response, and its content validated as ``shape``.

        Raises:
            pydantic.ValidationError: The answer does not match the schema.
        """
        schema, read = shape_of(shape)
        request = self._request(response_format=json_schema_format(schema))
        response = (await self._complete(request, timeout, operation="chat.parse"))[0]
        return response, read(response.content)

    async def defer(
        self,
        *,
        timeout: float | timedelta | None = None,
        interval: float | timedelta | None = None,
    ) -> Response:
        """Get the next answer by polling: the request runs server-side while no connection is held.

        Args:
            timeout: How long to wait in all (default 10 minutes).
            interval: Pause between polls (default 1 second, what the official SDK really uses).

        Raises:
            PollTimeoutError: Not done within ``timeout`` (says how long it waited).
            DeferredError: The server reports the request expired or failed.
        """
        return (await self._defer(1, timeout, interval))[0]

    async def defer_batch(
        self,
        n: int,
        *,
        timeout: float | timedelta | None = None,
        interval: float | timedelta | None = None,
    ) -> Sequence[Response]:
        """Like ``defer``, for ``n`` alternative answers. No deprecation warning."""
        return await self._defer(required_int("n", n, minimum=1), timeout, interval)

    async def _defer(
        self, n: int, timeout: float | timedelta | None, interval: float | timedelta | None
    ) -> list[Response]:
        request = self._request(n)
        # Checked before anything is sent; the start call counts against ``timeout`` too.
        total = timeout_seconds(DEFER_TIMEOUT if timeout is None else timeout, "timeout")
        pause = timeout_seconds(DEFER_INTERVAL if interval is None else interval, "interval")
        began = time.monotonic()
        with self._transport.operation(self._operation("chat.defer")):  # one span for all
            return await self._start_and_poll(request, n, total, pause, began)

    async def _start_and_poll(
        self,
        request: Encoded[xai_api.GetCompletionsRequest],
        n: int,
        total: float,
        pause: float,
        began: float,
    ) -> list[Response]:
        started = await self._transport.unary_unary(
            services.Chat.StartDeferredCompletion, request, timeout=total
        )
        ask = xai_api.GetDeferredRequest(request_id=started.request_id)

        def fetch(left: float) -> AsyncResult[xai_api.GetDeferredCompletionResponse]:
            return self._transport.unary_unary(
                services.Chat.GetDeferredCompletion, ask, timeout=left
            )

        state = await poll(
            fetch,
            lambda state: state.status != _DEFERRED.PENDING,
            timeout=total,
            interval=pause,
            what=f"deferred completion {started.request_id}",
            started=began,
        )
        if state.status != _DEFERRED.DONE or state.response is None:
            status = "EXPIRED" if state.status == _DEFERRED.EXPIRED else "FAILED"
            raise DeferredError(
                f"Deferred completion {started.request_id} ended as {status}, without a result.",
                request_id=started.request_id,
                status=status,
            )
        return self._responses(state.response, n)

    async def compact(self, *, timeout: float | None = None) -> CompactContextResponse:
        """Compact the conversation server-side and continue from the summary.

        The history is **replaced** by one message carrying the compacted conversation (see
        ``append``); the official SDK does the same, though its docstring says otherwise.
        """
        proto = await self._transport.unary_unary(
            services.Chat.CompactContext, self._compact_request(), timeout=timeout
        )
        compacted = CompactContextResponse(proto)
        self.append(compacted)
        return compacted

    async def run_tools(
        self,
        functions: Mapping[str, Callable[..., Any]],
        *,
        max_rounds: int = 10,
        timeout: float | None = None,
    ) -> Response:
        """Sample, run the functions the model calls, append their results, until it answers.

        Each round samples the next answer and appends it. If the model asked for client-side
        tools, the functions are called with the arguments it gave (as keywords; on the async
        client concurrently, in a task group; a function may be sync or async) and each result
        is appended as a ``tool_result`` (a string as it is, anything else as JSON). The loop
        ends when an answer asks for no client-side tool; that answer is returned.

        Args:
            functions: Tool name to the callable that implements it.
            max_rounds: How many answers to sample at most.
            timeout: Seconds each sample may take (default: the client's timeout).

        Raises:
            ToolCallError: The model called a function not in ``functions``, or passed
                arguments that are not a JSON object.
            ToolRoundsExceededError: The model still asked for tools after ``max_rounds``.
            Exception: Whatever a function raised.
        """
        rounds = check_functions(functions, max_rounds)
        for _ in range(rounds):
            response = await self.sample(timeout=timeout)
            self.append(response)
            calls = client_side_calls(response.tool_calls)
            if not calls:
                return response
            thunks = [_thunk(*prepare_call(call, functions)) for call in calls]
            results = await async_run_all(thunks)
            for call, result in zip(calls, results, strict=True):
                self.append(result_message(call, result))
        raise ToolRoundsExceededError(
            f"The model still asked for tools after {rounds} rounds (max_rounds).",
            response=response,
        )


def _thunk(function: Callable[..., Any], kwargs: dict[str, Any]) -> Callable[[], AsyncResult[Any]]:
    async def call() -> Any:
        result = function(**kwargs)
        return await result if inspect.isawaitable(result) else result

    return call


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


class AsyncChatStreamBatch(
    AsyncFoldingStream[xai_api.GetChatCompletionChunk, tuple[list[Response], list[Chunk]]]
):
    """The ``(responses, chunks)`` pairs of ``stream_batch``; closing it cancels the RPC."""

    def __init__(
        self,
        chunks: AsyncResponseStream[xai_api.GetChatCompletionChunk],
        accumulator: BatchAccumulator,
    ) -> None:
        super().__init__(chunks, accumulator.add)
        self._accumulator = accumulator

    @property
    def responses(self) -> list[Response]:
        """The answers accumulated so far."""
        return self._accumulator.responses


#: The official SDK's name for the async chat (``xai_sdk.aio.chat.Chat``).
Chat = AsyncChat
