"""The fake server's ``xai_api.Chat``, checked with raw grpcio and protobuf (not the SDK).

Scripted replies (multi-output, split tool calls, tool call updates, usage extras, n > 1,
deferred, stored, compaction) and the unscripted defaults example programs rely on.
"""

from __future__ import annotations

import base64
import datetime
import json
import struct
import zlib
from collections.abc import Iterator
from typing import Any

import grpc
import pytest

from tests.fake_server import API_KEY, FakeXai, Output, Reply, enum_name, enum_value, message_class
from xai_async._core.fake.scenarios import (
    function_call,
    image_envelope,
    schema_instance,
    server_tool_call,
    tiny_png,
    web_citation,
)

#: RPC -> (request type, response type, server streaming).
RPCS = {
    "GetCompletion": ("GetCompletionsRequest", "GetChatCompletionResponse", False),
    "GetCompletionChunk": ("GetCompletionsRequest", "GetChatCompletionChunk", True),
    "StartDeferredCompletion": ("GetCompletionsRequest", "StartDeferredResponse", False),
    "GetDeferredCompletion": ("GetDeferredRequest", "GetDeferredCompletionResponse", False),
    "GetStoredCompletion": ("GetStoredCompletionRequest", "GetChatCompletionResponse", False),
    "DeleteStoredCompletion": (
        "DeleteStoredCompletionRequest",
        "DeleteStoredCompletionResponse",
        False,
    ),
    "CompactContext": ("CompactContextRequest", "CompactContextResponse", False),
}


class Chat:
    """Calls the fake server's Chat RPCs with protobuf messages."""

    def __init__(self, channel: grpc.Channel) -> None:
        self.channel = channel

    def __call__(self, rpc: str, request: Any = None, **fields: Any) -> Any:
        request_type, response_type, streaming = RPCS[rpc]
        if request is None:
            request = message_class(f"xai_api.{request_type}")(**fields)
        factory = self.channel.unary_stream if streaming else self.channel.unary_unary
        call = factory(
            f"/xai_api.Chat/{rpc}",
            request_serializer=lambda message: message.SerializeToString(),
            response_deserializer=message_class(f"xai_api.{response_type}").FromString,
        )
        answer = call(request, metadata=(("authorization", f"Bearer {API_KEY}"),), timeout=10)
        return list(answer) if streaming else answer

    def fails(self, rpc: str, request: Any = None, **fields: Any) -> grpc.StatusCode:
        """The status the call fails with."""
        with pytest.raises(grpc.RpcError) as caught:
            self(rpc, request, **fields)
        code: grpc.StatusCode = caught.value.code()
        return code


@pytest.fixture
def chat(fake_xai: FakeXai) -> Iterator[Chat]:
    with grpc.insecure_channel(fake_xai.address) as channel:
        yield Chat(channel)


def role(name: str) -> int:
    return enum_value("xai_api.MessageRole", name)


def ask(*texts: str, **fields: Any) -> Any:
    """A completion request: ``texts`` as user messages, ``fields`` as request fields."""
    request = message_class("xai_api.GetCompletionsRequest")(model="grok-4", **fields)
    for text in texts:
        request.messages.add(role=role("ROLE_USER")).content.add(text=text)
    return request


def function_tool(name: str, schema: dict[str, Any]) -> Any:
    tool = message_class("xai_api.Tool")()
    tool.function.name = name
    tool.function.parameters = json.dumps(schema)
    return tool


def server_tool(kind: str, **fields: Any) -> Any:
    tool = message_class("xai_api.Tool")()
    getattr(tool, kind).SetInParent()
    for name, value in fields.items():
        field = getattr(getattr(tool, kind), name)
        if isinstance(value, list):
            field.extend(value)
        else:
            setattr(getattr(tool, kind), name, value)
    return tool


def include(*names: str) -> list[int]:
    return [enum_value("xai_api.IncludeOption", f"INCLUDE_OPTION_{n}") for n in names]


def joined(chunks: list[Any]) -> dict[int, str]:
    """Each output's streamed content, by index."""
    texts: dict[int, str] = {}
    for chunk in chunks:
        for out in chunk.outputs:
            texts[out.index] = texts.get(out.index, "") + out.delta.content
    return texts


def outputs_of(chunks: list[Any]) -> list[Any]:
    """Every output chunk of a stream, in order (this server sends one per chunk)."""
    assert all(len(chunk.outputs) == 1 for chunk in chunks)
    return [chunk.outputs[0] for chunk in chunks]


def finish(name: str) -> int:
    return enum_value("xai_api.FinishReason", name)


# -- what existing tests rely on ---------------------------------------------------------------


def test_default_echo_word_split_and_ids_count_up(chat: Chat) -> None:
    first = chat("GetCompletion", ask("hello there"))
    assert first.id == "cmpl-1"
    assert first.outputs[0].message.content == "Ahoy! You said: hello there"
    chunks = chat("GetCompletionChunk", ask("a b"))
    assert {c.id for c in chunks} == {"cmpl-2"}
    assert [c.outputs[0].delta.content for c in chunks] == ["Ahoy! ", "You ", "said: ", "a ", "b"]
    assert chunks[-1].outputs[0].finish_reason == finish("REASON_STOP")
    assert chunks[-1].usage.completion_tokens == 5


# -- scripted replies ---------------------------------------------------------------------------


