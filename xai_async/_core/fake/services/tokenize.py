"""``xai_api.Tokenize``: a deterministic word-piece tokenizer.

A text splits into runs of letters or digits (each with the spaces before it, as byte-pair
tokenizers keep them) and single other characters; a word longer than 8 characters splits
every 8 characters. A token's id is a stable hash of its text, below 131072; its bytes are the
UTF-8 of its text.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

import grpc

from ..server import Servicer, message_class

_PIECES = re.compile(r"\s*(?:\w{1,8}|[^\w\s])|\s+", re.UNICODE)
VOCABULARY = 131_072


def split(text: str) -> list[str]:
    """The pieces :class:`TokenizeServicer` makes of ``text`` (tests compare with them)."""
    return _PIECES.findall(text)


def token_id(piece: str) -> int:
    """The id the fake tokenizer gives ``piece``."""
    return zlib.crc32(piece.encode("utf-8")) % VOCABULARY


class TokenizeServicer(Servicer):
    service = "xai_api.Tokenize"

    def TokenizeText(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("TokenizeText", request, context)
        if not request.model:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "A model is required.")
        answer = message_class("xai_api.TokenizeTextResponse")(model=request.model)
        for piece in split(request.text):
            answer.tokens.add(
                token_id=token_id(piece), string_token=piece, token_bytes=piece.encode("utf-8")
            )
        return answer
