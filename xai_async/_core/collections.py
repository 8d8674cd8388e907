"""Collections logic without I/O, shared by ``xai_async.collections`` and ``xai_sync.collections``.

Argument checks, the request of every ``collections.Collections`` RPC and of
``xai_api.Documents/Search``, the official SDK's argument types (chunking, field definitions,
sort orders), and how waiting for a document's indexing ends. The packages add only the calls.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias, TypeVar

import grpc
from typing_extensions import NotRequired, TypedDict

from xai_async._core.chat.tools import retrieval_fields
from xai_async._core.enums import name_table
from xai_async._core.errors import APIError, XAIError
from xai_async._core.files import valid_file_id
from xai_async._core.types import DocumentRetrievalMode
from xai_async._core.validate import (
    choose,
    optional_bool,
    optional_int,
    optional_name,
    optional_str,
    text,
    text_list,
    timeout_seconds,
)
from xai_async.proto import collections, rag, shared, xai_api

__all__ = [
    "COLLECTION_SORT_BY",
    "DEFAULT_INDEXING_POLL_INTERVAL",
    "DEFAULT_INDEXING_TIMEOUT",
    "DOCUMENT_SORT_BY",
    "HNSW_METRIC",
    "ORDER",
    "RANKING_METRIC",
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
    "IndexingWait",
    "Order",
    "RankingMetric",
    "TokensConfiguration",
    "add_document_request",
    "add_was_refused",
    "batch_get_request",
    "chunk_configuration",
    "create_request",
    "delete_collection_request",
    "description_request",
    "document_fields",
    "field_definition",
    "field_definition_update",
    "get_collection_request",
    "get_document_request",
    "list_collections_request",
    "list_documents_request",
    "reindex_request",
    "remove_document_request",
    "search_request",
    "update_document_request",
    "update_request",
    "valid_id",
]

#: How often ``upload_document(wait_for_indexing=True)`` asks, unless told otherwise.
DEFAULT_INDEXING_POLL_INTERVAL = datetime.timedelta(seconds=10)
#: How long it waits in all, unless told otherwise.
DEFAULT_INDEXING_TIMEOUT = datetime.timedelta(minutes=2)

#: Sort order of ``list`` and ``list_documents``.
Order = Literal["asc", "desc"]
#: What ``collections.list`` sorts by.
CollectionSortBy = Literal["name", "age"]
#: What ``collections.list_documents`` sorts by.
DocumentSortBy = Literal["name", "age", "size"]
#: The distance of a collection's vector index.
HNSWMetric = Literal["cosine", "euclidean", "inner_product"]
#: How ``search`` scores matches (deprecated by the API; not in the official SDK).
RankingMetric = Literal["l2_distance", "cosine_similarity"]

ORDER: dict[str, shared.Ordering] = {
    "asc": shared.Ordering.ASCENDING,
    "desc": shared.Ordering.DESCENDING,
}
# Every member is a choice, the zero one (NAME) included: it is the server's default.
COLLECTION_SORT_BY: dict[str, collections.CollectionsSortBy] = {
    member.name.lower(): member for member in collections.CollectionsSortBy
}
DOCUMENT_SORT_BY: dict[str, collections.DocumentsSortBy] = {
    member.name.lower(): member for member in collections.DocumentsSortBy
}
HNSW_METRIC = name_table(rag.HnswMetric)
RANKING_METRIC = name_table(xai_api.RankingMetric)


# -- the official argument types -----------------------------------------------------------


class FieldDefinition(TypedDict):
    """A metadata field the documents of a collection may (or must) carry.

    ``key`` names it; ``required`` rejects documents without it; ``inject_into_chunk`` puts
    its value in front of every chunk (better retrieval); ``unique`` rejects a second document
    with the same value; ``description`` says what it is. The three flags default to ``False``
    here (the official SDK requires them).
    """

    key: str
    required: NotRequired[bool]
    inject_into_chunk: NotRequired[bool]
    unique: NotRequired[bool]
    description: NotRequired[str]


class FieldDefinitionAdd(TypedDict):
    """``update(field_definitions=[...])``: add this field definition."""

    field_definition: FieldDefinition
    operation: Literal["add"]


class FieldDefinitionDelete(TypedDict):
    """``update(field_definitions=[...])``: delete the field ``key`` (from every document too)."""

    key: str
    operation: Literal["delete"]


#: One entry of ``update(field_definitions=[...])``: an add or a delete.
FieldDefinitionUpdate: TypeAlias = FieldDefinitionAdd | FieldDefinitionDelete


class CharsConfiguration(TypedDict):
    """Chunks of at most so many characters."""

    max_chunk_size_chars: int
    chunk_overlap_chars: int


class TokensConfiguration(TypedDict):
    """Chunks of at most so many tokens of a tokenizer (e.g. ``"cl100k_base"``)."""

    max_chunk_size_tokens: int
    chunk_overlap_tokens: int
    encoding_name: str


class BytesConfiguration(TypedDict):
    """Chunks of at most so many bytes."""

    max_chunk_size_bytes: int
    chunk_overlap_bytes: int


class ChunkConfiguration(TypedDict, total=False):
    """How a collection cuts documents into chunks: exactly one of the three strategies."""

    chars_configuration: CharsConfiguration
    tokens_configuration: TokensConfiguration
    bytes_configuration: BytesConfiguration
    strip_whitespace: bool
    inject_name_into_chunks: bool


class DocumentIndexingError(XAIError, ValueError):
    """The server could not index a document (``upload_document(wait_for_indexing=True)``).

    A ``ValueError`` too, as the official SDK raises one.

    Attributes:
        collection_id: The collection.
        file_id: The document.
        document: Its final ``DocumentMetadata`` (status ``FAILED``).
    """

    def __init__(
        self, message: str, *, collection_id: str, file_id: str, document: Any = None
    ) -> None:
        super().__init__(message)
        self.collection_id = collection_id
        self.file_id = file_id
        self.document = document


# -- argument checks -----------------------------------------------------------------------

E = TypeVar("E")


def valid_id(argument: str, value: object) -> str:
    """``value`` as an id: a non-blank string."""
    return valid_file_id(value, argument)


def _enum(argument: str, value: object, enum_type: type[E], table: Mapping[Any, E]) -> E | None:
    """One of ``table``'s strings or values (a member of ``enum_type``), or ``None``."""
    if value is None:
        return None
    if isinstance(value, enum_type):
        if value not in table.values():
            raise ValueError(f"`{argument}` cannot be {value!r}; pass one of {list(table)}")
        return value
    return choose(argument, value, table)


