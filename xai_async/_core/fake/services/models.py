"""``xai_api.Models``: a small catalogue of language, embedding and image generation models.

The catalogue is on the servicer (``fake_xai.servicer("xai_api.Models")``): tests may edit
``language``, ``embedding`` and ``image_generation`` (lists of field dicts) before calling.
``Get*`` finds a model by name or alias and answers NOT_FOUND otherwise.
"""

from __future__ import annotations

import copy
from typing import Any

import grpc

from ..server import FakeXai, Servicer, enum_value, message_class

#: 2025-07-09 00:00 UTC, 2025-11-19 and 2025-02-17: believable creation dates.
_JULY_2025, _NOVEMBER_2025, _FEBRUARY_2025 = 1_752_019_200, 1_763_510_400, 1_739_750_400


def _language_models() -> list[dict[str, Any]]:
    # Prices are in 1/100 of a cent per million tokens, as api.x.ai reports them.
    return [
        {
            "name": "grok-4-0709",
            "aliases": ["grok-4", "grok-4-latest"],
            "version": "1.0.0",
            "input_modalities": ["TEXT", "IMAGE"],
            "output_modalities": ["TEXT"],
            "prompt_text_token_price": 30_000,
            "prompt_image_token_price": 30_000,
            "cached_prompt_token_price": 7_500,
            "completion_text_token_price": 150_000,
            "search_price": 250_000_000,
            "created": _JULY_2025,
            "max_prompt_length": 256_000,
            "system_fingerprint": "fp_3b0e1f2c4d",
        },
        {
            "name": "grok-4-1-fast-non-reasoning",
            "aliases": ["grok-4-1-fast-non-reasoning-latest"],
            "version": "1.0.0",
            "input_modalities": ["TEXT", "IMAGE"],
            "output_modalities": ["TEXT"],
            "prompt_text_token_price": 2_000,
            "prompt_image_token_price": 2_000,
            "cached_prompt_token_price": 500,
            "completion_text_token_price": 5_000,
            "search_price": 250_000_000,
            "created": _NOVEMBER_2025,
            "max_prompt_length": 2_000_000,
            "system_fingerprint": "fp_9d1c0a7e55",
        },
        {
            "name": "grok-3-mini",
            "aliases": ["grok-3-mini-latest", "grok-3-mini-beta"],
            "version": "1.0.0",
            "input_modalities": ["TEXT"],
            "output_modalities": ["TEXT"],
            "prompt_text_token_price": 3_000,
            "cached_prompt_token_price": 750,
            "completion_text_token_price": 5_000,
            "search_price": 250_000_000,
            "created": _FEBRUARY_2025,
            "max_prompt_length": 131_072,
            "system_fingerprint": "fp_6f4a3b2e11",
        },
    ]


def _embedding_models() -> list[dict[str, Any]]:
    return [
        {
            "name": "v1",
            "aliases": ["embedding-latest"],
            "version": "1.0.0",
            "input_modalities": ["TEXT", "IMAGE"],
            "output_modalities": ["EMBEDDING"],
            "prompt_text_token_price": 1_000,
            "prompt_image_token_price": 1_000,
            "created": _FEBRUARY_2025,
            "system_fingerprint": "fp_e1b2d3c4a5",
        }
    ]


def _image_generation_models() -> list[dict[str, Any]]:
    # Image prices are per image, in 1e-10 USD ticks ($0.02 and $0.07).
    return [
        {
            "name": "grok-imagine-image",
            "aliases": ["grok-imagine-image-latest"],
            "version": "1.0.0",
            "input_modalities": ["TEXT", "IMAGE"],
            "output_modalities": ["IMAGE"],
            "image_price": 200_000_000,
            "created": _NOVEMBER_2025,
            "max_prompt_length": 8_000,
            "system_fingerprint": "fp_a7c9e0d1f2",
        },
        {
            "name": "grok-imagine-image-quality",
            "aliases": [],
            "version": "1.0.0",
            "input_modalities": ["TEXT", "IMAGE"],
            "output_modalities": ["IMAGE"],
            "image_price": 700_000_000,
            "created": _NOVEMBER_2025,
            "max_prompt_length": 8_000,
            "system_fingerprint": "fp_b8d0f1e2a3",
        },
    ]


def _message(kind: str, fields: dict[str, Any]) -> Any:
    fields = copy.deepcopy(fields)
    created = fields.pop("created", None)
    for key in ("input_modalities", "output_modalities"):
        fields[key] = [enum_value("xai_api.Modality", name) for name in fields.get(key, [])]
    model = message_class(f"xai_api.{kind}")(**fields)
    if created is not None:
        model.created.FromSeconds(created)
    return model


class ModelsServicer(Servicer):
    service = "xai_api.Models"

    def __init__(self, server: FakeXai) -> None:
        super().__init__(server)
        self.language = _language_models()
        self.embedding = _embedding_models()
        self.image_generation = _image_generation_models()

    def ListLanguageModels(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("ListLanguageModels", request, context)
        return self._list("LanguageModel", self.language)

    def ListEmbeddingModels(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("ListEmbeddingModels", request, context)
        return self._list("EmbeddingModel", self.embedding)

    def ListImageGenerationModels(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("ListImageGenerationModels", request, context)
        return self._list("ImageGenerationModel", self.image_generation)

    def GetLanguageModel(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetLanguageModel", request, context)
        return self._get("LanguageModel", self.language, request.name, context)

    def GetEmbeddingModel(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetEmbeddingModel", request, context)
        return self._get("EmbeddingModel", self.embedding, request.name, context)

    def GetImageGenerationModel(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetImageGenerationModel", request, context)
        return self._get("ImageGenerationModel", self.image_generation, request.name, context)

    # -- helpers --------------------------------------------------------------------------------

    def _list(self, kind: str, catalogue: list[dict[str, Any]]) -> Any:
        answer = message_class(f"xai_api.List{kind}sResponse")()
        answer.models.extend(_message(kind, fields) for fields in catalogue)
        return answer

    def _get(
        self, kind: str, catalogue: list[dict[str, Any]], name: str, context: grpc.ServicerContext
    ) -> Any:
        if not name:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "Model name must not be empty.")
        for fields in catalogue:
            if name == fields["name"] or name in fields.get("aliases", []):
                return _message(kind, fields)
        context.abort(grpc.StatusCode.NOT_FOUND, f"The model {name!r} does not exist.")
