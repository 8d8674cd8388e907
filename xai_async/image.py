"""Generate and edit images: ``client.image.sample(...)``, ``sample_batch``, ``prepare``.

A generated image comes back as a URL (the default) or inline as base64
(``image_format="base64"``); ``response.image`` (awaited in ``xai_async``, as in the official
async SDK) gives its bytes either way, downloading a URL with httpx
(``pip install "xai-async[image-download]"``).
"""

from __future__ import annotations

from collections.abc import Sequence

from xai_async._core.image import BaseImageClient, BaseImageResponse, batch_size, image_request
from xai_async._core.io.async_download import async_download
from xai_async._core.io.async_transport import AsyncTransport
from xai_async._core.io.web import DOWNLOAD_TIMEOUT
from xai_async._core.storage import PublicUrlOptions, StorageOptions
from xai_async._core.types import (
    ImageAspectRatio,
    ImageFormat,
    ImageGenerationModel,
    ImageQuality,
    ImageResolution,
)
from xai_async.proto import services, xai_api

__all__ = [
    "AsyncImageClient",
    "AsyncImageResponse",
    "BaseImageResponse",
    "ImageAspectRatio",
    "ImageFormat",
    "ImageGenerationModel",
    "ImageQuality",
    "ImageResolution",
    "PublicUrlOptions",
    "StorageOptions",
]


class AsyncImageResponse(BaseImageResponse):
    """One generated image: ``url`` or ``base64``, ``image`` for the bytes, ``usage``...

    ``.proto`` is the whole ``ImageResponse`` message (every image of the request).
    """

    __slots__ = ()

    @property
    async def image(self) -> bytes:
        """The image's bytes: decoded from base64, or downloaded from the URL.

        The download may take 30 seconds (``read`` takes another timeout). The bytes are
        kept: reading the property again downloads nothing.

        Raises:
            ValueError: The image has no data or URL (moderation), or the URL is not http(s).
            ImportError: The image must be downloaded and httpx is not installed.
            httpx.HTTPError: The download failed or timed out.
        """
        return await self.read()

    async def read(self, *, timeout: float | None = None) -> bytes:
        """The image's bytes, like ``image``, with a timeout for the download.

        Args:
            timeout: Seconds the download may take in all (default 30).

        Raises:
            ValueError: The image has no data or URL, the URL is not http(s), or ``timeout``
                is not positive.
            ImportError: The image must be downloaded and httpx is not installed.
            httpx.HTTPError: The download failed or timed out.
        """
        data = self._known_bytes()
        if data is not None:
            return data
        url = self._download_url()
        limit = DOWNLOAD_TIMEOUT if timeout is None else timeout
        return self._keep(await async_download(url, timeout=limit))


#: The official SDK's name for the async image response (``xai_sdk.aio.image.ImageResponse``).
ImageResponse = AsyncImageResponse


class AsyncImageClient(BaseImageClient):
    """``client.image``: the ``xai_api.Image`` service."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def sample(
        self,
        prompt: str,
        model: ImageGenerationModel | str,
        *,
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
        timeout: float | None = None,
    ) -> AsyncImageResponse:
        """Generate one image from ``prompt``, or edit the input image(s) as it says.

        Args:
            prompt: What to draw, or how to change the input images.
            model: Image model, e.g. ``"grok-imagine-image"``.
            image_url: One image to edit: a URL or a ``data:`` URL.
            image_file_id: One image to edit, by Files API id.
            image_urls: Several images to combine or edit (URLs or ``data:`` URLs); not
                with ``image_url``/``image_file_id``.
            image_file_ids: Several images by Files API id (sent before ``image_urls``).
            user: An id of your end user, for abuse monitoring.
            image_format: ``"url"`` (the default) or ``"base64"`` (the bytes come inline).
            aspect_ratio: ``"1:1"``, ``"16:9"``, ``"9:19.5"``... (see ``ImageAspectRatio``).
            resolution: ``"1k"`` or ``"2k"``.
            quality: ``"low"`` or ``"medium"``.
            storage_options: Also keep the image in the Files API, e.g.
                ``{"filename": "cat.png", "public_url": True}``.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            TypeError: An argument has the wrong type (nothing is sent).
            ValueError: An argument has a value the API does not accept (nothing is sent).
            APIError: The RPC failed; the subclass names the gRPC status.
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
        proto = await self._transport.unary_unary(
            services.Image.GenerateImage, request, timeout=timeout
        )
        return AsyncImageResponse(proto, 0)

    async def sample_batch(
        self,
        prompt: str,
        model: ImageGenerationModel | str,
        n: int,
        *,
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
        timeout: float | None = None,
    ) -> Sequence[AsyncImageResponse]:
        """Generate ``n`` images in one request: one response each, in order.

        The arguments are those of ``sample``, plus ``n`` (at least 1).

        Raises:
            TypeError: An argument has the wrong type (nothing is sent).
            ValueError: An argument has a value the API does not accept (nothing is sent).
            APIError: The RPC failed; the subclass names the gRPC status.
        """
        request = image_request(
            prompt,
            model,
            n=batch_size(n),
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
        proto = await self._transport.unary_unary(
            services.Image.GenerateImage, request, timeout=timeout
        )
        return [AsyncImageResponse(proto, index) for index in range(len(proto.images))]
