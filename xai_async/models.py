"""``client.models``: the language, embedding and image generation models your key can use.

As in the official SDK, each method returns the API's messages as they are
(``xai_api.LanguageModel`` ...): names and aliases, modalities, prices, the prompt limit.
"""

from __future__ import annotations

from collections.abc import Sequence

from xai_async._core.io.async_transport import AsyncTransport
from xai_async._core.models import get_model_request
from xai_async.proto import services, xai_api
from xai_async.proto.google import protobuf

__all__ = ["AsyncModelsClient"]


class AsyncModelsClient:
    """Calls of the ``xai_api.Models`` service: list the models, or get one by name."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list_language_models(
        self, *, timeout: float | None = None
    ) -> Sequence[xai_api.LanguageModel]:
        """Every language model available to your API key.

        Args:
            timeout: Seconds this call may take (default: the client's timeout).
        """
        response = await self._transport.unary_unary(
            services.Models.ListLanguageModels, protobuf.Empty(), timeout=timeout
        )
        return response.models

    async def get_language_model(
        self, name: str, *, timeout: float | None = None
    ) -> xai_api.LanguageModel:
        """One language model, by name or alias (the answer carries its full name).

        Args:
            name: The model's name or one of its aliases, e.g. ``"grok-4"``.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            NotFoundError: No model has this name.
        """
        return await self._transport.unary_unary(
            services.Models.GetLanguageModel, get_model_request(name), timeout=timeout
        )

    async def list_embedding_models(
        self, *, timeout: float | None = None
    ) -> Sequence[xai_api.EmbeddingModel]:
        """Every embedding model available to your API key.

        Args:
            timeout: Seconds this call may take (default: the client's timeout).
        """
        response = await self._transport.unary_unary(
            services.Models.ListEmbeddingModels, protobuf.Empty(), timeout=timeout
        )
        return response.models

    async def get_embedding_model(
        self, name: str, *, timeout: float | None = None
    ) -> xai_api.EmbeddingModel:
        """One embedding model, by name or alias.

        Args:
            name: The model's name or one of its aliases.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            NotFoundError: No model has this name.
        """
        return await self._transport.unary_unary(
            services.Models.GetEmbeddingModel, get_model_request(name), timeout=timeout
        )

    async def list_image_generation_models(
        self, *, timeout: float | None = None
    ) -> Sequence[xai_api.ImageGenerationModel]:
        """Every image generation model available to your API key.

        Args:
            timeout: Seconds this call may take (default: the client's timeout).
        """
        response = await self._transport.unary_unary(
            services.Models.ListImageGenerationModels, protobuf.Empty(), timeout=timeout
        )
        return response.models

    async def get_image_generation_model(
        self, name: str, *, timeout: float | None = None
    ) -> xai_api.ImageGenerationModel:
        """One image generation model, by name or alias.

        Args:
            name: The model's name or one of its aliases, e.g. ``"grok-imagine-image"``.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            NotFoundError: No model has this name.
        """
        return await self._transport.unary_unary(
            services.Models.GetImageGenerationModel, get_model_request(name), timeout=timeout
        )
