"""Tool builders: each makes the message the official SDK makes, and refuses bad input first."""

from __future__ import annotations

import datetime
import inspect
import json
import math
from typing import Any

import pytest

from tests.fake_server import message_class
from xai_async import tools
from xai_async._core import wire
from xai_async.proto import xai_api

UTC = datetime.timezone.utc


def _wire(tool: xai_api.Tool) -> Any:
    """The tool as the server decodes it (protobuf, the fake server's independent codec)."""
    return message_class("xai_api.Tool").FromString(wire.codec(xai_api.Tool).encode(tool))


def _which(decoded: Any) -> str:
    return str(decoded.WhichOneof("tool"))


# The official signatures (xai_sdk 1.21): names, kinds and defaults, so calls port unchanged.
P, K = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY
E = inspect.Parameter.empty
OFFICIAL_SIGNATURES: dict[str, list[tuple[str, Any, Any]]] = {
    "tool": [("name", P, E), ("description", P, E), ("parameters", P, E)],
    "web_search": [
        ("excluded_domains", P, None),
        ("allowed_domains", P, None),
        ("enable_image_understanding", K, False),
        ("enable_image_search", K, False),
        ("user_location_country", K, None),
        ("user_location_city", K, None),
        ("user_location_region", K, None),
        ("user_location_timezone", K, None),
    ],
    "x_search": [
        ("from_date", P, None),
        ("to_date", P, None),
        ("allowed_x_handles", P, None),
        ("excluded_x_handles", P, None),
        ("enable_image_understanding", K, False),
        ("enable_video_understanding", K, False),
    ],
    "code_execution": [],
    "image_generation": [("action", P, None)],
    "collections_search": [
        ("collection_ids", P, E),
        ("limit", P, None),
        ("instructions", K, None),
        ("retrieval_mode", K, None),
    ],
    "mcp": [
        ("server_url", P, E),
        ("server_label", P, None),
        ("server_description", P, None),
        ("allowed_tool_names", P, None),
        ("authorization", P, None),
        ("extra_headers", P, None),
    ],
    "get_tool_call_type": [("tool_call", P, E)],
    "attachment_search": [("limit", P, None)],  # ours only: the official SDK lacks it
}


@pytest.mark.parametrize("name", sorted(OFFICIAL_SIGNATURES))
def test_signatures_are_the_official_ones(name: str) -> None:
    shape = [
        (p.name, p.kind, p.default)
        for p in inspect.signature(getattr(tools, name)).parameters.values()
    ]
    assert shape == OFFICIAL_SIGNATURES[name]


def test_the_module_lists_every_builder() -> None:
    assert set(OFFICIAL_SIGNATURES) <= set(tools.__all__)


# tool(): client-side functions

SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string", "description": "Zürich or elsewhere"}},
    "required": ["city"],
}


def test_tool_carries_name_description_and_the_schema_as_json() -> None:
    made = tools.tool("get_weather", "Get the weather.", SCHEMA)
    assert made.function is not None
    assert (made.function.name, made.function.description) == ("get_weather", "Get the weather.")
    # Encoded as the official SDK does (json.dumps defaults), decoded back to the same schema.
    assert made.function.parameters == json.dumps(SCHEMA)
    decoded = _wire(made)
    assert _which(decoded) == "function"
    assert decoded.function.name == "get_weather"
    assert json.loads(decoded.function.parameters) == SCHEMA
    assert not decoded.function.strict


def test_tool_takes_a_class_with_model_json_schema() -> None:
    class Model:  # what tool() looks for in a pydantic model class, without pydantic
        @classmethod
        def model_json_schema(cls) -> dict[str, Any]:
            return SCHEMA

    made = tools.tool("get_weather", "", Model)
    assert made.function is not None
    assert json.loads(made.function.parameters) == SCHEMA


