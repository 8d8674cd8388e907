"""Generate and extend videos: ``client.video.generate(...)``, ``extend``, and their parts.

A video takes a while: ``generate``/``extend`` start it and poll until it is done (reporting
the server's progress to ``on_progress``); ``start``/``extend_start`` and ``get`` do the same
steps one at a time; ``prepare``/``prepare_extension`` build requests for the Batch API.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import timedelta

from xai_async._core.errors import VideoGenerationError
from xai_async._core.io.async_primitives import AsyncResult
from xai_async._core.io.async_transport import AsyncTransport
from xai_async._core.methods import Method, RequestT
from xai_async._core.storage import PublicUrlOptions, StorageOptions
from xai_async._core.telemetry import Operation
from xai_async._core.types import VideoAspectRatio, VideoGenerationModel, VideoResolution
from xai_async._core.validate import text
from xai_async._core.video import (
    DEFAULT_VIDEO_POLL_INTERVAL,
    DEFAULT_VIDEO_TIMEOUT,
    BaseVideoClient,
    FileIdKeyframe,
    Keyframe,
    ReferenceAudio,
    UrlKeyframe,
    VideoResponse,
    VideoWait,
    VoiceAudioRef,
    extension_request,
    video_request,
)
from xai_async.proto import services, xai_api

from ._polling import poll

__all__ = [
    "DEFAULT_VIDEO_POLL_INTERVAL",
    "DEFAULT_VIDEO_TIMEOUT",
    "AsyncVideoClient",
    "FileIdKeyframe",
    "Keyframe",
    "PublicUrlOptions",
    "ReferenceAudio",
    "StorageOptions",
    "UrlKeyframe",
    "VideoAspectRatio",
    "VideoGenerationError",
    "VideoGenerationModel",
    "VideoResolution",
    "VideoResponse",
    "VoiceAudioRef",
]


class AsyncVideoClient(BaseVideoClient):
    """``client.video``: the ``xai_api.Video`` service."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def generate(
        self,
        prompt: str,
        model: VideoGenerationModel | str,
        *,
        image_url: str | None = None,
        image_file_id: str | None = None,
        last_frame_url: str | None = None,
        last_frame_file_id: str | None = None,
        keyframes: Sequence[Keyframe] | None = None,
        video_url: str | None = None,
        video_file_id: str | None = None,
        duration: int | None = None,
        aspect_ratio: VideoAspectRatio | xai_api.VideoAspectRatio | None = None,
        resolution: VideoResolution | xai_api.VideoResolution | None = None,
        reference_image_urls: Sequence[str] | None = None,
        reference_image_file_ids: Sequence[str] | None = None,
        reference_audios: Sequence[ReferenceAudio] | None = None,
        generate_audio: bool | None = None,
        storage_options: StorageOptions | xai_api.StorageOptions | None = None,
        timeout: float | timedelta | None = None,
        interval: float | timedelta | None = None,
        on_progress: Callable[[int], object] | None = None,
    ) -> VideoResponse:
        """Generate a video and wait for it: start the request, then poll until it is done.

        With only a prompt it is text-to-video; ``image_url``/``image_file_id`` make it
        image-to-video (the image is the first frame); reference images make the video from
        them; ``video_url``/``video_file_id`` edit that video. On
        ``grok-imagine-video-1.5``, ``last_frame_*`` and ``keyframes`` pin frames (and the
        prompt may then be empty).

        Args:
            prompt: What the video shows (or how to change the input video).
            model: Video model, e.g. ``"grok-imagine-video"``.
            image_url: The first frame: a URL or a ``data:`` URL.
            image_file_id: The first frame, by Files API id.
            last_frame_url: The exact last frame: a URL or a ``data:`` URL.
            last_frame_file_id: The exact last frame, by Files API id.
            keyframes: Frames inside the clip, e.g.
                ``[{"image_url": "https://...", "timestamp": 3.0}]`` (or ``"image_file_id"``);
                each timestamp strictly inside the clip.
            video_url: A video to edit: a URL or a ``data:`` URL.
            video_file_id: A video to edit, by Files API id.
            duration: Length in seconds (the server's default is 8).
            aspect_ratio: ``"16:9"`` (the server's default), ``"1:1"``, ``"9:16"``...
            resolution: ``"480p"`` (the server's default), ``"720p"`` or ``"1080p"``.
            reference_image_urls: Images to make the video from (URLs or ``data:`` URLs).
            reference_image_file_ids: The same by Files API id (sent before the URLs).
            reference_audios: Voices, e.g. ``[{"voice_id": "ara"}]``.
            generate_audio: ``False`` for a silent video (the server's default is sound).
            storage_options: Also keep the video in the Files API, e.g.
                ``{"filename": "clip.mp4", "public_url": True}``.
            timeout: How long to wait in all, in seconds or as a ``timedelta`` (default 10
                minutes); each RPC gets the time left.
            interval: Pause between polls (default 1 second).
            on_progress: Called after each poll with the progress in percent (100 at the end).

        Returns:
            The video: ``url``, ``duration``, ``usage``...

        Raises:
            TypeError: An argument has the wrong type (nothing is sent).
            ValueError: An argument has a value the API does not accept (nothing is sent).
            VideoGenerationError: The server reports that the generation failed (``code``,
                ``message``).
            DeferredError: The request expired server-side.
            PollTimeoutError: Not done within ``timeout`` (a ``TimeoutError``).
            APIError: An RPC failed; the subclass names the gRPC status.
        """
        request = video_request(
            prompt,
            model,
            image_url=image_url,
            image_file_id=image_file_id,
            last_frame_url=last_frame_url,
            last_frame_file_id=last_frame_file_id,
            keyframes=keyframes,
            video_url=video_url,
            video_file_id=video_file_id,
            duration=duration,
            aspect_ratio=aspect_ratio,
            resolution=resolution,
            reference_image_urls=reference_image_urls,
            reference_image_file_ids=reference_image_file_ids,
            reference_audios=reference_audios,
            generate_audio=generate_audio,
            storage_options=storage_options,
        )
        wait = VideoWait.create(timeout, interval, on_progress, "video generation")
        return await self._start_and_wait(
            services.Video.GenerateVideo, request, wait, "video.generate"
        )

    async def start(
        self,
        prompt: str,
        model: VideoGenerationModel | str,
        *,
        image_url: str | None = None,
        image_file_id: str | None = None,
        last_frame_url: str | None = None,
        last_frame_file_id: str | None = None,
        keyframes: Sequence[Keyframe] | None = None,
        video_url: str | None = None,
        video_file_id: str | None = None,
        duration: int | None = None,
        aspect_ratio: VideoAspectRatio | xai_api.VideoAspectRatio | None = None,
        resolution: VideoResolution | xai_api.VideoResolution | None = None,
        reference_image_urls: Sequence[str] | None = None,
        reference_image_file_ids: Sequence[str] | None = None,
        reference_audios: Sequence[ReferenceAudio] | None = None,
        generate_audio: bool | None = None,
        storage_options: StorageOptions | xai_api.StorageOptions | None = None,
        timeout: float | None = None,
    ) -> xai_api.StartDeferredResponse:
        """Start generating a video and return at once: poll ``get(response.request_id)``.

        The arguments are those of ``generate``, except ``timeout``: the seconds this one
        call may take (default: the client's timeout).

        Raises:
            TypeError: An argument has the wrong type (nothing is sent).
            ValueError: An argument has a value the API does not accept (nothing is sent).
            APIError: The RPC failed; the subclass names the gRPC status.
        """
        request = video_request(
            prompt,
            model,
            image_url=image_url,
            image_file_id=image_file_id,
            last_frame_url=last_frame_url,
            last_frame_file_id=last_frame_file_id,
            keyframes=keyframes,
            video_url=video_url,
            video_file_id=video_file_id,
            duration=duration,
            aspect_ratio=aspect_ratio,
            resolution=resolution,
            reference_image_urls=reference_image_urls,
            reference_image_file_ids=reference_image_file_ids,
            reference_audios=reference_audios,
            generate_audio=generate_audio,
            storage_options=storage_options,
        )
        return await self._transport.unary_unary(
            services.Video.GenerateVideo, request, timeout=timeout
        )

    async def get(
        self, request_id: str, *, timeout: float | None = None
    ) -> xai_api.GetDeferredVideoResponse:
        """The state of a video request: its ``status`` and ``response``.

        The response is the video once DONE, carries the progress while PENDING and the
        error once FAILED.

        Args:
            request_id: The id ``start`` or ``extend_start`` returned.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            ValueError: ``request_id`` is empty (nothing is sent).
            NotFoundError: The server knows no such request.
        """
        request = xai_api.GetDeferredVideoRequest(request_id=_request_id(request_id))
        return await self._transport.unary_unary(
            services.Video.GetDeferredVideo, request, timeout=timeout
        )

    async def extend(
        self,
        prompt: str,
        model: VideoGenerationModel | str,
        video_url: str | None = None,
        *,
        video_file_id: str | None = None,
        duration: int | None = None,
        storage_options: StorageOptions | xai_api.StorageOptions | None = None,
        timeout: float | timedelta | None = None,
        interval: float | timedelta | None = None,
        on_progress: Callable[[int], object] | None = None,
    ) -> VideoResponse:
        """Continue a video from its end and wait for the result (start, then poll).

        Chain extensions by passing the returned ``url`` as the next ``video_url``.

        Args:
            prompt: What happens next.
            model: Video model, e.g. ``"grok-imagine-video"``.
            video_url: The video to extend (2 to 30 seconds long): a URL or a ``data:`` URL.
            video_file_id: The video to extend, by Files API id.
            duration: Length of the added part in seconds (the server's default is 6).
            storage_options: Also keep the video in the Files API.
            timeout: How long to wait in all (default 10 minutes).
            interval: Pause between polls (default 1 second).
            on_progress: Called after each poll with the progress in percent.

        Raises:
            TypeError: An argument has the wrong type (nothing is sent).
            ValueError: No video (or two) to extend, or another bad value (nothing is sent).
            VideoGenerationError: The server reports that the extension failed.
            DeferredError: The request expired server-side.
            PollTimeoutError: Not done within ``timeout``.
            APIError: An RPC failed; the subclass names the gRPC status.
        """
        request = extension_request(
            prompt,
            model,
            video_url=video_url,
            video_file_id=video_file_id,
            duration=duration,
            storage_options=storage_options,
        )
        wait = VideoWait.create(timeout, interval, on_progress, "video extension")
        return await self._start_and_wait(services.Video.ExtendVideo, request, wait, "video.extend")

    async def extend_start(
        self,
        prompt: str,
        model: VideoGenerationModel | str,
        video_url: str | None = None,
        *,
        video_file_id: str | None = None,
        duration: int | None = None,
        storage_options: StorageOptions | xai_api.StorageOptions | None = None,
        timeout: float | None = None,
    ) -> xai_api.StartDeferredResponse:
        """Start extending a video and return at once: poll ``get(response.request_id)``.

        The arguments are those of ``extend``, except ``timeout``: the seconds this one call
        may take (default: the client's timeout).

        Raises:
            TypeError: An argument has the wrong type (nothing is sent).
            ValueError: No video (or two) to extend, or another bad value (nothing is sent).
            APIError: The RPC failed; the subclass names the gRPC status.
        """
        request = extension_request(
            prompt,
            model,
            video_url=video_url,
            video_file_id=video_file_id,
            duration=duration,
            storage_options=storage_options,
        )
        return await self._transport.unary_unary(
            services.Video.ExtendVideo, request, timeout=timeout
        )

    async def _start_and_wait(
        self,
        method: Method[RequestT, xai_api.StartDeferredResponse],
        request: RequestT,
        wait: VideoWait,
        operation: str,
    ) -> VideoResponse:
        """Start a video, then poll it until it is final: one span, named ``operation``."""
        deadline = time.monotonic() + wait.timeout
        with self._transport.operation(Operation(operation)):
            started = await self._transport.unary_unary(method, request, timeout=wait.timeout)
            return await self._wait(started.request_id, wait, deadline)

    async def _wait(self, request_id: str, wait: VideoWait, deadline: float) -> VideoResponse:
        """Poll a started video until it is final; the time left is the polls' budget."""
        ask = xai_api.GetDeferredVideoRequest(request_id=request_id)

        def fetch(left: float) -> AsyncResult[xai_api.GetDeferredVideoResponse]:
            return self._transport.unary_unary(services.Video.GetDeferredVideo, ask, timeout=left)

        state = await poll(
            fetch,
            wait.finished,
            timeout=wait.timeout,
            interval=wait.interval,
            on_progress=wait.report,
            what=f"{wait.what} {request_id}",
            started=deadline - wait.timeout,
        )
        return wait.result(state, request_id)


def _request_id(value: object) -> str:
    request_id = text("request_id", value)
    if not request_id:
        raise ValueError("`request_id` must not be empty")
    return request_id