def _agentic_reply() -> Reply:
    search = server_tool_call("web_search", arguments={"query": "sea"}, id="call-s")
    echo = server_tool_call("web_search", arguments={"query": "sea"}, id="call-s")
    return Reply(
        outputs=[
            Output(tool_calls=[search], finish_reason="REASON_TOOL_CALLS"),
            Output(role="ROLE_TOOL", content="calm seas ahead", tool_calls=[echo]),
            Output(
                content="The sea is calm",
                reasoning_content="Checked the web.",
                encrypted_content="blob",
                inline_citations=[web_citation("https://example.com", start=4, end=7)],
            ),
        ],
        citations=["https://example.com"],
    )


def test_multi_output_reply_whole(fake_xai: FakeXai, chat: Chat) -> None:
    fake_xai.replies.append(_agentic_reply())
    response = chat("GetCompletion", ask("sea?", n=1))
    assert [o.index for o in response.outputs] == [0, 1, 2]
    roles = ["ROLE_ASSISTANT", "ROLE_TOOL", "ROLE_ASSISTANT"]
    assert [o.message.role for o in response.outputs] == [role(r) for r in roles]
    assert response.outputs[0].message.tool_calls[0].id == "call-s"
    assert response.outputs[0].finish_reason == finish("REASON_TOOL_CALLS")
    assert response.outputs[1].message.content == "calm seas ahead"
    final = response.outputs[2].message
    assert (final.content, final.reasoning_content, final.encrypted_content) == (
        "The sea is calm",
        "Checked the web.",
        "blob",
    )
    assert final.citations[0].web_citation.url == "https://example.com"
    assert list(response.citations) == ["https://example.com"]


def test_multi_output_reply_streams_each_output_in_order(fake_xai: FakeXai, chat: Chat) -> None:
    fake_xai.replies.append(_agentic_reply())
    chunks = chat("GetCompletionChunk", ask("sea?"))
    outs = outputs_of(chunks)
    indexes = [o.index for o in outs]
    assert indexes == sorted(indexes)
    assert set(indexes) == {0, 1, 2}
    for out in outs:
        expected = "ROLE_TOOL" if out.index == 1 else "ROLE_ASSISTANT"
        assert out.delta.role == role(expected)
    # The tool result comes whole, with the call it answers.
    tool_chunks = [o for o in outs if o.index == 1]
    assert len(tool_chunks) == 1
    assert tool_chunks[0].delta.content == "calm seas ahead"
    assert tool_chunks[0].delta.tool_calls[0].id == "call-s"
    assert joined(chunks) == {0: "", 1: "calm seas ahead", 2: "The sea is calm"}
    # Reasoning first, finish reason, encrypted content and inline citations on the last.
    final = [o for o in outs if o.index == 2]
    assert final[0].delta.reasoning_content == "Checked the web."
    assert [o.finish_reason for o in final] == [0] * (len(final) - 1) + [finish("REASON_STOP")]
    assert final[-1].delta.encrypted_content == "blob"
    assert final[-1].delta.citations[0].end_index == 7
    for index in (0, 1, 2):
        last = [o for o in outs if o.index == index][-1]
        assert last.finish_reason != 0
    assert list(chunks[-1].citations) == ["https://example.com"]
    assert all(not c.citations for c in chunks[:-1])


def test_function_tool_call_arguments_split_across_chunks(fake_xai: FakeXai, chat: Chat) -> None:
    arguments = json.dumps({"city": "Paris", "unit": "celsius", "days": 3})
    call = function_call("get_weather", arguments, id="call-7")
    fake_xai.reply(tool_calls=[call], tool_call_pieces=3, finish_reason="REASON_TOOL_CALLS")
    chunks = chat("GetCompletionChunk", ask("weather?"))
    pieces = [tc for o in outputs_of(chunks) for tc in o.delta.tool_calls]
    assert len(pieces) == 3
    assert {p.id for p in pieces} == {"call-7"}
    assert pieces[0].function.name == "get_weather"
    assert pieces[0].type == enum_value("xai_api.ToolCallType", "TOOL_CALL_TYPE_CLIENT_SIDE_TOOL")
    assert pieces[0].status == enum_value("xai_api.ToolCallStatus", "TOOL_CALL_STATUS_COMPLETED")
    assert [p.function.name for p in pieces[1:]] == ["", ""]
    assert all(p.function.arguments for p in pieces)
    assert "".join(p.function.arguments for p in pieces) == arguments
    assert chunks[-1].outputs[0].finish_reason == finish("REASON_TOOL_CALLS")
    # A whole response has the call whole.
    fake_xai.reply(tool_calls=[call], tool_call_pieces=3)
    whole = chat("GetCompletion", ask("weather?")).outputs[0].message.tool_calls
    assert [c.function.arguments for c in whole] == [arguments]


def test_server_side_tool_call_is_sent_in_progress_then_completed(
    fake_xai: FakeXai, chat: Chat
) -> None:
    fake_xai.replies.append(Reply(outputs=_agentic_reply().outputs, tool_call_updates=True))
    outs = outputs_of(chat("GetCompletionChunk", ask("sea?")))
    seen = [
        (o.index, enum_name("xai_api.ToolCallStatus", call.status))
        for o in outs
        for call in o.delta.tool_calls
        if call.id == "call-s"
    ]
    assert seen == [
        (0, "TOOL_CALL_STATUS_IN_PROGRESS"),
        (0, "TOOL_CALL_STATUS_COMPLETED"),
        (1, "TOOL_CALL_STATUS_COMPLETED"),  # the ROLE_TOOL output names its call once
    ]


