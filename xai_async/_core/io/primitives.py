"""The small I/O primitives of ``xai_sync``: sleep, a concurrency limiter, file reader/writer.

The hand-written twin of :mod:`xai_async._core.io.async_primitives`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Annotated, TypeAlias, TypeVar, cast

from typing_extensions import Self

from xai_async._core.io.destinations import ChunkedWriter
from xai_async._core.io.sources import ChunkedReader
from xai_async._core.validate import required_int

__all__ = ["FileReader", "FileWriter", "Limiter", "Result", "run_all", "sleep"]

T = TypeVar("T")

#: What a callback of sync code returns: the ``T`` itself (twin of ``AsyncResult[T]``).
Result: TypeAlias = Annotated[T, "returned directly"]


def sleep(seconds: float) -> None:
    """Sleep (blocks the calling thread)."""
    time.sleep(seconds)


def run_all(thunks: Sequence[Callable[[], Result[T]]]) -> list[T]:
    """Run the thunks one after the other and return their results, in order.

    The twin of ``async_run_all``, which runs them concurrently. The first exception
    propagates.
    """
    return [thunk() for thunk in thunks]


class Limiter:
    """Lets at most ``limit`` threads into ``with limiter:`` at once."""

    def __init__(self, limit: int) -> None:
        self._semaphore = threading.BoundedSemaphore(required_int("limit", limit, minimum=1))

    def __enter__(self) -> None:
        self._semaphore.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._semaphore.release()


class FileReader(ChunkedReader):
    """The bytes of ``bytes``, a path or a binary file object, in chunks of ``chunk_size``.

    A path is opened on first read and closed at the end or by :meth:`close`; a file object
    passed in stays open (it is the caller's).

    Raises:
        TypeError: ``source`` is not bytes, a path or a binary file object.
        FileNotFoundError: The path names no file.
    """

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> bytes:
        if self._done:
            raise StopIteration
        chunk = self._in_memory()
        if chunk is None:
            file = self._source.file
            if file is None:
                if self._opened is None:
                    self._opened = open(cast(str, self._source.path), "rb")  # noqa: SIM115
                file = self._opened
            chunk = file.read(self._chunk_size)
        if not chunk:
            self.close()
            raise StopIteration
        return chunk

    def close(self) -> None:
        """Stop reading; closes the file if the reader opened it."""
        opened = self._take_opened()
        if opened is not None:
            with contextlib.suppress(OSError):
                opened.close()


class FileWriter(ChunkedWriter):
    """Writes chunks to a path or a binary file object.

    A path is written to a temporary file beside it, moved into place by :meth:`close` (or on
    leaving ``with`` normally); leaving the block with an error removes it, so a failed
    download leaves nothing half-written. A file object passed in is flushed, not closed (it
    is the caller's).

    Raises:
        TypeError: ``destination`` is not a path or a binary file object.
        FileNotFoundError: The path's folder does not exist.
        IsADirectoryError: The path names a folder.
    """

    def write(self, data: bytes) -> None:
        """Write ``data`` after what was written before."""
        self._write(data)

    def close(self) -> None:
        """Finish: the file is put in place (a path) or flushed (a file object). Idempotent."""
        self._finish(True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            self.close()
        else:
            self._finish(False)
