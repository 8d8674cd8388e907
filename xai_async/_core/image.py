"""Image generation (``client.image``): argument checks, the request, the response view.

Everything here is shared by both packages; they add only the calls that touch the network
(``sample``, ``sample_batch``, and the download behind ``ImageResponse.image``).
"""

from __future__ import annotations

import base64
import binascii
import enum
import mimetypes
import urllib.parse
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from xai_async._core.cost import cost_usd_from_usage
from xai_async._core.enums import (
    IMAGE_ASPECT_RATIO,
    IMAGE_FORMAT,
    IMAGE_QUALITY,
    IMAGE_RESOLUTION,
)
from xai_async._core.errors import XAIError
from xai_async._core.io.web import checked_url
from xai_async._core.storage import StorageOptions, StoredAsset, storage_options_proto
from xai_async._core.types import (
    ImageAspectRatio,
    ImageFormat,
    ImageGenerationModel,
    ImageQuality,
    ImageResolution,
)
from xai_async._core.validate import (
    choose,
    optional_name,
    optional_str,
    required_int,
    text,
    text_list,
)
from xai_async._core.wrapper import ProtoWrapper, present
from xai_async.proto import xai_api

__all__ = [
    "IMAGE_ASPECT_RATIO",
    "IMAGE_FORMAT",
    "IMAGE_QUALITY",
    "IMAGE_RESOLUTION",
    "BaseImageClient",
    "BaseImageResponse",
    "batch_size",
    "check_model",
    "image_content",
    "image_request",
    "proto_choice",
    "sniff_mime_type",
]

E = TypeVar("E", bound=enum.IntEnum)


def proto_choice(
    argument: str, value: object, enum_type: type[E], table: Mapping[Any, E]
) -> E | None:
    """An enum argument: one of ``table``'s strings, a member of ``enum_type``, or ``None``.

    The zero member (``*_INVALID`` / ``*_UNSPECIFIED``) is refused: the server would reject it.
    """
    if value is None:
        return None
    if isinstance(value, enum_type):
        if value.value == 0:
            raise ValueError(f"`{argument}` cannot be {value.name}, the enum's unset value")
        return value
    return choose(argument, value, table)


def check_model(model: object) -> str:
    """``model`` if it is a non-blank string."""
    if not isinstance(model, str) or not model.strip():
        raise ValueError(f"`model` must be a non-empty model name string; got {model!r}")
    return model


def image_content(url: str | None = None, file_id: str | None = None) -> xai_api.ImageUrlContent:
    """An input image by URL (or ``data:`` URL) or by Files API id, at ``detail="auto"``."""
    return xai_api.ImageUrlContent(
        image_url=url, file_id=file_id, detail=xai_api.ImageDetail.DETAIL_AUTO
    )


def image_request(
    prompt: object,
    model: object,
    *,
    n: int = 1,
    image_url: object = None,
    image_file_id: object = None,
    image_urls: object = None,
    image_file_ids: object = None,
    user: object = None,
    image_format: object = None,
    aspect_ratio: object = None,
    resolution: object = None,
    quality: object = None,
    storage_options: object = None,
) -> xai_api.GenerateImageRequest:
    """Check the arguments of ``sample``/``sample_batch``/``prepare``; build the request.

    Input images are either one (``image_url`` or ``image_file_id``) or several
    (``image_urls`` and/or ``image_file_ids``; file ids go first, as the official SDK sends
    them, so ``<IMAGE_0>``... in the prompt can be predicted).

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: An argument has a value the API does not accept, or inputs that exclude
            each other are combined.
    """
    url = optional_name("image_url", image_url)
    file_id = optional_name("image_file_id", image_file_id)
    if url is not None and file_id is not None:
        raise ValueError("Pass only one of `image_url` and `image_file_id`")
    urls = None if image_urls is None else text_list("image_urls", image_urls)
    file_ids = None if image_file_ids is None else text_list("image_file_ids", image_file_ids)
    if (url is not None or file_id is not None) and (urls is not None or file_ids is not None):
        raise ValueError(
            "Pass either one input image (`image_url` / `image_file_id`) or several "
            "(`image_urls` / `image_file_ids`), not both"
        )
    single = image_content(url, file_id) if url is not None or file_id is not None else None
    images = [image_content(file_id=each) for each in file_ids or ()]
    images += [image_content(url=each) for each in urls or ()]
    chosen = proto_choice("image_format", image_format, xai_api.ImageFormat, IMAGE_FORMAT)
    return xai_api.GenerateImageRequest(
        prompt=text("prompt", prompt),
        model=check_model(model),
        n=n,
        user=optional_str("user", user) or "",
        format=xai_api.ImageFormat.IMG_FORMAT_URL if chosen is None else chosen,  # the default
        image=single,
        images=images,
        aspect_ratio=proto_choice(
            "aspect_ratio", aspect_ratio, xai_api.ImageAspectRatio, IMAGE_ASPECT_RATIO
        ),
        resolution=proto_choice(
            "resolution", resolution, xai_api.ImageResolution, IMAGE_RESOLUTION
        ),
        quality=proto_choice("quality", quality, xai_api.ImageQuality, IMAGE_QUALITY),
        storage_options=storage_options_proto(storage_options),
    )


