"""Live search settings: the official dataclass and sources, checked before anything is sent."""

from __future__ import annotations

import dataclasses
import datetime
import inspect
from typing import Any, get_args

import pytest

from tests.fake_server import enum_value, message_class
from xai_async import search, types
from xai_async._core import wire
from xai_async._core.enums import SEARCH_MODE
from xai_async.proto import xai_api

UTC = datetime.timezone.utc


def _wire_parameters(parameters: xai_api.SearchParameters) -> Any:
    """The message as the server decodes it (protobuf, the fake server's independent codec)."""
    data = wire.codec(xai_api.SearchParameters).encode(parameters)
    return message_class("xai_api.SearchParameters").FromString(data)


def _wire_source(source: xai_api.Source) -> Any:
    data = wire.codec(xai_api.Source).encode(source)
    return message_class("xai_api.Source").FromString(data)


def test_search_mode_is_the_shared_alias() -> None:
    assert search.SearchMode is types.SearchMode


# The official signatures (xai_sdk 1.21): names, kinds and defaults.
P, K = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY
E = inspect.Parameter.empty
OFFICIAL_SIGNATURES: dict[str, list[tuple[str, Any, Any]]] = {
    "SearchParameters": [
        ("sources", P, None),
        ("mode", P, "auto"),
        ("from_date", P, None),
        ("to_date", P, None),
        ("return_citations", P, True),
        ("max_search_results", P, None),
    ],
    "web_source": [
        ("country", P, None),
        ("excluded_websites", P, None),
        ("allowed_websites", P, None),
        ("safe_search", K, True),
    ],
    "news_source": [("country", P, None), ("excluded_websites", P, None), ("safe_search", K, True)],
    "x_source": [
        ("included_x_handles", P, None),
        ("excluded_x_handles", P, None),
        ("post_favorite_count", P, None),
        ("post_view_count", P, None),
    ],
    "rss_source": [("links", P, E)],
}


@pytest.mark.parametrize("name", sorted(OFFICIAL_SIGNATURES))
def test_signatures_are_the_official_ones(name: str) -> None:
    shape = [
        (p.name, p.kind, p.default)
        for p in inspect.signature(getattr(search, name)).parameters.values()
    ]
    assert shape == OFFICIAL_SIGNATURES[name]
    assert name in search.__all__


def test_search_parameters_is_a_dataclass_with_the_official_fields() -> None:
    fields = [field.name for field in dataclasses.fields(search.SearchParameters)]
    assert fields == [name for name, _, _ in OFFICIAL_SIGNATURES["SearchParameters"]]
    assert search.SearchParameters() == search.SearchParameters()


# SearchParameters


def test_defaults_make_the_official_message() -> None:
    proto = search.SearchParameters().to_proto()
    assert proto == xai_api.SearchParameters(
        mode=xai_api.SearchMode.AUTO_SEARCH_MODE, return_citations=True
    )
    decoded = _wire_parameters(proto)
    assert decoded.mode == enum_value("xai_api.SearchMode", "AUTO_SEARCH_MODE")
    assert decoded.return_citations is True
    assert not decoded.HasField("from_date")
    assert not decoded.HasField("max_search_results")
    assert list(decoded.sources) == []


def test_every_field_reaches_the_wire() -> None:
    naive = datetime.datetime(2025, 1, 2, 3, 4, 5)
    tokyo = datetime.datetime(2025, 2, 1, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))
    parameters = search.SearchParameters(
        sources=[search.web_source("US"), search.x_source(["xai"])],
        mode="on",
        from_date=naive,
        to_date=tokyo,
        return_citations=False,
        max_search_results=7,
    )
    proto = parameters.to_proto()
    assert proto.from_date == naive.replace(tzinfo=UTC)  # naive is UTC, as in the official SDK
    assert proto.to_date == datetime.datetime(2025, 2, 1, tzinfo=UTC)
    decoded = _wire_parameters(proto)
    assert decoded.mode == enum_value("xai_api.SearchMode", "ON_SEARCH_MODE")
    assert [source.WhichOneof("source") for source in decoded.sources] == ["web", "x"]
    assert decoded.sources[0].web.country == "US"
    assert decoded.from_date.ToDatetime(tzinfo=UTC) == naive.replace(tzinfo=UTC)
    assert decoded.to_date.ToDatetime(tzinfo=UTC) == datetime.datetime(2025, 2, 1, tzinfo=UTC)
    assert decoded.return_citations is False
    assert decoded.max_search_results == 7


