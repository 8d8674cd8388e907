"""Collections: a searchable library of documents, from creation to clean-up.

Managing collections and their documents needs a management key as well as the API key:

Run: ``XAI_API_KEY=... XAI_MANAGEMENT_KEY=... python examples/sync/collection.py``

The walk-through creates two collections (one chunked by tokens), lists and updates them,
uploads documents (once waiting until the server has indexed one), adds an already uploaded
file to the second collection, reads documents back, searches them, and removes everything it
made.
"""

import datetime

import xai_sync

LESSON_ONE = b"""Machine Learning Fundamentals

Machine learning is a branch of artificial intelligence: programs that improve at a task by
learning from examples instead of following rules written by hand."""

LESSON_TWO = b"""Deep Learning

Deep learning stacks many layers of neural networks. Each layer learns a more abstract view of
the data, which is why it does so well on pictures, speech and language."""


def create_collections(client: xai_sync.Client) -> tuple[str, str]:
    print("== Creating collections")
    papers = client.collections.create(
        name="research-papers",
        model_name="grok-embedding-small",
    )
    print(f"{papers.collection_name}: id {papers.collection_id}")
    assert papers.index_configuration is not None
    print(f"  embedding model {papers.index_configuration.model_name}, created {papers.created_at}")

    snippets = client.collections.create(
        name="code-snippets",
        chunk_configuration={
            "tokens_configuration": {
                "max_chunk_size_tokens": 500,
                "chunk_overlap_tokens": 50,
                "encoding_name": "cl100k_base",
            },
            "strip_whitespace": False,
        },
    )
    print(f"{snippets.collection_name}: id {snippets.collection_id}")
    print(f"  chunking: {snippets.chunk_configuration}")
    return papers.collection_id, snippets.collection_id


def show_collections(client: xai_sync.Client, collection_id: str) -> None:
    print("\n== Listing and reading collections")
    page = client.collections.list(limit=10, order="asc", sort_by="name")
    print(f"{len(page.collections)} collections, by name:")
    for collection in page.collections:
        print(f"  {collection.collection_name} ({collection.documents_count} documents)")
    if page.pagination_token:
        print("  (more on the next page: pass pagination_token=...)")

    collection = client.collections.get(collection_id)
    print(f"{collection.collection_name}: {collection.documents_count} documents")
    for field in collection.field_definitions:
        print(f"  field {field.key}: required={field.required}, unique={field.unique}")

    renamed = client.collections.update(
        collection_id,
        name="research-papers-2",
        chunk_configuration={
            "chars_configuration": {"max_chunk_size_chars": 2000, "chunk_overlap_chars": 200},
            "strip_whitespace": True,
        },
    )
    assert renamed.chunk_configuration is not None
    assert renamed.chunk_configuration.chars_configuration is not None
    size = renamed.chunk_configuration.chars_configuration.max_chunk_size_chars
    print(f"Renamed to {renamed.collection_name}; chunks of up to {size} characters")


def upload_documents(client: xai_sync.Client, collection_id: str) -> list[str]:
    print("\n== Uploading documents")
    first = client.collections.upload_document(
        collection_id, name="ml-fundamentals.txt", data=LESSON_ONE
    )
    assert first.file_metadata is not None
    print(f"{first.file_metadata.name}: {first.file_metadata.size_bytes} bytes")
    print(f"  status right after the upload: {first.status.name}")

    print("Uploading another and waiting until it can be searched...")
    second = client.collections.upload_document(
        collection_id,
        name="deep-learning.txt",
        data=LESSON_TWO,
        wait_for_indexing=True,
        poll_interval=datetime.timedelta(seconds=1),
        timeout=datetime.timedelta(seconds=60),
    )
    assert second.file_metadata is not None
    print(f"{second.file_metadata.name}: {second.status.name}, {second.chunk_count} chunks")

    third = client.collections.upload_document(
        collection_id, name="ml-fundamentals-copy.txt", data=LESSON_ONE
    )
    assert third.file_metadata is not None
    return [doc.file_metadata.file_id for doc in (first, second, third) if doc.file_metadata]


def read_documents(client: xai_sync.Client, collection_id: str, file_ids: list[str]) -> None:
    print("\n== Reading documents")
    page = client.collections.list_documents(collection_id, limit=10, order="desc", sort_by="age")
    print(f"{len(page.documents)} documents, newest first:")
    for document in page.documents:
        assert document.file_metadata is not None
        print(f"  {document.file_metadata.name} ({document.file_metadata.size_bytes} bytes)")

    # The file comes first, then its collection (as in the official SDK).
    document = client.collections.get_document(file_ids[0], collection_id)
    assert document.file_metadata is not None
    print(f"{document.file_metadata.name}: {document.file_metadata.content_type}")

    both = client.collections.batch_get_documents(collection_id, file_ids[:2])
    names = [d.file_metadata.name for d in both.documents if d.file_metadata is not None]
    print(f"Two at once: {', '.join(names)}")

    updated = client.collections.update_document(
        collection_id,
        file_ids[2],
        name="ml-notes.txt",
        data=b"Notes: machine learning finds patterns in data.",
        content_type="text/plain",
    )
    assert updated.file_metadata is not None
    print(f"Updated: {updated.file_metadata.name}, {updated.file_metadata.size_bytes} bytes")


def search(client: xai_sync.Client, collection_id: str) -> None:
    print("\n== Searching")
    results = client.collections.search(
        query="What is machine learning?",
        collection_ids=[collection_id],
        limit=3,
        instructions="Prefer short definitions.",
        retrieval_mode="hybrid",
    )
    for number, match in enumerate(results.matches, 1):
        print(f"{number}. {match.file_id} (score {match.score:.2f}): {match.chunk_content[:60]}")


def main() -> None:
    with xai_sync.Client() as client:
        papers, snippets = create_collections(client)
        show_collections(client, papers)
        file_ids = upload_documents(client, papers)

        # A file already uploaded can join another collection too.
        client.collections.add_existing_document(snippets, file_ids[0])
        print(f"\nAdded {file_ids[0]} to {snippets} as well")

        read_documents(client, papers, file_ids)
        search(client, papers)

        # After changing a collection's chunking, reindex its documents to apply it.
        client.collections.reindex_document(papers, file_ids[0])
        print(f"\nReindexing {file_ids[0]}")

        print("\n== Cleaning up")
        for file_id in file_ids:
            client.collections.remove_document(papers, file_id)
            print(f"Removed {file_id} from {papers}")
        for collection_id in (papers, snippets):
            client.collections.delete(collection_id)
            print(f"Deleted {collection_id}")
        for file_id in file_ids:  # removing a document leaves its file in the Files API
            client.files.delete(file_id)
        print(f"Deleted the {len(file_ids)} uploaded files")


if __name__ == "__main__":
    main()
