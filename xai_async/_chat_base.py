"""Chat logic that performs no I/O, shared by ``xai_async.chat`` and ``xai_sync.chat``.

Message helpers (``user``, ``image``…), the request built by ``client.chat.create``, the
conversation state behind ``chat.append``, and the ``Response``/``Chunk`` wrappers all live
here once; the two packages add only ``sample``/``stream``, the methods that touch the wire.
"""

from __future__ import annotations

import copy
import datetime
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, Literal, TypeVar, overload

from typing_extensions import Self

from xai_async.proto import xai_api

__all__ = [
    "BaseChat",
    "BaseChatClient",
    "Chunk",
    "CompletionOutputChunk",
    "Content",
    "Response",
    "StreamAccumulator",
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

#: A part of a message: plain text, or a content proto made by ``text``/``image``/``file``.
Content = str | xai_api.Content
ImageDetail = Literal["auto", "low", "high"]
ReasoningEffort = Literal["none", "low", "medium", "high", "xhigh"]
ToolMode = Literal["auto", "none", "required"]
ResponseFormat = Literal["text", "json_object"]
ServiceTier = Literal["default", "priority"]

_ROLE = xai_api.MessageRole
_IMAGE_DETAIL = {
    "auto": xai_api.ImageDetail.DETAIL_AUTO,
    "low": xai_api.ImageDetail.DETAIL_LOW,
    "high": xai_api.ImageDetail.DETAIL_HIGH,
}
_REASONING_EFFORT = {
    "none": xai_api.ReasoningEffort.EFFORT_NONE,
    "low": xai_api.ReasoningEffort.EFFORT_LOW,
    "medium": xai_api.ReasoningEffort.EFFORT_MEDIUM,
    "high": xai_api.ReasoningEffort.EFFORT_HIGH,
    "xhigh": xai_api.ReasoningEffort.EFFORT_XHIGH,
}
_TOOL_MODE = {
    "auto": xai_api.ToolMode.AUTO,
    "none": xai_api.ToolMode.NONE,
    "required": xai_api.ToolMode.REQUIRED,
}
_RESPONSE_FORMAT = {
    "text": xai_api.FormatType.TEXT,
    "json_object": xai_api.FormatType.JSON_OBJECT,
}
_INCLUDE = {
    "web_search_call_output": xai_api.IncludeOption.WEB_SEARCH_CALL_OUTPUT,
    "x_search_call_output": xai_api.IncludeOption.X_SEARCH_CALL_OUTPUT,
    "code_execution_call_output": xai_api.IncludeOption.CODE_EXECUTION_CALL_OUTPUT,
    "collections_search_call_output": xai_api.IncludeOption.COLLECTIONS_SEARCH_CALL_OUTPUT,
    "attachment_search_call_output": xai_api.IncludeOption.ATTACHMENT_SEARCH_CALL_OUTPUT,
    "mcp_call_output": xai_api.IncludeOption.MCP_CALL_OUTPUT,
    "inline_citations": xai_api.IncludeOption.INLINE_CITATIONS,
    "verbose_streaming": xai_api.IncludeOption.VERBOSE_STREAMING,
    "code_execution_files_output": xai_api.IncludeOption.CODE_EXECUTION_FILES_OUTPUT,
}
_AGENT_COUNT = {4: xai_api.AgentCount._4, 16: xai_api.AgentCount._16}
_SERVICE_TIER = {"default": xai_api.ServiceTier.DEFAULT, "priority": xai_api.ServiceTier.PRIORITY}
_GUIDELINE_CATEGORY = {
    "nsfw": xai_api.GuidelineCategory.NSFW,
    "violence": xai_api.GuidelineCategory.VIOLENCE,
    "profanity": xai_api.GuidelineCategory.PROFANITY,
}
_GUIDELINE_BEHAVIOR = {"decline": xai_api.GuidelineBehavior.DECLINE}

E = TypeVar("E")


def _choose(argument: str, value: object, allowed: Mapping[Any, E]) -> E:
    """Map an enum-like string (or int) to its proto value, or say what is allowed."""
    try:
        return allowed[value]
    except (KeyError, TypeError):
        choices = ", ".join(repr(key) for key in allowed)
        raise ValueError(f"`{argument}` must be one of {choices}; got {value!r}") from None


M = TypeVar("M")


def _present(value: M | None, empty: type[M]) -> M:
    """``value``, or an empty message where it is unset (betterproto2 leaves those ``None``).

    Not ``value or empty()``: a betterproto2 message's truth test walks all of its fields,
    which made it the largest cost of folding a streamed chunk.
    """
    return empty() if value is None else value


def _proto_name(value: int) -> str:
    """The name an enum value has in the ``.proto`` (what the official SDK reports)."""
    name = getattr(value, "proto_name", None) or getattr(value, "name", "")
    return str(name) if name else f"UNKNOWN({int(value)})"


# -- message helpers -------------------------------------------------------------------------


def text(content: str) -> xai_api.Content:
    """A text part of a message."""
    if not isinstance(content, str):
        raise TypeError(f"`content` must be a string, got {type(content).__name__}")
    return xai_api.Content(text=content)


def image(image_url: str, *, detail: ImageDetail | None = "auto") -> xai_api.Content:
    """An image part of a message, by URL or ``data:`` URL (base64).

    Args:
        image_url: ``https://…`` or ``data:image/png;base64,…``.
        detail: Resolution the model sees: ``"auto"`` (default), ``"low"`` or ``"high"``.
    """
    if not isinstance(image_url, str) or not image_url:
        raise TypeError("`image_url` must be a non-empty string")
    level = _choose("detail", "auto" if detail is None else detail, _IMAGE_DETAIL)
    return xai_api.Content(image_url=xai_api.ImageUrlContent(image_url=image_url, detail=level))


@overload
def file(file_id: str) -> xai_api.Content: ...
@overload
def file(
    *, data: bytes, filename: str | None = ..., mime_type: str | None = ...
) -> xai_api.Content: ...
@overload
def file(
    *, url: str, filename: str | None = ..., mime_type: str | None = ...
) -> xai_api.Content: ...
def file(
    file_id: str | None = None,
    *,
    data: bytes | None = None,
    url: str | None = None,
    filename: str | None = None,
    mime_type: str | None = None,
) -> xai_api.Content:
    """A file part of a message: an uploaded file's id, inline bytes, or a public URL.

    Exactly one of ``file_id``, ``data`` or ``url`` must be given; ``filename`` and
    ``mime_type`` describe inline bytes or a URL.
    """
    given = [
        name for name, v in (("file_id", file_id), ("data", data), ("url", url)) if v is not None
    ]
    if len(given) != 1:
        raise ValueError(
            f"Exactly one of `file_id`, `data` or `url` must be given; got {given or 'none'}"
        )
    if file_id is not None:
        if filename is not None or mime_type is not None:
            raise ValueError("`filename`/`mime_type` only apply to `data` or `url`, not `file_id`")
        return xai_api.Content(file=xai_api.FileContent(file_id=file_id))
    if data is not None and not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"`data` must be bytes, got {type(data).__name__}")
    content = xai_api.FileContent(
        data=bytes(data) if data is not None else b"",
        url=url or "",
        filename=filename or "",
        mime_type=mime_type or "",
    )
    return xai_api.Content(file=content)


