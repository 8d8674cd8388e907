"""What the fake chat says when nothing is scripted: a believable answer made from the request.

So example programs written for the official SDK run against the fake server and print sensible
things. In order of precedence:

* The conversation ends with ROLE_TOOL results: ``"Ahoy! The tools said: <r1>; <r2>"``.
* Server-side tools in the request (any ``Tool`` that is not a function): an agentic,
  multi-output reply. For each such tool, an ASSISTANT output with a COMPLETED call of the
  matching ``ToolCallType``, then, when ``include`` asks for that tool's output (always for image
  generation), a ROLE_TOOL output with the result; last, the answer. The response has citations
  for web/X search, usage lists each tool in ``server_side_tools_used``, and the answer has
  inline citations when ``include`` has INLINE_CITATIONS. With VERBOSE_STREAMING, streams send
  each server-side call IN_PROGRESS first (``Reply.tool_call_updates``).
* Function tools (and ``tool_choice`` is not ``none``): client-side calls ``call-N``, with
  arguments made from each tool's JSON-schema ``parameters`` (:func:`scenarios.schema_instance`),
  finish reason REASON_TOOL_CALLS, empty content. One call per function tool unless the request
  says ``parallel_tool_calls=False`` (then the first tool only) or names a function in
  ``tool_choice`` (then that one only). Mixed with server-side tools, these calls end the
  agentic reply instead of an answer.
* Otherwise: ``"Ahoy! You said: <last user text>"``.

The answer text is then shaped by ``response_format`` (JSON_OBJECT: ``{"answer": text}``;
JSON_SCHEMA: an instance of the schema). ``reasoning_effort`` adds reasoning content,
``use_encrypted_content`` an encrypted content. A message whose ``encrypted_content`` came from
``CompactContext`` counts as the user text it compacted, and the answer says the compacted
context was received.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .scenarios import (
    SERVER_TOOLS,
    collections_citation,
    function_call,
    image_envelope,
    schema_instance,
    server_tool_call,
    web_citation,
    x_citation,
)
from .server import Output, Reply, enum_name, enum_value

if TYPE_CHECKING:
    from .server import FakeXai

COMPACTED = "compacted:"
#: Ticks (1e-10 USD) per word of prompt and answer, and per server-side tool call.
_TICKS_PER_WORD = 20_000
_TICKS_PER_TOOL = 50_000_000


def _role(name: str) -> int:
    return enum_value("xai_api.MessageRole", name)


def _texts(message: Any) -> list[str]:
    return [part.text for part in message.content if part.WhichOneof("content") == "text"]


# -- compaction ---------------------------------------------------------------------------------


def compact(messages: Any) -> tuple[str, int]:
    """The opaque ``encrypted_content`` that stands for ``messages``, and how many it drops.

    Deterministic: ``compacted:<digest of the messages>:<count>:<last user text, base64>``.
    """
    digest = hashlib.sha256(b"".join(m.SerializeToString(deterministic=True) for m in messages))
    last, _ = said(messages)
    encoded = base64.urlsafe_b64encode(last.encode()).decode("ascii")
    return f"{COMPACTED}{digest.hexdigest()[:16]}:{len(messages)}:{encoded}", len(messages)


def _read_compaction(content: str) -> tuple[int, str] | None:
    """(messages compacted, last user text) out of :func:`compact`'s content; None if foreign."""
    try:
        _, _, count, encoded = content.split(":", 3)
        return int(count), base64.urlsafe_b64decode(encoded.encode("ascii")).decode()
    except ValueError:
        return None


def said(messages: Any) -> tuple[str, int | None]:
    """The last user text of a conversation, and how many messages a compaction in it holds."""
    last, compacted = "", None
    for message in messages:
        if message.encrypted_content.startswith(COMPACTED):
            found = _read_compaction(message.encrypted_content)
            if found is not None:
                compacted, text = found
                last = text or last
        if message.role == _role("ROLE_USER"):
            for text in _texts(message):
                last = text
    return last, compacted


def _tool_results(messages: Any) -> list[str]:
    """The texts of the ROLE_TOOL messages that end the conversation, in order."""
    results: list[str] = []
    for message in reversed(messages):
        if message.role != _role("ROLE_TOOL"):
            break
        results.insert(0, "".join(_texts(message)))
    return results


# -- the reply ----------------------------------------------------------------------------------


