"""What both halves of the image download share: the URL check, the deadline, the messages.

The download itself is :func:`xai_async._core.io.async_download.async_download` and its sync
twin :func:`xai_async._core.io.download.download`. Both use httpx, which runs on asyncio, on
trio and in sync code; it is an optional dependency (the ``image-download`` extra), imported
only when an image is actually downloaded.
"""

from __future__ import annotations

import time
import urllib.parse

from xai_async._core.channel import USER_AGENT
from xai_async._core.validate import text, timeout_seconds

__all__ = [
    "DOWNLOAD_TIMEOUT",
    "EXTRA",
    "HEADERS",
    "Deadline",
    "checked_url",
    "missing_httpx",
]

#: Seconds a download may take unless told otherwise.
DOWNLOAD_TIMEOUT = 30.0
#: The extra that installs the HTTP client: ``pip install "xai-async[image-download]"``.
EXTRA = "image-download"
#: Sent with every download.
HEADERS = {"User-Agent": USER_AGENT}


def checked_url(url: object, argument: str = "url") -> str:
    """``url`` if it is an ``http://`` or ``https://`` URL with a host.

    Anything else (``file:``, ``ftp:``, ``data:``, a bare path) is refused: a URL handed out
    by the server must never make the SDK read a local file or speak another protocol.

    Raises:
        TypeError: ``url`` is not a string.
        ValueError: It is not an absolute http(s) URL.
    """
    url = text(argument, url)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise ValueError(f"Only http:// and https:// URLs are downloaded; got {shown!r}")
    return url


def missing_httpx() -> ImportError:
    """The error for a download without httpx installed: it says how to install it."""
    return ImportError(
        "Downloading an image needs httpx, which is not installed. Install it with "
        f'`pip install "xai-async[{EXTRA}]"` (or `pip install httpx`), or ask for '
        'image_format="base64" to get the bytes with the response.',
        name="httpx",
    )


class Deadline:
    """When a download must be done by, all of it (httpx's own timeouts bound each read).

    Args:
        timeout: Seconds the whole download may take.
    """

    def __init__(self, timeout: object) -> None:
        self.seconds = timeout_seconds(timeout)
        self._end = time.monotonic() + self.seconds

    def passed(self) -> bool:
        """Whether the time is up."""
        return time.monotonic() > self._end

    def message(self, url: str) -> str:
        """What the timeout error says."""
        return f"Downloading {url} took longer than {self.seconds:g} s"
