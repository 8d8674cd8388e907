"""Carries RPCs for ``xai_async`` on whichever event loop is running: asyncio or trio.

:class:`AsyncTransport` does what is the same on every loop — the call's front (deadline,
host, serialisation, typed errors, observers) and closing — and hands the wire work to the
carrier of the running loop (``aio_carrier``: ``grpc.aio``; ``trio_carrier``: grpcio's
synchronous channel bridged into trio), loaded on first use. In every case a cancelled task
cancels the RPC, so the server stops working for nobody.

The hand-written synchronous twin is :mod:`xai_async._core.io.transport`.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Generic, Protocol, TypeVar

import anyio
import grpc
import sniffio
from typing_extensions import Self

from xai_async._core.channel import ChannelSettings
from xai_async._core.errors import ClientClosedError
from xai_async._core.io.front import Call, CallObserver, Front
from xai_async._core.methods import Encoded, Host, Method, RequestT, ResponseT
from xai_async._core.telemetry import Operation

#: The package's logger: a DEBUG line per call (silent unless you enable it).
LOGGER = logging.getLogger("xai_async")
LOGGER.addHandler(logging.NullHandler())

__all__ = ["AsyncResponseStream", "AsyncTransport"]

T = TypeVar("T")

#: The carrier module of each event loop AnyIO runs on.
_CARRIERS = {
    "asyncio": "xai_async._core.io.aio_carrier",
    "trio": "xai_async._core.io.trio_carrier",
}


class _StreamSource(Protocol):
    async def receive(self) -> Any:
        """The next message, or ``None`` at the end of the stream (raises ``grpc.RpcError``)."""

    def cancel(self) -> None:
        """Cancel the RPC (idempotent, non-blocking, callable from ``__del__``)."""


class _Carrier(Protocol):
    async def unary_unary(self, call: Call, payload: bytes) -> Any: ...

    async def stream_unary(self, call: Call, requests: AsyncIterator[bytes]) -> Any: ...

    def unary_stream(self, call: Call, payload: bytes) -> _StreamSource: ...

    async def aclose(self) -> None: ...


class AsyncTransport:
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
        self._carriers: dict[str, _Carrier] = {}
        self._closed = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._front!r})"

    @property
    def settings(self) -> ChannelSettings:
        """The settings of the API host."""
        return self._front.hosts[Host.API]

    def _carrier(self) -> _Carrier:
        if self._closed:
            raise ClientClosedError("This client is closed; create a new one to make calls.")
        library = sniffio.current_async_library()
        carrier = self._carriers.get(library)
        if carrier is None:
            module = importlib.import_module(_CARRIERS[library])
            carrier = self._carriers[library] = module.Carrier()
        return carrier

    async def unary_unary(
        self,
        method: Method[RequestT, ResponseT],
        request: RequestT | Encoded[RequestT],
        *,
        timeout: float | None = None,
        operation: Operation | None = None,
    ) -> ResponseT:
        """Send one request and return the one response."""
        payload = method.serialize(request)
        call = self._front.call(method, timeout, request, operation)
        response: ResponseT = await self._one_response(
            call, lambda carrier: carrier.unary_unary(call, payload)
        )
        return response

    async def stream_unary(
        self,
        method: Method[RequestT, ResponseT],
        requests: AsyncIterable[RequestT],
        *,
        timeout: float | None = None,
        operation: Operation | None = None,
    ) -> ResponseT:
        """Send a stream of requests and return the one response."""
        call = self._front.call(method, timeout, None, operation)
        failed: list[Exception] = []
        encoded = _encode(method, requests, failed)
        response: ResponseT = await self._one_response(
            call, lambda carrier: carrier.stream_unary(call, encoded), failed
        )
        return response

    async def _one_response(
        self,
        call: Call,
        send: Callable[[_Carrier], Awaitable[Any]],
        requests_failed: Sequence[Exception] = (),
    ) -> Any:
        """Run a call with one response on the running loop's carrier; report how it ended.

        ``requests_failed`` receives what the caller's request stream raised, if it did: that
        error, not the RPC's cancellation it caused, is what the caller gets.
        """
        carrier = self._carrier()
        call.start()
        try:
            data = await send(carrier)
        except grpc.RpcError as error:
            if requests_failed:
                call.interrupted(requests_failed[0])
                raise requests_failed[0] from None
            if self._closed:  # another task closed the client under this call
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
    ) -> AsyncResponseStream[ResponseT]:
        """Start a server-streaming call; the RPC begins when the stream is first used."""
        payload = method.serialize(request)
        call = self._front.call(method, timeout, request, operation)

        def start() -> _StreamSource:
            call.start()  # first: the metadata carries the span's traceparent
            try:
                return self._carrier().unary_stream(call, payload)
            except BaseException as reason:
                call.interrupted(reason)
                raise

        return AsyncResponseStream(start, call, lambda: self._closed)

    def operation(self, operation: Operation) -> AbstractContextManager[object]:
        """A scope whose calls make one span named by ``operation`` (``chat.defer``...)."""
        return self._front.operation(operation)

    async def aclose(self) -> None:
        """Close every channel; calls still running are cancelled. Idempotent."""
        self._closed = True
        carriers, self._carriers = self._carriers, {}
        for carrier in carriers.values():
            await carrier.aclose()
        await anyio.lowlevel.checkpoint()


async def _encode(
    method: Method[RequestT, Any], requests: AsyncIterable[RequestT], failed: list[Exception]
) -> AsyncIterator[bytes]:
    """The caller's requests, encoded; an error they raise is kept in ``failed``."""
    try:
        async for request in requests:
            yield method.serialize(request)
    except Exception as error:
        failed.append(error)
        raise


