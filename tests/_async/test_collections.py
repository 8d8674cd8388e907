"""``client.collections`` against the fake server: collections, documents, search, keys, hosts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.fake_server import API_KEY, MANAGEMENT_KEY, FakeXai, enum_name
from xai_async import (
    AsyncClient,
    AuthenticationError,
    DeadlineExceededError,
    InvalidArgumentError,
    NotFoundError,
    PollTimeoutError,
)
from xai_async.collections import DocumentIndexingError
from xai_async.proto import collections, rag, shared, xai_api

ML = b"Machine learning fundamentals\n\nMachine learning builds systems that learn from data."
CATS = b"Cats\n\nCats sleep most of the day and purr when content."


@pytest.fixture
def kwargs(fake_xai: FakeXai) -> dict[str, Any]:
    """Both hosts on the fake server, each with its own key."""
    return {
        "api_key": API_KEY,
        "management_api_key": MANAGEMENT_KEY,
        "api_host": fake_xai.address,
        "management_api_host": fake_xai.address,
        "use_insecure_channel": True,
    }


def store(server: FakeXai) -> Any:
    return server.servicer("collections.Collections")


def methods(server: FakeXai) -> list[str]:
    return [call.method for call in server.received]


def requests(server: FakeXai, name: str) -> list[Any]:
    return [call.request for call in server.received if call.method == name]


def status(document: collections.DocumentMetadata) -> str:
    return document.status.name


async def new_collection(client: AsyncClient, name: str = "papers", **extra: Any) -> str:
    created = await client.collections.create(name, **extra)
    return created.collection_id


# -- keys and hosts ----------------------------------------------------------------------------


async def test_management_calls_carry_the_management_key_others_the_api_key(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        await client.collections.upload_document(collection_id, "ml.txt", ML)
        await client.collections.search("machine learning", [collection_id])
    keys = {call.method: call.metadata["authorization"] for call in fake_xai.received}
    assert methods(fake_xai) == [
        "CreateCollection",
        "GetCollectionMetadata",
        "UploadFile",
        "AddDocumentToCollection",
        "GetDocumentMetadata",
        "Search",
    ]
    management = f"Bearer {MANAGEMENT_KEY}"
    assert keys == {
        "CreateCollection": management,
        "GetCollectionMetadata": management,
        "UploadFile": f"Bearer {API_KEY}",
        "AddDocumentToCollection": management,
        "GetDocumentMetadata": management,
        "Search": f"Bearer {API_KEY}",
    }


async def test_without_a_management_key_management_calls_fail_before_sending(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    calls: list[Any] = []
    async with AsyncClient(**client_kwargs) as client:
        collections_client = client.collections
        calls = [
            lambda: collections_client.create("papers"),
            lambda: collections_client.list(),
            lambda: collections_client.get("c"),
            lambda: collections_client.update("c", name="n"),
            lambda: collections_client.delete("c"),
            lambda: collections_client.generate_description("c"),
            lambda: collections_client.upload_document("c", "a.txt", b"data"),
            lambda: collections_client.add_existing_document("c", "f"),
            lambda: collections_client.list_documents("c"),
            lambda: collections_client.get_document("f", "c"),
            lambda: collections_client.batch_get_documents("c", ["f"]),
            lambda: collections_client.update_document("c", "f", name="n"),
            lambda: collections_client.remove_document("c", "f"),
            lambda: collections_client.reindex_document("c", "f"),
        ]
        for call in calls:
            with pytest.raises(ValueError, match="management_api_key") as caught:
                await call()
            assert "XAI_MANAGEMENT_KEY" in str(caught.value)
        with pytest.raises(ValueError, match="XAI_MANAGEMENT_KEY"):
            async for _ in collections_client.list_all():
                pass
        # Search is on the API host: it needs no management key.
        with pytest.raises(NotFoundError):
            await collections_client.search("anything", ["c"])
    # Nothing else went out, not even the upload of upload_document.
    assert methods(fake_xai) == ["Search"]


async def test_the_management_key_is_read_from_the_environment(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XAI_MANAGEMENT_KEY", MANAGEMENT_KEY)
    monkeypatch.setenv("XAI_MANAGEMENT_API_HOST", fake_xai.address)
    async with AsyncClient(**client_kwargs) as client:
        created = await client.collections.create("from-env")
    assert created.collection_name == "from-env"
    assert fake_xai.received[0].metadata["authorization"] == f"Bearer {MANAGEMENT_KEY}"


async def test_the_api_key_is_no_management_key(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**{**kwargs, "management_api_key": API_KEY}) as client:
        with pytest.raises(AuthenticationError, match="management key"):
            await client.collections.list()


# -- collections -------------------------------------------------------------------------------


async def test_create_sends_every_argument_and_returns_the_metadata(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**kwargs) as client:
        created = await client.collections.create(
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
            team_id="team-7",
        )
    (request,) = requests(fake_xai, "CreateCollection")
    assert request.collection_name == "research-papers"
    assert request.index_configuration.model_name == "grok-embedding-large"
    tokens = request.chunk_configuration.tokens_configuration
    assert (tokens.max_chunk_size_tokens, tokens.chunk_overlap_tokens) == (500, 50)
    assert tokens.encoding_name == "cl100k_base"
    assert request.chunk_configuration.strip_whitespace
    assert not request.chunk_configuration.inject_name_into_chunks
    assert enum_name("rag.HNSWMetric", request.metric_space) == "HNSW_METRIC_INNER_PRODUCT"
    author, isbn = request.field_definitions
    assert (author.key, author.required, author.inject_into_chunk, author.unique) == (
        "author",
        True,
        True,
        False,
    )
    assert (isbn.key, isbn.required, isbn.unique, isbn.description) == (
        "isbn",
        False,
        True,
        "The book's ISBN",
    )
    assert request.collection_description == "Papers we read"
    assert request.team_id == "team-7"
    assert isinstance(created, collections.CollectionMetadata)
    assert created.collection_id == "collection-1"
    assert created.collection_name == "research-papers"
    assert created.index_configuration is not None
    assert created.index_configuration.model_name == "grok-embedding-large"
    assert [field.key for field in created.field_definitions] == ["author", "isbn"]
    assert created.collection_description == "Papers we read"
    assert created.created_at is not None
    assert created.documents_count == 0


async def test_create_with_only_a_name_leaves_the_rest_to_the_server(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**kwargs) as client:
        created = await client.collections.create("plain")
    (request,) = requests(fake_xai, "CreateCollection")
    for name in (
        "team_id",
        "index_configuration",
        "chunk_configuration",
        "metric_space",
        "collection_description",
    ):
        assert not request.HasField(name), name
    assert list(request.field_definitions) == []
    assert created.index_configuration is not None
    assert created.index_configuration.model_name == "grok-embedding-small"  # the default
    assert created.chunk_configuration is not None


async def test_create_takes_the_proto_messages_too(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    chunking = rag.ChunkConfiguration(
        bytes_configuration=rag.BytesConfiguration(max_chunk_size_bytes=64, chunk_overlap_bytes=8),
        inject_name_into_chunks=True,
    )
    async with AsyncClient(**kwargs) as client:
        await client.collections.create(
            "protos",
            chunk_configuration=chunking,
            metric_space=rag.HnswMetric.EUCLIDEAN,
            field_definitions=[collections.FieldDefinition(key="sku", unique=True)],
        )
    (request,) = requests(fake_xai, "CreateCollection")
    assert request.chunk_configuration.bytes_configuration.max_chunk_size_bytes == 64
    assert request.chunk_configuration.inject_name_into_chunks
    assert enum_name("rag.HNSWMetric", request.metric_space) == "HNSW_METRIC_EUCLIDEAN"
    assert request.field_definitions[0].key == "sku"
    assert request.field_definitions[0].unique


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"name": ""}, ValueError, "`name`"),
        ({"name": 3}, TypeError, "`name`"),
        ({"chunk_configuration": {}}, ValueError, "exactly one"),
        (
            {
                "chunk_configuration": {
                    "chars_configuration": {"max_chunk_size_chars": 9, "chunk_overlap_chars": 1},
                    "bytes_configuration": {"max_chunk_size_bytes": 9, "chunk_overlap_bytes": 1},
                }
            },
            ValueError,
            "exactly one",
        ),
        (
            {"chunk_configuration": {"chars_configuration": {"max_chunk_size_chars": 10}}},
            TypeError,
            "chunk_overlap_chars",
        ),
        (
            {
                "chunk_configuration": {
                    "chars_configuration": {"max_chunk_size_chars": 10, "chunk_overlap_chars": 10}
                }
            },
            ValueError,
            "overlap",
        ),
        ({"chunk_configuration": {"sizes": 1}}, ValueError, "unknown key"),
        ({"chunk_configuration": "chars"}, TypeError, "chunk_configuration"),
        ({"metric_space": "manhattan"}, ValueError, "metric_space"),
        ({"metric_space": rag.HnswMetric.UNKNOWN}, ValueError, "metric_space"),
        ({"field_definitions": [{"required": True}]}, TypeError, r"field_definitions\[0\]"),
        ({"field_definitions": [{"key": "a", "required": "yes"}]}, TypeError, "required"),
        ({"field_definitions": [{"key": "a", "kind": "text"}]}, ValueError, "unknown key"),
        ({"field_definitions": {"key": "a"}}, TypeError, "field_definitions"),
        ({"description": 5}, TypeError, "description"),
        ({"team_id": " "}, ValueError, "team_id"),
        ({"timeout": 0}, ValueError, "timeout"),
    ],
)
async def test_create_checks_its_arguments_before_sending(
    fake_xai: FakeXai,
    kwargs: dict[str, Any],
    arguments: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**kwargs) as client:
        with pytest.raises(error, match=match):
            await client.collections.create(**{"name": "ok", **arguments})
    assert dict(fake_xai.attempts) == {}


async def test_get_update_and_delete_a_collection(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(
            client, field_definitions=[{"key": "isbn"}, {"key": "year"}]
        )
        await client.collections.upload_document(collection_id, "a.txt", ML, {"isbn": "1"})
        fetched = await client.collections.get(collection_id, team_id="team-1")
        updated = await client.collections.update(
            collection_id,
            name="renamed",
            chunk_configuration={
                "chars_configuration": {"max_chunk_size_chars": 2000, "chunk_overlap_chars": 200}
            },
            field_definitions=[
                {"field_definition": {"key": "author", "required": False}, "operation": "add"},
                {"key": "isbn", "operation": "delete"},
                collections.FieldDefinitionUpdate(
                    field_definition=collections.FieldDefinition(key="year"),
                    operation=collections.FieldDefinitionOperation.FIELD_DEFINITION_DELETE,
                ),
            ],
            description="Renamed papers",
        )
        document = (await client.collections.list_documents(collection_id)).documents[0]
        await client.collections.delete(collection_id)
        with pytest.raises(NotFoundError, match=collection_id):
            await client.collections.get(collection_id)
    assert fetched.collection_name == "papers"
    assert fetched.documents_count == 1
    assert fetched.total_file_size == len(ML)
    assert requests(fake_xai, "GetCollectionMetadata")[1].team_id == "team-1"
    (request,) = requests(fake_xai, "UpdateCollection")
    assert request.collection_id == collection_id
    assert request.collection_name == "renamed"
    assert request.chunk_configuration.chars_configuration.max_chunk_size_chars == 2000
    add, delete, delete_year = request.field_definition_updates
    assert (add.field_definition.key, add.operation) == ("author", 0)
    assert enum_name("collections.FieldDefinitionOperation", delete.operation) == (
        "FIELD_DEFINITION_DELETE"
    )
    assert (delete.field_definition.key, delete_year.field_definition.key) == ("isbn", "year")
    assert request.collection_description == "Renamed papers"
    assert updated.collection_name == "renamed"
    assert [field.key for field in updated.field_definitions] == ["author"]
    assert updated.collection_description == "Renamed papers"
    assert updated.chunk_configuration is not None
    assert updated.chunk_configuration.chars_configuration is not None
    assert updated.chunk_configuration.chars_configuration.chunk_overlap_chars == 200
    assert document.fields == {}  # deleting the definition removed the field
    assert requests(fake_xai, "DeleteCollection")[0].collection_id == collection_id
    assert store(fake_xai).collections == {}


async def test_update_needs_something_to_change(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**kwargs) as client:
        with pytest.raises(ValueError, match="Nothing to update"):
            await client.collections.update("collection-1")
        with pytest.raises(ValueError, match="'add' or 'delete'"):
            await client.collections.update(
                "collection-1",
                field_definitions=[{"key": "a", "operation": "rename"}],  # type: ignore[list-item]
            )
        with pytest.raises(ValueError, match="collection_id"):
            await client.collections.update("", name="x")
    assert dict(fake_xai.attempts) == {}


async def test_unknown_collections_are_not_found(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**kwargs) as client:
        with pytest.raises(NotFoundError):
            await client.collections.delete("collection-404")
        with pytest.raises(NotFoundError):
            await client.collections.update("collection-404", name="x")
        with pytest.raises(NotFoundError):
            await client.collections.list_documents("collection-404")


async def test_generate_description(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    store(fake_xai).indexing_polls = 0
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        empty = await client.collections.generate_description(collection_id)
        await client.collections.upload_document(collection_id, "ml.txt", ML)
        await client.collections.upload_document(collection_id, "cats.txt", CATS)
        described = await client.collections.generate_description(collection_id)
    assert empty == ""
    assert described == "2 documents: cats.txt, ml.txt."
    requested = requests(fake_xai, "GenerateCollectionDescription")
    assert [r.collection_id for r in requested] == [collection_id] * 2


# -- listing and pages -------------------------------------------------------------------------


async def test_list_sends_its_arguments_and_pages(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**kwargs) as client:
        for name in ("delta", "alpha", "charlie", "bravo", "echo"):
            await new_collection(client, name)
        first = await client.collections.list(2, "asc", "name", None, None, team_id="team-2")
        second = await client.collections.list(
            limit=2, order="asc", sort_by="name", pagination_token=first.pagination_token
        )
        third = await client.collections.list(
            2,
            shared.Ordering.ASCENDING,
            collections.CollectionsSortBy.NAME,
            pagination_token=second.pagination_token,
        )
        newest = await client.collections.list(order="desc", sort_by="age", limit=1)
        filtered = await client.collections.list(filter='collection_name:"ar"')
        unfiltered = await client.collections.list()

    def names(page: collections.ListCollectionsResponse) -> list[str]:
        return [collection.collection_name for collection in page.collections]

    assert names(first) == ["alpha", "bravo"]
    assert names(second) == ["charlie", "delta"]
    assert names(third) == ["echo"]
    assert first.pagination_token
    assert third.pagination_token is None
    assert names(newest) == ["echo"]
    assert names(filtered) == ["charlie"]
    assert len(unfiltered.collections) == 5
    sent = requests(fake_xai, "ListCollections")
    assert (sent[0].limit, sent[0].team_id) == (2, "team-2")
    assert enum_name("shared.Ordering", sent[0].order) == "ORDERING_ASCENDING"
    assert sent[0].HasField("sort_by")
    assert enum_name("collections.CollectionsSortBy", sent[0].sort_by) == "COLLECTIONS_SORT_BY_NAME"
    assert not sent[0].HasField("pagination_token")
    assert sent[1].pagination_token == first.pagination_token
    assert enum_name("collections.CollectionsSortBy", sent[3].sort_by) == "COLLECTIONS_SORT_BY_AGE"
    assert enum_name("shared.Ordering", sent[3].order) == "ORDERING_DESCENDING"
    assert sent[4].filter == 'collection_name:"ar"'
    for name in ("limit", "order", "sort_by", "filter", "pagination_token", "team_id"):
        assert not sent[5].HasField(name), name


async def test_list_all_walks_every_page(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**kwargs) as client:
        for number in range(5):
            await new_collection(client, f"c{number}")
        names = [c.collection_name async for c in client.collections.list_all(page_size=2)]
        pager = client.collections.list_all(page_size=3, order="desc", sort_by="age")
        first = await pager.next_page()
        second = await pager.next_page()
        end = await pager.next_page()
        with pytest.raises(ValueError, match="page_size"):
            client.collections.list_all(page_size=0)
    assert names == ["c0", "c1", "c2", "c3", "c4"]
    assert first is not None
    assert second is not None
    assert [c.collection_name for c in first.collections] == ["c4", "c3", "c2"]
    assert [c.collection_name for c in second.collections] == ["c1", "c0"]
    assert end is None
    sent = requests(fake_xai, "ListCollections")
    assert [r.limit for r in sent] == [2, 2, 2, 3, 3]
    assert [r.HasField("pagination_token") for r in sent] == [False, True, True, False, True]


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"limit": 0}, ValueError, "limit"),
        ({"limit": "10"}, TypeError, "limit"),
        ({"order": "up"}, ValueError, "order"),
        ({"sort_by": "size"}, ValueError, "sort_by"),  # documents only
        ({"sort_by": collections.DocumentsSortBy.SIZE}, ValueError, "sort_by"),
        ({"filter": 1}, TypeError, "filter"),
    ],
)
async def test_list_checks_its_arguments(
    fake_xai: FakeXai,
    kwargs: dict[str, Any],
    arguments: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**kwargs) as client:
        with pytest.raises(error, match=match):
            await client.collections.list(**arguments)
    assert dict(fake_xai.attempts) == {}


# -- documents ---------------------------------------------------------------------------------


async def test_upload_document_without_waiting(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client, field_definitions=[{"key": "author"}])
        document = await client.collections.upload_document(
            collection_id, "ml.txt", ML, {"author": "Ada"}, team_id="team-3"
        )
    assert methods(fake_xai) == [
        "CreateCollection",
        "GetCollectionMetadata",
        "UploadFile",
        "AddDocumentToCollection",
        "GetDocumentMetadata",
    ]
    assert fake_xai.uploads == [ML]
    (add,) = requests(fake_xai, "AddDocumentToCollection")
    assert (add.collection_id, add.file_id, dict(add.fields), add.team_id) == (
        collection_id,
        "file-1",
        {"author": "Ada"},
        "team-3",
    )
    (get,) = requests(fake_xai, "GetDocumentMetadata")
    assert (get.collection_id, get.file_id, get.team_id) == (collection_id, "file-1", "team-3")
    assert isinstance(document, collections.DocumentMetadata)
    assert document.file_metadata is not None
    assert document.file_metadata.file_id == "file-1"
    assert document.file_metadata.name == "ml.txt"
    assert document.file_metadata.size_bytes == len(ML)
    assert document.file_metadata.content_type == "text/plain"
    assert document.fields == {"author": "Ada"}
    assert status(document) == "PROCESSING"  # not indexed yet


async def test_upload_document_waits_for_indexing(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    store(fake_xai).indexing_polls = 4
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        document = await client.collections.upload_document(
            collection_id,
            "ml.txt",
            ML,
            wait_for_indexing=True,
            poll_interval=timedelta(milliseconds=10),
            timeout=timedelta(seconds=30),
        )
        again = await client.collections.upload_document(
            collection_id, "cats.txt", CATS, wait_for_indexing=True, poll_interval=0.01, timeout=30
        )
    # Four answers still in progress (PROCESSING, CHUNKED, EMBEDDING, WRITING), then done.
    assert methods(fake_xai).count("GetDocumentMetadata") == 10
    assert status(document) == "PROCESSED"
    assert status(again) == "PROCESSED"
    assert document.chunk_count == 2
    assert document.last_indexed_at is not None
    assert again.file_metadata is not None
    assert again.file_metadata.name == "cats.txt"


async def test_waiting_for_indexing_times_out(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    store(fake_xai).indexing_polls = 1_000_000
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        with pytest.raises(PollTimeoutError, match=r"indexing of document file-1"):
            await client.collections.upload_document(
                collection_id,
                "ml.txt",
                ML,
                wait_for_indexing=True,
                poll_interval=0.02,
                timeout=0.2,
            )
    polls = methods(fake_xai).count("GetDocumentMetadata")
    assert 2 <= polls <= 11


async def test_a_failed_indexing_raises(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    store(fake_xai).indexing_error = "unsupported format"
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        with pytest.raises(DocumentIndexingError, match="unsupported format") as caught:
            await client.collections.upload_document(
                collection_id, "ml.bin", ML, wait_for_indexing=True, poll_interval=0.01
            )
    assert isinstance(caught.value, ValueError)  # as the official SDK raises
    assert (caught.value.collection_id, caught.value.file_id) == (collection_id, "file-1")
    assert caught.value.document.status == collections.DocumentStatus.FAILED


async def test_upload_document_into_an_unknown_collection_uploads_nothing(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**kwargs) as client:
        with pytest.raises(NotFoundError, match="collection-9"):
            await client.collections.upload_document("collection-9", "ml.txt", ML)
    assert methods(fake_xai) == ["GetCollectionMetadata"]
    assert fake_xai.uploads == []


async def test_a_document_the_collection_refuses_leaves_no_file(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(
            client, field_definitions=[{"key": "author", "required": True}]
        )
        with pytest.raises(InvalidArgumentError, match="author"):
            await client.collections.upload_document(collection_id, "ml.txt", ML)
    assert methods(fake_xai)[-3:] == ["UploadFile", "AddDocumentToCollection", "DeleteFile"]
    assert requests(fake_xai, "DeleteFile")[0].file_id == "file-1"
    assert fake_xai.servicer("xai_api.Files").store.files == {}


async def test_upload_document_from_a_path(
    fake_xai: FakeXai, kwargs: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(CATS)
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        document = await client.collections.upload_document(collection_id, "cats.md", path)
    assert fake_xai.uploads == [CATS]
    assert document.file_metadata is not None
    assert document.file_metadata.name == "cats.md"  # ``name`` wins over the path's


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"collection_id": ""}, ValueError, "collection_id"),
        ({"name": None}, TypeError, "name"),
        ({"data": 3}, TypeError, "`data`"),
        ({"data": "/no/such/file.txt"}, FileNotFoundError, "data"),
        ({"fields": {"author": 1}}, TypeError, "fields"),
        ({"fields": ["author"]}, TypeError, "fields"),
        ({"fields": {"": "x"}}, ValueError, "fields"),
        ({"wait_for_indexing": "yes"}, TypeError, "wait_for_indexing"),
        ({"poll_interval": 0}, ValueError, "poll_interval"),
        ({"timeout": -1}, ValueError, "timeout"),
        ({"timeout": "2m"}, TypeError, "timeout"),
    ],
)
async def test_upload_document_checks_its_arguments_before_sending(
    fake_xai: FakeXai,
    kwargs: dict[str, Any],
    arguments: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    call = {"collection_id": "collection-1", "name": "a.txt", "data": b"x", **arguments}
    async with AsyncClient(**kwargs) as client:
        with pytest.raises(error, match=match):
            await client.collections.upload_document(**call)
    assert dict(fake_xai.attempts) == {}


async def test_add_existing_document_and_get_it(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        file = await client.files.upload(ML, filename="ml.txt")
        await client.collections.add_existing_document(
            collection_id, file.id, {"source": "upload"}, team_id="team-4"
        )
        document = await client.collections.get_document(file.id, collection_id)
        with pytest.raises(NotFoundError, match="file-404"):
            await client.collections.add_existing_document(collection_id, "file-404")
        with pytest.raises(NotFoundError, match="file-404"):
            await client.collections.get_document("file-404", collection_id)
    (add, _) = requests(fake_xai, "AddDocumentToCollection")
    assert (add.collection_id, add.file_id, dict(add.fields), add.team_id) == (
        collection_id,
        file.id,
        {"source": "upload"},
        "team-4",
    )
    get = requests(fake_xai, "GetDocumentMetadata")[0]
    assert (get.file_id, get.collection_id) == (file.id, collection_id)  # official order
    assert not get.HasField("team_id")
    assert document.file_metadata is not None
    assert document.file_metadata.file_id == file.id
    assert document.fields == {"source": "upload"}


async def test_list_documents_sorts_filters_and_pages(
    fake_xai: FakeXai, kwargs: dict[str, Any]
) -> None:
    store(fake_xai).indexing_polls = 0
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        for name, data in (("b.txt", b"bb"), ("a.txt", b"aaaa"), ("c.txt", b"c")):
            await client.collections.upload_document(collection_id, name, data, {"n": name[0]})
        by_size = await client.collections.list_documents(collection_id, 2, "desc", "size")
        rest = await client.collections.list_documents(
            collection_id,
            limit=2,
            order="desc",
            sort_by="size",
            pagination_token=by_size.pagination_token,
            team_id="team-5",
        )
        newest = await client.collections.list_documents(
            collection_id, order="desc", sort_by=collections.DocumentsSortBy.AGE
        )
        by_field = await client.collections.list_documents(
            collection_id, filter='fields.n:"c" AND status:DOCUMENT_STATUS_PROCESSED'
        )
        names = [
            document.file_metadata.name
            async for document in client.collections.list_documents_all(
                collection_id, page_size=1, sort_by="name"
            )
            if document.file_metadata is not None
        ]

    def listed(page: collections.ListDocumentsResponse) -> list[str]:
        return [d.file_metadata.name for d in page.documents if d.file_metadata is not None]

    assert listed(by_size) == ["a.txt", "b.txt"]
    assert listed(rest) == ["c.txt"]
    assert rest.pagination_token is None
    assert listed(newest) == ["c.txt", "a.txt", "b.txt"]
    assert listed(by_field) == ["c.txt"]
    assert names == ["a.txt", "b.txt", "c.txt"]
    sent = requests(fake_xai, "ListDocuments")
    assert (sent[0].collection_id, sent[0].limit) == (collection_id, 2)
    assert enum_name("collections.DocumentsSortBy", sent[0].sort_by) == "DOCUMENTS_SORT_BY_SIZE"
    assert enum_name("shared.Ordering", sent[0].order) == "ORDERING_DESCENDING"
    assert (sent[1].pagination_token, sent[1].team_id) == (by_size.pagination_token, "team-5")
    assert enum_name("collections.DocumentsSortBy", sent[2].sort_by) == "DOCUMENTS_SORT_BY_AGE"
    assert sent[3].filter == 'fields.n:"c" AND status:DOCUMENT_STATUS_PROCESSED'
    assert [r.limit for r in sent[4:]] == [1, 1, 1]
    assert [r.HasField("pagination_token") for r in sent[4:]] == [False, True, True]


async def test_batch_get_documents(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        first = await client.collections.upload_document(collection_id, "ml.txt", ML)
        second = await client.collections.upload_document(collection_id, "cats.txt", CATS)
        assert first.file_metadata is not None
        assert second.file_metadata is not None
        ids = [second.file_metadata.file_id, first.file_metadata.file_id]
        found = await client.collections.batch_get_documents(collection_id, ids)
        with pytest.raises(ValueError, match="file_ids"):
            await client.collections.batch_get_documents(collection_id, [])
        with pytest.raises(TypeError, match="file_ids"):
            await client.collections.batch_get_documents(collection_id, "file-1")
        with pytest.raises(NotFoundError, match="file-404"):
            await client.collections.batch_get_documents(collection_id, ["file-404"])
    assert isinstance(found, collections.BatchGetDocumentsResponse)
    assert [d.file_metadata.name for d in found.documents if d.file_metadata] == [
        "cats.txt",
        "ml.txt",
    ]
    (request, _) = requests(fake_xai, "BatchGetDocuments")
    assert (request.collection_id, list(request.file_ids)) == (collection_id, ids)


async def test_update_document(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    store(fake_xai).indexing_polls = 0
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        await client.collections.upload_document(collection_id, "ml.txt", ML, {"v": "1"})
        updated = await client.collections.update_document(
            collection_id,
            "file-1",
            "ml-2.txt",
            b"New content.",
            "text/markdown",
            {"v": "2", "reviewed": "yes"},
        )
        renamed = await client.collections.update_document(
            collection_id, "file-1", name="ml-3.txt", team_id="team-6"
        )
        with pytest.raises(TypeError, match="data"):
            await client.collections.update_document(
                collection_id,
                "file-1",
                data="text",  # type: ignore[arg-type]
            )
    first, second = requests(fake_xai, "UpdateDocument")
    assert (first.collection_id, first.file_id, first.name) == (collection_id, "file-1", "ml-2.txt")
    assert (first.data, first.content_type) == (b"New content.", "text/markdown")
    assert dict(first.fields) == {"v": "2", "reviewed": "yes"}
    assert not first.HasField("team_id")
    assert second.name == "ml-3.txt"
    assert second.team_id == "team-6"
    for name in ("data", "content_type"):
        assert not second.HasField(name), name
    assert dict(second.fields) == {}
    assert updated.file_metadata is not None
    assert updated.file_metadata.name == "ml-2.txt"
    assert updated.file_metadata.size_bytes == len(b"New content.")
    assert updated.file_metadata.content_type == "text/markdown"
    assert updated.fields == {"v": "2", "reviewed": "yes"}
    assert renamed.file_metadata is not None
    assert renamed.file_metadata.name == "ml-3.txt"


async def test_remove_and_reindex_a_document(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    store(fake_xai).indexing_polls = 0
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        await client.collections.upload_document(collection_id, "ml.txt", ML)
        store(fake_xai).indexing_polls = 2
        await client.collections.reindex_document(collection_id, "file-1")
        after = await client.collections.get_document("file-1", collection_id)
        await client.collections.remove_document(collection_id, "file-1", team_id="team-8")
        with pytest.raises(NotFoundError):
            await client.collections.get_document("file-1", collection_id)
        with pytest.raises(NotFoundError):
            await client.collections.remove_document(collection_id, "file-1")
        with pytest.raises(NotFoundError):
            await client.collections.reindex_document(collection_id, "file-1")
        collection = await client.collections.get(collection_id)
    assert status(after) == "PROCESSING"  # indexing again
    (reindex, _) = requests(fake_xai, "ReIndexDocument")
    assert (reindex.collection_id, reindex.file_id) == (collection_id, "file-1")
    remove = requests(fake_xai, "RemoveDocumentFromCollection")[0]
    assert (remove.collection_id, remove.file_id, remove.team_id) == (
        collection_id,
        "file-1",
        "team-8",
    )
    assert collection.documents_count == 0
    # Removed from the collection, the file stays in the Files API.
    assert "file-1" in fake_xai.servicer("xai_api.Files").store.files


# -- search ------------------------------------------------------------------------------------


async def test_search_sends_its_arguments(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**kwargs) as client:
        ml = await new_collection(client, "ml")
        pets = await new_collection(client, "pets")
        await client.collections.upload_document(ml, "ml.txt", ML)
        await client.collections.upload_document(pets, "cats.txt", CATS)
        with pytest.warns(DeprecationWarning, match="ranking_metric"):  # by the API
            found = await client.collections.search(
                "machine learning systems",
                [ml, pets],
                5,
                instructions="Prefer definitions.",
                retrieval_mode="keyword",
                ranking_metric="cosine_similarity",
            )
        semantic = await client.collections.search("cats", [ml, pets], retrieval_mode="semantic")
        tuned = await client.collections.search(
            "cats", (pets,), retrieval_mode=xai_api.HybridRetrieval(search_multiplier=3)
        )
        plain = await client.collections.search("purr", [pets], timeout=10)
    first, second, third, fourth = requests(fake_xai, "Search")
    assert first.query == "machine learning systems"
    assert list(first.source.collection_ids) == [ml, pets]
    assert (first.limit, first.instructions) == (5, "Prefer definitions.")
    assert first.WhichOneof("retrieval_mode") == "keyword_retrieval"
    assert enum_name("xai_api.RankingMetric", first.ranking_metric) == (
        "RANKING_METRIC_COSINE_SIMILARITY"
    )
    assert second.WhichOneof("retrieval_mode") == "semantic_retrieval"
    assert third.WhichOneof("retrieval_mode") == "hybrid_retrieval"
    assert third.hybrid_retrieval.search_multiplier == 3
    assert fourth.WhichOneof("retrieval_mode") is None
    for name in ("limit", "instructions", "ranking_metric"):
        assert not fourth.HasField(name), name
    assert fake_xai.servicer("xai_api.Documents").searches == [
        ("machine learning systems", "keyword"),
        ("cats", "semantic"),
        ("cats", "hybrid"),
        ("purr", "hybrid"),
    ]
    assert isinstance(found, xai_api.SearchResponse)
    best = found.matches[0]
    assert best.file_id == "file-1"
    assert best.chunk_content == "Machine learning builds systems that learn from data."
    assert best.collection_ids == [ml]
    assert best.score == pytest.approx(1.0)
    assert [m.file_id for m in semantic.matches] == ["file-2", "file-2"]
    assert tuned.matches[0].chunk_content == "Cats"
    assert [m.chunk_id for m in plain.matches] == ["file-2-chunk-1"]


async def test_search_honours_the_limit(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    text = "\n\n".join(f"note {n} about search" for n in range(12)).encode()
    async with AsyncClient(**kwargs) as client:
        collection_id = await new_collection(client)
        await client.collections.upload_document(collection_id, "notes.txt", text)
        three = await client.collections.search("search", [collection_id], limit=3)
        default = await client.collections.search("search", [collection_id])
    assert len(three.matches) == 3
    assert len(default.matches) == 10  # the server's default


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"query": " "}, ValueError, "query"),
        ({"query": None}, TypeError, "query"),
        ({"collection_ids": []}, ValueError, "collection_ids"),
        ({"collection_ids": "c1"}, TypeError, "collection_ids"),
        ({"collection_ids": None}, TypeError, "collection_ids"),
        ({"collection_ids": [""]}, ValueError, "collection_ids"),
        ({"limit": 0}, ValueError, "limit"),
        ({"instructions": 1}, TypeError, "instructions"),
        ({"retrieval_mode": "fuzzy"}, ValueError, "retrieval_mode"),
        ({"retrieval_mode": 1}, TypeError, "retrieval_mode"),
        ({"ranking_metric": "l1"}, ValueError, "ranking_metric"),
        ({"ranking_metric": xai_api.RankingMetric.UNKNOWN}, ValueError, "ranking_metric"),
    ],
)
async def test_search_checks_its_arguments_before_sending(
    fake_xai: FakeXai,
    kwargs: dict[str, Any],
    arguments: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    call = {"query": "q", "collection_ids": ["c1"], **arguments}
    async with AsyncClient(**kwargs) as client:
        with pytest.raises(error, match=match):
            await client.collections.search(**call)
    assert dict(fake_xai.attempts) == {}


async def test_a_call_ends_at_its_timeout(fake_xai: FakeXai, kwargs: dict[str, Any]) -> None:
    fake_xai.delay = 2.0
    async with AsyncClient(**kwargs) as client:
        with pytest.raises(DeadlineExceededError):
            await client.collections.list(timeout=0.2)
