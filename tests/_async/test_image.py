"""``client.image`` against the fake server; downloads from a local HTTP server, never the web."""

from __future__ import annotations

import base64
import datetime
import sys
import time
from collections.abc import Iterator
from typing import Any

import grpc
import httpx
import pytest

from tests.fake_server import FakeXai, enum_name
from tests.local_http import LocalHttp, Route
from xai_async import AsyncClient, DeadlineExceededError, InvalidArgumentError, RateLimitError
from xai_async._core.enums import IMAGE_ASPECT_RATIO, IMAGE_QUALITY, IMAGE_RESOLUTION
from xai_async.image import ImageResponse
from xai_async.proto import xai_api
from xai_async.testing import tiny_png

PNG = tiny_png()
MODEL = "grok-imagine-image"


@pytest.fixture
def image_host(fake_xai: FakeXai) -> Iterator[LocalHttp]:
    """A local HTTP server the fake's image URLs point at: every path serves the PNG."""
    with LocalHttp() as host:
        host.fallback = Route(PNG, content_type="image/png")
        fake_xai.servicer("xai_api.Image").url_base = host.base_url
        yield host


def _sent(fake_xai: FakeXai) -> Any:
    (call,) = fake_xai.received
    assert call.method == "GenerateImage"
    return call.request


