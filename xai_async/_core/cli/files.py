"""``xai files``: upload, list, get, download and delete files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .app import Context, add_command, add_group, add_json
from .output import proto_dict
from .progress import human_bytes, progress

if TYPE_CHECKING:
    from xai_async.proto import xai_api

    from .app import Subcommands

__all__ = ["register"]

EXAMPLE = """\
id=$(xai files upload report.pdf)        # prints the new file's id
xai files list
xai files get "$id" --json
xai files download "$id" -o copy.pdf
xai files delete "$id\""""


def register(commands: Subcommands) -> None:
    """Add ``xai files`` and its sub-commands."""
    actions = add_group(commands, "files", "upload, list, download and delete files", EXAMPLE)

    upload = add_command(
        actions,
        "upload",
        "upload files (a progress bar shows bytes, rate and time left); print their ids",
        EXAMPLE,
        run=run_upload,
    )
    upload.add_argument("paths", nargs="+", metavar="PATH", help="the files to upload")
    upload.add_argument("--name", help="the name to store (one file only; default: its own)")
    upload.add_argument(
        "--expires-after", type=int, metavar="SECONDS", help="delete the file after this long"
    )
    add_json(upload, "the files' metadata")

    listing = add_command(actions, "list", "list the files", EXAMPLE, run=run_list)
    listing.add_argument("--limit", type=int, metavar="N", help="at most N files")
    listing.add_argument("--sort-by", choices=("created_at", "filename", "size"))
    listing.add_argument("--order", choices=("asc", "desc"))
    listing.add_argument("--filter", metavar="EXPR", help="e.g. 'size_bytes > 1048576'")
    add_json(listing, "the files")

    get = add_command(actions, "get", "show a file's metadata", EXAMPLE, run=run_get)
    get.add_argument("file_id", metavar="FILE_ID")
    add_json(get, "the metadata")

    download = add_command(
        actions,
        "download",
        "download a file's content, streamed to disk with a progress bar",
        EXAMPLE,
        run=run_download,
    )
    download.add_argument("file_id", metavar="FILE_ID")
    download.add_argument(
        "-o", "--output", metavar="PATH", help="where to write it (default: its name; -: stdout)"
    )

    delete = add_command(actions, "delete", "delete files", EXAMPLE, run=run_delete)
    delete.add_argument("file_ids", nargs="+", metavar="FILE_ID")


def _rows(files: list[xai_api.File]) -> list[tuple[object, ...]]:
    """Table rows of files: id, name, size, creation time."""
    return [(f.id, f.filename, human_bytes(f.size), f.created_at) for f in files]


def run_upload(ctx: Context) -> int:
    """Upload each file with a progress bar; print each new id (or the metadata as JSON)."""
    paths = [Path(path) for path in ctx.args.paths]
    if ctx.args.name and len(paths) > 1:
        raise ValueError("--name names one file; give one PATH")
    client = ctx.client()
    uploaded: list[dict[str, Any]] = []
    for path in paths:
        size = path.stat().st_size
        with progress(ctx.out, f"uploading {path.name}", "bytes", size) as report:
            stored = client.files.upload(
                path,
                filename=ctx.args.name,
                expires_after=ctx.args.expires_after,
                on_progress=report,
            )
        uploaded.append(proto_dict(stored))
        if not ctx.out.json:
            ctx.out.line(stored.id)
    if ctx.out.json:
        ctx.out.dump(uploaded)
    return 0


def run_list(ctx: Context) -> int:
    """List the files (every page, or the first ``--limit``)."""
    args = ctx.args
    found: list[xai_api.File] = []
    pages = ctx.client().files.list_all(order=args.order, sort_by=args.sort_by, filter=args.filter)
    for file in pages:
        if args.limit is not None and len(found) >= args.limit:
            break
        found.append(file)
    ctx.out.table(("ID", "NAME", "SIZE", "CREATED"), _rows(found), [proto_dict(f) for f in found])
    return 0


def run_get(ctx: Context) -> int:
    """Show a file's metadata."""
    file = ctx.client().files.get(ctx.args.file_id)
    ctx.out.record(proto_dict(file, defaults=ctx.out.json))
    return 0


def run_download(ctx: Context) -> int:
    """Stream a file's content to disk (or stdout), with a progress bar."""
    files = ctx.client().files
    metadata = files.get(ctx.args.file_id)
    output = ctx.args.output or Path(metadata.filename).name or metadata.id
    destination: Any = sys.stdout.buffer if output == "-" else output
    with progress(ctx.out, f"downloading {metadata.filename}", "bytes", metadata.size) as report:
        written = files.download(metadata.id, destination, on_progress=report)
    if output != "-":
        ctx.out.note(f"wrote {human_bytes(written)} to {output}")
    return 0


def run_delete(ctx: Context) -> int:
    """Delete each file; print the ids deleted."""
    files = ctx.client().files
    for file_id in ctx.args.file_ids:
        files.delete(file_id)
        ctx.out.line(file_id)
    return 0
