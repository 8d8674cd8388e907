"""``client.batch``: many chat, image and video requests processed together, at a lower price.

Make a batch (``create``), ``add`` requests to it (chats from ``client.chat.create(...,
batch_request_id=...)``, and what ``client.image.prepare`` / ``client.video.prepare`` build),
follow it with ``get``, then read the results with ``list_batch_results``: each is a chat
``Response``, an image or a video response, or an error. Every list call returns one page, as
in the official SDK, and has a ``list_all*`` twin that walks every page.
"""

from __future__ import annotations

from collections.abc import Sequence

from xai_async._core.batch import (
    BatchRequestState,
    BatchResult,
    ListBatchResultsResponse,
    add_request,
    create_request,
    identifier,
    list_request,
    metadata_request,
    result_request,
    results_request,
)
from xai_async._core.chat.request import BaseChat
from xai_async._core.io.async_primitives import AsyncResult
from xai_async._core.io.async_transport import AsyncTransport
from xai_async.proto import services, xai_api

from ._pagination import AsyncPager, pager, rpc_pager
from .image import AsyncImageResponse

__all__ = [
    "AsyncBatchClient",
    "BatchRequestState",
    "BatchResult",
    "ListBatchResultsResponse",
]


class AsyncBatchClient:
    """``client.batch``: calls of the ``xai_api.BatchMgmt`` service (on the API host)."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def create(
        self,
        batch_name: str,
        *,
        input_file_id: str | None = None,
        timeout: float | None = None,
    ) -> xai_api.Batch:
        """Create a batch, empty or loaded from a file.

        Args:
            batch_name: A name for the batch.
            input_file_id: A JSONL file uploaded with ``client.files.upload``: its requests
                are loaded and the batch is sealed (nothing more can be added).
            timeout: Seconds this call may take (default: the client's timeout).

        Returns:
            The new batch (its ``batch_id`` names it in the other calls).

        Raises:
            TypeError: An argument is not a string.
            ValueError: An argument is empty.
        """
        request = create_request(batch_name, input_file_id)
        return await self._transport.unary_unary(
            services.BatchMgmt.CreateBatch, request, timeout=timeout
        )

    async def add(
        self,
        batch_id: str,
        batch_requests: Sequence[xai_api.BatchRequest | BaseChat],
        *,
        timeout: float | None = None,
    ) -> None:
        """Add requests to a batch, where they are processed in the background.

        Args:
            batch_id: The batch's id.
            batch_requests: Chats made with ``client.chat.create(...)`` and their messages
                appended (give each a ``batch_request_id=`` to find its result), and
                ``BatchRequest`` messages (``client.image.prepare(...)``,
                ``client.video.prepare(...)``, ``client.video.prepare_extension(...)``). A chat
                is sent as its whole conversation so far.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            TypeError: ``batch_requests`` is not a sequence of those.
            ValueError: ``batch_id`` is empty, ``batch_requests`` is empty, a chat has no
                messages, a ``BatchRequest`` carries no request, or two requests share a
                ``batch_request_id`` (nothing is sent).
            NotFoundError: No batch has this id.
        """
        request = add_request(batch_id, batch_requests)
        await self._transport.unary_unary(
            services.BatchMgmt.AddBatchRequests, request, timeout=timeout
        )

    async def get(self, batch_id: str, *, timeout: float | None = None) -> xai_api.Batch:
        """Return a batch: its counts of pending, succeeded and failed requests, its cost...

        Raises:
            NotFoundError: No batch has this id.
        """
        request = xai_api.GetBatchRequest(batch_id=_batch_id(batch_id))
        return await self._transport.unary_unary(
            services.BatchMgmt.GetBatch, request, timeout=timeout
        )

    async def cancel(self, batch_id: str, *, timeout: float | None = None) -> xai_api.Batch:
        """Cancel a batch: requests not yet processed never will be; returns the batch.

        Raises:
            NotFoundError: No batch has this id.
        """
        request = xai_api.CancelBatchRequest(batch_id=_batch_id(batch_id))
        return await self._transport.unary_unary(
            services.BatchMgmt.CancelBatch, request, timeout=timeout
        )

    def list_all(
        self, *, page_size: int | None = None, timeout: float | None = None
    ) -> AsyncPager[xai_api.ListBatchesResponse, xai_api.Batch]:
        """Every batch of the team, across as many pages as it takes.

        ``async for batch in client.batch.list_all()``; pages are fetched as the iteration
        needs them, and ``next_page()`` hands out whole pages instead.

        Args:
            page_size: Batches per page (default: the server's).
            timeout: Seconds each page's call may take (default: the client's timeout).
        """
        first = list_request(page_size, None, limit_argument="page_size")
        method = services.BatchMgmt.ListBatches
        return rpc_pager(self._transport, method, first, _batches, _token_of_batches, timeout)

    def list_all_batch_requests(
        self,
        batch_id: str,
        *,
        page_size: int | None = None,
        status: Sequence[BatchRequestState | xai_api.BatchRequestMetadataState]
        | BatchRequestState
        | None = None,
        timeout: float | None = None,
    ) -> AsyncPager[xai_api.ListBatchRequestMetadataResponse, xai_api.BatchRequestMetadata]:
        """The metadata of every request of a batch, across as many pages as it takes.

        Args:
            batch_id: The batch's id.
            page_size: Requests per page (default: the server's).
            status: Keep only requests in these states, as in :meth:`list_batch_requests`.
            timeout: Seconds each page's call may take (default: the client's timeout).
        """
        first = metadata_request(batch_id, page_size, None, status, limit_argument="page_size")
        method = services.BatchMgmt.ListBatchRequestMetadata
        return rpc_pager(self._transport, method, first, _metadata, _token_of_metadata, timeout)

    def list_all_batch_results(
        self, batch_id: str, *, page_size: int | None = None, timeout: float | None = None
    ) -> AsyncPager[ListBatchResultsResponse[AsyncImageResponse], BatchResult[AsyncImageResponse]]:
        """Every result of a batch, across as many pages as it takes.

        ``async for result in client.batch.list_all_batch_results(batch_id)``; ``next_page()``
        hands out whole pages (each with ``succeeded`` and ``failed``).

        Args:
            batch_id: The batch's id.
            page_size: Results per page (default: the server's).
            timeout: Seconds each page's call may take (default: the client's timeout).
        """
        first = results_request(batch_id, page_size, None, limit_argument="page_size")

        def fetch(
            request: xai_api.ListBatchResultsRequest,
        ) -> AsyncResult[ListBatchResultsResponse[AsyncImageResponse]]:
            return self._results_page(request, timeout)

        return pager(fetch, first, _results, _token_of_results, timeout)

    async def list_batch_requests(
        self,
        batch_id: str,
        limit: int | None = None,
        pagination_token: str | None = None,
        *,
        status: Sequence[BatchRequestState | xai_api.BatchRequestMetadataState]
        | BatchRequestState
        | None = None,
        timeout: float | None = None,
    ) -> xai_api.ListBatchRequestMetadataResponse:
        """One page of the metadata of a batch's requests: id, model, state, times.

        Args:
            batch_id: The batch's id.
            limit: Requests in the page (default: the server's).
            pagination_token: The previous page's ``pagination_token``.
            status: Keep only requests in these states: ``"pending"``, ``"succeeded"``,
                ``"cancelled"``, ``"failed"`` (one, or a sequence of them).
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            ValueError: ``limit`` is not positive or a ``status`` is unknown.
            NotFoundError: No batch has this id.
        """
        request = metadata_request(batch_id, limit, pagination_token, status)
        return await self._transport.unary_unary(
            services.BatchMgmt.ListBatchRequestMetadata, request, timeout=timeout
        )

    async def list_batch_results(
        self,
        batch_id: str,
        limit: int | None = None,
        pagination_token: str | None = None,
        *,
        timeout: float | None = None,
    ) -> ListBatchResultsResponse[AsyncImageResponse]:
        """One page of a batch's results: ``results``, ``succeeded``, ``failed``.

        Args:
            batch_id: The batch's id.
            limit: Results in the page (default: the server's).
            pagination_token: The previous page's ``pagination_token``.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            ValueError: ``limit`` is not positive.
            NotFoundError: No batch has this id.
        """
        request = results_request(batch_id, limit, pagination_token)
        return await self._results_page(request, timeout)

    async def get_batch_request_result(
        self, batch_id: str, batch_request_id: str, *, timeout: float | None = None
    ) -> BatchResult[AsyncImageResponse]:
        """One request of a batch and its result (not in the official SDK).

        Args:
            batch_id: The batch's id.
            batch_request_id: The request's id within the batch.
            timeout: Seconds this call may take (default: the client's timeout).

        Returns:
            The result (``request`` holds the request itself). A request not processed yet
            has neither a response nor an error: ``is_success`` and ``has_error`` are both
            ``False``.

        Raises:
            NotFoundError: No batch has this id, or it has no request with this id.
        """
        request = result_request(batch_id, batch_request_id)
        answer = await self._transport.unary_unary(
            services.BatchMgmt.GetBatchRequestResult, request, timeout=timeout
        )
        result = answer.result
        if result is None:  # not processed yet
            result = xai_api.BatchResult(batch_request_id=request.batch_request_id)
        return BatchResult(result, AsyncImageResponse, answer.request)

    async def list(
        self,
        limit: int | None = None,
        pagination_token: str | None = None,
        *,
        timeout: float | None = None,
    ) -> xai_api.ListBatchesResponse:
        """One page of the team's batches; ``pagination_token`` of the answer asks for the next.

        Args:
            limit: Batches in the page (default: the server's).
            pagination_token: The previous page's ``pagination_token``.
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            ValueError: ``limit`` is not positive.
        """
        request = list_request(limit, pagination_token)
        return await self._transport.unary_unary(
            services.BatchMgmt.ListBatches, request, timeout=timeout
        )

    async def _results_page(
        self, request: xai_api.ListBatchResultsRequest, timeout: float | None
    ) -> ListBatchResultsResponse[AsyncImageResponse]:
        proto = await self._transport.unary_unary(
            services.BatchMgmt.ListBatchResults, request, timeout=timeout
        )
        return ListBatchResultsResponse(proto, AsyncImageResponse)


def _batch_id(value: object) -> str:
    return identifier("batch_id", value)


def _batches(page: xai_api.ListBatchesResponse) -> Sequence[xai_api.Batch]:
    return page.batches


def _token_of_batches(page: xai_api.ListBatchesResponse) -> str | None:
    return page.pagination_token


def _metadata(
    page: xai_api.ListBatchRequestMetadataResponse,
) -> Sequence[xai_api.BatchRequestMetadata]:
    return page.batch_request_metadata


def _token_of_metadata(page: xai_api.ListBatchRequestMetadataResponse) -> str | None:
    return page.pagination_token


def _results(
    page: ListBatchResultsResponse[AsyncImageResponse],
) -> Sequence[BatchResult[AsyncImageResponse]]:
    return page.results


def _token_of_results(page: ListBatchResultsResponse[AsyncImageResponse]) -> str | None:
    return page.pagination_token