def default_reply(server: FakeXai, request: Any) -> Reply:
    """The reply to ``request`` when nothing is scripted (see the module's docstring).

    Raises:
        ValueError: A tool's ``parameters`` or the ``response_format`` schema is no JSON schema.
    """
    text, compacted = said(request.messages)
    results = _tool_results(request.messages)
    answer = (
        ("Ahoy! The tools said: " + "; ".join(results)) if results else f"Ahoy! You said: {text}"
    )
    if compacted is not None:
        answer += f" (compacted context received: {compacted} messages)"
    functions = [t for t in request.tools if t.WhichOneof("tool") == "function"]
    server_tools = [t for t in request.tools if t.WhichOneof("tool") != "function"]

    def last_output() -> Output:  # made last, so call ids count up in output order
        calls = [] if results else _client_calls(server, request, functions)
        output = Output(
            content="" if calls else _shaped(answer, request),
            tool_calls=calls,
            finish_reason="REASON_TOOL_CALLS" if calls else "REASON_STOP",
        )
        _think(output, request, text)
        return output

    citations = _live_search(request)
    words = sum(len(t.split()) for m in request.messages for t in _texts(m)) + len(answer.split())
    if server_tools and not results:
        return _agentic(server, request, server_tools, last_output, text, citations, words)
    final = last_output()
    return Reply(
        content=final.content,
        reasoning_content=final.reasoning_content,
        encrypted_content=final.encrypted_content,
        tool_calls=final.tool_calls,
        finish_reason=final.finish_reason,
        citations=citations,
        cost_in_usd_ticks=_TICKS_PER_WORD * words,
        usage={"num_sources_used": len(citations)} if citations else None,
    )


def _client_calls(server: FakeXai, request: Any, functions: list[Any]) -> list[Any]:
    if not functions:
        return []
    choice = request.tool_choice if request.HasField("tool_choice") else None
    chosen = functions
    none = enum_value("xai_api.ToolMode", "TOOL_MODE_NONE")
    if choice is not None and choice.WhichOneof("tool_choice") == "mode" and choice.mode == none:
        return []
    if choice is not None and choice.WhichOneof("tool_choice") == "function_name":
        named = [f for f in functions if f.function.name == choice.function_name]
        if not named:  # a function the request does not describe: call it with no arguments
            return [function_call(choice.function_name, id=server.next_id("call"))]
        chosen = named[:1]
    elif request.HasField("parallel_tool_calls") and not request.parallel_tool_calls:
        chosen = functions[:1]
    return [
        function_call(
            tool.function.name,
            _arguments(tool.function.name, tool.function.parameters),
            id=server.next_id("call"),
        )
        for tool in chosen
    ]


def _arguments(name: str, parameters: str) -> dict[str, Any]:
    try:
        schema = json.loads(parameters) if parameters.strip() else {"type": "object"}
    except json.JSONDecodeError as error:
        raise ValueError(f"tool {name!r}: parameters are not JSON: {error}") from None
    value = schema_instance(schema)
    return value if isinstance(value, dict) else {}


def _shaped(answer: str, request: Any) -> str:
    """``answer`` as the request's ``response_format`` wants it."""
    if not request.HasField("response_format"):
        return answer
    shape = request.response_format
    kind = shape.format_type
    if kind == enum_value("xai_api.FormatType", "FORMAT_TYPE_JSON_SCHEMA") and shape.schema:
        try:
            schema = json.loads(shape.schema)
        except json.JSONDecodeError as error:
            raise ValueError(f"response_format.schema is not JSON: {error}") from None
        return json.dumps(schema_instance(schema))
    if kind in (
        enum_value("xai_api.FormatType", "FORMAT_TYPE_JSON_SCHEMA"),
        enum_value("xai_api.FormatType", "FORMAT_TYPE_JSON_OBJECT"),
    ):
        return json.dumps({"answer": answer})
    return answer


def _is_json(request: Any) -> bool:
    return request.HasField("response_format") and request.response_format.format_type in (
        enum_value("xai_api.FormatType", "FORMAT_TYPE_JSON_SCHEMA"),
        enum_value("xai_api.FormatType", "FORMAT_TYPE_JSON_OBJECT"),
    )


def _think(output: Output, request: Any, text: str) -> None:
    """Reasoning for ``reasoning_effort``, an opaque blob for ``use_encrypted_content``."""
    effort = request.reasoning_effort if request.HasField("reasoning_effort") else 0
    skip = (enum_value("xai_api.ReasoningEffort", n) for n in ("INVALID_EFFORT", "EFFORT_NONE"))
    if effort not in set(skip):
        name = enum_name("xai_api.ReasoningEffort", effort).removeprefix("EFFORT_").lower()
        output.reasoning_content = (
            f"The user said {text!r}. With {name} effort: a short, friendly answer will do."
        )
    if request.use_encrypted_content:
        digest = hashlib.sha256((output.reasoning_content or text).encode()).hexdigest()
        output.encrypted_content = f"encrypted:{digest[:32]}"


def _live_search(request: Any) -> list[str]:
    """Citations of the (deprecated) ``search_parameters`` live search, when asked for."""
    if not request.HasField("search_parameters"):
        return []
    search = request.search_parameters
    modes = {enum_value("xai_api.SearchMode", m) for m in ("ON_SEARCH_MODE", "AUTO_SEARCH_MODE")}
    if search.mode not in modes or not search.return_citations:
        return []
    found = ["https://example.com/live-search-1", "https://example.org/live-search-2"]
    return found[: search.max_search_results] if search.HasField("max_search_results") else found


