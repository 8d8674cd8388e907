"""Builders for scripted chat replies: tool calls, image envelopes, citations, schema instances.

Everything here returns protobuf messages of the fake server's own codec (see
:func:`~xai_async._core.fake.server.message_class`) or plain Python values, so tests can script
``Reply``/``Output`` fields without spelling out protobuf plumbing, and the server's unscripted
defaults are built from the same pieces.
"""

from __future__ import annotations

import base64
import json
import math
import struct
import zlib
from typing import Any

from .server import enum_value, message_class

#: ``Tool`` oneof case -> (ToolCallType, ServerSideTool, IncludeOption asking for its output).
SERVER_TOOLS: dict[str, tuple[str, str, str | None]] = {
    "web_search": (
        "TOOL_CALL_TYPE_WEB_SEARCH_TOOL",
        "SERVER_SIDE_TOOL_WEB_SEARCH",
        "INCLUDE_OPTION_WEB_SEARCH_CALL_OUTPUT",
    ),
    "x_search": (
        "TOOL_CALL_TYPE_X_SEARCH_TOOL",
        "SERVER_SIDE_TOOL_X_SEARCH",
        "INCLUDE_OPTION_X_SEARCH_CALL_OUTPUT",
    ),
    "code_execution": (
        "TOOL_CALL_TYPE_CODE_EXECUTION_TOOL",
        "SERVER_SIDE_TOOL_CODE_EXECUTION",
        "INCLUDE_OPTION_CODE_EXECUTION_CALL_OUTPUT",
    ),
    "collections_search": (
        "TOOL_CALL_TYPE_COLLECTIONS_SEARCH_TOOL",
        "SERVER_SIDE_TOOL_COLLECTIONS_SEARCH",
        "INCLUDE_OPTION_COLLECTIONS_SEARCH_CALL_OUTPUT",
    ),
    "mcp": ("TOOL_CALL_TYPE_MCP_TOOL", "SERVER_SIDE_TOOL_MCP", "INCLUDE_OPTION_MCP_CALL_OUTPUT"),
    "attachment_search": (
        "TOOL_CALL_TYPE_ATTACHMENT_SEARCH_TOOL",
        "SERVER_SIDE_TOOL_ATTACHMENT_SEARCH",
        "INCLUDE_OPTION_ATTACHMENT_SEARCH_CALL_OUTPUT",
    ),
    # Its result (the image) always comes back: there is no include option for it.
    "image_generation": (
        "TOOL_CALL_TYPE_IMAGE_GENERATION_TOOL",
        "SERVER_SIDE_TOOL_IMAGE_GENERATION",
        None,
    ),
}


def _arguments(arguments: str | dict[str, Any]) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


def function_call(
    name: str,
    arguments: str | dict[str, Any] = "{}",
    *,
    id: str = "call-1",
    status: str = "TOOL_CALL_STATUS_COMPLETED",
) -> Any:
    """A client-side ``xai_api.ToolCall`` to the function ``name`` (arguments: JSON or a dict)."""
    call = message_class("xai_api.ToolCall")(
        id=id,
        type=enum_value("xai_api.ToolCallType", "TOOL_CALL_TYPE_CLIENT_SIDE_TOOL"),
        status=enum_value("xai_api.ToolCallStatus", status),
    )
    call.function.name = name
    call.function.arguments = _arguments(arguments)
    return call


def server_tool_call(
    kind: str,
    name: str | None = None,
    arguments: str | dict[str, Any] = "{}",
    *,
    id: str = "call-1",
    status: str = "TOOL_CALL_STATUS_COMPLETED",
) -> Any:
    """A server-side ``xai_api.ToolCall`` of the tool ``kind`` (a key of :data:`SERVER_TOOLS`).

    ``name`` defaults to ``kind`` (``"imagine_text_to_image"`` for image generation).
    """
    call_type = SERVER_TOOLS[kind][0]
    default_name = "imagine_text_to_image" if kind == "image_generation" else kind
    call = message_class("xai_api.ToolCall")(
        id=id,
        type=enum_value("xai_api.ToolCallType", call_type),
        status=enum_value("xai_api.ToolCallStatus", status),
    )
    call.function.name = name or default_name
    call.function.arguments = _arguments(arguments)
    return call


