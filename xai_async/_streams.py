"""A server stream whose messages are folded as they arrive.

Chat chunks fold into a response, file content chunks into bytes ...: one closable, iterable
object per streamed call.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

from typing_extensions import Self

from xai_async._core.io.async_transport import AsyncResponseStream

__all__ = ["AsyncFoldingStream"]

MessageT = TypeVar("MessageT")
ItemT = TypeVar("ItemT")


class AsyncFoldingStream(Generic[MessageT, ItemT]):
    """Iterates ``fold(message)`` for each message of a server stream.

    Use it as ``async with`` and/or ``async for``; leaving the block, :meth:`aclose`, or
    dropping the stream before its end cancels the RPC on the server.
    """

    def __init__(
        self, messages: AsyncResponseStream[MessageT], fold: Callable[[MessageT], ItemT]
    ) -> None:
        self._messages = messages
        self._fold = fold

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> ItemT:
        return self._fold(await self._messages.__anext__())

    async def __aenter__(self) -> Self:
        await self._messages.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop streaming; cancels the RPC if it is still running."""
        await self._messages.aclose()
