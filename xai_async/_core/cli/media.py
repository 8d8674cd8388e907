"""``xai image`` and ``xai video``: generate, then save to a file (or print the URL)."""

from __future__ import annotations

import argparse
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xai_async._core.io.primitives import FileWriter

from .app import CliError, Context, add_command, add_json
from .output import proto_dict
from .progress import progress

if TYPE_CHECKING:
    from .app import Subcommands

__all__ = ["download", "register"]

IMAGE_EXAMPLE = """\
xai image "a lighthouse at dawn, watercolour" -o lighthouse.png
xai image "three logo ideas for a bakery" --n 3 -o logo.png   # logo-1.png ... logo-3.png
xai image "a cat" --aspect-ratio 16:9 --resolution 2k          # prints the image's URL"""

VIDEO_EXAMPLE = """\
xai video "waves rolling onto a beach at sunset" -o waves.mp4
xai video "a paper boat on a stream" --duration 6 --resolution 720p --json"""

#: Bytes read at a time when downloading.
_PIECE = 256 * 1024


def register(commands: Subcommands) -> None:
    """Add ``xai image`` and ``xai video``."""
    image = _generator(
        commands,
        ("image", "generate images from a prompt", IMAGE_EXAMPLE),
        run_image,
        "Generate images from a prompt. With -o, write them to that file (several: "
        "NAME-1.EXT, NAME-2.EXT ...); without, print each image's URL.",
        ("grok-imagine-image", "1:1, 16:9, 9:16", ("1k", "2k")),
    )
    image.add_argument("--n", type=int, default=1, help="how many images (default: 1)")
    image.add_argument("--quality", choices=("low", "medium"))
    add_json(image, "the images' details")

    video = _generator(
        commands,
        ("video", "generate a video from a prompt, showing the server's progress", VIDEO_EXAMPLE),
        run_video,
        "Generate a video from a prompt and wait for it, with a progress bar fed by the "
        "server's progress; with -o, download it to that file, else print its URL.",
        ("grok-imagine-video", "16:9, 1:1, 9:16", ("480p", "720p", "1080p")),
    )
    video.add_argument("--duration", type=int, metavar="SECONDS", help="1 to 15")
    video.add_argument("--image-url", metavar="URL", help="the first frame (image to video)")
    video.add_argument(
        "--wait", type=float, metavar="SECONDS", default=600, help="give up after (default: 600)"
    )
    video.add_argument(
        "--poll-interval", type=float, metavar="SECONDS", help="between polls (default: 1)"
    )
    add_json(video, "the video's details")


def _generator(
    commands: Subcommands,
    command: tuple[str, str, str],
    run: Callable[[Context], int],
    description: str,
    defaults: tuple[str, str, tuple[str, ...]],
) -> argparse.ArgumentParser:
    """A generation command: its prompt, ``-o``, model, aspect ratio and resolution.

    Args:
        commands: Where to add it.
        command: Its name, summary and example.
        run: What it does.
        description: Its description.
        defaults: The default model, aspect ratios to suggest, the resolutions.
    """
    name, summary, example = command
    model, ratios, resolutions = defaults
    parser = add_command(commands, name, summary, example, run=run, description=description)
    parser.add_argument("prompt", help=f"what the {name} shows")
    parser.add_argument("-o", "--output", metavar="PATH", help=f"write the {name} here")
    parser.add_argument("--model", "-m", default=model, help="default: %(default)s")
    parser.add_argument("--aspect-ratio", metavar="W:H", help=f"e.g. {ratios}")
    parser.add_argument("--resolution", choices=resolutions)
    return parser


def _settings(args: Any, *names: str) -> dict[str, Any]:
    """The named options that were given, as keyword arguments."""
    given = {name: getattr(args, name) for name in names}
    return {name: value for name, value in given.items() if value is not None}


def _numbered(path: Path, number: int, count: int) -> Path:
    """``path`` itself for one file, else ``NAME-<number>.EXT``."""
    return path if count == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")


def run_image(ctx: Context) -> int:
    """Generate ``--n`` images; write them (``-o``) or print their URLs."""
    args = ctx.args
    settings = _settings(args, "aspect_ratio", "resolution", "quality")
    settings["image_format"] = "base64" if args.output else "url"
    images = ctx.client().image.sample_batch(args.prompt, args.model, args.n, **settings)
    shown: list[dict[str, Any]] = []
    for number, image in enumerate(images, 1):
        entry: dict[str, Any] = {"respect_moderation": image.respect_moderation}
        if not image.respect_moderation:
            ctx.out.note(f"image {number} was withheld by moderation")
        elif args.output:
            target = _numbered(Path(args.output), number, len(images))
            _write(target, image.image)
            entry["path"] = str(target)
        else:
            entry["url"] = image.url
        shown.append(entry)
        if not ctx.out.json:
            ctx.out.line(entry.get("path") or entry.get("url") or "")
    if ctx.out.json:
        ctx.out.dump({"model": args.model, "images": shown})
    return 0


def _write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target``, all or nothing (through a temporary file beside it)."""
    with FileWriter(target) as file:
        file.write(data)


def run_video(ctx: Context) -> int:
    """Generate a video, showing the server's progress; download it (``-o``) or print it."""
    args = ctx.args
    settings = _settings(args, "duration", "aspect_ratio", "resolution", "image_url")
    with progress(ctx.out, "generating video", "percent") as report:
        video = ctx.client().video.generate(
            args.prompt,
            args.model,
            timeout=args.wait,
            interval=args.poll_interval,
            on_progress=lambda percent: report(percent, 100),
            **settings,
        )
    details: dict[str, Any] = {"model": video.model, "url": video.url, "duration": video.duration}
    if args.output:
        details["path"] = args.output
        details["bytes"] = download(ctx, video.url, Path(args.output))
    details["cost_usd"] = video.cost_usd
    if ctx.out.json:
        ctx.out.dump({**details, "usage": proto_dict(video.usage)})
    else:
        ctx.out.line(args.output or video.url)
    return 0


def download(ctx: Context, url: str, target: Path) -> int:
    """Download ``url`` to ``target`` as it arrives, with a progress bar; the bytes written.

    A failed download leaves nothing behind (it goes through a temporary file).

    Raises:
        ValueError: ``url`` is not an http(s) URL.
        CliError: The URL cannot be fetched.
        OSError: The download or the write failed.
    """
    from xai_async._core.io.web import DOWNLOAD_TIMEOUT, HEADERS, checked_url

    request = urllib.request.Request(checked_url(url), headers=HEADERS)
    try:
        response = urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT)
    except urllib.error.URLError as error:  # name the URL: the reason alone says little
        reason = getattr(error, "reason", error)
        raise CliError(f"cannot download {url}: {reason}") from None
    with response:
        total: int | None = response.length  # before reading: it counts down as bytes come
        with (
            FileWriter(target) as file,  # a failure leaves no half-written file
            progress(ctx.out, f"downloading {target.name}", "bytes", total) as report,
        ):
            while piece := response.read(_PIECE):
                file.write(piece)
                report(file.written, total)
    return file.written
