"""Make a video longer, turn after turn: each extension continues where the last one ended.

Type what happens next and press Enter; a blank line ends the session. The first extension
continues ``--video-url``; every later one continues the previous result.

Run: ``XAI_API_KEY=... python examples/sync/video_extension.py --video-url https://.../clip.mp4``
"""

import argparse
from datetime import timedelta

from xai_sync import Client, DeferredError, PollTimeoutError
from xai_sync.video import VideoGenerationError


def main() -> None:
    parser = argparse.ArgumentParser(description="Extend a video with Grok Imagine.")
    parser.add_argument("--video-url", required=True, help="the video to extend (2-30 s long)")
    parser.add_argument("--model", default="grok-imagine-video")
    parser.add_argument("--duration", type=int, help="seconds added per turn (1-10)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait per video")
    parser.add_argument("--interval", type=float, default=1, help="seconds between polls")
    args = parser.parse_args()

    video_url: str = args.video_url
    with Client() as client:
        while prompt := input("What happens next (blank to stop): "):
            try:
                video = client.video.extend(
                    prompt=prompt,
                    model=args.model,
                    video_url=video_url,
                    duration=args.duration,
                    timeout=timedelta(seconds=args.timeout),
                    interval=timedelta(seconds=args.interval),
                )
            except (VideoGenerationError, DeferredError, PollTimeoutError) as error:
                print(f"No extension this time: {error}")
                continue
            if not video.respect_moderation:
                print("The extension was withheld by moderation.")
                continue
            print(f"Extended video: {video.url} ({video.duration} s)")
            video_url = video.url  # chain: the next turn continues this one


if __name__ == "__main__":
    main()