def test_usage_extras_settings_service_tier_and_debug_output(fake_xai: FakeXai, chat: Chat) -> None:
    for _ in range(2):
        fake_xai.reply(
            "Done here",
            reasoning_content="two words",
            server_side_tools_used=["WEB_SEARCH", "SERVER_SIDE_TOOL_X_SEARCH"],
            cost_in_usd_ticks=123_456,
            usage={"cached_prompt_text_tokens": 7},
            debug_output={"attempts": 2, "sampler_tag": "fake"},
        )
    request = ask(
        "hi",
        max_tokens=64,
        temperature=0.0,
        top_p=0.9,
        parallel_tool_calls=False,
        use_encrypted_content=True,
        user="user-7",
        previous_response_id="resp-from-elsewhere",
        service_tier=enum_value("xai_api.ServiceTier", "SERVICE_TIER_PRIORITY"),
        reasoning_effort=enum_value("xai_api.ReasoningEffort", "EFFORT_LOW"),
        include=include("INLINE_CITATIONS"),
    )
    request.tools.append(function_tool("f", {"type": "object"}))
    request.tool_choice.function_name = "f"
    request.response_format.format_type = enum_value("xai_api.FormatType", "FORMAT_TYPE_TEXT")
    request.search_parameters.mode = enum_value("xai_api.SearchMode", "OFF_SEARCH_MODE")
    response = chat("GetCompletion", request)
    usage = response.usage
    assert [enum_name("xai_api.ServerSideTool", t) for t in usage.server_side_tools_used] == [
        "SERVER_SIDE_TOOL_WEB_SEARCH",
        "SERVER_SIDE_TOOL_X_SEARCH",
    ]
    assert usage.cost_in_usd_ticks == 123_456
    assert (usage.completion_tokens, usage.reasoning_tokens) == (2, 2)
    assert usage.total_tokens == usage.prompt_tokens + 4
    assert usage.cached_prompt_text_tokens == 7
    assert response.debug_output.attempts == 2
    assert response.service_tier == enum_value("xai_api.ServiceTier", "SERVICE_TIER_PRIORITY")
    settings = response.settings
    assert settings.max_tokens == 64
    assert settings.HasField("temperature")
    assert settings.temperature == 0.0
    assert settings.top_p == pytest.approx(0.9)
    assert settings.parallel_tool_calls is False
    assert settings.use_encrypted_content is True
    assert settings.store_messages is False
    assert settings.user == "user-7"
    assert settings.previous_response_id == "resp-from-elsewhere"
    assert settings.reasoning_effort == enum_value("xai_api.ReasoningEffort", "EFFORT_LOW")
    assert settings.tools[0].function.name == "f"
    assert settings.tool_choice.function_name == "f"
    assert settings.response_format.format_type == 1
    assert settings.HasField("search_parameters")
    assert list(settings.include) == include("INLINE_CITATIONS")
    # Streams carry the tier on every chunk, usage and debug output on the last.
    chunks = chat("GetCompletionChunk", request)
    assert all(c.service_tier == response.service_tier for c in chunks)
    assert chunks[-1].usage.cost_in_usd_ticks == 123_456
    assert chunks[-1].debug_output.sampler_tag == "fake"
    assert not any(c.HasField("usage") for c in chunks[:-1])


def test_settings_default_parallel_tool_calls_to_true(chat: Chat) -> None:
    settings = chat("GetCompletion", ask("hi")).settings
    assert settings.parallel_tool_calls is True
    assert not settings.HasField("max_tokens")
    assert not settings.HasField("response_format")


def test_logprobs_one_per_word_with_alternatives(chat: Chat) -> None:
    response = chat("GetCompletion", ask("x", logprobs=True, top_logprobs=3))
    content = response.outputs[0].logprobs.content
    assert [p.token for p in content] == ["Ahoy! ", "You ", "said: ", "x"]
    assert all(len(p.top_logprobs) == 3 and p.logprob < 0 for p in content)
    assert all(p.top_logprobs[0].token == p.token for p in content)
    assert content[1].bytes == b"You "
    chunks = chat("GetCompletionChunk", ask("x", logprobs=True))
    assert [[p.token for p in o.logprobs.content] for o in outputs_of(chunks)] == [
        ["Ahoy! "],
        ["You "],
        ["said: "],
        ["x"],
    ]
    plain = chat("GetCompletion", ask("x"))
    assert not plain.outputs[0].HasField("logprobs")


def test_n_outputs_are_variations_and_streams_interleave(fake_xai: FakeXai, chat: Chat) -> None:
    response = chat("GetCompletion", ask("hi", n=3))
    assert [o.index for o in response.outputs] == [0, 1, 2]
    assert [o.message.content for o in response.outputs] == [
        "Ahoy! You said: hi",
        "Ahoy! You said: hi (2)",
        "Ahoy! You said: hi (3)",
    ]
    chunks = chat("GetCompletionChunk", ask("hi", n=3))
    indexes = [o.index for o in outputs_of(chunks)]
    assert indexes[:6] == [0, 1, 2, 0, 1, 2]
    assert joined(chunks) == {
        0: "Ahoy! You said: hi",
        1: "Ahoy! You said: hi (2)",
        2: "Ahoy! You said: hi (3)",
    }
    finished = [o.index for o in outputs_of(chunks) if o.finish_reason]
    assert sorted(finished) == [0, 1, 2]
    # Scripted content varies the same way, and a multi-output reply ignores n.
    fake_xai.reply("Arr")
    assert [o.message.content for o in chat("GetCompletion", ask("hi", n=2)).outputs] == [
        "Arr",
        "Arr (2)",
    ]
    fake_xai.replies.append(_agentic_reply())
    assert len(chat("GetCompletion", ask("hi", n=2)).outputs) == 3


