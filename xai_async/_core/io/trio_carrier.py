"""How :class:`~xai_async._core.io.async_transport.AsyncTransport` carries calls on trio.

trio cannot run ``grpc.aio`` itself, so each transport runs ``grpc.aio`` on **one** asyncio
loop in **one** background thread, started on the first streaming call, whatever the number
of calls in flight; unary calls go through grpcio's synchronous channel as futures (no thread
of their own either). The trio task never blocks: it sleeps on a trio event that the loop thread
sets through ``TrioToken.run_sync_soon`` (which never blocks either). Streamed messages are
queued by the loop thread and handed over in batches: one wake-up of the trio task takes every
message already waiting. Cancellation is exact both ways: a cancelled trio task cancels its
RPC on the loop thread, and an RPC that ends (deadline, server error) wakes the task at once.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import anyio
import anyio.to_thread
import grpc
import grpc.aio
import trio

from xai_async._core.io.front import BoundChannel, Call
from xai_async._core.methods import Host

__all__ = ["Carrier"]

#: How many stream messages (or upload requests) may wait between the two threads.
_BUFFER = 64
#: How many bytes of upload requests may wait there (a file's 3 MiB chunks: two at a time).
_FEED_BYTES = 4 * 1024 * 1024
_END = object()
#: How long a stopped loop thread keeps serving grpc's late callbacks before closing.
_DRAIN_SECONDS = 1.0


class Carrier:
    """Calls over ``grpc.aio`` on a loop thread of this transport's own, for trio tasks."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._channels: dict[Host, BoundChannel] = {}  # grpc.aio, on the loop thread
        self._sync_channels: dict[Host, BoundChannel] = {}  # grpcio sync, for unary calls
        self._sources: weakref.WeakSet[StreamSource] = weakref.WeakSet()
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._lock = threading.Lock()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()
                thread = threading.Thread(
                    target=_run_loop, args=(loop, ready), name="xai-trio-grpc", daemon=True
                )
                thread.start()
                ready.wait()
                # A transport dropped without aclose() must not leave its thread behind.
                self._finalizer = weakref.finalize(self, _stop_loop, loop)
                self._loop = loop
            return self._loop

    def _callable(self, call: Call) -> Any:
        """The method's multi-callable; runs on the loop thread (channels belong to it)."""
        bound = self._channels.get(call.method.host)
        if bound is None:
            bound = BoundChannel(call.settings.open_aio_channel())
            self._channels[call.method.host] = bound
        return bound.callable(call.method)

    async def unary_unary(self, call: Call, payload: bytes) -> Any:
        """Send one encoded request; return the decoded response (raises ``grpc.RpcError``).

        Through grpcio's synchronous channel: ``future()`` starts the call without blocking
        and its done-callback (on grpc's own thread) wakes the task. One hand-over instead of
        two through the loop thread makes unary calls faster, still with no thread per call.
        """
        future = self._sync_callable(call).future(
            payload, timeout=call.timeout, metadata=call.metadata
        )
        token = trio.lowlevel.current_trio_token()
        done = trio.Event()
        future.add_done_callback(lambda _future: _wake(token, done.set))
        try:
            await done.wait()
        except BaseException:
            future.cancel()
            raise
        response = future.result()
        if call.observed:  # the future is the finished call: this does not block
            call.keep_trailing_metadata(future.trailing_metadata())
        return response

    def _sync_callable(self, call: Call) -> Any:
        with self._lock:
            bound = self._sync_channels.get(call.method.host)
            if bound is None:
                bound = BoundChannel(call.settings.open_channel())
                self._sync_channels[call.method.host] = bound
            return bound.callable(call.method)

    async def stream_unary(self, call: Call, requests: AsyncIterator[bytes]) -> Any:
        """Send a stream of encoded requests; return the decoded response."""
        loop = self._running_loop()
        feed = _RequestFeed(loop)

        async def run() -> Any:
            rpc = self._callable(call)(
                feed.requests(), timeout=call.timeout, metadata=call.metadata
            )
            return await _finish(rpc, call)

        # Errors are kept and raised after the nursery: raised inside it, trio would wrap them
        # in an ExceptionGroup, and the caller expects the error itself.
        outcome: list[Any] = []
        errors: list[Exception] = []

        async def feed_requests() -> None:
            try:
                await feed.run(requests)
            except Exception as error:  # the caller's requests failed: that ends the call
                errors.append(error)
                nursery.cancel_scope.cancel()

        async with trio.open_nursery() as nursery:
            nursery.start_soon(feed_requests)
            try:
                outcome.append(await self._run(run))
            except Exception as error:  # grpc.RpcError: the call failed
                errors.append(error)
            finally:
                nursery.cancel_scope.cancel()
        if errors:
            raise errors[0]
        return outcome[0]

    async def _run(self, coroutine: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
        """Run ``coroutine()`` on the loop thread; a cancelled trio task cancels it there."""
        loop = self._running_loop()
        token = trio.lowlevel.current_trio_token()
        done = trio.Event()
        future = asyncio.run_coroutine_threadsafe(coroutine(), loop)
        future.add_done_callback(lambda _future: _wake(token, done.set))
        try:
            await done.wait()
        except BaseException:
            future.cancel()  # cancels the task on the loop thread, which cancels the RPC
            raise
        try:
            return future.result()
        except concurrent.futures.CancelledError:
            # Not this task: the channel closed under the call (client.aclose() elsewhere).
            raise _cancelled() from None

    def unary_stream(self, call: Call, payload: bytes) -> StreamSource:
        """Start a server-streaming call, read on the loop thread."""
        source = StreamSource(self, call, payload)
        self._sources.add(source)
        return source

    async def aclose(self) -> None:
        """Close the channels and stop the loop thread; calls still running are cancelled.

        Works from any event loop (a client used on trio may be closed from asyncio).
        """
        with self._lock:
            loop, self._loop = self._loop, None
            sync_channels, self._sync_channels = self._sync_channels, {}
            if self._finalizer is not None:
                self._finalizer.detach()  # stopped here, below
        for bound in sync_channels.values():
            bound.channel.close()
        if loop is None:
            return
        channels, self._channels = self._channels, {}

        async def shutdown() -> None:
            for bound in channels.values():
                await bound.channel.close()
            # Readers of streams nobody finished: end them before the loop stops.
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        future = asyncio.run_coroutine_threadsafe(shutdown(), loop)
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(concurrent.futures.wait, [future], 10)
        _stop_loop(loop)
        # Should the loop have stopped first, no reader may be left waiting for it.
        for source in list(self._sources):
            source.abandon()


def _cancelled() -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(grpc.StatusCode.CANCELLED, None, None, "cancelled")


def _run_loop(loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
    asyncio.set_event_loop(loop)
    loop.call_soon(ready.set)
    try:
        loop.run_forever()
        # grpc.aio's process-wide poller may still post callbacks for this loop's finished
        # calls; posted to a closed loop they raise RuntimeError in whichever loop runs the
        # poller. Serve them a little longer (in this background thread), then close.
        with contextlib.suppress(RuntimeError):  # a second stop() (finalizer) ends it early
            loop.run_until_complete(asyncio.sleep(_DRAIN_SECONDS))
    finally:
        loop.close()


def _stop_loop(loop: asyncio.AbstractEventLoop) -> None:
    with contextlib.suppress(RuntimeError):  # already closed
        loop.call_soon_threadsafe(loop.stop)


def _wake(token: trio.lowlevel.TrioToken, function: Callable[..., Any], *args: Any) -> None:
    """Run ``function`` on the trio thread, soon; never blocks (trio may have finished)."""
    with contextlib.suppress(trio.RunFinishedError):
        token.run_sync_soon(function, *args)


async def _finish(rpc: Any, call: Call) -> Any:
    """Await a ``grpc.aio`` call on the loop thread, cancelling it if the task is cancelled."""
    try:
        response = await rpc
    except asyncio.CancelledError:
        rpc.cancel()
        raise
    if call.observed:
        call.keep_trailing_metadata(await rpc.trailing_metadata())
    return response


class StreamSource:
    """The messages of a server-streaming call, read on the loop thread and handed to trio.

    The loop thread appends to a deque and wakes the trio task only when it may be waiting;
    the task takes every message already there before it sleeps again. The reader pauses
    while ``_BUFFER`` messages wait, so a slow consumer slows the RPC (flow control).
    """

    def __init__(self, carrier: Carrier, call: Call, payload: bytes) -> None:
        self._call = call
        self._token = trio.lowlevel.current_trio_token()
        self._loop = carrier._running_loop()
        self._queue: collections.deque[Any] = collections.deque()
        self._waiter: trio.Event | None = None
        self._wake_pending = False
        self._room: asyncio.Event | None = None  # set by the task when the queue drains
        self._rpc: Any = None
        self._cancelled = False
        self._ended = False  # the end or an error was queued

        def start() -> None:
            if self._cancelled:
                return
            self._rpc = carrier._callable(call)(
                payload, timeout=call.timeout, metadata=call.metadata
            )
            self._room = asyncio.Event()
            self._reader = asyncio.ensure_future(self._read())

        self._loop.call_soon_threadsafe(start)

    # -- the loop thread ----------------------------------------------------------------------

    async def _read(self) -> None:
        try:
            while True:
                message = await self._rpc.read()
                if message is grpc.aio.EOF:
                    if self._call.observed:
                        self._call.keep_trailing_metadata(await self._rpc.trailing_metadata())
                    self._put(_END)
                    return
                self._put(message)
                if len(self._queue) >= _BUFFER and self._room is not None:
                    self._room.clear()
                    await self._room.wait()
        except asyncio.CancelledError:
            # Cancelled here: by cancel() or by the channel closing. A task may still be
            # reading (another one closed the stream): it must wake up, not wait forever.
            self._rpc.cancel()
            self._put(_cancelled())
        except Exception as error:  # grpc.RpcError: raised in the task by receive()
            self._put(error)

    def _put(self, item: Any) -> None:
        if self._ended:
            return
        self._ended = item is _END or isinstance(item, Exception)
        self._queue.append(item)
        if not self._wake_pending:
            self._wake_pending = True
            _wake(self._token, self._wake)

    def abandon(self) -> None:
        """End the stream as cancelled, if it has not ended (its loop is gone)."""
        self._put(_cancelled())

    # -- the trio thread ----------------------------------------------------------------------

    def _wake(self) -> None:
        self._wake_pending = False
        if self._waiter is not None:
            self._waiter.set()

    async def receive(self) -> Any:
        """The next message, or ``None`` at the end (raises ``grpc.RpcError``)."""
        while not self._queue:
            self._waiter = trio.Event()
            try:
                await self._waiter.wait()
            finally:
                self._waiter = None
        item = self._queue.popleft()
        if len(self._queue) == _BUFFER - 1 and self._room is not None:
            self._loop.call_soon_threadsafe(self._room.set)
        if item is _END:
            self._queue.appendleft(_END)  # later reads see the end too
            return None
        if isinstance(item, Exception):
            raise item
        return item

    def cancel(self) -> None:
        """Cancel the RPC (idempotent, non-blocking, callable from ``__del__``)."""
        if self._cancelled:
            return
        self._cancelled = True

        def cancel() -> None:
            if self._rpc is not None:
                self._rpc.cancel()

        with contextlib.suppress(RuntimeError):  # the loop is closed: so is the RPC
            self._loop.call_soon_threadsafe(cancel)


class _RequestFeed:
    """Hands a trio task's request stream to the ``grpc.aio`` call on the loop thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._queue: asyncio.Queue[Any] | None = None
        self._in_flight = 0
        self._in_flight_bytes = 0
        self._room = trio.Event()
        self._token = trio.lowlevel.current_trio_token()

    async def run(self, requests: AsyncIterator[bytes]) -> None:
        """Feed every request, then the end marker, a bounded distance ahead of the call.

        At most ``_BUFFER`` requests and ``_FEED_BYTES`` bytes wait (one request larger than
        that still goes, alone).
        """
        async for request in requests:
            while self._in_flight >= _BUFFER or (
                self._in_flight and self._in_flight_bytes + len(request) > _FEED_BYTES
            ):
                self._room = trio.Event()
                await self._room.wait()
            self._send(request, len(request))
        self._send(_END, 0)

    def _send(self, item: Any, size: int) -> None:
        self._in_flight += 1
        self._in_flight_bytes += size
        self._loop.call_soon_threadsafe(self._enqueue, (item, size))

    def _enqueue(self, item: Any) -> None:  # loop thread
        if self._queue is None:
            self._queue = asyncio.Queue()
        self._queue.put_nowait(item)

    def _taken(self, size: int) -> None:  # trio thread
        self._in_flight -= 1
        self._in_flight_bytes -= size
        self._room.set()

    async def requests(self) -> AsyncIterator[bytes]:
        """The requests, as the ``grpc.aio`` call pulls them (loop thread)."""
        if self._queue is None:
            self._queue = asyncio.Queue()
        while True:
            item, size = await self._queue.get()
            _wake(self._token, self._taken, size)
            if item is _END:
                return
            yield item
