"""Carries RPCs for ``xai_sync``: grpcio's synchronous channel, blocking calls, no event loop.

The hand-written twin of ``xai_async._async_transport`` (the one layer whose code differs
between the packages); its public shape mirrors ``AsyncTransport`` name for name, so the
generated sync package calls it exactly as the async package calls its transport.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Any, Generic, TypeVar

import grpc
from typing_extensions import Self

from xai_async._channel import BoundChannel, ChannelSettings
from xai_async._errors import ClientClosedError, error_from_rpc
from xai_async._methods import Method, RequestT, ResponseT

__all__ = ["SyncResponseStream", "SyncTransport"]

T = TypeVar("T")


class SyncTransport:
    """Makes RPCs described by :class:`~xai_async._methods.Method` over one API host."""

    def __init__(self, settings: ChannelSettings) -> None:
        self._settings = settings
        self._channel: BoundChannel | None = None
        self._lock = threading.Lock()
        self._closed = False

    def __repr__(self) -> str:
        return f"SyncTransport({self._settings!r})"

    @property
    def settings(self) -> ChannelSettings:
        """The settings this transport dials with."""
        return self._settings

    def unary_unary(
        self,
        method: Method[RequestT, ResponseT],
        request: RequestT,
        *,
        timeout: float | None = None,
    ) -> ResponseT:
        """Send one request and return the one response."""
        return self._blocking(method, method.serialize(request), timeout)

    def stream_unary(
        self,
        method: Method[RequestT, ResponseT],
        requests: Iterable[RequestT],
        *,
        timeout: float | None = None,
    ) -> ResponseT:
        """Send a stream of requests and return the one response."""
        encoded = (method.serialize(request) for request in requests)
        return self._blocking(method, encoded, timeout)

    def _blocking(
        self, method: Method[Any, ResponseT], argument: object, timeout: float | None
    ) -> ResponseT:
        """Run a call with one response (``argument``: encoded request or request iterator)."""
        seconds = self._settings.deadline(timeout)
        try:
            response: ResponseT = self._callable(method)(
                argument, timeout=seconds, metadata=self._settings.metadata
            )
        except grpc.RpcError as error:
            raise error_from_rpc(error, method.path) from None
        return response

    def unary_stream(
        self,
        method: Method[RequestT, ResponseT],
        request: RequestT,
        *,
        timeout: float | None = None,
    ) -> SyncResponseStream[ResponseT]:
        """Start a server-streaming call; the RPC begins when the stream is first used."""
        seconds = self._settings.deadline(timeout)
        payload = method.serialize(request)

        def start() -> Any:
            return self._callable(method)(
                payload, timeout=seconds, metadata=self._settings.metadata
            )

        return SyncResponseStream(start, method)

    def _callable(self, method: Method[Any, Any]) -> Any:
        with self._lock:
            if self._closed:
                raise ClientClosedError("This client is closed; create a new one to make calls.")
            if self._channel is None:
                self._channel = BoundChannel(self._settings.open_channel())
            return self._channel.callable(method)

    def close(self) -> None:
        """Close the channel; calls still running are cancelled. Idempotent."""
        with self._lock:
            self._closed = True
            bound, self._channel = self._channel, None
        if bound is not None:
            bound.channel.close()


class SyncResponseStream(Generic[T]):
    """The messages of a server-streaming call.

    Use it as ``with`` and/or ``for``. Leaving the ``with`` block, calling :meth:`close`, or
    dropping the stream before its end cancels the RPC on the server.
    """

    def __init__(self, start: Any, method: Method[Any, Any]) -> None:
        self._start = start
        self._method = method
        self._call: Any = None
        self._finished = False

    def _open(self) -> Any:
        if self._call is None:
            if self._start is None:
                raise ClientClosedError("This stream is closed.")
            self._call, self._start = self._start(), None
        return self._call

    def __enter__(self) -> Self:
        self._open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> T:
        if self._finished:
            raise StopIteration
        call = self._open()
        try:
            message: T = next(call)
        except StopIteration:
            self._finished = True
            raise
        except grpc.RpcError as error:
            self._finished = True
            raise error_from_rpc(error, self._method.path) from None
        except BaseException:
            self._finished = True
            call.cancel()
            raise
        return message

    def close(self) -> None:
        """Stop the stream; cancels the RPC if the server has not finished it."""
        self._finished = True
        self._start = None
        if self._call is not None:
            self._call.cancel()

    def __del__(self) -> None:
        # An abandoned stream must not keep the RPC alive (best effort, as in the async twin).
        if self._call is not None and not self._finished:
            with contextlib.suppress(Exception):
                self._call.cancel()
