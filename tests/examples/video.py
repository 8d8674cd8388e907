"""Checks of the video examples: what each printed, and what the server received."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.examples.common import Example, methods, requests
from tests.fake_server import FakeXai, enum_name
from xai_async._core.fake.services.video import VideoPlan

VIDEOS = "https://vidgen.x.ai.invalid/videos"


def _plans(*plans: VideoPlan) -> Any:
    def setup(server: FakeXai) -> None:
        server.servicer("xai_api.Video").plans.extend(plans)

    return setup


def check_video_generation(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    first, second, third = requests(server, "GenerateVideo")
    # Three PENDING polls then DONE; one poll answering FAILED; one answering DONE.
    assert methods(server).count("GetDeferredVideo") == 4 + 1 + 1
    # The first turn animates the given first frame; later ones edit the previous video.
    assert first.prompt == "A paper boat drifting on a pond"
    assert first.image.image_url == "https://example.com/pond.jpg"
    assert not first.HasField("video")
    assert second.video.url == f"{VIDEOS}/video-1.mp4"
    assert not second.HasField("image")
    assert third.video.url == f"{VIDEOS}/video-1.mp4"  # the failed turn changed nothing
    for request in (first, second, third):
        assert request.model == "grok-imagine-video"
        assert request.duration == 6
        assert enum_name("xai_api.VideoAspectRatio", request.aspect_ratio).endswith("_9_16")
        assert enum_name("xai_api.VideoResolution", request.resolution).endswith("_720P")
    assert "  20% done\n  55% done\n  90% done\n  100% done\n" in out
    assert f"Video URL: {VIDEOS}/video-1.mp4 (6 s)\n" in out
    assert "Generation failed [CONTENT_MODERATION]: The rain looked too real.\n" in out
    assert f"Video URL: {VIDEOS}/video-3.mp4 (6 s)\n" in out


def check_video_extension(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["ExtendVideo", "GetDeferredVideo"] * 2
    first, second = requests(server, "ExtendVideo")
    assert first.video.url == "https://example.com/harbour.mp4"
    assert second.video.url == f"{VIDEOS}/video-1.mp4"  # chained
    assert (first.prompt, second.prompt) == ("The camera pulls back", "A gull lands on the mast")
    assert first.duration == second.duration == 4
    assert f"Extended video: {VIDEOS}/video-1.mp4 (4 s)\n" in out
    assert f"Extended video: {VIDEOS}/video-2.mp4 (4 s)\n" in out


def check_video_keyframes(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server)[:4] == ["GenerateImage"] * 4
    dawn, *edits = requests(server, "GenerateImage")
    assert enum_name("xai_api.ImageAspectRatio", dawn.aspect_ratio) == "IMG_ASPECT_RATIO_16_9"
    assert enum_name("xai_api.ImageFormat", dawn.format) == "IMG_FORMAT_URL"
    dawn_url = "https://imgen.x.ai.invalid/images/img-1.png"
    assert all(edit.image.image_url == dawn_url for edit in edits)
    assert sorted(edit.prompt.split(":")[0] for edit in edits) == [
        "The same harbour at dusk",
        "The same harbour at night",
        "The same harbour at noon",
    ]
    # The edits may run in any order (concurrently on the async client): the URL of each
    # moment is the one the example printed for it.
    urls = dict(re.findall(r"^(noon|dusk|night): (\S+)$", out, re.M))
    assert sorted(urls.values()) == [
        f"https://imgen.x.ai.invalid/images/img-{number}.png" for number in (2, 3, 4)
    ]
    (video,) = requests(server, "GenerateVideo")
    assert video.model == "grok-imagine-video-1.5"
    assert video.image.image_url == dawn_url
    assert [(k.image.image_url, k.timestamp_s) for k in video.keyframes] == [
        (urls["noon"], 3.0),
        (urls["dusk"], 6.0),
    ]
    assert video.last_frame.image_url == urls["night"]
    assert video.duration == 9
    assert enum_name("xai_api.VideoResolution", video.resolution).endswith("_480P")
    assert f"dawn: {dawn_url}\n" in out
    assert "Making a 9 s video...\n" in out
    assert f"Video URL: {VIDEOS}/video-1.mp4\nCost: $0.45\n" in out


GENERATION = [
    "--image-url",
    "https://example.com/pond.jpg",
    "--duration",
    "6",
    "--aspect-ratio",
    "9:16",
    "--resolution",
    "720p",
    "--interval",
    "0.01",
]
GENERATION_LINES = ["A paper boat drifting on a pond", "Make it rain", "Add a frog", ""]
EXTENSION = ["--video-url", "https://example.com/harbour.mp4", "--duration", "4"]
EXTENSION_LINES = ["The camera pulls back", "A gull lands on the mast", ""]

CASES = [
    Example(
        "video_generation",
        check_video_generation,
        GENERATION,
        GENERATION_LINES,
        setup=_plans(
            VideoPlan(progress=[20, 55, 90]),
            VideoPlan(
                status="FAILED",
                error_code="CONTENT_MODERATION",
                error_message="The rain looked too real.",
            ),
        ),
    ),
    Example("video_extension", check_video_extension, EXTENSION, EXTENSION_LINES),
    Example("video_keyframes", check_video_keyframes, ["--resolution", "480p"]),
]