# -- agentic replies ----------------------------------------------------------------------------


def _agentic(
    server: FakeXai,
    request: Any,
    tools: list[Any],
    last_output: Callable[[], Output],
    text: str,
    citations: list[str],
    words: int,
) -> Reply:
    include = set(request.include)
    outputs: list[Output] = []
    used: list[str] = []
    sources: list[tuple[str, str]] = []  # (kind, url or file id), in citation order
    for tool in tools:
        kind = str(tool.WhichOneof("tool"))
        _, used_name, include_name = SERVER_TOOLS[kind]
        name, arguments, result, found = _run(server, kind, getattr(tool, kind), text)
        call = server_tool_call(kind, name, arguments, id=server.next_id("call"))
        outputs.append(Output(tool_calls=[call], finish_reason="REASON_TOOL_CALLS"))
        if include_name is None or enum_value("xai_api.IncludeOption", include_name) in include:
            echo = type(call)()
            echo.CopyFrom(call)  # a ROLE_TOOL output names the call it answers
            outputs.append(Output(role="ROLE_TOOL", content=result, tool_calls=[echo]))
        used.append(used_name)
        sources += [(kind, where) for where in found]
        citations += [where for where in found if where.startswith("https://")]
    final = last_output()
    inline = enum_value("xai_api.IncludeOption", "INCLUDE_OPTION_INLINE_CITATIONS") in include
    if inline and final.content and not final.tool_calls and not _is_json(request):
        _cite(final, sources, text)
    outputs.append(final)
    return Reply(
        outputs=outputs,
        citations=citations,
        server_side_tools_used=used,
        tool_call_updates=enum_value("xai_api.IncludeOption", "INCLUDE_OPTION_VERBOSE_STREAMING")
        in include,
        cost_in_usd_ticks=_TICKS_PER_WORD * words + _TICKS_PER_TOOL * len(tools),
        usage={"num_sources_used": len(citations)},
    )


def _run(server: FakeXai, kind: str, tool: Any, text: str) -> tuple[str, Any, str, list[str]]:
    """(call name, arguments, result text, sources found) of one server-side tool."""
    if kind == "web_search":
        urls = ["https://example.com/search-result-1", "https://example.org/search-result-2"]
        lines = [f"{n}. A page about {text!r}: {url}" for n, url in enumerate(urls, 1)]
        return "web_search", {"query": text, "num_results": 2}, "\n".join(lines), urls
    if kind == "x_search":
        urls = [
            "https://x.com/xai/status/1900000000000000001",
            "https://x.com/grok/status/1900000000000000002",
        ]
        lines = [f"{n}. A post about {text!r}: {url}" for n, url in enumerate(urls, 1)]
        return "x_keyword_search", {"query": text, "limit": 2}, "\n".join(lines), urls
    if kind == "code_execution":
        return "code_execution", {"code": f"print({text!r})"}, text + "\n", []
    if kind == "collections_search":
        ids = list(tool.collection_ids) or ["collection-1"]
        result = f"[file-1, chunk-1, score 0.9] A document chunk about {text!r}."
        return "collections_search", {"query": text, "collection_ids": ids}, result, ["file-1"]
    if kind == "mcp":
        name = tool.allowed_tool_names[0] if tool.allowed_tool_names else "search"
        label = tool.server_label or tool.server_url
        return name, {"query": text}, f"The MCP server {label} answered {name}({text!r}).", []
    if kind == "attachment_search":
        return "attachment_search", {"query": text}, f"An attachment chunk about {text!r}.", []
    if kind == "image_generation":
        edit = tool.HasField("action") and tool.action == "edit"
        name = "imagine_image_to_image" if edit else "imagine_text_to_image"
        return name, {"prompt": text}, image_envelope(image_uuid=server.next_id("image")), []
    raise ValueError(f"no default for the server-side tool {kind!r}")


def _cite(final: Output, sources: list[tuple[str, str]], text: str) -> None:
    """Append a ``[[n]](url)`` marker per source to the answer, with its inline citation."""
    for number, (kind, where) in enumerate(sources, 1):
        marker = f"[[{number}]]({where})" if where.startswith("https://") else f"[[{number}]]"
        start = len(final.content) + 1
        final.content += " " + marker
        label, end = str(number), start + len(marker)
        if kind == "x_search":
            citation = x_citation(where, id=label, start=start, end=end)
        elif kind == "collections_search":
            chunk = f"A document chunk about {text!r}."
            citation = collections_citation(where, chunk, id=label, start=start, end=end)
        else:
            citation = web_citation(where, id=label, start=start, end=end)
        final.inline_citations.append(citation)
