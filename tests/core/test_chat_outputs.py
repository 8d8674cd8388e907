"""Chat responses without I/O: tool calls in pieces, agentic outputs, images, usage, batches."""

from __future__ import annotations

import base64
import datetime
import json

import pytest

from xai_async._core import wire
from xai_async._core.chat import BaseChat, BatchAccumulator, StreamAccumulator
from xai_async._core.chat.functions import client_side_calls, prepare_call, result_message
from xai_async._core.chat.response import CompactContextResponse, Response
from xai_async._core.errors import ToolCallError
from xai_async.chat import user
from xai_async.proto import xai_api

ROLE = xai_api.MessageRole
KIND = xai_api.ToolCallType
STATUS = xai_api.ToolCallStatus
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


def _chunk(
    *parts: xai_api.CompletionOutputChunk, **fields: object
) -> xai_api.GetChatCompletionChunk:
    return xai_api.GetChatCompletionChunk(id="c", outputs=list(parts), **fields)  # type: ignore[arg-type]


def _part(
    index: int = 0, role: xai_api.MessageRole = ROLE.ROLE_ASSISTANT, **delta: object
) -> xai_api.CompletionOutputChunk:
    return xai_api.CompletionOutputChunk(index=index, delta=xai_api.Delta(role=role, **delta))  # type: ignore[arg-type]


def _call(call_id: str, name: str = "", arguments: str = "", **fields: object) -> xai_api.ToolCall:
    return xai_api.ToolCall(
        id=call_id,
        function=xai_api.FunctionCall(name=name, arguments=arguments),
        **fields,  # type: ignore[arg-type]
    )


def test_a_tool_call_split_across_chunks_is_one_complete_call() -> None:
    accumulator = StreamAccumulator(0)
    pieces = [
        _call("call-1", "get_weather", '{"ci', type=KIND.CLIENT_SIDE_TOOL),
        _call("call-1", arguments='ty": "Par'),
        _call("", arguments='is"}'),  # no id: continues the last call
        _call("call-2", "get_time", "{}", type=KIND.CLIENT_SIDE_TOOL),
    ]
    seen = []
    for piece in pieces:
        _, chunk = accumulator.add(_chunk(_part(tool_calls=[piece])))
        seen.append(chunk.tool_calls[0].function.arguments)
    calls = accumulator.response.tool_calls
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [
        ("call-1", "get_weather", '{"city": "Paris"}'),
        ("call-2", "get_time", "{}"),
    ]
    assert json.loads(calls[0].function.arguments) == {"city": "Paris"}
    # What each chunk showed is left as it was sent.
    assert seen == ['{"ci', 'ty": "Par', 'is"}', "{}"]


def test_a_server_side_call_sent_again_with_its_status_is_updated_not_repeated() -> None:
    accumulator = StreamAccumulator(None)
    arguments = '{"query": "xai"}'
    for status in (STATUS.IN_PROGRESS, STATUS.COMPLETED):
        call = _call("ws-1", "web_search", arguments, type=KIND.WEB_SEARCH_TOOL, status=status)
        accumulator.add(_chunk(_part(tool_calls=[call])))
    (call,) = accumulator.response.tool_calls
    assert (call.status, call.function.arguments) == (STATUS.COMPLETED, arguments)


def _image_output(
    index: int, *, status: xai_api.ToolCallStatus = STATUS.COMPLETED
) -> xai_api.CompletionOutput:
    envelope = {
        "__type": "image_generation_result",
        "result": "data:image/png;base64," + base64.b64encode(PNG).decode(),
        "image_uuid": "img-7",
    }
    call = _call(
        "ig-1", "imagine_text_to_image", "{}", type=KIND.IMAGE_GENERATION_TOOL, status=status
    )
    return xai_api.CompletionOutput(
        index=index,
        message=xai_api.CompletionMessage(
            role=ROLE.ROLE_TOOL, content=json.dumps(envelope), tool_calls=[call]
        ),
    )