def _mapping(argument: str, value: object, allowed: Sequence[str]) -> Mapping[str, Any]:
    """``value`` as a mapping whose keys are all among ``allowed``."""
    if not isinstance(value, Mapping):
        raise TypeError(f"`{argument}` must be a dict, got {type(value).__name__}")
    unknown = [key for key in value if key not in allowed]
    if unknown:
        raise ValueError(
            f"`{argument}` has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(allowed)}"
        )
    return value


def _size(argument: str, value: object, minimum: int) -> int:
    checked = optional_int(argument, value, minimum=minimum)
    if checked is None:
        raise TypeError(f"`{argument}` is required (an int)")
    return checked


_STRATEGIES: dict[str, tuple[str, str, str | None]] = {
    # strategy: (size key, overlap key, the tokenizer's key)
    "chars_configuration": ("max_chunk_size_chars", "chunk_overlap_chars", None),
    "tokens_configuration": ("max_chunk_size_tokens", "chunk_overlap_tokens", "encoding_name"),
    "bytes_configuration": ("max_chunk_size_bytes", "chunk_overlap_bytes", None),
}


def chunk_configuration(
    value: object, argument: str = "chunk_configuration"
) -> rag.ChunkConfiguration | None:
    """A ``ChunkConfiguration`` dict (or message) as the message; ``None`` stays ``None``.

    Raises:
        TypeError: Not a dict or a ``rag.ChunkConfiguration``, or a value of the wrong type.
        ValueError: Not exactly one strategy, an unknown key, or a size below 1.
    """
    if value is None or isinstance(value, rag.ChunkConfiguration):
        return value
    config = _mapping(
        argument, value, [*_STRATEGIES, "strip_whitespace", "inject_name_into_chunks"]
    )
    chosen = [key for key in _STRATEGIES if config.get(key) is not None]
    if len(chosen) != 1:
        raise ValueError(
            f"`{argument}` needs exactly one of {', '.join(map(repr, _STRATEGIES))}; "
            f"got {len(chosen)}" + (f" ({', '.join(map(repr, chosen))})" if chosen else "")
        )
    (strategy,) = chosen
    size_key, overlap_key, encoding_key = _STRATEGIES[strategy]
    where = f"{argument}[{strategy!r}]"
    keys = [size_key, overlap_key, *([encoding_key] if encoding_key else [])]
    inner = _mapping(where, config[strategy], keys)
    size = _size(f"{where}[{size_key!r}]", inner.get(size_key), 1)
    overlap = _size(f"{where}[{overlap_key!r}]", inner.get(overlap_key), 0)
    if overlap >= size:
        raise ValueError(f"`{where}`: the overlap ({overlap}) must be smaller than the size")
    message: Any
    if strategy == "chars_configuration":
        message = rag.CharsConfiguration(max_chunk_size_chars=size, chunk_overlap_chars=overlap)
    elif strategy == "bytes_configuration":
        message = rag.BytesConfiguration(max_chunk_size_bytes=size, chunk_overlap_bytes=overlap)
    else:
        assert encoding_key is not None  # the tokens strategy names its tokenizer
        encoding = text(f"{where}[{encoding_key!r}]", inner.get(encoding_key))
        message = rag.TokensConfiguration(
            max_chunk_size_tokens=size, chunk_overlap_tokens=overlap, encoding_name=encoding
        )
    return rag.ChunkConfiguration(
        **{strategy: message},
        strip_whitespace=bool(
            optional_bool(f"{argument}['strip_whitespace']", config.get("strip_whitespace"))
        ),
        inject_name_into_chunks=bool(
            optional_bool(
                f"{argument}['inject_name_into_chunks']", config.get("inject_name_into_chunks")
            )
        ),
    )


