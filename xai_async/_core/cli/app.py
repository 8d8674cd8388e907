"""The ``xai`` parser, its global options, the client it builds, and errors as exit codes."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .output import Output

if TYPE_CHECKING:
    from xai_sync import Client

__all__ = [
    "AUTH",
    "FAILURE",
    "INTERRUPTED",
    "REQUEST",
    "SERVER",
    "TRANSIENT",
    "USAGE",
    "CliError",
    "Context",
    "add_command",
    "add_group",
    "add_json",
    "main",
    "redact",
]

#: The exit codes, one per class of error (the table is in ``xai --help``).
FAILURE = 1  # a local failure: a file that cannot be read or written, a download that broke
USAGE = 2  # bad command line or argument value (nothing was sent)
AUTH = 3  # no key, a wrong key, or a key without access
REQUEST = 4  # the server refused the request: not found, invalid argument, already exists ...
TRANSIENT = 5  # try again later: rate limit, unavailable, deadline exceeded, poll timeout
SERVER = 6  # any other server error (internal, unknown, a failed generation ...)
INTERRUPTED = 130  # Ctrl-C

EXIT_CODES = f"""\
exit codes:
  0    success
  {FAILURE}    local failure (a file cannot be read or written, a download broke)
  {USAGE}    usage: bad command line or argument value (nothing was sent)
  {AUTH}    authentication or permission: no key, a wrong key, a key without access
  {REQUEST}    request refused: not found, invalid argument, already exists, precondition
  {TRANSIENT}    try again later: rate limit, unavailable, deadline exceeded, still not done
  {SERVER}    other server error (internal, unknown, a failed generation)
  {INTERRUPTED}  interrupted (Ctrl-C)"""

ENVIRONMENT = """\
environment:
  XAI_API_KEY              the API key (never give a key on the command line)
  XAI_MANAGEMENT_KEY       the management key (collections)
  XAI_API_HOST             host[:port] of the API (a localhost: host uses local credentials)
  XAI_MANAGEMENT_API_HOST  host[:port] of the management API"""

if TYPE_CHECKING:
    #: The sub-commands of a command group, as ``argparse`` types them.
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]


class CliError(Exception):
    """A failure to report as one line on stderr, with its exit code.

    Args:
        message: What went wrong (one line).
        code: The exit code.
    """

    def __init__(self, message: str, code: int = FAILURE) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    """What a command runs with: its arguments, the output, and the client made on demand.

    Attributes:
        args: The parsed command line (global options included).
        out: Where and how to print.
    """

    args: argparse.Namespace
    out: Output
    _client: Client | None = field(default=None, repr=False)
    secrets: list[str] = field(default_factory=list, repr=False)

    def client(self, *, management: bool = False) -> Client:
        """The sync client, built on first use from the global options and the environment.

        Args:
            management: The command needs the management key (collections).

        Raises:
            CliError: No API key (or no management key when ``management``) is set.
        """
        if management and self._management_key() is None:
            raise CliError(
                "no management key: set XAI_MANAGEMENT_KEY or pass --management-key-file PATH",
                AUTH,
            )
        if self._client is None:
            key = _read_key(self.args.api_key_file, "XAI_API_KEY")
            if key is None:
                raise CliError("no API key: set XAI_API_KEY or pass --api-key-file PATH", AUTH)
            management_key = self._management_key()
            self.secrets += [key, *([management_key] if management_key else [])]
            from xai_sync import Client

            self._client = Client(
                api_key=key,
                management_api_key=management_key,
                api_host=self.args.api_host,
                management_api_host=self.args.management_api_host,
                timeout=self.args.timeout,
            )
        return self._client

    def _management_key(self) -> str | None:
        return _read_key(self.args.management_key_file, "XAI_MANAGEMENT_KEY")

    def close(self) -> None:
        """Close the client, if one was made."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def redact(self, text: str) -> str:
        """``text`` with every key this run read replaced by ``***`` (see :func:`redact`)."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return redact(text)


#: What an xAI key looks like (``xai-`` and a long token), wherever it turns up.
_KEY_LIKE = re.compile(r"\bxai-[A-Za-z0-9_-]{16,}")


def redact(text: str) -> str:
    """``text`` with the keys of the environment and anything shaped like a key as ``***``."""
    for variable in ("XAI_API_KEY", "XAI_MANAGEMENT_KEY"):
        secret = os.environ.get(variable, "").strip()
        if len(secret) >= 8:
            text = text.replace(secret, "***")
    return _KEY_LIKE.sub("xai-***", text)


def _read_key(path: str | None, variable: str) -> str | None:
    """The key in the file at ``path`` if given, else in the environment variable."""
    if path is not None:
        try:
            key = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise CliError(f"cannot read the key file {path}: {error.strerror}", USAGE) from None
        if not key:
            raise CliError(f"the key file {path} is empty", USAGE)
        return key
    return os.environ.get(variable, "").strip() or None


class _Parser(argparse.ArgumentParser):
    """A parser whose usage errors are one line: ``xai chat: error: ... (see --help)``.

    Options are never abbreviated (``--api-key`` is not ``--api-key-file``), and arguments it
    does not know are not repeated in the message: one of them might be a key.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        known, unknown, rest = message.partition("unrecognized arguments: ")
        if unknown:
            options = [word for word in rest.split() if word.startswith("-")]
            message = f"{known}{unknown}{' '.join(options) or 'extra values'}"
        message = redact(message)
        self.exit(USAGE, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


class _NoKeyHere(argparse.Action):
    """``--api-key``/``--management-key``: refused, without repeating the value."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        parser.error(
            f"{self.option_strings[0]} is not an option: a key on the command line stays in "
            "shell history and process lists; set XAI_API_KEY / XAI_MANAGEMENT_KEY or use "
            "--api-key-file / --management-key-file"
        )


class _Formatter(argparse.HelpFormatter):
    """Wraps a one-paragraph description; keeps text with line breaks (examples) as it is."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _global_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """The options every command takes, before or after its name.

    Sub-commands get them with ``SUPPRESS`` defaults, so one given before the command name
    is not reset by the sub-command's parser.
    """
    group = parser.add_argument_group("global options")
    for flag, default, settings in _GLOBAL_OPTIONS:
        group.add_argument(flag, default=default if defaults else argparse.SUPPRESS, **settings)
    for flag in ("--api-key", "--management-key"):
        group.add_argument(flag, nargs="?", action=_NoKeyHere, help=argparse.SUPPRESS)


#: The global options: (flag, default, other ``add_argument`` settings).
_GLOBAL_OPTIONS: list[tuple[str, object, dict[str, Any]]] = [
    ("--api-host", None, {"metavar": "HOST[:PORT]", "help": "the API (XAI_API_HOST)"}),
    (
        "--management-api-host",
        None,
        {"metavar": "HOST[:PORT]", "help": "the management API (XAI_MANAGEMENT_API_HOST)"},
    ),
    (
        "--api-key-file",
        None,
        {"metavar": "PATH", "help": "read the API key from this file instead of XAI_API_KEY"},
    ),
    (
        "--management-key-file",
        None,
        {
            "metavar": "PATH",
            "help": "read the management key from this file instead of XAI_MANAGEMENT_KEY",
        },
    ),
    (
        "--timeout",
        None,
        {
            "metavar": "SECONDS",
            "type": _positive,
            "help": "seconds each call may take (default: the client's, 27 minutes)",
        },
    ),
    (
        "--plain",
        False,
        {
            "action": "store_true",
            "help": "no colours, tables or bars even on a terminal (piped output is always plain)",
        },
    ),
    (
        "--progress",
        "auto",
        {
            "choices": ("auto", "always", "never"),
            "help": "progress on stderr: auto (only when stderr is a terminal), always, never",
        },
    ),
]


def add_json(parser: argparse.ArgumentParser, what: str = "it") -> None:
    """Add ``--json``: print ``what`` as JSON instead of text."""
    parser.add_argument("--json", action="store_true", help=f"print {what} as JSON")


def add_command(
    subcommands: Subcommands,
    name: str,
    summary: str,
    example: str,
    *,
    run: Callable[[Context], int] | None = None,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """Add a command (or a command group) with its help, an example and the global options.

    Args:
        subcommands: The ``add_subparsers()`` of the parent.
        name: The command's name.
        summary: One line, shown in the parent's list and as the description.
        example: Shell lines for the epilog (each shown indented).
        run: What the command does (a group leaves it out and adds sub-commands).
        description: A longer description (default: ``summary``).
    """
    lines = "\n".join(f"  {line}" for line in example.strip().splitlines())
    parser = subcommands.add_parser(
        name,
        help=summary,
        description=description or summary,
        epilog=f"example:\n{lines}",
        formatter_class=_Formatter,
    )
    _global_options(parser, defaults=False)
    if run is not None:
        parser.set_defaults(run=run)
    else:
        parser.set_defaults(run=_usage(parser))
    return parser


def add_group(subcommands: Subcommands, name: str, summary: str, example: str) -> Subcommands:
    """Add a command group (its help and example); return where its sub-commands go."""
    group = add_command(subcommands, name, summary, example)
    return group.add_subparsers(title="commands", metavar="COMMAND")


def _usage(parser: argparse.ArgumentParser) -> Callable[[Context], int]:
    """What a command group does without a sub-command: its help on stderr, a usage error."""

    def run(ctx: Context) -> int:
        parser.print_help(sys.stderr)
        return USAGE

    return run


def build_parser() -> argparse.ArgumentParser:
    """The whole ``xai`` command line."""
    from xai_async._core.version import __version__

    from . import batches, catalogue, chat, collections_, files, media

    top = _Parser(
        prog="xai",
        description=(
            "The xAI API from the command line: chat, images, videos, files, batches and\n"
            "collections. Try it with no account: `xai fake-server` serves a fake API."
        ),
        epilog=(
            "example:\n"
            "  export XAI_API_KEY=...   # read from the environment, never from the arguments\n"
            '  xai chat "Why is the sky blue?"\n'
            "  xai chat --json < question.txt | jq -r .content\n\n"
            f"{ENVIRONMENT}\n\n{EXIT_CODES}"
        ),
        formatter_class=_Formatter,
    )
    _global_options(top, defaults=True)
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(title="commands", metavar="COMMAND")
    top.set_defaults(run=_usage(top))
    for module in (chat, media, catalogue, files, batches, collections_):
        module.register(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``xai`` with ``argv`` (default: ``sys.argv[1:]``) and return its exit code.

    Errors are one line on stderr (``xai: error: ...``) and an exit code per class of error
    (see ``xai --help``); Ctrl-C is exit code 130.
    """
    ctx: Context | None = None
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as done:  # --help (0) or a usage error (2, already printed)
            return done.code if isinstance(done.code, int) else (USAGE if done.code else 0)
        ctx = Context(args, Output.create(args))
        try:
            code: int = args.run(ctx)
        finally:
            ctx.close()
        return code
    except KeyboardInterrupt:
        if sys.stderr.isatty():
            print(file=sys.stderr)  # past the ^C the terminal echoed
        _fail(ctx, "interrupted")
        return INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`xai ... | head`): not an error; keep the exit quiet.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except CliError as error:
        _fail(ctx, str(error))
        return error.code
    except Exception as error:
        code, message = describe(error)
        _fail(ctx, message)
        return code


