"""Folding a streamed completion: each chunk is merged into one growing :class:`Response`."""

from __future__ import annotations

from xai_async._core.chat.response import Chunk, Response, multi_output
from xai_async.proto import xai_api

__all__ = ["StreamAccumulator"]


class StreamAccumulator:
    """Folds streamed chunks into one growing :class:`Response`."""

    def __init__(self, index: int | None) -> None:
        self._index = index
        self._proto = xai_api.GetChatCompletionResponse(outputs=[])
        self.response = Response(self._proto, index)

    def add(self, chunk: xai_api.GetChatCompletionChunk) -> tuple[Response, Chunk]:
        """Merge one chunk; return the (updated) response and the wrapped chunk.

        Runs once per streamed chunk, so it tests before it touches: most chunks carry one
        delta of text and nothing else.
        """
        outputs = chunk.outputs
        if self._index == 0:
            self._index = self.response._index = multi_output(0, outputs)
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
        if chunk.citations:
            proto.citations.extend(chunk.citations)
        pending = self.response._pending
        for part in outputs:
            index = part.index
            while len(proto.outputs) <= index:
                proto.outputs.append(
                    xai_api.CompletionOutput(
                        index=len(proto.outputs), message=xai_api.CompletionMessage()
                    )
                )
            output = proto.outputs[index]
            message = output.message
            if message is None:
                message = output.message = xai_api.CompletionMessage()
            delta = part.delta
            if delta is not None:
                message.role = delta.role
                if delta.tool_calls:
                    message.tool_calls.extend(delta.tool_calls)
                if delta.citations:
                    message.citations.extend(delta.citations)
                # Text is joined when read (Response._flush): linear in the stream's length.
                if delta.content:
                    pending.setdefault((index, "content"), []).append(delta.content)
                if delta.reasoning_content:
                    pending.setdefault((index, "reasoning_content"), []).append(
                        delta.reasoning_content
                    )
                if delta.encrypted_content:
                    pending.setdefault((index, "encrypted_content"), []).append(
                        delta.encrypted_content
                    )
            else:
                message.role = xai_api.MessageRole.INVALID_ROLE
            output.finish_reason = part.finish_reason
            if part.logprobs is not None:
                output.logprobs = part.logprobs
        return self.response, Chunk(chunk, self._index)
