"""Checks of the image examples: what each printed and saved, and what the server received.

URL pictures are downloaded from a local HTTP server (``tests.local_http.shared``), never
from the internet.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from tests.examples.common import Example, methods, requests
from tests.fake_server import FakeXai, enum_name
from tests.local_http import Route, shared
from xai_async.testing import tiny_png

PNG = tiny_png()
DATA_URL = "data:image/png;base64," + base64.b64encode(PNG).decode()


def _served_locally(server: FakeXai) -> None:
    """Picture URLs point at the local HTTP server, which serves the PNG at every path."""
    host = shared()
    host.fallback = Route(PNG, content_type="image/png")
    server.servicer("xai_api.Image").url_base = host.base_url


def _format(request: Any) -> str:
    return enum_name("xai_api.ImageFormat", request.format).removeprefix("IMG_FORMAT_").lower()


def _saved(tmp: Path, out: str) -> list[str]:
    """The pictures saved to the example's temporary folder (each one a PNG, each announced)."""
    (folder,) = tmp.glob("grok-images-*")
    for path in folder.iterdir():
        assert path.read_bytes() == PNG
        assert f"to {path}\n" in out
    return sorted(path.name for path in folder.iterdir())


def check_image_generation(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    url = "url" in argv
    n = int(argv[argv.index("-n") + 1]) if "-n" in argv else 1
    assert methods(server) == ["GenerateImage", "GenerateImage"]
    first, second = requests(server, "GenerateImage")
    assert first.prompt == "A lighthouse on a cliff, in watercolour"
    assert second.prompt == "Now at night, with the beam on"
    assert first.model == second.model == "grok-imagine-image"
    assert _format(first) == _format(second) == ("url" if url else "base64")
    assert first.n == second.n == n
    assert not first.HasField("image")  # the first turn draws from text alone
    # The second turn edits the picture chosen in the first: by URL, or inline as a data: URL.
    chosen = 1 if n > 1 else 0
    expected = f"{shared().base_url}/images/img-{chosen + 1}.png" if url else DATA_URL
    assert second.image.image_url == expected
    names = [f"image_{turn}_{number}.png" for turn in range(2) for number in range(n)]
    assert _saved(tmp, out) == names
    if n > 1:
        assert "Continuing from picture 1." in out


def check_image_multi_reference_editing(
    server: FakeXai, out: str, argv: list[str], tmp: Path
) -> None:
    url = "url" in argv
    (request,) = requests(server, "GenerateImage")
    assert methods(server) == ["GenerateImage"]
    assert request.prompt == "Put the cat from the first picture on the sofa of the second"
    assert [image.image_url for image in request.images] == [
        "https://example.com/cat.jpg",
        "https://example.com/sofa.jpg",
    ]
    assert not request.HasField("image")
    assert _format(request) == ("url" if url else "base64")
    if url:
        assert "Picture 0: https://imgen.x.ai.invalid/images/img-1.png\n" in out
        assert not list(tmp.glob("grok-images-*"))  # links only: nothing downloaded
    else:
        assert request.n == 2
        assert _saved(tmp, out) == ["combined_0.png", "combined_1.png"]


IMAGE_LINES = ["A lighthouse on a cliff, in watercolour", "Now at night, with the beam on", ""]
# With -n 2: a choice after each turn (1, then Enter for the default).
CHOOSING_LINES = [IMAGE_LINES[0], "1", IMAGE_LINES[1], "", ""]
REFERENCES = [
    "--prompt",
    "Put the cat from the first picture on the sofa of the second",
    "--image-url",
    "https://example.com/cat.jpg",
    "--image-url",
    "https://example.com/sofa.jpg",
]

CASES = [
    Example("image_generation", check_image_generation, inputs=IMAGE_LINES),
    Example(
        "image_generation",
        check_image_generation,
        ["--format", "url", "-n", "2"],
        CHOOSING_LINES,
        setup=_served_locally,
    ),
    Example(
        "image_multi_reference_editing",
        check_image_multi_reference_editing,
        [*REFERENCES, "--format", "url"],
    ),
    Example(
        "image_multi_reference_editing",
        check_image_multi_reference_editing,
        [*REFERENCES, "-n", "2"],
    ),
]
