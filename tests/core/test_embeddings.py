"""Embedding inputs, requests and vectors, without a server."""

from __future__ import annotations

import base64
import struct
from typing import Any

import pytest

from xai_async._core.embeddings import (
    EmbedResponse,
    decode_base64_vector,
    embed_request,
    image_input,
    text_input,
)
from xai_async.proto import xai_api


def test_base64_vectors_are_little_endian_float32() -> None:
    values = [0.5, -2.0, 1e-3, 3.25]
    encoded = base64.b64encode(struct.pack("<4f", *values)).decode()
    assert decode_base64_vector(encoded) == [
        struct.unpack("<f", struct.pack("<f", v))[0] for v in values
    ]
    assert decode_base64_vector("") == []


@pytest.mark.parametrize(
    ("encoded", "match"),
    [("not base64!", "not base64"), (base64.b64encode(b"\0" * 6).decode(), "6 bytes")],
)
def test_a_malformed_base64_vector_is_a_clear_error(encoded: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        decode_base64_vector(encoded)


def _vector(**fields: Any) -> xai_api.FeatureVector:
    return xai_api.FeatureVector(**fields)


def test_response_orders_by_index_and_reads_either_format() -> None:
    packed = base64.b64encode(struct.pack("<2f", 1.5, -0.25)).decode()
    proto = xai_api.EmbedResponse(
        embeddings=[
            xai_api.Embedding(index=2, embeddings=[]),
            xai_api.Embedding(index=0, embeddings=[_vector(float_array=[0.5, 0.75])]),
            xai_api.Embedding(index=1, embeddings=[_vector(base64_array=packed), _vector()]),
        ]
    )
    response = EmbedResponse(proto)
    assert response.vectors == [[0.5, 0.75], [1.5, -0.25], []]
    assert response.embeddings[1].vectors == [[1.5, -0.25], []]
    assert response.usage == xai_api.EmbeddingUsage()  # unset: an empty message, not None
    assert response.proto is proto


def test_requests_take_one_input_or_any_iterable() -> None:
    one = embed_request(image_input("https://example.com/a.png", detail="low"), "v1")
    assert one.input[0].image_url is not None
    assert one.input[0].image_url.detail == xai_api.ImageDetail.DETAIL_LOW
    several = embed_request((text for text in ["a", "b"]), "v1", "base64", "user-1")
    assert [item.string for item in several.input] == ["a", "b"]
    assert several.encoding_format == xai_api.EmbedEncodingFormat.FORMAT_BASE64
    assert several.user == "user-1"
    assert text_input("x").string == "x"


def test_image_input_wants_exactly_one_source() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        image_input()
    with pytest.raises(ValueError, match="exactly one"):
        image_input("https://example.com/a.png", file_id="file-1")
    with pytest.raises(ValueError, match="`image_url` must not be empty"):
        image_input("")
    with pytest.raises(ValueError, match="`file_id` must not be empty"):
        image_input(file_id=" ")
    with pytest.raises(ValueError, match="`detail`"):
        image_input("https://example.com/a.png", detail="ultra")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="`text`"):
        text_input(None)  # type: ignore[arg-type]