class AsyncResponseStream(Generic[T]):
    """The messages of a server-streaming call.

    Use it as ``async with`` and/or ``async for``. Leaving the ``async with`` block, calling
    :meth:`aclose`, or dropping the stream before its end cancels the RPC on the server.
    """

    def __init__(
        self,
        start: Callable[[], _StreamSource],
        call: Call,
        client_closed: Callable[[], bool],
    ) -> None:
        self._start: Callable[[], _StreamSource] | None = start
        self._call = call
        self._client_closed = client_closed
        self._source: _StreamSource | None = None
        self._finished = False
        self._closed = False  # by aclose(), maybe from another task

    def _open(self) -> _StreamSource:
        if self._source is None:
            if self._start is None:
                raise ClientClosedError("This stream is closed.")
            self._source, self._start = self._start(), None
        return self._source

    async def __aenter__(self) -> Self:
        self._open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> T:
        if self._finished:
            raise StopAsyncIteration
        source = self._open()
        try:
            message = await source.receive()
        except grpc.RpcError as error:
            self._finished = True
            if self._closed or self._client_closed():
                # Another task closed the stream (or the client) while this one read it.
                raise self._call.closed_under() from None
            raise self._call.failed(error) from None
        except BaseException as reason:
            self._finished = True
            source.cancel()
            self._call.interrupted(reason)
            raise
        if message is None:
            self._finished = True
            self._call.succeeded()
            raise StopAsyncIteration
        try:
            result: T = self._call.decode(message)
        except BaseException:
            self._finished = True
            source.cancel()
            raise
        return result

    async def aclose(self) -> None:
        """Stop the stream; cancels the RPC if the server has not finished it."""
        self._stop()
        await anyio.lowlevel.checkpoint()

    def _stop(self) -> None:
        self._closed = True
        self._start = None
        if self._source is not None and not self._finished:
            self._finished = True
            self._source.cancel()
            self._call.interrupted(ClientClosedError("The stream was closed before its end."))
        self._finished = True

    def __del__(self) -> None:
        # An abandoned stream must not keep the RPC (or a pump thread) alive. Best effort:
        # at interpreter exit or after its loop closed, the call may be gone already.
        with contextlib.suppress(Exception):
            self._stop()
