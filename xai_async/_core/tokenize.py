"""Tokenization requests: the text, the model whose tokenizer splits it, and who asks."""

from __future__ import annotations

from xai_async._core.models import model_name
from xai_async._core.validate import optional_str, text
from xai_async.proto import xai_api

__all__ = ["tokenize_request"]


def tokenize_request(
    text_to_split: object, model: object, user: object = None
) -> xai_api.TokenizeTextRequest:
    """The ``TokenizeText`` request; an empty text is allowed (it has no tokens)."""
    return xai_api.TokenizeTextRequest(
        text=text("text", text_to_split),
        model=model_name(model),
        user=optional_str("user", user) or "",
    )
