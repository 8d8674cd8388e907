"""``client.sample``: raw text completion, the model continuing a prompt as it is.

Not in the official SDK. Unlike ``client.chat``, there are no roles and no chat template: the
model sees the prompt text alone and writes what comes next. ``sample_text`` returns the whole
completion (``response.text``); ``stream_text`` returns a stream of ``(response, chunk)`` pairs
to use as a context manager and iterate, ``chunk.text`` being what just arrived.
"""

from __future__ import annotations

from collections.abc import Sequence

from xai_async._core.io.async_transport import AsyncResponseStream, AsyncTransport
from xai_async._core.sample import (
    SampleAccumulator,
    SampleChoice,
    SampleChunk,
    SampleResponse,
    sample_request,
)
from xai_async._core.types import ChatModel
from xai_async.proto import services, xai_api

from ._streams import AsyncFoldingStream

__all__ = [
    "AsyncSampleClient",
    "AsyncSampleStream",
    "SampleChoice",
    "SampleChunk",
    "SampleResponse",
]


class AsyncSampleClient:
    """Calls of the ``xai_api.Sample`` service: one completion at once, or streamed."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def sample_text(
        self,
        prompt: str | Sequence[str],
        model: ChatModel | str,
        *,
        n: int | None = None,
        max_tokens: int | None = None,
        seed: int | None = None,
        stop: Sequence[str] | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        frequency_penalty: float | None = None,
        presence_penalty: float | None = None,
        logprobs: bool = False,
        top_logprobs: int | None = None,
        user: str | None = None,
        timeout: float | None = None,
    ) -> SampleResponse:
        """Have ``model`` continue ``prompt``, and return the whole completion.

        Args:
            prompt: The text to continue, or several texts (``n`` completions each).
            model: Model name, e.g. ``"grok-3"``.
            n: How many completions per prompt (default 1).
            max_tokens: Upper bound on generated tokens per completion.
            seed: Seed for best-effort deterministic sampling (an int32).
            stop: Up to 4 sequences that end a completion (not included in its text).
            temperature: Sampling temperature, 0-2.
            top_p: Nucleus sampling probability mass, 0-1.
            frequency_penalty: Penalty for frequent tokens, -2 to 2.
            presence_penalty: Penalty for tokens already present, -2 to 2.
            logprobs: Ask for log probabilities. The ``Sample`` messages have no field to
                carry them back, so this is passed on for the server's sake only.
            top_logprobs: Alternatives per token (0-8); needs ``logprobs=True``.
            user: An id of your end user, which helps xAI detect abuse.
            timeout: Seconds this call may take (default: the client's timeout).

        Returns:
            ``.text`` (the first completion), ``.choices`` (all of them, with their finish
            reasons), ``.usage``; ``.proto`` is the message.

        Raises:
            TypeError, ValueError: A bad argument (nothing is sent).
        """
        request = sample_request(
            prompt,
            model,
            n=n,
            max_tokens=max_tokens,
            seed=seed,
            stop=stop,
            temperature=temperature,
            top_p=top_p,
            frequency_penalty=frequency_penalty,
            presence_penalty=presence_penalty,
            logprobs=logprobs,
            top_logprobs=top_logprobs,
            user=user,
        )
        proto = await self._transport.unary_unary(
            services.Sample.SampleText, request, timeout=timeout
        )
        return SampleResponse(proto)

    def stream_text(
        self,
        prompt: str | Sequence[str],
        model: ChatModel | str,
        *,
        n: int | None = None,
        max_tokens: int | None = None,
        seed: int | None = None,
        stop: Sequence[str] | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        frequency_penalty: float | None = None,
        presence_penalty: float | None = None,
        logprobs: bool = False,
        top_logprobs: int | None = None,
        user: str | None = None,
        timeout: float | None = None,
    ) -> AsyncSampleStream:
        """Like ``sample_text``, but the completion arrives in pieces as it is written.

        Iterate the stream for ``(response, chunk)`` pairs: ``response`` is the completion so
        far (the same object each time), ``chunk`` what just arrived (``chunk.text``). Use it
        as a context manager so the RPC ends with the block.

        The arguments are those of ``sample_text``, checked here, before anything is sent;
        ``timeout`` bounds the whole stream (default: the client's timeout).
        """
        request = sample_request(
            prompt,
            model,
            n=n,
            max_tokens=max_tokens,
            seed=seed,
            stop=stop,
            temperature=temperature,
            top_p=top_p,
            frequency_penalty=frequency_penalty,
            presence_penalty=presence_penalty,
            logprobs=logprobs,
            top_logprobs=top_logprobs,
            user=user,
        )
        pieces = self._transport.unary_stream(
            services.Sample.SampleTextStreaming, request, timeout=timeout
        )
        return AsyncSampleStream(pieces, SampleAccumulator())


class AsyncSampleStream(
    AsyncFoldingStream[xai_api.SampleTextResponse, tuple[SampleResponse, SampleChunk]]
):
    """The ``(response, chunk)`` pairs of a streamed completion; closing it cancels the RPC."""

    def __init__(
        self,
        pieces: AsyncResponseStream[xai_api.SampleTextResponse],
        accumulator: SampleAccumulator,
    ) -> None:
        super().__init__(pieces, accumulator.add)
        self._accumulator = accumulator

    @property
    def response(self) -> SampleResponse:
        """The completion accumulated so far (whole once the stream is exhausted)."""
        return self._accumulator.response
