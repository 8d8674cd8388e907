"""What a chat call returns: :class:`Response` and :class:`Chunk`.

A ``Response`` is a completion, a ``Chunk`` a piece of a streamed one: thin views over the
betterproto2 messages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from xai_async._core.chat.messages import text
from xai_async._core.wrapper import ProtoWrapper, present, proto_name
from xai_async.proto import xai_api

__all__ = ["Chunk", "CompletionOutputChunk", "Response", "multi_output"]

_ROLE = xai_api.MessageRole


def multi_output(index: int | None, outputs: Iterable[Any]) -> int | None:
    """Follow every output once the server returns more than one (it added tools itself)."""
    if index == 0 and any(output.index > 0 for output in outputs):
        return None
    return index


class Response(ProtoWrapper[xai_api.GetChatCompletionResponse]):
    """A chat completion: the assistant's answer plus metadata; ``.proto`` is the message."""

    def __init__(self, proto: xai_api.GetChatCompletionResponse, index: int | None = 0) -> None:
        super().__init__(proto)
        self._index = index
        # Streamed text not yet joined into the proto: (output index, field) -> pieces.
        # Joining on read keeps a long stream linear instead of copying the text per chunk.
        self._pending: dict[tuple[int, str], list[str]] = {}

    def _flush(self) -> None:
        for (index, field), pieces in self._pending.items():
            message = self._proto.outputs[index].message
            setattr(message, field, getattr(message, field) + "".join(pieces))
        self._pending.clear()

    @property
    def proto(self) -> xai_api.GetChatCompletionResponse:
        """The response message (a betterproto2 dataclass)."""
        self._flush()
        return self._proto

    def _outputs(self) -> list[Any]:
        """The assistant outputs this response follows (one index, or all of them)."""
        self._flush()
        return [
            output
            for output in self._proto.outputs
            if output.message is not None
            and output.message.role == _ROLE.ROLE_ASSISTANT
            and (self._index is None or output.index == self._index)
        ]

    def _output(self) -> xai_api.CompletionOutput:
        outputs = self._outputs()
        return outputs[-1] if outputs else xai_api.CompletionOutput()

    def _message(self) -> xai_api.CompletionMessage:
        return present(self._output().message, xai_api.CompletionMessage)

    @property
    def id(self) -> str:
        """The completion's id."""
        return self._proto.id

    @property
    def created(self) -> datetime.datetime | None:
        """When the completion was created (UTC)."""
        return self._proto.created

    @property
    def content(self) -> str:
        """The answer text."""
        return self._message().content

    @property
    def reasoning_content(self) -> str:
        """The model's reasoning trace (reasoning models only)."""
        return self._message().reasoning_content

    @property
    def encrypted_content(self) -> str:
        """Encrypted reasoning, to hand back on the next turn (``use_encrypted_content``)."""
        return self._message().encrypted_content

    @property
    def role(self) -> str:
        """The role's proto name, e.g. ``"ROLE_ASSISTANT"``."""
        return proto_name(self._message().role)

    @property
    def finish_reason(self) -> str:
        """Why generation stopped, e.g. ``"REASON_STOP"``."""
        return proto_name(self._output().finish_reason)

    @property
    def usage(self) -> xai_api.SamplingUsage:
        """Token counts."""
        return present(self._proto.usage, xai_api.SamplingUsage)

    @property
    def system_fingerprint(self) -> str:
        """The backend configuration that served the request."""
        return self._proto.system_fingerprint

    @property
    def citations(self) -> Sequence[str]:
        """URLs the answer cites (with search)."""
        return self._proto.citations

    @property
    def tool_calls(self) -> Sequence[xai_api.ToolCall]:
        """The tool calls the model asked for."""
        return [call for output in self._outputs() for call in output.message.tool_calls]

    @property
    def logprobs(self) -> xai_api.LogProbs:
        """Log probabilities of the output tokens (with ``logprobs=True``)."""
        return present(self._output().logprobs, xai_api.LogProbs)

    def _as_messages(self) -> list[xai_api.Message]:
        outputs = self.proto.outputs if self._index is None else [self._output()]
        messages = []
        for output in outputs:
            message = present(output.message, xai_api.CompletionMessage)
            replay_id = None
            if message.role == _ROLE.ROLE_TOOL and message.tool_calls:
                replay_id = message.tool_calls[0].id
            messages.append(
                xai_api.Message(
                    role=message.role,
                    content=[text(message.content)],
                    reasoning_content=message.reasoning_content or None,
                    encrypted_content=message.encrypted_content,
                    tool_calls=list(message.tool_calls),
                    tool_call_id=replay_id,
                )
            )
        return messages

    def __str__(self) -> str:
        return self.content

    def __repr__(self) -> str:
        return (
            f"Response(id={self.id!r}, content={self.content!r}, "
            f"finish_reason={self.finish_reason})"
        )


class CompletionOutputChunk(ProtoWrapper[xai_api.CompletionOutputChunk]):
    """One output's part of a streamed chunk."""

    def _delta(self) -> xai_api.Delta:
        return present(self._proto.delta, xai_api.Delta)

    @property
    def content(self) -> str:
        """Text added by this chunk."""
        return self._delta().content

    @property
    def reasoning_content(self) -> str:
        """Reasoning added by this chunk."""
        return self._delta().reasoning_content

    @property
    def role(self) -> str:
        """The role's proto name."""
        return proto_name(self._delta().role)

    @property
    def tool_calls(self) -> Sequence[xai_api.ToolCall]:
        """Tool calls in this chunk."""
        return self._delta().tool_calls

    @property
    def finish_reason(self) -> str:
        """The finish reason's proto name (``"REASON_INVALID"`` until the last chunk)."""
        return proto_name(self._proto.finish_reason)


class Chunk(ProtoWrapper[xai_api.GetChatCompletionChunk]):
    """One streamed piece of a completion; ``.proto`` is the chunk message."""

    def __init__(self, proto: xai_api.GetChatCompletionChunk, index: int | None = 0) -> None:
        super().__init__(proto)
        self._index = index

    @property
    def choices(self) -> Sequence[CompletionOutputChunk]:
        """The assistant outputs in this chunk."""
        return [
            CompletionOutputChunk(output)
            for output in self._proto.outputs
            if output.delta is not None
            and output.delta.role == _ROLE.ROLE_ASSISTANT
            and (self._index is None or output.index == self._index)
        ]

    @property
    def content(self) -> str:
        """Text added by this chunk."""
        return "".join(choice.content for choice in self.choices)

    @property
    def reasoning_content(self) -> str:
        """Reasoning added by this chunk."""
        return "".join(choice.reasoning_content for choice in self.choices)

    @property
    def tool_calls(self) -> Sequence[xai_api.ToolCall]:
        """Tool calls in this chunk."""
        return [call for choice in self.choices for call in choice.tool_calls]

    @property
    def citations(self) -> Sequence[str]:
        """Citations sent with this chunk."""
        return self._proto.citations

    def __str__(self) -> str:
        return "".join(choice.content + choice.reasoning_content for choice in self.choices)

    def __repr__(self) -> str:
        return f"Chunk(content={self.content!r})"
