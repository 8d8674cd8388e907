"""Carries RPCs for ``xai_async`` on whichever event loop is running: asyncio or trio.

- **asyncio** uses ``grpc.aio``, one channel per event loop. We never ``await`` a unary
  ``grpc.aio`` call while it runs: doing so swallows AnyIO's cancellation and re-raises a bare
  ``CancelledError`` that escapes cancel scopes (grpc/grpc#43502). Instead we wait on an AnyIO
  event set by the call's done-callback, and cancel the call ourselves if we are cancelled.
- **trio** cannot run ``grpc.aio``. We drive grpcio's synchronous channel: unary calls through
  ``future()`` whose done-callback wakes the task with ``TrioToken.run_sync_soon`` (never a
  blocking hop from grpc's callback thread, which can deadlock); streams through a pump thread
  with a bounded buffer.

In every case a cancelled task cancels the RPC, so the server stops working for nobody.
The hand-written synchronous twin is ``xai_async._sync_transport``.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import queue
import threading
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import anyio
import grpc
import grpc.aio
import sniffio
from typing_extensions import Self

from xai_async._channel import BoundChannel, ChannelSettings
from xai_async._errors import ClientClosedError, error_from_rpc
from xai_async._methods import Method, RequestT, ResponseT

if TYPE_CHECKING:
    import trio

__all__ = ["AsyncResponseStream", "AsyncTransport"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

#: How many stream messages a pump thread may read ahead of the trio task consuming them.
_PUMP_BUFFER = 16


class _StreamSource(Protocol[T_co]):
    async def receive(self) -> T_co | None:
        """The next message, or ``None`` at the end of the stream."""

    def cancel(self) -> None:
        """Cancel the RPC (idempotent, non-blocking, callable from ``__del__``)."""


class AsyncTransport:
    """Makes RPCs described by :class:`~xai_async._methods.Method` over one API host."""

    def __init__(self, settings: ChannelSettings) -> None:
        self._settings = settings
        self._aio_channels: dict[asyncio.AbstractEventLoop, BoundChannel] = {}
        self._sync_channel: BoundChannel | None = None  # for trio
        self._lock = threading.Lock()
        self._closed = False

    def __repr__(self) -> str:
        return f"AsyncTransport({self._settings!r})"

    @property
    def settings(self) -> ChannelSettings:
        """The settings this transport dials with."""
        return self._settings

    # -- unary ------------------------------------------------------------------------------

    async def unary_unary(
        self,
        method: Method[RequestT, ResponseT],
        request: RequestT,
        *,
        timeout: float | None = None,
    ) -> ResponseT:
        """Send one request and return the one response."""
        seconds = self._settings.deadline(timeout)
        payload = method.serialize(request)
        if _on_trio():
            future = self._sync_callable(method).future(
                payload, timeout=seconds, metadata=self._settings.metadata
            )
            return await _wait_trio_future(future, method)
        call = self._aio_callable(method)(
            payload, timeout=seconds, metadata=self._settings.metadata
        )
        return await _wait_aio_call(call, method)

    async def stream_unary(
        self,
        method: Method[RequestT, ResponseT],
        requests: AsyncIterable[RequestT],
        *,
        timeout: float | None = None,
    ) -> ResponseT:
        """Send a stream of requests and return the one response."""
        seconds = self._settings.deadline(timeout)
        encoded = _encode_stream(method, requests)
        if _on_trio():
            feed = _TrioRequestFeed(encoded)
            future = self._sync_callable(method).future(
                iter(feed), timeout=seconds, metadata=self._settings.metadata
            )
            async with anyio.create_task_group() as group:
                group.start_soon(feed.run, future.cancel)
                try:
                    return await _wait_trio_future(future, method)
                finally:
                    group.cancel_scope.cancel()
        call = self._aio_callable(method)(
            encoded, timeout=seconds, metadata=self._settings.metadata
        )
        return await _wait_aio_call(call, method)

    # -- server streaming -------------------------------------------------------------------

    def unary_stream(
        self,
        method: Method[RequestT, ResponseT],
        request: RequestT,
        *,
        timeout: float | None = None,
    ) -> AsyncResponseStream[ResponseT]:
        """Start a server-streaming call; the RPC begins when the stream is first used."""
        seconds = self._settings.deadline(timeout)
        payload = method.serialize(request)

        def start() -> _StreamSource[ResponseT]:
            if _on_trio():
                iterator = self._sync_callable(method)(
                    payload, timeout=seconds, metadata=self._settings.metadata
                )
                return _PumpSource(iterator, method)
            call = self._aio_callable(method)(
                payload, timeout=seconds, metadata=self._settings.metadata
            )
            return _AioStreamSource(call, method)

        return AsyncResponseStream(start)

    # -- channels ---------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise ClientClosedError("This client is closed; create a new one to make calls.")

    def _aio_callable(self, method: Method[Any, Any]) -> Any:
        self._check_open()
        loop = asyncio.get_running_loop()
        bound = self._aio_channels.get(loop)
        if bound is None:
            # A loop that has finished (e.g. a previous ``asyncio.run``) left its channel behind.
            for stale in [lp for lp in self._aio_channels if lp.is_closed()]:
                del self._aio_channels[stale]
            bound = self._aio_channels[loop] = BoundChannel(self._settings.open_aio_channel())
        return bound.callable(method)

    def _sync_callable(self, method: Method[Any, Any]) -> Any:
        self._check_open()
        with self._lock:
            if self._sync_channel is None:
                self._sync_channel = BoundChannel(self._settings.open_channel())
            return self._sync_channel.callable(method)

    async def aclose(self) -> None:
        """Close every channel; calls still running are cancelled. Idempotent."""
        self._closed = True
        with self._lock:
            sync_channel, self._sync_channel = self._sync_channel, None
        if sync_channel is not None:
            sync_channel.channel.close()
        channels, self._aio_channels = self._aio_channels, {}
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:  # trio
            current = None
        for loop, bound in channels.items():
            if loop is current:
                with anyio.CancelScope(shield=True):
                    await bound.channel.close()
            elif not loop.is_closed():
                # Another loop's channel must be closed on that loop.
                asyncio.run_coroutine_threadsafe(bound.channel.close(), loop)


def _on_trio() -> bool:
    return sniffio.current_async_library() == "trio"


async def _encode_stream(
    method: Method[RequestT, Any], requests: AsyncIterable[RequestT]
) -> AsyncIterator[bytes]:
    async for request in requests:
        yield method.serialize(request)


async def _wait_aio_call(call: Any, method: Method[Any, ResponseT]) -> ResponseT:
    done = anyio.Event()
    call.add_done_callback(lambda _call: done.set())
    try:
        await done.wait()
    except BaseException:
        call.cancel()
        raise
    try:
        # The call is finished, so this await returns (or raises) without suspending.
        response: ResponseT = await call
    except grpc.aio.AioRpcError as error:
        raise error_from_rpc(error, method.path) from None
    except asyncio.CancelledError:
        # grpc.aio ends a call cancelled *locally* but not by us (e.g. its channel closed by
        # client.close() in another task) with CancelledError. This task was not cancelled,
        # so report the RPC's fate instead of unwinding the task.
        raise error_from_rpc(
            grpc.aio.AioRpcError(grpc.StatusCode.CANCELLED, None, None, "cancelled"),
            method.path,
        ) from None
    return response


async def _wait_trio_future(future: Any, method: Method[Any, ResponseT]) -> ResponseT:
    import trio

    token = trio.lowlevel.current_trio_token()
    done = trio.Event()

    def wake(_future: Any) -> None:
        # Runs on a grpc thread (or right here if already done): hand over, never block.
        with contextlib.suppress(trio.RunFinishedError):
            token.run_sync_soon(done.set)

    future.add_done_callback(wake)
    try:
        await done.wait()
    except BaseException:
        future.cancel()
        raise
    try:
        response: ResponseT = future.result()
    except grpc.RpcError as error:
        raise error_from_rpc(error, method.path) from None
    return response


class AsyncResponseStream(Generic[T]):
    """The messages of a server-streaming call.

    Use it as ``async with`` and/or ``async for``. Leaving the ``async with`` block, calling
    :meth:`aclose`, or dropping the stream before its end cancels the RPC on the server.
    """

    def __init__(self, start: Callable[[], _StreamSource[T]]) -> None:
        self._start: Callable[[], _StreamSource[T]] | None = start
        self._source: _StreamSource[T] | None = None
        self._finished = False

    def _open(self) -> _StreamSource[T]:
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
        except BaseException:
            self._finished = True
            source.cancel()
            raise
        if message is None:
            self._finished = True
            raise StopAsyncIteration
        return message

    async def aclose(self) -> None:
        """Stop the stream; cancels the RPC if the server has not finished it."""
        self._finished = True
        self._start = None
        if self._source is not None:
            self._source.cancel()

    def __del__(self) -> None:
        # An abandoned stream must not keep the RPC (or a pump thread) alive. Best effort:
        # at interpreter exit or after its loop closed, the call may be gone already.
        if self._source is not None and not self._finished:
            with contextlib.suppress(Exception):
                self._source.cancel()


class _AioStreamSource(Generic[T]):
    def __init__(self, call: Any, method: Method[Any, Any]) -> None:
        self._call = call
        self._method = method

    async def receive(self) -> T | None:
        try:
            message = await self._call.read()
        except grpc.aio.AioRpcError as error:
            raise error_from_rpc(error, self._method.path) from None
        if message is grpc.aio.EOF:
            return None
        result: T = message
        return result

    def cancel(self) -> None:
        self._call.cancel()


class _PumpSource(Generic[T]):
    """Feeds a trio task from grpc's blocking stream iterator, read by a dedicated thread.

    The thread reads at most ``_PUMP_BUFFER`` messages ahead (a semaphore the task releases
    as it consumes) and hands each one over with ``run_sync_soon``, which never blocks.
    """

    def __init__(self, iterator: Any, method: Method[Any, Any]) -> None:
        import trio

        self._iterator = iterator
        self._method = method
        self._token = trio.lowlevel.current_trio_token()
        self._send: trio.MemorySendChannel[Any]
        self._receive: trio.MemoryReceiveChannel[Any]
        self._send, self._receive = trio.open_memory_channel(math.inf)
        self._slots = threading.Semaphore(_PUMP_BUFFER)
        self._stopped = False
        self._thread = threading.Thread(target=self._pump, name="xai-stream-pump", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        try:
            for message in self._iterator:
                self._slots.acquire()
                if self._stopped:
                    return
                self._hand_over(message)
        except grpc.RpcError as error:
            self._hand_over(error)
        else:
            self._hand_over(None)

    def _hand_over(self, item: Any) -> None:
        import trio

        try:
            self._token.run_sync_soon(self._deliver, item)
        except trio.RunFinishedError:
            self.cancel()

    def _deliver(self, item: Any) -> None:
        import trio

        with contextlib.suppress(trio.ClosedResourceError):
            self._send.send_nowait(item)

    async def receive(self) -> T | None:
        item = await self._receive.receive()
        self._slots.release()
        if isinstance(item, grpc.RpcError):
            raise error_from_rpc(item, self._method.path)
        result: T | None = item
        return result

    def cancel(self) -> None:
        if not self._stopped:
            self._stopped = True
            self._iterator.cancel()
            self._slots.release()  # wake the pump if it waits for room


class _TrioRequestFeed:
    """Hands a trio task's request stream to the grpc thread that sends it (client streaming).

    grpc pulls requests by iterating this object on its own thread; the trio task pushes each
    one into a bounded queue and sleeps (without blocking the loop) while the queue is full.
    """

    _END = object()

    def __init__(self, requests: AsyncIterator[bytes]) -> None:
        self._requests = requests
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=_PUMP_BUFFER)
        self._room: trio.Event | None = None
        self._token: trio.lowlevel.TrioToken | None = None

    def __iter__(self) -> Iterator[bytes]:
        while True:
            item = self._queue.get()
            self._signal_room()
            if item is self._END:
                return
            yield item

    def _signal_room(self) -> None:
        import trio

        token, room = self._token, self._room
        if token is not None and room is not None:
            with contextlib.suppress(trio.RunFinishedError):
                token.run_sync_soon(room.set)

    async def _put(self, item: object) -> None:
        import trio

        while True:
            self._room = trio.Event()
            try:
                self._queue.put_nowait(item)
                return
            except queue.Full:
                await self._room.wait()

    async def run(self, cancel_call: Callable[[], Any]) -> None:
        """Feed every request, then the end marker; on any failure cancel the call."""
        import trio

        self._token = trio.lowlevel.current_trio_token()
        try:
            async for request in self._requests:
                await self._put(request)
            await self._put(self._END)
        except BaseException:
            cancel_call()
            # Release grpc's sending thread if it is waiting for a request.
            with contextlib.suppress(queue.Empty):
                while True:
                    self._queue.get_nowait()
            self._queue.put_nowait(self._END)
            raise
