"""``xai models``, ``xai tokenize`` and ``xai fake-server``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .app import REQUEST, CliError, Context, add_command, add_json
from .output import proto_dict

if TYPE_CHECKING:
    from xai_sync import Client

    from .app import Subcommands

__all__ = ["register"]

MODELS_EXAMPLE = """\
xai models                       # every model: kind, name, aliases
xai models list --kind image --json
xai models get grok-4"""

TOKENIZE_EXAMPLE = """\
xai tokenize "Hello, world"
xai tokenize --count < essay.txt
xai tokenize --model grok-3 --json "Bonjour" | jq '.[].string_token'"""

FAKE_EXAMPLE = """\
xai fake-server --port 50051 &
export XAI_API_KEY=xai-test-key-6f1d2c0b9a8e7d6c5b4a3f2e1d0c9b8a  # the fake's printed test key
xai --api-host localhost:50051 chat "Hello\""""

#: The options of ``python -m xai_async.testing`` that ``xai fake-server`` takes.
_FAKE_OPTIONS = ("host", "port", "plaintext_port")
#: The kinds of model, as ``--kind`` names them, with how to list and get each.
KINDS = ("language", "embedding", "image")


def _listers(client: Client) -> dict[str, Callable[[], Sequence[Any]]]:
    models = client.models
    return {
        "language": models.list_language_models,
        "embedding": models.list_embedding_models,
        "image": models.list_image_generation_models,
    }


def _getters(client: Client) -> dict[str, Callable[[str], Any]]:
    models = client.models
    return {
        "language": models.get_language_model,
        "embedding": models.get_embedding_model,
        "image": models.get_image_generation_model,
    }


def register(commands: Subcommands) -> None:
    """Add ``xai models``, ``xai tokenize`` and ``xai fake-server``."""
    models = add_command(
        commands, "models", "list the models, or show one", MODELS_EXAMPLE, run=run_list
    )
    models.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    actions = models.add_subparsers(title="commands", metavar="COMMAND")
    listing = add_command(
        actions, "list", "list the models (the default)", MODELS_EXAMPLE, run=run_list
    )
    listing.add_argument("--kind", choices=KINDS, help="only this kind (default: all)")
    add_json(listing, "the models")
    getting = add_command(actions, "get", "show one model by name or alias", MODELS_EXAMPLE)
    getting.set_defaults(run=run_get)
    getting.add_argument("name", help="e.g. grok-4")
    add_json(getting, "the model")

    tokenize = add_command(
        commands,
        "tokenize",
        "split text into a model's tokens",
        TOKENIZE_EXAMPLE,
        run=run_tokenize,
        description="Split text into a model's tokens: an id and its text a line.",
    )
    tokenize.add_argument("text", nargs="*", help="the text (default: stdin)")
    tokenize.add_argument("--model", "-m", default="grok-4", help="default: %(default)s")
    tokenize.add_argument("--count", action="store_true", help="print only how many tokens")
    add_json(tokenize, "the tokens")

    from xai_async._core.fake.cli import _parser as fake_parser

    fake = add_command(
        commands,
        "fake-server",
        "serve a fake xAI API on this machine, to try every command with no account",
        FAKE_EXAMPLE,
        run=run_fake_server,
        description=(
            "Serve a fake xAI API (every service, believable answers, nothing sent anywhere) "
            "until Ctrl-C, and print its address and its test keys. Point the other commands "
            "at it with --api-host localhost:PORT and XAI_API_KEY set to its key."
        ),
    )
    # The fake server's own options where to listen (its keys stay the fixed test keys).
    for action in fake_parser()._actions:
        if action.dest in _FAKE_OPTIONS:
            fake._add_action(action)


def run_list(ctx: Context) -> int:
    """List the models of one kind, or of all."""
    kind = getattr(ctx.args, "kind", None)
    listers = _listers(ctx.client())
    found = [
        (name, model)
        for name, lister in listers.items()
        if kind in (None, name)
        for model in lister()
    ]
    ctx.out.table(
        ("KIND", "NAME", "ALIASES"),
        [(name, model.name, ", ".join(model.aliases)) for name, model in found],
        [{"kind": name, **proto_dict(model)} for name, model in found],
    )
    return 0


def run_get(ctx: Context) -> int:
    """Show one model, whatever its kind."""
    from xai_async._core.errors import NotFoundError

    for kind, getter in _getters(ctx.client()).items():
        try:
            model = getter(ctx.args.name)
        except NotFoundError:
            continue
        ctx.out.record({"kind": kind, **proto_dict(model, defaults=ctx.out.json)})
        return 0
    raise CliError(f"no model is named {ctx.args.name!r} (see `xai models list`)", REQUEST)


def run_tokenize(ctx: Context) -> int:
    """Print the text's tokens, or their count."""
    text = " ".join(ctx.args.text) if ctx.args.text else sys.stdin.read()
    tokens = ctx.client().tokenize.tokenize_text(text, ctx.args.model)
    if ctx.args.count:
        if ctx.out.json:
            ctx.out.dump(len(tokens))
        else:
            ctx.out.line(str(len(tokens)))
        return 0
    ctx.out.table(
        ("ID", "TOKEN"),
        [(token.token_id, repr(token.string_token)) for token in tokens],
        [proto_dict(token) for token in tokens],
    )
    return 0


def run_fake_server(ctx: Context) -> int:
    """Serve the fake xAI API until Ctrl-C (``python -m xai_async.testing`` does the work)."""
    from xai_async._core.fake.cli import main as serve

    args = vars(ctx.args)
    return serve([f"--{name.replace('_', '-')}={args[name]}" for name in _FAKE_OPTIONS])
