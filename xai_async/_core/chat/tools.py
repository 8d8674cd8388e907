"""Tools for ``chat.create(tools=[...])``: your own functions, and tools the server runs.

``tool(name, description, parameters)`` declares a function of yours that the model may ask
you to call. The others (``web_search()``, ``x_search()``, ``code_execution()`` ...) are run
by xAI during the request itself (agentic tool calling). Every builder checks its arguments
and returns an ``xai_api.Tool`` message; nothing is sent until the chat samples.
"""

from __future__ import annotations

import datetime
import json
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from xai_async._core import validate
from xai_async._core.types import DocumentRetrievalMode
from xai_async._core.validate import (
    date_range,
    exclusive,
    flag,
    optional_name,
    text_list,
)
from xai_async.proto import xai_api

__all__ = [
    "attachment_search",
    "code_execution",
    "collections_search",
    "get_tool_call_type",
    "image_generation",
    "mcp",
    "tool",
    "web_search",
    "x_search",
]

#: The most domains ``web_search`` may allow or exclude, and collections one search may
#: cover (the official docs' limits).
MAX_DOMAINS = 5
MAX_COLLECTIONS = 10


def tool(name: str, description: str, parameters: dict[str, Any] | type) -> xai_api.Tool:
    """A function of yours the model may call (client-side function calling).

    When the model wants it, the response's ``tool_calls`` hold its name and JSON arguments;
    run it and append ``tool_result(...)``.

    Args:
        name: The function's name, as the model will call it (``"get_weather"``).
        description: What the function does; the model reads it to decide when to call it.
        parameters: The JSON schema of the arguments, as a dict, or a pydantic model class
            (its ``model_json_schema()`` is used).

    Returns:
        The tool, for ``chat.create(tools=[...])``.

    Raises:
        TypeError: ``name``/``description`` is not a string, or ``parameters`` is neither a
            dict nor a model class, or holds a value JSON cannot encode.
        ValueError: ``name`` is empty, or ``parameters`` holds NaN/infinity or a cycle.
    """
    if not validate.text("name", name).strip():
        raise ValueError("`name` must name the function, got an empty string")
    validate.text("description", description)
    return xai_api.Tool(
        function=xai_api.Function(
            name=name, description=description, parameters=_json_schema(parameters)
        )
    )


def _json_schema(parameters: object) -> str:
    if isinstance(parameters, type):
        schema = getattr(parameters, "model_json_schema", None)
        if not callable(schema):
            raise TypeError(
                f"`parameters` must be a JSON-schema dict or a pydantic model class, "
                f"got the class {parameters.__name__}"
            )
        parameters = schema()
    if not isinstance(parameters, dict):
        raise TypeError(
            f"`parameters` must be a JSON-schema dict or a pydantic model class, "
            f"got {type(parameters).__name__}"
        )
    try:
        # The official SDK's encoding (json.dumps defaults), minus the NaN it would let by.
        return json.dumps(parameters, allow_nan=False)
    except TypeError as error:
        raise TypeError(f"`parameters` must be JSON-serializable: {error}") from None
    except (ValueError, RecursionError) as error:
        raise ValueError(f"`parameters` cannot be encoded as JSON: {error}") from None


