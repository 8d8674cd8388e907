"""``collections.Collections``: collections of documents, on the management host.

Every RPC checks the **management** key (``FakeXai.management_key``), not the API key.
Collections live in the servicer's ``collections``
(``fake_xai.servicer("collections.Collections").collections``) by id (``collection-N``), each
created one second after the one before (from ``2023-11-14T22:13:20Z``). A document is a file
of the ``xai_api.Files`` store added to a collection: its name, size and content are the file's
(``UpdateDocument`` changes them there).

Indexing: a document added (or reindexed, or given new content) answers its first
``indexing_polls`` ``GetDocumentMetadata`` calls with a status still in progress (PROCESSING,
CHUNKED, EMBEDDING, WRITING, in turn), then PROCESSED — or FAILED with ``indexing_error`` when
that is set. Other calls report the status without advancing it.

Lists page for real (``limit`` a page, 100 if unset; an opaque token while more remain) and
sort as asked; ``filter`` understands ``key:value`` clauses joined by ``AND``, where the value is
``"quoted"`` (a name contains it; other keys equal it), bare (equal), ``!value`` (differs) or
``>N``/``>=N``/``<N``/``<=N``; keys: ``collection_name``, ``documents_count``, ``created_at``
for collections; ``name``, ``file_id``, ``status``, ``size_bytes``, ``content_type`` and
``fields.<key>`` for documents. Unknown collections and documents are NOT_FOUND.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import operator
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import grpc

from ..server import Servicer, enum_name, enum_value, message_class

#: When the first collection is created (seconds since the epoch); each next one a second later.
FIRST_CREATED = 1_700_000_000
DEFAULT_PAGE = 100
DEFAULT_MODEL = "grok-embedding-small"
#: The statuses of a document being indexed, one poll after the other.
IN_PROGRESS = (
    "DOCUMENT_STATUS_PROCESSING",
    "DOCUMENT_STATUS_CHUNKED",
    "DOCUMENT_STATUS_EMBEDDING",
    "DOCUMENT_STATUS_WRITING",
)


@dataclass
class Document:
    """A document of a collection: a file of the Files store, with metadata fields."""

    file_id: str
    fields: dict[str, str]
    added: int  # when (seconds since the epoch), for sorting by age
    content_type: str | None = None  # set by UpdateDocument; else guessed from the name
    polls_left: int = 0  # in-progress answers before the final status
    polls: int = 0  # answers given since the indexing started
    indexed_at: int | None = None


@dataclass
class Collection:
    """A collection: its metadata (a ``collections.CollectionMetadata``) and documents."""

    metadata: Any
    created: int
    documents: dict[str, Document] = field(default_factory=dict)


class CollectionsServicer(Servicer):
    """The Collections service.

    Attributes:
        collections: Every collection, by id.
        indexing_polls: In-progress answers a document gives before it is indexed.
        indexing_error: When set, indexing ends FAILED with this message.
    """

    service = "collections.Collections"

    def __init__(self, server: Any) -> None:
        super().__init__(server)
        self.collections: dict[str, Collection] = {}
        self.indexing_polls = 1
        self.indexing_error: str | None = None
        self._clock = FIRST_CREATED
        self._lock = threading.Lock()

    # -- collections ----------------------------------------------------------------------------

    def CreateCollection(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("CreateCollection", request, context)
        if not request.collection_name.strip():
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "collection_name is required")
        metadata = message_class("collections.CollectionMetadata")(
            collection_id=self.server.next_id("collection"),
            collection_name=request.collection_name,
        )
        created = self._tick()
        metadata.created_at.FromSeconds(created)
        metadata.index_configuration.model_name = (
            request.index_configuration.model_name
            if request.HasField("index_configuration")
            else DEFAULT_MODEL
        )
        if request.HasField("chunk_configuration"):
            if request.chunk_configuration.WhichOneof("config") is None:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, "chunk_configuration: no strategy")
            metadata.chunk_configuration.CopyFrom(request.chunk_configuration)
        else:
            chars = metadata.chunk_configuration.chars_configuration
            chars.max_chunk_size_chars, chars.chunk_overlap_chars = 2000, 200
        keys = [definition.key for definition in request.field_definitions]
        if len(set(keys)) != len(keys):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "field definition keys must differ")
        metadata.field_definitions.extend(request.field_definitions)
        if request.HasField("collection_description"):
            metadata.collection_description = request.collection_description
        with self._lock:
            self.collections[metadata.collection_id] = Collection(metadata, created)
        return self._metadata(self.collections[metadata.collection_id])

    def ListCollections(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("ListCollections", request, context)
        with self._lock:
            found = list(self.collections.values())
        if request.HasField("filter"):
            keep = _filter(request.filter, self._collection_field, context)
            found = [collection for collection in found if keep(collection)]
        sort_by = enum_name("collections.CollectionsSortBy", request.sort_by)
        key: Callable[[Collection], Any] = {
            "COLLECTIONS_SORT_BY_NAME": lambda c: c.metadata.collection_name,
            "COLLECTIONS_SORT_BY_AGE": lambda c: c.created,
        }[sort_by]
        found.sort(key=lambda c: (key(c), c.created), reverse=_descending(request))
        page, token = _page(found, request, context)
        response = message_class("collections.ListCollectionsResponse")()
        for collection in page:
            response.collections.add().CopyFrom(self._metadata(collection))
        if token is not None:
            response.pagination_token = token
        return response

    def GetCollectionMetadata(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("GetCollectionMetadata", request, context)
        return self._metadata(self._collection(request.collection_id, context))

    def UpdateCollection(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("UpdateCollection", request, context)
        collection = self._collection(request.collection_id, context)
        metadata = collection.metadata
        if request.HasField("collection_name"):
            if not request.collection_name.strip():
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, "collection_name is empty")
            metadata.collection_name = request.collection_name
        if request.HasField("chunk_configuration"):
            metadata.chunk_configuration.CopyFrom(request.chunk_configuration)
        for update in request.field_definition_updates:
            key = update.field_definition.key
            keys = [definition.key for definition in metadata.field_definitions]
            operation = enum_name("collections.FieldDefinitionOperation", update.operation)
            if operation == "FIELD_DEFINITION_ADD":
                if key in keys:
                    context.abort(grpc.StatusCode.ALREADY_EXISTS, f"field {key!r} exists")
                metadata.field_definitions.add().CopyFrom(update.field_definition)
            else:
                if key not in keys:
                    context.abort(grpc.StatusCode.NOT_FOUND, f"no field definition {key!r}")
                del metadata.field_definitions[keys.index(key)]
                for document in collection.documents.values():
                    document.fields.pop(key, None)
        if request.HasField("collection_description"):
            metadata.collection_description = request.collection_description
        return self._metadata(collection)

    def DeleteCollection(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("DeleteCollection", request, context)
        self._collection(request.collection_id, context)
        with self._lock:
            del self.collections[request.collection_id]
        return message_class("google.protobuf.Empty")()

    def GenerateCollectionDescription(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("GenerateCollectionDescription", request, context)
        collection = self._collection(request.collection_id, context)
        names = [
            self._file(document.file_id).filename
            for document in collection.documents.values()
            if self._status(document) == "DOCUMENT_STATUS_PROCESSED"
        ]
        description = (
            f"{len(names)} document{'s' * (len(names) != 1)}: {', '.join(sorted(names))}."
            if names
            else ""
        )
        return message_class("collections.GenerateCollectionDescriptionResponse")(
            collection_description=description
        )

    # -- documents ------------------------------------------------------------------------------

    def AddDocumentToCollection(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("AddDocumentToCollection", request, context)
        collection = self._collection(request.collection_id, context)
        if self._files().get(request.file_id) is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"File {request.file_id!r} not found.")
        if request.file_id in collection.documents:
            context.abort(
                grpc.StatusCode.ALREADY_EXISTS,
                f"File {request.file_id!r} is already in {request.collection_id!r}.",
            )
        fields = dict(request.fields)
        self._check_fields(collection, fields, request.file_id, context)
        document = Document(request.file_id, fields, self._tick())
        self._start_indexing(document)
        collection.documents[request.file_id] = document
        return message_class("google.protobuf.Empty")()

    def ListDocuments(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("ListDocuments", request, context)
        collection = self._collection(request.collection_id, context)
        found = list(collection.documents.values())
        if request.HasField("name"):
            found = [d for d in found if self._file(d.file_id).filename == request.name]
        if request.HasField("filter"):
            keep = _filter(request.filter, self._document_field, context)
            found = [document for document in found if keep(document)]
        sort_by = enum_name("collections.DocumentsSortBy", request.sort_by)
        key: Callable[[Document], Any] = {
            "DOCUMENTS_SORT_BY_NAME": lambda d: self._file(d.file_id).filename,
            "DOCUMENTS_SORT_BY_SIZE": lambda d: self._file(d.file_id).size,
            "DOCUMENTS_SORT_BY_AGE": lambda d: d.added,
        }[sort_by]
        found.sort(key=lambda d: (key(d), d.added), reverse=_descending(request))
        page, token = _page(found, request, context)
        response = message_class("collections.ListDocumentsResponse")()
        for document in page:
            response.documents.add().CopyFrom(self._document_metadata(document))
        if token is not None:
            response.pagination_token = token
        return response

    def GetDocumentMetadata(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("GetDocumentMetadata", request, context)
        document = self._document(request.collection_id, request.file_id, context)
        metadata = self._document_metadata(document)
        with self._lock:  # this answer was one poll
            document.polls += 1
            if document.polls_left:
                document.polls_left -= 1
                if not document.polls_left:
                    document.indexed_at = self._clock
        return metadata

    def BatchGetDocuments(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("BatchGetDocuments", request, context)
        collection = self._collection(request.collection_id, context)
        missing = [file_id for file_id in request.file_ids if file_id not in collection.documents]
        if missing:
            context.abort(grpc.StatusCode.NOT_FOUND, f"No document(s) {', '.join(missing)}.")
        response = message_class("collections.BatchGetDocumentsResponse")()
        for file_id in request.file_ids:
            metadata = self._document_metadata(collection.documents[file_id])
            response.documents.add().CopyFrom(metadata)
        return response

    def UpdateDocument(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("UpdateDocument", request, context)
        collection = self._collection(request.collection_id, context)
        document = self._document(request.collection_id, request.file_id, context)
        stored = self._files().get(request.file_id)
        fields = {**document.fields, **request.fields}
        self._check_fields(collection, fields, request.file_id, context)
        document.fields = fields
        if request.HasField("name"):
            stored.file.filename = request.name
        if request.HasField("content_type"):
            document.content_type = request.content_type
        if request.HasField("data"):
            stored.content = request.data
            stored.file.size = len(request.data)
            self._start_indexing(document)
        return self._document_metadata(document)

    def RemoveDocumentFromCollection(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("RemoveDocumentFromCollection", request, context)
        collection = self._collection(request.collection_id, context)
        self._document(request.collection_id, request.file_id, context)
        del collection.documents[request.file_id]
        return message_class("google.protobuf.Empty")()

    def ReIndexDocument(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._admit("ReIndexDocument", request, context)
        self._start_indexing(self._document(request.collection_id, request.file_id, context))
        return message_class("google.protobuf.Empty")()

    # -- helpers --------------------------------------------------------------------------------

    def _admit(self, method: str, request: Any, context: grpc.ServicerContext) -> None:
        self.server._admit(method, request, context, management=True)

    def _tick(self) -> int:
        with self._lock:
            now = self._clock
            self._clock += 1
            return now

    def _files(self) -> Any:
        return self.server.servicer("xai_api.Files").store

    def _file(self, file_id: str) -> Any:
        stored = self._files().get(file_id)
        return stored.file if stored is not None else message_class("xai_api.File")(id=file_id)

    def _collection(self, collection_id: str, context: grpc.ServicerContext) -> Collection:
        collection = self.collections.get(collection_id)
        if collection is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"Collection {collection_id!r} not found.")
        return collection

    def _document(
        self, collection_id: str, file_id: str, context: grpc.ServicerContext
    ) -> Document:
        document = self._collection(collection_id, context).documents.get(file_id)
        if document is None:
            context.abort(
                grpc.StatusCode.NOT_FOUND,
                f"Document {file_id!r} not found in collection {collection_id!r}.",
            )
        return document

    def _start_indexing(self, document: Document) -> None:
        document.polls_left, document.polls = self.indexing_polls, 0
        document.indexed_at = None if self.indexing_polls else self._clock

    def _status(self, document: Document) -> str:
        if document.polls_left:
            return IN_PROGRESS[min(document.polls, len(IN_PROGRESS) - 1)]
        return "DOCUMENT_STATUS_FAILED" if self.indexing_error else "DOCUMENT_STATUS_PROCESSED"

    def _check_fields(
        self,
        collection: Collection,
        fields: dict[str, str],
        file_id: str,
        context: grpc.ServicerContext,
    ) -> None:
        for definition in collection.metadata.field_definitions:
            value = fields.get(definition.key)
            if value is None:
                if definition.required:
                    context.abort(
                        grpc.StatusCode.INVALID_ARGUMENT,
                        f"Field {definition.key!r} is required by this collection.",
                    )
                continue
            if definition.unique and any(
                other.fields.get(definition.key) == value
                for other in collection.documents.values()
                if other.file_id != file_id
            ):
                context.abort(
                    grpc.StatusCode.ALREADY_EXISTS,
                    f"Another document has {definition.key!r} = {value!r}.",
                )

    def _metadata(self, collection: Collection) -> Any:
        metadata = message_class("collections.CollectionMetadata")()
        metadata.CopyFrom(collection.metadata)
        metadata.documents_count = len(collection.documents)
        metadata.total_file_size = sum(
            self._file(document.file_id).size for document in collection.documents.values()
        )
        return metadata

    def _document_metadata(self, document: Document) -> Any:
        stored = self._files().get(document.file_id)
        file = self._file(document.file_id)
        content = stored.content if stored is not None else b""
        status = self._status(document)
        metadata = message_class("collections.DocumentMetadata")(
            fields=document.fields,
            status=enum_value("collections.DocumentStatus", status),
        )
        info = metadata.file_metadata
        info.file_id, info.name, info.size_bytes = file.id, file.filename, file.size
        info.content_type = document.content_type or _content_type(file.filename)
        info.hash = hashlib.sha256(content).hexdigest()
        info.upload_status = "complete"
        if file.HasField("created_at"):
            info.created_at.CopyFrom(file.created_at)
        if file.HasField("expires_at"):
            info.expires_at.CopyFrom(file.expires_at)
        chunks = len(chunk_text(content.decode("utf-8", "replace")))
        if status == "DOCUMENT_STATUS_FAILED":
            metadata.error_message = self.indexing_error or ""
        elif status == "DOCUMENT_STATUS_PROCESSED":
            metadata.chunk_count = chunks
            metadata.chunks_processed_count = chunks
            metadata.last_indexed_at.FromSeconds(document.indexed_at or self._clock)
        return metadata

    def _collection_field(self, key: str, collection: Collection) -> Any:
        metadata = self._metadata(collection)
        if key == "collection_name":
            return metadata.collection_name
        if key == "documents_count":
            return metadata.documents_count
        if key == "created_at":
            return metadata.created_at.ToJsonString()
        raise KeyError(key)

    def _document_field(self, key: str, document: Document) -> Any:
        file = self._file(document.file_id)
        if key.startswith("fields."):
            return document.fields.get(key.removeprefix("fields."))
        values: dict[str, Callable[[], Any]] = {
            "name": lambda: file.filename,
            "file_id": lambda: document.file_id,
            "status": lambda: self._status(document),
            "size_bytes": lambda: file.size,
            "content_type": lambda: document.content_type or _content_type(file.filename),
        }
        return values[key]()


def searchable(servicer: CollectionsServicer, collection_id: str) -> list[tuple[str, str]] | None:
    """What ``xai_api.Documents/Search`` searches in a collection: ``(file_id, text)`` pairs.

    The documents whose indexing did not fail; ``None`` when there is no such collection.
    """
    collection = servicer.collections.get(collection_id)
    if collection is None:
        return None
    found = []
    for document in collection.documents.values():
        if servicer._status(document) == "DOCUMENT_STATUS_FAILED":
            continue
        stored = servicer._files().get(document.file_id)
        if stored is not None:
            found.append((document.file_id, stored.content.decode("utf-8", "replace")))
    return found


def chunk_text(text: str) -> list[str]:
    """How the fake server cuts a document into chunks: by paragraph (blank lines)."""
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _descending(request: Any) -> bool:
    return enum_name("shared.Ordering", request.order) == "ORDERING_DESCENDING"


def _page(
    items: list[Any], request: Any, context: grpc.ServicerContext
) -> tuple[list[Any], str | None]:
    """The page of ``items`` the request asks for, and the token of the next (if any)."""
    limit = request.limit if request.HasField("limit") else DEFAULT_PAGE
    if limit <= 0:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "limit must be positive")
    start = 0
    if request.HasField("pagination_token"):
        try:
            decoded = base64.urlsafe_b64decode(request.pagination_token.encode()).decode()
            start = int(decoded.removeprefix("after:"))
        except ValueError:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "invalid pagination token")
    end = start + limit
    token = base64.urlsafe_b64encode(f"after:{end}".encode()).decode()
    return items[start:end], token if end < len(items) else None


_ORDERINGS: dict[str, Callable[[Any, Any], Any]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
_CLAUSE = re.compile(r'^\s*([\w.]+)\s*:\s*(!|>=|<=|>|<)?\s*("(?:[^"\\]|\\.)*"|\S+)\s*$')


def _filter(
    expression: str,
    value_of: Callable[[str, Any], Any],
    context: grpc.ServicerContext,
) -> Callable[[Any], bool]:
    """A test of the clauses of ``expression`` (``key:value`` joined by ``AND``)."""
    tests: list[Callable[[Any], bool]] = []
    for clause in re.split(r"\s+AND\s+", expression.strip()):
        found = _CLAUSE.match(clause)
        if found is None:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"cannot parse filter {clause!r}")
        key, op, literal = found.groups()
        quoted = literal.startswith('"')
        wanted = literal[1:-1] if quoted else literal
        tests.append(_clause(key, op, wanted, quoted, value_of))

    def keep(item: Any) -> bool:
        try:
            return all(test(item) for test in tests)
        except KeyError as unknown:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"unknown filter field {unknown}")

    return keep


def _clause(
    key: str, op: str | None, wanted: str, quoted: bool, value_of: Callable[[str, Any], Any]
) -> Callable[[Any], bool]:
    def test(item: Any) -> bool:
        actual = value_of(key, item)
        if actual is None:
            return op == "!"
        if op in (">", ">=", "<", "<="):
            left: Any
            right: Any
            try:
                left, right = float(actual), float(wanted)
            except ValueError:
                left, right = str(actual), wanted
            return bool(_ORDERINGS[op](left, right))
        if op == "!":
            return str(actual) != wanted
        if quoted and key.endswith("name"):
            return wanted.lower() in str(actual).lower()
        return str(actual) == wanted

    return test