def _parts(args: tuple[Content, ...]) -> list[xai_api.Content]:
    parts = []
    for arg in args:
        if isinstance(arg, str):
            parts.append(text(arg))
        elif isinstance(arg, xai_api.Content):
            parts.append(arg)
        else:
            raise TypeError(
                f"Message parts must be strings or content from text()/image()/file(), "
                f"got {type(arg).__name__}"
            )
    return parts


def user(*args: Content) -> xai_api.Message:
    """A message from the user, made of strings and ``image``/``file`` parts."""
    return xai_api.Message(role=_ROLE.ROLE_USER, content=_parts(args))


def assistant(*args: Content) -> xai_api.Message:
    """A message from the assistant (e.g. to replay an earlier answer)."""
    return xai_api.Message(role=_ROLE.ROLE_ASSISTANT, content=_parts(args))


def system(*args: Content) -> xai_api.Message:
    """A system prompt."""
    return xai_api.Message(role=_ROLE.ROLE_SYSTEM, content=_parts(args))


def developer(*args: Content) -> xai_api.Message:
    """A developer message (models newer than grok-4.1; older ones treat it as system)."""
    return xai_api.Message(role=_ROLE.ROLE_DEVELOPER, content=_parts(args))


def tool_result(result: str, tool_call_id: str | None = None) -> xai_api.Message:
    """The result of a client-side tool call, to append after the model asked for it."""
    return xai_api.Message(role=_ROLE.ROLE_TOOL, content=[text(result)], tool_call_id=tool_call_id)