def web_search(
    excluded_domains: Sequence[str] | None = None,
    allowed_domains: Sequence[str] | None = None,
    *,
    enable_image_understanding: bool = False,
    enable_image_search: bool = False,
    user_location_country: str | None = None,
    user_location_city: str | None = None,
    user_location_region: str | None = None,
    user_location_timezone: str | None = None,
) -> xai_api.Tool:
    """Let the model search the web and read pages (a server-side tool).

    Args:
        excluded_domains: At most 5 domains to leave out (``"example.com"``: no scheme).
        allowed_domains: At most 5 domains to search exclusively (no scheme). Not with
            ``excluded_domains``.
        enable_image_understanding: Let the model look at images on the pages it reads.
        enable_image_search: Let the model search for images it can put in its answer.
        user_location_country: The user's country, an ISO 3166-1 alpha-2 code (``"US"``).
        user_location_city: The user's city, free text.
        user_location_region: The user's region, free text.
        user_location_timezone: The user's IANA time zone (``"America/Los_Angeles"``).

    Returns:
        The tool, for ``chat.create(tools=[...])``.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: Too many domains, a URL instead of a domain, both domain lists, an
            empty string, or a country that is not two letters.
    """
    excluded = text_list("excluded_domains", excluded_domains, most=MAX_DOMAINS, domains=True)
    allowed = text_list("allowed_domains", allowed_domains, most=MAX_DOMAINS, domains=True)
    exclusive("excluded_domains", excluded, "allowed_domains", allowed)
    country = optional_name("user_location_country", user_location_country)
    if country is not None and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise ValueError(
            f"`user_location_country` must be an ISO 3166-1 alpha-2 code such as 'US', "
            f"got {country[:20]!r}"
        )
    location = {
        "country": country,
        "city": optional_name("user_location_city", user_location_city),
        "region": optional_name("user_location_region", user_location_region),
        "timezone": optional_name("user_location_timezone", user_location_timezone),
    }
    return xai_api.Tool(
        web_search=xai_api.WebSearch(
            excluded_domains=excluded,
            allowed_domains=allowed,
            enable_image_understanding=flag(
                "enable_image_understanding", enable_image_understanding
            ),
            enable_image_search=flag("enable_image_search", enable_image_search),
            user_location=(
                xai_api.WebSearchUserLocation(**location)
                if any(value is not None for value in location.values())
                else None
            ),
        )
    )


def x_search(
    from_date: datetime.datetime | None = None,
    to_date: datetime.datetime | None = None,
    allowed_x_handles: Sequence[str] | None = None,
    excluded_x_handles: Sequence[str] | None = None,
    *,
    enable_image_understanding: bool = False,
    enable_video_understanding: bool = False,
) -> xai_api.Tool:
    """Let the model search posts on X (a server-side tool).

    Args:
        from_date: Only posts from this moment on (a naive datetime is taken as UTC).
        to_date: Only posts up to this moment (a naive datetime is taken as UTC).
        allowed_x_handles: Only posts by these accounts (handles without ``@``). Not with
            ``excluded_x_handles``.
        excluded_x_handles: No posts by these accounts (handles without ``@``).
        enable_image_understanding: Let the model look at images in posts.
        enable_video_understanding: Let the model watch videos in posts.

    Returns:
        The tool, for ``chat.create(tools=[...])``.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: ``from_date`` after ``to_date``, both handle lists, or a handle that
            starts with ``@`` or is empty.
    """
    start, end = date_range(from_date, to_date)
    allowed = text_list("allowed_x_handles", allowed_x_handles, handles=True)
    excluded = text_list("excluded_x_handles", excluded_x_handles, handles=True)
    exclusive("allowed_x_handles", allowed, "excluded_x_handles", excluded)
    return xai_api.Tool(
        x_search=xai_api.XSearch(
            from_date=start,
            to_date=end,
            allowed_x_handles=allowed,
            excluded_x_handles=excluded,
            enable_image_understanding=flag(
                "enable_image_understanding", enable_image_understanding
            ),
            enable_video_understanding=flag(
                "enable_video_understanding", enable_video_understanding
            ),
        )
    )


def code_execution() -> xai_api.Tool:
    """Let the model run code to compute, analyse data or test ideas (a server-side tool)."""
    return xai_api.Tool(code_execution=xai_api.CodeExecution())


_IMAGE_ACTIONS = {action: action for action in ("auto", "generate", "edit")}


