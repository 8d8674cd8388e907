"""What a chat call returns: :class:`Response` and :class:`Chunk`.

A ``Response`` is a completion, a ``Chunk`` a piece of a streamed one: thin views over the
betterproto2 messages.
"""

from __future__ import annotations

import base64
import binascii
import collections
import datetime
import json
from collections.abc import Iterable, Sequence
from typing import Any

from xai_async._core.chat.messages import text
from xai_async._core.cost import cost_usd_from_usage
from xai_async._core.wrapper import ProtoWrapper, present, proto_name
from xai_async.proto import xai_api

__all__ = [
    "Chunk",
    "CompactContextResponse",
    "CompletionOutputChunk",
    "ImageGenerationOutput",
    "Response",
    "multi_output",
]

_ROLE = xai_api.MessageRole
_STATUS = xai_api.ToolCallStatus
#: Pending text of a folded stream: (output index, field) -> pieces, joined when read.
Pending = dict[tuple[int, str], list[str]]


def multi_output(index: int | None, outputs: Iterable[Any]) -> int | None:
    """Follow every output once the server returns more than one (it added tools itself)."""
    if index == 0 and any(output.index > 0 for output in outputs):
        return None
    return index


class Response(ProtoWrapper[xai_api.GetChatCompletionResponse]):
    """A chat completion: the assistant's answer plus metadata; ``.proto`` is the message."""

    def __init__(
        self,
        proto: xai_api.GetChatCompletionResponse,
        index: int | None = 0,
        *,
        _pending: Pending | None = None,
    ) -> None:
        super().__init__(proto)
        self._index = index
        # Streamed text not yet joined into the proto (shared by the responses of one
        # ``stream_batch``). Joining on read keeps a long stream linear instead of copying the
        # text per chunk.
        self._pending: Pending = {} if _pending is None else _pending

    def _flush(self) -> None:
        if self._pending:
            for (index, field), pieces in self._pending.items():
                message = self._proto.outputs[index].message
                setattr(message, field, getattr(message, field) + "".join(pieces))
            self._pending.clear()

    @property
    def proto(self) -> xai_api.GetChatCompletionResponse:
        """The response message (a betterproto2 dataclass)."""
        self._flush()
        return self._proto

    def process_chunk(self, chunk: xai_api.GetChatCompletionChunk) -> None:
        """Fold one streamed chunk into this response (what ``stream()`` does per chunk).

        Text is kept aside and joined when read. A tool call that arrives in pieces (the same
        id, or no id, continuing the last call of its output) is merged into one call: its
        arguments are concatenated (or replaced, when a piece repeats them in full), its status
        and type take the latest value sent.
        """
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
        if chunk.debug_output is not None:
            proto.debug_output = chunk.debug_output
        if chunk.output_files:
            proto.output_files.extend(chunk.output_files)
        pending = self._pending
        outputs = proto.outputs
        for part in chunk.outputs:
            index = part.index
            while len(outputs) <= index:
                outputs.append(
                    xai_api.CompletionOutput(
                        index=len(outputs), message=xai_api.CompletionMessage()
                    )
                )
            output = outputs[index]
            message = output.message
            if message is None:
                message = output.message = xai_api.CompletionMessage()
            delta = part.delta
            if delta is not None:
                if delta.role:  # a piece that leaves the role out keeps the output's role
                    message.role = delta.role
                if delta.tool_calls:
                    _merge_tool_calls(message.tool_calls, delta.tool_calls)
                if delta.citations:
                    message.citations.extend(delta.citations)
                # Text is joined when read (_flush): linear in the stream's length.
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
            output.finish_reason = part.finish_reason
            if part.logprobs is not None:
                if output.logprobs is None:
                    output.logprobs = xai_api.LogProbs()
                output.logprobs.content.extend(part.logprobs.content)

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
        """When the completion was created: a naive UTC datetime, as the official SDK gives.

        ``.proto.created`` is the same instant, timezone-aware.
        """
        return _naive(self._proto.created)

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

    @property
    def model(self) -> str:
        """The model that answered (the official SDK has no such accessor)."""
        return self._proto.model

    @property
    def inline_citations(self) -> Sequence[xai_api.InlineCitation]:
        """Citations placed in the answer text (with ``include=["inline_citations"]``)."""
        return [citation for output in self._outputs() for citation in output.message.citations]

    @property
    def tool_outputs(self) -> Sequence[xai_api.CompletionOutput]:
        """The outputs of server-side tools (``ROLE_TOOL`` outputs), in order."""
        self._flush()
        return [
            output
            for output in self._proto.outputs
            if output.message is not None and output.message.role == _ROLE.ROLE_TOOL
        ]

    @property
    def image_outputs(self) -> Sequence[ImageGenerationOutput]:
        """The images the server-side ``image_generation`` tool made, one per completed call.

        Failed calls carry no image and are left out.

        Raises:
            ValueError: A completed call's output is not an image (a server bug).
        """
        images = []
        for output in self.tool_outputs:
            for call in present(output.message, xai_api.CompletionMessage).tool_calls:
                if (
                    call.type == xai_api.ToolCallType.IMAGE_GENERATION_TOOL
                    and call.status == _STATUS.COMPLETED
                ):
                    images.append(ImageGenerationOutput(output, call))
                    break
        return images

    @property
    def server_side_tool_usage(self) -> dict[str, int]:
        """How many times each server-side tool ran, e.g. ``{"SERVER_SIDE_TOOL_WEB_SEARCH": 2}``."""
        return _tool_usage(self._proto.usage)

    @property
    def cost_usd(self) -> float | None:
        """What this one request cost in US dollars, or ``None`` if the server did not say."""
        return cost_usd_from_usage(self._proto.usage)

    @property
    def service_tier(self) -> str:
        """The tier that served the request: ``"priority"`` or ``"default"``."""
        return _tier(self._proto.service_tier)

    @property
    def request_settings(self) -> xai_api.RequestSettings:
        """The request's settings as the server applied them."""
        return present(self._proto.settings, xai_api.RequestSettings)

    @property
    def debug_output(self) -> xai_api.DebugOutput:
        """Debug data (for trusted testers; empty otherwise)."""
        return present(self._proto.debug_output, xai_api.DebugOutput)

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

    def _text(self, *fields: str) -> str:
        """``fields`` of each followed assistant delta, joined in order.

        Read per chunk by most streaming loops: no wrapper per output, unlike ``choices``.
        """
        index = self._index
        return "".join(
            getattr(delta, field)
            for output in self._proto.outputs
            if (delta := output.delta) is not None
            and delta.role == _ROLE.ROLE_ASSISTANT
            and (index is None or output.index == index)
            for field in fields
        )

    @property
    def content(self) -> str:
        """Text added by this chunk."""
        return self._text("content")

    @property
    def reasoning_content(self) -> str:
        """Reasoning added by this chunk."""
        return self._text("reasoning_content")

    @property
    def tool_calls(self) -> Sequence[xai_api.ToolCall]:
        """Tool calls in this chunk."""
        return [call for choice in self.choices for call in choice.tool_calls]

    @property
    def created(self) -> datetime.datetime | None:
        """When the completion was created: a naive UTC datetime, as the official SDK gives.

        ``.proto.created`` is the same instant, timezone-aware.
        """
        return _naive(self._proto.created)

    @property
    def output(self) -> str:
        """Text and reasoning added by this chunk (what ``str(chunk)`` gives)."""
        return self._text("content", "reasoning_content")

    @property
    def citations(self) -> Sequence[str]:
        """Citations sent with this chunk."""
        return self._proto.citations

    @property
    def inline_citations(self) -> Sequence[xai_api.InlineCitation]:
        """Inline citations sent with this chunk."""
        return [citation for choice in self.choices for citation in choice._delta().citations]

    @property
    def tool_outputs(self) -> Sequence[CompletionOutputChunk]:
        """Server-side tool outputs in this chunk."""
        return [
            CompletionOutputChunk(output)
            for output in self._proto.outputs
            if output.delta is not None
            and output.delta.role == _ROLE.ROLE_TOOL
            and (self._index is None or output.index == self._index)
        ]

    @property
    def server_side_tool_usage(self) -> dict[str, int]:
        """Server-side tool use reported with this chunk."""
        return _tool_usage(self._proto.usage)

    @property
    def debug_output(self) -> xai_api.DebugOutput:
        """Debug data sent with this chunk."""
        return present(self._proto.debug_output, xai_api.DebugOutput)

    def __str__(self) -> str:
        return self.output

    def __repr__(self) -> str:
        return f"Chunk(content={self.content!r})"


