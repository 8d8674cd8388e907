"""Make a video from a prompt, then keep editing it: each turn edits the last video.

Type a prompt and press Enter; a blank line ends the session. The first turn makes a video
from text (or from ``--image-url``, its first frame, or edits ``--video-url``); every later
turn sends the previous result back as ``video_url`` with your change. ``generate`` starts the
request and polls until the video is ready, printing the progress the server reports.

Run: ``XAI_API_KEY=... python examples/aio/video_generation.py [--duration 6] [--resolution 720p]``
"""

import argparse
import asyncio
from datetime import timedelta
from typing import cast

from xai_async import AsyncClient, DeferredError, PollTimeoutError
from xai_async.video import VideoAspectRatio, VideoGenerationError, VideoResolution

RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3"]


def ask(question: str) -> str:
    """The user's answer. ``input()`` blocks the event loop: fine here, nothing else runs."""
    return input(question)


def show_progress(percent: int) -> None:
    print(f"  {percent}% done")


async def main() -> None:
    parser = argparse.ArgumentParser(description="Make and edit videos with Grok Imagine.")
    parser.add_argument("--model", default="grok-imagine-video")
    parser.add_argument("--image-url", help="first frame of the first video (URL or data: URL)")
    parser.add_argument("--video-url", help="a video to edit in the first turn")
    parser.add_argument("--duration", type=int, help="seconds (1-15)")
    parser.add_argument(
        "--aspect-ratio", choices=["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"]
    )
    parser.add_argument("--resolution", choices=["480p", "720p", "1080p"])
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait per video")
    parser.add_argument("--interval", type=float, default=1, help="seconds between polls")
    args = parser.parse_args()

    previous: str | None = args.video_url
    async with AsyncClient() as client:
        while prompt := ask("Prompt (blank to stop): " if previous is None else "Change: "):
            try:
                video = await client.video.generate(
                    prompt=prompt,
                    model=args.model,
                    image_url=args.image_url if previous is None else None,
                    video_url=previous,
                    duration=args.duration,
                    aspect_ratio=cast(VideoAspectRatio | None, args.aspect_ratio),
                    resolution=cast(VideoResolution | None, args.resolution),
                    timeout=timedelta(seconds=args.timeout),
                    interval=timedelta(seconds=args.interval),
                    on_progress=show_progress,
                )
            except VideoGenerationError as error:  # the server says it failed: try again
                print(f"Generation failed [{error.code}]: {error.message}")
                continue
            except (DeferredError, PollTimeoutError) as error:  # expired, or too slow
                print(error)
                continue
            if not video.respect_moderation:
                print("The video was withheld by moderation.")
                continue
            print(f"Video URL: {video.url} ({video.duration} s)")
            previous = video.url  # the next turn edits this one


if __name__ == "__main__":
    asyncio.run(main())
