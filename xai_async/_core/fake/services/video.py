"""``xai_api.Video``: deferred video generation and extension, polled with ``GetDeferredVideo``.

Each ``GenerateVideo``/``ExtendVideo`` takes the next scripted :class:`VideoPlan`
(``servicer.plans.append(VideoPlan(...))``), or the default one: done at the first poll. A
plan answers PENDING once per entry of ``progress`` (reporting that percentage), then its
``status``: DONE with a video at ``{url_base}/videos/<request id>.mp4``, FAILED with an error
code and message, or EXPIRED. An unknown request id is NOT_FOUND.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from typing import Any

import grpc

from ..server import FakeXai, Servicer, enum_value, message_class
from .image import store

#: What a second of video costs, in ticks of 1e-10 USD ($0.05).
TICKS_PER_SECOND = 500_000_000
#: The longest clip (and extension) the API makes, in seconds, and the lengths by default.
MAX_DURATION, MAX_EXTENSION = 15, 10
DEFAULT_DURATION, DEFAULT_EXTENSION = 8, 6


@dataclass
class VideoPlan:
    """How the next video request goes."""

    progress: list[int] = field(default_factory=list)  # one PENDING poll per entry
    status: str = "DONE"  # then: "DONE", "FAILED" or "EXPIRED"
    error_code: str = ""  # FAILED: the error's code and message (both empty: no error)
    error_message: str = ""
    url: str | None = None  # DONE: the video's URL (default: under ``url_base``)
    respect_moderation: bool = True
    storage_error: str | None = None
    public_url_error: str | None = None


@dataclass
class VideoJob:
    """A started request: what was asked, how it goes, how often it was polled."""

    method: str  # "GenerateVideo" or "ExtendVideo"
    request: Any
    plan: VideoPlan
    polls: int = 0


class VideoServicer(Servicer):
    """The Video service.

    Attributes:
        url_base: Where video URLs point (no trailing slash).
        plans: Scripted plans, used in order.
        jobs: Every started request, by request id (``video-N``).
    """

    service = "xai_api.Video"

    def __init__(self, server: FakeXai) -> None:
        super().__init__(server)
        self.url_base = "https://vidgen.x.ai.invalid"
        self.plans: collections.deque[VideoPlan] = collections.deque()
        self.jobs: dict[str, VideoJob] = {}

    def GenerateVideo(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GenerateVideo", request, context)
        pinned = (
            request.HasField("image")
            or request.HasField("last_frame")
            or len(request.keyframes) > 0
            or len(request.reference_images) > 0
            or request.HasField("video")
        )
        if not request.prompt and not pinned:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "A prompt is required.")
        length = self._duration(request, MAX_DURATION, DEFAULT_DURATION, context)
        for keyframe in request.keyframes:
            if not 0 < keyframe.timestamp_s < length:
                context.abort(
                    grpc.StatusCode.INVALID_ARGUMENT,
                    f"Keyframe timestamps must fall inside the {length} s clip.",
                )
        return self._start("GenerateVideo", request)

    def ExtendVideo(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("ExtendVideo", request, context)
        if not request.HasField("video"):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "A video to extend is required.")
        self._duration(request, MAX_EXTENSION, DEFAULT_EXTENSION, context)
        return self._start("ExtendVideo", request)

    def GetDeferredVideo(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("GetDeferredVideo", request, context)
        with self.server._lock:
            job = self.jobs.get(request.request_id)
            if job is not None:
                job.polls += 1
        if job is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"No video request {request.request_id!r}.")
        answer = message_class("xai_api.GetDeferredVideoResponse")()
        plan = job.plan
        if job.polls <= len(plan.progress):
            answer.status = _status("PENDING")
            answer.response.model = job.request.model
            answer.response.progress = plan.progress[job.polls - 1]
            return answer
        answer.status = _status(plan.status)
        if plan.status == "FAILED" and (plan.error_code or plan.error_message):
            answer.response.model = job.request.model
            answer.response.error.code = plan.error_code
            answer.response.error.message = plan.error_message
        elif plan.status == "DONE":
            answer.response.CopyFrom(self._video(request.request_id, job))
        return answer

    def _start(self, method: str, request: Any) -> Any:
        plan = self.plans.popleft() if self.plans else VideoPlan()
        request_id = self.server.next_id("video")
        with self.server._lock:
            self.jobs[request_id] = VideoJob(method, request, plan)
        return message_class("xai_api.StartDeferredResponse")(request_id=request_id)

    @staticmethod
    def _duration(request: Any, most: int, default: int, context: grpc.ServicerContext) -> int:
        if not request.model:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "A model is required.")
        if not request.HasField("duration"):
            return default
        if not 1 <= request.duration <= most:
            context.abort(
                grpc.StatusCode.INVALID_ARGUMENT, f"duration must be 1 to {most} seconds."
            )
        return int(request.duration)

    def _video(self, request_id: str, job: VideoJob) -> Any:
        plan, request = job.plan, job.request
        default = DEFAULT_EXTENSION if job.method == "ExtendVideo" else DEFAULT_DURATION
        seconds = request.duration if request.HasField("duration") else default
        response = message_class("xai_api.VideoResponse")(model=request.model, progress=100)
        video = response.video
        video.respect_moderation = plan.respect_moderation
        video.duration = seconds
        if plan.respect_moderation:
            video.url = plan.url or f"{self.url_base}/videos/{request_id}.mp4"
            if request.HasField("storage_options"):
                store(
                    self.server,
                    video,
                    request.storage_options,
                    url_base=self.url_base,
                    storage_error=plan.storage_error,
                    public_url_error=plan.public_url_error,
                )
        response.usage.cost_in_usd_ticks = TICKS_PER_SECOND * seconds
        return response


def _status(name: str) -> int:
    return enum_value("xai_api.DeferredStatus", name)