def required_tool(name: str) -> xai_api.ToolChoice:
    """A tool choice that forces the model to call the tool ``name``."""
    return xai_api.ToolChoice(function_name=name)


# -- the request -----------------------------------------------------------------------------


def _optional_int(argument: str, value: object, minimum: int = 0) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"`{argument}` must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"`{argument}` must be >= {minimum}, got {value}")
    return value


def _optional_float(argument: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"`{argument}` must be a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"`{argument}` must be finite, got {value}")
    return float(value)


def _optional_bool(argument: str, value: object) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"`{argument}` must be a bool, got {type(value).__name__}")
    return value


def _optional_str(argument: str, value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"`{argument}` must be a string, got {type(value).__name__}")
    return value


def _sequence_of(argument: str, value: object, kind: type[E]) -> list[E]:
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"`{argument}` must be a sequence of {kind.__name__}")
    items = list(value)
    for item in items:
        if not isinstance(item, kind):
            raise TypeError(
                f"`{argument}` must contain {kind.__name__} items, got {type(item).__name__}"
            )
    return items


def _tool_choice(value: object) -> xai_api.ToolChoice | None:
    if value is None or isinstance(value, xai_api.ToolChoice):
        return value
    return xai_api.ToolChoice(mode=_choose("tool_choice", value, _TOOL_MODE))


def _response_format(value: object) -> xai_api.ResponseFormat | None:
    if value is None or isinstance(value, xai_api.ResponseFormat):
        return value
    schema = getattr(value, "model_json_schema", None)
    if isinstance(value, type) and callable(schema):  # a pydantic model class
        return xai_api.ResponseFormat(
            format_type=xai_api.FormatType.JSON_SCHEMA, schema=json.dumps(schema())
        )
    return xai_api.ResponseFormat(format_type=_choose("response_format", value, _RESPONSE_FORMAT))


def _reasoning_effort(value: object) -> xai_api.ReasoningEffort | None:
    if value is None or isinstance(value, xai_api.ReasoningEffort):
        return value
    return _choose("reasoning_effort", value, _REASONING_EFFORT)


def _include(value: object) -> list[xai_api.IncludeOption]:
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError("`include` must be a sequence of include options")
    return [
        option
        if isinstance(option, xai_api.IncludeOption)
        else _choose("include", option, _INCLUDE)
        for option in value
    ]


def _agent_count(value: object) -> xai_api.AgentCount | None:
    if value is None or isinstance(value, xai_api.AgentCount):
        return value
    return _choose("agent_count", value, _AGENT_COUNT)


def _service_tier(value: object) -> xai_api.ServiceTier:
    if value is None:
        return xai_api.ServiceTier.UNSPECIFIED
    if isinstance(value, xai_api.ServiceTier):
        return value
    return _choose("service_tier", value, _SERVICE_TIER)


def _guideline(value: object) -> xai_api.Guideline:
    if isinstance(value, xai_api.Guideline):
        return value
    if not isinstance(value, Mapping):
        raise TypeError(
            "`guidelines` entries must be dicts like "
            "{'type': 'policy', 'category': 'violence', 'behavior': 'decline'}"
        )
    unknown = set(value) - {"type", "category", "behavior"}
    if unknown or value.get("type") != "policy":
        raise ValueError(
            "`guidelines` entries need type='policy', a category and a behavior; "
            f"got {dict(value)!r}"
        )
    return xai_api.Guideline(
        policy=xai_api.PolicyGuideline(
            category=_choose("guidelines category", value.get("category"), _GUIDELINE_CATEGORY),
            behavior=_choose("guidelines behavior", value.get("behavior"), _GUIDELINE_BEHAVIOR),
        )
    )