async def test_sample_sends_every_setting_and_downloads_the_url(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample(
            "A lighthouse at dawn",
            MODEL,
            user="user-7",
            aspect_ratio="9:19.5",
            resolution="2k",
            quality="low",
        )
        assert isinstance(response, ImageResponse)
        assert response.url.startswith(f"{image_host.base_url}/images/")
        assert response.mime_type == "image/png"
        assert await response.image == PNG

    sent = _sent(fake_xai)
    assert (sent.prompt, sent.model, sent.user) == ("A lighthouse at dawn", MODEL, "user-7")
    assert sent.HasField("n")  # as the official SDK: n=1 is sent
    assert sent.n == 1
    assert enum_name("xai_api.ImageFormat", sent.format) == "IMG_FORMAT_URL"  # the default
    assert enum_name("xai_api.ImageAspectRatio", sent.aspect_ratio) == "IMG_ASPECT_RATIO_9_19_5"
    assert enum_name("xai_api.ImageResolution", sent.resolution) == "IMG_RESOLUTION_2K"
    assert enum_name("xai_api.ImageQuality", sent.quality) == "IMG_QUALITY_LOW"
    assert not sent.HasField("image")
    assert not sent.HasField("storage_options")
    # The response reads back.
    assert response.model == MODEL
    assert response.respect_moderation
    assert response.cost_usd == pytest.approx(0.02)
    assert response.usage.prompt_text_tokens == 4
    assert isinstance(response.proto, xai_api.ImageResponse)
    assert response.file_output is None
    assert response.storage_error is None
    assert response.public_url is None
    with pytest.raises(ValueError, match="came as a URL"):
        response.base64  # noqa: B018
    # The download: one GET, with the SDK's user agent.
    (seen,) = image_host.requests
    assert response.url.endswith(seen.path)
    assert seen.headers["user-agent"].startswith("xai-async-python/")


async def test_base64_images_decode_without_any_download(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample("A red square", MODEL, image_format="base64")
        assert response.base64.startswith("data:image/png;base64,")
        assert response.mime_type == "image/png"
        assert await response.image == PNG
        assert await response.read() == PNG
    assert enum_name("xai_api.ImageFormat", _sent(fake_xai).format) == "IMG_FORMAT_BASE64"
    assert image_host.requests == []
    with pytest.raises(ValueError, match="came as base64"):
        response.url  # noqa: B018


async def test_sample_batch_returns_one_response_per_image(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        responses = await client.image.sample_batch("Three boats", MODEL, 3)
        assert [response.index for response in responses] == [0, 1, 2]
        assert len({response.url for response in responses}) == 3
        for response in responses:
            assert await response.image == PNG
            assert response.proto is responses[0].proto  # one message, three views
    assert _sent(fake_xai).n == 3
    assert len(image_host.requests) == 3
    assert responses[0].cost_usd == pytest.approx(0.06)  # the whole request's cost


async def test_a_downloaded_image_is_kept(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample("A kite", MODEL)
    assert await response.image == PNG
    assert await response.image == PNG
    assert len(image_host.requests) == 1


async def test_edits_send_the_input_images(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    data_url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    async with AsyncClient(**client_kwargs) as client:
        await client.image.sample("Make it blue", MODEL, image_url=data_url)
        await client.image.sample("Make it green", MODEL, image_file_id="file-9")
        await client.image.sample(
            "Blend them",
            MODEL,
            image_urls=["https://example.com/a.jpg", "https://example.com/b.jpg"],
            image_file_ids=["file-1"],
        )
    by_url, by_file, several = (call.request for call in fake_xai.received)
    assert by_url.image.image_url == data_url
    assert enum_name("xai_api.ImageDetail", by_url.image.detail) == "DETAIL_AUTO"
    assert by_file.image.file_id == "file-9"
    assert not several.HasField("image")
    # File ids first, then URLs: the order the official SDK sends (the model's <IMAGE_n>).
    assert [image.WhichOneof("source") for image in several.images] == [
        "file_id",
        "image_url",
        "image_url",
    ]
    assert [image.file_id or image.image_url for image in several.images] == [
        "file-1",
        "https://example.com/a.jpg",
        "https://example.com/b.jpg",
    ]


async def test_every_aspect_ratio_resolution_and_quality_reaches_the_wire(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    ratios, resolutions = list(IMAGE_ASPECT_RATIO), list(IMAGE_RESOLUTION)
    qualities = list(IMAGE_QUALITY)
    async with AsyncClient(**client_kwargs) as client:
        for ratio in ratios:
            await client.image.sample("x", MODEL, aspect_ratio=ratio)  # type: ignore[arg-type]
        for resolution in resolutions:
            await client.image.sample("x", MODEL, resolution=resolution)  # type: ignore[arg-type]
        for quality in qualities:
            await client.image.sample("x", MODEL, quality=quality)  # type: ignore[arg-type]
        # The proto enums reach what the official SDK's strings leave out.
        await client.image.sample(
            "x",
            MODEL,
            aspect_ratio=xai_api.ImageAspectRatio.IMG_ASPECT_RATIO_AUTO,
            quality=xai_api.ImageQuality.IMG_QUALITY_HIGH,
        )
    sent = [call.request for call in fake_xai.received]
    names = [enum_name("xai_api.ImageAspectRatio", r.aspect_ratio) for r in sent[: len(ratios)]]
    assert [name.removeprefix("IMG_ASPECT_RATIO_") for name in names] == [
        ratio.replace(".", "_").replace(":", "_") for ratio in ratios
    ]
    sent = sent[len(ratios) :]
    assert [enum_name("xai_api.ImageResolution", r.resolution) for r in sent[:2]] == [
        "IMG_RESOLUTION_1K",
        "IMG_RESOLUTION_2K",
    ]
    assert [enum_name("xai_api.ImageQuality", r.quality) for r in sent[2:4]] == [
        "IMG_QUALITY_LOW",
        "IMG_QUALITY_MEDIUM",
    ]
    assert enum_name("xai_api.ImageAspectRatio", sent[4].aspect_ratio) == "IMG_ASPECT_RATIO_AUTO"
    assert enum_name("xai_api.ImageQuality", sent[4].quality) == "IMG_QUALITY_HIGH"


async def test_storage_options_store_the_image(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    before = datetime.datetime.now(datetime.timezone.utc)
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample(
            "A stamp",
            MODEL,
            storage_options={
                "filename": "stamp.png",
                "expires_after": datetime.timedelta(hours=2),
                "public_url": {"expires_after": 600},
            },
        )
        private = await client.image.sample(
            "A coin", MODEL, storage_options={"filename": "coin.png"}
        )
    options = fake_xai.received[0].request.storage_options
    assert (options.filename, options.expires_after) == ("stamp.png", 7200)
    assert options.public_url.expires_after == 600
    stored = response.file_output
    assert stored is not None
    assert (stored.file_id, stored.filename) == ("file-1", "stamp.png")
    assert stored.expires_at is not None
    assert stored.expires_at - before >= datetime.timedelta(hours=2)
    assert response.public_url == "https://imgen.x.ai.invalid/public/file-1/stamp.png"
    assert response.public_url_error is None
    assert not fake_xai.received[1].request.storage_options.HasField("public_url")
    assert private.file_output is not None
    assert private.public_url is None


async def test_storage_and_public_url_errors_read_back(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    servicer = fake_xai.servicer("xai_api.Image")
    async with AsyncClient(**client_kwargs) as client:
        servicer.public_url_error = "public URLs are off for this team"
        partly = await client.image.sample(
            "x", MODEL, storage_options={"filename": "a.png", "public_url": True}
        )
        servicer.storage_error = "quota exceeded"
        failed = await client.image.sample("x", MODEL, storage_options={"filename": "b.png"})
    assert partly.file_output is not None
    assert partly.public_url is None
    assert partly.public_url_error == "public URLs are off for this team"
    assert failed.file_output is None
    assert failed.storage_error == "quota exceeded"
    assert failed.url  # the image itself is still there


async def test_a_moderated_image_has_no_url_or_bytes(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    fake_xai.servicer("xai_api.Image").moderated = {1}
    async with AsyncClient(**client_kwargs) as client:
        kept, blocked = await client.image.sample_batch("x", MODEL, 2)
        assert await kept.image == PNG
        assert not blocked.respect_moderation
        with pytest.raises(ValueError, match="moderation"):
            blocked.url  # noqa: B018
        with pytest.raises(ValueError, match="moderation"):
            await blocked.image
    assert len(image_host.requests) == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"aspect_ratio": "21:9"}, ValueError, "aspect_ratio"),
        ({"aspect_ratio": "auto"}, ValueError, "aspect_ratio"),
        ({"resolution": "4k"}, ValueError, "resolution"),
        ({"quality": "high"}, ValueError, "quality"),
        ({"image_format": "png"}, ValueError, "image_format"),
        ({"image_format": xai_api.ImageFormat.IMG_FORMAT_INVALID}, ValueError, "image_format"),
        ({"image_url": "https://a/x.png", "image_file_id": "f"}, ValueError, "image_file_id"),
        ({"image_url": "https://a/x.png", "image_urls": []}, ValueError, "not both"),
        ({"image_file_ids": ["f"], "image_file_id": "g"}, ValueError, "not both"),
        ({"image_urls": "https://a/x.png"}, TypeError, "image_urls"),
        ({"image_urls": ["ok", ""]}, ValueError, "image_urls"),
        ({"image_url": ""}, ValueError, "image_url"),
        ({"user": 7}, TypeError, "user"),
        ({"storage_options": {"expires_after": 60}}, ValueError, "filename"),
        ({"storage_options": {"filename": "a", "ttl": 1}}, ValueError, "ttl"),
        ({"storage_options": {"filename": "a", "expires_after": -1}}, ValueError, "expires"),
        ({"storage_options": {"filename": "a", "public_url": "yes"}}, TypeError, "public_url"),
        ({"storage_options": "a.png"}, TypeError, "storage_options"),
    ],
)
async def test_bad_arguments_fail_before_anything_is_sent(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    kwargs: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(error, match=match):
            await client.image.sample("x", MODEL, **kwargs)
        with pytest.raises(error, match=match):
            await client.image.sample_batch("x", MODEL, 2, **kwargs)
        with pytest.raises(error, match=match):
            client.image.prepare("x", MODEL, **kwargs)
    assert fake_xai.received == []


async def test_bad_prompt_model_or_n_fail_before_anything_is_sent(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(TypeError, match="prompt"):
            await client.image.sample(None, MODEL)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="model"):
            await client.image.sample("x", " ")
        with pytest.raises(ValueError, match="`n`"):
            await client.image.sample_batch("x", MODEL, 0)
        with pytest.raises(TypeError, match="`n`"):
            await client.image.sample_batch("x", MODEL, "2")  # type: ignore[arg-type]
    assert fake_xai.received == []


async def test_server_errors_are_typed(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    fake_xai.fail_next(1, grpc.StatusCode.RESOURCE_EXHAUSTED, "slow down")
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(RateLimitError, match="slow down"):
            await client.image.sample("x", MODEL)
        with pytest.raises(InvalidArgumentError, match="n must be 1 to 10"):
            await client.image.sample_batch("x", MODEL, 11)  # a limit left to the server
        fake_xai.delay = 2.0
        with pytest.raises(DeadlineExceededError):
            await client.image.sample("x", MODEL, timeout=0.2)


async def test_prepare_builds_a_batch_request_and_sends_nothing(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        named = client.image.prepare(
            "A sunset", MODEL, batch_request_id="sunset-1", image_format="base64"
        )
        unnamed = client.image.prepare("A forest", MODEL, image_file_ids=["file-3"])
    assert fake_xai.received == []
    assert isinstance(named, xai_api.BatchRequest)
    assert named.batch_request_id == "sunset-1"
    assert named.image_request is not None
    assert named.image_request.prompt == "A sunset"
    assert named.image_request.format == xai_api.ImageFormat.IMG_FORMAT_BASE64
    assert named.image_request.n == 1
    assert unnamed.batch_request_id == ""  # as the official SDK: present and empty
    assert unnamed.image_request is not None
    assert unnamed.image_request.images[0].file_id == "file-3"


# -- downloads: errors, timeouts and refusals --------------------------------------------------


async def test_a_download_error_status_is_raised(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    image_host.fallback = Route(b"gone", status=404)
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample("x", MODEL)
    with pytest.raises(httpx.HTTPStatusError, match="404"):
        await response.image


async def test_redirects_are_followed(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    target = image_host.serve("/cdn/picture.png", PNG, content_type="image/png")
    image_host.fallback = Route(status=302, location=target)
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample("x", MODEL)
    assert await response.image == PNG
    assert [seen.path for seen in image_host.requests][-1] == "/cdn/picture.png"


async def test_a_slow_server_times_out(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    image_host.fallback = Route(PNG, delay=5.0)
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample("x", MODEL)
    started = time.monotonic()
    with pytest.raises(httpx.TimeoutException):
        await response.read(timeout=0.3)
    assert time.monotonic() - started < 3


async def test_a_trickling_server_is_cut_at_the_total_timeout(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    # Each byte comes well within the read timeout; the whole body would take ~7 s.
    image_host.fallback = Route(PNG, trickle=0.1)
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample("x", MODEL)
    started = time.monotonic()
    with pytest.raises(httpx.TimeoutException, match=r"longer than 0\.5 s"):
        await response.read(timeout=0.5)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "url_base", ["file:///etc", "ftp://files.example.com", "//no-scheme.example.com"]
)
async def test_only_http_and_https_urls_are_downloaded(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], url_base: str
) -> None:
    fake_xai.servicer("xai_api.Image").url_base = url_base
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample("x", MODEL)
    assert response.url.startswith(url_base)  # readable, but never fetched
    with pytest.raises(ValueError, match="Only http:// and https:// URLs"):
        await response.image


async def test_bad_download_timeouts_are_refused(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], image_host: LocalHttp
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        response = await client.image.sample("x", MODEL)
    with pytest.raises(ValueError, match="timeout"):
        await response.read(timeout=0)
    assert image_host.requests == []


async def test_without_httpx_a_download_says_which_extra_to_install(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    image_host: LocalHttp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        by_url = await client.image.sample("x", MODEL)
        inline = await client.image.sample("x", MODEL, image_format="base64")
    monkeypatch.setitem(sys.modules, "httpx", None)  # what an uninstalled package looks like
    with pytest.raises(ImportError, match=r"xai-async\[image-download\]"):
        await by_url.image
    assert await inline.image == PNG  # base64 needs no HTTP client
    assert image_host.requests == []