def test_tool_takes_a_pydantic_model_class() -> None:
    pydantic = pytest.importorskip("pydantic")

    class GetWeather(pydantic.BaseModel):  # type: ignore[misc, name-defined]
        city: str = pydantic.Field(description="The city.")
        days: int = 1

    made = tools.tool("get_weather", "Get the weather.", GetWeather)
    assert made.function is not None
    assert json.loads(made.function.parameters) == GetWeather.model_json_schema()
    assert json.loads(_wire(made).function.parameters)["required"] == ["city"]


class _Node:
    pass


@pytest.mark.parametrize(
    ("parameters", "error"),
    [
        ([SCHEMA], TypeError),  # a list, not a dict
        ('{"type": "object"}', TypeError),  # JSON text, not a dict
        (None, TypeError),
        (_Node, TypeError),  # a class without model_json_schema
        ({"enum": {1, 2}}, TypeError),  # a set is not JSON
        ({"default": _Node()}, TypeError),
        ({"maximum": math.nan}, ValueError),  # json.dumps would write invalid JSON (NaN)
        ({"maximum": math.inf}, ValueError),
    ],
)
def test_tool_refuses_parameters_that_are_not_a_json_dict(parameters: Any, error: type) -> None:
    with pytest.raises(error, match="`parameters`"):
        tools.tool("f", "d", parameters)


def test_tool_refuses_a_cyclic_schema() -> None:
    cyclic: dict[str, Any] = {"type": "object"}
    cyclic["properties"] = cyclic
    with pytest.raises(ValueError, match="`parameters`"):
        tools.tool("f", "d", cyclic)


def test_tool_refuses_a_model_instance_and_names_the_class_fix() -> None:
    class Model:
        @classmethod
        def model_json_schema(cls) -> dict[str, Any]:
            return SCHEMA

    with pytest.raises(TypeError, match="`parameters` must be a JSON-schema dict or a pydantic"):
        tools.tool("f", "d", Model())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"name": ""}, ValueError, "name"),
        ({"name": "   "}, ValueError, "name"),
        ({"name": None}, TypeError, "name"),
        ({"name": b"f"}, TypeError, "name"),
        ({"name": "f\ud800"}, ValueError, "name"),  # UTF-8 cannot carry a lone surrogate
        ({"description": None}, TypeError, "description"),
        ({"description": 3}, TypeError, "description"),
    ],
)
def test_tool_checks_name_and_description(
    kwargs: dict[str, Any], error: type, argument: str
) -> None:
    arguments = {"name": "f", "description": "d", "parameters": SCHEMA, **kwargs}
    with pytest.raises(error, match=f"`{argument}`"):
        tools.tool(**arguments)


# web_search


def test_web_search_defaults_send_explicit_false_flags_like_the_official_sdk() -> None:
    made = tools.web_search()
    assert made.web_search is not None
    decoded = _wire(made)
    assert _which(decoded) == "web_search"
    assert decoded.web_search.HasField("enable_image_understanding")
    assert decoded.web_search.enable_image_understanding is False
    assert decoded.web_search.HasField("enable_image_search")
    assert not decoded.web_search.HasField("user_location")
    assert list(decoded.web_search.excluded_domains) == []


def test_web_search_with_every_argument() -> None:
    made = tools.web_search(
        allowed_domains=("x.ai", "example.com"),
        enable_image_understanding=True,
        enable_image_search=True,
        user_location_country="US",
        user_location_city="San Francisco",
        user_location_timezone="America/Los_Angeles",
    )
    search = _wire(made).web_search
    assert list(search.allowed_domains) == ["x.ai", "example.com"]
    assert (search.enable_image_understanding, search.enable_image_search) == (True, True)
    location = search.user_location
    assert (location.country, location.city, location.timezone) == (
        "US",
        "San Francisco",
        "America/Los_Angeles",
    )
    assert not location.HasField("region")


