"""``client.video`` against the fake server: start, poll with progress, failures, timeouts."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest

from tests.fake_server import FakeXai, enum_name
from xai_async import (
    AsyncClient,
    DeferredError,
    InvalidArgumentError,
    NotFoundError,
    PollTimeoutError,
    VideoGenerationError,
)
from xai_async._core.fake.services.video import VideoPlan
from xai_async.proto import xai_api
from xai_async.video import VideoResponse

MODEL = "grok-imagine-video"
FAST = 0.01  # poll interval of the tests (the default, 1 s, would make them slow)


def _plan(fake_xai: FakeXai, **fields: Any) -> None:
    fake_xai.servicer("xai_api.Video").plans.append(VideoPlan(**fields))


def _methods(fake_xai: FakeXai) -> list[str]:
    return [call.method for call in fake_xai.received]


async def test_generate_starts_then_polls_until_done(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        video = await client.video.generate("A timelapse of a sunset", MODEL)
    assert _methods(fake_xai) == ["GenerateVideo", "GetDeferredVideo"]
    start, poll = (call.request for call in fake_xai.received)
    assert (start.prompt, start.model) == ("A timelapse of a sunset", MODEL)
    assert not start.HasField("duration")
    assert poll.request_id == "video-1"
    assert isinstance(video, VideoResponse)
    assert video.url == "https://vidgen.x.ai.invalid/videos/video-1.mp4"
    assert video.duration == 8
    assert video.respect_moderation
    assert video.model == MODEL
    assert video.progress == 100
    assert video.cost_usd == pytest.approx(0.4)
    assert isinstance(video.proto, xai_api.VideoResponse)
    assert video.file_output is None


async def test_progress_is_reported_after_each_poll(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    _plan(fake_xai, progress=[5, 40, 80])
    seen: list[int] = []
    async with AsyncClient(**client_kwargs) as client:
        video = await client.video.generate("x", MODEL, interval=FAST, on_progress=seen.append)
    assert seen == [5, 40, 80, 100]
    assert _methods(fake_xai) == ["GenerateVideo"] + ["GetDeferredVideo"] * 4
    assert video.url


async def test_every_generation_input_reaches_the_wire(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        video = await client.video.generate(
            "",  # the prompt may be empty once a frame is pinned
            "grok-imagine-video-1.5",
            image_url="https://example.com/first.jpg",
            last_frame_file_id="file-last",
            keyframes=[
                {"image_url": " https://example.com/mid.jpg ", "timestamp": 3},
                {"image_file_id": "file-mid", "timestamp": 6.5},
            ],
            duration=10,
            aspect_ratio="9:16",
            resolution="720p",
            reference_image_urls=["https://example.com/ref.jpg"],
            reference_image_file_ids=["file-ref"],
            reference_audios=[{"voice_id": " ara "}],
            generate_audio=False,
            storage_options={"filename": "clip.mp4", "public_url": True},
            timeout=datetime.timedelta(seconds=30),
            interval=datetime.timedelta(milliseconds=10),
        )
    sent = fake_xai.received[0].request
    assert sent.prompt == ""
    assert sent.image.image_url == "https://example.com/first.jpg"
    assert enum_name("xai_api.ImageDetail", sent.image.detail) == "DETAIL_AUTO"
    assert sent.last_frame.file_id == "file-last"
    assert [(k.image.WhichOneof("source"), k.timestamp_s) for k in sent.keyframes] == [
        ("image_url", 3.0),
        ("file_id", 6.5),
    ]
    assert sent.keyframes[0].image.image_url == "https://example.com/mid.jpg"  # stripped
    assert sent.duration == 10
    assert enum_name("xai_api.VideoAspectRatio", sent.aspect_ratio) == "VIDEO_ASPECT_RATIO_9_16"
    assert enum_name("xai_api.VideoResolution", sent.resolution) == "VIDEO_RESOLUTION_720P"
    # File ids first, then URLs, as the official SDK sends them.
    assert [r.file_id or r.image_url for r in sent.reference_images] == [
        "file-ref",
        "https://example.com/ref.jpg",
    ]
    assert [a.voice_id for a in sent.reference_audios] == ["ara"]
    assert sent.HasField("generate_audio")
    assert not sent.generate_audio
    assert not sent.HasField("video")
    assert sent.storage_options.filename == "clip.mp4"
    assert video.duration == 10
    assert video.file_output is not None
    assert video.public_url == "https://vidgen.x.ai.invalid/public/file-1/clip.mp4"


async def test_a_video_can_be_edited(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        await client.video.generate("Add rain", MODEL, video_url="https://example.com/v.mp4")
        await client.video.generate("Add snow", MODEL, video_file_id="file-v")
    by_url, by_file = (call.request for call in fake_xai.received if call.method == "GenerateVideo")
    assert by_url.video.url == "https://example.com/v.mp4"
    assert by_file.video.file_id == "file-v"


async def test_extend_continues_a_video(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    _plan(fake_xai, progress=[50])
    seen: list[int] = []
    async with AsyncClient(**client_kwargs) as client:
        first = await client.video.extend(
            "The camera zooms out",
            MODEL,
            "https://example.com/v.mp4",  # video_url is positional, as in the official SDK
            duration=6,
            interval=FAST,
            on_progress=seen.append,
        )
        second = await client.video.extend("A bird flies by", MODEL, video_file_id="file-v")
    assert _methods(fake_xai) == [
        "ExtendVideo",
        "GetDeferredVideo",
        "GetDeferredVideo",
        "ExtendVideo",
        "GetDeferredVideo",
    ]
    one, two = (call.request for call in fake_xai.received if call.method == "ExtendVideo")
    assert (one.prompt, one.video.url, one.duration) == (
        "The camera zooms out",
        "https://example.com/v.mp4",
        6,
    )
    assert two.video.file_id == "file-v"
    assert not two.HasField("duration")
    assert seen == [50, 100]
    assert first.duration == 6
    assert second.duration == 6  # the fake's default extension
    assert second.url.endswith("/videos/video-2.mp4")


async def test_a_failure_carries_the_servers_code_and_message(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    _plan(fake_xai, progress=[30], status="FAILED", error_code="CONTENT_POLICY", error_message="no")
    _plan(fake_xai, status="FAILED")
    seen: list[int] = []
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(VideoGenerationError) as failed:
            await client.video.generate("x", MODEL, interval=FAST, on_progress=seen.append)
        with pytest.raises(VideoGenerationError) as bare:
            await client.video.extend("x", MODEL, "https://example.com/v.mp4")
    error = failed.value
    assert (error.code, error.message, error.request_id) == ("CONTENT_POLICY", "no", "video-1")
    assert str(error) == "Video generation failed [CONTENT_POLICY]: no"
    assert isinstance(error, DeferredError)
    assert isinstance(error, RuntimeError)
    assert error.status == "FAILED"
    assert seen == [30]  # a failure is not progress
    assert bare.value.code == "UNKNOWN"
    assert "video extension failed" in bare.value.message


async def test_an_expired_request_is_a_deferred_error(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    _plan(fake_xai, status="EXPIRED")
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(DeferredError, match="expired") as expired:
            await client.video.generate("x", MODEL)
    assert not isinstance(expired.value, VideoGenerationError)
    assert (expired.value.status, expired.value.request_id) == ("EXPIRED", "video-1")


async def test_a_moderated_video_has_no_url(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    _plan(fake_xai, respect_moderation=False)
    async with AsyncClient(**client_kwargs) as client:
        video = await client.video.generate("x", MODEL)
    assert not video.respect_moderation
    with pytest.raises(ValueError, match="moderation"):
        video.url  # noqa: B018


async def test_polling_stops_at_the_timeout(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    _plan(fake_xai, progress=[1] * 10_000)
    started = time.monotonic()
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(PollTimeoutError, match=r"video generation video-1") as timed_out:
            await client.video.generate("x", MODEL, timeout=0.3, interval=0.05)
    assert isinstance(timed_out.value, TimeoutError)
    assert time.monotonic() - started < 3
    polls = _methods(fake_xai).count("GetDeferredVideo")
    assert 2 <= polls <= 10


async def test_start_get_and_extend_start_one_step_at_a_time(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    _plan(fake_xai, progress=[25])
    async with AsyncClient(**client_kwargs) as client:
        started = await client.video.start("x", MODEL, duration=4, timeout=5)
        assert isinstance(started, xai_api.StartDeferredResponse)
        pending = await client.video.get(started.request_id)
        done = await client.video.get(started.request_id, timeout=5)
        extension = await client.video.extend_start("more", MODEL, "https://example.com/v.mp4")
        with pytest.raises(NotFoundError, match="video-404"):
            await client.video.get("video-404")
    assert started.request_id == "video-1"
    assert pending.status == xai_api.DeferredStatus.PENDING
    assert pending.response is not None
    assert pending.response.progress == 25
    assert done.status == xai_api.DeferredStatus.DONE
    assert done.response is not None
    assert VideoResponse(done.response).duration == 4
    assert extension.request_id == "video-2"
    assert fake_xai.received[-2].method == "ExtendVideo"


async def test_limits_left_to_the_server_come_back_as_typed_errors(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(InvalidArgumentError, match="1 to 15"):
            await client.video.generate("x", MODEL, duration=20)
        with pytest.raises(InvalidArgumentError, match="1 to 10"):
            await client.video.extend_start("x", MODEL, "https://example.com/v.mp4", duration=12)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"image_url": "https://a/x.jpg", "image_file_id": "f"}, ValueError, "image_file_id"),
        ({"last_frame_url": "https://a", "last_frame_file_id": "f"}, ValueError, "last_frame"),
        ({"video_url": "https://a", "video_file_id": "f"}, ValueError, "video_file_id"),
        ({"keyframes": {"image_url": "u", "timestamp": 1}}, TypeError, "keyframes"),
        ({"keyframes": ["https://a/x.jpg"]}, TypeError, r"keyframes\[0\]"),
        (
            {"keyframes": [{"image_url": "u", "image_file_id": "f", "timestamp": 1}]},
            ValueError,
            "exactly one",
        ),
        ({"keyframes": [{"image_url": "u"}]}, ValueError, "timestamp"),
        ({"keyframes": [{"image_url": "u", "timestamp": True}]}, TypeError, "timestamp"),
        ({"keyframes": [{"image_url": "u", "timestamp": 0}]}, ValueError, "after the start"),
        (
            {"keyframes": [{"image_url": "u", "timestamp": 5}], "duration": 5},
            ValueError,
            "before the end",
        ),
        ({"keyframes": [{"image_url": " ", "timestamp": 1}]}, ValueError, "image_url"),
        ({"keyframes": [{"url": "u", "timestamp": 1}]}, ValueError, "unknown keys: url"),
        ({"reference_audios": [{"voice_id": "ara", "speed": 2}]}, ValueError, "voice_id"),
        ({"reference_audios": [{"voice_id": ""}]}, ValueError, "voice_id"),
        ({"reference_audios": ["ara"]}, TypeError, "reference_audios"),
        ({"reference_image_urls": "https://a"}, TypeError, "reference_image_urls"),
        ({"duration": 0}, ValueError, "duration"),
        ({"duration": 8.5}, TypeError, "duration"),
        ({"aspect_ratio": "21:9"}, ValueError, "aspect_ratio"),
        ({"resolution": "4k"}, ValueError, "resolution"),
        ({"resolution": xai_api.VideoResolution.UNSPECIFIED}, ValueError, "resolution"),
        ({"generate_audio": "no"}, TypeError, "generate_audio"),
        ({"storage_options": {"filename": " "}}, ValueError, "filename"),
    ],
)
async def test_bad_generation_arguments_fail_before_anything_is_sent(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    kwargs: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(error, match=match):
            await client.video.generate("x", MODEL, **kwargs)
        with pytest.raises(error, match=match):
            await client.video.start("x", MODEL, **kwargs)
        with pytest.raises(error, match=match):
            client.video.prepare("x", MODEL, **kwargs)
    assert fake_xai.received == []


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"timeout": 0}, ValueError, "timeout"),
        ({"timeout": datetime.timedelta(seconds=-1)}, ValueError, "timeout"),
        ({"interval": -1}, ValueError, "interval"),
        ({"interval": "1s"}, TypeError, "interval"),
        ({"on_progress": "print"}, TypeError, "on_progress"),
    ],
)
async def test_bad_waiting_arguments_fail_before_anything_is_sent(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    kwargs: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(error, match=match):
            await client.video.generate("x", MODEL, **kwargs)
        with pytest.raises(error, match=match):
            await client.video.extend("x", MODEL, "https://example.com/v.mp4", **kwargs)
    assert fake_xai.received == []


async def test_bad_extension_arguments_fail_before_anything_is_sent(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(ValueError, match="video to extend"):
            await client.video.extend("x", MODEL)
        with pytest.raises(ValueError, match="video to extend"):
            await client.video.extend_start("x", MODEL)
        with pytest.raises(ValueError, match="video_file_id"):
            client.video.prepare_extension("x", MODEL, "https://a", video_file_id="f")
        with pytest.raises(ValueError, match="model"):
            await client.video.extend("x", "", "https://a")
        with pytest.raises(ValueError, match="request_id"):
            await client.video.get("")
    assert fake_xai.received == []


async def test_prepare_builds_batch_requests_and_sends_nothing(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        generation = client.video.prepare(
            "A beach", MODEL, batch_request_id="beach-1", duration=5, resolution="480p"
        )
        extension = client.video.prepare_extension(
            "More waves", MODEL, "https://example.com/v.mp4", duration=3
        )
    assert fake_xai.received == []
    assert generation.batch_request_id == "beach-1"
    assert generation.video_request is not None
    assert generation.video_request.duration == 5
    assert generation.video_request.resolution == xai_api.VideoResolution._480P
    assert generation.video_extension_request is None
    assert extension.batch_request_id == ""
    assert extension.video_extension_request is not None
    assert extension.video_extension_request.video is not None
    assert extension.video_extension_request.video.url == "https://example.com/v.mp4"