ChatT = TypeVar("ChatT", bound="BaseChat")


class BaseChatClient(Generic[ChatT]):
    """``client.chat``: creates conversations (no RPC happens until one is sampled)."""

    def create(
        self,
        model: str,
        *,
        conversation_id: str | None = None,
        messages: Sequence[xai_api.Message] | None = None,
        user: str | None = None,
        safety_identifier: str | None = None,
        max_tokens: int | None = None,
        seed: int | None = None,
        stop: Sequence[str] | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        tools: Sequence[xai_api.Tool] | None = None,
        tool_choice: ToolMode | xai_api.ToolChoice | None = None,
        parallel_tool_calls: bool | None = None,
        response_format: ResponseFormat | xai_api.ResponseFormat | type | None = None,
        frequency_penalty: float | None = None,
        presence_penalty: float | None = None,
        reasoning_effort: ReasoningEffort | xai_api.ReasoningEffort | None = None,
        search_parameters: xai_api.SearchParameters | None = None,
        store_messages: bool | None = None,
        previous_response_id: str | None = None,
        use_encrypted_content: bool | None = None,
        max_turns: int | None = None,
        include: Sequence[str | xai_api.IncludeOption] | None = None,
        agent_count: int | xai_api.AgentCount | None = None,
        batch_request_id: str | None = None,
        service_tier: ServiceTier | xai_api.ServiceTier | None = None,
        guidelines: Sequence[Mapping[str, str] | xai_api.Guideline] | None = None,
    ) -> ChatT:
        """Start a conversation with ``model``; nothing is sent until ``sample``/``stream``.

        Every argument maps to the field of the same name of ``GetCompletionsRequest``
        (see the xAI API reference); enum-like ones take the official SDK's strings, e.g.
        ``reasoning_effort="high"``, ``tool_choice="auto"``, ``include=["inline_citations"]``,
        ``service_tier="priority"``, ``agent_count=4``.

        Args:
            model: Model name, e.g. ``"grok-4"``.
            conversation_id: Your id grouping this conversation's calls (client-side only).
            messages: The conversation so far (``system(...)``, ``user(...)``…).
            user: An end-user id for abuse monitoring (prefer ``safety_identifier``).
            safety_identifier: An opaque, stable id of your end user.
            max_tokens: Upper bound on generated tokens.
            seed: Seed for best-effort deterministic sampling.
            stop: Up to 4 sequences that end generation.
            temperature: Sampling temperature, 0-2.
            top_p: Nucleus sampling probability mass.
            logprobs: Return log probabilities of output tokens.
            top_logprobs: How many alternatives per token (0-8) with ``logprobs``.
            tools: Tools the model may call.
            tool_choice: ``"auto"``, ``"none"``, ``"required"`` or ``required_tool(name)``.
            parallel_tool_calls: Allow several tool calls per response.
            response_format: ``"text"``, ``"json_object"``, a ``ResponseFormat`` or a pydantic
                model class (JSON schema output).
            frequency_penalty: Penalty for frequent tokens.
            presence_penalty: Penalty for tokens already present.
            reasoning_effort: ``"none"``, ``"low"``, ``"medium"``, ``"high"`` or ``"xhigh"``.
            search_parameters: Live search settings (a ``SearchParameters`` message).
            store_messages: Store responses server-side (retrievable by id).
            previous_response_id: Continue from a stored response.
            use_encrypted_content: Return encrypted reasoning for later turns.
            max_turns: Cap on agentic turns with server-side tools.
            include: Extra outputs, e.g. ``["inline_citations"]``.
            agent_count: 4 or 16 agents for multi-agent models.
            batch_request_id: Your id of this request within a batch (client-side only).
            service_tier: ``"default"`` or ``"priority"``.
            guidelines: Moderation guidelines, e.g.
                ``{"type": "policy", "category": "violence", "behavior": "decline"}``.

        Returns:
            A chat bound to this client.

        Raises:
            ValueError: An argument has a value the API does not accept.
            TypeError: An argument has the wrong type.
        """
        if not isinstance(model, str) or not model.strip():
            raise ValueError(f"`model` must be a non-empty string, e.g. 'grok-4'; got {model!r}")
        if search_parameters is not None and not isinstance(
            search_parameters, xai_api.SearchParameters
        ):
            raise TypeError("`search_parameters` must be an xai_api.SearchParameters message")
        request = xai_api.GetCompletionsRequest(
            model=model,
            messages=_sequence_of("messages", messages, xai_api.Message),
            user=_optional_str("user", user) or "",
            safety_identifier=_optional_str("safety_identifier", safety_identifier),
            max_tokens=_optional_int("max_tokens", max_tokens, minimum=1),
            seed=_optional_int("seed", seed, minimum=-(2**31)),
            stop=_sequence_of("stop", stop, str),
            temperature=_optional_float("temperature", temperature),
            top_p=_optional_float("top_p", top_p),
            logprobs=bool(_optional_bool("logprobs", logprobs)),
            top_logprobs=_optional_int("top_logprobs", top_logprobs),
            tools=_sequence_of("tools", tools, xai_api.Tool),
            tool_choice=_tool_choice(tool_choice),
            parallel_tool_calls=_optional_bool("parallel_tool_calls", parallel_tool_calls),
            response_format=_response_format(response_format),
            frequency_penalty=_optional_float("frequency_penalty", frequency_penalty),
            presence_penalty=_optional_float("presence_penalty", presence_penalty),
            reasoning_effort=_reasoning_effort(reasoning_effort),
            search_parameters=search_parameters,
            store_messages=bool(_optional_bool("store_messages", store_messages)),
            previous_response_id=_optional_str("previous_response_id", previous_response_id),
            use_encrypted_content=bool(
                _optional_bool("use_encrypted_content", use_encrypted_content)
            ),
            max_turns=_optional_int("max_turns", max_turns, minimum=1),
            include=_include(include),
            agent_count=_agent_count(agent_count),
            service_tier=_service_tier(service_tier),
            guidelines=[_guideline(g) for g in guidelines or ()],
        )
        return self._make_chat(
            request,
            conversation_id=_optional_str("conversation_id", conversation_id),
            batch_request_id=_optional_str("batch_request_id", batch_request_id),
        )

    def _make_chat(
        self,
        request: xai_api.GetCompletionsRequest,
        *,
        conversation_id: str | None,
        batch_request_id: str | None,
    ) -> ChatT:
        raise NotImplementedError