class ImageGenerationOutput(ProtoWrapper[xai_api.CompletionOutput]):
    """An image made by the server-side ``image_generation`` tool.

    ``.proto`` is the tool's output; ``tool_call`` the completed call that made the image
    (``tool_call.function.name`` tells a generation from an edit).

    Raises:
        ValueError: The output's content is not the tool's image envelope.
    """

    __slots__ = ("_data_url", "_image", "_image_uuid", "_tool_call")

    def __init__(self, proto: xai_api.CompletionOutput, tool_call: xai_api.ToolCall) -> None:
        super().__init__(proto)
        self._tool_call = tool_call
        content = present(proto.message, xai_api.CompletionMessage).content
        problem = f"Not an image generation result: {content[:64]!r}"
        try:
            envelope = json.loads(content)
        except ValueError:
            raise ValueError(problem) from None
        if not isinstance(envelope, dict):
            raise ValueError(problem)
        data_url = envelope.get("result")
        if (
            envelope.get("__type") != "image_generation_result"
            or not isinstance(data_url, str)
            or not data_url.startswith("data:image/")
            or ";base64," not in data_url
        ):
            raise ValueError(problem)
        try:
            self._image = base64.b64decode(data_url.partition(";base64,")[2], validate=True)
        except binascii.Error:
            raise ValueError(problem) from None
        self._data_url = data_url
        uuid = envelope.get("image_uuid", "")
        self._image_uuid = uuid if isinstance(uuid, str) else ""

    @property
    def image(self) -> bytes:
        """The image's bytes."""
        return self._image

    @property
    def data_url(self) -> str:
        """The image as a ``data:image/...;base64,...`` URL."""
        return self._data_url

    @property
    def mime_type(self) -> str:
        """The image's MIME type, e.g. ``"image/png"``."""
        return self._data_url[len("data:") :].partition(";")[0]

    @property
    def image_uuid(self) -> str:
        """The id the model uses to refer to this image in later edits ("" if not given)."""
        return self._image_uuid

    @property
    def tool_call(self) -> xai_api.ToolCall:
        """The completed tool call that made this image."""
        return self._tool_call

    def __repr__(self) -> str:
        return (
            f"ImageGenerationOutput(mime_type={self.mime_type!r}, bytes={len(self._image)}, "
            f"image_uuid={self._image_uuid!r})"
        )


