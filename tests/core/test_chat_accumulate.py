"""Chat logic without I/O: how responses with several outputs are read and replayed."""

from __future__ import annotations

from xai_async._core.chat import BaseChat, StreamAccumulator
from xai_async.chat import user
from xai_async.proto import xai_api

ROLE = xai_api.MessageRole


def _output(index: int, role: xai_api.MessageRole, content: str) -> xai_api.CompletionOutput:
    return xai_api.CompletionOutput(
        index=index, message=xai_api.CompletionMessage(role=role, content=content)
    )


def test_a_response_with_several_outputs_follows_the_last_assistant_output() -> None:
    # Server-side tools: the server answers with a tool output, then the final answer.
    proto = xai_api.GetChatCompletionResponse(
        outputs=[
            _output(0, ROLE.ROLE_ASSISTANT, "let me search"),
            _output(1, ROLE.ROLE_TOOL, "search results"),
            _output(2, ROLE.ROLE_ASSISTANT, "the answer"),
        ]
    )
    response = BaseChat._response(proto, 0)
    assert response.content == "the answer"
    chat = BaseChat(xai_api.GetCompletionsRequest(model="grok-4", messages=[user("q")]))
    chat.append(response)
    # Every output is replayed, in order, so the next turn sees the whole agentic run.
    assert [m.role for m in chat.messages[1:]] == [
        ROLE.ROLE_ASSISTANT,
        ROLE.ROLE_TOOL,
        ROLE.ROLE_ASSISTANT,
    ]
    assert [m.content[0].text for m in chat.messages[1:]] == [
        "let me search",
        "search results",
        "the answer",
    ]


def test_a_single_output_response_replays_one_message() -> None:
    proto = xai_api.GetChatCompletionResponse(outputs=[_output(0, ROLE.ROLE_ASSISTANT, "hi")])
    chat = BaseChat(xai_api.GetCompletionsRequest(model="grok-4", messages=[user("q")]))
    chat.append(BaseChat._response(proto, 0))
    assert [m.content[0].text for m in chat.messages] == ["q", "hi"]


def test_stream_accumulator_switches_to_every_output_when_a_second_appears() -> None:
    accumulator = StreamAccumulator(0)
    first = xai_api.GetChatCompletionChunk(
        outputs=[
            xai_api.CompletionOutputChunk(
                index=0, delta=xai_api.Delta(role=ROLE.ROLE_ASSISTANT, content="a")
            )
        ]
    )
    second = xai_api.GetChatCompletionChunk(
        outputs=[
            xai_api.CompletionOutputChunk(
                index=1, delta=xai_api.Delta(role=ROLE.ROLE_ASSISTANT, content="b")
            )
        ]
    )
    response, chunk = accumulator.add(first)
    assert (response.content, chunk.content) == ("a", "a")
    response, chunk = accumulator.add(second)
    assert chunk.content == "b"  # index 1 is followed now
    assert response.content == "b"  # the last assistant output
    assert [o.message.content for o in response.proto.outputs if o.message] == ["a", "b"]