_FIELD_KEYS = ("key", "required", "inject_into_chunk", "unique", "description")


def field_definition(
    value: object, argument: str = "field_definitions"
) -> collections.FieldDefinition:
    """A ``FieldDefinition`` dict (or message) as the message."""
    if isinstance(value, collections.FieldDefinition):
        return value
    definition = _mapping(argument, value, _FIELD_KEYS)
    key = valid_id(f"{argument}['key']", definition.get("key"))
    flags = {
        name: bool(optional_bool(f"{argument}[{name!r}]", definition.get(name)))
        for name in ("required", "inject_into_chunk", "unique")
    }
    return collections.FieldDefinition(
        key=key,
        description=optional_str(f"{argument}['description']", definition.get("description")),
        **flags,
    )


def field_definition_update(
    value: object, argument: str = "field_definitions"
) -> collections.FieldDefinitionUpdate:
    """A field definition update (a dict, or the message itself) as the message.

    An add is ``{"field_definition": {...}, "operation": "add"}``, a delete
    ``{"key": ..., "operation": "delete"}``.
    """
    if isinstance(value, collections.FieldDefinitionUpdate):
        return value
    if not isinstance(value, Mapping):
        raise TypeError(f"`{argument}` items must be dicts, got {type(value).__name__}")
    operation = value.get("operation")
    if operation == "add":
        update = _mapping(argument, value, ("field_definition", "operation"))
        return collections.FieldDefinitionUpdate(
            field_definition=field_definition(
                update.get("field_definition"), f"{argument}['field_definition']"
            ),
            operation=collections.FieldDefinitionOperation.FIELD_DEFINITION_ADD,
        )
    if operation == "delete":
        update = _mapping(argument, value, ("key", "operation"))
        return collections.FieldDefinitionUpdate(
            field_definition=collections.FieldDefinition(
                key=valid_id(f"{argument}['key']", update.get("key"))
            ),
            operation=collections.FieldDefinitionOperation.FIELD_DEFINITION_DELETE,
        )
    raise ValueError(f"`{argument}` items need 'operation': 'add' or 'delete'; got {operation!r}")


