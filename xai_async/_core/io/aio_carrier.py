"""How :class:`~xai_async._core.io.async_transport.AsyncTransport` carries calls on asyncio.

``grpc.aio``, one channel per event loop and host (a ``grpc.aio`` channel is bound to the loop
that made it). We never ``await`` a unary ``grpc.aio`` call while it runs: doing so swallows
AnyIO's cancellation and re-raises a bare ``CancelledError`` that escapes cancel scopes
(grpc/grpc#43502). Instead we wait on an AnyIO event set by the call's done-callback, and
cancel the call ourselves if we are cancelled.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import anyio
import grpc
import grpc.aio

from xai_async._core.io.front import BoundChannel, Call
from xai_async._core.methods import Host

__all__ = ["Carrier"]


class Carrier:
    """Calls over ``grpc.aio`` on whichever asyncio loop is running."""

    def __init__(self) -> None:
        self._channels: dict[tuple[asyncio.AbstractEventLoop, Host], BoundChannel] = {}
        self.closed = False

    def _callable(self, call: Call) -> Any:
        loop = asyncio.get_running_loop()
        key = (loop, call.method.host)
        bound = self._channels.get(key)
        if bound is None:
            # A loop that has finished (e.g. a previous ``asyncio.run``) left channels behind.
            for stale in [k for k in self._channels if k[0].is_closed()]:
                del self._channels[stale]
            bound = self._channels[key] = BoundChannel(call.settings.open_aio_channel())
        return bound.callable(call.method)

    async def unary_unary(self, call: Call, payload: bytes) -> Any:
        """Send one encoded request; return the decoded response (raises ``grpc.RpcError``)."""
        rpc = self._callable(call)(payload, timeout=call.timeout, metadata=call.metadata)
        return await _finish(rpc, call)

    async def stream_unary(self, call: Call, requests: AsyncIterator[bytes]) -> Any:
        """Send a stream of encoded requests; return the decoded response."""
        rpc = self._callable(call)(requests, timeout=call.timeout, metadata=call.metadata)
        return await _finish(rpc, call)

    def unary_stream(self, call: Call, payload: bytes) -> StreamSource:
        """Start a server-streaming call."""
        rpc = self._callable(call)(payload, timeout=call.timeout, metadata=call.metadata)
        return StreamSource(rpc, call, self)

    async def aclose(self) -> None:
        """Close every channel; another running loop's channels are closed on that loop."""
        self.closed = True
        channels, self._channels = self._channels, {}
        current = asyncio.get_running_loop() if _on_asyncio() else None
        closed_here = False
        for (loop, _host), bound in channels.items():
            if loop is current:
                with anyio.CancelScope(shield=True):
                    await bound.channel.close()
                closed_here = True
            elif not loop.is_closed():
                asyncio.run_coroutine_threadsafe(bound.channel.close(), loop)
        if closed_here:
            # grpc.aio's poller thread may still deliver the closed calls' last events; let it
            # do so while this loop runs, not after it closed (then they raise "Event loop is
            # closed" inside whatever loop runs next in this process).
            with anyio.CancelScope(shield=True):
                await asyncio.sleep(_DRAIN_SECONDS)


#: How long ``aclose`` lets grpc.aio deliver its late events to the loop.
_DRAIN_SECONDS = 0.01


def _locally_cancelled() -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(grpc.StatusCode.CANCELLED, None, None, "cancelled locally")


def _on_asyncio() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def _finish(rpc: Any, call: Call) -> Any:
    done = anyio.Event()
    rpc.add_done_callback(lambda _rpc: done.set())
    try:
        await done.wait()
    except BaseException:
        rpc.cancel()
        raise
    try:
        # The call is finished, so these awaits return (or raise) without suspending.
        response = await rpc
        if call.observed:
            call.keep_trailing_metadata(await rpc.trailing_metadata())
        return response
    except asyncio.CancelledError:
        # grpc.aio ends a call cancelled *locally* but not by us (e.g. its channel closed by
        # client.close() in another task) with CancelledError. This task was not cancelled,
        # so report the RPC's fate instead of unwinding the task.
        raise _locally_cancelled() from None


class StreamSource:
    """The messages of a ``grpc.aio`` server-streaming call."""

    def __init__(self, rpc: Any, call: Call, carrier: Carrier) -> None:
        self._rpc = rpc
        self._call = call
        self._carrier = carrier
        self._cancelled = False

    async def receive(self) -> Any:
        """The next message, or ``None`` at the end (raises ``grpc.RpcError``)."""
        try:
            message = await self._rpc.read()
        except asyncio.CancelledError:
            # grpc.aio ends a read with a bare CancelledError when the call was cancelled
            # locally: by cancel() (another task closed the stream) or by the channel closing.
            # That is the RPC's fate, not this task's cancellation: report it as such.
            if self._cancelled or self._carrier.closed:
                raise _locally_cancelled() from None
            raise
        if message is not grpc.aio.EOF:
            return message
        if self._call.observed:
            self._call.keep_trailing_metadata(await self._rpc.trailing_metadata())
        return None

    def cancel(self) -> None:
        """Cancel the RPC (idempotent, non-blocking)."""
        self._cancelled = True
        self._rpc.cancel()
