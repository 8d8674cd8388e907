"""Folding a streamed completion: each chunk is merged into one growing :class:`Response`."""

from __future__ import annotations

from xai_async._core.chat.response import Chunk, Response, multi_output
from xai_async._core.wrapper import present
from xai_async.proto import xai_api

__all__ = ["StreamAccumulator"]


class StreamAccumulator:
    """Folds streamed chunks into one growing :class:`Response`."""

    def __init__(self, index: int | None) -> None:
        self._index = index
        self._proto = xai_api.GetChatCompletionResponse(outputs=[])
        self.response = Response(self._proto, index)

    def add(self, chunk: xai_api.GetChatCompletionChunk) -> tuple[Response, Chunk]:
        """Merge one chunk; return the (updated) response and the wrapped chunk."""
        self._index = multi_output(self._index, chunk.outputs)
        self.response._index = self._index
        proto = self._proto
        proto.id = chunk.id
        proto.model = chunk.model
        proto.system_fingerprint = chunk.system_fingerprint
        if chunk.created is not None:
            proto.created = chunk.created
        if chunk.usage is not None:
            proto.usage = chunk.usage
        if chunk.service_tier:
            proto.service_tier = chunk.service_tier
        proto.citations.extend(chunk.citations)
        for part in chunk.outputs:
            while len(proto.outputs) <= part.index:
                proto.outputs.append(
                    xai_api.CompletionOutput(
                        index=len(proto.outputs), message=xai_api.CompletionMessage()
                    )
                )
            output = proto.outputs[part.index]
            message = present(output.message, xai_api.CompletionMessage)
            output.message = message
            delta = present(part.delta, xai_api.Delta)
            message.role = delta.role
            message.tool_calls.extend(delta.tool_calls)
            message.citations.extend(delta.citations)
            output.finish_reason = part.finish_reason
            if part.logprobs is not None:
                output.logprobs = part.logprobs
            for field in ("content", "reasoning_content", "encrypted_content"):
                piece = getattr(delta, field)
                if piece:
                    self.response._append_text(part.index, field, piece)
        return self.response, Chunk(chunk, self._index)
