"""How :class:`~xai_async._core.io.async_transport.AsyncTransport` carries calls on trio.

trio cannot run ``grpc.aio``, so we drive grpcio's synchronous channel (one per host): unary
calls through ``future()``, whose done-callback wakes the task with
``TrioToken.run_sync_soon`` (never a blocking hop from grpc's callback thread, which can
deadlock); server streams through a pump thread with a bounded buffer; client streams through
a bounded queue that grpc's sending thread drains. A cancelled task cancels the RPC.
"""

from __future__ import annotations

import contextlib
import math
import queue
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import trio

from xai_async._core.io.front import BoundChannel, Call, Front
from xai_async._core.methods import Host

__all__ = ["Carrier"]

#: How many stream messages a pump thread may read ahead of the trio task consuming them.
_PUMP_BUFFER = 16


class Carrier:
    """Calls over grpcio's synchronous channel, bridged into the running trio loop."""

    def __init__(self, front: Front) -> None:
        self._front = front
        self._channels: dict[Host, BoundChannel] = {}
        self._lock = threading.Lock()

    def _callable(self, call: Call) -> Any:
        with self._lock:
            bound = self._channels.get(call.method.host)
            if bound is None:
                bound = BoundChannel(call.settings.open_channel())
                self._channels[call.method.host] = bound
            return bound.callable(call.method)

    async def unary_unary(self, call: Call, payload: bytes) -> Any:
        """Send one encoded request; return the decoded response (raises ``grpc.RpcError``)."""
        future = self._callable(call).future(payload, timeout=call.timeout, metadata=call.metadata)
        return await _finish(future, call)

    async def stream_unary(self, call: Call, requests: AsyncIterator[bytes]) -> Any:
        """Send a stream of encoded requests; return the decoded response."""
        feed = _RequestFeed(requests)
        future = self._callable(call).future(
            iter(feed), timeout=call.timeout, metadata=call.metadata
        )
        async with trio.open_nursery() as nursery:
            nursery.start_soon(feed.run, future.cancel)
            try:
                return await _finish(future, call)
            finally:
                nursery.cancel_scope.cancel()

    def unary_stream(self, call: Call, payload: bytes) -> StreamSource:
        """Start a server-streaming call, read by a pump thread."""
        iterator = self._callable(call)(payload, timeout=call.timeout, metadata=call.metadata)
        return StreamSource(iterator, call)

    async def aclose(self) -> None:
        """Close the channels; calls still running are cancelled."""
        with self._lock:
            channels, self._channels = self._channels, {}
        for bound in channels.values():
            bound.channel.close()


async def _finish(future: Any, call: Call) -> Any:
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
    response = future.result()
    if call.observed:  # the future is the finished call: this does not block
        call.keep_trailing_metadata(future.trailing_metadata())
    return response


class StreamSource:
    """Feeds a trio task from grpc's blocking stream iterator, read by a dedicated thread.

    The thread reads at most ``_PUMP_BUFFER`` messages ahead (a semaphore the task releases
    as it consumes) and hands each one over with ``run_sync_soon``, which never blocks.
    """

    def __init__(self, iterator: Any, call: Call) -> None:
        self._iterator = iterator
        self._call = call
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
        except Exception as error:  # grpc.RpcError: re-raised in the task by receive()
            self._hand_over(error)
        else:
            if self._call.observed:  # the call has ended: this does not block
                self._call.keep_trailing_metadata(self._iterator.trailing_metadata())
            self._hand_over(None)

    def _hand_over(self, item: Any) -> None:
        try:
            self._token.run_sync_soon(self._deliver, item)
        except trio.RunFinishedError:
            self.cancel()

    def _deliver(self, item: Any) -> None:
        with contextlib.suppress(trio.ClosedResourceError):
            self._send.send_nowait(item)

    async def receive(self) -> Any:
        """The next message, or ``None`` at the end (raises ``grpc.RpcError``)."""
        item = await self._receive.receive()
        self._slots.release()
        if isinstance(item, Exception):
            raise item
        return item

    def cancel(self) -> None:
        """Cancel the RPC and release the pump (idempotent, non-blocking)."""
        if not self._stopped:
            self._stopped = True
            self._iterator.cancel()
            self._slots.release()  # wake the pump if it waits for room


class _RequestFeed:
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
        token, room = self._token, self._room
        if token is not None and room is not None:
            with contextlib.suppress(trio.RunFinishedError):
                token.run_sync_soon(room.set)

    async def _put(self, item: object) -> None:
        while True:
            self._room = trio.Event()
            try:
                self._queue.put_nowait(item)
                return
            except queue.Full:
                await self._room.wait()

    async def run(self, cancel_call: Callable[[], Any]) -> None:
        """Feed every request, then the end marker; on any failure cancel the call."""
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