# -- deferred -------------------------------------------------------------------------------


def test_deferred_is_pending_then_done(fake_xai: FakeXai, chat: Chat) -> None:
    fake_xai.reply("Later, matey", pending_polls=2)
    started = chat("StartDeferredCompletion", ask("hi", n=2))
    assert started.request_id
    statuses = []
    for _ in range(4):
        polled = chat("GetDeferredCompletion", request_id=started.request_id)
        statuses.append(enum_name("xai_api.DeferredStatus", polled.status))
    assert statuses == ["PENDING", "PENDING", "DONE", "DONE"]
    assert polled.HasField("response")
    assert [o.message.content for o in polled.response.outputs] == [
        "Later, matey",
        "Later, matey (2)",
    ]
    assert polled.response.id.startswith("cmpl-")
    again = chat("StartDeferredCompletion", ask("hi"))
    assert again.request_id != started.request_id
    done = chat("GetDeferredCompletion", request_id=again.request_id)
    assert done.response.outputs[0].message.content == "Ahoy! You said: hi"


def test_deferred_pending_polls_default_is_the_servers(fake_xai: FakeXai, chat: Chat) -> None:
    fake_xai.pending_polls = 1
    started = chat("StartDeferredCompletion", ask("hi"))
    first = chat("GetDeferredCompletion", request_id=started.request_id)
    second = chat("GetDeferredCompletion", request_id=started.request_id)
    assert first.status == enum_value("xai_api.DeferredStatus", "PENDING")
    assert not first.HasField("response")
    assert second.status == enum_value("xai_api.DeferredStatus", "DONE")


@pytest.mark.parametrize("status", ["EXPIRED", "FAILED"])
def test_deferred_can_expire_or_fail(fake_xai: FakeXai, chat: Chat, status: str) -> None:
    fake_xai.reply("never seen", deferred_status=status)
    started = chat("StartDeferredCompletion", ask("hi"))
    polled = chat("GetDeferredCompletion", request_id=started.request_id)
    assert polled.status == enum_value("xai_api.DeferredStatus", status)
    assert not polled.HasField("response")


def test_deferred_unknown_id_is_not_found(chat: Chat) -> None:
    code = chat.fails("GetDeferredCompletion", request_id="nope")
    assert code is grpc.StatusCode.NOT_FOUND


# -- stored completions -----------------------------------------------------------------------


def test_stored_completion_get_and_delete(fake_xai: FakeXai, chat: Chat) -> None:
    unstored = chat("GetCompletion", ask("one"))
    stored = chat("GetCompletion", ask("two", store_messages=True))
    streamed = chat("GetCompletionChunk", ask("three", store_messages=True))
    assert chat.fails("GetStoredCompletion", response_id=unstored.id) is (grpc.StatusCode.NOT_FOUND)
    assert chat("GetStoredCompletion", response_id=stored.id) == stored
    kept = chat("GetStoredCompletion", response_id=streamed[0].id)
    assert kept.outputs[0].message.content == "Ahoy! You said: three"
    deleted = chat("DeleteStoredCompletion", response_id=stored.id)
    assert deleted.response_id == stored.id
    for rpc in ("GetStoredCompletion", "DeleteStoredCompletion"):
        assert chat.fails(rpc, response_id=stored.id) is grpc.StatusCode.NOT_FOUND
    assert [r.method for r in fake_xai.received][-3:] == [
        "DeleteStoredCompletion",
        "GetStoredCompletion",
        "DeleteStoredCompletion",
    ]


def test_previous_response_id_must_be_stored(fake_xai: FakeXai, chat: Chat) -> None:
    stored = chat("GetCompletion", ask("one", store_messages=True))
    follow = chat("GetCompletion", ask("two", previous_response_id=stored.id))
    assert follow.outputs[0].message.content == "Ahoy! You said: two"
    fake_xai.reply("kept for later")
    code = chat.fails("GetCompletion", ask("x", previous_response_id="cmpl-99"))
    assert code is grpc.StatusCode.NOT_FOUND
    assert len(fake_xai.replies) == 1  # a refused request uses no scripted reply
    code = chat.fails("GetCompletionChunk", ask("x", previous_response_id="cmpl-99"))
    assert code is grpc.StatusCode.NOT_FOUND
    # Ids of another form are taken as stored before this server started, unless strict.
    chat("GetCompletion", ask("x", previous_response_id="resp-0"))
    fake_xai.strict_response_ids = True
    code = chat.fails("GetCompletion", ask("x", previous_response_id="resp-0"))
    assert code is grpc.StatusCode.NOT_FOUND


# -- compaction -------------------------------------------------------------------------------


def _conversation() -> list[Any]:
    message = message_class("xai_api.Message")
    system = message(role=role("ROLE_SYSTEM"))
    system.content.add(text="You are a pirate.")
    user = message(role=role("ROLE_USER"))
    user.content.add(text="remember the parrot")
    answer = message(role=role("ROLE_ASSISTANT"))
    answer.content.add(text="Aye")
    return [system, user, answer]


