"""Collections requests and argument checks, without a server.

The official SDK's encodings were recorded (``xai_sdk`` 1.21, ``SerializeToString``) and are
compared message for message, decoded by the fake server's independent codec.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import grpc
import pytest

from tests.fake_server import message_class
from xai_async import DeadlineExceededError, InvalidArgumentError, UnavailableError
from xai_async import collections as area
from xai_async._core.collections import (
    COLLECTION_SORT_BY,
    DOCUMENT_SORT_BY,
    HNSW_METRIC,
    ORDER,
    RANKING_METRIC,
    DocumentIndexingError,
    IndexingWait,
    add_document_request,
    add_was_refused,
    batch_get_request,
    chunk_configuration,
    create_request,
    document_fields,
    field_definition_update,
    get_document_request,
    list_collections_request,
    list_documents_request,
    search_request,
    update_document_request,
    update_request,
)
from xai_async.proto import collections, rag, shared, xai_api

Client = area.AsyncCollectionsClient

# -- the official signatures, plus keywords at the end ------------------------------------------

P, K, E = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY, "E"


def _positional(*names: str, required: int = 0) -> list[tuple[str, Any, Any]]:
    return [(name, P, E if index < required else None) for index, name in enumerate(names)]


def _keywords(*names: str) -> list[tuple[str, Any, Any]]:
    return [(name, K, None) for name in names]


#: xai_sdk 1.21's ``aio.collections.Client``, then what this SDK adds.
OFFICIAL: dict[str, tuple[Any, list[tuple[str, Any, Any]], list[str]]] = {
    "create": (
        Client.create,
        _positional(
            "name",
            "model_name",
            "chunk_configuration",
            "metric_space",
            "field_definitions",
            "description",
            required=1,
        ),
        ["team_id", "timeout"],
    ),
    "list": (
        Client.list,
        _positional("limit", "order", "sort_by", "filter", "pagination_token"),
        ["team_id", "timeout"],
    ),
    "get": (Client.get, _positional("collection_id", required=1), ["team_id", "timeout"]),
    "update": (
        Client.update,
        _positional(
            "collection_id",
            "name",
            "chunk_configuration",
            "field_definitions",
            "description",
            required=1,
        ),
        ["team_id", "timeout"],
    ),
    "delete": (Client.delete, _positional("collection_id", required=1), ["team_id", "timeout"]),
    "search": (
        Client.search,
        [
            *_positional("query", "collection_ids", "limit", required=2),
            *_keywords("instructions", "retrieval_mode"),
        ],
        ["ranking_metric", "timeout"],
    ),
    "upload_document": (
        Client.upload_document,
        [
            *_positional("collection_id", "name", "data", "fields", required=3),
            ("wait_for_indexing", K, False),
            *_keywords("poll_interval", "timeout"),
        ],
        ["team_id"],
    ),
    "add_existing_document": (
        Client.add_existing_document,
        _positional("collection_id", "file_id", "fields", required=2),
        ["team_id", "timeout"],
    ),
    "list_documents": (
        Client.list_documents,
        _positional(
            "collection_id",
            "limit",
            "order",
            "sort_by",
            "pagination_token",
            "filter",
            required=1,
        ),
        ["team_id", "timeout"],
    ),
    "get_document": (
        Client.get_document,
        _positional("file_id", "collection_id", required=2),
        ["team_id", "timeout"],
    ),
    "batch_get_documents": (
        Client.batch_get_documents,
        _positional("collection_id", "file_ids", required=2),
        ["team_id", "timeout"],
    ),
    "update_document": (
        Client.update_document,
        _positional(
            "collection_id", "file_id", "name", "data", "content_type", "fields", required=2
        ),
        ["team_id", "timeout"],
    ),
    "remove_document": (
        Client.remove_document,
        _positional("collection_id", "file_id", required=2),
        ["team_id", "timeout"],
    ),
    "reindex_document": (
        Client.reindex_document,
        _positional("collection_id", "file_id", required=2),
        ["team_id", "timeout"],
    ),
    "generate_description": (
        Client.generate_description,
        _positional("collection_id", required=1),
        ["timeout"],
    ),
    # Not in the official SDK: iterators over every page.
    "list_all": (
        Client.list_all,
        [],
        ["page_size", "order", "sort_by", "filter", "team_id", "timeout"],
    ),
    "list_documents_all": (
        Client.list_documents_all,
        _positional("collection_id", required=1),
        ["page_size", "order", "sort_by", "filter", "team_id", "timeout"],
    ),
}


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_signatures_are_the_official_ones_plus_keywords_at_the_end(name: str) -> None:
    method, official, added = OFFICIAL[name]
    shape = [
        (p.name, p.kind, E if p.default is inspect.Parameter.empty else p.default)
        for p in list(inspect.signature(method).parameters.values())[1:]
    ]
    assert shape == [*official, *_keywords(*added)]


def test_every_public_method_is_checked() -> None:
    public = {name for name in vars(Client) if not name.startswith("_")}
    assert public == set(OFFICIAL)


def test_the_official_names_are_exported() -> None:
    for name in (
        "Order",
        "CollectionSortBy",
        "DocumentSortBy",
        "HNSWMetric",
        "DocumentRetrievalMode",
        "FieldDefinition",
        "FieldDefinitionAdd",
        "FieldDefinitionDelete",
        "FieldDefinitionUpdate",
        "ChunkConfiguration",
        "CharsConfiguration",
        "TokensConfiguration",
        "BytesConfiguration",
        "DEFAULT_INDEXING_POLL_INTERVAL",
        "DEFAULT_INDEXING_TIMEOUT",
    ):
        assert name in area.__all__, name
    assert area.DEFAULT_INDEXING_POLL_INTERVAL.total_seconds() == 10
    assert area.DEFAULT_INDEXING_TIMEOUT.total_seconds() == 120


def test_the_choice_tables() -> None:
    assert ORDER == {"asc": shared.Ordering.ASCENDING, "desc": shared.Ordering.DESCENDING}
    assert COLLECTION_SORT_BY == {
        "name": collections.CollectionsSortBy.NAME,
        "age": collections.CollectionsSortBy.AGE,
    }
    assert DOCUMENT_SORT_BY == {
        "name": collections.DocumentsSortBy.NAME,
        "size": collections.DocumentsSortBy.SIZE,
        "age": collections.DocumentsSortBy.AGE,
    }
    assert HNSW_METRIC == {
        "cosine": rag.HnswMetric.COSINE,
        "euclidean": rag.HnswMetric.EUCLIDEAN,
        "inner_product": rag.HnswMetric.INNER_PRODUCT,
    }
    assert RANKING_METRIC == {
        "l2_distance": xai_api.RankingMetric.L2_DISTANCE,
        "cosine_similarity": xai_api.RankingMetric.COSINE_SIMILARITY,
    }


# -- requests, compared with the official SDK's -----------------------------------------------

#: What xai_sdk 1.21 sends for the cases of ``CASES`` (hex of ``SerializeToString()``).
RECORDED = {
    "create": (
        "120f72657365617263682d70617065727322160a1467726f6b2d656d62656464696e672d6c6172676"
        "52a16121208f40310321a0b636c3130306b5f62617365180138034a0c0a06617574686f7210011801"
        "4a190a046973626e20012a0f54686520626f6f6b2773204953424e520e5061706572732077652072656164"
    ),
    "list": "100a180120012a03746f6b3215636f6c6c656374696f6e5f6e616d653a2253454322",
    "list_documents": (
        "120c636f6c6c656374696f6e2d311805200228013203746f6b42207374617475733a444f43554d454e"
        "545f5354415455535f50524f434553534544"
    ),
    "update": (
        "120c636f6c6c656374696f6e2d311a0772656e616d656422080a0608d00f10c8012a0a0a080a06617"
        "574686f722a0a0a060a046973626e1001320752656e616d6564"
    ),
    "search": "0a0b77686174206973206d6c3f12080a0263310a02633218052a0942652062726965662e6200",
    "update_document": (
        "120c636f6c6c656374696f6e2d311a0666696c652d312205622e7478742a036e6577320a746578742f"
        "706c61696e3a060a016b120176"
    ),
    "batch_get_documents": "120c636f6c6c656374696f6e2d311a0666696c652d311a0666696c652d32",
    "get_document": "0a0666696c652d311a0c636f6c6c656374696f6e2d31",
    "add_existing_document": "0a0666696c652d311a0c636f6c6c656374696f6e2d312a060a016b120176",
}

CASES: dict[str, tuple[str, Callable[[], Any]]] = {
    "create": (
        "collections.CreateCollectionRequest",
        lambda: create_request(
            "research-papers",
            "grok-embedding-large",
            {
                "tokens_configuration": {
                    "max_chunk_size_tokens": 500,
                    "chunk_overlap_tokens": 50,
                    "encoding_name": "cl100k_base",
                },
                "strip_whitespace": True,
            },
            "inner_product",
            [
                {"key": "author", "required": True, "inject_into_chunk": True, "unique": False},
                {"key": "isbn", "unique": True, "description": "The book's ISBN"},
            ],
            "Papers we read",
            None,
        ),
    ),
    "list": (
        "collections.ListCollectionsRequest",
        lambda: list_collections_request(
            limit=10,
            order="asc",
            sort_by="age",
            filter='collection_name:"SEC"',
            pagination_token="tok",
            team_id=None,
        ),
    ),
    "list_documents": (
        "collections.ListDocumentsRequest",
        lambda: list_documents_request(
            "collection-1",
            limit=5,
            order="desc",
            sort_by="size",
            pagination_token="tok",
            filter="status:DOCUMENT_STATUS_PROCESSED",
            team_id=None,
        ),
    ),
    "update": (
        "collections.UpdateCollectionRequest",
        lambda: update_request(
            "collection-1",
            "renamed",
            {"chars_configuration": {"max_chunk_size_chars": 2000, "chunk_overlap_chars": 200}},
            [
                {"field_definition": {"key": "author"}, "operation": "add"},
                {"key": "isbn", "operation": "delete"},
            ],
            "Renamed",
            None,
        ),
    ),
    "search": (
        "xai_api.SearchRequest",
        lambda: search_request("what is ml?", ["c1", "c2"], 5, "Be brief.", "semantic", None),
    ),
    "update_document": (
        "collections.UpdateDocumentRequest",
        lambda: update_document_request(
            "collection-1", "file-1", "b.txt", b"new", "text/plain", {"k": "v"}, None
        ),
    ),
    "batch_get_documents": (
        "collections.BatchGetDocumentsRequest",
        lambda: batch_get_request("collection-1", ["file-1", "file-2"], None),
    ),
    "get_document": (
        "collections.GetDocumentMetadataRequest",
        lambda: get_document_request("collection-1", "file-1", None),
    ),
    "add_existing_document": (
        "collections.AddDocumentToCollectionRequest",
        lambda: add_document_request("collection-1", "file-1", {"k": "v"}, None),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_requests_say_what_the_official_sdk_sends(case: str) -> None:
    message_name, build = CASES[case]
    decode = message_class(message_name).FromString
    assert decode(bytes(build())) == decode(bytes.fromhex(RECORDED[case]))


# -- argument checks ---------------------------------------------------------------------------


def test_chunk_configuration_strategies() -> None:
    chars = chunk_configuration(
        {"chars_configuration": {"max_chunk_size_chars": 10, "chunk_overlap_chars": 0}}
    )
    assert chars == rag.ChunkConfiguration(
        chars_configuration=rag.CharsConfiguration(max_chunk_size_chars=10, chunk_overlap_chars=0)
    )
    as_bytes = chunk_configuration(
        {
            "bytes_configuration": {"max_chunk_size_bytes": 8, "chunk_overlap_bytes": 2},
            "inject_name_into_chunks": True,
        }
    )
    assert as_bytes is not None
    assert as_bytes.bytes_configuration == rag.BytesConfiguration(
        max_chunk_size_bytes=8, chunk_overlap_bytes=2
    )
    assert as_bytes.inject_name_into_chunks
    message = rag.ChunkConfiguration(strip_whitespace=True)
    assert chunk_configuration(message) is message  # a message goes as it is
    assert chunk_configuration(None) is None


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ({"tokens_configuration": {"max_chunk_size_tokens": 5, "chunk_overlap_tokens": 1}},
         TypeError, "encoding_name"),
        ({"chars_configuration": {"max_chunk_size_chars": 0, "chunk_overlap_chars": 0}},
         ValueError, "max_chunk_size_chars"),
        ({"chars_configuration": {"max_chunk_size_chars": 5, "chunk_overlap_chars": -1}},
         ValueError, "chunk_overlap_chars"),
        ({"chars_configuration": {"max_chunk_size_chars": True, "chunk_overlap_chars": 0}},
         TypeError, "max_chunk_size_chars"),
        ({"chars_configuration": "big"}, TypeError, "chars_configuration"),
        ({"chars_configuration": None}, ValueError, "exactly one"),
        ({"strip_whitespace": 1, "chars_configuration": {"max_chunk_size_chars": 5,
          "chunk_overlap_chars": 0}}, TypeError, "strip_whitespace"),
    ],
)  # fmt: skip
def test_bad_chunk_configurations(value: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        chunk_configuration(value)


def test_field_definition_updates() -> None:
    add = field_definition_update({"field_definition": {"key": "a"}, "operation": "add"})
    assert add.operation == collections.FieldDefinitionOperation.FIELD_DEFINITION_ADD
    assert add.field_definition == collections.FieldDefinition(key="a")
    with pytest.raises(ValueError, match="unknown key"):
        field_definition_update({"key": "a", "operation": "add"})
    with pytest.raises(ValueError, match="unknown key"):
        field_definition_update({"key": "a", "operation": "delete", "extra": 1})
    with pytest.raises(TypeError, match="dicts"):
        field_definition_update("a")


def test_document_fields() -> None:
    assert document_fields(None) == {}
    assert document_fields({"a": "1"}) == {"a": "1"}
    with pytest.raises(TypeError, match=r"fields\['a'\]"):
        document_fields({"a": 1})
    with pytest.raises(TypeError, match="fields key"):
        document_fields({1: "a"})


def test_unset_list_arguments_stay_unset() -> None:
    request = list_collections_request(
        limit=None, order=None, sort_by=None, filter="", pagination_token="", team_id=None
    )
    assert request == collections.ListCollectionsRequest()
    # Unlike the official SDK, which sends ORDERING_UNKNOWN and SORT_BY_NAME for None.
    assert bytes(request) == b""


def test_search_retrieval_messages_go_as_they_are() -> None:
    keyword = xai_api.KeywordRetrieval(reranker=xai_api.RerankerModel(model="r"))
    request = search_request("q", ["c"], None, None, keyword, None)
    assert request.keyword_retrieval is keyword
    assert request.hybrid_retrieval is None
    assert request.semantic_retrieval is None


def test_indexing_wait() -> None:
    default = IndexingWait.create(None, None)
    assert (default.timeout, default.interval) == (120.0, 10.0)
    wait = IndexingWait.create(timedelta(seconds=1), 5)
    assert (wait.timeout, wait.interval) == (5.0, 1.0)
    with pytest.raises(ValueError, match="poll_interval"):
        IndexingWait.create(0, None)
    status = collections.DocumentStatus
    for state in (status.PROCESSING, status.CHUNKED, status.EMBEDDING, status.WRITING, 0):
        assert not wait.finished(collections.DocumentMetadata(status=state))
    done = collections.DocumentMetadata(status=status.PROCESSED)
    assert wait.finished(done)
    assert wait.result(done, "c", "f") is done
    failed = collections.DocumentMetadata(status=status.FAILED, error_message="bad pdf")
    assert wait.finished(failed)
    with pytest.raises(DocumentIndexingError, match="f in c: bad pdf") as caught:
        wait.result(failed, "c", "f")
    assert caught.value.document is failed


def test_only_a_refused_add_lets_the_uploaded_file_go() -> None:
    def error(kind: type[Exception], code: grpc.StatusCode) -> Exception:
        return kind(code, None, None, "details", method="/collections.Collections/Add")

    assert add_was_refused(error(InvalidArgumentError, grpc.StatusCode.INVALID_ARGUMENT))
    # After these the document may have been added all the same: its file stays.
    assert not add_was_refused(error(DeadlineExceededError, grpc.StatusCode.DEADLINE_EXCEEDED))
    assert not add_was_refused(error(UnavailableError, grpc.StatusCode.UNAVAILABLE))
    assert not add_was_refused(ValueError("not an RPC error"))