def _items(argument: str, value: object) -> list[Any]:
    """``value`` as a list (``None`` is empty; a lone string or dict is refused)."""
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise TypeError(f"`{argument}` must be a list, got {type(value).__name__}")
    return list(value)


def document_fields(value: object, argument: str = "fields") -> dict[str, str]:
    """A document's metadata fields: a mapping of non-blank names to strings."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"`{argument}` must be a dict of str to str, got {type(value).__name__}")
    checked: dict[str, str] = {}
    for key, item in value.items():
        name = valid_id(f"{argument} key", key)
        checked[name] = text(f"{argument}[{name!r}]", item)
    return checked


def _team(team_id: object) -> str | None:
    return optional_name("team_id", team_id)


# -- requests ------------------------------------------------------------------------------


def create_request(
    name: object,
    model_name: object,
    chunk_config: object,
    metric_space: object,
    field_definitions: object,
    description: object,
    team_id: object,
) -> collections.CreateCollectionRequest:
    """A ``CreateCollectionRequest``; unset arguments are left to the server's defaults."""
    model = optional_name("model_name", model_name)
    return collections.CreateCollectionRequest(
        team_id=_team(team_id),
        collection_name=valid_id("name", name),
        index_configuration=None if model is None else rag.IndexConfiguration(model_name=model),
        chunk_configuration=chunk_configuration(chunk_config),
        metric_space=_enum("metric_space", metric_space, rag.HnswMetric, HNSW_METRIC),
        field_definitions=[
            field_definition(item, f"field_definitions[{index}]")
            for index, item in enumerate(_items("field_definitions", field_definitions))
        ],
        collection_description=optional_str("description", description),
    )


def update_request(
    collection_id: object,
    name: object,
    chunk_config: object,
    field_definitions: object,
    description: object,
    team_id: object,
) -> collections.UpdateCollectionRequest:
    """An ``UpdateCollectionRequest`` changing at least one thing.

    Raises:
        ValueError: Nothing to change.
    """
    if (name, chunk_config, field_definitions, description) == (None, None, None, None):
        raise ValueError(
            "Nothing to update: pass at least one of `name`, `chunk_configuration`, "
            "`field_definitions` or `description`"
        )
    return collections.UpdateCollectionRequest(
        team_id=_team(team_id),
        collection_id=valid_id("collection_id", collection_id),
        collection_name=optional_name("name", name),
        chunk_configuration=chunk_configuration(chunk_config),
        field_definition_updates=[
            field_definition_update(item, f"field_definitions[{index}]")
            for index, item in enumerate(_items("field_definitions", field_definitions))
        ],
        collection_description=optional_str("description", description),
    )


def get_collection_request(
    collection_id: object, team_id: object
) -> collections.GetCollectionMetadataRequest:
    """A ``GetCollectionMetadataRequest``."""
    return collections.GetCollectionMetadataRequest(
        collection_id=valid_id("collection_id", collection_id), team_id=_team(team_id)
    )


def delete_collection_request(
    collection_id: object, team_id: object
) -> collections.DeleteCollectionRequest:
    """A ``DeleteCollectionRequest``."""
    return collections.DeleteCollectionRequest(
        collection_id=valid_id("collection_id", collection_id), team_id=_team(team_id)
    )


def description_request(collection_id: object) -> collections.GenerateCollectionDescriptionRequest:
    """A ``GenerateCollectionDescriptionRequest``."""
    return collections.GenerateCollectionDescriptionRequest(
        collection_id=valid_id("collection_id", collection_id)
    )


