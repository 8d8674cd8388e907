"""Downloading a generated image in sync code, with httpx.

The hand-written async twin is :mod:`xai_async._core.io.async_download`.
"""

from __future__ import annotations

from xai_async._core.io.web import DOWNLOAD_TIMEOUT, HEADERS, Deadline, checked_url, missing_httpx

__all__ = ["download"]


def download(url: str, *, timeout: float = DOWNLOAD_TIMEOUT) -> bytes:
    """The body of ``url``, fetched with a GET (redirects followed).

    Args:
        url: An ``http://`` or ``https://`` URL.
        timeout: Seconds the whole download may take.

    Raises:
        ValueError: ``url`` is not an http(s) URL, or ``timeout`` is not positive.
        ImportError: httpx is not installed (the ``image-download`` extra).
        httpx.HTTPStatusError: The server answered with an error status.
        httpx.TimeoutException: The download took longer than ``timeout``.
        httpx.HTTPError: The connection failed.
    """
    target = checked_url(url)
    deadline = Deadline(timeout)
    try:
        import httpx
    except ImportError as error:
        raise missing_httpx() from error
    body = bytearray()
    client = httpx.Client(headers=HEADERS, timeout=deadline.seconds, follow_redirects=True)
    with client, client.stream("GET", target) as response:
        response.raise_for_status()
        for piece in response.iter_bytes():
            body += piece
            if deadline.passed():  # a server trickling bytes never trips the read timeout
                raise httpx.ReadTimeout(deadline.message(target), request=response.request)
    return bytes(body)
