"""``xai batch``: the batch lifecycle (create, add, get, list, cancel, requests, results)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .app import Context, add_command, add_group, add_json
from .output import proto_dict

if TYPE_CHECKING:
    from xai_async._core.batch import BatchResult
    from xai_async.proto import xai_api

    from .app import Subcommands

__all__ = ["register"]

EXAMPLE = """\
batch=$(xai batch create "nightly summaries")          # prints the new batch's id
xai batch add "$batch" "Summarize: ..." "Translate: ..." --model grok-4
xai batch add "$batch" < prompts.txt                    # one prompt a line
xai batch get "$batch"
xai batch results "$batch" --json | jq -r '.[].content'
xai batch cancel "$batch\""""


def register(commands: Subcommands) -> None:
    """Add ``xai batch`` and its sub-commands."""
    actions = add_group(
        commands, "batch", "run many chat requests together, at a lower price", EXAMPLE
    )

    create = add_command(actions, "create", "create a batch; print its id", EXAMPLE, run=run_create)
    create.add_argument("name", help="a name for the batch")
    create.add_argument(
        "--input-file",
        metavar="FILE_ID",
        help="load its requests from an uploaded JSONL file (the batch is then sealed)",
    )
    add_json(create, "the batch")

    add = add_command(actions, "add", "add chat requests to a batch", EXAMPLE, run=run_add)
    add.add_argument("batch_id", metavar="BATCH_ID")
    add.add_argument(
        "prompts", nargs="*", metavar="PROMPT", help="default: a prompt a line of stdin"
    )
    add.add_argument("--model", "-m", default="grok-4", help="default: %(default)s")
    add.add_argument("--system", "-s", metavar="TEXT", help="a system prompt for every request")
    add.add_argument(
        "--id-prefix",
        metavar="PREFIX",
        help="name the requests PREFIX1, PREFIX2 ... (default: the server names them)",
    )

    listing = add_command(actions, "list", "list the batches", EXAMPLE, run=run_list)
    add_json(listing, "the batches")
    for name, summary, run in (
        ("get", "show a batch: its state and counts", run_get),
        ("cancel", "cancel a batch's pending requests", run_cancel),
        ("requests", "list a batch's requests and their states", run_requests),
        ("results", "list a batch's results: each answer, or its error", run_results),
    ):
        command = add_command(actions, name, summary, EXAMPLE, run=run)
        command.add_argument("batch_id", metavar="BATCH_ID")
        add_json(command)


def _show(ctx: Context, batch: xai_api.Batch) -> None:
    ctx.out.record(proto_dict(batch, defaults=ctx.out.json))


def run_create(ctx: Context) -> int:
    """Create a batch and print its id (or the batch as JSON)."""
    batch = ctx.client().batch.create(ctx.args.name, input_file_id=ctx.args.input_file)
    if ctx.out.json:
        _show(ctx, batch)
    else:
        ctx.out.line(batch.batch_id)
    return 0


def run_add(ctx: Context) -> int:
    """Add a chat request per prompt (arguments, else the lines of stdin)."""
    from xai_async._core.chat import system, user

    args = ctx.args
    prompts = args.prompts or [line for line in sys.stdin.read().splitlines() if line.strip()]
    if not prompts:
        raise ValueError("no prompts: give them as arguments or a line each on stdin")
    client = ctx.client()
    start = [system(args.system)] if args.system else []
    chats = [
        client.chat.create(
            args.model,
            messages=[*start, user(prompt)],
            batch_request_id=f"{args.id_prefix}{number}" if args.id_prefix else None,
        )
        for number, prompt in enumerate(prompts, 1)
    ]
    client.batch.add(args.batch_id, chats)
    ctx.out.note(f"added {len(chats)} request(s) to {args.batch_id}")
    return 0


def run_get(ctx: Context) -> int:
    """Show a batch."""
    _show(ctx, ctx.client().batch.get(ctx.args.batch_id))
    return 0


def run_cancel(ctx: Context) -> int:
    """Cancel a batch; show it as it is now."""
    _show(ctx, ctx.client().batch.cancel(ctx.args.batch_id))
    return 0


def _counts(batch: xai_api.Batch) -> str:
    state = batch.state
    if state is None:
        return ""
    return (
        f"{state.num_requests} requests: {state.num_pending} pending, {state.num_success} ok, "
        f"{state.num_error} failed, {state.num_cancelled} cancelled"
    )


def run_list(ctx: Context) -> int:
    """List every batch."""
    batches = list(ctx.client().batch.list_all())
    ctx.out.table(
        ("ID", "NAME", "CREATED", "STATE"),
        [(b.batch_id, b.name, b.create_time, _counts(b)) for b in batches],
        [proto_dict(b) for b in batches],
    )
    return 0


def run_requests(ctx: Context) -> int:
    """List a batch's requests: id, model, state."""
    found = list(ctx.client().batch.list_all_batch_requests(ctx.args.batch_id))
    ctx.out.table(
        ("REQUEST", "MODEL", "STATE", "FINISHED"),
        [(r.batch_request_id, r.model, r.state.name, r.finish_time) for r in found],
        [proto_dict(r) for r in found],
    )
    return 0


def _outcome(result: BatchResult[Any]) -> dict[str, Any]:
    """One result in a few fields: its request, whether it succeeded, its answer or error."""
    entry: dict[str, Any] = {"batch_request_id": result.batch_request_id}
    data = result.proto.response
    if result.has_error or data is None:
        entry.update(ok=False, error=result.error_message or "no response")
    elif data.completion_response is not None:
        entry.update(ok=True, content=result.response.content)
    elif data.image_response is not None:
        entry.update(ok=True, url=result.image_response.url)
    else:
        entry.update(ok=True, url=result.video_response.url)
    return entry


def run_results(ctx: Context) -> int:
    """List a batch's results: the answer (or URL) of each request, or its error."""
    results = [_outcome(r) for r in ctx.client().batch.list_all_batch_results(ctx.args.batch_id)]
    ctx.out.table(
        ("REQUEST", "OK", "ANSWER"),
        [
            (
                entry["batch_request_id"],
                "yes" if entry["ok"] else "no",
                " ".join(
                    str(entry.get("content") or entry.get("url") or entry.get("error")).split()
                ),
            )
            for entry in results
        ],
        results,
    )
    return 0
