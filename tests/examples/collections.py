"""Checks of the Collections examples: each one's output and what the server received."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.examples.common import Example, methods, requests
from tests.fake_server import API_KEY, FakeXai, enum_name

LESSON_ONE = b"""Machine Learning Fundamentals

Machine learning is a branch of artificial intelligence: programs that improve at a task by
learning from examples instead of following rules written by hand."""


def store_of(server: FakeXai) -> Any:
    return server.servicer("collections.Collections")


def keys(server: FakeXai) -> dict[str, set[str]]:
    """The keys each method was called with."""
    found: dict[str, set[str]] = {}
    for call in server.received:
        found.setdefault(call.method, set()).add(call.metadata["authorization"])
    return found


def check_collection(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    upload = ["GetCollectionMetadata", "UploadFile", "AddDocumentToCollection"]
    assert methods(server) == [
        "CreateCollection",
        "CreateCollection",
        "ListCollections",
        "GetCollectionMetadata",
        "UpdateCollection",
        *upload,
        "GetDocumentMetadata",  # not waiting: one look
        *upload,
        "GetDocumentMetadata",  # waiting: still processing...
        "GetDocumentMetadata",  # ...then indexed
        *upload,
        "GetDocumentMetadata",
        "AddDocumentToCollection",  # the existing file, into the second collection
        "ListDocuments",
        "GetDocumentMetadata",
        "BatchGetDocuments",
        "UpdateDocument",
        "Search",
        "ReIndexDocument",
        *["RemoveDocumentFromCollection"] * 3,
        *["DeleteCollection"] * 2,
        *["DeleteFile"] * 3,
    ]
    # Management calls carry the management key; the uploads, search and deletes the API key.
    api = {f"Bearer {API_KEY}"}
    management = {f"Bearer {server.management_key}"}
    assert {method: key for method, key in keys(server).items() if key == api}.keys() == {
        "UploadFile",
        "Search",
        "DeleteFile",
    }
    assert all(key in (api, management) for key in keys(server).values())

    papers, snippets = requests(server, "CreateCollection")
    assert papers.collection_name == "research-papers"
    assert papers.index_configuration.model_name == "grok-embedding-small"
    tokens = snippets.chunk_configuration.tokens_configuration
    assert (tokens.max_chunk_size_tokens, tokens.chunk_overlap_tokens) == (500, 50)
    assert tokens.encoding_name == "cl100k_base"
    assert "research-papers: id collection-1\n" in out
    assert "  embedding model grok-embedding-small, created 2023-11-14 22:13:20+00:00\n" in out

    (listing,) = requests(server, "ListCollections")
    assert listing.limit == 10
    assert enum_name("shared.Ordering", listing.order) == "ORDERING_ASCENDING"
    assert enum_name("collections.CollectionsSortBy", listing.sort_by) == (
        "COLLECTIONS_SORT_BY_NAME"
    )
    assert "2 collections, by name:\n  code-snippets (0 documents)\n  research-papers" in out
    (update,) = requests(server, "UpdateCollection")
    assert update.collection_name == "research-papers-2"
    assert update.chunk_configuration.chars_configuration.max_chunk_size_chars == 2000
    assert "Renamed to research-papers-2; chunks of up to 2000 characters\n" in out

    assert server.uploads[0] == LESSON_ONE
    names = [upload.init.name for upload in server.servicer("xai_api.Files").received]
    assert names == ["ml-fundamentals.txt", "deep-learning.txt", "ml-fundamentals-copy.txt"]
    assert "  status right after the upload: PROCESSING\n" in out
    assert "deep-learning.txt: PROCESSED, 2 chunks\n" in out
    adds = requests(server, "AddDocumentToCollection")
    assert [(a.collection_id, a.file_id) for a in adds] == [
        ("collection-1", "file-1"),
        ("collection-1", "file-2"),
        ("collection-1", "file-3"),
        ("collection-2", "file-1"),
    ]

    (documents,) = requests(server, "ListDocuments")
    assert enum_name("collections.DocumentsSortBy", documents.sort_by) == "DOCUMENTS_SORT_BY_AGE"
    assert enum_name("shared.Ordering", documents.order) == "ORDERING_DESCENDING"
    assert (
        "3 documents, newest first:\n  ml-fundamentals-copy.txt (189 bytes)\n"
        "  deep-learning.txt (182 bytes)\n  ml-fundamentals.txt (189 bytes)\n"
    ) in out
    assert "ml-fundamentals.txt: text/plain\n" in out
    (batch,) = requests(server, "BatchGetDocuments")
    assert list(batch.file_ids) == ["file-1", "file-2"]
    assert "Two at once: ml-fundamentals.txt, deep-learning.txt\n" in out
    (changed,) = requests(server, "UpdateDocument")
    assert (changed.file_id, changed.name, changed.content_type) == (
        "file-3",
        "ml-notes.txt",
        "text/plain",
    )
    assert "Updated: ml-notes.txt, 47 bytes\n" in out

    (search,) = requests(server, "Search")
    assert search.query == "What is machine learning?"
    assert list(search.source.collection_ids) == ["collection-1"]
    assert (search.limit, search.instructions) == (3, "Prefer short definitions.")
    assert search.WhichOneof("retrieval_mode") == "hybrid_retrieval"
    assert "1. file-1 (score 0.55): Machine learning is a branch of artificial intelligence" in out
    assert "3. file-3 (score 0.44): Notes: machine learning finds patterns in data.\n" in out

    assert requests(server, "ReIndexDocument")[0].file_id == "file-1"
    removed = [r.file_id for r in requests(server, "RemoveDocumentFromCollection")]
    assert removed == ["file-1", "file-2", "file-3"]
    assert store_of(server).collections == {}
    assert server.servicer("xai_api.Files").store.files == {}
    assert out.endswith(
        "Deleted collection-1\nDeleted collection-2\nDeleted the 3 uploaded files\n"
    )


def check_collections_multimodal(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == [
        "CreateCollection",
        "GetCollectionMetadata",
        "UploadFile",
        "AddDocumentToCollection",
        "GetDocumentMetadata",
        "Search",
        "BatchGetDocuments",
        "GetCompletion",
        "DeleteCollection",
        "DeleteFile",
    ]
    (created,) = requests(server, "CreateCollection")
    assert [definition.key for definition in created.field_definitions] == ["image_path", "sku"]
    assert created.field_definitions[0].required
    assert created.field_definitions[1].unique
    (folder,) = tmp.glob("xai-catalog-*")
    picture = folder / "widget.png"
    assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    (add,) = requests(server, "AddDocumentToCollection")
    assert dict(add.fields) == {"image_path": str(picture), "sku": "W-001"}
    assert "Indexed W-001: PROCESSED\n" in out

    (search,) = requests(server, "Search")
    assert (search.query, search.limit) == ("glossy red widget", 3)
    assert list(requests(server, "BatchGetDocuments")[0].file_ids) == ["file-1"]
    assert "Best match (score 0.789): Red widget, 12 cm, glossy finish with chrome trim.\n" in out
    assert "Its picture: widget.png\n" in out

    (chat,) = requests(server, "GetCompletion")
    assert chat.model == "grok-4.20-non-reasoning"
    (message,) = chat.messages
    text, photo = message.content
    assert text.text.startswith("From our catalog: Red widget, 12 cm")
    assert photo.image_url.image_url.startswith("data:image/png;base64,iVBORw0KGgo")
    assert "Grok: Ahoy! You said: From our catalog: Red widget" in out
    assert store_of(server).collections == {}
    assert out.endswith("Deleted the collection and its file\n")


def index_at_once(server: FakeXai) -> None:
    store_of(server).indexing_polls = 0  # the first poll already finds it indexed


CASES = [
    Example("collection", check_collection),
    Example("collections_multimodal", check_collections_multimodal, setup=index_at_once),
]