def test_web_search_sends_a_location_when_any_part_is_given() -> None:
    decoded = _wire(tools.web_search(user_location_region="Bavaria")).web_search
    assert decoded.HasField("user_location")
    assert decoded.user_location.region == "Bavaria"
    assert not decoded.user_location.HasField("country")


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"excluded_domains": "x.ai"}, TypeError, "excluded_domains"),  # a lone string
        ({"allowed_domains": ["x.ai", 3]}, TypeError, "allowed_domains"),
        ({"excluded_domains": [f"d{i}.com" for i in range(6)]}, ValueError, "excluded_domains"),
        ({"allowed_domains": [f"d{i}.com" for i in range(6)]}, ValueError, "allowed_domains"),
        ({"excluded_domains": ["https://x.ai"]}, ValueError, "excluded_domains"),
        ({"allowed_domains": [""]}, ValueError, "allowed_domains"),
        ({"excluded_domains": ["a.com"], "allowed_domains": ["b.com"]}, ValueError, "allowed"),
        ({"enable_image_understanding": None}, TypeError, "enable_image_understanding"),
        ({"enable_image_search": "yes"}, TypeError, "enable_image_search"),
        ({"user_location_country": "USA"}, ValueError, "user_location_country"),
        ({"user_location_country": "U1"}, ValueError, "user_location_country"),
        ({"user_location_country": 1}, TypeError, "user_location_country"),
        ({"user_location_city": ""}, ValueError, "user_location_city"),
        ({"user_location_region": 5}, TypeError, "user_location_region"),
        ({"user_location_timezone": " "}, ValueError, "user_location_timezone"),
    ],
)
def test_web_search_refuses_bad_arguments(
    kwargs: dict[str, Any], error: type, argument: str
) -> None:
    with pytest.raises(error, match=f"`{argument}"):
        tools.web_search(**kwargs)


def test_web_search_takes_five_domains() -> None:
    domains = [f"d{i}.com" for i in range(5)]
    assert list(_wire(tools.web_search(domains)).web_search.excluded_domains) == domains


# x_search


def test_x_search_defaults() -> None:
    decoded = _wire(tools.x_search())
    assert _which(decoded) == "x_search"
    assert not decoded.x_search.HasField("from_date")
    assert not decoded.x_search.HasField("to_date")
    assert decoded.x_search.HasField("enable_video_understanding")


def test_x_search_dates_naive_as_utc_and_aware_converted() -> None:
    naive = datetime.datetime(2025, 1, 2, 3, 4, 5, 678901)
    paris = datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    made = tools.x_search(naive, paris, ["xai"], enable_image_understanding=True)
    assert made.x_search is not None
    assert made.x_search.from_date == naive.replace(tzinfo=UTC)
    assert made.x_search.to_date == datetime.datetime(2025, 3, 1, 11, tzinfo=UTC)
    decoded = _wire(made).x_search
    assert decoded.from_date.seconds == int(naive.replace(tzinfo=UTC).timestamp())
    assert decoded.from_date.nanos == 678901000
    assert decoded.to_date.ToDatetime(tzinfo=UTC) == datetime.datetime(2025, 3, 1, 11, tzinfo=UTC)
    assert list(decoded.allowed_x_handles) == ["xai"]
    assert decoded.enable_image_understanding is True


def test_x_search_takes_one_date_alone_and_equal_dates() -> None:
    moment = datetime.datetime(2025, 1, 1, tzinfo=UTC)
    assert _wire(tools.x_search(to_date=moment)).x_search.HasField("to_date")
    assert _wire(tools.x_search(moment, moment)).x_search.HasField("from_date")


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"from_date": datetime.date(2025, 1, 1)}, TypeError, "from_date"),
        ({"to_date": "2025-01-01"}, TypeError, "to_date"),
        (
            {
                "from_date": datetime.datetime(2025, 2, 1),
                "to_date": datetime.datetime(2025, 1, 1),
            },
            ValueError,
            "from_date",
        ),
        ({"allowed_x_handles": "xai"}, TypeError, "allowed_x_handles"),
        ({"allowed_x_handles": ["@xai"]}, ValueError, "allowed_x_handles"),
        ({"excluded_x_handles": [""]}, ValueError, "excluded_x_handles"),
        ({"allowed_x_handles": ["a"], "excluded_x_handles": ["b"]}, ValueError, "allowed"),
        ({"enable_video_understanding": 1}, TypeError, "enable_video_understanding"),
    ],
)
def test_x_search_refuses_bad_arguments(kwargs: dict[str, Any], error: type, argument: str) -> None:
    with pytest.raises(error, match=f"`{argument}"):
        tools.x_search(**kwargs)


