"""Video requests, the response and the outcome of polling, without a server.

The official SDK's encodings were recorded (``xai_sdk`` 1.21, ``SerializeToString``) and are
compared message for message, decoded by the fake server's independent codec.
"""

from __future__ import annotations

import inspect
import pickle
from typing import Any

import pytest

from tests.fake_server import message_class
from xai_async import VideoGenerationError, video
from xai_async._core.video import (
    BaseVideoClient,
    VideoResponse,
    VideoWait,
    extension_request,
    video_request,
)
from xai_async.proto import xai_api

_STATUS = xai_api.DeferredStatus


# -- the official signatures, plus ``timeout=``/``on_progress=`` -----------------------------

P, K, E = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY, "E"
OPTIONS = [
    "image_url",
    "image_file_id",
    "last_frame_url",
    "last_frame_file_id",
    "keyframes",
    "video_url",
    "video_file_id",
    "duration",
    "aspect_ratio",
    "resolution",
    "reference_image_urls",
    "reference_image_file_ids",
    "reference_audios",
    "generate_audio",
    "storage_options",
]


def _keywords(*names: str) -> list[tuple[str, Any, Any]]:
    return [(name, K, None) for name in names]


START = [("prompt", P, E), ("model", P, E)]
EXTENSION = [*START, ("video_url", P, None), *_keywords("video_file_id")]
#: xai_sdk 1.21's ``aio.video.Client``, then what this SDK adds.
OFFICIAL: dict[str, tuple[Any, list[tuple[str, Any, Any]], list[str]]] = {
    "generate": (
        video.AsyncVideoClient.generate,
        [*START, *_keywords(*OPTIONS, "timeout", "interval")],
        ["on_progress"],
    ),
    "start": (video.AsyncVideoClient.start, [*START, *_keywords(*OPTIONS)], ["timeout"]),
    "prepare": (
        video.AsyncVideoClient.prepare,
        [*START, *_keywords("batch_request_id", *OPTIONS)],
        [],
    ),
    "get": (video.AsyncVideoClient.get, [("request_id", P, E)], ["timeout"]),
    "extend": (
        video.AsyncVideoClient.extend,
        [*EXTENSION, *_keywords("duration", "storage_options", "timeout", "interval")],
        ["on_progress"],
    ),
    "extend_start": (
        video.AsyncVideoClient.extend_start,
        [*EXTENSION, *_keywords("duration", "storage_options")],
        ["timeout"],
    ),
    "prepare_extension": (
        video.AsyncVideoClient.prepare_extension,
        [*EXTENSION, *_keywords("batch_request_id", "duration", "storage_options")],
        [],
    ),
}


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_signatures_are_the_official_ones_plus_keywords_at_the_end(name: str) -> None:
    method, official, added = OFFICIAL[name]
    shape = [
        (p.name, p.kind, E if p.default is inspect.Parameter.empty else p.default)
        for p in list(inspect.signature(method).parameters.values())[1:]
    ]
    assert shape == [*official, *_keywords(*added)]


# -- requests, compared with the official SDK's -----------------------------------------------

#: What xai_sdk 1.21 sends for the cases of ``CASES`` (hex of ``SerializeToString()``).
RECORDED = {
    "frames": (
        "120510011a01661a1667726f6b2d696d6167696e652d766964656f2d312e352009380240026a0610011a"
        "0266726a0d0a0968747470733a2f2f721001720a0a05632e6d703410a03882010512036172618801009201"
        "130a0f68747470733a2f2f612f6c2e6a70671001a2011a0a130a0f68747470733a2f2f612f6b2e6a7067"
        "10011500004040a2010d0a0610011a02666b150000c040"
    ),
    "edit": "0a01651a016d200332041202667638064003",
    "prepare": "0a0022080a01701a016d2005",
    "prepare_extension": "0a01712a1a0a0170120b0a0968747470733a2f2f761a016d200432030a017a",
}

