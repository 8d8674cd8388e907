"""``client.collections``: document collections, their documents, and search across them.

Collections and documents are managed on the **management** API host with the management key
(``management_api_key=`` or ``XAI_MANAGEMENT_KEY``): without one, those calls raise
``ValueError`` before anything is sent. ``search`` and the upload inside ``upload_document``
go to the API host with the API key. Every list call has a one-page form (the official
signature) and an iterator over all pages (``list_all``, ``list_documents_all``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from datetime import timedelta

from xai_async._core.collections import (
    DEFAULT_INDEXING_POLL_INTERVAL,
    DEFAULT_INDEXING_TIMEOUT,
    BytesConfiguration,
    CharsConfiguration,
    ChunkConfiguration,
    CollectionSortBy,
    DocumentIndexingError,
    DocumentRetrievalMode,
    DocumentSortBy,
    FieldDefinition,
    FieldDefinitionAdd,
    FieldDefinitionDelete,
    FieldDefinitionUpdate,
    HNSWMetric,
    IndexingWait,
    Order,
    RankingMetric,
    TokensConfiguration,
    add_document_request,
    add_was_refused,
    batch_get_request,
    create_request,
    delete_collection_request,
    description_request,
    get_collection_request,
    get_document_request,
    list_collections_request,
    list_documents_request,
    reindex_request,
    remove_document_request,
    search_request,
    update_document_request,
    update_request,
    valid_id,
)
from xai_async._core.files import FileInput
from xai_async._core.io.async_primitives import AsyncResult
from xai_async._core.io.async_transport import AsyncTransport
from xai_async._core.io.sources import describe
from xai_async._core.telemetry import Operation
from xai_async._core.validate import flag
from xai_async.proto import collections, rag, services, shared, xai_api

from ._pagination import AsyncPager, rpc_pager
from ._polling import poll
from .files import AsyncFilesClient

__all__ = [
    "DEFAULT_INDEXING_POLL_INTERVAL",
    "DEFAULT_INDEXING_TIMEOUT",
    "AsyncCollectionsClient",
    "BytesConfiguration",
    "CharsConfiguration",
    "ChunkConfiguration",
    "CollectionSortBy",
    "DocumentIndexingError",
    "DocumentRetrievalMode",
    "DocumentSortBy",
    "FieldDefinition",
    "FieldDefinitionAdd",
    "FieldDefinitionDelete",
    "FieldDefinitionUpdate",
    "HNSWMetric",
    "Order",
    "RankingMetric",
    "TokensConfiguration",
]

_Retrieval = xai_api.HybridRetrieval | xai_api.SemanticRetrieval | xai_api.KeywordRetrieval
_UPLOAD_DOCUMENT = Operation("collections.upload_document")


class AsyncCollectionsClient:
    """``client.collections``: the ``collections.Collections`` and ``xai_api.Documents`` services.

    Methods that the official SDK has take its arguments in its order; each also takes
    ``team_id`` (the team that owns the collections, for keys that serve several; not in the
    official SDK) and ``timeout`` (seconds the call may take; default: the client's timeout)
    as keywords.
    """

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport
        self._files = AsyncFilesClient(transport)

    # -- collections ---------------------------------------------------------------------------

    async def create(
        self,
        name: str,
        model_name: str | None = None,
        chunk_configuration: ChunkConfiguration | rag.ChunkConfiguration | None = None,
        metric_space: HNSWMetric | rag.HnswMetric | None = None,
        field_definitions: Sequence[FieldDefinition | collections.FieldDefinition] | None = None,
        description: str | None = None,
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> collections.CollectionMetadata:
        """Create a collection (a searchable store of documents).

        Args:
            name: The collection's name.
            model_name: The embedding model (default: the server's, ``grok-embedding-small``).
            chunk_configuration: How documents are cut into chunks: exactly one of
                ``chars_configuration``, ``tokens_configuration`` or ``bytes_configuration``,
                e.g. ``{"chars_configuration": {"max_chunk_size_chars": 2000,
                "chunk_overlap_chars": 200}}`` (or a ``rag.ChunkConfiguration``).
            metric_space: The vector index's distance: ``"cosine"``, ``"euclidean"`` or
                ``"inner_product"``.
            field_definitions: Metadata fields documents may carry, e.g.
                ``[{"key": "author", "required": True, "inject_into_chunk": True}]``.
            description: What the collection holds, in words.
            team_id: The owning team (not in the official SDK).
            timeout: Seconds this call may take (default: the client's timeout).

        Returns:
            The new collection's metadata (``collection_id``, ``collection_name`` ...).

        Raises:
            TypeError: An argument has the wrong type (nothing is sent).
            ValueError: A bad value, e.g. a chunk configuration without exactly one strategy,
                or no management key (nothing is sent).
        """
        request = create_request(
            name,
            model_name,
            chunk_configuration,
            metric_space,
            field_definitions,
            description,
            team_id,
        )
        return await self._transport.unary_unary(
            services.Collections.CreateCollection, request, timeout=timeout
        )

    async def list(
        self,
        limit: int | None = None,
        order: Order | shared.Ordering | None = None,
        sort_by: CollectionSortBy | collections.CollectionsSortBy | None = None,
        filter: str | None = None,  # the official name
        pagination_token: str | None = None,
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> collections.ListCollectionsResponse:
        """List one page of collections; the answer's ``pagination_token`` asks for the next.

        Args:
            limit: Collections in the page (default: the server's; at most 100).
            order: ``"asc"`` or ``"desc"``.
            sort_by: ``"name"`` or ``"age"``.
            filter: An expression such as ``'collection_name:"SEC" AND documents_count:>10'``.
            pagination_token: The previous page's ``pagination_token``.
            team_id: The owning team (not in the official SDK).
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            ValueError: ``order`` or ``sort_by`` is not one of its choices, or ``limit`` is
                not positive.
        """
        request = list_collections_request(
            limit=limit,
            order=order,
            sort_by=sort_by,
            filter=filter,
            pagination_token=pagination_token,
            team_id=team_id,
        )
        return await self._transport.unary_unary(
            services.Collections.ListCollections, request, timeout=timeout
        )

    def list_all(
        self,
        *,
        page_size: int | None = None,
        order: Order | shared.Ordering | None = None,
        sort_by: CollectionSortBy | collections.CollectionsSortBy | None = None,
        filter: str | None = None,  # the official name
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> AsyncPager[collections.ListCollectionsResponse, collections.CollectionMetadata]:
        """Every collection, across as many pages as it takes (not in the official SDK).

        ``async for collection in client.collections.list_all()``; pages are fetched as the
        iteration needs them, and ``next_page()`` hands out whole pages.

        Args:
            page_size: Collections per page (default: the server's).
            order: ``"asc"`` or ``"desc"``.
            sort_by: ``"name"`` or ``"age"``.
            filter: As in :meth:`list`.
            team_id: The owning team.
            timeout: Seconds each page's call may take (default: the client's timeout).
        """
        first = list_collections_request(
            limit=page_size,
            order=order,
            sort_by=sort_by,
            filter=filter,
            pagination_token=None,
            team_id=team_id,
            limit_argument="page_size",
        )
        method = services.Collections.ListCollections
        return rpc_pager(self._transport, method, first, _page_collections, _page_token, timeout)

    async def get(
        self, collection_id: str, *, team_id: str | None = None, timeout: float | None = None
    ) -> collections.CollectionMetadata:
        """Return a collection's metadata.

        Raises:
            NotFoundError: No collection has this id.
        """
        return await self._transport.unary_unary(
            services.Collections.GetCollectionMetadata,
            get_collection_request(collection_id, team_id),
            timeout=timeout,
        )

    async def update(
        self,
        collection_id: str,
        name: str | None = None,
        chunk_configuration: ChunkConfiguration | rag.ChunkConfiguration | None = None,
        field_definitions: Sequence[FieldDefinitionUpdate | collections.FieldDefinitionUpdate]
        | None = None,
        description: str | None = None,
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> collections.CollectionMetadata:
        """Rename a collection, or change its chunking, field definitions or description.

        Args:
            collection_id: The collection.
            name: Its new name.
            chunk_configuration: Its new chunking (as in :meth:`create`); reindex existing
                documents (:meth:`reindex_document`) to apply it to them.
            field_definitions: Changes, each an add
                (``{"field_definition": {"key": "isbn", "unique": True}, "operation": "add"}``)
                or a delete (``{"key": "isbn", "operation": "delete"}``, which also removes
                the field from every document).
            description: Its new description.
            team_id: The owning team (not in the official SDK).
            timeout: Seconds this call may take (default: the client's timeout).

        Returns:
            The updated metadata.

        Raises:
            ValueError: Nothing to change, or a bad value (nothing is sent).
            NotFoundError: No collection has this id.
        """
        request = update_request(
            collection_id, name, chunk_configuration, field_definitions, description, team_id
        )
        return await self._transport.unary_unary(
            services.Collections.UpdateCollection, request, timeout=timeout
        )

    async def delete(
        self, collection_id: str, *, team_id: str | None = None, timeout: float | None = None
    ) -> None:
        """Delete a collection (the files of its documents stay in the Files API).

        Raises:
            NotFoundError: No collection has this id.
        """
        await self._transport.unary_unary(
            services.Collections.DeleteCollection,
            delete_collection_request(collection_id, team_id),
            timeout=timeout,
        )

    async def generate_description(
        self, collection_id: str, *, timeout: float | None = None
    ) -> str:
        """Have a model describe a collection from samples of its documents.

        Returns:
            The description, or ``""`` if none could be made (e.g. no indexed document).

        Raises:
            NotFoundError: No collection has this id.
        """
        response = await self._transport.unary_unary(
            services.Collections.GenerateCollectionDescription,
            description_request(collection_id),
            timeout=timeout,
        )
        return response.collection_description

    # -- search (API host) -----------------------------------------------------------------------

    async def search(
        self,
        query: str,
        collection_ids: Sequence[str],
        limit: int | None = None,
        *,
        instructions: str | None = None,
        retrieval_mode: DocumentRetrievalMode | _Retrieval | None = None,
        ranking_metric: RankingMetric | xai_api.RankingMetric | None = None,
        timeout: float | None = None,
    ) -> xai_api.SearchResponse:
        """Search the documents of some collections; goes to the API host with the API key.

        Args:
            query: What to look for.
            collection_ids: The collections to search (at least one).
            limit: The most matches to return (default: the server's).
            instructions: How to interpret and rank the search (default: the server's).
            retrieval_mode: ``"hybrid"`` (the server's default), ``"semantic"`` or
                ``"keyword"``, or an ``xai_api.HybridRetrieval`` / ``SemanticRetrieval`` /
                ``KeywordRetrieval`` message to tune it (reranker, fusion weights).
            ranking_metric: ``"l2_distance"`` or ``"cosine_similarity"`` (deprecated by the
                API; not in the official SDK).
            timeout: Seconds this call may take (default: the client's timeout).

        Returns:
            The ``matches``, best first: each with ``file_id``, ``chunk_id``,
            ``chunk_content``, ``score`` and ``collection_ids``.

        Raises:
            TypeError: An argument has the wrong type (nothing is sent).
            ValueError: An empty query, no collection, ``limit`` below 1 or an unknown mode
                (nothing is sent).
        """
        request = search_request(
            query, collection_ids, limit, instructions, retrieval_mode, ranking_metric
        )
        return await self._transport.unary_unary(
            services.Documents.Search, request, timeout=timeout
        )

    # -- documents -------------------------------------------------------------------------------

    async def upload_document(
        self,
        collection_id: str,
        name: str,
        data: FileInput,
        fields: Mapping[str, str] | None = None,
        *,
        wait_for_indexing: bool = False,
        poll_interval: float | timedelta | None = None,
        timeout: float | timedelta | None = None,
        team_id: str | None = None,
    ) -> collections.DocumentMetadata:
        """Upload a document into a collection, and optionally wait until it is indexed.

        The collection is looked up first, so a wrong id fails before anything is uploaded.
        The content then goes to the Files API (the API host, as ``client.files.upload``
        sends it: 3 MiB chunks, read one at a time) and the file is added to the collection;
        if the server refuses that (e.g. a required field is missing), the uploaded file is
        deleted again.

        Args:
            collection_id: The collection.
            name: The document's file name (its extension tells its type).
            data: Its content: bytes, or (not in the official SDK) a path or a binary file
                object, as ``client.files.upload`` takes.
            fields: Its metadata fields, e.g. ``{"author": "Ada"}``.
            wait_for_indexing: Poll the document until it is indexed (or failed).
            poll_interval: Pause between polls, in seconds or as a ``timedelta``
                (default 10 seconds).
            timeout: How long to wait for the indexing in all, in seconds or as a
                ``timedelta`` (default 2 minutes); each poll's call gets the time left. The
                upload and the add take the client's timeout.
            team_id: The owning team (not in the official SDK).

        Returns:
            The document's metadata: as it is once indexed when waiting, else as it is just
            after being added (usually still processing).

        Raises:
            TypeError: An argument has the wrong type (nothing is sent).
            ValueError: A bad value, or no management key (nothing is sent).
            PollTimeoutError: Waiting, and the document was not indexed in time.
            DocumentIndexingError: Waiting, and the server failed to index it (a
                ``ValueError`` too, as in the official SDK).
        """
        collection = valid_id("collection_id", collection_id)
        filename = valid_id("name", name)
        add = add_document_request(collection, "pending", fields, team_id)
        wait = IndexingWait.create(poll_interval, timeout)
        waiting = flag("wait_for_indexing", wait_for_indexing)
        describe(data, "data")  # bytes, a path or a binary file object
        with self._transport.operation(_UPLOAD_DOCUMENT):  # one span for all its calls
            # The collection is looked up first: a wrong id (or no management key) fails before
            # any byte is uploaded, instead of leaving an orphan file behind.
            await self._transport.unary_unary(
                services.Collections.GetCollectionMetadata,
                get_collection_request(collection, team_id),
            )
            uploaded = await self._files.upload(data, filename=filename)
            add.file_id = uploaded.id
            try:
                await self._transport.unary_unary(services.Collections.AddDocumentToCollection, add)
            except Exception as error:
                if add_was_refused(error):  # e.g. a required field is missing: the file can go
                    with contextlib.suppress(Exception):
                        await self._files.delete(uploaded.id)
                raise
            ask = get_document_request(collection, uploaded.id, team_id)
            if not waiting:
                return await self._transport.unary_unary(
                    services.Collections.GetDocumentMetadata, ask
                )

            def fetch(left: float) -> AsyncResult[collections.DocumentMetadata]:
                return self._transport.unary_unary(
                    services.Collections.GetDocumentMetadata, ask, timeout=left
                )

            document = await poll(
                fetch,
                wait.finished,
                timeout=wait.timeout,
                interval=wait.interval,
                what=f"the indexing of document {uploaded.id} in collection {collection}",
            )
            return wait.result(document, collection, uploaded.id)

    async def add_existing_document(
        self,
        collection_id: str,
        file_id: str,
        fields: Mapping[str, str] | None = None,
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> None:
        """Add a file already in the Files API to a collection, with metadata fields.

        Raises:
            NotFoundError: No collection or no file has this id.
        """
        await self._transport.unary_unary(
            services.Collections.AddDocumentToCollection,
            add_document_request(collection_id, file_id, fields, team_id),
            timeout=timeout,
        )

    async def list_documents(
        self,
        collection_id: str,
        limit: int | None = None,
        order: Order | shared.Ordering | None = None,
        sort_by: DocumentSortBy | collections.DocumentsSortBy | None = None,
        pagination_token: str | None = None,
        filter: str | None = None,  # the official name
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> collections.ListDocumentsResponse:
        """List one page of a collection's documents; ``pagination_token`` asks for the next.

        Args:
            collection_id: The collection.
            limit: Documents in the page (default: the server's).
            order: ``"asc"`` or ``"desc"``.
            sort_by: ``"name"``, ``"age"`` or ``"size"``.
            pagination_token: The previous page's ``pagination_token``.
            filter: An expression over file metadata and fields, e.g.
                ``'status:DOCUMENT_STATUS_PROCESSED'`` or ``'fields.isbn:"978-1"'``.
            team_id: The owning team (not in the official SDK).
            timeout: Seconds this call may take (default: the client's timeout).

        Raises:
            ValueError: ``order`` or ``sort_by`` is not one of its choices, or ``limit`` is
                not positive.
            NotFoundError: No collection has this id.
        """
        request = list_documents_request(
            collection_id,
            limit=limit,
            order=order,
            sort_by=sort_by,
            pagination_token=pagination_token,
            filter=filter,
            team_id=team_id,
        )
        return await self._transport.unary_unary(
            services.Collections.ListDocuments, request, timeout=timeout
        )

    def list_documents_all(
        self,
        collection_id: str,
        *,
        page_size: int | None = None,
        order: Order | shared.Ordering | None = None,
        sort_by: DocumentSortBy | collections.DocumentsSortBy | None = None,
        filter: str | None = None,  # the official name
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> AsyncPager[collections.ListDocumentsResponse, collections.DocumentMetadata]:
        """Every document of a collection, across all pages (not in the official SDK).

        ``async for document in client.collections.list_documents_all(collection_id)``.

        Args:
            collection_id: The collection.
            page_size: Documents per page (default: the server's).
            order: ``"asc"`` or ``"desc"``.
            sort_by: ``"name"``, ``"age"`` or ``"size"``.
            filter: As in :meth:`list_documents`.
            team_id: The owning team.
            timeout: Seconds each page's call may take (default: the client's timeout).
        """
        first = list_documents_request(
            collection_id,
            limit=page_size,
            order=order,
            sort_by=sort_by,
            pagination_token=None,
            filter=filter,
            team_id=team_id,
            limit_argument="page_size",
        )
        method = services.Collections.ListDocuments
        return rpc_pager(self._transport, method, first, _page_documents, _page_token, timeout)

    async def get_document(
        self,
        file_id: str,
        collection_id: str,
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> collections.DocumentMetadata:
        """Return a document's metadata; note the order: the file first, as officially.

        Raises:
            NotFoundError: No such collection, or no such document in it.
        """
        return await self._transport.unary_unary(
            services.Collections.GetDocumentMetadata,
            get_document_request(collection_id, file_id, team_id),
            timeout=timeout,
        )

    async def batch_get_documents(
        self,
        collection_id: str,
        file_ids: Sequence[str],
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> collections.BatchGetDocumentsResponse:
        """Return the metadata of several documents of a collection in one call.

        Raises:
            ValueError: ``file_ids`` is empty (nothing is sent).
            NotFoundError: No collection has this id.
        """
        return await self._transport.unary_unary(
            services.Collections.BatchGetDocuments,
            batch_get_request(collection_id, file_ids, team_id),
            timeout=timeout,
        )

    async def update_document(
        self,
        collection_id: str,
        file_id: str,
        name: str | None = None,
        data: bytes | None = None,
        content_type: str | None = None,
        fields: Mapping[str, str] | None = None,
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> collections.DocumentMetadata:
        """Change a document's name, content, content type or metadata fields.

        Args:
            collection_id: The collection.
            file_id: The document.
            name: Its new file name.
            data: Its new content (sent in this one message: at most the client's message
                size limit; it is reindexed).
            content_type: Its new MIME type, e.g. ``"text/plain"``.
            fields: Metadata fields to set.
            team_id: The owning team (not in the official SDK).
            timeout: Seconds this call may take (default: the client's timeout).

        Returns:
            The updated metadata.

        Raises:
            NotFoundError: No such collection, or no such document in it.
        """
        request = update_document_request(
            collection_id, file_id, name, data, content_type, fields, team_id
        )
        return await self._transport.unary_unary(
            services.Collections.UpdateDocument, request, timeout=timeout
        )

    async def remove_document(
        self,
        collection_id: str,
        file_id: str,
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> None:
        """Take a document out of a collection (its file stays in the Files API).

        Raises:
            NotFoundError: No such collection, or no such document in it.
        """
        await self._transport.unary_unary(
            services.Collections.RemoveDocumentFromCollection,
            remove_document_request(collection_id, file_id, team_id),
            timeout=timeout,
        )

    async def reindex_document(
        self,
        collection_id: str,
        file_id: str,
        *,
        team_id: str | None = None,
        timeout: float | None = None,
    ) -> None:
        """Index a document again, e.g. after the collection's chunking changed.

        Raises:
            NotFoundError: No such collection, or no such document in it.
        """
        await self._transport.unary_unary(
            services.Collections.ReIndexDocument,
            reindex_request(collection_id, file_id, team_id),
            timeout=timeout,
        )


def _page_collections(
    page: collections.ListCollectionsResponse,
) -> Sequence[collections.CollectionMetadata]:
    return page.collections


def _page_documents(
    page: collections.ListDocumentsResponse,
) -> Sequence[collections.DocumentMetadata]:
    return page.documents


def _page_token(
    page: collections.ListCollectionsResponse | collections.ListDocumentsResponse,
) -> str | None:
    return page.pagination_token
