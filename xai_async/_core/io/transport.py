"""Carries RPCs for ``xai_sync``: grpcio's synchronous channel, blocking calls, no event loop.

The hand-written twin of :mod:`xai_async._core.io.async_transport`; its public names are the
async ones without the ``Async`` prefix and its signatures match them (tested), so the
generated sync package calls it exactly as the async package calls its twin.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Generic, TypeVar

import grpc
from typing_extensions import Self

from xai_async._core.channel import ChannelSettings
from xai_async._core.errors import ClientClosedError
from xai_async._core.io.front import BoundChannel, Call, CallObserver, Front
from xai_async._core.methods import Encoded, Host, Method, RequestT, ResponseT
from xai_async._core.telemetry import Operation

#: The package's logger: a DEBUG line per call (silent unless you enable it).
LOGGER = logging.getLogger("xai_sync")
LOGGER.addHandler(logging.NullHandler())

__all__ = ["ResponseStream", "Transport"]

T = TypeVar("T")


class Transport:
    """Makes the RPCs of :mod:`xai_async.proto.services` for one client.

    Args:
        api: Settings of the API host.
        management: Settings of the management host, if the client has a management key.
        observers: Told when each call starts and ends.
    """

    def __init__(
        self,
        api: ChannelSettings,
        management: ChannelSettings | None = None,
        *,
        observers: Sequence[CallObserver] = (),
    ) -> None:
        self._front = Front(api, management, observers, logger=LOGGER)
        self._channels: dict[Host, BoundChannel] = {}
        self._lock = threading.Lock()
        self._closed = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._front!r})"

    @property
    def settings(self) -> ChannelSettings:
        """The settings of the API host."""
        return self._front.hosts[Host.API]

    def _callable(self, call: Call) -> Any:
        with self._lock:
            if self._closed:
                raise ClientClosedError("This client is closed; create a new one to make calls.")
            bound = self._channels.get(call.method.host)
            if bound is None:
                bound = BoundChannel(call.settings.open_channel())
                self._channels[call.method.host] = bound
            return bound.callable(call.method)

    def unary_unary(
        self,
        method: Method[RequestT, ResponseT],
        request: RequestT | Encoded[RequestT],
        *,
        timeout: float | None = None,
        operation: Operation | None = None,
    ) -> ResponseT:
        """Send one request and return the one response."""
        payload = method.serialize(request)
        response: ResponseT = self._blocking(
            self._front.call(method, timeout, request, operation), payload
        )
        return response

    def stream_unary(
        self,
        method: Method[RequestT, ResponseT],
        requests: Iterable[RequestT],
        *,
        timeout: float | None = None,
        operation: Operation | None = None,
    ) -> ResponseT:
        """Send a stream of requests and return the one response."""
        call = self._front.call(method, timeout, None, operation)
        failed: list[Exception] = []
        encoded = _encode(method, requests, failed)
        response: ResponseT = self._blocking(call, encoded, failed)
        return response

    def _blocking(
        self, call: Call, argument: object, requests_failed: Sequence[Exception] = ()
    ) -> Any:
        """Run a call with one response (``argument``: encoded request or request iterator).

        ``requests_failed`` receives what the caller's request stream raised, if it did: that
        error, not the RPC failure it caused, is what the caller gets.
        """
        rpc = self._callable(call)
        call.start()
        try:
            if call.observed:
                data, done = rpc.with_call(argument, timeout=call.timeout, metadata=call.metadata)
                call.keep_trailing_metadata(done.trailing_metadata())
            else:
                data = rpc(argument, timeout=call.timeout, metadata=call.metadata)
        except grpc.RpcError as error:
            if requests_failed:
                call.interrupted(requests_failed[0])
                raise requests_failed[0] from None
            if self._closed:  # another thread closed the client under this call
                raise call.closed_under() from None
            raise call.failed(error) from None
        except BaseException as reason:
            call.interrupted(reason)
            raise
        response = call.decode(data)
        call.succeeded()
        return response

    def unary_stream(
        self,
        method: Method[RequestT, ResponseT],
        request: RequestT | Encoded[RequestT],
        *,
        timeout: float | None = None,
        operation: Operation | None = None,
    ) -> ResponseStream[ResponseT]:
        """Start a server-streaming call; the RPC begins when the stream is first used."""
        payload = method.serialize(request)
        call = self._front.call(method, timeout, request, operation)

        def start() -> Any:
            call.start()  # first: the metadata carries the span's traceparent
            try:
                return self._callable(call)(payload, timeout=call.timeout, metadata=call.metadata)
            except BaseException as reason:
                call.interrupted(reason)
                raise

        return ResponseStream(start, call, lambda: self._closed)

    def operation(self, operation: Operation) -> AbstractContextManager[object]:
        """A scope whose calls make one span named by ``operation`` (``chat.defer``...)."""
        return self._front.operation(operation)

    def close(self) -> None:
        """Close every channel; calls still running are cancelled. Idempotent."""
        with self._lock:
            self._closed = True
            channels, self._channels = self._channels, {}
        for bound in channels.values():
            bound.channel.close()


def _encode(
    method: Method[RequestT, Any], requests: Iterable[RequestT], failed: list[Exception]
) -> Iterator[bytes]:
    """The caller's requests, encoded; an error they raise is kept in ``failed``."""
    try:
        for request in requests:
            yield method.serialize(request)
    except Exception as error:
        failed.append(error)
        raise


class ResponseStream(Generic[T]):
    """The messages of a server-streaming call.

    Use it as ``with`` and/or ``for``. Leaving the ``with`` block, calling :meth:`close`, or
    dropping the stream before its end cancels the RPC on the server.
    """

    def __init__(
        self,
        start: Callable[[], Any],
        call: Call,
        client_closed: Callable[[], bool],
    ) -> None:
        self._start: Callable[[], Any] | None = start
        self._call = call
        self._client_closed = client_closed
        self._source: Any = None
        self._finished = False
        self._closed = False  # by close(), maybe from another thread

    def _open(self) -> Any:
        if self._source is None:
            if self._start is None:
                raise ClientClosedError("This stream is closed.")
            self._source, self._start = self._start(), None
        return self._source

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
        source = self._open()
        try:
            data = next(source)
        except StopIteration:
            self._finished = True
            if self._call.observed:  # the call has ended: this does not block
                self._call.keep_trailing_metadata(source.trailing_metadata())
            self._call.succeeded()
            raise
        except grpc.RpcError as error:
            self._finished = True
            if self._closed or self._client_closed():
                # Another thread closed the stream (or the client) while this one read it.
                raise self._call.closed_under() from None
            raise self._call.failed(error) from None
        except BaseException as reason:
            self._finished = True
            source.cancel()
            self._call.interrupted(reason)
            raise
        try:
            message: T = self._call.decode(data)
        except BaseException:
            self._finished = True
            source.cancel()
            raise
        return message

    def close(self) -> None:
        """Stop the stream; cancels the RPC if the server has not finished it."""
        self._closed = True
        self._start = None
        if self._source is not None and not self._finished:
            self._finished = True
            self._source.cancel()
            self._call.interrupted(ClientClosedError("The stream was closed before its end."))
        self._finished = True

    def __del__(self) -> None:
        # An abandoned stream must not keep the RPC alive (best effort, as in the async twin).
        with contextlib.suppress(Exception):
            self.close()
