"""Checks of the chat examples: each one's output and what the server received."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.examples.common import Example, methods, requests
from tests.fake_server import FakeXai, enum_name, enum_value


def completions(server: FakeXai) -> list[Any]:
    return requests(server, "GetCompletion", "GetCompletionChunk")


def role(message: Any) -> str:
    return enum_name("xai_api.MessageRole", message.role)


def texts(message: Any) -> list[str]:
    return [part.text for part in message.content if part.WhichOneof("content") == "text"]


def tool_kinds(request: Any) -> list[str]:
    return [str(tool.WhichOneof("tool")) for tool in request.tools]


def include(request: Any) -> set[str]:
    return {enum_name("xai_api.IncludeOption", option) for option in request.include}


def n_of(request: Any) -> int:
    return request.n if request.HasField("n") else 1


def format_type(request: Any) -> str:
    return enum_name("xai_api.FormatType", request.response_format.format_type)


def assert_tool_results_answer_calls(request: Any, count: int) -> None:
    """The request ends with ``count`` ROLE_TOOL messages, each naming a call made before."""
    results = request.messages[-count:]
    assert [role(m) for m in results] == ["ROLE_TOOL"] * count
    asked = {call.id for m in request.messages[:-count] for call in m.tool_calls}
    assert all(m.HasField("tool_call_id") for m in results)
    assert {m.tool_call_id for m in results} <= asked
    assert len({m.tool_call_id for m in results}) == count


# -- one check per example: (server, what it printed, its command line, the tmp dir) -------------


def check_chat(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    stream, n = "--stream" in argv, int(argv[argv.index("-n") + 1]) if "-n" in argv else 1
    method = "GetCompletionChunk" if stream else "GetCompletion"
    assert methods(server) == [method, method]
    first, second = completions(server)
    assert first.model == "grok-4-1-fast-non-reasoning"
    assert [n_of(first), n_of(second)] == [n, n]
    # The history grows by the user's turn and the (first) answer, the opening kept.
    assert [role(m) for m in first.messages] == [
        "ROLE_SYSTEM",
        "ROLE_USER",
        "ROLE_ASSISTANT",
        "ROLE_USER",
    ]
    assert [role(m) for m in second.messages] == [
        *(role(m) for m in first.messages),
        "ROLE_ASSISTANT",
        "ROLE_USER",
    ]
    assert texts(second.messages[-2]) == ["Ahoy! You said: Hello there"]
    assert texts(second.messages[-1]) == ["Where is the lamp?"]
    if n == 1:
        assert "Grok: Ahoy! You said: Hello there\n" in out
        assert "Grok: Ahoy! You said: Where is the lamp?\n" in out
    else:
        assert "Grok (1 of 2): Ahoy! You said: Hello there\n" in out
        assert "Grok (2 of 2): Ahoy! You said: Hello there (2)\n" in out
    if stream and n > 1:
        assert re.search(r"^\.{3,}$", out, re.M)  # a dot per chunk


def check_function_calling(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    method = "GetCompletionChunk" if "--stream" in argv else "GetCompletion"
    assert methods(server) == [method, method]
    first, second = completions(server)
    assert tool_kinds(first) == ["function", "function"]
    tide, packing = (tool.function for tool in first.tools)
    assert tide.name == "tide_table"
    assert json.loads(tide.parameters)["required"] == ["harbour", "day"]
    assert packing.name == "packing_list"  # its schema comes from the pydantic model
    schema = json.loads(packing.parameters)
    assert set(schema["properties"]) == {"destination", "nights", "season"}
    assert schema["properties"]["season"]["enum"] == ["summer", "winter"]
    # Both calls were run and answered, each result naming its call.
    assert_tool_results_answer_calls(second, 2)
    assert "high water 06:40" in texts(second.messages[-2])[0]
    assert "shirts and sunscreen" in texts(second.messages[-1])[0]
    assert '  [tide_table({"harbour":' in out
    assert '  [packing_list({"destination":' in out
    assert "Grok: Ahoy! The tools said: " in out
    assert out.count("Grok: ") == 1  # the tool round has no text to show


def check_structured_outputs(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletion", "GetCompletion"]
    for request in completions(server):
        assert format_type(request) == "FORMAT_TYPE_JSON_SCHEMA"
        schema = json.loads(request.response_format.schema)
        assert {"number", "issued_on", "lines", "currency", "total_in_cents"} <= set(
            schema["properties"]
        )
    photo = completions(server)[1].messages[-1].content[1].image_url
    assert photo.image_url.startswith("https://")
    assert enum_name("xai_api.ImageDetail", photo.detail) == "DETAIL_HIGH"
    assert out.startswith("Raw JSON: {")
    assert out.count("Invoice example of 01 Jan 2025") == 2  # both ways gave an Invoice
    assert out.count("Total") == 2


def check_deferred_chat(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    start, poll = "StartDeferredCompletion", "GetDeferredCompletion"
    assert methods(server) == [start, poll, poll, start, poll, poll]  # one PENDING each
    first, second = requests(server, start)
    assert [n_of(first), n_of(second)] == [1, 2]
    assert "Deferred answer (cmpl-1):\nAhoy! You said: A haiku" in out
    assert "Draft 2: Ahoy! You said: A haiku about waiting for the kettle to boil. (2)" in out


def check_server_side_tools(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletionChunk"] * 3
    research, mixed, answer = completions(server)
    assert tool_kinds(research) == ["web_search", "x_search", "code_execution"]
    assert include(research) == {
        "INCLUDE_OPTION_VERBOSE_STREAMING",
        "INCLUDE_OPTION_CODE_EXECUTION_CALL_OUTPUT",
    }
    for kind in ("web_search_tool", "x_search_tool", "code_execution_tool"):
        assert out.count(f"[{kind}] ") == 1  # printed once, though streamed twice
    assert "[code_execution_tool output] How many moons" in out
    assert "Answer: Ahoy! You said: How many moons" in out
    assert "Citations: ['https://example.com/search-result-1'" in out
    assert "'SERVER_SIDE_TOOL_CODE_EXECUTION': 1" in out
    assert "Tool calls in all: 3" in out

    assert tool_kinds(mixed) == ["web_search", "function"]
    assert mixed.use_encrypted_content
    assert tool_kinds(answer) == tool_kinds(mixed)
    # The whole agentic turn is replayed (encrypted reasoning included), then our result.
    assert_tool_results_answer_calls(answer, 1)
    replayed = [m for m in answer.messages if role(m) == "ROLE_ASSISTANT"]
    assert [[c.function.name for c in m.tool_calls] for m in replayed] == [
        ["web_search"],
        ["opening_hours"],
    ]
    assert replayed[-1].encrypted_content.startswith("encrypted:")
    assert texts(answer.messages[-1]) == ["Paris is open from 9:00 to 17:30 today."]
    assert 'Server ran web_search({"query": "Is the most visited museum' in out
    assert 'We ran opening_hours({"place": "Paris"})' in out
    assert "Answer: Ahoy! The tools said: Paris is open" in out


def check_collections_tool(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletionChunk"]
    (request,) = completions(server)
    assert tool_kinds(request) == ["collections_search"]
    search = request.tools[0].collections_search
    assert list(search.collection_ids) == [
        "collection_sailing_handbook",
        "collection_meeting_minutes",
    ]
    assert search.limit == 5
    assert include(request) == {
        "INCLUDE_OPTION_COLLECTIONS_SEARCH_CALL_OUTPUT",
        "INCLUDE_OPTION_INLINE_CITATIONS",
    }
    assert "Searching: collections_search(" in out
    assert "Found: [file-1, chunk-1" in out
    assert "Answer: Ahoy! You said: What did the committee decide" in out
    assert "  citation 1: [[1]]" in out
    assert "'SERVER_SIDE_TOOL_COLLECTIONS_SEARCH': 1" in out


def check_image_generation_tool(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletion", "GetCompletion"]
    draw, redraw = completions(server)
    assert tool_kinds(draw) == tool_kinds(redraw) == ["image_generation"]
    assert not draw.tools[0].image_generation.HasField("action")
    assert redraw.tools[0].image_generation.action == "edit"
    assert draw.store_messages
    assert redraw.store_messages
    assert redraw.previous_response_id == "cmpl-1"
    assert [texts(m) for m in redraw.messages] == [["Same picture, but at night with a full moon."]]
    assert "Tool call: imagine_text_to_image(" in out
    assert "Tool call: imagine_image_to_image(" in out
    assert "'SERVER_SIDE_TOOL_IMAGE_GENERATION': 1" in out
    assert re.search(r"Cost: \$\d+\.\d{4}", out)
    (folder,) = tmp.glob("grok-images-*")
    saved = sorted(path.name for path in folder.iterdir())
    assert saved == ["lighthouse-1.png", "lighthouse-night-1.png"]
    for path in folder.iterdir():
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert f"to {path}\n" in out


def check_compaction(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    sample, compact = "GetCompletion", "CompactContext"
    assert methods(server) == [sample, sample, sample, compact, sample, compact, sample]
    in_place, transcript = requests(server, compact)
    assert in_place.model == transcript.model == "grok-4-1-fast-reasoning"
    assert len(in_place.input) == 7  # system + three questions and answers
    assert len(transcript.input) == 5
    for request in completions(server)[3:]:  # after each compaction: summary + question
        summary, question = request.messages
        assert role(summary) == "ROLE_USER"
        assert summary.encrypted_content.startswith("compacted:")
        assert role(question) == "ROLE_USER"
    assert "Compacted 7 messages into compact-1" in out
    assert "the history went from 7 messages to 1" in out
    assert "(compacted context received: 7 messages)" in out
    assert "5 messages compacted into compact-2" in out
    assert "(compacted context received: 5 messages)" in out


def check_reasoning(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletion", "GetCompletionChunk"]
    efforts = [
        enum_name("xai_api.ReasoningEffort", r.reasoning_effort) for r in completions(server)
    ]
    assert efforts == ["EFFORT_LOW", "EFFORT_HIGH"]
    assert all(r.model == "grok-3-mini" for r in completions(server))
    assert "Thoughts (low effort): The user said 'Why is the sky blue?'" in out
    assert "Thoughts (high effort): The user said 'Why is the sky blue?'" in out
    assert out.count("Answer: Ahoy! You said: Why is the sky blue?\n") == 2
    assert len(re.findall(r"Tokens: [1-9]\d* reasoning, [1-9]\d* answer", out)) == 2


def check_image_understanding(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletion", "GetCompletion"]
    compare, local = (request.messages[0] for request in completions(server))
    kinds = [part.WhichOneof("content") for part in compare.content]
    assert kinds == ["text", "image_url", "image_url"]
    for part in compare.content[1:]:
        assert part.image_url.image_url.startswith("https://upload.wikimedia.org/")
        assert enum_name("xai_api.ImageDetail", part.image_url.detail) == "DETAIL_HIGH"
    inline = local.content[1].image_url
    assert inline.image_url.startswith("data:image/png;base64,iVBORw0KGgo")
    assert enum_name("xai_api.ImageDetail", inline.detail) == "DETAIL_LOW"
    assert "Grok: Ahoy! You said: Which of these two mountains" in out
    assert out.count("Image tokens: ") == 2


def check_stored_chat(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    sample = "GetCompletion"
    assert methods(server) == [
        *[sample] * 4,
        "GetStoredCompletion",
        sample,
        "DeleteStoredCompletion",
        "GetStoredCompletion",
    ]
    first, branch_a, branch_b, batch, _deleted_one = completions(server)
    assert all(r.store_messages for r in completions(server))
    assert not first.HasField("previous_response_id")
    for branch in (branch_a, branch_b):  # only the new question goes: the server has the rest
        assert branch.previous_response_id == "cmpl-1"
        assert [role(m) for m in branch.messages] == ["ROLE_USER"]
    assert n_of(batch) == 2
    fetched, gone = requests(server, "GetStoredCompletion")
    assert fetched.response_id == "cmpl-4"
    (deleted,) = requests(server, "DeleteStoredCompletion")
    assert deleted.response_id == gone.response_id == "cmpl-5"
    assert "[cmpl-1] Ahoy! You said: Describe the Voyager 1 mission." in out
    assert "  What is on its golden record? -> Ahoy! You said: What is on its golden" in out
    assert "Stored answer 2: Ahoy! You said: Suggest a name for a space probe. (2)" in out
    assert "Deleted cmpl-5\nIt is gone" in out


def check_inline_files_chat(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletionChunk"]
    (message,) = completions(server)[0].messages
    assert [part.WhichOneof("content") for part in message.content] == ["text", "file"]
    attached = message.content[1].file
    assert (attached.filename, attached.mime_type) == ("minutes.md", "text/markdown")
    assert b"Winter storage" in attached.data
    assert not attached.file_id  # inline bytes, nothing uploaded
    assert "Grok: Ahoy! You said: List the decisions in these minutes" in out
    assert re.search(r"Tokens used: [1-9]\d*", out)


def check_search(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletion", "GetCompletionChunk"]
    everywhere, recent = (r.search_parameters for r in completions(server))
    assert enum_name("xai_api.SearchMode", everywhere.mode) == "AUTO_SEARCH_MODE"
    assert [s.WhichOneof("source") for s in everywhere.sources] == ["web", "news", "x", "rss"]
    assert list(everywhere.sources[3].rss.links) == ["https://status.x.ai/feed.xml"]
    assert enum_name("xai_api.SearchMode", recent.mode) == "ON_SEARCH_MODE"
    assert [s.WhichOneof("source") for s in recent.sources] == ["web", "news"]
    assert recent.sources[0].web.country == "GB"
    assert list(recent.sources[0].web.excluded_websites) == ["example.com"]
    assert recent.HasField("from_date")
    assert recent.max_search_results == 5
    assert "Search for: Artemis news\nGrok: Ahoy! You said: Artemis news" in out
    assert "2 citations: ['https://example.com/live-search-1'," in out
    assert "Sources used: 2" in out
    assert "Citations: ['https://example.com/live-search-1'," in out


def check_multi_agent(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletionChunk"]
    (request,) = completions(server)
    assert request.model == "grok-4.20-multi-agent"
    assert request.agent_count == enum_value("xai_api.AgentCount", "AGENT_COUNT_4")
    assert tool_kinds(request) == ["web_search", "x_search"]
    assert include(request) == {"INCLUDE_OPTION_VERBOSE_STREAMING"}
    assert "Grok: Ahoy! You said: Compare the three most recent Mars rover missions" in out
    assert re.search(r"Cost: \$\d+\.\d{4}", out)


def _one_pending_poll(server: FakeXai) -> None:
    server.pending_polls = 1  # GetDeferredCompletion answers PENDING once: the loop really polls


CHAT_LINES = ["Hello there", "Where is the lamp?", "exit"]
TOOL_LINES = ["Tides at Dover on Saturday, and what to pack for two nights?", "exit"]

CASES = [
    Example("chat", check_chat, inputs=CHAT_LINES),
    Example("chat", check_chat, ["--stream"], CHAT_LINES),
    Example("chat", check_chat, ["-n", "2"], CHAT_LINES),
    Example("chat", check_chat, ["--stream", "-n", "2"], CHAT_LINES),
    Example("function_calling", check_function_calling, inputs=TOOL_LINES),
    Example("function_calling", check_function_calling, ["--stream"], TOOL_LINES),
    Example("structured_outputs", check_structured_outputs),
    Example("deferred_chat", check_deferred_chat, setup=_one_pending_poll),
    Example("server_side_tools", check_server_side_tools),
    Example("collections_tool", check_collections_tool),
    Example("image_generation_tool", check_image_generation_tool),
    Example("compaction", check_compaction),
    Example("reasoning", check_reasoning, inputs=["Why is the sky blue?"]),
    Example("image_understanding", check_image_understanding),
    Example("stored_chat", check_stored_chat),
    Example("inline_files_chat", check_inline_files_chat),
    Example("search", check_search, inputs=["Artemis news"]),
    Example("multi_agent", check_multi_agent),
]
