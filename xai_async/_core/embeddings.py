"""Embeddings: the inputs (texts and images), the request, and the vectors read back.

An input is a plain ``str`` (a text), or what :func:`text_input` / :func:`image_input` make (an
``xai_api.EmbedInput``). The API sends each vector either as floats (``float_array``) or, with
``encoding_format="base64"``, as a base64 string (``base64_array``), read here as little-endian
IEEE 754 float32 values: the proto leaves the layout unsaid, and that is the layout of
OpenAI-compatible embedding APIs. :class:`EmbedResponse` decodes both to plain ``list[float]``,
so code reading vectors does not depend on the format asked for.
"""

from __future__ import annotations

import array
import base64
import binascii
import sys
from collections.abc import Iterable, Sequence
from typing import TypeAlias

from xai_async._core.enums import EMBED_ENCODING_FORMAT, IMAGE_DETAIL
from xai_async._core.models import model_name
from xai_async._core.types import EmbeddingEncodingFormat, ImageDetail
from xai_async._core.validate import choose, optional_str
from xai_async._core.validate import text as checked_text
from xai_async._core.wrapper import ProtoWrapper, present
from xai_async.proto import xai_api

__all__ = [
    "EmbedInputLike",
    "EmbedResponse",
    "Embedding",
    "EmbeddingEncodingFormat",
    "decode_base64_vector",
    "embed_request",
    "image_input",
    "text_input",
]

#: How the server sends vectors: as floats, or as base64 of little-endian float32 values.
#: ``encoding_format`` strings to the proto enum (``"float"`` -> ``FORMAT_FLOAT``).

#: One input of ``embed``: a text as a plain ``str``, or a ``text_input``/``image_input``.
EmbedInputLike: TypeAlias = str | xai_api.EmbedInput


def text_input(text: str) -> xai_api.EmbedInput:
    """A text to embed (a plain ``str`` passed to ``embed`` means the same)."""
    return xai_api.EmbedInput(string=checked_text("text", text))


def image_input(
    image_url: str | None = None, *, file_id: str | None = None, detail: ImageDetail = "auto"
) -> xai_api.EmbedInput:
    """An image to embed, by URL or by the id of a file uploaded with ``client.files``.

    The URL may be ``https://...`` or a ``data:image/...;base64,...`` URL.

    Args:
        image_url: Where the image is.
        file_id: An uploaded file's id, instead of ``image_url``.
        detail: How closely the model looks: ``"auto"``, ``"low"`` or ``"high"``.

    Raises:
        ValueError: Neither or both of ``image_url`` and ``file_id``, or one is blank.
    """
    url = optional_str("image_url", image_url)
    file = optional_str("file_id", file_id)
    if (url is None) == (file is None):
        raise ValueError("Pass exactly one of `image_url` and `file_id`")
    given, argument = (url, "image_url") if url is not None else (file, "file_id")
    if not given or not given.strip():
        raise ValueError(f"`{argument}` must not be empty")
    content = xai_api.ImageUrlContent(detail=choose("detail", detail, IMAGE_DETAIL))
    if url is not None:
        content.image_url = url
    else:
        content.file_id = file
    return xai_api.EmbedInput(image_url=content)


def _input(position: int, value: object) -> xai_api.EmbedInput:
    if isinstance(value, str):
        return xai_api.EmbedInput(string=checked_text(f"inputs[{position}]", value))
    if not isinstance(value, xai_api.EmbedInput):
        raise TypeError(
            f"`inputs[{position}]` must be a str (a text) or what text_input()/image_input() "
            f"return, got {type(value).__name__}"
        )
    image = value.image_url
    if value.string is None and image is None:
        raise ValueError(f"`inputs[{position}]` is an empty EmbedInput: set a text or an image")
    if image is not None and not (image.image_url or image.file_id):
        raise ValueError(f"`inputs[{position}]` is an image input with no URL or file id")
    return value