def _naive(moment: datetime.datetime | None) -> datetime.datetime | None:
    return None if moment is None else moment.replace(tzinfo=None)


def _tool_usage(usage: xai_api.SamplingUsage | None) -> dict[str, int]:
    if usage is None:
        return {}
    return dict(collections.Counter(proto_name(tool) for tool in usage.server_side_tools_used))


def _tier(tier: int) -> str:
    return "priority" if tier == xai_api.ServiceTier.PRIORITY else "default"


def _merge_tool_calls(calls: list[xai_api.ToolCall], pieces: Iterable[xai_api.ToolCall]) -> None:
    """Add streamed tool calls to an output's ``calls``, joining the pieces of one call.

    A piece continues an earlier call when it has that call's id, or no id at all (then it
    continues the last call). New calls are copied: the chunk the caller sees stays as sent.
    """
    for piece in pieces:
        target = None
        if piece.id:
            target = next((call for call in reversed(calls) if call.id == piece.id), None)
        elif calls:
            target = calls[-1]
        if target is None:
            calls.append(_copy_call(piece))
            continue
        if piece.type:
            target.type = piece.type
        if piece.status:
            target.status = piece.status
        if piece.error_message is not None:
            target.error_message = piece.error_message
        function = piece.function
        if function is None:
            continue
        if target.function is None:
            target.function = xai_api.FunctionCall(name=function.name, arguments=function.arguments)
            continue
        if function.name:
            target.function.name = function.name
        so_far = target.function.arguments
        more = function.arguments
        # A piece continues the arguments, unless it is a status update that repeats them.
        target.function.arguments = (
            more if piece.status and more.startswith(so_far) else so_far + more
        )


def _copy_call(call: xai_api.ToolCall) -> xai_api.ToolCall:
    function = call.function
    return xai_api.ToolCall(
        id=call.id,
        type=call.type,
        status=call.status,
        error_message=call.error_message,
        function=None
        if function is None
        else xai_api.FunctionCall(name=function.name, arguments=function.arguments),
    )


class CompactContextResponse(ProtoWrapper[xai_api.CompactContextResponse]):
    """A conversation compacted by the server into one opaque, encrypted summary.

    Append it to a chat (``chat.append(compacted)``) to continue from the summary: see
    ``append`` for what happens to the history.
    """

    @property
    def id(self) -> str:
        """The compaction's id."""
        return self._proto.id

    @property
    def encrypted_content(self) -> str:
        """The compacted conversation (opaque to the client)."""
        return self._proto.encrypted_content

    @property
    def dropped_message_count(self) -> int:
        """How many messages the summary replaces."""
        return self._proto.dropped_message_count

    @property
    def usage(self) -> xai_api.SamplingUsage:
        """Tokens the compaction used."""
        return present(self._proto.usage, xai_api.SamplingUsage)

    def __repr__(self) -> str:
        return (
            f"CompactContextResponse(id={self.id!r}, "
            f"dropped_message_count={self.dropped_message_count})"
        )