def test_compaction_is_deterministic_and_a_later_turn_sees_it(chat: Chat) -> None:
    first = chat("CompactContext", model="grok-4", input=_conversation())
    second = chat("CompactContext", model="grok-4", input=_conversation())
    assert first.id != second.id
    assert first.encrypted_content == second.encrypted_content
    assert first.encrypted_content.startswith("compacted:")
    assert first.dropped_message_count == 3
    assert first.usage.total_tokens > 0
    other = chat("CompactContext", model="grok-4", input=_conversation()[:2])
    assert other.encrypted_content != first.encrypted_content
    request = ask()
    request.messages.add(role=role("ROLE_USER"), encrypted_content=first.encrypted_content)
    answer = chat("GetCompletion", request).outputs[0].message.content
    assert answer == "Ahoy! You said: remember the parrot (compacted context received: 3 messages)"
    request.messages.add(role=role("ROLE_USER")).content.add(text="and now?")
    answer = chat("GetCompletion", request).outputs[0].message.content
    assert answer.startswith("Ahoy! You said: and now? (compacted context received")


def test_compacting_nothing_is_invalid(chat: Chat) -> None:
    code = chat.fails("CompactContext", model="grok-4")
    assert code is grpc.StatusCode.INVALID_ARGUMENT


# -- unscripted defaults: function tools and structured output -------------------------------

WEATHER = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "description": "The city"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        "days": {"type": "integer", "minimum": 1, "maximum": 7},
    },
    "required": ["city", "unit"],
}
CLOCK = {"type": "object", "properties": {"timezone": {"type": "string"}}, "required": []}


def test_function_tools_get_one_call_each(chat: Chat) -> None:
    request = ask("weather and time in Paris?")
    request.tools.extend([function_tool("get_weather", WEATHER), function_tool("get_time", CLOCK)])
    response = chat("GetCompletion", request)
    output = response.outputs[0]
    assert output.finish_reason == finish("REASON_TOOL_CALLS")
    assert output.message.content == ""
    calls = output.message.tool_calls
    assert [(c.id, c.function.name) for c in calls] == [
        ("call-1", "get_weather"),
        ("call-2", "get_time"),
    ]
    assert all(
        c.type == enum_value("xai_api.ToolCallType", "TOOL_CALL_TYPE_CLIENT_SIDE_TOOL")
        for c in calls
    )
    assert json.loads(calls[0].function.arguments) == {
        "city": "Paris",
        "unit": "celsius",
        "days": 1,
    }
    assert json.loads(calls[1].function.arguments) == {"timezone": "example"}
    # Ids keep counting.
    again = chat("GetCompletion", request).outputs[0].message.tool_calls
    assert [c.id for c in again] == ["call-3", "call-4"]


def test_tool_choice_and_parallel_tool_calls_narrow_the_calls(chat: Chat) -> None:
    tools = [function_tool("get_weather", WEATHER), function_tool("get_time", CLOCK)]
    single = ask("hi", parallel_tool_calls=False)
    single.tools.extend(tools)
    calls = chat("GetCompletion", single).outputs[0].message.tool_calls
    assert [c.function.name for c in calls] == ["get_weather"]
    named = ask("hi")
    named.tools.extend(tools)
    named.tool_choice.function_name = "get_time"
    calls = chat("GetCompletion", named).outputs[0].message.tool_calls
    assert [c.function.name for c in calls] == ["get_time"]
    unused = ask("hi")
    unused.tools.extend(tools)
    unused.tool_choice.mode = enum_value("xai_api.ToolMode", "TOOL_MODE_NONE")
    output = chat("GetCompletion", unused).outputs[0]
    assert output.message.content == "Ahoy! You said: hi"
    assert not output.message.tool_calls


def test_tool_results_get_a_text_answer(chat: Chat) -> None:
    request = ask("weather in Paris?")
    request.tools.append(function_tool("get_weather", WEATHER))
    call = chat("GetCompletion", request).outputs[0].message.tool_calls[0]
    assistant = request.messages.add(role=role("ROLE_ASSISTANT"))
    assistant.tool_calls.append(call)
    for result in ("18C", "sunny"):
        reply = request.messages.add(role=role("ROLE_TOOL"), tool_call_id=call.id)
        reply.content.add(text=result)
    output = chat("GetCompletion", request).outputs[0]
    assert output.message.content == "Ahoy! The tools said: 18C; sunny"
    assert output.finish_reason == finish("REASON_STOP")
    assert not output.message.tool_calls


def test_a_tool_with_unreadable_parameters_is_invalid(chat: Chat) -> None:
    request = ask("hi")
    request.tools.add().function.name = "broken"
    request.tools[0].function.parameters = "{not json"
    assert chat.fails("GetCompletion", request) is grpc.StatusCode.INVALID_ARGUMENT


def test_json_object_answer(chat: Chat) -> None:
    request = ask("hi")
    request.response_format.format_type = enum_value(
        "xai_api.FormatType", "FORMAT_TYPE_JSON_OBJECT"
    )
    content = chat("GetCompletion", request).outputs[0].message.content
    assert json.loads(content) == {"answer": "Ahoy! You said: hi"}


