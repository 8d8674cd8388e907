"""A small HTTP server on 127.0.0.1 for download tests: no test ever reaches the internet.

It serves scripted :class:`Route` s by path (any other path gets ``fallback``, or 404) and
records every request. A route can answer late (``delay``) or trickle its body byte by byte
(``trickle``), so timeouts can be tested; both give up as soon as the server stops.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from typing_extensions import Self

__all__ = ["LocalHttp", "Route", "Seen", "shared"]


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/octet-stream"
    delay: float = 0.0  # seconds before the answer starts
    trickle: float = 0.0  # seconds between the body's bytes
    location: str | None = None  # a redirect target (with a 3xx status)


@dataclass
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still trickling never blocks the test's end
    host: LocalHttp

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that went away (a timeout under test) is expected, not news


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        host = self.server.host
        with host.lock:
            host.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = host.routes.get(self.path.partition("?")[0], host.fallback)
        if route is None:
            route = Route(b"not found", status=404, content_type="text/plain")
        if host.stopping.wait(route.delay):
            return
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(route.body)))
        if route.location is not None:
            self.send_header("Location", route.location)
        self.end_headers()
        try:
            if not route.trickle:
                self.wfile.write(route.body)
                return
            for offset in range(len(route.body)):
                if host.stopping.wait(route.trickle):
                    return
                self.wfile.write(route.body[offset : offset + 1])
                self.wfile.flush()
        except OSError:
            pass  # the client gave up

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean


class LocalHttp:
    """An HTTP server on 127.0.0.1 (a free port), started by ``start()`` or ``with``.

    Attributes:
        routes: Path (without query) -> what it answers.
        fallback: What any other path answers (``None``: 404).
        requests: Every request received, in order.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.fallback: Route | None = None
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.host = self
        # A short poll interval: stop() waits for it (the default would add 0.5 s per test).
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), name="local-http", daemon=True
        )

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        """The full URL of ``path`` (which starts with ``/``)."""
        return self.base_url + path

    def serve(self, path: str, body: bytes, **fields: Any) -> str:
        """Add a route (``fields``: those of :class:`Route`) and return its URL."""
        self.routes[path] = Route(body, **fields)
        return self.url(path)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


_shared: LocalHttp | None = None
_shared_lock = threading.Lock()


def shared() -> LocalHttp:
    """One server for the whole test session (started on first use; its threads are daemons).

    For example programs, whose checks have no teardown: give it routes, never stop it.
    """
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = LocalHttp().start()
        return _shared