def _document_ids(collection_id: object, file_id: object, team_id: object) -> dict[str, Any]:
    return {
        "collection_id": valid_id("collection_id", collection_id),
        "file_id": valid_id("file_id", file_id),
        "team_id": _team(team_id),
    }


def get_document_request(
    collection_id: object, file_id: object, team_id: object
) -> collections.GetDocumentMetadataRequest:
    """A ``GetDocumentMetadataRequest``."""
    return collections.GetDocumentMetadataRequest(**_document_ids(collection_id, file_id, team_id))


def remove_document_request(
    collection_id: object, file_id: object, team_id: object
) -> collections.RemoveDocumentFromCollectionRequest:
    """A ``RemoveDocumentFromCollectionRequest``."""
    return collections.RemoveDocumentFromCollectionRequest(
        **_document_ids(collection_id, file_id, team_id)
    )


def reindex_request(
    collection_id: object, file_id: object, team_id: object
) -> collections.ReIndexDocumentRequest:
    """A ``ReIndexDocumentRequest``."""
    return collections.ReIndexDocumentRequest(**_document_ids(collection_id, file_id, team_id))


def add_document_request(
    collection_id: object, file_id: object, fields: object, team_id: object
) -> collections.AddDocumentToCollectionRequest:
    """An ``AddDocumentToCollectionRequest``: a stored file, with its metadata fields."""
    return collections.AddDocumentToCollectionRequest(
        collection_id=valid_id("collection_id", collection_id),
        file_id=valid_id("file_id", file_id),
        fields=document_fields(fields),
        team_id=_team(team_id),
    )


def batch_get_request(
    collection_id: object, file_ids: object, team_id: object
) -> collections.BatchGetDocumentsRequest:
    """A ``BatchGetDocumentsRequest`` for at least one document."""
    if file_ids is None:
        raise TypeError("`file_ids` must be a sequence of str, got None")
    ids = text_list("file_ids", file_ids)
    if not ids:
        raise ValueError("`file_ids` must name at least one document")
    return collections.BatchGetDocumentsRequest(
        collection_id=valid_id("collection_id", collection_id),
        file_ids=ids,
        team_id=_team(team_id),
    )


def update_document_request(
    collection_id: object,
    file_id: object,
    name: object,
    data: object,
    content_type: object,
    fields: object,
    team_id: object,
) -> collections.UpdateDocumentRequest:
    """An ``UpdateDocumentRequest``: a new name, content, content type or fields."""
    if data is not None and not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"`data` must be bytes, got {type(data).__name__}")
    return collections.UpdateDocumentRequest(
        team_id=_team(team_id),
        collection_id=valid_id("collection_id", collection_id),
        file_id=valid_id("file_id", file_id),
        name=optional_name("name", name),
        data=None if data is None else bytes(data),
        content_type=optional_name("content_type", content_type),
        fields=document_fields(fields),
    )


def list_collections_request(
    *,
    limit: object,
    order: object,
    sort_by: object,
    filter: object,
    pagination_token: object,
    team_id: object,
    limit_argument: str = "limit",
) -> collections.ListCollectionsRequest:
    """A ``ListCollectionsRequest``; unset arguments are left to the server's defaults.

    ``limit_argument`` is how the caller names the page size, for the error messages.
    """
    return collections.ListCollectionsRequest(
        team_id=_team(team_id),
        limit=optional_int(limit_argument, limit, minimum=1),
        order=_enum("order", order, shared.Ordering, ORDER),
        sort_by=_enum("sort_by", sort_by, collections.CollectionsSortBy, COLLECTION_SORT_BY),
        pagination_token=optional_str("pagination_token", pagination_token) or None,
        filter=optional_str("filter", filter) or None,
    )