class BaseImageClient:
    """``client.image``: what needs no network (``prepare``); the packages add the calls."""

    def prepare(
        self,
        prompt: str,
        model: ImageGenerationModel | str,
        *,
        batch_request_id: str | None = None,
        image_url: str | None = None,
        image_file_id: str | None = None,
        image_urls: Sequence[str] | None = None,
        image_file_ids: Sequence[str] | None = None,
        user: str | None = None,
        image_format: ImageFormat | xai_api.ImageFormat | None = None,
        aspect_ratio: ImageAspectRatio | xai_api.ImageAspectRatio | None = None,
        resolution: ImageResolution | xai_api.ImageResolution | None = None,
        quality: ImageQuality | xai_api.ImageQuality | None = None,
        storage_options: StorageOptions | xai_api.StorageOptions | None = None,
    ) -> xai_api.BatchRequest:
        """Build an image request for the Batch API (``client.batch.add``); nothing is sent.

        Args:
            prompt: What to draw (or how to edit the input images).
            model: Image model, e.g. ``"grok-imagine-image"``.
            batch_request_id: Your id of this request, unique within its batch.
            image_url: One input image to edit: a URL or a ``data:`` URL.
            image_file_id: One input image to edit, by Files API id.
            image_urls: Several input images (URLs or ``data:`` URLs).
            image_file_ids: Several input images by Files API id (sent before ``image_urls``).
            user: An id of your end user, for abuse monitoring.
            image_format: ``"url"`` (the default) or ``"base64"``.
            aspect_ratio: ``"1:1"``, ``"16:9"``, ``"9:19.5"``... (see ``ImageAspectRatio``).
            resolution: ``"1k"`` or ``"2k"``.
            quality: ``"low"`` or ``"medium"``.
            storage_options: Also keep the image in the Files API, e.g.
                ``{"filename": "cat.png", "public_url": True}``.

        Returns:
            The ``BatchRequest`` message.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument has a value the API does not accept.
        """
        request = image_request(
            prompt,
            model,
            image_url=image_url,
            image_file_id=image_file_id,
            image_urls=image_urls,
            image_file_ids=image_file_ids,
            user=user,
            image_format=image_format,
            aspect_ratio=aspect_ratio,
            resolution=resolution,
            quality=quality,
            storage_options=storage_options,
        )
        # As the official SDK does, an empty id is sent when none is given.
        request_id = optional_str("batch_request_id", batch_request_id) or ""
        return xai_api.BatchRequest(batch_request_id=request_id, image_request=request)


def batch_size(n: object) -> int:
    """``n`` of ``sample_batch``: how many images, at least one."""
    return required_int("n", n, minimum=1)


# -- the response ------------------------------------------------------------------------------

#: File signatures of the image formats the API returns, for ``mime_type``.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniff_mime_type(data: bytes) -> str | None:
    """The MIME type of image bytes by their signature, or ``None`` if unknown."""
    for signature, mime_type in _SIGNATURES:
        if data.startswith(signature):
            return mime_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


