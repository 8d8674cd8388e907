"""Folding a streamed completion: each chunk is merged into one growing :class:`Response`."""

from __future__ import annotations

from xai_async._core.chat.response import Chunk, Pending, Response, multi_output
from xai_async.proto import xai_api

__all__ = ["BatchAccumulator", "StreamAccumulator"]


class StreamAccumulator:
    """Folds the chunks of one answer into one growing :class:`Response`."""

    def __init__(self, index: int | None) -> None:
        self._index = index
        self.response = Response(xai_api.GetChatCompletionResponse(outputs=[]), index)

    def add(self, chunk: xai_api.GetChatCompletionChunk) -> tuple[Response, Chunk]:
        """Merge one chunk; return the (updated) response and the wrapped chunk."""
        if self._index == 0:
            # A server that runs tools by itself sends outputs past index 0: follow them all.
            self._index = self.response._index = multi_output(0, chunk.outputs)
        self.response.process_chunk(chunk)
        return self.response, Chunk(chunk, self._index)


class BatchAccumulator:
    """Folds the chunks of ``n`` answers (``stream_batch``) into ``n`` responses.

    The responses share one message and one store of pending text, so each of them reads the
    text of every chunk so far, whichever response the caller asks first.
    """

    def __init__(self, n: int) -> None:
        proto = xai_api.GetChatCompletionResponse(
            outputs=[
                xai_api.CompletionOutput(index=i, message=xai_api.CompletionMessage())
                for i in range(n)
            ]
        )
        pending: Pending = {}
        self.responses = [Response(proto, i, _pending=pending) for i in range(n)]

    def add(self, chunk: xai_api.GetChatCompletionChunk) -> tuple[list[Response], list[Chunk]]:
        """Merge one chunk; return the responses and the chunk as each answer sees it."""
        self.responses[0].process_chunk(chunk)
        return self.responses, [Chunk(chunk, i) for i in range(len(self.responses))]
