"""The whole chat surface against the fake server: tools, agentic outputs, batches, structured
output, deferred and stored completions, compaction (asyncio, trio and, generated, sync)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from tests.fake_server import FakeXai, Output, Reply, enum_value, message_class
from xai_async import (
    AsyncClient,
    DeferredError,
    NotFoundError,
    PollTimeoutError,
    ToolCallError,
    ToolRoundsExceededError,
)
from xai_async.chat import system, tool, tool_result, user
from xai_async.tools import get_tool_call_type, image_generation, web_search

WEATHER = tool(
    "get_weather",
    "The weather in a city.",
    {
        "type": "object",
        "properties": {"city": {"type": "string"}, "units": {"enum": ["C", "F"]}},
        "required": ["city", "units"],
    },
)


def _tool_call(call_id: str, name: str, arguments: str) -> Any:
    call = message_class("xai_api.ToolCall")(id=call_id)
    call.type = enum_value("xai_api.ToolCallType", "TOOL_CALL_TYPE_CLIENT_SIDE_TOOL")
    call.function.name = name
    call.function.arguments = arguments
    return call


async def test_a_function_call_round_trip(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Weather in Paris?")], tools=[WEATHER])
        asked = await chat.sample()
        assert asked.finish_reason == "REASON_TOOL_CALLS"
        (call,) = asked.tool_calls
        assert get_tool_call_type(call) == "client_side_tool"
        assert call.function is not None
        assert call.function.name == "get_weather"
        assert set(json.loads(call.function.arguments)) == {"city", "units"}
        chat.append(asked)
        chat.append(tool_result("18 C and sunny", tool_call_id=call.id))
        answer = await chat.sample()
        assert "18 C and sunny" in answer.content

    sent = fake_xai.received[-1].request
    assert sent.tools[0].function.name == "get_weather"
    assert json.loads(sent.tools[0].function.parameters)["required"] == ["city", "units"]
    assert sent.messages[1].tool_calls[0].id == call.id  # the call is replayed with its id
    assert sent.messages[2].tool_call_id == call.id


async def test_run_tools_calls_the_functions_until_the_model_answers(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    calls: list[dict[str, Any]] = []

    async def get_weather(city: str, units: str) -> dict[str, Any]:
        calls.append({"city": city, "units": units})
        return {"temperature": 18, "units": units}

    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Weather?")], tools=[WEATHER])
        answer = await chat.run_tools({"get_weather": get_weather})
    assert len(calls) == 1
    assert '"temperature": 18' in answer.content
    roles = [m.role for m in fake_xai.received[-1].request.messages]
    names = ["ROLE_USER", "ROLE_ASSISTANT", "ROLE_TOOL"]
    assert roles == [enum_value("xai_api.MessageRole", name) for name in names]


async def test_run_tools_stops_after_max_rounds(client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Weather?")], tools=[WEATHER])
        with pytest.raises(ToolRoundsExceededError, match="after 1 rounds") as caught:
            await chat.run_tools({"get_weather": lambda city, units: "warm"}, max_rounds=1)
    assert caught.value.response.tool_calls[0].function.name == "get_weather"


async def test_run_tools_refuses_a_function_it_was_not_given(client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Weather?")], tools=[WEATHER])
        with pytest.raises(ToolCallError, match="'get_weather', which `functions` does not have"):
            await chat.run_tools({"get_time": lambda: "noon"})
        with pytest.raises(TypeError, match="`functions`"):
            await chat.run_tools({})
        with pytest.raises(ValueError, match="`max_rounds`"):
            await chat.run_tools({"get_weather": print}, max_rounds=0)


async def test_a_tool_call_streamed_in_pieces_is_whole_at_the_end(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    arguments = json.dumps({"city": "Paris", "units": "C", "note": "x" * 40})
    fake_xai.reply(
        "", tool_calls=[_tool_call("call-9", "get_weather", arguments)], tool_call_pieces=4
    )
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Weather?")], tools=[WEATHER])
        pieces = 0
        stream = chat.stream()
        async for _, chunk in stream:
            pieces += len(chunk.tool_calls)
    assert pieces == 4
    (call,) = stream.response.tool_calls
    assert call.function is not None
    assert (call.id, call.function.name, call.function.arguments) == (
        "call-9",
        "get_weather",
        arguments,
    )


@pytest.mark.parametrize("streamed", [False, True])
async def test_server_side_tools_give_an_agentic_response(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], streamed: bool
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(
            "grok-4",
            messages=[user("Draw the news")],
            tools=[web_search(), image_generation()],
            include=["web_search_call_output", "inline_citations"],
        )
        if streamed:
            stream = chat.stream()
            async for _ in stream:
                pass
            response = stream.response
        else:
            response = await chat.sample()
    kinds = {get_tool_call_type(call) for call in response.tool_calls}
    assert {"web_search_tool", "image_generation_tool"} <= kinds
    assert response.content  # the final assistant output
    assert response.citations
    assert response.server_side_tool_usage["SERVER_SIDE_TOOL_WEB_SEARCH"] >= 1
    (picture,) = response.image_outputs
    assert picture.image.startswith(b"\x89PNG")
    assert picture.mime_type == "image/png"
    assert len(response.tool_outputs) >= 2


async def test_scripted_outputs_past_index_zero_switch_to_every_output(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    # No server-side tool in the request, yet the server answers with several outputs.
    fake_xai.replies.append(
        Reply(
            outputs=[
                Output(content="Checking.", tool_calls=[_tool_call("t-1", "lookup", "{}")]),
                Output(role="ROLE_TOOL", content="found it"),
                Output(content="Done.", encrypted_content="secret-state"),
            ]
        )
    )
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Go")])
        response = await chat.sample()
        assert response.content == "Done."
        assert [c.id for c in response.tool_calls] == ["t-1"]
        chat.append(response).append(user("Thanks"))
        await chat.sample()
    replayed = fake_xai.received[-1].request.messages[1:4]
    assert [m.content[0].text for m in replayed] == ["Checking.", "found it", "Done."]
    assert replayed[2].encrypted_content == "secret-state"
    assert replayed[0].tool_calls[0].id == "t-1"


async def test_sample_batch_and_stream_batch(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Name a ship")])
        sampled = await chat.sample_batch(3)
        assert fake_xai.received[-1].request.n == 3
        assert len({r.content for r in sampled}) == 3
        async for responses, chunks in chat.stream_batch(2):
            assert len(responses) == len(chunks) == 2
        assert fake_xai.received[-1].request.n == 2
        assert len({r.content for r in responses}) == 2
        assert all(r.content.startswith("Ahoy!") for r in responses)
        with pytest.raises(ValueError, match="`n`"):
            await chat.sample_batch(0)


class Ship(BaseModel):
    name: str
    crew: int
    flags: list[str]


async def test_parse_reads_the_answer_as_the_model(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Describe a ship")])
        response, ship = await chat.parse(Ship)
    assert isinstance(ship, Ship)
    assert Ship.model_validate_json(response.content) == ship
    sent = fake_xai.received[-1].request
    assert sent.response_format.format_type == enum_value(
        "xai_api.FormatType", "FORMAT_TYPE_JSON_SCHEMA"
    )
    assert json.loads(sent.response_format.schema)["title"] == "Ship"
    assert chat.proto.response_format is None  # the chat itself is left as it was


async def test_deferred_completion_polls_until_done(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.reply("Later, matey", pending_polls=2)
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("hi")])
        response = await chat.defer(interval=0.01, timeout=5)
    assert response.content == "Later, matey"
    methods = [r.method for r in fake_xai.received]
    assert methods == ["StartDeferredCompletion"] + ["GetDeferredCompletion"] * 3


async def test_deferred_completion_errors(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    fake_xai.reply("never", deferred_status="EXPIRED")
    fake_xai.reply("never", pending_polls=10_000)
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("hi")])
        with pytest.raises(DeferredError, match="EXPIRED") as caught:
            await chat.defer(interval=0.01)
        assert caught.value.status == "EXPIRED"
        with pytest.raises(PollTimeoutError, match=r"after 0\.2 s"):
            await chat.defer(interval=0.02, timeout=0.2)
        answers = await chat.defer_batch(2, interval=0.01)
        assert len(answers) == 2


async def test_stored_completions(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Remember me")], store_messages=True)
        first = await chat.sample()
        (stored,) = await client.chat.get_stored_completion(first.id)
        assert stored.content == first.content
        follow = client.chat.create("grok-4", previous_response_id=first.id)
        follow.append(user("And now?"))
        await follow.sample()
        assert await client.chat.delete_stored_completion(first.id) == first.id
        with pytest.raises(NotFoundError):
            await client.chat.get_stored_completion(first.id)
        with pytest.raises(ValueError, match="`response_id`"):
            await client.chat.get_stored_completion("")
    assert fake_xai.received[-3].request.previous_response_id == first.id


async def test_compaction(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        history = [system("Be brief."), user("one"), user("two")]
        compacted = await client.chat.compact_context("grok-4", history)
        assert compacted.dropped_message_count == 3
        assert compacted.encrypted_content
        chat = client.chat.create("grok-4", messages=history)
        again = await chat.compact()
        assert [m.encrypted_content for m in chat.messages] == [again.encrypted_content]
        chat.append(user("What did we say?"))
        await chat.sample()
    sent = fake_xai.received[-1].request
    assert [m.encrypted_content for m in sent.messages] == [again.encrypted_content, ""]
    assert len(fake_xai.received[0].request.input) == 3


async def test_defer_checks_its_durations_before_sending(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("hi")])
        with pytest.raises(ValueError, match="`timeout`"):
            await chat.defer(timeout=-1)
        with pytest.raises(ValueError, match="`interval`"):
            await chat.defer(interval=0)
    assert fake_xai.received == []


async def test_a_poll_cut_short_by_the_deadline_is_a_poll_timeout(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.reply("never", pending_polls=10_000)
    fake_xai.delay = 0.2  # every call: the start takes most of the budget, a poll the rest
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("hi")])
        with pytest.raises(PollTimeoutError, match=r"after 0\.3 s"):
            await chat.defer(timeout=0.3, interval=0.01)
    assert fake_xai.received[0].method == "StartDeferredCompletion"
