"""``xai chat``: a streamed conversation, interactive or one-shot."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TYPE_CHECKING, Any

from .app import INTERRUPTED, Context, add_command
from .output import proto_dict

if TYPE_CHECKING:
    from xai_async._core.chat import Response
    from xai_async.proto import xai_api
    from xai_sync.chat import Chat

    from .app import Subcommands

__all__ = ["register"]

DEFAULT_MODEL = "grok-4"
EXAMPLE = """\
xai chat                                  # a conversation: Ctrl-C stops an answer, twice quits
xai chat "Why is the sky blue?"           # one question, one answer
git diff | xai chat --system "Review this diff" --json | jq -r .content"""


def register(commands: Subcommands) -> None:
    """Add ``xai chat``."""
    parser = add_command(
        commands,
        "chat",
        "chat with Grok, the answer streamed as it comes",
        EXAMPLE,
        run=run,
        description=(
            "Chat with Grok. With a prompt argument, or with a prompt piped on stdin, ask once "
            "and print the answer as it streams; on a terminal with no prompt, hold a "
            "conversation (Ctrl-C stops the current answer and cancels its call; Ctrl-C at the "
            "prompt, or twice quickly, quits; so does Ctrl-D)."
        ),
    )
    parser.add_argument("prompt", nargs="*", help="the question (default: stdin)")
    parser.add_argument("--model", "-m", default=DEFAULT_MODEL, help="default: %(default)s")
    parser.add_argument("--system", "-s", metavar="TEXT", help="a system prompt")
    parser.add_argument("--temperature", "-t", type=float, help="0 to 2")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="the longest answer")
    parser.add_argument(
        "--reasoning-effort",
        choices=("none", "low", "medium", "high", "xhigh"),
        help="how hard a reasoning model thinks",
    )
    parser.add_argument(
        "--interactive",
        "-i",
        action="store_true",
        help="hold a conversation even when stdin is not a terminal (a prompt per line)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print each answer as a JSON document instead"
    )


def run(ctx: Context) -> int:
    """Answer once (a prompt argument, or a piped stdin), or hold a conversation."""
    args = ctx.args
    if args.prompt and not args.interactive:
        return _once(ctx, " ".join(args.prompt))
    if not args.interactive and not sys.stdin.isatty():
        return _once(ctx, sys.stdin.read())
    return _session(ctx, " ".join(args.prompt))


def _once(ctx: Context, prompt: str) -> int:
    from xai_async._core.chat import user

    if not prompt.strip():
        raise ValueError("the prompt is empty")
    _answer(ctx, _new_chat(ctx, [*_start(ctx.args), user(prompt)]))
    return 0


def _start(args: argparse.Namespace) -> list[xai_api.Message]:
    from xai_async._core.chat import system

    return [system(args.system)] if args.system else []


def _new_chat(ctx: Context, messages: list[xai_api.Message]) -> Chat:
    """A chat of ``messages`` with the command's model and settings."""
    args = ctx.args
    options: dict[str, Any] = {
        "temperature": args.temperature,
        "max_tokens": args.max_tokens,
        "reasoning_effort": args.reasoning_effort,
    }
    return ctx.client().chat.create(
        args.model,
        messages=messages,
        **{name: value for name, value in options.items() if value is not None},
    )


def _answer(ctx: Context, chat: Chat) -> Response:
    """Stream the chat's next answer: tokens as they come (or JSON at the end).

    Ctrl-C leaves the ``with`` block, which closes the stream and so cancels the call.
    """
    out = ctx.out
    ended = True  # whether the last text printed ended its line
    try:
        with chat.stream() as stream:
            for _, chunk in stream:
                if not out.json and chunk.content:
                    out.write(chunk.content)
                    ended = chunk.content.endswith("\n")
            response = stream.response
    finally:
        if not ended:
            out.write("\n")
    if out.json:
        out.dump(_response_json(response))
    return response


def _response_json(response: Response) -> dict[str, Any]:
    return {
        "id": response.id,
        "model": response.model,
        "content": response.content,
        "reasoning_content": response.reasoning_content,
        "finish_reason": response.finish_reason,
        "citations": list(response.citations),
        "usage": proto_dict(response.usage),
    }


def _session(ctx: Context, first: str) -> int:
    """A conversation: a prompt a line until end of input or a Ctrl-C at the prompt."""
    from xai_async._core.chat import user

    read = _reader(ctx)
    history = _start(ctx.args)
    while True:
        if first.strip():
            prompt, first = first, ""
        else:
            try:
                prompt = read()
            except EOFError:
                ctx.out.note("")
                return 0
            except KeyboardInterrupt:
                ctx.out.note("")
                return INTERRUPTED
        if not prompt.strip():
            continue
        chat = _new_chat(ctx, [*history, user(prompt)])
        try:
            response = _answer(ctx, chat)
        except KeyboardInterrupt:  # the answer is dropped, the question with it
            ctx.out.note("[answer stopped; Ctrl-C again or Ctrl-D to quit]")
            continue
        history = list(chat.append(response).messages)


def _reader(ctx: Context) -> Any:
    """A function reading the next prompt: with line editing on a terminal."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        with contextlib.suppress(ImportError):  # not on Windows
            import readline  # noqa: F401  (gives input() line editing and history)
        ctx.out.note(f"Chatting with {ctx.args.model}. Ctrl-C stops an answer; Ctrl-D quits.")
        return lambda: input("> ")

    def read() -> str:
        sys.stderr.write("> ")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    return read
