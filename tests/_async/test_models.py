"""``client.models`` against the fake server: the catalogue listed, one model by name or alias."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.fake_server import FakeXai
from xai_async import AsyncClient, DeadlineExceededError, NotFoundError
from xai_async.proto import xai_api


async def test_list_language_models_returns_the_catalogue(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        models = await client.models.list_language_models()
    assert [model.name for model in models] == [
        "grok-4-0709",
        "grok-4-1-fast-non-reasoning",
        "grok-3-mini",
    ]
    grok_4 = models[0]
    assert isinstance(grok_4, xai_api.LanguageModel)
    assert grok_4.aliases == ["grok-4", "grok-4-latest"]
    assert grok_4.input_modalities == [xai_api.Modality.TEXT, xai_api.Modality.IMAGE]
    assert grok_4.output_modalities == [xai_api.Modality.TEXT]
    assert (grok_4.prompt_text_token_price, grok_4.completion_text_token_price) == (30_000, 150_000)
    assert grok_4.cached_prompt_token_price == 7_500
    assert grok_4.max_prompt_length == 256_000
    assert grok_4.created == datetime.datetime(2025, 7, 9, tzinfo=datetime.timezone.utc)
    assert [call.method for call in fake_xai.received] == ["ListLanguageModels"]


async def test_get_language_model_by_alias_gives_the_full_name(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        model = await client.models.get_language_model("grok-4-latest")
    assert model.name == "grok-4-0709"
    assert model.system_fingerprint == "fp_3b0e1f2c4d"
    (call,) = fake_xai.received
    assert call.method == "GetLanguageModel"
    assert call.request.name == "grok-4-latest"


async def test_embedding_models_are_listed_and_found(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        models = await client.models.list_embedding_models()
        model = await client.models.get_embedding_model("embedding-latest")
    assert [m.name for m in models] == ["v1"]
    assert isinstance(model, xai_api.EmbeddingModel)
    assert model.name == "v1"
    assert model.output_modalities == [xai_api.Modality.EMBEDDING]
    assert model.prompt_image_token_price == 1_000
    methods = [call.method for call in fake_xai.received]
    assert methods == ["ListEmbeddingModels", "GetEmbeddingModel"]
    assert fake_xai.received[1].request.name == "embedding-latest"


async def test_image_generation_models_are_listed_and_found(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        models = await client.models.list_image_generation_models()
        model = await client.models.get_image_generation_model("grok-imagine-image-quality")
    assert [m.name for m in models] == ["grok-imagine-image", "grok-imagine-image-quality"]
    assert isinstance(model, xai_api.ImageGenerationModel)
    assert model.image_price == 700_000_000
    assert model.output_modalities == [xai_api.Modality.IMAGE]
    methods = [call.method for call in fake_xai.received]
    assert methods == ["ListImageGenerationModels", "GetImageGenerationModel"]


async def test_the_catalogue_on_the_server_is_what_comes_back(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    catalogue = fake_xai.servicer("xai_api.Models")
    catalogue.language = [{"name": "grok-test", "aliases": [], "max_prompt_length": 1024}]
    catalogue.image_generation = []
    async with AsyncClient(**client_kwargs) as client:
        (only,) = await client.models.list_language_models()
        assert await client.models.list_image_generation_models() == []
    assert (only.name, only.max_prompt_length, only.created) == ("grok-test", 1024, None)


async def test_an_unknown_model_is_not_found(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(NotFoundError, match="grok-99"):
            await client.models.get_language_model("grok-99")
        with pytest.raises(NotFoundError):
            await client.models.get_embedding_model("grok-4")  # a language model
        with pytest.raises(NotFoundError):
            await client.models.get_image_generation_model("v1")  # an embedding model


async def test_a_bad_name_is_refused_before_sending(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(ValueError, match="`name`"):
            await client.models.get_language_model("  ")
        with pytest.raises(TypeError, match="`name`"):
            await client.models.get_embedding_model(None)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="`name`"):
            await client.models.get_image_generation_model("grok\ud800")
    assert fake_xai.received == []


async def test_each_call_takes_its_own_timeout(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.delay = 0.5
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(DeadlineExceededError):
            await client.models.list_language_models(timeout=0.1)
        with pytest.raises(DeadlineExceededError):
            await client.models.get_image_generation_model("grok-imagine-image", timeout=0.1)
        assert await client.models.list_embedding_models(timeout=10)
