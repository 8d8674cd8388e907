"""Combine several reference pictures into a new one: ``image_urls=[...]``.

Each ``--image-url`` is a picture (a link, or a ``data:`` URL with the bytes); the prompt says
how to combine them. With ``--format url`` the links of the results are printed; otherwise the
pictures are saved to ``--output-dir`` (a new temporary folder by default).

Run: ``XAI_API_KEY=... python examples/aio/image_multi_reference_editing.py \\
    --prompt "Put the cat from the first picture on the sofa of the second" \\
    --image-url https://example.com/cat.jpg --image-url https://example.com/sofa.jpg``
"""

import argparse
import asyncio
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from xai_async import AsyncClient
from xai_async.image import ImageFormat, ImageResponse


async def combine(
    client: AsyncClient, args: argparse.Namespace, image_format: ImageFormat
) -> Sequence[ImageResponse]:
    if args.n == 1:
        picture = await client.image.sample(
            args.prompt, model=args.model, image_format=image_format, image_urls=args.image_url
        )
        return [picture]
    return await client.image.sample_batch(
        args.prompt,
        model=args.model,
        n=args.n,
        image_format=image_format,
        image_urls=args.image_url,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description="Combine reference pictures into a new one.")
    parser.add_argument("--prompt", required=True, help="how to combine the pictures")
    parser.add_argument(
        "--image-url", action="append", required=True, help="a reference picture (repeatable)"
    )
    parser.add_argument("-n", type=int, default=1, help="how many results")
    parser.add_argument("--format", choices=["base64", "url"], default="base64")
    parser.add_argument("--model", default="grok-imagine-image")
    parser.add_argument("--output-dir", type=Path, help="where to save (default: a new temp dir)")
    args = parser.parse_args()
    image_format = cast(ImageFormat, args.format)

    async with AsyncClient() as client:
        pictures = await combine(client, args, image_format)
    if image_format == "url":
        for number, picture in enumerate(pictures):
            print(f"Picture {number}: {picture.url}")
        return
    folder = args.output_dir or Path(tempfile.mkdtemp(prefix="grok-images-"))
    for number, picture in enumerate(pictures):
        path = folder / f"combined_{number}.{(picture.mime_type or 'image/jpeg')[6:]}"
        path.write_bytes(await picture.image)
        print(f"Saved picture {number} to {path}")


if __name__ == "__main__":
    asyncio.run(main())