def _agentic() -> xai_api.GetChatCompletionResponse:
    search = _call("ws-1", "web_search", "{}", type=KIND.WEB_SEARCH_TOOL, status=STATUS.COMPLETED)
    cite = xai_api.InlineCitation(
        id="1", start_index=0, end_index=4, web_citation=xai_api.WebCitation(url="https://x.ai")
    )
    return xai_api.GetChatCompletionResponse(
        id="r",
        outputs=[
            xai_api.CompletionOutput(
                index=0,
                message=xai_api.CompletionMessage(
                    role=ROLE.ROLE_ASSISTANT, tool_calls=[search], reasoning_content="hmm"
                ),
            ),
            xai_api.CompletionOutput(
                index=1, message=xai_api.CompletionMessage(role=ROLE.ROLE_TOOL, content="results")
            ),
            _image_output(2),
            _image_output(3, status=STATUS.FAILED),
            xai_api.CompletionOutput(
                index=4,
                message=xai_api.CompletionMessage(
                    role=ROLE.ROLE_ASSISTANT,
                    content="Here",
                    encrypted_content="enc",
                    citations=[cite],
                ),
            ),
        ],
        usage=xai_api.SamplingUsage(
            server_side_tools_used=[
                xai_api.ServerSideTool.WEB_SEARCH,
                xai_api.ServerSideTool.WEB_SEARCH,
                xai_api.ServerSideTool.IMAGE_GENERATION,
            ],
            cost_in_usd_ticks=25_000_000,
        ),
        service_tier=xai_api.ServiceTier.PRIORITY,
    )


def test_an_agentic_response_reads_across_every_output() -> None:
    response = Response(_agentic(), None)
    assert response.content == "Here"  # the last assistant output
    assert [c.id for c in response.tool_calls] == ["ws-1"]
    assert [o.index for o in response.tool_outputs] == [1, 2, 3]
    assert [c.web_citation.url for c in response.inline_citations] == ["https://x.ai"]
    assert response.server_side_tool_usage == {
        "SERVER_SIDE_TOOL_WEB_SEARCH": 2,
        "SERVER_SIDE_TOOL_IMAGE_GENERATION": 1,
    }
    assert response.cost_usd == pytest.approx(0.0025)
    assert response.service_tier == "priority"
    (picture,) = response.image_outputs  # the failed call made no image
    assert (picture.image, picture.mime_type, picture.image_uuid) == (PNG, "image/png", "img-7")
    assert picture.data_url.startswith("data:image/png;base64,")
    assert picture.tool_call.function.name == "imagine_text_to_image"


def test_appending_an_agentic_response_replays_every_output() -> None:
    chat = BaseChat(xai_api.GetCompletionsRequest(model="grok-4", messages=[user("q")]))
    chat.append(Response(_agentic(), None))
    replayed = chat.messages[1:]
    assert [m.role for m in replayed] == [
        ROLE.ROLE_ASSISTANT,
        ROLE.ROLE_TOOL,
        ROLE.ROLE_TOOL,
        ROLE.ROLE_TOOL,
        ROLE.ROLE_ASSISTANT,
    ]
    assert replayed[0].tool_calls[0].id == "ws-1"
    assert replayed[0].reasoning_content == "hmm"
    assert replayed[2].tool_call_id == "ig-1"  # a tool output names the call it answers
    assert replayed[4].encrypted_content == "enc"


def test_a_corrupt_image_envelope_is_a_value_error() -> None:
    output = _image_output(0)
    assert output.message is not None
    output.message.content = '{"__type": "image_generation_result", "result": "https://x"}'
    with pytest.raises(ValueError, match="Not an image generation result"):
        _ = Response(xai_api.GetChatCompletionResponse(outputs=[output]), None).image_outputs


def test_cost_is_none_when_the_server_does_not_say() -> None:
    response = Response(xai_api.GetChatCompletionResponse(usage=xai_api.SamplingUsage()))
    assert response.cost_usd is None
    assert response.service_tier == "default"
    assert response.server_side_tool_usage == {}


def test_stream_batch_responses_share_the_text_of_every_chunk() -> None:
    accumulator = BatchAccumulator(2)
    accumulator.add(_chunk(_part(0, content="a"), _part(1, content="x")))
    responses, chunks = accumulator.add(_chunk(_part(0, content="b"), _part(1, content="y")))
    # Reading the second response first must not miss text folded through the first.
    assert [r.content for r in reversed(responses)] == ["xy", "ab"]
    assert [c.content for c in chunks] == ["b", "y"]


def test_logprobs_of_every_chunk_are_kept() -> None:
    accumulator = StreamAccumulator(0)
    for token in ("a", "b"):
        part = _part(content=token)
        part.logprobs = xai_api.LogProbs(content=[xai_api.LogProb(token=token, logprob=-0.5)])
        accumulator.add(_chunk(part))
    assert [p.token for p in accumulator.response.logprobs.content] == ["a", "b"]


