"""The small I/O primitives of ``xai_async``: sleep, a concurrency limiter, file reader/writer.

The hand-written twin is :mod:`xai_async._core.io.primitives` (same names without the
``Async``/``async_`` prefix, same signatures).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import TypeAlias, TypeVar, cast

import anyio
import anyio.to_thread
from typing_extensions import Self

from xai_async._core.io.destinations import ChunkedWriter
from xai_async._core.io.sources import ChunkedReader
from xai_async._core.validate import required_int

__all__ = [
    "AsyncFileReader",
    "AsyncFileWriter",
    "AsyncLimiter",
    "AsyncResult",
    "async_run_all",
    "async_sleep",
]

T = TypeVar("T")

#: What a callback of async code returns: ``AsyncResult[T]`` is awaited for a ``T`` here,
#: while its sync twin ``Result[T]`` is the ``T`` itself.
AsyncResult: TypeAlias = Awaitable[T]


async def async_sleep(seconds: float) -> None:
    """Sleep without blocking the event loop (a cancellation point)."""
    await anyio.sleep(seconds)


async def async_run_all(thunks: Sequence[Callable[[], AsyncResult[T]]]) -> list[T]:
    """Run the thunks concurrently (in a task group) and return their results, in order.

    The first exception cancels the others and is raised as itself, not in an exception group.
    """
    results: list[T] = []
    failures: list[Exception] = []

    async def run(
        index: int, thunk: Callable[[], AsyncResult[T]], scope: anyio.CancelScope
    ) -> None:
        try:
            results[index] = await thunk()
        except Exception as error:
            failures.append(error)
            scope.cancel()

    results.extend([cast(T, None)] * len(thunks))
    async with anyio.create_task_group() as group:
        for index, thunk in enumerate(thunks):
            group.start_soon(run, index, thunk, group.cancel_scope)
    if failures:
        raise failures[0]
    return results


class AsyncLimiter:
    """Lets at most ``limit`` tasks into ``async with limiter:`` at once."""

    def __init__(self, limit: int) -> None:
        self._semaphore = anyio.Semaphore(required_int("limit", limit, minimum=1))

    async def __aenter__(self) -> None:
        await self._semaphore.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._semaphore.release()


class AsyncFileReader(ChunkedReader):
    """The bytes of ``bytes``, a path or a binary file object, in chunks of ``chunk_size``.

    Files are read in a worker thread, so a slow disk never blocks the event loop. A path is
    opened on first read and closed at the end or by :meth:`aclose`; a file object passed in
    stays open (it is the caller's).

    Raises:
        TypeError: ``source`` is not bytes, a path or a binary file object.
        FileNotFoundError: The path names no file.
    """

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> bytes:
        if self._done:
            raise StopAsyncIteration
        chunk = self._in_memory()
        if chunk is None:
            file = self._source.file
            if file is None:
                if self._opened is None:
                    path = cast(str, self._source.path)
                    self._opened = await anyio.to_thread.run_sync(lambda: open(path, "rb"))  # noqa: SIM115
                file = self._opened
            chunk = await anyio.to_thread.run_sync(file.read, self._chunk_size)
        if not chunk:
            await self.aclose()
            raise StopAsyncIteration
        return chunk

    async def aclose(self) -> None:
        """Stop reading; closes the file if the reader opened it."""
        opened = self._take_opened()
        if opened is not None:
            with contextlib.suppress(OSError):
                opened.close()
        await anyio.lowlevel.checkpoint()


class AsyncFileWriter(ChunkedWriter):
    """Writes chunks to a path or a binary file object, in a worker thread.

    A path is written to a temporary file beside it, moved into place by :meth:`aclose` (or
    on leaving ``async with`` normally); leaving the block with an error (or cancelled)
    removes it, so a failed download leaves nothing half-written. A file object passed in is
    flushed, not closed (it is the caller's).

    Raises:
        TypeError: ``destination`` is not a path or a binary file object.
        FileNotFoundError: The path's folder does not exist.
        IsADirectoryError: The path names a folder.
    """

    async def write(self, data: bytes) -> None:
        """Write ``data`` after what was written before."""
        await anyio.to_thread.run_sync(self._write, data)

    async def aclose(self) -> None:
        """Finish: the file is put in place (a path) or flushed (a file object). Idempotent."""
        with anyio.CancelScope(shield=True):  # half a rename helps nobody
            await anyio.to_thread.run_sync(self._finish, True)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            await self.aclose()
        else:
            self._finish(False)  # closing and removing a file: quick, and safe when cancelled
