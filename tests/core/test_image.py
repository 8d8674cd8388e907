"""Image requests and responses, without a server: tables, signatures, the wire, downloads.

The official SDK's encodings were recorded (``xai_sdk`` 1.21, ``SerializeToString``) and are
compared here message for message, decoded by the fake server's independent codec: the two
may order fields differently on the wire, never differ in what they say.
"""

from __future__ import annotations

import base64
import datetime
import inspect
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import betterproto2
import pytest

from tests.fake_server import message_class
from xai_async import XAIError, image
from xai_async._core.image import (
    BaseImageClient,
    BaseImageResponse,
    image_request,
    sniff_mime_type,
)
from xai_async._core.io import async_download, download
from xai_async._core.io.web import checked_url, missing_httpx
from xai_async._core.storage import storage_options_proto
from xai_async.proto import xai_api
from xai_async.testing import tiny_png

PNG = tiny_png()
JPEG = b"\xff\xd8\xff\xe0" + bytes(16)

# -- the official signatures, plus ``timeout=``/``on_progress=`` -----------------------------

P, K, E = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY, "E"
IMAGE_OPTIONS = [
    "image_url",
    "image_file_id",
    "image_urls",
    "image_file_ids",
    "user",
    "image_format",
    "aspect_ratio",
    "resolution",
    "quality",
    "storage_options",
]


def _keywords(names: list[str]) -> list[tuple[str, Any, Any]]:
    return [(name, K, None) for name in names]


PROMPT_MODEL = [("prompt", P, E), ("model", P, E)]
#: xai_sdk 1.21's ``aio.image.Client``, then what this SDK adds.
OFFICIAL: dict[str, tuple[Any, list[tuple[str, Any, Any]], list[str]]] = {
    "image.sample": (
        image.AsyncImageClient.sample,
        [*PROMPT_MODEL, *_keywords(IMAGE_OPTIONS)],
        ["timeout"],
    ),
    "image.sample_batch": (
        image.AsyncImageClient.sample_batch,
        [*PROMPT_MODEL, ("n", P, E), *_keywords(IMAGE_OPTIONS)],
        ["timeout"],
    ),
    "image.prepare": (
        image.AsyncImageClient.prepare,
        [*PROMPT_MODEL, ("batch_request_id", K, None), *_keywords(IMAGE_OPTIONS)],
        [],
    ),
}


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_signatures_are_the_official_ones_plus_keywords_at_the_end(name: str) -> None:
    method, official, added = OFFICIAL[name]
    shape = [
        (p.name, p.kind, E if p.default is inspect.Parameter.empty else p.default)
        for p in list(inspect.signature(method).parameters.values())[1:]
    ]
    assert shape == [*official, *_keywords(added)]


# -- requests, compared with the official SDK's -----------------------------------------------

#: What xai_sdk 1.21 sends for the cases of ``CASES`` (hex of ``SerializeToString()``).
RECORDED = {
    "image_default": "0a054120636174121267726f6b2d696d6167696e652d696d61676518015802",
    "image_everything": (
        "0a054120636174121267726f6b2d696d6167696e652d696d616765180322017558016002700a78028a01"
        "0610011a0266318a01130a0f68747470733a2f2f612f312e706e6710018a01130a0f68747470733a2f2f"
        "612f322e706e6710019a010e0a05782e706e6710901c1a02083c"
    ),
    "image_edit": "0a046564697412016d18012a0610011a02663958029a01090a05792e706e671a00",
    "image_prepare": "0a0262311a1f0a017012016d18012a130a0f68747470733a2f2f612f752e706e6710015802",
}