@pytest.mark.parametrize("mode", ["auto", "on", "off"])
def test_modes(mode: Any) -> None:
    assert search.SearchParameters(mode=mode).to_proto().mode is SEARCH_MODE[mode]


def test_sources_from_a_generator_are_kept() -> None:
    sources = (s for s in [search.news_source()])
    parameters = search.SearchParameters(sources=sources)  # type: ignore[arg-type]
    assert len(parameters.to_proto().sources) == 1
    assert len(parameters.to_proto().sources) == 1  # not used up by the first conversion


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"sources": search.web_source()}, TypeError, "sources"),  # one source, not a list
        ({"sources": ["web"]}, TypeError, "sources"),
        ({"sources": [xai_api.Source()]}, ValueError, "sources"),
        ({"mode": "always"}, ValueError, "mode"),
        ({"mode": None}, ValueError, "mode"),
        ({"from_date": "2025-01-01"}, TypeError, "from_date"),
        ({"to_date": datetime.date(2025, 1, 1)}, TypeError, "to_date"),
        (
            {
                "from_date": datetime.datetime(2025, 1, 2, tzinfo=UTC),
                "to_date": datetime.datetime(2025, 1, 1, 23, tzinfo=UTC),
            },
            ValueError,
            "from_date",
        ),
        ({"return_citations": None}, TypeError, "return_citations"),
        ({"return_citations": 1}, TypeError, "return_citations"),
        ({"max_search_results": 0}, ValueError, "max_search_results"),
        ({"max_search_results": 2**31}, ValueError, "max_search_results"),
        ({"max_search_results": 5.0}, TypeError, "max_search_results"),
    ],
)
def test_bad_fields_fail_when_the_object_is_made(
    kwargs: dict[str, Any], error: type, argument: str
) -> None:
    with pytest.raises(error, match=f"`{argument}`"):
        search.SearchParameters(**kwargs)


def test_a_field_changed_later_is_checked_when_converted() -> None:
    parameters = search.SearchParameters()
    parameters.max_search_results = -1
    with pytest.raises(ValueError, match="`max_search_results`"):
        parameters.to_proto()


def test_dates_compare_in_utc() -> None:
    # 10:00 in UTC+2 is before 09:00 UTC: a valid range although the wall clocks say otherwise.
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    parameters = search.SearchParameters(
        from_date=datetime.datetime(2025, 1, 1, 10, tzinfo=plus_two),
        to_date=datetime.datetime(2025, 1, 1, 9),
    )
    proto = parameters.to_proto()
    assert proto.from_date == datetime.datetime(2025, 1, 1, 8, tzinfo=UTC)


# Sources


def test_web_source() -> None:
    source = search.web_source("US", ["a.com"], safe_search=False)
    assert source.web is not None
    web = _wire_source(source).web
    assert (web.country, list(web.excluded_websites), web.safe_search) == ("US", ["a.com"], False)
    assert list(web.allowed_websites) == []
    default = _wire_source(search.web_source()).web
    assert default.safe_search is True
    assert not default.HasField("country")
    allowed = _wire_source(search.web_source(allowed_websites=[f"s{i}.org" for i in range(5)]))
    assert len(allowed.web.allowed_websites) == 5


def test_news_source() -> None:
    news = _wire_source(search.news_source("DE", ("spiegel.de",))).news
    assert (news.country, list(news.excluded_websites), news.safe_search) == (
        "DE",
        ["spiegel.de"],
        True,
    )


def test_x_source() -> None:
    x = _wire_source(search.x_source(["xai"], ["spam"], 10, 0)).x
    assert (list(x.included_x_handles), list(x.excluded_x_handles)) == (["xai"], ["spam"])
    assert (x.post_favorite_count, x.post_view_count) == (10, 0)
    assert x.HasField("post_view_count")
    assert not _wire_source(search.x_source()).x.HasField("post_favorite_count")


def test_rss_source() -> None:
    rss = _wire_source(search.rss_source(["https://status.x.ai/feed.xml"])).rss
    assert list(rss.links) == ["https://status.x.ai/feed.xml"]