def test_x_search_refuses_an_aware_date_out_of_range_in_utc() -> None:
    ahead = datetime.timezone(datetime.timedelta(hours=-5))
    with pytest.raises(ValueError, match="`to_date`"):
        tools.x_search(to_date=datetime.datetime.max.replace(tzinfo=ahead))


# code_execution, image_generation, attachment_search


def test_code_execution() -> None:
    made = tools.code_execution()
    assert made.code_execution is not None
    assert _which(_wire(made)) == "code_execution"


def test_image_generation_without_action_leaves_it_to_the_server() -> None:
    decoded = _wire(tools.image_generation())
    assert _which(decoded) == "image_generation"
    assert not decoded.image_generation.HasField("action")


@pytest.mark.parametrize("action", ["auto", "generate", "edit"])
def test_image_generation_actions(action: Any) -> None:
    assert _wire(tools.image_generation(action)).image_generation.action == action


@pytest.mark.parametrize("action", ["create", "", "AUTO", 1])
def test_image_generation_refuses_other_actions(action: Any) -> None:
    with pytest.raises(ValueError, match="`action` must be one of 'auto', 'generate', 'edit'"):
        tools.image_generation(action)


def test_attachment_search() -> None:
    decoded = _wire(tools.attachment_search())
    assert _which(decoded) == "attachment_search"
    assert not decoded.attachment_search.HasField("limit")
    assert _wire(tools.attachment_search(3)).attachment_search.limit == 3


@pytest.mark.parametrize(
    ("limit", "error"), [(0, ValueError), (-1, ValueError), (2**31, ValueError), ("3", TypeError)]
)
def test_attachment_search_limit_is_a_positive_int32(limit: Any, error: type) -> None:
    with pytest.raises(error, match="`limit`"):
        tools.attachment_search(limit)


# collections_search


def test_collections_search_minimal() -> None:
    decoded = _wire(tools.collections_search(["c1"]))
    assert _which(decoded) == "collections_search"
    search = decoded.collections_search
    assert list(search.collection_ids) == ["c1"]
    assert not search.HasField("limit")
    assert not search.HasField("instructions")
    assert search.WhichOneof("retrieval_mode") is None


@pytest.mark.parametrize("mode", ["hybrid", "semantic", "keyword"])
def test_collections_search_retrieval_mode_by_name(mode: Any) -> None:
    made = tools.collections_search(
        ("c1", "c2"), 5, instructions="Prefer recent documents.", retrieval_mode=mode
    )
    search = _wire(made).collections_search
    assert search.WhichOneof("retrieval_mode") == f"{mode}_retrieval"
    assert (search.limit, search.instructions) == (5, "Prefer recent documents.")
    assert list(search.collection_ids) == ["c1", "c2"]


@pytest.mark.parametrize(
    ("message", "field"),
    [
        (xai_api.HybridRetrieval(search_multiplier=3), "hybrid_retrieval"),
        (xai_api.SemanticRetrieval(), "semantic_retrieval"),
        (xai_api.KeywordRetrieval(), "keyword_retrieval"),
    ],
)
def test_collections_search_retrieval_mode_as_a_message(message: Any, field: str) -> None:
    made = tools.collections_search(["c1"], retrieval_mode=message)
    assert getattr(made.collections_search, field) is message
    assert _wire(made).collections_search.WhichOneof("retrieval_mode") == field
    if field == "hybrid_retrieval":
        assert _wire(made).collections_search.hybrid_retrieval.search_multiplier == 3