def image_generation(action: Literal["auto", "generate", "edit"] | None = None) -> xai_api.Tool:
    """Let the model generate and edit images (a server-side tool).

    Args:
        action: ``"generate"`` (from text only), ``"edit"`` (images of the conversation or
            made before) or ``"auto"`` (both); ``None`` leaves it to the server (``"auto"``).

    Returns:
        The tool, for ``chat.create(tools=[...])``; the images come back in
        ``response.image_outputs``.

    Raises:
        ValueError: ``action`` is not one of the above.
    """
    if action is None:
        return xai_api.Tool(image_generation=xai_api.ImageGeneration())
    chosen = validate.choose("action", action, _IMAGE_ACTIONS)
    return xai_api.Tool(image_generation=xai_api.ImageGeneration(action=chosen))


_RetrievalMessage = xai_api.HybridRetrieval | xai_api.SemanticRetrieval | xai_api.KeywordRetrieval


def collections_search(
    collection_ids: Sequence[str],
    limit: int | None = None,
    *,
    instructions: str | None = None,
    retrieval_mode: DocumentRetrievalMode | _RetrievalMessage | None = None,
) -> xai_api.Tool:
    """Let the model search your document collections (a server-side tool).

    Args:
        collection_ids: The collections to search: 1 to 10 ids.
        limit: The most results a search returns (server default 10).
        instructions: How to interpret and rank the search (server default when ``None``).
        retrieval_mode: ``"hybrid"`` (the server default), ``"semantic"`` or ``"keyword"``,
            or an ``xai_api.HybridRetrieval``/``SemanticRetrieval``/``KeywordRetrieval``
            message to tune it.

    Returns:
        The tool, for ``chat.create(tools=[...])``.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: No collection or more than 10, an empty id, ``limit`` below 1, or an
            unknown ``retrieval_mode``.
    """
    if collection_ids is None:
        raise TypeError("`collection_ids` must be a sequence of str, got None")
    ids = text_list("collection_ids", collection_ids, most=MAX_COLLECTIONS)
    if not ids:
        raise ValueError("`collection_ids` must name at least one collection")
    return xai_api.Tool(
        collections_search=xai_api.CollectionsSearch(
            collection_ids=ids,
            limit=validate.optional_int("limit", limit, minimum=1),
            instructions=validate.optional_str("instructions", instructions),
            **retrieval_fields(retrieval_mode),
        )
    )


_RETRIEVAL_FIELDS: dict[str, tuple[str, type[_RetrievalMessage]]] = {
    "hybrid": ("hybrid_retrieval", xai_api.HybridRetrieval),
    "semantic": ("semantic_retrieval", xai_api.SemanticRetrieval),
    "keyword": ("keyword_retrieval", xai_api.KeywordRetrieval),
}


def retrieval_fields(mode: object) -> dict[str, Any]:
    """The one ``retrieval_mode`` oneof field to set (for collections search too)."""
    if mode is None:
        return {}
    for field, kind in _RETRIEVAL_FIELDS.values():
        if isinstance(mode, kind):
            return {field: mode}
    if isinstance(mode, str):
        field, kind = validate.choose("retrieval_mode", mode, _RETRIEVAL_FIELDS)
        return {field: kind()}
    raise TypeError(
        "`retrieval_mode` must be 'hybrid', 'semantic', 'keyword' or an xai_api "
        f"HybridRetrieval/SemanticRetrieval/KeywordRetrieval message, got {type(mode).__name__}"
    )


# RFC 9110 token characters: what a header name may be made of.
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEADER_BREAKERS = ("\r", "\n", "\0")