class BaseImageResponse(StoredAsset, ProtoWrapper[xai_api.ImageResponse]):
    """One generated image of an ``ImageResponse`` message; ``.proto`` is the whole message.

    The packages add ``image``, the bytes (awaitable in ``xai_async``).

    Args:
        proto: The response message.
        index: Which of its images this is.
    """

    __slots__ = ("_data", "_image", "_index")

    def __init__(self, proto: xai_api.ImageResponse, index: int = 0) -> None:
        super().__init__(proto)
        if not 0 <= index < len(proto.images):
            raise XAIError(
                f"The server returned {len(proto.images)} image(s); there is no image {index}."
            )
        self._image = proto.images[index]
        self._index = index
        self._data: bytes | None = None  # the bytes, once decoded or downloaded

    @property
    def index(self) -> int:
        """This image's position among those of the request."""
        return self._index

    @property
    def model(self) -> str:
        """The model that drew the image (its full name, not an alias)."""
        return self._proto.model

    @property
    def usage(self) -> xai_api.SamplingUsage:
        """Token usage of the whole request."""
        return present(self._proto.usage, xai_api.SamplingUsage)

    @property
    def cost_usd(self) -> float | None:
        """What the request cost in US dollars, or ``None`` if the server did not say."""
        return cost_usd_from_usage(self._proto.usage)

    @property
    def prompt(self) -> str:
        """Always ``""``: the server no longer returns the revised prompt (deprecated)."""
        warnings.warn(
            "ImageResponse.prompt is deprecated: the server no longer returns it.",
            DeprecationWarning,
            stacklevel=2,
        )
        return ""

    @property
    def respect_moderation(self) -> bool:
        """Whether the image passed moderation (a blocked image has neither URL nor data)."""
        return self._image.respect_moderation

    @property
    def url(self) -> str:
        """Where the image can be downloaded (with ``image_format="url"``).

        Raises:
            ValueError: The image came as base64, or was withheld by moderation.
        """
        if self._image.url:
            return self._image.url
        if not self.respect_moderation:
            raise ValueError("The image did not pass moderation: it has no URL.")
        raise ValueError('The image came as base64, not as a URL (see image_format="url").')

    @property
    def base64(self) -> str:
        """The image as the server sent it with ``image_format="base64"``: a ``data:`` URL.

        Raises:
            ValueError: The image came as a URL, or was withheld by moderation.
        """
        if self._image.base64:
            return self._image.base64
        if not self.respect_moderation:
            raise ValueError("The image did not pass moderation: it has no data.")
        raise ValueError('The image came as a URL, not as base64 (see image_format="base64").')

    @property
    def mime_type(self) -> str | None:
        """The image's MIME type (``"image/png"``...), or ``None`` where it cannot be told.

        Read from the ``data:`` URL, else from the bytes (decoded or already downloaded),
        else guessed from the URL's file extension.
        """
        encoded = self._image.base64
        if encoded and encoded.startswith("data:") and ";base64," in encoded:
            declared = encoded[len("data:") :].partition(";")[0]
            if declared:
                return declared
        data = self._data if self._data is not None else self._decoded()
        if data is not None:
            return sniff_mime_type(data)
        if self._image.url:
            path = urllib.parse.urlsplit(self._image.url).path
            guessed = mimetypes.guess_type(path)[0]
            return guessed if guessed is not None and guessed.startswith("image/") else None
        return None

    def _asset(self) -> xai_api.GeneratedImage:
        return self._image

    def _decoded(self) -> bytes | None:
        """The bytes of a base64 image (``None`` for a URL image)."""
        encoded = self._image.base64
        if not encoded:
            return None
        if encoded.startswith("data:"):
            encoded = encoded.partition(",")[2]
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("The image's base64 data is not valid base64.") from None

    def _known_bytes(self) -> bytes | None:
        """The bytes if they need no download: already fetched, or decoded from base64."""
        if self._data is None:
            self._data = self._decoded()
        return self._data

    def _download_url(self) -> str:
        """The URL to fetch the bytes from (checked: http or https only).

        Raises:
            ValueError: The image has neither data nor URL, or the URL is not http(s).
        """
        if not self._image.url:
            if not self.respect_moderation:
                raise ValueError("The image did not pass moderation: it has no data or URL.")
            raise ValueError("The server returned the image with neither data nor URL.")
        return checked_url(self._image.url, "url")

    def _keep(self, data: bytes) -> bytes:
        self._data = data
        return data

    def __repr__(self) -> str:
        kind = "base64" if self._image.base64 else "url" if self._image.url else "none"
        return (
            f"{type(self).__name__}(model={self.model!r}, index={self._index}, "
            f"format={kind!r}, respect_moderation={self.respect_moderation})"
        )
