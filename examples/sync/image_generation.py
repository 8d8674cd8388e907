"""Draw a picture from a prompt, then keep editing it: each turn starts from the last picture.

Type a prompt and press Enter; a blank line ends the session. The first turn draws from text
alone; every later turn sends the picture it drew before as ``image_url`` and changes it as
you say (image-to-image). With ``-n 3`` each turn draws three candidates and asks which one
to continue from. Pictures are saved to ``--output-dir`` (a new temporary folder by default).

``--format base64`` (the default) returns the bytes inline; ``--format url`` returns links,
which ``picture.image`` downloads (``pip install "xai-async[image-download]"``).

Run: ``XAI_API_KEY=... python examples/sync/image_generation.py [-n 3] [--format url]``
"""

import argparse
import itertools
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from xai_sync import Client
from xai_sync.image import ImageFormat, ImageResponse


def save(pictures: Sequence[ImageResponse], folder: Path, turn: int) -> None:
    for number, picture in enumerate(pictures):
        data = picture.image  # decoded, or downloaded from the URL
        extension = (picture.mime_type or "image/jpeg").removeprefix("image/")
        path = folder / f"image_{turn}_{number}.{extension}"
        path.write_bytes(data)
        print(f"Saved {len(data)} bytes to {path}")


def choose(count: int) -> int:
    """Which of ``count`` candidates to continue from (Enter keeps the first)."""
    answer = input(f"Continue from which picture? [0-{count - 1}] (Enter for 0): ").strip()
    choice = int(answer) if answer else 0
    if not 0 <= choice < count:
        raise SystemExit(f"There is no picture {choice}.")
    return choice


def edit_loop(client: Client, model: str, n: int, image_format: ImageFormat, folder: Path) -> None:
    previous: str | None = None  # the last picture, as a URL or a data: URL
    for turn in itertools.count():
        prompt = input(
            "Prompt (blank to stop): " if previous is None else "Change (blank to stop): "
        )
        if not prompt:
            return
        if n == 1:
            pictures: Sequence[ImageResponse] = [
                client.image.sample(
                    prompt, model=model, image_format=image_format, image_url=previous
                )
            ]
        else:
            pictures = client.image.sample_batch(
                prompt, model=model, n=n, image_format=image_format, image_url=previous
            )
        save(pictures, folder, turn)
        chosen = pictures[choose(len(pictures))] if len(pictures) > 1 else pictures[0]
        previous = chosen.url if image_format == "url" else chosen.base64
        if len(pictures) > 1:
            print(f"Continuing from picture {chosen.index}.")


def main() -> None:
    parser = argparse.ArgumentParser(description="Draw and edit pictures with Grok Imagine.")
    parser.add_argument("-n", type=int, default=1, help="candidates per turn")
    parser.add_argument("--format", choices=["base64", "url"], default="base64")
    parser.add_argument("--model", default="grok-imagine-image")
    parser.add_argument("--output-dir", type=Path, help="where to save (default: a new temp dir)")
    args = parser.parse_args()
    folder = args.output_dir or Path(tempfile.mkdtemp(prefix="grok-images-"))

    with Client() as client:
        edit_loop(client, args.model, args.n, cast(ImageFormat, args.format), folder)


if __name__ == "__main__":
    main()
