"""``python -m xai_async.testing`` (or ``xai_sync.testing``): the fake xAI server on its own.

Starts :class:`~xai_async._core.fake.server.FakeXai` on loopback, prints its addresses, its keys
and the environment variables that point an unchanged program at it, then serves until Ctrl-C
or SIGTERM (exit status 0).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import Any

from .server import API_KEY, MANAGEMENT_KEY, FakeXai, _loopback

__all__ = ["main"]

_MODULES = ("xai_async.testing", "xai_sync.testing")


def _prog() -> str:
    """``python -m <the module run>``: ``xai_sync.testing`` or ``xai_async.testing``."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    name = getattr(spec, "name", None)
    return f"python -m {name if name in _MODULES else _MODULES[0]}"


#: Either stops the server (exit status 0).
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port < 65536:
        raise argparse.ArgumentTypeError(f"a port is 0-65535 (0: any free port), got {port}")
    return port


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_prog(),
        description=(
            "Serve a fake xAI API (every gRPC service of the API and the management API, "
            "believable answers, nothing sent anywhere) until Ctrl-C or SIGTERM. Point a "
            "program at it with the environment variables it prints."
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the interface to listen on (default: %(default)s; the plaintext port takes "
        "anyone's calls, so think twice before leaving loopback)",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=0,
        help="the port served with gRPC local credentials, the one to name as "
        "XAI_API_HOST=localhost:PORT (default: any free port)",
    )
    parser.add_argument(
        "--plaintext-port",
        type=_port,
        default=0,
        help="the plaintext port, for use_insecure_channel=True (default: any free port)",
    )
    parser.add_argument(
        "--api-key",
        default=API_KEY,
        help="the API key calls must carry (default: the fixed test key)",
    )
    parser.add_argument(
        "--management-key",
        default=MANAGEMENT_KEY,
        help="the management key collections and batch calls must carry (default: the fixed "
        "test key)",
    )
    return parser


def _banner(server: FakeXai) -> str:
    environment = server.environment()
    lines = [
        "Fake xAI server running (Ctrl-C to stop).",
        f"  local credentials: {server.local_address}   (api_host / management_api_host)",
        f"  plaintext:         {server.address}   (with use_insecure_channel=True)",
        f"  API key:           {server.api_key}",
        f"  management key:    {server.management_key}",
        "Point a program at it:",
        *(f"  export {name}={value}" for name, value in environment.items()),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the fake xAI server from the command line until Ctrl-C or SIGTERM.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``); ``--help`` lists them.

    Returns:
        The exit status: 0 after a signal, 1 when a port could not be bound.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():  # signals reach only that one
        previous = {number: signal.signal(number, stop) for number in _SIGNALS}
    try:
        try:
            server = FakeXai(
                args.api_key,
                management_key=args.management_key,
                host=args.host,
                port=args.plaintext_port,
                local_port=args.port,
            )
        except OSError as error:
            print(f"{parser.prog}: {error}", file=sys.stderr)
            return 1
        if not _loopback(args.host):
            print(
                f"{parser.prog}: warning: listening on {args.host}, not loopback: other machines "
                "can call the plaintext port",
                file=sys.stderr,
            )
        with server:
            print(_banner(server), flush=True)
            while not stopping.wait(0.5):  # a timeout: signals interrupt no wait on Windows
                pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    print("Fake xAI server stopped.", flush=True)
    return 0