class BaseChat:
    """A conversation: the request being built, plus ``append`` for multi-turn use."""

    def __init__(
        self,
        request: xai_api.GetCompletionsRequest,
        *,
        conversation_id: str | None = None,
        batch_request_id: str | None = None,
    ) -> None:
        self._proto = request
        self.conversation_id = conversation_id
        self.batch_request_id = batch_request_id

    @property
    def proto(self) -> xai_api.GetCompletionsRequest:
        """The request message this chat sends (a betterproto2 dataclass)."""
        return self._proto

    @property
    def messages(self) -> Sequence[xai_api.Message]:
        """The conversation so far."""
        return self._proto.messages

    def append(self, message: xai_api.Message | Response) -> Self:
        """Add a message, or a ``Response`` (recorded as the assistant's turn); returns the chat.

        Appending a response keeps what the next turn needs: content, reasoning, encrypted
        reasoning and tool calls (and every output, for server-side tool runs).
        """
        if isinstance(message, xai_api.Message):
            self._proto.messages.append(message)
        elif isinstance(message, Response):
            self._proto.messages.extend(message._as_messages())
        else:
            raise TypeError(
                "append() takes a message from user()/system()/assistant()/tool_result() "
                f"or a Response, got {type(message).__name__}"
            )
        return self

    def _sample_request(self) -> tuple[xai_api.GetCompletionsRequest, int | None]:
        """The request for one completion, and which output index the response follows."""
        if not self._proto.messages:
            raise ValueError(
                "This chat has no messages: append one (e.g. chat.append(user('Hello'))) "
                "before sampling."
            )
        # A shallow copy is enough: transports encode the request before they first await.
        request = copy.copy(self._proto)
        request.n = 1
        return request, None if self._uses_server_side_tools() else 0

    @staticmethod
    def _response(proto: xai_api.GetChatCompletionResponse, index: int | None) -> Response:
        """Wrap a sampled completion, following every output if the server sent several."""
        return Response(proto, _multi_output(index, proto.outputs))

    def _uses_server_side_tools(self) -> bool:
        return any(tool.function is None for tool in self._proto.tools)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(model={self._proto.model!r}, "
            f"messages={len(self._proto.messages)})"
        )


