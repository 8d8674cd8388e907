"""``xai collections``: collections, their documents, and search (the management key)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .app import Context, add_command, add_group, add_json
from .output import proto_dict
from .progress import human_bytes

if TYPE_CHECKING:
    from xai_async.proto import collections
    from xai_sync.collections import CollectionsClient

    from .app import Subcommands

__all__ = ["register"]

EXAMPLE = """\
export XAI_MANAGEMENT_KEY=...                   # collections need the management key
id=$(xai collections create "handbook")         # prints the new collection's id
xai collections documents upload "$id" handbook.pdf faq.md --wait
xai collections search "parental leave" -c "$id"
xai collections documents list "$id" --json
xai collections delete "$id\""""


def register(commands: Subcommands) -> None:
    """Add ``xai collections``: collections, ``documents`` and ``search``."""
    actions = add_group(
        commands, "collections", "manage collections of documents and search them", EXAMPLE
    )

    listing = add_command(actions, "list", "list the collections", EXAMPLE, run=run_list)
    add_json(listing, "the collections")

    create = add_command(
        actions, "create", "create a collection; print its id", EXAMPLE, run=run_create
    )
    create.add_argument("name", help="the collection's name")
    create.add_argument("--description", help="what it holds, in words")
    create.add_argument("--model", help="the embedding model (default: the server's)")
    add_json(create, "the collection")

    get = add_command(actions, "get", "show a collection", EXAMPLE, run=run_get)
    get.add_argument("collection_id", metavar="COLLECTION_ID")
    add_json(get, "the collection")

    delete = add_command(actions, "delete", "delete collections", EXAMPLE, run=run_delete)
    delete.add_argument("collection_ids", nargs="+", metavar="COLLECTION_ID")

    search = add_command(
        actions, "search", "search the documents of collections", EXAMPLE, run=run_search
    )
    search.add_argument("query", help="what to look for")
    search.add_argument(
        "-c",
        "--collection",
        dest="collection_ids",
        action="append",
        required=True,
        metavar="COLLECTION_ID",
        help="a collection to search (repeat for more)",
    )
    search.add_argument("--limit", type=int, metavar="N", help="at most N matches")
    search.add_argument("--mode", choices=("hybrid", "semantic", "keyword"))
    add_json(search, "the matches")

    documents_actions = add_group(actions, "documents", "a collection's documents", EXAMPLE)
    listed = add_command(
        documents_actions, "list", "list a collection's documents", EXAMPLE, run=run_documents
    )
    listed.add_argument("collection_id", metavar="COLLECTION_ID")
    add_json(listed, "the documents")
    upload = add_command(
        documents_actions,
        "upload",
        "upload files as documents of a collection; print their file ids",
        EXAMPLE,
        run=run_upload,
    )
    upload.add_argument("collection_id", metavar="COLLECTION_ID")
    upload.add_argument("paths", nargs="+", metavar="PATH")
    upload.add_argument("--wait", action="store_true", help="wait until each is indexed")
    add_json(upload, "the documents")
    remove = add_command(
        documents_actions,
        "remove",
        "take documents out of a collection (their files stay)",
        EXAMPLE,
        run=run_remove,
    )
    remove.add_argument("collection_id", metavar="COLLECTION_ID")
    remove.add_argument("file_ids", nargs="+", metavar="FILE_ID")


def _client(ctx: Context) -> CollectionsClient:
    return ctx.client(management=True).collections


def run_list(ctx: Context) -> int:
    """List every collection."""
    found = list(_client(ctx).list_all())
    ctx.out.table(
        ("ID", "NAME", "DOCUMENTS", "CREATED"),
        [(c.collection_id, c.collection_name, c.documents_count, c.created_at) for c in found],
        [proto_dict(c) for c in found],
    )
    return 0


def run_create(ctx: Context) -> int:
    """Create a collection and print its id (or it, as JSON)."""
    args = ctx.args
    made = _client(ctx).create(args.name, args.model, description=args.description)
    if ctx.out.json:
        ctx.out.dump(proto_dict(made))
    else:
        ctx.out.line(made.collection_id)
    return 0


def run_get(ctx: Context) -> int:
    """Show a collection."""
    found = _client(ctx).get(ctx.args.collection_id)
    ctx.out.record(proto_dict(found, defaults=ctx.out.json))
    return 0


def run_delete(ctx: Context) -> int:
    """Delete each collection; print the ids deleted."""
    client = _client(ctx)
    for collection_id in ctx.args.collection_ids:
        client.delete(collection_id)
        ctx.out.line(collection_id)
    return 0


def _document_row(document: collections.DocumentMetadata) -> tuple[object, ...]:
    file = document.file_metadata
    if file is None:
        return ("", "", "", document.status.name)
    return (file.file_id, file.name, human_bytes(file.size_bytes), document.status.name)


def run_documents(ctx: Context) -> int:
    """List a collection's documents."""
    found = list(_client(ctx).list_documents_all(ctx.args.collection_id))
    ctx.out.table(
        ("FILE_ID", "NAME", "SIZE", "STATUS"),
        [_document_row(document) for document in found],
        [proto_dict(document) for document in found],
    )
    return 0


def run_upload(ctx: Context) -> int:
    """Upload each file into the collection; print each file id (or the documents as JSON)."""
    client = _client(ctx)
    made: list[dict[str, Any]] = []
    for path in (Path(name) for name in ctx.args.paths):
        if ctx.out.progress:
            ctx.out.note(f"uploading {path.name}" + (" and indexing it" if ctx.args.wait else ""))
        document = client.upload_document(
            ctx.args.collection_id, path.name, path, wait_for_indexing=ctx.args.wait
        )
        made.append(proto_dict(document))
        if not ctx.out.json:
            ctx.out.line(str(_document_row(document)[0]))
    if ctx.out.json:
        ctx.out.dump(made)
    return 0


def run_remove(ctx: Context) -> int:
    """Take each document out of the collection; print the ids removed."""
    client = _client(ctx)
    for file_id in ctx.args.file_ids:
        client.remove_document(ctx.args.collection_id, file_id)
        ctx.out.line(file_id)
    return 0


def _excerpt(text: str, width: int = 100) -> str:
    """``text`` on one line, cut to ``width`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def run_search(ctx: Context) -> int:
    """Search collections: score, file and the matching text of each match."""
    args = ctx.args
    answer = _client(ctx).search(
        args.query, args.collection_ids, args.limit, retrieval_mode=args.mode
    )
    matches = list(answer.matches)
    ctx.out.table(
        ("SCORE", "FILE_ID", "TEXT"),
        [(f"{m.score:.3f}", m.file_id, _excerpt(m.chunk_content)) for m in matches],
        [proto_dict(m) for m in matches],
    )
    return 0