def tiny_png(
    width: int = 2, height: int = 2, rgba: tuple[int, int, int, int] = (255, 0, 0, 255)
) -> bytes:
    """A valid PNG of one colour (a few dozen bytes), built with zlib alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgba) * width  # filter byte "none", then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def image_envelope(
    image: bytes | None = None, *, image_uuid: str = "image-1", mime_type: str = "image/png"
) -> str:
    """The JSON a ``ROLE_TOOL`` output of an image generation call carries as its content."""
    data = tiny_png() if image is None else image
    return json.dumps(
        {
            "__type": "image_generation_result",
            "result": f"data:{mime_type};base64,{base64.b64encode(data).decode('ascii')}",
            "image_uuid": image_uuid,
        }
    )


def _citation(id: str, start: int, end: int) -> Any:
    return message_class("xai_api.InlineCitation")(id=id, start_index=start, end_index=end)


def web_citation(url: str, *, id: str = "1", start: int = 0, end: int = 0) -> Any:
    """An ``xai_api.InlineCitation`` of a web page, covering ``content[start:end]``."""
    citation = _citation(id, start, end)
    citation.web_citation.url = url
    return citation


def x_citation(url: str, *, id: str = "1", start: int = 0, end: int = 0) -> Any:
    """An ``xai_api.InlineCitation`` of an X post, covering ``content[start:end]``."""
    citation = _citation(id, start, end)
    citation.x_citation.url = url
    return citation


def collections_citation(
    file_id: str,
    chunk_content: str,
    *,
    collection_ids: tuple[str, ...] = ("collection-1",),
    chunk_id: str = "chunk-1",
    score: float = 0.9,
    id: str = "1",
    start: int = 0,
    end: int = 0,
) -> Any:
    """An ``xai_api.InlineCitation`` of a collection's document chunk."""
    citation = _citation(id, start, end)
    found = citation.collections_citation
    found.file_id, found.chunk_id, found.chunk_content = file_id, chunk_id, chunk_content
    found.score = score
    found.collection_ids.extend(collection_ids)
    return citation


# -- a value for a JSON schema -------------------------------------------------------------------

_FORMATS = {
    "date-time": "2025-01-01T12:00:00Z",
    "date": "2025-01-01",
    "time": "12:00:00",
    "duration": "PT1H",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "hostname": "example.com",
}
_PLACES = ("city", "location", "place", "town", "destination", "capital")
#: Past this depth (recursive models), only required properties and ``minItems`` items are made.
_SHALLOW = 6
_TOO_DEEP = 24


def schema_instance(schema: Any) -> Any:
    """A plausible JSON value valid against ``schema`` (a JSON schema as a dict).

    Handles what ``pydantic``'s ``model_json_schema()`` emits: ``$ref``/``$defs``, ``anyOf``
    with null, ``enum``, ``const``, ``items``/``prefixItems``, ``required``, number bounds and
    string formats such as ``date-time``. Every property is filled (required ones included):
    strings are ``"Paris"`` for place-like names and ``"example"`` otherwise, numbers ``1``,
    booleans ``true``, arrays one item, enums their first value, defaults when the schema has one.
    """
    return _instance(schema, schema, "", 0)


