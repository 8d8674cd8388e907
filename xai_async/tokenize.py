"""``client.tokenize``: how a model's tokenizer splits a text.

Useful to count tokens before sending a prompt, or to see where a text is cut.
"""

from __future__ import annotations

from collections.abc import Sequence

from xai_async._core.io.async_transport import AsyncTransport
from xai_async._core.tokenize import tokenize_request
from xai_async._core.types import ChatModel
from xai_async.proto import services, xai_api

__all__ = ["AsyncTokenizeClient"]


class AsyncTokenizeClient:
    """Calls of the ``xai_api.Tokenize`` service."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def tokenize_text(
        self,
        text: str,
        model: ChatModel | str,
        *,
        user: str | None = None,
        timeout: float | None = None,
    ) -> Sequence[xai_api.Token]:
        """Split ``text`` into ``model``'s tokens.

        Args:
            text: The text to split (an empty text has no tokens).
            model: The model whose tokenizer to use, e.g. ``"grok-4"``.
            user: An id of your end user, which helps xAI detect abuse.
            timeout: Seconds this call may take (default: the client's timeout).

        Returns:
            The tokens in order: each has ``token_id``, ``string_token`` (its text) and
            ``token_bytes`` (its UTF-8 bytes: a character may span several tokens).
        """
        response = await self._transport.unary_unary(
            services.Tokenize.TokenizeText,
            tokenize_request(text, model, user),
            timeout=timeout,
        )
        return response.tokens