def test_collections_search_takes_ten_collections() -> None:
    ids = [f"c{i}" for i in range(10)]
    assert list(_wire(tools.collections_search(ids)).collections_search.collection_ids) == ids


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "argument"),
    [
        ((None,), {}, TypeError, "collection_ids"),
        (("c1",), {}, TypeError, "collection_ids"),
        (([],), {}, ValueError, "collection_ids"),
        (([f"c{i}" for i in range(11)],), {}, ValueError, "collection_ids"),
        ((["c1", ""],), {}, ValueError, "collection_ids"),
        ((["c1", 2],), {}, TypeError, "collection_ids"),
        ((["c1"], 0), {}, ValueError, "limit"),
        ((["c1"], 2**31), {}, ValueError, "limit"),
        ((["c1"], True), {}, TypeError, "limit"),
        ((["c1"],), {"instructions": 1}, TypeError, "instructions"),
        ((["c1"],), {"retrieval_mode": "fuzzy"}, ValueError, "retrieval_mode"),
        ((["c1"],), {"retrieval_mode": xai_api.Tool()}, TypeError, "retrieval_mode"),
    ],
)
def test_collections_search_refuses_bad_arguments(
    args: tuple[Any, ...], kwargs: dict[str, Any], error: type, argument: str
) -> None:
    with pytest.raises(error, match=f"`{argument}`"):
        tools.collections_search(*args, **kwargs)


# mcp

SECRET = "Bearer s3cr3t-t0ken"


def test_mcp_with_every_argument() -> None:
    made = tools.mcp(
        "https://mcp.example.com/sse",
        "deepwiki",
        "Reads wikis.",
        ["ask", "read"],
        SECRET,
        {"X-Team": "blue"},
    )
    assert made.mcp is not None
    decoded = _wire(made).mcp
    assert decoded.server_url == "https://mcp.example.com/sse"
    assert (decoded.server_label, decoded.server_description) == ("deepwiki", "Reads wikis.")
    assert list(decoded.allowed_tool_names) == ["ask", "read"]
    assert decoded.authorization == SECRET
    assert dict(decoded.extra_headers) == {"X-Team": "blue"}


def test_mcp_minimal() -> None:
    decoded = _wire(tools.mcp("http://localhost:8000/mcp"))
    assert _which(decoded) == "mcp"
    assert decoded.mcp.server_label == ""
    assert not decoded.mcp.HasField("authorization")
    assert dict(decoded.mcp.extra_headers) == {}


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"server_url": None}, TypeError, "server_url"),
        ({"server_url": ""}, ValueError, "server_url"),
        ({"server_url": "mcp.example.com"}, ValueError, "server_url"),
        ({"server_url": "ftp://mcp.example.com"}, ValueError, "server_url"),
        ({"server_url": "https://"}, ValueError, "server_url"),
        ({"server_url": "https://[::1"}, ValueError, "server_url"),
        ({"server_label": 1}, TypeError, "server_label"),
        ({"server_description": ["d"]}, TypeError, "server_description"),
        ({"allowed_tool_names": "ask"}, TypeError, "allowed_tool_names"),
        ({"allowed_tool_names": ["ask", ""]}, ValueError, "allowed_tool_names"),
        ({"authorization": 123}, TypeError, "authorization"),
        ({"authorization": ""}, ValueError, "authorization"),
        ({"authorization": "Bearer a\r\nX-Evil: 1"}, ValueError, "authorization"),
        ({"extra_headers": [("X-A", "1")]}, TypeError, "extra_headers"),
        ({"extra_headers": {1: "v"}}, TypeError, "extra_headers"),
        ({"extra_headers": {"Bad Name": "v"}}, ValueError, "extra_headers"),
        ({"extra_headers": {"X-A": None}}, TypeError, "extra_headers"),
        ({"extra_headers": {"X-A": "v\n"}}, ValueError, "extra_headers"),
    ],
)
def test_mcp_refuses_bad_arguments(kwargs: dict[str, Any], error: type, argument: str) -> None:
    arguments = {"server_url": "https://mcp.example.com", **kwargs}
    with pytest.raises(error, match=f"`{argument}"):
        tools.mcp(**arguments)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"authorization": SECRET + "\n"},
        {"authorization": SECRET + "\ud800"},
        {"authorization": SECRET, "server_url": "ftp://host"},
        {"authorization": SECRET, "allowed_tool_names": [""]},
        {"authorization": SECRET, "extra_headers": {"X-Key": SECRET + "\r"}},
        {"authorization": SECRET, "extra_headers": {"X-Key": SECRET, "bad name": "v"}},
        {"server_url": f"https://user:{SECRET}@"},  # credentials in the URL are not echoed
        {"server_url": f"gopher://host/?key={SECRET}"},
    ],
)
def test_mcp_errors_never_show_the_secret(kwargs: dict[str, Any]) -> None:
    arguments = {"server_url": "https://mcp.example.com", **kwargs}
    with pytest.raises((TypeError, ValueError)) as caught:
        tools.mcp(**arguments)
    assert "s3cr3t" not in str(caught.value)
    assert "s3cr3t" not in repr(caught.value)