def mcp(
    server_url: str,
    server_label: str | None = None,
    server_description: str | None = None,
    allowed_tool_names: Sequence[str] | None = None,
    authorization: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> xai_api.Tool:
    """Let the model call the tools of a remote MCP server (a server-side tool).

    xAI connects to the server, not you: it must be reachable from the internet.

    Args:
        server_url: The MCP server's http(s) URL.
        server_label: A label for the server; its tools' names are prefixed with it.
        server_description: What the server offers, for the model.
        allowed_tool_names: The only tools the model may call (all of them when empty).
        authorization: The token xAI sends to the server. It is a secret: no error message
            here shows it, nor any header value.
        extra_headers: More HTTP headers for the server (name -> value).

    Returns:
        The tool, for ``chat.create(tools=[...])``.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: ``server_url`` is not an http(s) URL with a host, a tool name or
            ``authorization`` is empty, or a header name or value cannot be sent.
    """
    return xai_api.Tool(
        mcp=xai_api.Mcp(
            server_url=_server_url(server_url),
            server_label=validate.optional_str("server_label", server_label) or "",
            server_description=validate.optional_str("server_description", server_description)
            or "",
            allowed_tool_names=text_list("allowed_tool_names", allowed_tool_names),
            authorization=(
                None if authorization is None else _header_value("authorization", authorization)
            ),
            extra_headers=_headers(extra_headers),
        )
    )


def _server_url(value: object) -> str:
    # The URL is never quoted back: it may carry credentials (user:token@host, ?key=...).
    url = validate.text("server_url", value)
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise ValueError("`server_url` is not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"scheme {parts.scheme!r}" if parts.scheme else "no scheme"
        raise ValueError(f"`server_url` must be an http(s) URL, got {shown}")
    if not host:
        raise ValueError("`server_url` must name a host (https://host/...)")
    return url


def _header_value(argument: str, value: object) -> str:
    # Secrets pass through here: messages name the argument, never the value.
    if not isinstance(value, str):
        raise TypeError(f"`{argument}` must be a string, got {type(value).__name__}")
    validate.text(argument, value)
    if not value.strip():
        raise ValueError(f"`{argument}` must not be empty")
    if any(breaker in value for breaker in _HEADER_BREAKERS):
        raise ValueError(f"`{argument}` must not contain a line break or NUL character")
    return value


def _headers(headers: object) -> dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise TypeError(
            f"`extra_headers` must be a mapping of header names to values, "
            f"got {type(headers).__name__}"
        )
    checked = {}
    for name, value in headers.items():
        if not isinstance(name, str):
            raise TypeError(f"`extra_headers` names must be strings, got {type(name).__name__}")
        if not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"`extra_headers` has an invalid header name: {name[:60]!r}")
        checked[name] = _header_value(f"extra_headers[{name!r}]", value)
    return checked


def attachment_search(limit: int | None = None) -> xai_api.Tool:
    """Let the model search the files attached to the conversation (a server-side tool).

    The official SDK has no builder for it; the API does (``Tool.attachment_search``).

    Args:
        limit: The most results a search returns (server default when ``None``).

    Returns:
        The tool, for ``chat.create(tools=[...])``.

    Raises:
        TypeError: ``limit`` is not an int.
        ValueError: ``limit`` is below 1 or above the int32 range.
    """
    return xai_api.Tool(
        attachment_search=xai_api.AttachmentSearch(
            limit=validate.optional_int("limit", limit, minimum=1)
        )
    )


def get_tool_call_type(tool_call: xai_api.ToolCall) -> str:
    """What kind of tool a tool call is for, as the official SDK names it.

    Args:
        tool_call: A call from ``response.tool_calls`` (or a chunk's).

    Returns:
        ``"client_side_tool"`` (a ``tool()`` of yours: run it), ``"web_search_tool"``,
        ``"x_search_tool"``, ``"code_execution_tool"``, ``"collections_search_tool"``,
        ``"mcp_tool"``, ``"attachment_search_tool"`` or ``"image_generation_tool"`` (the
        server ran these), ``"invalid"`` when the type is unset, and ``"unknown_<n>"`` for a
        type newer than this SDK (where the official SDK raises ``ValueError``).

    Raises:
        TypeError: ``tool_call`` is not an ``xai_api.ToolCall``.
    """
    if not isinstance(tool_call, xai_api.ToolCall):
        raise TypeError(f"`tool_call` must be an xai_api.ToolCall, got {type(tool_call).__name__}")
    kind = xai_api.ToolCallType(tool_call.type)
    return kind.name.lower() if kind.name else f"unknown_{kind.value}"
