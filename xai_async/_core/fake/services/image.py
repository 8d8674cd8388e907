"""``xai_api.Image``: image generation, ``n`` images of a real (tiny) PNG.

With ``format`` BASE64 each image comes inline as a ``data:image/png;base64,...`` URL, as
api.x.ai sends it; with URL it is ``{url_base}/images/<id>.png``. Tests that download set
``url_base`` to a local HTTP server of their own serving the PNG, so nothing reaches the
internet. ``storage_options`` are answered with a stored file (and a public URL if asked).
"""

from __future__ import annotations

import base64
import datetime
from typing import Any

import grpc

from ..scenarios import tiny_png
from ..server import FakeXai, Servicer, enum_value, message_class

#: The most images one request may ask for (as api.x.ai).
MAX_IMAGES = 10
#: What one image costs, in ticks of 1e-10 USD ($0.02).
TICKS_PER_IMAGE = 200_000_000


class ImageServicer(Servicer):
    """The Image service; its attributes script what the next generations return.

    Attributes:
        url_base: Where the image URLs point (no trailing slash).
        picture: The bytes of every image (a 2x2 PNG unless replaced).
        mime_type: The picture's MIME type (in the ``data:`` URLs).
        moderated: Indexes of the images of a request that fail moderation (no URL or data).
        storage_error: With ``storage_options``: the error storing reports (None: stored).
        public_url_error: The error creating a public URL reports (None: created).
    """

    service = "xai_api.Image"

    def __init__(self, server: FakeXai) -> None:
        super().__init__(server)
        self.url_base = "https://imgen.x.ai.invalid"
        self.picture = tiny_png()
        self.mime_type = "image/png"
        self.moderated: set[int] = set()
        self.storage_error: str | None = None
        self.public_url_error: str | None = None

    def GenerateImage(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GenerateImage", request, context)
        n = request.n if request.HasField("n") else 1
        if not request.model:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "A model is required.")
        if not request.prompt:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "A prompt is required.")
        if not 1 <= n <= MAX_IMAGES:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"n must be 1 to {MAX_IMAGES}.")
        image_format = request.format
        if image_format not in (_format("IMG_FORMAT_BASE64"), _format("IMG_FORMAT_URL")):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "Unknown image format.")
        response = message_class("xai_api.ImageResponse")(model=request.model)
        for index in range(n):
            image = response.images.add(respect_moderation=index not in self.moderated)
            if image.respect_moderation and image_format == _format("IMG_FORMAT_BASE64"):
                encoded = base64.b64encode(self.picture).decode("ascii")
                image.base64 = f"data:{self.mime_type};base64,{encoded}"
            elif image.respect_moderation:
                image.url = f"{self.url_base}/images/{self.server.next_id('img')}.png"
            if request.HasField("storage_options") and image.respect_moderation:
                store(
                    self.server,
                    image,
                    request.storage_options,
                    url_base=self.url_base,
                    storage_error=self.storage_error,
                    public_url_error=self.public_url_error,
                )
        inputs = len(request.images) + request.HasField("image")
        usage = response.usage
        usage.prompt_text_tokens = len(request.prompt.split())
        usage.prompt_image_tokens = 256 * inputs
        usage.prompt_tokens = usage.prompt_text_tokens + usage.prompt_image_tokens
        usage.total_tokens = usage.prompt_tokens
        usage.cost_in_usd_ticks = TICKS_PER_IMAGE * n
        return response


def store(
    server: FakeXai,
    generated: Any,
    options: Any,
    *,
    url_base: str,
    storage_error: str | None = None,
    public_url_error: str | None = None,
) -> None:
    """Answer ``storage_options`` on a ``GeneratedImage``/``GeneratedVideo``.

    With a stored file (``file-N``), its expiry, and a public URL if asked for; or with the
    scripted errors.
    """
    if storage_error is not None:
        generated.storage_error = storage_error
        return
    stored = generated.file_output
    stored.file_id = server.next_id("file")
    stored.filename = options.filename
    now = datetime.datetime.now(datetime.timezone.utc)
    if options.HasField("expires_after"):
        stored.expires_at.FromDatetime(now + datetime.timedelta(seconds=options.expires_after))
    if not options.HasField("public_url"):
        return
    if public_url_error is not None:
        stored.public_url_error = public_url_error
        return
    stored.public_url = f"{url_base}/public/{stored.file_id}/{options.filename}"
    if options.public_url.HasField("expires_after"):
        lifetime = datetime.timedelta(seconds=options.public_url.expires_after)
        stored.public_url_expires_at.FromDatetime(now + lifetime)


def _format(name: str) -> int:
    return enum_value("xai_api.ImageFormat", name)