#: What pydantic's ``model_json_schema()`` makes of a model with a nested model, an optional
#: field, a list, an enum and a datetime (written out, so the test needs no pydantic).
PYDANTIC_LIKE = {
    "$defs": {
        "Color": {"enum": ["red", "green"], "title": "Color", "type": "string"},
        "Point": {
            "properties": {
                "x": {"title": "X", "type": "number"},
                "y": {"exclusiveMinimum": 2, "title": "Y", "type": "integer"},
            },
            "required": ["x", "y"],
            "title": "Point",
            "type": "object",
        },
    },
    "properties": {
        "city": {"title": "City", "type": "string"},
        "when": {"format": "date-time", "title": "When", "type": "string"},
        "color": {"$ref": "#/$defs/Color"},
        "where": {"$ref": "#/$defs/Point"},
        "trail": {"items": {"$ref": "#/$defs/Point"}, "title": "Trail", "type": "array"},
        "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
        "tags": {"items": {"type": "string"}, "minItems": 2, "type": "array"},
        "flag": {"type": "boolean"},
        "mapping": {"additionalProperties": {"type": "integer"}, "type": "object"},
    },
    "required": ["city", "when", "color", "where", "trail", "tags", "flag"],
    "title": "Report",
    "type": "object",
}


def _validate(value: Any, schema: Any, root: Any) -> None:
    """A small JSON-schema validator: what the schemas of these tests use."""
    if "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        _validate(value, node, root)
        return
    if "anyOf" in schema:
        errors = []
        for choice in schema["anyOf"]:
            try:
                _validate(value, choice, root)
                return
            except AssertionError as error:
                errors.append(error)
        raise AssertionError(f"{value!r} matches no anyOf: {errors}")
    if "enum" in schema:
        assert value in schema["enum"]
    kinds = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "null": type(None),
    }
    if "type" in schema:
        assert isinstance(value, kinds[schema["type"]]), (value, schema)
        if schema["type"] in ("integer", "number"):
            assert not isinstance(value, bool)
    if isinstance(value, dict):
        assert set(schema.get("required", [])) <= value.keys()
        for name, item in value.items():
            sub = schema.get("properties", {}).get(name, schema.get("additionalProperties", {}))
            _validate(item, sub, root)
    if isinstance(value, list):
        assert len(value) >= schema.get("minItems", 0)
        for item in value:
            _validate(item, schema.get("items", {}), root)
    if schema.get("format") == "date-time":
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if "exclusiveMinimum" in schema:
        assert value > schema["exclusiveMinimum"]


def test_json_schema_answer_validates(chat: Chat) -> None:
    request = ask("report!")
    request.response_format.format_type = enum_value(
        "xai_api.FormatType", "FORMAT_TYPE_JSON_SCHEMA"
    )
    request.response_format.schema = json.dumps(PYDANTIC_LIKE)
    value = json.loads(chat("GetCompletion", request).outputs[0].message.content)
    _validate(value, PYDANTIC_LIKE, PYDANTIC_LIKE)
    assert value["city"] == "Paris"
    assert value["color"] == "red"
    assert value["where"] == {"x": 1, "y": 3}
    assert len(value["trail"]) == 1
    assert len(value["tags"]) == 2
    # The same values answer a tool whose parameters have that schema.
    tool_request = ask("report!")
    tool_request.tools.append(function_tool("report", PYDANTIC_LIKE))
    call = chat("GetCompletion", tool_request).outputs[0].message.tool_calls[0]
    assert json.loads(call.function.arguments) == value


def test_json_schema_answer_parses_into_a_pydantic_model(chat: Chat) -> None:
    pydantic = pytest.importorskip("pydantic")

    class Stop(pydantic.BaseModel):
        name: str
        arrival: datetime.datetime
        kind: str | None = None

    class Route(pydantic.BaseModel):
        stops: list[Stop]
        start: Stop
        legs: int = pydantic.Field(ge=2)
        rating: float = pydantic.Field(gt=4.5, lt=5)
        next: Route | None = None

    Route.model_rebuild()
    request = ask("plan a route")
    request.response_format.format_type = enum_value(
        "xai_api.FormatType", "FORMAT_TYPE_JSON_SCHEMA"
    )
    request.response_format.schema = json.dumps(Route.model_json_schema())
    route = Route.model_validate_json(chat("GetCompletion", request).outputs[0].message.content)
    assert route.stops[0].arrival.year == 2025
    assert route.legs == 2


def test_schema_instance_covers_the_usual_shapes() -> None:
    assert schema_instance({"type": ["null", "integer"], "minimum": 5}) == 5
    assert schema_instance({"oneOf": [{"type": "null"}, {"const": "x"}]}) == "x"
    assert schema_instance({"allOf": [{"properties": {"a": {}}}, {"properties": {"b": {}}}]}) == {
        "a": "example",
        "b": "example",
    }
    assert schema_instance({"type": "string", "minLength": 10}) == "examplexxx"
    assert schema_instance({"type": "number", "exclusiveMaximum": 1}) < 1
    assert 4.5 < schema_instance({"type": "number", "exclusiveMinimum": 4.5, "maximum": 5}) <= 5
    assert schema_instance({"type": "integer", "minimum": 3, "multipleOf": 2}) == 4
    assert schema_instance({"type": "integer", "multipleOf": 5}) == 5
    assert schema_instance({"prefixItems": [{"type": "integer"}, {"type": "boolean"}]}) == [1, True]
    assert schema_instance({"type": "string", "format": "date"}) == "2025-01-01"
    tree = {
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
            }
        },
        "$ref": "#/$defs/Node",
    }
    node = schema_instance(tree)  # recursive: ends where only required parts are left
    depth = 0
    while node.get("children"):
        node, depth = node["children"][0], depth + 1
    assert 0 < depth < 10
    with pytest.raises(ValueError, match="finite"):
        schema_instance({"$defs": {"A": {"$ref": "#/$defs/A"}}, "$ref": "#/$defs/A"})


