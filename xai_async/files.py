"""``client.files``: upload, list, read and delete files, and share them by public URL.

An upload streams the file over the client-streaming ``UploadFile`` RPC: a first message with
its name and time to live, then 3 MiB chunks read one at a time (in a worker thread: never the
whole file in memory, never a blocked event loop). Like every other call it carries the API key
on every kind of channel and ends at its deadline. Contents come back whole (``content``),
chunk by chunk (``stream_content``) or straight into a file (``download``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import timedelta
from typing import Any

from xai_async._core.files import (
    BatchUploadCallback,
    FileInput,
    Order,
    ProgressBarLike,
    ProgressCallback,
    Report,
    SortBy,
    content_request,
    data_chunk,
    expires_seconds,
    file_request,
    list_request,
    progress_reporter,
    public_url_request,
    upload_deadline,
    upload_init,
    upload_name,
    valid_file_id,
)
from xai_async._core.io.async_primitives import (
    AsyncFileReader,
    AsyncFileWriter,
    AsyncLimiter,
    AsyncResult,
    async_run_all,
)
from xai_async._core.io.async_transport import AsyncTransport
from xai_async._core.types import PublicUrlOptions, StorageOptions
from xai_async._core.validate import required_int, sequence_of, timeout_seconds
from xai_async.proto import services, xai_api

from ._pagination import AsyncPager, rpc_pager
from ._streams import AsyncFoldingStream

__all__ = [
    "AsyncContentStream",
    "AsyncFilesClient",
    "BatchUploadCallback",
    "FileInput",
    "Order",
    "ProgressBarLike",
    "ProgressCallback",
    "PublicUrlOptions",
    "SortBy",
    "StorageOptions",
]


class AsyncContentStream(AsyncFoldingStream[xai_api.FileContentChunk, bytes]):
    """The bytes of a file, chunk by chunk; closing it early cancels the download."""


class AsyncFilesClient:
    """``client.files``: calls of the ``xai_api.Files`` service."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def upload(
        self,
        file: FileInput,
        *,
        filename: str | None = None,
        on_progress: ProgressCallback | None = None,
        expires_after: timedelta | int | None = None,
        timeout: float | None = None,
    ) -> xai_api.File:
        """Upload a file in 3 MiB chunks, reading one chunk at a time.

        Args:
            file: A path (``str`` or path-like), ``bytes``, or a binary file object opened for
                reading (read from its current position; it stays open).
            filename: The name to store; required for bytes and for a file object without a
                ``name``, and takes precedence over the path's own name.
            on_progress: Told after each chunk: ``f(done, total)`` gets the bytes sent so far
                and the total (``None`` if a file object's size cannot be known); ``f(n)`` gets
                the chunk's size; an object with ``update(n)`` (a tqdm bar) gets the same.
                (The sync client calls it from gRPC's sending thread.)
            expires_after: Delete the file this long after the upload (seconds, or a
                ``timedelta``); by default it does not expire.
            timeout: Seconds the whole upload may take (default: the client's timeout).

        Returns:
            The stored file's metadata (``id``, ``filename``, ``size``, ``created_at`` ...).

        Raises:
            FileNotFoundError: ``file`` is a path that names no file.
            TypeError: ``file`` is not a path, bytes or a binary file object, or
                ``on_progress`` is neither a callback nor a progress bar.
            ValueError: ``filename`` is missing where required, or ``expires_after`` is not a
                positive duration.
        """
        reader = AsyncFileReader(file)
        try:
            init = upload_init(upload_name(reader.name, filename), expires_seconds(expires_after))
            chunks = _upload_chunks(reader, init, progress_reporter(on_progress))
            if timeout is None and reader.size is not None:
                timeout = upload_deadline(self._transport.settings.timeout, reader.size)
            return await self._transport.stream_unary(
                services.Files.UploadFile, chunks, timeout=timeout
            )
        finally:
            await reader.aclose()

    async def batch_upload(
        self,
        files: Sequence[FileInput],
        *,
        batch_size: int = 50,
        on_file_complete: BatchUploadCallback | None = None,
        timeout: float | None = None,
    ) -> dict[int, xai_api.File | BaseException]:
        """Upload several files, at most ``batch_size`` at a time; one failure stops no other.

        Each file is uploaded as :meth:`upload` would with no other argument (so bytes, which
        need a ``filename``, fail; wrap them in a named file object). In the sync client the
        files go one after the other.

        Args:
            files: Paths or binary file objects.
            batch_size: The most uploads running at once.
            on_file_complete: Called as each upload ends, with ``(index, file, result)``; an
                exception it raises takes that file's place in the result, and the other
                uploads go on.
            timeout: Seconds each upload may take (default: the client's timeout).

        Returns:
            For each index of ``files``, in order: its ``File``, or the exception its upload
            raised (a missing file, a server error ...).

        Raises:
            ValueError: ``files`` is empty, or ``batch_size`` or ``timeout`` is not positive.
            TypeError: ``files`` is not a sequence, or ``on_file_complete`` is not callable.
        """
        items = sequence_of("files", files, object)
        if not items:
            raise ValueError("`files` is empty: give at least one file to upload")
        limiter = AsyncLimiter(required_int("batch_size", batch_size, minimum=1))
        if on_file_complete is not None and not callable(on_file_complete):
            raise TypeError(
                f"`on_file_complete` must be callable, got {type(on_file_complete).__name__}"
            )
        if timeout is not None:
            timeout_seconds(timeout)
        results: dict[int, xai_api.File | BaseException] = {}

        def one(index: int, item: Any) -> Callable[[], AsyncResult[None]]:
            async def run() -> None:
                async with limiter:
                    result: xai_api.File | BaseException
                    try:
                        result = await self.upload(item, timeout=timeout)
                    except Exception as error:
                        result = error
                results[index] = result
                if on_file_complete is not None:
                    try:
                        on_file_complete(index, item, result)
                    except Exception as error:  # the callback's failure, not the batch's
                        results[index] = error

            return run

        await async_run_all([one(index, item) for index, item in enumerate(items)])
        return {index: results[index] for index in range(len(items))}

    async def get(self, file_id: str, *, timeout: float | None = None) -> xai_api.File:
        """Return a file's metadata.

        Raises:
            NotFoundError: No file has this id.
        """
        return await self._transport.unary_unary(
            services.Files.RetrieveFile, file_request(file_id), timeout=timeout
        )

    async def delete(
        self, file_id: str, *, timeout: float | None = None
    ) -> xai_api.DeleteFileResponse:
        """Delete a file for good; the answer has its ``id`` and ``deleted``.

        Raises:
            NotFoundError: No file has this id.
        """
        request = xai_api.DeleteFileRequest(file_id=valid_file_id(file_id))
        return await self._transport.unary_unary(
            services.Files.DeleteFile, request, timeout=timeout
        )

    async def content(self, file_id: str, *, timeout: float | None = None) -> bytes:
        """Return a file's whole content (use :meth:`download` for files too big to hold).

        Raises:
            NotFoundError: No file has this id.
        """
        parts: list[bytes] = []
        async with self.stream_content(file_id, timeout=timeout) as stream:
            async for data in stream:
                parts.append(data)
        return b"".join(parts)

    def stream_content(self, file_id: str, *, timeout: float | None = None) -> AsyncContentStream:
        """Stream a file's content: ``async for data in client.files.stream_content(id)``.

        The download starts on first use; leaving ``async with`` (or closing the stream)
        early cancels it.

        Args:
            file_id: The file's id.
            timeout: Seconds the whole download may take (default: the client's timeout).
        """
        chunks = self._transport.unary_stream(
            services.Files.RetrieveFileContent, content_request(file_id), timeout=timeout
        )
        return AsyncContentStream(chunks, _chunk_data)

    async def download(
        self,
        file_id: str,
        destination: Any,
        *,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> int:
        """Write a file's content to ``destination`` as it arrives; return the bytes written.

        Args:
            file_id: The file's id.
            destination: A path (written through a temporary file beside it, moved into place
                once complete: a failed download leaves nothing behind) or a binary file object
                opened for writing (written at its position, left open; if the download
                fails, what arrived before stays written).
            on_progress: Told after each chunk, as in :meth:`upload` (``total`` is ``None``).
            timeout: Seconds the whole download may take (default: the client's timeout).

        Raises:
            NotFoundError: No file has this id.
            FileNotFoundError: The path's folder does not exist.
            TypeError: ``destination`` is neither a path nor a binary file object.
        """
        request = content_request(file_id)
        report = progress_reporter(on_progress)
        writer = AsyncFileWriter(destination)
        chunks = self._transport.unary_stream(
            services.Files.RetrieveFileContent, request, timeout=timeout
        )
        async with writer, chunks:
            async for chunk in chunks:
                await writer.write(chunk.data)
                if report is not None:
                    report(len(chunk.data), writer.written, None)
        return writer.written

    async def create_public_url(
        self,
        file_id: str,
        *,
        expires_after: timedelta | int | None = None,
        timeout: float | None = None,
    ) -> xai_api.CreatePublicUrlResponse:
        """Make a file readable by anyone with its URL (images, videos and PDFs only).

        A file has at most one public URL: asking again returns it, with the new expiry.

        Args:
            file_id: The file's id.
            expires_after: The URL stops working this long from now (seconds, or a
                ``timedelta``); by default it lives as long as the file.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            NotFoundError: No file has this id.
        """
        return await self._transport.unary_unary(
            services.Files.CreatePublicUrl,
            public_url_request(file_id, expires_after),
            timeout=timeout,
        )

    async def revoke_public_url(
        self, file_id: str, *, timeout: float | None = None
    ) -> xai_api.RevokePublicUrlResponse:
        """Stop a file's public URL; ``revoked`` is ``False`` if it had none.

        Raises:
            NotFoundError: No file has this id.
        """
        request = xai_api.RevokePublicUrlRequest(file_id=valid_file_id(file_id))
        return await self._transport.unary_unary(
            services.Files.RevokePublicUrl, request, timeout=timeout
        )

    def list_all(
        self,
        *,
        page_size: int | None = None,
        order: Order | None = None,
        sort_by: SortBy | None = None,
        filter: str | None = None,  # the official name
        timeout: float | None = None,
    ) -> AsyncPager[xai_api.ListFilesResponse, xai_api.File]:
        """Every file, across as many pages as it takes: ``async for file in ...list_all()``.

        Pages are fetched as the iteration needs them; ``next_page()`` hands out whole pages.

        Args:
            page_size: Files per page (default: the server's, 100).
            order: ``"asc"`` or ``"desc"``.
            sort_by: ``"created_at"``, ``"filename"`` or ``"size"``.
            filter: As in :meth:`list`.
            timeout: Seconds each page's call may take (default: the client's timeout).
        """
        first = list_request(
            limit=page_size,
            order=order,
            sort_by=sort_by,
            pagination_token=None,
            filter=filter,
            limit_argument="page_size",
        )
        return rpc_pager(
            self._transport, services.Files.ListFiles, first, _page_files, _page_token, timeout
        )

    async def list(
        self,
        *,
        limit: int | None = None,
        order: Order | None = None,
        sort_by: SortBy | None = None,
        pagination_token: str | None = None,
        filter: str | None = None,  # the official name
        timeout: float | None = None,
    ) -> xai_api.ListFilesResponse:
        """List one page of files; ``pagination_token`` of the answer asks for the next.

        Args:
            limit: Files in the page (default: the server's, 100).
            order: ``"asc"`` or ``"desc"``.
            sort_by: ``"created_at"``, ``"filename"`` or ``"size"``.
            pagination_token: The previous page's ``pagination_token``.
            filter: An expression over ``name``, ``size_bytes``, ``content_type``,
                ``created_at`` ...: e.g. ``'size_bytes > 1048576 AND name = "a.pdf"'``.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            ValueError: ``order`` or ``sort_by`` is not one of its choices, or ``limit`` is
                not positive.
        """
        request = list_request(
            limit=limit,
            order=order,
            sort_by=sort_by,
            pagination_token=pagination_token,
            filter=filter,
        )
        return await self._transport.unary_unary(services.Files.ListFiles, request, timeout=timeout)


async def _upload_chunks(
    reader: AsyncFileReader, init: xai_api.UploadFileChunk, report: Report | None
) -> AsyncIterator[xai_api.UploadFileChunk]:
    """The messages of an upload: ``init``, then the file's chunks as they are read."""
    yield init
    done, total = 0, reader.size
    async for data in reader:
        done += len(data)
        yield data_chunk(data)
        if report is not None:
            report(len(data), done, total)


def _chunk_data(chunk: xai_api.FileContentChunk) -> bytes:
    return chunk.data


def _page_files(page: xai_api.ListFilesResponse) -> Sequence[xai_api.File]:
    return page.data


def _page_token(page: xai_api.ListFilesResponse) -> str | None:
    return page.pagination_token