def embed_request(
    inputs: object, model: object, encoding_format: object = "float", user: object = None
) -> xai_api.EmbedRequest:
    """The ``Embed`` request; a lone ``str`` or input is one input.

    Raises:
        TypeError: An input is neither a ``str`` nor an ``EmbedInput``.
        ValueError: No input, or a bad ``model`` / ``encoding_format`` / ``user``.
    """
    if isinstance(inputs, (str, xai_api.EmbedInput)):
        given: list[object] = [inputs]
    elif isinstance(inputs, Iterable) and not isinstance(inputs, (bytes, bytearray)):
        given = list(inputs)
    else:
        raise TypeError(
            "`inputs` must be a str, an input from text_input()/image_input(), or a sequence "
            f"of them; got {type(inputs).__name__}"
        )
    if not given:
        raise ValueError("`inputs` is empty: pass at least one text or image")
    return xai_api.EmbedRequest(
        input=[_input(position, value) for position, value in enumerate(given)],
        model=model_name(model),
        encoding_format=choose("encoding_format", encoding_format, EMBED_ENCODING_FORMAT),
        user=optional_str("user", user) or "",
    )


def decode_base64_vector(encoded: str) -> list[float]:
    """The floats of a base64 vector (little-endian float32 values, 4 bytes each).

    Raises:
        ValueError: ``encoded`` is not base64, or not a whole number of float32 values.
    """
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(
            f"The server sent an embedding that is not base64: {encoded[:40]!r}"
        ) from None
    if len(raw) % 4:
        raise ValueError(
            f"The server sent a base64 embedding of {len(raw)} bytes: not float32 values "
            "(4 bytes each)"
        )
    values = array.array("f")
    values.frombytes(raw)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


def _vector(proto: xai_api.FeatureVector) -> list[float]:
    if proto.float_array:
        return list(proto.float_array)
    if proto.base64_array:
        return decode_base64_vector(proto.base64_array)
    return []


class Embedding(ProtoWrapper[xai_api.Embedding]):
    """The embedding of one input: ``index`` says which, ``vector`` is its vector."""

    __slots__ = ("_vectors",)

    def __init__(self, proto: xai_api.Embedding) -> None:
        super().__init__(proto)
        self._vectors = [_vector(vector) for vector in proto.embeddings]

    @property
    def index(self) -> int:
        """The position of the input this embeds, in the request's ``inputs``."""
        return self._proto.index

    @property
    def vectors(self) -> list[list[float]]:
        """Every vector the server sent for this input (today: one)."""
        return self._vectors

    @property
    def vector(self) -> list[float]:
        """The input's vector, as floats whatever the ``encoding_format``.

        The first one, if the server ever sends several; empty if it sent none.
        """
        return self._vectors[0] if self._vectors else []


class EmbedResponse(ProtoWrapper[xai_api.EmbedResponse]):
    """What ``embed`` returns: one :class:`Embedding` per input, in input order.

    Vectors are decoded once, when the response arrives; ``.proto`` keeps them as sent.
    """

    __slots__ = ("_embeddings",)

    def __init__(self, proto: xai_api.EmbedResponse) -> None:
        super().__init__(proto)
        self._embeddings = sorted(
            (Embedding(item) for item in proto.embeddings), key=lambda item: item.index
        )

    @property
    def id(self) -> str:
        """The request's id, as the server gave it."""
        return self._proto.id

    @property
    def model(self) -> str:
        """The model that made the vectors (its full name, even when called by an alias)."""
        return self._proto.model

    @property
    def system_fingerprint(self) -> str:
        """The backend configuration that served the request."""
        return self._proto.system_fingerprint

    @property
    def usage(self) -> xai_api.EmbeddingUsage:
        """How many texts and images were embedded (``num_text_embeddings`` ...)."""
        return present(self._proto.usage, xai_api.EmbeddingUsage)

    @property
    def embeddings(self) -> Sequence[Embedding]:
        """One per input, ordered by ``index``."""
        return self._embeddings

    @property
    def vectors(self) -> list[list[float]]:
        """Each input's vector, in input order: ``vectors[i]`` embeds ``inputs[i]``."""
        return [item.vector for item in self._embeddings]

    def __len__(self) -> int:
        return len(self._embeddings)