@pytest.mark.parametrize(
    ("builder", "kwargs", "error", "argument"),
    [
        (search.web_source, {"country": 1}, TypeError, "country"),
        (search.web_source, {"country": ""}, ValueError, "country"),
        (search.web_source, {"excluded_websites": "a.com"}, TypeError, "excluded_websites"),
        (
            search.web_source,
            {"excluded_websites": [f"s{i}.com" for i in range(6)]},
            ValueError,
            "excluded_websites",
        ),
        (
            search.web_source,
            {"allowed_websites": [f"s{i}.com" for i in range(6)]},
            ValueError,
            "allowed_websites",
        ),
        (
            search.web_source,
            {"excluded_websites": ["a.com"], "allowed_websites": ["b.com"]},
            ValueError,
            "excluded_websites",
        ),
        (
            search.web_source,
            {"allowed_websites": ["https://a.com"]},
            ValueError,
            "allowed_websites",
        ),
        (search.web_source, {"safe_search": None}, TypeError, "safe_search"),
        (search.news_source, {"country": b"US"}, TypeError, "country"),
        (
            search.news_source,
            {"excluded_websites": [f"s{i}.com" for i in range(6)]},
            ValueError,
            "excluded_websites",
        ),
        (search.news_source, {"excluded_websites": [None]}, TypeError, "excluded_websites"),
        (search.news_source, {"safe_search": "no"}, TypeError, "safe_search"),
        (search.x_source, {"included_x_handles": "xai"}, TypeError, "included_x_handles"),
        (search.x_source, {"excluded_x_handles": ["@spam"]}, ValueError, "excluded_x_handles"),
        (search.x_source, {"post_favorite_count": -1}, ValueError, "post_favorite_count"),
        (search.x_source, {"post_view_count": 2**31}, ValueError, "post_view_count"),
        (search.x_source, {"post_view_count": "10"}, TypeError, "post_view_count"),
        (search.rss_source, {"links": None}, TypeError, "links"),
        (search.rss_source, {"links": "https://a/feed"}, TypeError, "links"),
        (search.rss_source, {"links": []}, ValueError, "links"),
        (search.rss_source, {"links": ["feed.xml"]}, ValueError, "links"),
    ],
)
def test_sources_refuse_bad_arguments(
    builder: Any, kwargs: dict[str, Any], error: type, argument: str
) -> None:
    with pytest.raises(error, match=f"`{argument}`"):
        builder(**kwargs)


# Types


def test_the_official_literal_aliases_are_public() -> None:
    assert len(get_args(types.ChatModel)) == 37
    assert "grok-4.20-non-reasoning" in get_args(types.ChatModel)
    assert set(get_args(types.ImageGenerationModel)) >= {"grok-imagine-image"}
    assert set(get_args(types.VideoResolution)) == {"480p", "720p", "1080p"}
    assert str in get_args(types.AllModels)
    for name in ("ImageAspectRatio", "ImageFormat", "ImageQuality", "ImageResolution"):
        assert name in types.__all__
    assert {"VideoAspectRatio", "VideoGenerationModel", "SearchMode"} <= set(types.__all__)


@pytest.mark.parametrize(
    ("alias", "enum", "key"),
    [
        (types.ImageAspectRatio, xai_api.ImageAspectRatio, "IMG_ASPECT_RATIO_"),
        (types.ImageResolution, xai_api.ImageResolution, "IMG_RESOLUTION_"),
        (types.ImageQuality, xai_api.ImageQuality, "IMG_QUALITY_"),
        (types.ImageFormat, xai_api.ImageFormat, "IMG_FORMAT_"),
        (types.VideoAspectRatio, xai_api.VideoAspectRatio, "_"),
        (types.VideoResolution, xai_api.VideoResolution, "_"),
    ],
)
def test_media_aliases_name_members_of_their_proto_enums(alias: Any, enum: Any, key: str) -> None:
    # A subset, as in the official SDK (the proto also has an "auto" ratio, a "high" quality).
    members = {member.name for member in enum}
    for value in get_args(alias):
        name = key + str(value).upper().replace(":", "_").replace(".", "_")
        assert name in members, (value, name)