def _fail(ctx: Context | None, message: str) -> None:
    """Print ``xai: error: <message>`` as one line, keys redacted."""
    message = redact(message) if ctx is None else ctx.redact(message)
    message = " ".join(message.split())
    print(f"xai: error: {message}", file=sys.stderr, flush=True)


def describe(error: BaseException) -> tuple[int, str]:
    """The exit code and the one-line message for an exception a command raised."""
    from xai_async._core import errors

    auth = (errors.AuthenticationError, errors.PermissionDeniedError)
    refused = (
        errors.NotFoundError,
        errors.InvalidArgumentError,
        errors.AlreadyExistsError,
        errors.FailedPreconditionError,
        errors.OutOfRangeError,
        errors.MessageTooLargeError,
    )
    transient = (
        errors.RateLimitError,
        errors.UnavailableError,
        errors.DeadlineExceededError,
        errors.PollTimeoutError,
    )
    text = str(error) or type(error).__name__
    if isinstance(error, auth):
        return AUTH, f"not allowed: {text} (check XAI_API_KEY / XAI_MANAGEMENT_KEY)"
    if isinstance(error, refused):
        return REQUEST, text
    if isinstance(error, transient):
        return TRANSIENT, f"{text} (try again later)"
    if isinstance(error, errors.XAIError):
        return SERVER, text
    if isinstance(error, (ValueError, TypeError)):
        return USAGE, text
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return FAILURE, f"{where}{error.strerror or text}"
    return FAILURE, f"unexpected {type(error).__name__}: {text}"