def list_documents_request(
    collection_id: object,
    *,
    limit: object,
    order: object,
    sort_by: object,
    pagination_token: object,
    filter: object,
    team_id: object,
    limit_argument: str = "limit",
) -> collections.ListDocumentsRequest:
    """A ``ListDocumentsRequest``; unset arguments are left to the server's defaults."""
    return collections.ListDocumentsRequest(
        team_id=_team(team_id),
        collection_id=valid_id("collection_id", collection_id),
        limit=optional_int(limit_argument, limit, minimum=1),
        order=_enum("order", order, shared.Ordering, ORDER),
        sort_by=_enum("sort_by", sort_by, collections.DocumentsSortBy, DOCUMENT_SORT_BY),
        pagination_token=optional_str("pagination_token", pagination_token) or None,
        filter=optional_str("filter", filter) or None,
    )


def search_request(
    query: object,
    collection_ids: object,
    limit: object,
    instructions: object,
    retrieval_mode: object,
    ranking_metric: object,
) -> xai_api.SearchRequest:
    """A ``SearchRequest`` over the given collections.

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: An empty query, no collection, ``limit`` below 1, or an unknown mode.
    """
    checked = text("query", query)
    if not checked.strip():
        raise ValueError("`query` must not be empty")
    if collection_ids is None:
        raise TypeError("`collection_ids` must be a sequence of str, got None")
    ids = text_list("collection_ids", collection_ids)
    if not ids:
        raise ValueError("`collection_ids` must name at least one collection")
    return xai_api.SearchRequest(
        query=checked,
        source=xai_api.DocumentsSource(collection_ids=ids),
        limit=optional_int("limit", limit, minimum=1),
        instructions=optional_str("instructions", instructions),
        ranking_metric=_enum(
            "ranking_metric", ranking_metric, xai_api.RankingMetric, RANKING_METRIC
        ),
        **retrieval_fields(retrieval_mode),
    )


# -- waiting for indexing --------------------------------------------------------------------

_STATUS = collections.DocumentStatus


@dataclasses.dataclass(frozen=True)
class IndexingWait:
    """How ``upload_document(wait_for_indexing=True)`` waits; checked before anything is sent.

    Attributes:
        timeout: Seconds to wait in all for the document to be indexed.
        interval: Seconds between polls.
    """

    timeout: float
    interval: float

    @classmethod
    def create(cls, poll_interval: object, timeout: object) -> IndexingWait:
        """Check the waiting arguments (``None``: 10 seconds between polls, 2 minutes in all).

        Raises:
            TypeError: A duration is neither a number of seconds nor a ``timedelta``.
            ValueError: A duration is not positive.
        """
        return cls(
            timeout_seconds(DEFAULT_INDEXING_TIMEOUT if timeout is None else timeout, "timeout"),
            timeout_seconds(
                DEFAULT_INDEXING_POLL_INTERVAL if poll_interval is None else poll_interval,
                "poll_interval",
            ),
        )

    @staticmethod
    def finished(document: collections.DocumentMetadata) -> bool:
        """Whether polling can stop: the document is indexed or failed (other states wait)."""
        return document.status in (_STATUS.PROCESSED, _STATUS.FAILED)

    @staticmethod
    def result(
        document: collections.DocumentMetadata, collection_id: str, file_id: str
    ) -> collections.DocumentMetadata:
        """The indexed document.

        Raises:
            DocumentIndexingError: Its indexing failed.
        """
        if document.status == _STATUS.FAILED:
            reason = document.error_message or "no reason given"
            raise DocumentIndexingError(
                f"Document indexing failed for {file_id} in {collection_id}: {reason}",
                collection_id=collection_id,
                file_id=file_id,
                document=document,
            )
        return document


#: Answers that say a request was refused, so it did nothing (unlike a timeout or a lost
#: connection, after which it may have been carried out).
_REFUSED = frozenset(
    {
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.NOT_FOUND,
        grpc.StatusCode.ALREADY_EXISTS,
        grpc.StatusCode.PERMISSION_DENIED,
        grpc.StatusCode.UNAUTHENTICATED,
        grpc.StatusCode.FAILED_PRECONDITION,
        grpc.StatusCode.OUT_OF_RANGE,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
    }
)


def add_was_refused(error: BaseException) -> bool:
    """Whether adding a document surely failed (so its freshly uploaded file can go)."""
    return isinstance(error, APIError) and error.code() in _REFUSED