# get_tool_call_type

TOOL_CALL_TYPES = {
    xai_api.ToolCallType.CLIENT_SIDE_TOOL: "client_side_tool",
    xai_api.ToolCallType.WEB_SEARCH_TOOL: "web_search_tool",
    xai_api.ToolCallType.X_SEARCH_TOOL: "x_search_tool",
    xai_api.ToolCallType.CODE_EXECUTION_TOOL: "code_execution_tool",
    xai_api.ToolCallType.COLLECTIONS_SEARCH_TOOL: "collections_search_tool",
    xai_api.ToolCallType.MCP_TOOL: "mcp_tool",
    xai_api.ToolCallType.ATTACHMENT_SEARCH_TOOL: "attachment_search_tool",
    xai_api.ToolCallType.IMAGE_GENERATION_TOOL: "image_generation_tool",
    xai_api.ToolCallType.INVALID: "invalid",
}


def test_every_tool_call_type_has_its_official_name() -> None:
    assert set(TOOL_CALL_TYPES) == set(xai_api.ToolCallType)
    for member, name in TOOL_CALL_TYPES.items():
        assert tools.get_tool_call_type(xai_api.ToolCall(id="call-1", type=member)) == name


def test_tool_call_type_of_a_decoded_call() -> None:
    call = xai_api.ToolCall(id="c", type=xai_api.ToolCallType.WEB_SEARCH_TOOL)
    codec = wire.codec(xai_api.ToolCall)
    assert tools.get_tool_call_type(codec.decode(codec.encode(call))) == "web_search_tool"


def test_a_tool_call_type_newer_than_the_sdk_does_not_raise() -> None:
    codec = wire.codec(xai_api.ToolCall)
    decoded = codec.decode(b"\x10\x63")  # field 2 (type) = 99
    assert tools.get_tool_call_type(decoded) == "unknown_99"


@pytest.mark.parametrize("value", [None, xai_api.Tool(), {"type": 1}])
def test_get_tool_call_type_wants_a_tool_call(value: Any) -> None:
    with pytest.raises(TypeError, match="`tool_call`"):
        tools.get_tool_call_type(value)


def test_every_builder_makes_a_tool_that_encodes() -> None:
    made = [
        tools.tool("f", "d", {}),
        tools.web_search(),
        tools.x_search(),
        tools.code_execution(),
        tools.image_generation(),
        tools.collections_search(["c"]),
        tools.mcp("https://h"),
        tools.attachment_search(),
    ]
    kinds = {_which(_wire(tool)) for tool in made}
    assert len(kinds) == len(made)