def test_reasoning_effort_and_encrypted_content(chat: Chat) -> None:
    request = ask(
        "think",
        reasoning_effort=enum_value("xai_api.ReasoningEffort", "EFFORT_HIGH"),
        use_encrypted_content=True,
    )
    message = chat("GetCompletion", request).outputs[0].message
    assert "high effort" in message.reasoning_content
    assert message.encrypted_content.startswith("encrypted:")
    outs = outputs_of(chat("GetCompletionChunk", request))
    assert outs[0].delta.reasoning_content == message.reasoning_content
    assert outs[0].delta.content == ""
    assert outs[-1].delta.encrypted_content == message.encrypted_content
    assert chat("GetCompletion", request).usage.reasoning_tokens > 0


# -- unscripted defaults: server-side tools ---------------------------------------------------


def test_server_side_tools_answer_agentically(chat: Chat) -> None:
    request = ask(
        "news about pirates", include=include("WEB_SEARCH_CALL_OUTPUT", "INLINE_CITATIONS")
    )
    request.tools.extend(
        [server_tool("web_search"), server_tool("x_search"), server_tool("code_execution")]
    )
    response = chat("GetCompletion", request)
    shape = [
        (
            enum_name("xai_api.MessageRole", o.message.role),
            [enum_name("xai_api.ToolCallType", c.type) for c in o.message.tool_calls],
        )
        for o in response.outputs
    ]
    assert shape == [
        ("ROLE_ASSISTANT", ["TOOL_CALL_TYPE_WEB_SEARCH_TOOL"]),
        ("ROLE_TOOL", ["TOOL_CALL_TYPE_WEB_SEARCH_TOOL"]),  # asked for with include
        ("ROLE_ASSISTANT", ["TOOL_CALL_TYPE_X_SEARCH_TOOL"]),
        ("ROLE_ASSISTANT", ["TOOL_CALL_TYPE_CODE_EXECUTION_TOOL"]),
        ("ROLE_ASSISTANT", []),
    ]
    assert [o.index for o in response.outputs] == list(range(5))
    calls = [c for o in response.outputs for c in o.message.tool_calls]
    completed = enum_value("xai_api.ToolCallStatus", "TOOL_CALL_STATUS_COMPLETED")
    assert all(c.status == completed for c in calls)
    assert calls[0].function.name == "web_search"
    assert json.loads(calls[0].function.arguments)["query"] == "news about pirates"
    assert "https://" in response.outputs[1].message.content
    final = response.outputs[-1].message
    assert final.content.startswith("Ahoy! You said: news about pirates")
    assert len(response.citations) == 4
    assert all(url.startswith("https://") for url in response.citations)
    assert len(final.citations) == 4
    for citation in final.citations:
        marked = final.content[citation.start_index : citation.end_index]
        assert marked.startswith(f"[[{citation.id}]]")
        url = citation.web_citation.url or citation.x_citation.url
        assert url in marked
    assert [
        enum_name("xai_api.ServerSideTool", t) for t in response.usage.server_side_tools_used
    ] == [
        "SERVER_SIDE_TOOL_WEB_SEARCH",
        "SERVER_SIDE_TOOL_X_SEARCH",
        "SERVER_SIDE_TOOL_CODE_EXECUTION",
    ]
    assert response.usage.HasField("cost_in_usd_ticks")
    # Without INLINE_CITATIONS, no markers and no inline citations.
    del request.include[:]
    final = chat("GetCompletion", request).outputs[-1].message
    assert final.content == "Ahoy! You said: news about pirates"
    assert not final.citations


def test_image_generation_result_is_a_png_envelope(chat: Chat) -> None:
    request = ask("draw a parrot")
    request.tools.append(server_tool("image_generation"))
    response = chat("GetCompletion", request)
    tool_outputs = [o for o in response.outputs if o.message.role == role("ROLE_TOOL")]
    assert len(tool_outputs) == 1  # always included
    output = tool_outputs[0]
    (call,) = output.message.tool_calls
    assert call.type == enum_value("xai_api.ToolCallType", "TOOL_CALL_TYPE_IMAGE_GENERATION_TOOL")
    assert call.status == enum_value("xai_api.ToolCallStatus", "TOOL_CALL_STATUS_COMPLETED")
    assert call.function.name == "imagine_text_to_image"
    envelope = json.loads(output.message.content)
    assert envelope["__type"] == "image_generation_result"
    assert envelope["image_uuid"]
    head, encoded = envelope["result"].split("base64,", 1)
    assert head == "data:image/png;"
    _check_png(base64.b64decode(encoded))
    assert [
        enum_name("xai_api.ServerSideTool", t) for t in response.usage.server_side_tools_used
    ] == ["SERVER_SIDE_TOOL_IMAGE_GENERATION"]
    # Streamed, the envelope comes whole in one chunk with its completed call.
    outs = outputs_of(chat("GetCompletionChunk", request))
    tool_chunks = [o for o in outs if o.delta.role == role("ROLE_TOOL")]
    assert len(tool_chunks) == 1
    assert json.loads(tool_chunks[0].delta.content)["__type"] == "image_generation_result"
    assert tool_chunks[0].delta.tool_calls[0].status == call.status
    # An edit is named as such.
    edit = ask("make it blue")
    edit.tools.append(server_tool("image_generation", action="edit"))
    calls = chat("GetCompletion", edit).outputs[0].message.tool_calls
    assert calls[0].function.name == "imagine_image_to_image"


