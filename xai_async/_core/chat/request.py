"""The chat request and the conversation that grows it.

``client.chat.create(...)`` checks every argument and builds the ``GetCompletionsRequest``;
:class:`BaseChat` holds the conversation behind ``append``.

The packages add only the methods that touch the wire (``sample``, ``stream``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Generic, TypeVar, overload

from typing_extensions import Self

from xai_async._core import enums, wire
from xai_async._core.chat.response import CompactContextResponse, Response, multi_output
from xai_async._core.chat.search import SearchParameters
from xai_async._core.chat.structured import json_schema_format, shape_of
from xai_async._core.methods import Encoded
from xai_async._core.telemetry import Operation
from xai_async._core.types import (
    AgentCount,
    ChatModel,
    IncludeOption,
    ReasoningEffort,
    ResponseFormat,
    ServiceTier,
    ToolMode,
)
from xai_async._core.validate import (
    choose,
    optional_bool,
    optional_float,
    optional_int,
    optional_str,
    sequence_of,
)
from xai_async.proto import xai_api

__all__ = ["BaseChat", "BaseChatClient"]

_MESSAGES_FIELD = 1  # GetCompletionsRequest.messages
_RESPONSE_FORMAT_FIELD = 10  # GetCompletionsRequest.response_format
_MAX_TOOLS = 128


def _tool_choice(value: object) -> xai_api.ToolChoice | None:
    if value is None or isinstance(value, xai_api.ToolChoice):
        return value
    return xai_api.ToolChoice(mode=choose("tool_choice", value, enums.TOOL_MODE))


def _response_format(value: object) -> xai_api.ResponseFormat | None:
    if value is None or isinstance(value, xai_api.ResponseFormat):
        return value
    if isinstance(value, str):
        return xai_api.ResponseFormat(
            format_type=choose("response_format", value, enums.FORMAT_TYPE)
        )
    # A pydantic model class, or another type pydantic can describe (a dataclass ...).
    schema, _ = shape_of(value, "response_format")
    return json_schema_format(schema)


def _reasoning_effort(value: object) -> xai_api.ReasoningEffort | None:
    if value is None or isinstance(value, xai_api.ReasoningEffort):
        return value
    return choose("reasoning_effort", value, enums.REASONING_EFFORT)


def _include(value: object) -> list[xai_api.IncludeOption]:
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError("`include` must be a sequence of include options")
    return [
        option
        if isinstance(option, xai_api.IncludeOption)
        else choose("include", option, enums.INCLUDE_OPTION)
        for option in value
    ]


def _agent_count(value: object) -> xai_api.AgentCount | None:
    if value is None or isinstance(value, xai_api.AgentCount):
        return value
    return choose("agent_count", value, enums.AGENT_COUNT)


def _service_tier(value: object) -> xai_api.ServiceTier:
    if value is None:
        return xai_api.ServiceTier.UNSPECIFIED
    if isinstance(value, xai_api.ServiceTier):
        return value
    return choose("service_tier", value, enums.SERVICE_TIER)


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
            category=choose("guidelines category", value.get("category"), enums.GUIDELINE_CATEGORY),
            behavior=choose("guidelines behavior", value.get("behavior"), enums.GUIDELINE_BEHAVIOR),
        )
    )


def _search_parameters(value: object) -> xai_api.SearchParameters | None:
    if value is None or isinstance(value, xai_api.SearchParameters):
        return value
    if isinstance(value, SearchParameters):
        return value.to_proto()
    raise TypeError(
        "`search_parameters` must be a SearchParameters (xai_async.search) or its message, "
        f"got {type(value).__name__}"
    )


def _check_model(model: object) -> None:
    if not isinstance(model, str) or not model.strip():
        raise ValueError(f"`model` must be a non-empty string, e.g. 'grok-4'; got {model!r}")


def _tools(value: object) -> list[xai_api.Tool]:
    tools = sequence_of("tools", value, xai_api.Tool)
    if sum(tool.function is not None for tool in tools) > _MAX_TOOLS:
        raise ValueError(f"`tools` may hold at most {_MAX_TOOLS} functions")
    return tools


ChatT = TypeVar("ChatT", bound="BaseChat")


class BaseChatClient(Generic[ChatT]):
    """``client.chat``: creates conversations (no RPC happens until one is sampled)."""

    def create(
        self,
        model: ChatModel | str,
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
        search_parameters: SearchParameters | xai_api.SearchParameters | None = None,
        store_messages: bool | None = None,
        previous_response_id: str | None = None,
        use_encrypted_content: bool | None = None,
        max_turns: int | None = None,
        include: Sequence[IncludeOption | xai_api.IncludeOption] | None = None,
        agent_count: AgentCount | xai_api.AgentCount | None = None,
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
            search_parameters: Live search settings: ``SearchParameters(...)`` (from
                ``xai_async.search``) or the message.
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
        _check_model(model)
        request = xai_api.GetCompletionsRequest(
            model=model,
            messages=sequence_of("messages", messages, xai_api.Message),
            user=optional_str("user", user) or "",
            safety_identifier=optional_str("safety_identifier", safety_identifier),
            max_tokens=optional_int("max_tokens", max_tokens, minimum=1),
            seed=optional_int("seed", seed, minimum=-(2**31)),
            stop=sequence_of("stop", stop, str),
            temperature=optional_float("temperature", temperature, 0, 2),
            top_p=optional_float("top_p", top_p, 0, 1),
            logprobs=bool(optional_bool("logprobs", logprobs)),
            top_logprobs=optional_int("top_logprobs", top_logprobs, 0, 8),
            tools=_tools(tools),
            tool_choice=_tool_choice(tool_choice),
            parallel_tool_calls=optional_bool("parallel_tool_calls", parallel_tool_calls),
            response_format=_response_format(response_format),
            frequency_penalty=optional_float("frequency_penalty", frequency_penalty, -2, 2),
            presence_penalty=optional_float("presence_penalty", presence_penalty, -2, 2),
            reasoning_effort=_reasoning_effort(reasoning_effort),
            search_parameters=_search_parameters(search_parameters),
            store_messages=bool(optional_bool("store_messages", store_messages)),
            previous_response_id=optional_str("previous_response_id", previous_response_id),
            use_encrypted_content=bool(
                optional_bool("use_encrypted_content", use_encrypted_content)
            ),
            max_turns=optional_int("max_turns", max_turns, minimum=1),
            include=_include(include),
            agent_count=_agent_count(agent_count),
            service_tier=_service_tier(service_tier),
            guidelines=[_guideline(g) for g in guidelines or ()],
        )
        return self._make_chat(
            request,
            conversation_id=optional_str("conversation_id", conversation_id),
            batch_request_id=optional_str("batch_request_id", batch_request_id),
        )

    def _make_chat(
        self,
        request: xai_api.GetCompletionsRequest,
        *,
        conversation_id: str | None,
        batch_request_id: str | None,
    ) -> ChatT:
        raise NotImplementedError

    @staticmethod
    def _compact_context_request(
        model: ChatModel | str, messages: Sequence[xai_api.Message]
    ) -> xai_api.CompactContextRequest:
        _check_model(model)
        given = sequence_of("messages", messages, xai_api.Message)
        if not given:
            raise ValueError("`messages` must hold at least one message to compact")
        return xai_api.CompactContextRequest(model=model, input=given)

    @staticmethod
    def _stored_id(response_id: object) -> str:
        if not isinstance(response_id, str) or not response_id:
            raise ValueError(f"`response_id` must be a non-empty string, got {response_id!r}")
        return response_id


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
        # Each message of the history and its wire record (tag, length, bytes), computed once
        # when it joins the chat: request N costs its new message and the small header.
        self._records: list[tuple[xai_api.Message, bytes]] = []
        # Set when ``proto``/``messages`` hand the messages out: they may have been edited in
        # place, so the next request encodes every message again.
        self._exposed = False
        given, request.messages = request.messages, []
        for message in given:
            self._add(message, copy=True)

    @overload
    def _operation(self, name: str) -> Operation: ...
    @overload
    def _operation(self, name: None = None) -> Operation | None: ...
    def _operation(self, name: str | None = None) -> Operation | None:
        """What a call's span says beyond its request: ``name`` and the conversation id."""
        if self.conversation_id is None:
            return None if name is None else Operation(name)
        return Operation(name, {"gen_ai.conversation.id": self.conversation_id})

    @property
    def proto(self) -> xai_api.GetCompletionsRequest:
        """The request message this chat sends (a betterproto2 dataclass).

        Changes made through it, messages edited in place included, are sent with the next
        request.
        """
        self._exposed = True
        return self._proto

    @property
    def messages(self) -> Sequence[xai_api.Message]:
        """The conversation so far (edit a message here and the next request sends the edit)."""
        self._exposed = True
        return self._proto.messages

    def append(self, message: xai_api.Message | Response | CompactContextResponse) -> Self:
        """Add a message, a ``Response`` or a compaction to the conversation; returns the chat.

        - A message (``user(...)``, ``tool_result(...)`` ...): the chat keeps a copy of it as it
          is now (as the official SDK does), so later changes to your object do not reach the
          chat. To change a message already in the chat, edit or replace it in
          ``chat.messages``.
        - A ``Response``: recorded as the assistant's turn, with what the next turn needs:
          content, reasoning, encrypted reasoning and tool calls with their ids. After a run of
          server-side tools, every output is replayed in order (tool outputs included).
        - A ``CompactContextResponse`` (from ``compact_context``): **replaces the whole
          history** with one user message that carries the compacted, encrypted conversation;
          the messages it summarises are no longer sent (that is the point), so keep your own
          copy of ``chat.messages`` first if you still need them. This is what the official
          SDK does too.
        """
        if isinstance(message, xai_api.Message):
            self._add(message, copy=True)
        elif isinstance(message, Response):
            for made in message._as_messages():
                self._add(made, copy=False)  # made here: nobody else holds it
        elif isinstance(message, CompactContextResponse):
            self._proto.messages.clear()
            self._records.clear()
            summary = xai_api.Message(
                role=xai_api.MessageRole.ROLE_USER, encrypted_content=message.encrypted_content
            )
            self._add(summary, copy=False)
        else:
            raise TypeError(
                "append() takes a message from user()/system()/assistant()/tool_result(), "
                f"a Response or a CompactContextResponse, got {type(message).__name__}"
            )
        return self

    def _add(self, message: xai_api.Message, *, copy: bool) -> None:
        codec = wire.codec(xai_api.Message)
        data = codec.encode(message)
        kept = codec.decode(data) if copy else message
        self._proto.messages.append(kept)
        self._records.append((kept, wire.record(_MESSAGES_FIELD, data)))

    def _history(self) -> bytes:
        """The wire records of the messages.

        Each message is encoded once, when it joins the chat, unless the messages were handed
        out (``proto``/``messages``) since the last request: then all are encoded again, as
        any of them may have been edited in place.
        """
        messages, records = self._proto.messages, self._records
        if self._exposed:
            codec = wire.codec(xai_api.Message)
            records[:] = [
                (message, wire.record(_MESSAGES_FIELD, codec.encode(message)))
                for message in messages
            ]
            self._exposed = False
        return b"".join(data for _, data in records)

    def _request(
        self, n: int = 1, *, response_format: xai_api.ResponseFormat | None = None
    ) -> Encoded[xai_api.GetCompletionsRequest]:
        """The completion request for ``n`` answers, as wire bytes.

        ``response_format`` replaces the chat's own for this request only.
        """
        if not self._proto.messages:
            raise ValueError(
                "This chat has no messages: append one (e.g. chat.append(user('Hello'))) "
                "before sampling."
            )
        data = wire.codec(xai_api.GetCompletionsRequest).encode_without(
            self._proto, "messages", n=n
        )
        if response_format is not None:
            # A later record of a message field is merged over the earlier one: this one
            # sets both of its fields, so it wins whole.
            encoded = wire.codec(xai_api.ResponseFormat).encode(response_format)
            data += wire.record(_RESPONSE_FORMAT_FIELD, encoded)
        return Encoded(xai_api.GetCompletionsRequest, data + self._history())

    def _index(self) -> int | None:
        """Which output a single answer follows: every one of them with server-side tools."""
        return None if self._uses_server_side_tools() else 0

    def _compact_request(self) -> xai_api.CompactContextRequest:
        if not self._proto.messages:
            raise ValueError("This chat has no messages to compact.")
        return xai_api.CompactContextRequest(
            model=self._proto.model, input=list(self._proto.messages)
        )

    @staticmethod
    def _response(proto: xai_api.GetChatCompletionResponse, index: int | None) -> Response:
        """Wrap a sampled completion, following every output if the server sent several."""
        return Response(proto, multi_output(index, proto.outputs))

    def _uses_server_side_tools(self) -> bool:
        return any(tool.function is None for tool in self._proto.tools)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(model={self._proto.model!r}, "
            f"messages={len(self._proto.messages)})"
        )
