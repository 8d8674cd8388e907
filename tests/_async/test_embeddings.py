"""``client.embeddings`` against the fake embedder: texts and images, floats and base64."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fake_server import FakeXai, enum_name
from xai_async import AsyncClient, NotFoundError
from xai_async._core.fake.services.embeddings import vector_for
from xai_async.embeddings import EmbedInputLike, EmbedResponse, image_input, text_input
from xai_async.proto import xai_api


def _format(request: Any) -> str:
    return enum_name("xai_api.EmbedEncodingFormat", request.encoding_format)


async def test_texts_and_images_get_one_vector_each_in_order(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    inputs: list[EmbedInputLike] = [
        "a lighthouse at dusk",
        image_input("https://example.com/lighthouse.jpg", detail="high"),
        text_input("fog over the harbour"),
        image_input(file_id="file-7"),
    ]
    async with AsyncClient(**client_kwargs) as client:
        response = await client.embeddings.embed(inputs, model="v1")
    assert isinstance(response, EmbedResponse)
    assert response.vectors == [
        vector_for("text:a lighthouse at dusk"),
        vector_for("image:https://example.com/lighthouse.jpg"),
        vector_for("text:fog over the harbour"),
        vector_for("image:file-7"),
    ]
    assert all(type(value) is float for vector in response.vectors for value in vector)
    assert [item.index for item in response.embeddings] == [0, 1, 2, 3]
    assert len(response) == 4
    assert (response.usage.num_text_embeddings, response.usage.num_image_embeddings) == (2, 2)
    assert (response.id, response.model) == ("embed-1", "v1")
    assert response.system_fingerprint == "fp_e1b2d3c4a5"

    (call,) = fake_xai.received
    assert call.method == "Embed"
    request = call.request
    assert request.model == "v1"
    assert _format(request) == "FORMAT_FLOAT"
    assert [item.WhichOneof("input") for item in request.input] == [
        "string",
        "image_url",
        "string",
        "image_url",
    ]
    assert request.input[0].string == "a lighthouse at dusk"
    url, file = request.input[1].image_url, request.input[3].image_url
    assert url.image_url == "https://example.com/lighthouse.jpg"
    assert enum_name("xai_api.ImageDetail", url.detail) == "DETAIL_HIGH"
    assert (file.WhichOneof("source"), file.file_id) == ("file_id", "file-7")
    assert enum_name("xai_api.ImageDetail", file.detail) == "DETAIL_AUTO"


async def test_base64_vectors_are_decoded_to_the_same_floats(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    texts = ["north", "south"]
    async with AsyncClient(**client_kwargs) as client:
        as_floats = await client.embeddings.embed(texts, "v1")
        as_base64 = await client.embeddings.embed(texts, "v1", encoding_format="base64")
    assert (
        as_base64.vectors
        == as_floats.vectors
        == [vector_for("text:north"), vector_for("text:south")]
    )
    # The base64 form is what travelled, and is still there in the proto.
    sent = as_base64.proto.embeddings[0].embeddings[0]
    assert sent.base64_array
    assert sent.float_array == []
    assert [_format(call.request) for call in fake_xai.received] == [
        "FORMAT_FLOAT",
        "FORMAT_BASE64",
    ]


async def test_one_input_alone_and_user_and_alias(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.servicer("xai_api.Embedder").dimensions = 32
    async with AsyncClient(**client_kwargs) as client:
        response = await client.embeddings.embed(
            "just one", model="embedding-latest", user="user-42"
        )
        (vector,) = response.vectors
    assert vector == vector_for("text:just one", 32)
    assert response.model == "v1"  # the alias's model
    request = fake_xai.received[0].request
    assert [item.string for item in request.input] == ["just one"]
    assert (request.model, request.user) == ("embedding-latest", "user-42")


async def test_an_unknown_model_is_not_found(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(NotFoundError, match="grok-4"):
            await client.embeddings.embed(["hello"], "grok-4")


async def test_bad_arguments_are_refused_before_sending(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        embed = client.embeddings.embed
        with pytest.raises(ValueError, match="`inputs` is empty"):
            await embed([], "v1")
        with pytest.raises(TypeError, match=r"`inputs\[1\]`"):
            await embed(["ok", 3], "v1")  # type: ignore[list-item]
        with pytest.raises(TypeError, match="`inputs`"):
            await embed(b"raw bytes", "v1")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"`inputs\[0\]` is an empty EmbedInput"):
            await embed([xai_api.EmbedInput()], "v1")
        with pytest.raises(ValueError, match=r"`inputs\[0\]` is an image input with no URL"):
            await embed([xai_api.EmbedInput(image_url=xai_api.ImageUrlContent())], "v1")
        with pytest.raises(ValueError, match="`encoding_format`"):
            await embed(["ok"], "v1", encoding_format="int8")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="`model`"):
            await embed(["ok"], " ")
        with pytest.raises(TypeError, match="`user`"):
            await embed(["ok"], "v1", user=1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="timeout"):
            await embed(["ok"], "v1", timeout=-1)
    assert fake_xai.received == []