def _check_png(data: bytes) -> None:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, kinds = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        body = data[position + 4 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(body) == crc
        kinds.append(body[:4])
        if body[:4] == b"IDAT":
            zlib.decompress(body[4:])
        position += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


def test_scenario_image_envelope_carries_given_bytes() -> None:
    envelope = json.loads(image_envelope(b"\xff\xd8jpeg", image_uuid="u-1", mime_type="image/jpeg"))
    assert (
        envelope["result"] == "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8jpeg").decode()
    )
    _check_png(tiny_png(3, 1))


def test_mcp_collections_and_attachment_calls(chat: Chat) -> None:
    request = ask("look it up", include=include("MCP_CALL_OUTPUT", "INLINE_CITATIONS"))
    request.tools.extend(
        [
            server_tool("mcp", server_label="deepwiki", allowed_tool_names=["ask_question"]),
            server_tool("collections_search", collection_ids=["col-9"]),
            server_tool("attachment_search"),
        ]
    )
    response = chat("GetCompletion", request)
    calls = [c for o in response.outputs for c in o.message.tool_calls]
    mcp = calls[0]
    assert mcp.type == enum_value("xai_api.ToolCallType", "TOOL_CALL_TYPE_MCP_TOOL")
    assert mcp.function.name == "ask_question"
    assert response.outputs[1].message.role == role("ROLE_TOOL")
    assert "deepwiki" in response.outputs[1].message.content
    types = [enum_name("xai_api.ToolCallType", c.type) for c in calls]
    assert types == [
        "TOOL_CALL_TYPE_MCP_TOOL",
        "TOOL_CALL_TYPE_MCP_TOOL",  # the ROLE_TOOL output's echo
        "TOOL_CALL_TYPE_COLLECTIONS_SEARCH_TOOL",
        "TOOL_CALL_TYPE_ATTACHMENT_SEARCH_TOOL",
    ]
    assert json.loads(calls[2].function.arguments)["collection_ids"] == ["col-9"]
    (citation,) = response.outputs[-1].message.citations
    assert citation.collections_citation.collection_ids == ["collection-1"]
    assert citation.collections_citation.file_id == "file-1"
    assert not response.citations  # no web page was read


def test_server_and_client_tools_together_end_with_client_calls(chat: Chat) -> None:
    request = ask("weather where the champions live?")
    request.tools.extend([server_tool("web_search"), function_tool("get_weather", WEATHER)])
    response = chat("GetCompletion", request)
    final = response.outputs[-1]
    assert final.finish_reason == finish("REASON_TOOL_CALLS")
    assert [c.function.name for c in final.message.tool_calls] == ["get_weather"]
    ids = [c.id for o in response.outputs for c in o.message.tool_calls]
    assert ids == ["call-1", "call-2"]  # in output order
    # The follow-up with the client tool's result gets the text answer.
    follow = ask()
    follow.tools.extend(request.tools)
    result = follow.messages.add(role=role("ROLE_TOOL"), tool_call_id="call-2")
    result.content.add(text="sunny")
    answer = chat("GetCompletion", follow)
    assert [o.message.content for o in answer.outputs] == ["Ahoy! The tools said: sunny"]


def test_verbose_streaming_sends_server_side_calls_in_progress_first(chat: Chat) -> None:
    request = ask("news", include=include("VERBOSE_STREAMING"))
    request.tools.append(server_tool("web_search"))
    outs = outputs_of(chat("GetCompletionChunk", request))
    statuses = [
        enum_name("xai_api.ToolCallStatus", c.status) for o in outs for c in o.delta.tool_calls
    ]
    assert statuses == ["TOOL_CALL_STATUS_IN_PROGRESS", "TOOL_CALL_STATUS_COMPLETED"]
    plain = ask("news")
    plain.tools.append(server_tool("web_search"))
    outs = outputs_of(chat("GetCompletionChunk", plain))
    assert len([c for o in outs for c in o.delta.tool_calls]) == 1


def test_live_search_parameters_bring_citations(chat: Chat) -> None:
    request = ask("hi")
    request.search_parameters.mode = enum_value("xai_api.SearchMode", "ON_SEARCH_MODE")
    request.search_parameters.return_citations = True
    request.search_parameters.max_search_results = 1
    response = chat("GetCompletion", request)
    assert len(response.citations) == 1
    assert response.usage.num_sources_used == 1


def test_every_call_is_recorded(fake_xai: FakeXai, chat: Chat) -> None:
    started = chat("StartDeferredCompletion", ask("hi"))
    chat("GetDeferredCompletion", request_id=started.request_id)
    chat("CompactContext", model="grok-4", input=_conversation())
    assert [r.method for r in fake_xai.received] == [
        "StartDeferredCompletion",
        "GetDeferredCompletion",
        "CompactContext",
    ]
    assert fake_xai.received[1].request.request_id == started.request_id