CASES: dict[str, tuple[str, Any]] = {
    "image_default": (
        "xai_api.GenerateImageRequest",
        lambda: image_request("A cat", "grok-imagine-image"),
    ),
    "image_everything": (
        "xai_api.GenerateImageRequest",
        lambda: image_request(
            "A cat",
            "grok-imagine-image",
            n=3,
            image_urls=["https://a/1.png", "https://a/2.png"],
            image_file_ids=["f1"],
            user="u",
            image_format="base64",
            aspect_ratio="19.5:9",
            resolution="2k",
            quality="medium",
            storage_options={
                "filename": "x.png",
                "expires_after": datetime.timedelta(hours=1),
                "public_url": {"expires_after": 60},
            },
        ),
    ),
    "image_edit": (
        "xai_api.GenerateImageRequest",
        lambda: image_request(
            "edit",
            "m",
            image_file_id="f9",
            storage_options={"filename": "y.png", "public_url": True},
        ),
    ),
    "image_prepare": (
        "xai_api.BatchRequest",
        lambda: BaseImageClient().prepare(
            "p", "m", batch_request_id="b1", image_url="https://a/u.png"
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_requests_say_what_the_official_sdk_sends(case: str) -> None:
    message_name, build = CASES[case]
    decode = message_class(message_name).FromString
    assert decode(bytes(build())) == decode(bytes.fromhex(RECORDED[case]))


# -- storage options ---------------------------------------------------------------------------


def test_storage_options_become_the_message() -> None:
    assert storage_options_proto(None) is None
    given = xai_api.StorageOptions(filename="kept.png")
    assert storage_options_proto(given) is given
    assert storage_options_proto({"filename": "a.png"}) == xai_api.StorageOptions(filename="a.png")
    full = storage_options_proto(
        {
            "filename": "a.png",
            "expires_after": datetime.timedelta(days=1),
            "public_url": {"expires_after": 90},
        }
    )
    assert full == xai_api.StorageOptions(
        filename="a.png",
        expires_after=86_400,
        public_url=xai_api.PublicUrlOptions(expires_after=90),
    )
    shared = storage_options_proto({"filename": "a.png", "public_url": True})
    assert shared is not None
    assert shared.public_url == xai_api.PublicUrlOptions()
    private = storage_options_proto({"filename": "a.png", "public_url": False})
    assert private is not None
    assert private.public_url is None


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ({}, ValueError, "filename"),
        ({"filename": 3}, TypeError, "filename"),
        ({"filename": "a", "expires_after": 1.5}, TypeError, "expires_after"),
        ({"filename": "a", "expires_after": 0}, ValueError, "positive"),
        # Cut to whole seconds (as the official SDK does): half a second is no lifetime.
        (
            {"filename": "a", "expires_after": datetime.timedelta(seconds=0.5)},
            ValueError,
            "positive",
        ),
        ({"filename": "a", "public_url": {"ttl": 3}}, ValueError, "ttl"),
        ({"filename": "a", "public_url": {"expires_after": True}}, TypeError, "expires_after"),
        (["a.png"], TypeError, "storage_options"),
    ],
)
def test_bad_storage_options_are_refused(value: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        storage_options_proto(value)


# -- the image response ------------------------------------------------------------------------


def _image_response(**fields: Any) -> BaseImageResponse:
    proto = xai_api.ImageResponse(
        images=[xai_api.GeneratedImage(respect_moderation=True, **fields)], model="m"
    )
    return BaseImageResponse(proto)


def test_mime_type_comes_from_the_data_url_the_bytes_or_the_url() -> None:
    encoded = base64.b64encode(PNG).decode()
    assert _image_response(base64=f"data:image/webp;base64,{encoded}").mime_type == "image/webp"
    assert _image_response(base64=encoded).mime_type == "image/png"  # no data: prefix: sniffed
    jpeg = base64.b64encode(JPEG).decode()
    assert _image_response(base64=jpeg).mime_type == "image/jpeg"
    assert _image_response(url="https://x.ai/i/1.jpeg?sig=2").mime_type == "image/jpeg"
    assert _image_response(url="https://x.ai/i/1").mime_type is None
    assert _image_response(url="https://x.ai/i/1.json").mime_type is None


def test_bytes_are_decoded_from_base64_with_or_without_the_prefix() -> None:
    encoded = base64.b64encode(PNG).decode()
    assert _image_response(base64=f"data:image/png;base64,{encoded}")._known_bytes() == PNG
    assert _image_response(base64=encoded)._known_bytes() == PNG
    assert _image_response(url="https://x.ai/1.png")._known_bytes() is None
    with pytest.raises(ValueError, match="not valid base64"):
        _image_response(base64="data:image/png;base64,@@@")._known_bytes()


def test_sniffing_knows_the_usual_formats() -> None:
    assert sniff_mime_type(PNG) == "image/png"
    assert sniff_mime_type(JPEG) == "image/jpeg"
    assert sniff_mime_type(b"GIF89a...") == "image/gif"
    assert sniff_mime_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_mime_type(b"<html>") is None


def test_an_image_the_server_did_not_send_is_an_error() -> None:
    with pytest.raises(XAIError, match="no image 1"):
        BaseImageResponse(xai_api.ImageResponse(images=[xai_api.GeneratedImage()]), 1)


def test_prompt_is_deprecated_and_empty() -> None:
    response = _image_response(url="https://x.ai/1.png")
    with pytest.warns(DeprecationWarning, match="deprecated"):
        assert response.prompt == ""


def test_response_views_are_read_only_over_the_message() -> None:
    response = _image_response(url="https://x.ai/1.png")
    assert isinstance(response.proto, betterproto2.Message)
    assert response.usage == xai_api.SamplingUsage()  # unset: an empty message, not None
    assert response.cost_usd is None
    assert "format='url'" in repr(response)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert response.url == "https://x.ai/1.png"


# -- downloads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://x.ai/a.png", "http://127.0.0.1:8000/a.png", "HTTPS://X.AI/A.PNG"]
)
def test_http_and_https_urls_are_accepted(url: str) -> None:
    assert checked_url(url) == url


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://x.ai/a.png", "data:image/png;base64,AAAA", "/a.png", "https://"],
)
def test_other_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="Only http:// and https://"):
        checked_url(url)


def test_the_missing_httpx_error_names_the_extra() -> None:
    error = missing_httpx()
    assert isinstance(error, ImportError)
    assert error.name == "httpx"
    assert 'pip install "xai-async[image-download]"' in str(error)


def test_the_download_twins_have_the_same_shape() -> None:
    assert async_download.__all__ == ["async_download"]
    assert download.__all__ == ["download"]
    assert inspect.iscoroutinefunction(async_download.async_download)
    assert not inspect.iscoroutinefunction(download.download)
    shape = [
        (p.name, p.kind, p.default)
        for p in inspect.signature(download.download).parameters.values()
    ]
    assert shape == [
        (p.name, p.kind, p.default)
        for p in inspect.signature(async_download.async_download).parameters.values()
    ]


def test_httpx_is_imported_only_when_a_picture_is_downloaded() -> None:
    code = (
        "import sys, xai_async, xai_sync, xai_async.image, xai_sync.image\n"
        "from xai_async._core.io import async_download, download\n"
        "assert 'httpx' not in sys.modules, 'httpx imported too early'\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
