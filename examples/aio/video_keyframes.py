"""A harbour from dawn to night in one video: a pinned first frame, keyframes, a pinned last frame.

Draws the harbour at dawn with an image model, edits that picture into noon, dusk and night
(the edits run at the same time), then asks for one video that starts exactly on the dawn
picture, passes through noon and dusk as keyframes, and ends exactly on the night picture.
Editing one picture keeps the boats, quay and camera angle the same from pin to pin. Pinned
frames need ``grok-imagine-video-1.5``.

Run: ``XAI_API_KEY=... python examples/aio/video_keyframes.py [--duration 12]``
"""

import argparse
import asyncio
from typing import cast

import anyio  # task groups run on asyncio and trio alike

from xai_async import AsyncClient
from xai_async.types import VideoResolution

DAWN = (
    "A small fishing harbour at dawn, seen from the end of a stone quay: three wooden boats "
    "moored in a row, pale pink sky, still water, a red lighthouse on the left."
)
SAME_SCENE = "Keep exactly the same boats, quay, lighthouse and camera position."
LATER = {
    "noon": f"The same harbour at noon: bright sun, deep blue water, gulls overhead. {SAME_SCENE}",
    "dusk": f"The same harbour at dusk: orange sky, long shadows, first lamps lit. {SAME_SCENE}",
    "night": f"The same harbour at night: dark sky, the lighthouse beam, lit windows. {SAME_SCENE}",
}
VIDEO = (
    "A fixed-camera time-lapse of one day in a fishing harbour: the light warms from dawn to "
    "noon, the sun sinks into dusk, then night falls and the lighthouse starts turning"
)


async def main() -> None:
    parser = argparse.ArgumentParser(description="One video through four pinned frames.")
    parser.add_argument("--model", default="grok-imagine-video-1.5")
    parser.add_argument("--image-model", default="grok-imagine-image")
    parser.add_argument("--duration", type=int, default=9, help="seconds (2-15)")
    parser.add_argument("--resolution", choices=["480p", "720p"], default="720p")
    args = parser.parse_args()

    async with AsyncClient() as client:
        dawn = await client.image.sample(
            DAWN, model=args.image_model, aspect_ratio="16:9", image_format="url"
        )
        stills = {"dawn": dawn.url}

        async def edit(moment: str, prompt: str) -> None:
            picture = await client.image.sample(
                prompt, model=args.image_model, image_url=stills["dawn"], image_format="url"
            )
            stills[moment] = picture.url

        async with anyio.create_task_group() as group:
            for moment, prompt in LATER.items():
                group.start_soon(edit, moment, prompt)
        for moment in ("dawn", *LATER):
            print(f"{moment}: {stills[moment]}")

        seconds = args.duration
        print(f"Making a {seconds} s video...")
        video = await client.video.generate(
            prompt=VIDEO,
            model=args.model,
            image_url=stills["dawn"],  # with keyframes or a last frame: the exact first frame
            keyframes=[
                {"image_url": stills["noon"], "timestamp": seconds / 3},
                {"image_url": stills["dusk"], "timestamp": 2 * seconds / 3},
            ],
            last_frame_url=stills["night"],
            duration=seconds,
            aspect_ratio="16:9",
            resolution=cast(VideoResolution, args.resolution),
        )
    print(f"Video URL: {video.url}")
    if video.cost_usd is not None:
        print(f"Cost: ${video.cost_usd:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
