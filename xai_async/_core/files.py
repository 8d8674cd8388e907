"""Files logic without I/O, shared by ``xai_async.files`` and ``xai_sync.files``.

Argument checks, request building and the progress-callback adapter: the packages add only the
reading, the writing and the wire calls.
"""

from __future__ import annotations

import datetime
import inspect
import os
from collections.abc import Callable
from typing import IO, Any, Literal, Protocol, TypeAlias

from xai_async._core.validate import choose, optional_int, optional_str, text
from xai_async.proto import xai_api

__all__ = [
    "ORDER",
    "SORT_BY",
    "BatchUploadCallback",
    "FileInput",
    "Order",
    "ProgressBarLike",
    "ProgressCallback",
    "Report",
    "SortBy",
    "content_request",
    "data_chunk",
    "expires_seconds",
    "file_request",
    "list_request",
    "progress_reporter",
    "public_url_request",
    "upload_init",
    "upload_name",
    "valid_file_id",
]

#: Sort order of ``files.list``.
Order = Literal["asc", "desc"]
#: What ``files.list`` sorts by.
SortBy = Literal["created_at", "filename", "size"]

ORDER: dict[str, xai_api.Ordering] = {
    "asc": xai_api.Ordering.ASCENDING,
    "desc": xai_api.Ordering.DESCENDING,
}
# Every member is a choice, the zero one (CREATED_AT) included: it is the server's default.
SORT_BY: dict[str, xai_api.FilesSortBy] = {
    member.name.removeprefix("FILES_SORT_BY_").lower(): member for member in xai_api.FilesSortBy
}


class ProgressBarLike(Protocol):
    """Anything with ``update(n)``, such as a ``tqdm`` progress bar."""

    def update(self, n: int) -> Any:
        """Advance by ``n`` bytes."""


#: ``on_progress``: ``f(done, total)``, ``f(n)`` (bytes of the last chunk) or a tqdm-like bar.
ProgressCallback: TypeAlias = (
    Callable[[int, int], object] | Callable[[int], object] | ProgressBarLike
)
#: ``batch_upload(on_file_complete=...)``: called with ``(index, file, File or exception)``.
BatchUploadCallback: TypeAlias = Callable[[int, Any, xai_api.File | BaseException], object]
#: What ``files.upload`` reads: a path, bytes, or a binary file object opened for reading.
FileInput: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]
#: A progress adapter's signature: ``(bytes of this chunk, bytes so far, total or None)``.
Report: TypeAlias = Callable[[int, int, int | None], object]

#: The largest number of seconds an ``expires_after`` can carry (the field is an int64).
_INT64_MAX = 2**63 - 1


def valid_file_id(value: object, argument: str = "file_id") -> str:
    """``value`` as a file id: a non-blank string."""
    checked = text(argument, value)
    if not checked.strip():
        raise ValueError(f"`{argument}` must not be empty")
    return checked


def expires_seconds(value: object, argument: str = "expires_after") -> int | None:
    """``value`` (whole seconds as an int, or a ``timedelta``) as seconds, or ``None``.

    A ``timedelta`` is cut to whole seconds, as the official SDK does; the result must be
    positive.
    """
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        seconds = int(value.total_seconds())
    elif isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"`{argument}` must be a datetime.timedelta or an int of seconds, "
            f"got {type(value).__name__}"
        )
    else:
        seconds = value
    if not 0 < seconds <= _INT64_MAX:
        raise ValueError(f"`{argument}` must be at least one second, got {value!r}")
    return seconds


def upload_name(found: str | None, filename: object) -> str:
    """The name an upload gets: ``filename`` if given, else the one ``file`` has (``found``).

    ``found`` is the base name of the path or of the file object's ``name``.

    Raises:
        ValueError: No name: ``file`` is bytes or an unnamed file object and no ``filename``.
    """
    if filename is not None:
        return valid_file_id(filename, "filename")
    if found:
        return found
    raise ValueError(
        "`filename` is required when `file` has no name of its own (bytes, or a file object "
        "without a `name`)"
    )


