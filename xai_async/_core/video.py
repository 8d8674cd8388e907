"""Video generation (``client.video``): argument checks, requests, the response, the outcome.

Everything here is shared by both packages; they add only the calls (start, poll, get).
A video is a deferred request: ``GenerateVideo``/``ExtendVideo`` return a request id, then
``GetDeferredVideo`` reports PENDING (with a progress percentage) until DONE or FAILED.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from xai_async._core.cost import cost_usd_from_usage
from xai_async._core.enums import VIDEO_ASPECT_RATIO, VIDEO_RESOLUTION
from xai_async._core.errors import DeferredError, VideoGenerationError
from xai_async._core.image import check_model, image_content, proto_choice
from xai_async._core.storage import StorageOptions, StoredAsset, storage_options_proto
from xai_async._core.types import (
    FileIdKeyframe,
    Keyframe,
    ReferenceAudio,
    UrlKeyframe,
    VideoAspectRatio,
    VideoGenerationModel,
    VideoResolution,
    VoiceAudioRef,
)
from xai_async._core.validate import (
    optional_bool,
    optional_int,
    optional_name,
    optional_str,
    text,
    text_list,
    timeout_seconds,
)
from xai_async._core.wrapper import ProtoWrapper, present
from xai_async.proto import xai_api

__all__ = [
    "DEFAULT_VIDEO_POLL_INTERVAL",
    "DEFAULT_VIDEO_TIMEOUT",
    "VIDEO_ASPECT_RATIO",
    "VIDEO_RESOLUTION",
    "BaseVideoClient",
    "FileIdKeyframe",
    "Keyframe",
    "ReferenceAudio",
    "UrlKeyframe",
    "VideoResponse",
    "VideoWait",
    "VoiceAudioRef",
    "extension_request",
    "video_request",
]

#: How long ``generate``/``extend`` wait in all, and between polls, unless told otherwise
#: (the official SDK's defaults).
DEFAULT_VIDEO_TIMEOUT = datetime.timedelta(minutes=10)
DEFAULT_VIDEO_POLL_INTERVAL = datetime.timedelta(seconds=1)


_STATUS = xai_api.DeferredStatus


def _entries(argument: str, value: object) -> list[object]:
    """A list argument of dicts (``None`` is empty); a lone dict or string is refused."""
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise TypeError(f"`{argument}` must be a list of dicts, got {type(value).__name__}")
    return list(value)


def _source(where: str, value: object) -> str:
    """A non-blank string, stripped of surrounding blanks (as the official SDK sends it)."""
    name = optional_name(where, value)
    if name is None:
        raise TypeError(f"`{where}` must be a string, got None")
    return name.strip()


def _keyframe(entry: object, where: str, duration: int | None) -> xai_api.VideoKeyframe:
    if isinstance(entry, xai_api.VideoKeyframe):
        return entry
    if not isinstance(entry, Mapping):
        raise TypeError(
            f"`{where}` must be a dict like {{'image_url': ..., 'timestamp': 2.0}}, "
            f"got {type(entry).__name__}"
        )
    unknown = sorted(map(str, set(entry) - {"image_url", "image_file_id", "timestamp"}))
    if unknown:
        raise ValueError(f"`{where}` has unknown keys: {', '.join(unknown)}")
    sources = [key for key in ("image_url", "image_file_id") if key in entry]
    if len(sources) != 1:
        raise ValueError(f"`{where}` needs exactly one of 'image_url' and 'image_file_id'")
    if "timestamp" not in entry:
        raise ValueError(f"`{where}` needs a 'timestamp' (seconds into the clip)")
    timestamp = entry["timestamp"]
    if isinstance(timestamp, bool) or not isinstance(timestamp, (int, float)):
        raise TypeError(
            f"`{where}['timestamp']` must be a number of seconds, got {type(timestamp).__name__}"
        )
    if not (math.isfinite(timestamp) and timestamp > 0):
        raise ValueError(f"`{where}['timestamp']` must be after the start (> 0), got {timestamp}")
    if duration is not None and timestamp >= duration:
        raise ValueError(
            f"`{where}['timestamp']` must fall before the end of the {duration} s clip, "
            f"got {timestamp}"
        )
    (kind,) = sources
    value = _source(f"{where}['{kind}']", entry[kind])
    image = image_content(url=value) if kind == "image_url" else image_content(file_id=value)
    return xai_api.VideoKeyframe(image=image, timestamp_s=float(timestamp))


def _reference_audio(entry: object, where: str) -> xai_api.AudioUrlContent:
    if isinstance(entry, xai_api.AudioUrlContent):
        return entry
    if not isinstance(entry, Mapping):
        raise TypeError(
            f"`{where}` must be a dict like {{'voice_id': 'ara'}}, got {type(entry).__name__}"
        )
    if set(entry) != {"voice_id"}:
        raise ValueError(f"`{where}` takes exactly one key, 'voice_id'; got {sorted(entry)}")
    return xai_api.AudioUrlContent(voice_id=_source(f"{where}['voice_id']", entry["voice_id"]))


def _one_of(
    first: str, first_value: object, second: str, second_value: object
) -> tuple[str | None, str | None]:
    """Two optional ways to give one input (a URL or a file id): at most one of them."""
    a, b = optional_name(first, first_value), optional_name(second, second_value)
    if a is not None and b is not None:
        raise ValueError(f"Pass only one of `{first}` and `{second}`")
    return a, b


def _video_input(url: object, file_id: object) -> xai_api.VideoUrlContent | None:
    video_url, video_file_id = _one_of("video_url", url, "video_file_id", file_id)
    if video_url is None and video_file_id is None:
        return None
    return xai_api.VideoUrlContent(url=video_url, file_id=video_file_id)


def _image_input(
    url_argument: str, url: object, file_id_argument: str, file_id: object
) -> xai_api.ImageUrlContent | None:
    image_url, image_file_id = _one_of(url_argument, url, file_id_argument, file_id)
    if image_url is None and image_file_id is None:
        return None
    return image_content(image_url, image_file_id)


def video_request(
    prompt: object,
    model: object,
    *,
    image_url: object = None,
    image_file_id: object = None,
    last_frame_url: object = None,
    last_frame_file_id: object = None,
    keyframes: object = None,
    video_url: object = None,
    video_file_id: object = None,
    duration: object = None,
    aspect_ratio: object = None,
    resolution: object = None,
    reference_image_urls: object = None,
    reference_image_file_ids: object = None,
    reference_audios: object = None,
    generate_audio: object = None,
    storage_options: object = None,
) -> xai_api.GenerateVideoRequest:
    """Check the arguments of ``generate``/``start``/``prepare``; build the request.

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: An argument has a value the API does not accept, or two ways of giving
            the same input are combined.
    """
    seconds = optional_int("duration", duration, minimum=1)
    reference_file_ids = text_list("reference_image_file_ids", reference_image_file_ids)
    reference_urls = text_list("reference_image_urls", reference_image_urls)
    return xai_api.GenerateVideoRequest(
        prompt=text("prompt", prompt),
        model=check_model(model),
        image=_image_input("image_url", image_url, "image_file_id", image_file_id),
        last_frame=_image_input(
            "last_frame_url", last_frame_url, "last_frame_file_id", last_frame_file_id
        ),
        keyframes=[
            _keyframe(entry, f"keyframes[{position}]", seconds)
            for position, entry in enumerate(_entries("keyframes", keyframes))
        ],
        video=_video_input(video_url, video_file_id),
        duration=seconds,
        aspect_ratio=proto_choice(
            "aspect_ratio", aspect_ratio, xai_api.VideoAspectRatio, VIDEO_ASPECT_RATIO
        ),
        resolution=proto_choice(
            "resolution", resolution, xai_api.VideoResolution, VIDEO_RESOLUTION
        ),
        # File ids first, as the official SDK sends them (the order the model sees).
        reference_images=[image_content(file_id=each) for each in reference_file_ids]
        + [image_content(url=each) for each in reference_urls],
        reference_audios=[
            _reference_audio(entry, f"reference_audios[{position}]")
            for position, entry in enumerate(_entries("reference_audios", reference_audios))
        ],
        generate_audio=optional_bool("generate_audio", generate_audio),
        storage_options=storage_options_proto(storage_options),
    )


def extension_request(
    prompt: object,
    model: object,
    *,
    video_url: object = None,
    video_file_id: object = None,
    duration: object = None,
    storage_options: object = None,
) -> xai_api.ExtendVideoRequest:
    """Check the arguments of ``extend``/``extend_start``/``prepare_extension``.

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: No video (or two) to extend, or another value the API does not accept.
    """
    video = _video_input(video_url, video_file_id)
    if video is None:
        raise ValueError("Pass the video to extend: `video_url` or `video_file_id`")
    return xai_api.ExtendVideoRequest(
        prompt=text("prompt", prompt),
        model=check_model(model),
        video=video,
        duration=optional_int("duration", duration, minimum=1),
        storage_options=storage_options_proto(storage_options),
    )


def _batch_request(
    batch_request_id: object,
    video_request: xai_api.GenerateVideoRequest | None = None,
    extension: xai_api.ExtendVideoRequest | None = None,
) -> xai_api.BatchRequest:
    # As the official SDK does, an empty id is sent when none is given.
    return xai_api.BatchRequest(
        batch_request_id=optional_str("batch_request_id", batch_request_id) or "",
        video_request=video_request,
        video_extension_request=extension,
    )


class BaseVideoClient:
    """``client.video``: what needs no network (``prepare*``); the packages add the calls."""

    def prepare(
        self,
        prompt: str,
        model: VideoGenerationModel | str,
        *,
        batch_request_id: str | None = None,
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
    ) -> xai_api.BatchRequest:
        """Build a video request for the Batch API (``client.batch.add``); nothing is sent.

        The arguments are those of ``generate`` (see there), plus ``batch_request_id``, your
        id of the request, unique within its batch.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument has a value the API does not accept.
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
        return _batch_request(batch_request_id, video_request=request)

    def prepare_extension(
        self,
        prompt: str,
        model: VideoGenerationModel | str,
        video_url: str | None = None,
        *,
        video_file_id: str | None = None,
        batch_request_id: str | None = None,
        duration: int | None = None,
        storage_options: StorageOptions | xai_api.StorageOptions | None = None,
    ) -> xai_api.BatchRequest:
        """Build a video extension request for the Batch API; nothing is sent.

        The arguments are those of ``extend``, plus ``batch_request_id``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: No video to extend, or another value the API does not accept.
        """
        request = extension_request(
            prompt,
            model,
            video_url=video_url,
            video_file_id=video_file_id,
            duration=duration,
            storage_options=storage_options,
        )
        return _batch_request(batch_request_id, extension=request)


