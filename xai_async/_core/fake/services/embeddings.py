"""``xai_api.Embedder``: deterministic vectors, as floats or as base64.

Each input's vector is made from a SHA-256 of the input (``"text:..."`` or ``"image:<url or
file id>"``): ``dimensions`` float32 values of unit length, so equal inputs give equal vectors
and tests can compute the expected ones with :func:`vector_for`. With ``FORMAT_BASE64`` the
vector travels as base64 of its little-endian float32 bytes. The model must be one of the
embedding models of ``xai_api.Models``'s catalogue (by name or alias), else NOT_FOUND.
"""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from typing import Any

import grpc

from ..server import FakeXai, Servicer, enum_value, message_class


def vector_for(key: str, dimensions: int = 8) -> list[float]:
    """The vector the fake embeds ``key`` (``"text:<text>"`` or ``"image:<source>"``) as."""
    digest = b""
    counter = 0
    while len(digest) < 2 * dimensions:
        digest += hashlib.sha256(f"{counter}:{key}".encode()).digest()
        counter += 1
    raw = [
        int.from_bytes(digest[2 * i : 2 * i + 2], "little") / 32768 - 1 for i in range(dimensions)
    ]
    norm = math.sqrt(sum(value * value for value in raw)) or 1.0
    # Through float32 and back: float32 is what travels, so these are the values received.
    packed = struct.pack(f"<{dimensions}f", *(value / norm for value in raw))
    return list(struct.unpack(f"<{dimensions}f", packed))


def key_of(embed_input: Any) -> str:
    """The key of one ``EmbedInput`` (see :func:`vector_for`)."""
    if embed_input.WhichOneof("input") == "string":
        return f"text:{embed_input.string}"
    image = embed_input.image_url
    return f"image:{image.image_url or image.file_id}"


class EmbedderServicer(Servicer):
    service = "xai_api.Embedder"

    def __init__(self, server: FakeXai) -> None:
        super().__init__(server)
        self.dimensions = 8

    def Embed(self, request: Any, context: grpc.ServicerContext) -> Any:
        server = self.server
        server._admit("Embed", request, context)
        if not request.input:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "No input to embed.")
        base64_format = enum_value("xai_api.EmbedEncodingFormat", "FORMAT_BASE64")
        if request.encoding_format not in (
            enum_value("xai_api.EmbedEncodingFormat", "FORMAT_FLOAT"),
            base64_format,
        ):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "Unknown encoding format.")
        model = self._model(request.model, context)
        answer = message_class("xai_api.EmbedResponse")(
            id=server.next_id("embed"), model=model, system_fingerprint="fp_e1b2d3c4a5"
        )
        texts = images = 0
        for index, item in enumerate(request.input):
            kind = item.WhichOneof("input")
            if kind is None:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"Input {index} is empty.")
            if kind == "string":
                texts += 1
            else:
                images += 1
            vector = vector_for(key_of(item), self.dimensions)
            embedding = answer.embeddings.add(index=index)
            if request.encoding_format == base64_format:
                packed = struct.pack(f"<{len(vector)}f", *vector)
                embedding.embeddings.add(base64_array=base64.b64encode(packed).decode("ascii"))
            else:
                embedding.embeddings.add(float_array=vector)
        answer.usage.num_text_embeddings = texts
        answer.usage.num_image_embeddings = images
        return answer

    def _model(self, name: str, context: grpc.ServicerContext) -> str:
        for fields in self.server.servicer("xai_api.Models").embedding:
            if name == fields["name"] or name in fields.get("aliases", []):
                return str(fields["name"])
        context.abort(grpc.StatusCode.NOT_FOUND, f"The embedding model {name!r} does not exist.")