def upload_init(name: str, expires_after: int | None) -> xai_api.UploadFileChunk:
    """The first message of an upload: the file's name and time to live."""
    return xai_api.UploadFileChunk(
        init=xai_api.UploadFileInit(name=name, expires_after=expires_after)
    )


def data_chunk(data: bytes) -> xai_api.UploadFileChunk:
    """A message of an upload after the first: the next bytes of the file."""
    return xai_api.UploadFileChunk(data=data)


def list_request(
    *,
    limit: object,
    order: object,
    sort_by: object,
    pagination_token: object,
    filter: object,
    limit_argument: str = "limit",
) -> xai_api.ListFilesRequest:
    """A ``ListFilesRequest``; unset arguments are left to the server's defaults.

    ``limit_argument`` is how the caller names the page size, for the error messages.
    """
    request = xai_api.ListFilesRequest(limit=optional_int(limit_argument, limit, minimum=1) or 0)
    if order is not None:
        request.order = choose("order", order, ORDER)
    if sort_by is not None:
        request.sort_by = choose("sort_by", sort_by, SORT_BY)
    request.pagination_token = optional_str("pagination_token", pagination_token) or None
    request.filter = optional_str("filter", filter) or None
    return request


def file_request(value: object) -> xai_api.RetrieveFileRequest:
    """A ``RetrieveFileRequest`` for the file ``value``."""
    return xai_api.RetrieveFileRequest(file_id=valid_file_id(value))


def content_request(value: object) -> xai_api.RetrieveFileContentRequest:
    """A ``RetrieveFileContentRequest`` for the file ``value``."""
    return xai_api.RetrieveFileContentRequest(file_id=valid_file_id(value))


def public_url_request(value: object, expires_after: object) -> xai_api.CreatePublicUrlRequest:
    """A ``CreatePublicUrlRequest``: the file, and how long its public URL lives."""
    return xai_api.CreatePublicUrlRequest(
        file_id=valid_file_id(value), expires_after=expires_seconds(expires_after)
    )


def progress_reporter(on_progress: object, argument: str = "on_progress") -> Report | None:
    """Adapt ``on_progress`` once, before anything is sent, to one calling convention.

    An object with an ``update`` method (a tqdm bar) gets ``update(chunk_bytes)``; a callable
    that takes two positional arguments gets ``(bytes_so_far, total)`` (``total`` is ``None``
    when the size is not known in advance); one that takes one gets ``chunk_bytes``.

    Raises:
        TypeError: ``on_progress`` fits none of those.
    """
    if on_progress is None:
        return None
    update = getattr(on_progress, "update", None)
    if callable(update) and not callable(on_progress):
        return lambda chunk, done, total: update(chunk)
    expected = (
        f"`{argument}` must be a function f(done, total) or f(n), or an object with an "
        "update(n) method such as a tqdm bar"
    )
    if not callable(on_progress):
        raise TypeError(f"{expected}; got {type(on_progress).__name__}")
    try:
        signature = inspect.signature(on_progress)
    except (TypeError, ValueError):
        raise TypeError(
            f"{expected}; the signature of {on_progress!r} cannot be read (wrap it in a lambda)"
        ) from None
    callback: Callable[..., object] = on_progress
    if _accepts(signature, 2):
        return lambda chunk, done, total: callback(done, total)
    if _accepts(signature, 1):
        return lambda chunk, done, total: callback(chunk)
    raise TypeError(f"{expected}; {on_progress!r} takes neither one nor two arguments")


def _accepts(signature: inspect.Signature, count: int) -> bool:
    try:
        signature.bind(*range(count))
    except TypeError:
        return False
    return True


#: The slowest upload the default deadline allows for (bytes per second): a large file gets
#: time in proportion (the official SDK sets no deadline on uploads at all).
SLOWEST_UPLOAD = 1 << 20


def upload_deadline(client_timeout: float, size: int) -> float:
    """An upload's default deadline: the client's timeout, or more for a large file."""
    return max(client_timeout, size / SLOWEST_UPLOAD)