class VideoResponse(StoredAsset, ProtoWrapper[xai_api.VideoResponse]):
    """A generated video; ``.proto`` is the ``VideoResponse`` message."""

    __slots__ = ("_video",)

    def __init__(self, proto: xai_api.VideoResponse) -> None:
        super().__init__(proto)
        self._video = present(proto.video, xai_api.GeneratedVideo)

    def _asset(self) -> xai_api.GeneratedVideo:
        return self._video

    @property
    def model(self) -> str:
        """The model that made the video (its full name, not an alias)."""
        return self._proto.model

    @property
    def usage(self) -> xai_api.SamplingUsage:
        """Token usage of the request."""
        return present(self._proto.usage, xai_api.SamplingUsage)

    @property
    def cost_usd(self) -> float | None:
        """What the request cost in US dollars, or ``None`` if the server did not say."""
        return cost_usd_from_usage(self._proto.usage)

    @property
    def respect_moderation(self) -> bool:
        """Whether the video passed moderation (a blocked video has no URL)."""
        return self._video.respect_moderation

    @property
    def url(self) -> str:
        """Where the video can be downloaded (the URL is valid for 24 hours).

        Raises:
            ValueError: The video was withheld by moderation, or the server sent no URL.
        """
        if self._video.url:
            return self._video.url
        if not self.respect_moderation:
            raise ValueError("The video did not pass moderation: it has no URL.")
        raise ValueError("The server sent no URL for the video.")

    @property
    def duration(self) -> int:
        """The video's length in seconds."""
        return self._video.duration

    @property
    def progress(self) -> int:
        """How far along the generation was, in percent, when this was reported."""
        return self._proto.progress

    def __repr__(self) -> str:
        return (
            f"VideoResponse(model={self.model!r}, url={self._video.url!r}, "
            f"duration={self.duration}, respect_moderation={self.respect_moderation})"
        )


