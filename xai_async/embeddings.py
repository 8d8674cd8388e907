"""``client.embeddings``: vectors for texts and images (not in the official SDK).

``client.embeddings.embed(["a lighthouse at dusk", image_input(url)], model="v1")`` embeds a
text and an image: each input is a plain ``str`` (a text) or an image from
:func:`image_input`, and ``response.vectors`` holds one plain ``list[float]`` per input,
whichever ``encoding_format`` carried them.
"""

from __future__ import annotations

from collections.abc import Sequence

from xai_async._core.embeddings import (
    Embedding,
    EmbeddingEncodingFormat,
    EmbedInputLike,
    EmbedResponse,
    embed_request,
    image_input,
    text_input,
)
from xai_async._core.io.async_transport import AsyncTransport
from xai_async.proto import services

__all__ = [
    "AsyncEmbeddingsClient",
    "EmbedInputLike",
    "EmbedResponse",
    "Embedding",
    "EmbeddingEncodingFormat",
    "image_input",
    "text_input",
]


class AsyncEmbeddingsClient:
    """Calls of the ``xai_api.Embedder`` service."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def embed(
        self,
        inputs: EmbedInputLike | Sequence[EmbedInputLike],
        model: str,
        *,
        encoding_format: EmbeddingEncodingFormat = "float",
        user: str | None = None,
        timeout: float | None = None,
    ) -> EmbedResponse:
        """Embed texts and images: one vector per input, in input order.

        Args:
            inputs: What to embed: a ``str`` is a text; ``image_input(url)`` (or
                ``image_input(file_id=...)``) an image; ``text_input(s)`` is the same as ``s``.
                One input alone, or a sequence of them (texts and images may be mixed).
            model: The embedding model (see ``client.models.list_embedding_models()``).
            encoding_format: How the vectors travel: ``"float"``, or ``"base64"`` (smaller on
                the wire). Either way ``response.vectors`` holds floats.
            user: An id of your end user, which helps xAI detect abuse.
            timeout: Seconds this call may take (default: the client's timeout).

        Returns:
            The vectors (``.vectors``, or ``.embeddings`` with their ``index``), the usage
            and the model; ``.proto`` is the message as received.

        Raises:
            TypeError: An input is neither a ``str`` nor an ``image_input``/``text_input``.
            ValueError: No input, or a bad argument (nothing is sent).
        """
        request = embed_request(inputs, model, encoding_format, user)
        proto = await self._transport.unary_unary(services.Embedder.Embed, request, timeout=timeout)
        return EmbedResponse(proto)
