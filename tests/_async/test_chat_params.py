"""Every ``chat.create`` parameter reaches the wire; bad values fail before anything is sent;
the response wrappers expose what the server said."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fake_server import FakeXai, enum_value, message_class
from xai_async import AsyncClient
from xai_async.chat import (
    Response,
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
from xai_async.proto import xai_api


def _tool(name: str) -> xai_api.Tool:
    return xai_api.Tool(function=xai_api.Function(name=name, parameters='{"type": "object"}'))


async def test_every_create_parameter_reaches_the_wire(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    search = xai_api.SearchParameters(
        mode=xai_api.SearchMode.AUTO_SEARCH_MODE, return_citations=True, max_search_results=3
    )
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(
            "grok-4",
            conversation_id="conv-1",
            messages=[system("be brief"), user("hi")],
            user="end-user-7",
            safety_identifier="hash-7",
            max_tokens=0 + 128,
            seed=0,
            stop=["END", "STOP"],
            temperature=0.0,
            top_p=0.5,
            logprobs=True,
            top_logprobs=3,
            tools=[_tool("get_weather")],
            tool_choice=required_tool("get_weather"),
            parallel_tool_calls=False,
            response_format="json_object",
            frequency_penalty=0.25,
            presence_penalty=-0.5,
            reasoning_effort="high",
            search_parameters=search,
            store_messages=True,
            previous_response_id="resp-0",
            use_encrypted_content=True,
            max_turns=4,
            include=["inline_citations", "verbose_streaming"],
            agent_count=16,
            batch_request_id="batch-req-1",
            service_tier="priority",
            guidelines=[{"type": "policy", "category": "violence", "behavior": "decline"}],
        )
        assert chat.conversation_id == "conv-1"
        assert chat.batch_request_id == "batch-req-1"
        await chat.sample()

    wire = fake_xai.received[-1].request
    request_class = message_class("xai_api.GetCompletionsRequest")
    assert isinstance(wire, request_class)
    assert wire.model == "grok-4"
    assert [m.content[0].text for m in wire.messages] == ["be brief", "hi"]
    assert wire.user == "end-user-7"
    assert wire.safety_identifier == "hash-7"
    assert wire.max_tokens == 128
    # proto3 `optional` fields set to their zero value keep their presence on the wire.
    assert wire.HasField("seed")
    assert wire.seed == 0
    assert wire.HasField("temperature")
    assert wire.temperature == 0.0
    assert list(wire.stop) == ["END", "STOP"]
    assert wire.top_p == 0.5
    assert wire.logprobs is True
    assert wire.top_logprobs == 3
    assert wire.tools[0].function.name == "get_weather"
    assert wire.tool_choice.function_name == "get_weather"
    assert wire.HasField("parallel_tool_calls")
    assert wire.parallel_tool_calls is False
    assert wire.response_format.format_type == enum_value(
        "xai_api.FormatType", "FORMAT_TYPE_JSON_OBJECT"
    )
    assert wire.frequency_penalty == 0.25
    assert wire.presence_penalty == -0.5
    assert wire.reasoning_effort == enum_value("xai_api.ReasoningEffort", "EFFORT_HIGH")
    assert wire.search_parameters.mode == enum_value("xai_api.SearchMode", "AUTO_SEARCH_MODE")
    assert wire.search_parameters.max_search_results == 3
    assert wire.store_messages is True
    assert wire.previous_response_id == "resp-0"
    assert wire.use_encrypted_content is True
    assert wire.max_turns == 4
    assert list(wire.include) == [
        enum_value("xai_api.IncludeOption", "INCLUDE_OPTION_INLINE_CITATIONS"),
        enum_value("xai_api.IncludeOption", "INCLUDE_OPTION_VERBOSE_STREAMING"),
    ]
    assert wire.agent_count == enum_value("xai_api.AgentCount", "AGENT_COUNT_16")
    assert wire.service_tier == enum_value("xai_api.ServiceTier", "SERVICE_TIER_PRIORITY")
    assert wire.guidelines[0].policy.category == enum_value(
        "xai_api.GuidelineCategory", "GUIDELINE_CATEGORY_VIOLENCE"
    )
    assert wire.guidelines[0].policy.behavior == enum_value(
        "xai_api.GuidelineBehavior", "GUIDELINE_BEHAVIOR_DECLINE"
    )
    assert wire.n == 1


async def test_unset_parameters_stay_unset_on_the_wire(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        await client.chat.create("grok-4", messages=[user("hi")]).sample()
    wire = fake_xai.received[-1].request
    for field in ("max_tokens", "seed", "temperature", "top_p", "reasoning_effort", "max_turns"):
        assert not wire.HasField(field), field
    assert not wire.HasField("tool_choice")
    assert not wire.HasField("response_format")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"reasoning_effort": "extreme"}, ValueError, "reasoning_effort.*'low'"),
        ({"tool_choice": "sometimes"}, ValueError, "tool_choice.*'auto'"),
        ({"response_format": "yaml"}, ValueError, "response_format.*'json_object'"),
        ({"include": ["everything"]}, ValueError, "include.*'inline_citations'"),
        ({"agent_count": 3}, ValueError, "agent_count.*4"),
        ({"service_tier": "gold"}, ValueError, "service_tier.*'priority'"),
        (
            {"guidelines": [{"type": "policy", "category": "x", "behavior": "decline"}]},
            ValueError,
            "category",
        ),
        ({"temperature": "hot"}, TypeError, "temperature"),
        ({"max_tokens": 0}, ValueError, "max_tokens"),
        ({"max_tokens": 1.5}, TypeError, "max_tokens"),
        ({"stop": "END"}, TypeError, "stop"),
        ({"messages": ["hi"]}, TypeError, "messages"),
        ({"logprobs": "yes"}, TypeError, "logprobs"),
        ({"search_parameters": {"mode": "auto"}}, TypeError, "search_parameters"),
        # Past their wire type (int32 / float32) or their documented range.
        ({"max_tokens": 2**32 + 5}, ValueError, "max_tokens"),
        ({"seed": 2**31}, ValueError, "seed"),
        ({"seed": 2**70}, ValueError, "seed"),
        ({"top_logprobs": 9}, ValueError, "top_logprobs"),
        ({"max_turns": 2**40}, ValueError, "max_turns"),
        ({"temperature": 1e300}, ValueError, "temperature"),
        ({"temperature": 2.5}, ValueError, "temperature"),
        ({"top_p": 1.5}, ValueError, "top_p"),
        ({"frequency_penalty": -3}, ValueError, "frequency_penalty"),
        ({"presence_penalty": 3}, ValueError, "presence_penalty"),
        ({"user": "\ud800"}, ValueError, "user.*surrogate"),
    ],
)
async def test_bad_create_arguments_fail_before_sending(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    kwargs: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(error, match=match):
            client.chat.create("grok-4", **kwargs)
        with pytest.raises(ValueError, match="model"):
            client.chat.create("")
    assert fake_xai.received == []


def test_message_helpers_build_the_right_parts() -> None:
    assert developer("rules").role == xai_api.MessageRole.ROLE_DEVELOPER
    assert assistant("done").role == xai_api.MessageRole.ROLE_ASSISTANT
    assert text("x").text == "x"
    assert file("file-1").file == xai_api.FileContent(file_id="file-1")
    inline = file(data=b"%PDF", filename="a.pdf", mime_type="application/pdf").file
    assert inline is not None
    assert (inline.data, inline.filename, inline.mime_type) == (b"%PDF", "a.pdf", "application/pdf")
    by_url = file(url="https://example.com/a.pdf").file
    assert by_url is not None
    assert by_url.url == "https://example.com/a.pdf"
    result = tool_result("22C", tool_call_id="call-1")
    assert (result.role, result.tool_call_id) == (xai_api.MessageRole.ROLE_TOOL, "call-1")
    with pytest.raises(ValueError, match="Exactly one"):
        file()  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="Exactly one"):
        file("file-1", url="https://example.com")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="detail"):
        image("https://example.com/a.png", detail="ultra")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="parts"):
        user(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("helper", "args", "kwargs", "error", "match"),
    [
        (user, ["lone \ud800 surrogate"], {}, ValueError, "content.*surrogate"),
        (image, ["not a url"], {}, ValueError, "image_url"),
        (image, ["javascript:alert(1)"], {}, ValueError, "image_url"),
        (image, [b"https://x"], {}, TypeError, "image_url"),
        (file, [123], {}, TypeError, "file_id"),
        (file, [], {"url": 123}, TypeError, "url"),
        (file, [], {"url": "file:///etc/passwd"}, ValueError, "url"),
        (file, [], {"data": b"x", "filename": 7}, TypeError, "filename"),
        (tool_result, ["ok"], {"tool_call_id": 123}, TypeError, "tool_call_id"),
        (tool_result, [None], {}, TypeError, "result"),
        (required_tool, [None], {}, TypeError, "name"),
        (required_tool, [""], {}, ValueError, "name"),
    ],
)
def test_message_helpers_refuse_bad_arguments(
    helper: Any, args: list[Any], kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        helper(*args, **kwargs)


def test_image_accepts_http_https_and_data_urls() -> None:
    for url in ("https://x.ai/a.png", "http://x.ai/a.png", "data:image/png;base64,AAAA"):
        assert image(url).image_url is not None


async def test_response_exposes_reasoning_tool_calls_and_is_replayed_by_append(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    call = message_class("xai_api.ToolCall")(id="call-1")
    call.function.name = "get_weather"
    call.function.arguments = '{"city": "Paris"}'
    fake_xai.reply(
        "",
        reasoning_content="The user wants weather.",
        encrypted_content="opaque-blob",
        tool_calls=[call],
        finish_reason="REASON_TOOL_CALLS",
    )
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Weather in Paris?")])
        response = await chat.sample()
        assert isinstance(response, Response)
        assert isinstance(response.proto, xai_api.GetChatCompletionResponse)
        assert isinstance(chat.proto, xai_api.GetCompletionsRequest)
        assert response.reasoning_content == "The user wants weather."
        assert response.encrypted_content == "opaque-blob"
        assert response.finish_reason == "REASON_TOOL_CALLS"
        assert response.system_fingerprint == "fp-fake"
        assert response.created is not None
        assert [c.function.name for c in response.tool_calls if c.function] == ["get_weather"]
        chat.append(response)
        chat.append(tool_result("18C and sunny", tool_call_id="call-1"))
        await chat.sample()
    replayed = fake_xai.received[-1].request.messages
    assert len(chat.messages) == 3
    assert replayed[1].role == enum_value("xai_api.MessageRole", "ROLE_ASSISTANT")
    assert replayed[1].reasoning_content == "The user wants weather."
    assert replayed[1].encrypted_content == "opaque-blob"
    assert replayed[1].tool_calls[0].function.arguments == '{"city": "Paris"}'
    assert replayed[2].tool_call_id == "call-1"


async def test_stream_accumulates_reasoning_and_tool_calls(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    call = message_class("xai_api.ToolCall")(id="call-9")
    call.function.name = "lookup"
    fake_xai.reply("Let me check.", reasoning_content="Thinking...", tool_calls=[call])
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Look it up")])
        chunks = []
        async with chat.stream() as stream:
            async for _response, chunk in stream:
                chunks.append(chunk)
        response = stream.response
    assert chunks[0].reasoning_content == "Thinking..."
    assert "".join(c.content for c in chunks) == "Let me check."
    assert [c.id for c in chunks[-1].tool_calls] == ["call-9"]
    assert response.reasoning_content == "Thinking..."
    assert response.content == "Let me check."
    assert [c.id for c in response.tool_calls] == ["call-9"]
    assert response.usage.total_tokens > 0
    assert stream.response is response