def test_appending_a_compaction_replaces_the_history() -> None:
    chat = BaseChat(xai_api.GetCompletionsRequest(model="grok-4", messages=[user("a"), user("b")]))
    compacted = CompactContextResponse(
        xai_api.CompactContextResponse(id="k", encrypted_content="opaque", dropped_message_count=2)
    )
    chat.append(compacted).append(user("c"))
    assert [(m.role, m.encrypted_content) for m in chat.messages] == [
        (ROLE.ROLE_USER, "opaque"),
        (ROLE.ROLE_USER, ""),
    ]
    sent = wire.codec(xai_api.GetCompletionsRequest).decode(chat._request().data)
    assert [m.encrypted_content for m in sent.messages] == ["opaque", ""]


def test_a_one_request_response_format_overrides_the_chats_own() -> None:
    chat = BaseChat(
        xai_api.GetCompletionsRequest(
            model="grok-4",
            messages=[user("q")],
            response_format=xai_api.ResponseFormat(format_type=xai_api.FormatType.JSON_OBJECT),
        )
    )
    wanted = xai_api.ResponseFormat(format_type=xai_api.FormatType.JSON_SCHEMA, schema="{}")
    sent = wire.codec(xai_api.GetCompletionsRequest).decode(
        chat._request(3, response_format=wanted).data
    )
    assert (sent.n, sent.response_format) == (3, wanted)
    assert chat.proto.response_format == xai_api.ResponseFormat(
        format_type=xai_api.FormatType.JSON_OBJECT
    )


def test_only_client_side_function_calls_are_run() -> None:
    calls = [
        _call("a", "f", "{}", type=KIND.CLIENT_SIDE_TOOL),
        _call("b", "web_search", "{}", type=KIND.WEB_SEARCH_TOOL),
        _call("c", "g", "{}"),  # type left unset by the server: still the client's
    ]
    assert [c.id for c in client_side_calls(calls)] == ["a", "c"]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (_call("a", "nope", "{}"), "'nope', which `functions` does not have"),
        (_call("a", "f", "[1]"), "not a JSON object"),
        (_call("a", "f", "{oops"), "not a JSON object"),
    ],
)
def test_a_call_that_cannot_be_run_is_a_tool_call_error(call: xai_api.ToolCall, match: str) -> None:
    with pytest.raises(ToolCallError, match=match) as caught:
        prepare_call(call, {"f": lambda: None})
    assert caught.value.tool_call is call


def test_results_become_tool_messages() -> None:
    function, kwargs = prepare_call(_call("a", "f", '{"x": 1}'), {"f": lambda x: x})
    assert function(**kwargs) == 1
    assert result_message(_call("a"), {"t": 20}).content[0].text == '{"t": 20}'
    assert result_message(_call("a"), "sunny").tool_call_id == "a"


def test_a_chunk_without_a_role_keeps_the_outputs_role() -> None:
    accumulator = StreamAccumulator(0)
    accumulator.add(_chunk(_part(content="Hello")))
    accumulator.add(_chunk(_part(role=ROLE.INVALID_ROLE, content=" there")))
    assert accumulator.response.content == "Hello there"
    assert accumulator.response.role == "ROLE_ASSISTANT"


def test_created_is_naive_utc_as_in_the_official_sdk() -> None:
    moment = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    response = Response(xai_api.GetChatCompletionResponse(created=moment))
    assert response.created == moment.replace(tzinfo=None)
    assert response.proto.created == moment  # the message keeps the aware value


def test_a_continuation_that_repeats_the_text_so_far_is_still_appended() -> None:
    accumulator = StreamAccumulator(0)
    for text in ('{"a": "', '{"a": "', '"}'):
        accumulator.add(_chunk(_part(tool_calls=[_call("c-1", "f", text)])))
    (call,) = accumulator.response.tool_calls
    assert call.function is not None
    assert call.function.arguments == '{"a": "{"a": ""}'


def test_an_awaitable_tool_result_is_refused_with_a_clear_error() -> None:
    async def later() -> str:
        return "never"

    with pytest.raises(TypeError, match="returned an awaitable"):
        result_message(_call("a", "f"), later())