# -- waiting for a video ---------------------------------------------------------------------


@dataclass(frozen=True)
class VideoWait:
    """How ``generate``/``extend`` wait: checked before anything is sent.

    Attributes:
        timeout: Seconds to wait in all (the start call included).
        interval: Seconds between polls.
        on_progress: Told the server's progress percentage after each poll, or ``None``.
        what: ``"video generation"`` or ``"video extension"``, for the messages.
    """

    timeout: float
    interval: float
    on_progress: Callable[[int], object] | None
    what: str

    @classmethod
    def create(cls, timeout: object, interval: object, on_progress: object, what: str) -> VideoWait:
        """Check the waiting arguments (``None`` means the official SDK's defaults).

        Raises:
            TypeError: ``on_progress`` is not callable, or a duration is not a number or
                a ``timedelta``.
            ValueError: A duration is not positive.
        """
        if on_progress is not None and not callable(on_progress):
            raise TypeError(
                "`on_progress` must be a function taking the progress percentage, got "
                f"{type(on_progress).__name__}"
            )
        return cls(
            timeout_seconds(DEFAULT_VIDEO_TIMEOUT if timeout is None else timeout, "timeout"),
            timeout_seconds(
                DEFAULT_VIDEO_POLL_INTERVAL if interval is None else interval, "interval"
            ),
            on_progress,
            what,
        )

    def finished(self, state: xai_api.GetDeferredVideoResponse) -> bool:
        """Whether polling can stop: DONE, FAILED or EXPIRED (anything else is polled on)."""
        return state.status in (_STATUS.DONE, _STATUS.FAILED, _STATUS.EXPIRED)

    def report(self, state: xai_api.GetDeferredVideoResponse) -> None:
        """Tell ``on_progress`` how far the video is (100 once it is done)."""
        if self.on_progress is None:
            return
        if state.status == _STATUS.DONE:
            self.on_progress(100)
        elif state.status == _STATUS.PENDING:
            response = state.response
            self.on_progress(0 if response is None else response.progress)

    def result(self, state: xai_api.GetDeferredVideoResponse, request_id: str) -> VideoResponse:
        """The finished video, or the error its final state stands for.

        Raises:
            VideoGenerationError: The server reports a failure (with its code and message),
                or says it is done without sending the video.
            DeferredError: The request expired.
        """
        response = state.response
        if state.status == _STATUS.DONE and response is not None:
            return VideoResponse(response)
        if state.status == _STATUS.EXPIRED:
            raise DeferredError(
                f"The {self.what} {request_id} expired before it was done.",
                request_id=request_id,
                status="EXPIRED",
            )
        error = None if response is None else response.error
        if state.status == _STATUS.DONE:
            code, message = "UNKNOWN", "The server reported the video done but sent no video."
        elif error is None:
            code, message = "UNKNOWN", f"The {self.what} failed with no error details."
        else:
            code, message = error.code or "UNKNOWN", error.message
        raise VideoGenerationError(code, message, request_id=request_id)