def _multi_output(index: int | None, outputs: Iterable[Any]) -> int | None:
    """Follow every output once the server returns more than one (it added tools itself)."""
    if index == 0 and any(output.index > 0 for output in outputs):
        return None
    return index


# -- responses -------------------------------------------------------------------------------


class Response:
    """A chat completion: the assistant's answer plus metadata; ``.proto`` is the message."""

    def __init__(self, proto: xai_api.GetChatCompletionResponse, index: int | None = 0) -> None:
        self._proto = proto
        self._index = index
        # Streamed text not yet joined into the proto: (output index, field) -> pieces.
        # Joining on read keeps a long stream linear instead of copying the text per chunk.
        self._pending: dict[tuple[int, str], list[str]] = {}

    def _append_text(self, index: int, field: str, piece: str) -> None:
        self._pending.setdefault((index, field), []).append(piece)

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
        return _present(self._output().message, xai_api.CompletionMessage)

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
        return _proto_name(self._message().role)

    @property
    def finish_reason(self) -> str:
        """Why generation stopped, e.g. ``"REASON_STOP"``."""
        return _proto_name(self._output().finish_reason)

    @property
    def usage(self) -> xai_api.SamplingUsage:
        """Token counts."""
        return _present(self._proto.usage, xai_api.SamplingUsage)

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
        return _present(self._output().logprobs, xai_api.LogProbs)

    def _as_messages(self) -> list[xai_api.Message]:
        outputs = self.proto.outputs if self._index is None else [self._output()]
        messages = []
        for output in outputs:
            message = _present(output.message, xai_api.CompletionMessage)
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


class CompletionOutputChunk:
    """One output's part of a streamed chunk."""

    def __init__(self, proto: xai_api.CompletionOutputChunk) -> None:
        self._proto = proto

    @property
    def proto(self) -> xai_api.CompletionOutputChunk:
        """The output chunk message."""
        return self._proto

    def _delta(self) -> xai_api.Delta:
        return _present(self._proto.delta, xai_api.Delta)

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
        return _proto_name(self._delta().role)

    @property
    def tool_calls(self) -> Sequence[xai_api.ToolCall]:
        """Tool calls in this chunk."""
        return self._delta().tool_calls

    @property
    def finish_reason(self) -> str:
        """The finish reason's proto name (``"REASON_INVALID"`` until the last chunk)."""
        return _proto_name(self._proto.finish_reason)


class Chunk:
    """One streamed piece of a completion; ``.proto`` is the chunk message."""

    def __init__(self, proto: xai_api.GetChatCompletionChunk, index: int | None = 0) -> None:
        self._proto = proto
        self._index = index

    @property
    def proto(self) -> xai_api.GetChatCompletionChunk:
        """The chunk message (a betterproto2 dataclass)."""
        return self._proto

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


class StreamAccumulator:
    """Folds streamed chunks into one growing :class:`Response`."""

    def __init__(self, index: int | None) -> None:
        self._index = index
        self._proto = xai_api.GetChatCompletionResponse(outputs=[])
        self.response = Response(self._proto, index)

    def add(self, chunk: xai_api.GetChatCompletionChunk) -> tuple[Response, Chunk]:
        """Merge one chunk; return the (updated) response and the wrapped chunk."""
        self._index = _multi_output(self._index, chunk.outputs)
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
            message = _present(output.message, xai_api.CompletionMessage)
            output.message = message
            delta = _present(part.delta, xai_api.Delta)
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