def _resolve(root: Any, ref: str) -> Any:
    if not ref.startswith("#"):
        raise ValueError(f"only local $ref are supported, not {ref!r}")
    node = root
    for part in ref.lstrip("#").split("/"):
        if part:
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _instance(schema: Any, root: Any, name: str, depth: int) -> Any:
    if depth > _TOO_DEEP:
        raise ValueError("the schema has no finite instance (required recursion)")
    if not isinstance(schema, dict):
        return "example"  # ``true`` (anything goes)
    if "$ref" in schema:
        return _instance(_resolve(root, schema["$ref"]), root, name, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("default") is not None:
        return schema["default"]
    if schema.get("examples"):
        return schema["examples"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            choices = [
                c for c in schema[key] if not (isinstance(c, dict) and c.get("type") == "null")
            ]
            return _instance(choices[0] if choices else {"type": "null"}, root, name, depth + 1)
    if "allOf" in schema:
        parts = [_instance(part, root, name, depth + 1) for part in schema["allOf"]]
        if all(isinstance(part, dict) for part in parts):
            return {key: value for part in parts for key, value in part.items()}
        return parts[0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        if {"properties", "required", "additionalProperties"} & schema.keys():
            kind = "object"
        elif {"items", "prefixItems"} & schema.keys():
            kind = "array"
        else:
            return "example"
    if kind == "object":
        return _object(schema, root, depth)
    if kind == "array":
        return _array(schema, root, name, depth)
    if kind == "string":
        return _string(schema, name)
    if kind in ("integer", "number"):
        return _number(schema, integer=kind == "integer")
    if kind == "boolean":
        return True
    return None  # "null"


def _object(schema: dict[str, Any], root: Any, depth: int) -> dict[str, Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    names = [n for n in properties if depth < _SHALLOW or n in required]
    value = {n: _instance(properties[n], root, n, depth + 1) for n in names}
    extra = schema.get("additionalProperties")
    if not properties and isinstance(extra, dict) and depth < _SHALLOW:
        value["example"] = _instance(extra, root, "example", depth + 1)
    return value


def _array(schema: dict[str, Any], root: Any, name: str, depth: int) -> list[Any]:
    if "prefixItems" in schema:
        return [_instance(item, root, name, depth + 1) for item in schema["prefixItems"]]
    low = int(schema.get("minItems", 0))
    count = max(low, 1) if depth < _SHALLOW else low
    if "maxItems" in schema:
        count = min(count, int(schema["maxItems"]))
    item = schema.get("items", {"type": "string"})
    return [_instance(item, root, name, depth + 1) for _ in range(count)]


def _string(schema: dict[str, Any], name: str) -> str:
    if schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    value = "Paris" if any(place in name.lower() for place in _PLACES) else "example"
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    if len(value) < low:
        value += "x" * (low - len(value))
    return value if high is None else value[: int(high)]


def _number(schema: dict[str, Any], *, integer: bool) -> int | float:
    """1 when the bounds allow it, else the first bound-respecting candidate near them."""
    low, above = schema.get("minimum"), schema.get("exclusiveMinimum")
    high, below = schema.get("maximum"), schema.get("exclusiveMaximum")
    step = schema.get("multipleOf")
    floor = max((b for b in (low, above) if b is not None), default=None)
    ceiling = min((b for b in (high, below) if b is not None), default=None)
    candidates: list[float] = [1]
    if floor is not None:
        candidates += [floor, floor + 1, math.floor(floor) + 1]
    if ceiling is not None:
        candidates += [ceiling, ceiling - 1, math.ceil(ceiling) - 1]
    if floor is not None and ceiling is not None:
        candidates.append((floor + ceiling) / 2)
    if step:
        first = math.ceil((1 if floor is None else floor) / step)
        candidates += [step * first, step * (first + 1)]

    def fits(value: float) -> bool:
        return (
            (low is None or value >= low)
            and (above is None or value > above)
            and (high is None or value <= high)
            and (below is None or value < below)
            and (not step or abs(value / step - round(value / step)) < 1e-9)
            and (not integer or value == int(value))
        )

    value = next((c for c in candidates if fits(c)), 1 if floor is None else floor)
    return int(value) if integer or value == int(value) else value