CASES: dict[str, tuple[str, Any]] = {
    "frames": (
        "xai_api.GenerateVideoRequest",
        lambda: video_request(
            "",
            "grok-imagine-video-1.5",
            image_file_id="f",
            last_frame_url="https://a/l.jpg",
            keyframes=[
                {"image_url": "https://a/k.jpg", "timestamp": 3.0},
                {"image_file_id": "fk", "timestamp": 6},
            ],
            duration=9,
            aspect_ratio="16:9",
            resolution="720p",
            reference_image_urls=["https://r"],
            reference_image_file_ids=["fr"],
            reference_audios=[{"voice_id": "ara"}],
            generate_audio=False,
            storage_options={"filename": "c.mp4", "expires_after": 7200},
        ),
    ),
    "edit": (
        "xai_api.GenerateVideoRequest",
        lambda: video_request(
            "e", "m", video_file_id="fv", duration=3, aspect_ratio="3:2", resolution="1080p"
        ),
    ),
    "prepare": ("xai_api.BatchRequest", lambda: BaseVideoClient().prepare("p", "m", duration=5)),
    "prepare_extension": (
        "xai_api.BatchRequest",
        lambda: BaseVideoClient().prepare_extension(
            "p",
            "m",
            "https://v",
            batch_request_id="q",
            duration=4,
            storage_options={"filename": "z"},
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_requests_say_what_the_official_sdk_sends(case: str) -> None:
    message_name, build = CASES[case]
    decode = message_class(message_name).FromString
    assert decode(bytes(build())) == decode(bytes.fromhex(RECORDED[case]))


def test_keyframes_and_reference_audios_may_be_messages() -> None:
    keyframe = xai_api.VideoKeyframe(timestamp_s=1.5)
    voice = xai_api.AudioUrlContent(voice_id="leo")
    request = video_request("x", "m", keyframes=[keyframe], reference_audios=[voice])
    assert request.keyframes == [keyframe]
    assert request.reference_audios == [voice]


def test_an_extension_needs_exactly_one_video() -> None:
    request = extension_request("more", "m", video_file_id="f", duration=2)
    assert request.video == xai_api.VideoUrlContent(file_id="f")
    with pytest.raises(ValueError, match="video to extend"):
        extension_request("more", "m")
    with pytest.raises(ValueError, match="only one"):
        extension_request("more", "m", video_url="https://v", video_file_id="f")


# -- the response and the outcome of polling ---------------------------------------------------


def _state(status: Any, **response: Any) -> xai_api.GetDeferredVideoResponse:
    return xai_api.GetDeferredVideoResponse(
        status=status, response=xai_api.VideoResponse(**response) if response else None
    )


def test_the_response_reads_the_video_and_its_storage() -> None:
    stored = xai_api.FileOutput(file_id="file-1", filename="c.mp4", public_url_error="off")
    response = VideoResponse(
        xai_api.VideoResponse(
            video=xai_api.GeneratedVideo(
                url="https://v/1.mp4", duration=6, respect_moderation=True, file_output=stored
            ),
            model="grok-imagine-video",
            usage=xai_api.SamplingUsage(cost_in_usd_ticks=3_000_000_000),
        )
    )
    assert (response.url, response.duration, response.model) == (
        "https://v/1.mp4",
        6,
        "grok-imagine-video",
    )
    assert response.cost_usd == pytest.approx(0.3)
    assert response.file_output is stored
    assert response.public_url is None
    assert response.public_url_error == "off"
    assert response.storage_error is None
    assert "duration=6" in repr(response)
    empty = VideoResponse(xai_api.VideoResponse())
    assert not empty.respect_moderation
    assert empty.duration == 0
    with pytest.raises(ValueError, match="moderation"):
        empty.url  # noqa: B018


def test_progress_is_reported_for_pending_and_done_states_only() -> None:
    seen: list[int] = []
    wait = VideoWait.create(None, None, seen.append, "video generation")
    assert (wait.timeout, wait.interval) == (600.0, 1.0)  # the official defaults
    wait.report(_state(_STATUS.PENDING, progress=42))
    wait.report(_state(_STATUS.PENDING))  # no response yet: nothing done
    wait.report(_state(_STATUS.FAILED, error=xai_api.VideoError(code="X", message="y")))
    wait.report(_state(_STATUS.DONE, progress=0))
    assert seen == [42, 0, 100]
    assert wait.finished(_state(_STATUS.FAILED))
    assert wait.finished(_state(_STATUS.EXPIRED))
    assert not wait.finished(_state(_STATUS.PENDING))
    assert not wait.finished(_state(_STATUS.INVALID_DEFERRED_STATUS))  # unknown: polled on


def test_final_states_become_a_video_or_an_error() -> None:
    wait = VideoWait.create(5, 0.1, None, "video extension")
    done = wait.result(_state(_STATUS.DONE, video=xai_api.GeneratedVideo(url="u")), "r-1")
    assert isinstance(done, VideoResponse)
    assert done.url == "u"
    with pytest.raises(VideoGenerationError, match=r"\[UNKNOWN\]: The server reported"):
        wait.result(_state(_STATUS.DONE), "r-1")
    with pytest.raises(VideoGenerationError) as failed:
        wait.result(_state(_STATUS.FAILED, error=xai_api.VideoError(code="", message="m")), "r")
    assert (failed.value.code, failed.value.message) == ("UNKNOWN", "m")


def test_video_generation_errors_pickle_with_their_fields() -> None:
    error = VideoGenerationError("CONTENT_POLICY", "refused", request_id="video-3")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is VideoGenerationError
    assert (copy.code, copy.message, copy.request_id, copy.status) == (
        "CONTENT_POLICY",
        "refused",
        "video-3",
        "FAILED",
    )
    assert str(copy) == str(error) == "Video generation failed [CONTENT_POLICY]: refused"
    # The official constructor works unchanged: VideoGenerationError(code, message).
    assert VideoGenerationError("X", "y").request_id == ""
