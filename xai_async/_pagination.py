"""Every item of a list call that pages with ``pagination_token``.

Files, collections, documents and batches page this way; the next page is fetched only when
the items run out.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from typing_extensions import Self

from xai_async._core.errors import XAIError
from xai_async._core.io.async_primitives import AsyncResult
from xai_async._core.io.async_transport import AsyncTransport
from xai_async._core.methods import Method, RequestT, ResponseT
from xai_async._core.validate import timeout_seconds

__all__ = ["AsyncPager", "pager", "rpc_pager"]

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")
PageRequestT = TypeVar("PageRequestT")


class AsyncPager(Generic[PageT, ItemT]):
    """Iterates the items of every page; :meth:`next_page` hands out whole pages instead.

    Args:
        fetch: Gets the page after ``pagination_token`` (``None`` for the first page).
        items: The items of a page.
        next_token: The token of the page after this one (empty at the end).
    """

    def __init__(
        self,
        fetch: Callable[[str | None], AsyncResult[PageT]],
        items: Callable[[PageT], Sequence[ItemT]],
        next_token: Callable[[PageT], str | None],
    ) -> None:
        self._fetch = fetch
        self._items = items
        self._next_token = next_token
        self._token: str | None = None
        self._seen: set[str] = set()
        self._exhausted = False
        self._buffer: collections.deque[ItemT] = collections.deque()

    async def next_page(self) -> PageT | None:
        """The next page, or ``None`` after the last one.

        Raises:
            XAIError: The server sent a token it had sent before (iteration would not end).
        """
        if self._exhausted:
            return None
        page = await self._fetch(self._token)
        token = self._next_token(page)
        if not token:
            self._exhausted = True
        elif token in self._seen:
            self._exhausted = True
            raise XAIError(f"The server repeated pagination token {token!r}; stopping.")
        else:
            self._seen.add(token)
        self._token = token or None
        return page

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> ItemT:
        while not self._buffer:
            page = await self.next_page()
            if page is None:
                raise StopAsyncIteration
            self._buffer.extend(self._items(page))
        return self._buffer.popleft()


def pager(
    fetch: Callable[[PageRequestT], AsyncResult[PageT]],
    first: PageRequestT,
    items: Callable[[PageT], Sequence[ItemT]],
    next_token: Callable[[PageT], str | None],
    timeout: float | None,
) -> AsyncPager[PageT, ItemT]:
    """A pager whose page requests are ``first`` with each page's ``pagination_token``.

    Args:
        fetch: Sends one page request (with ``timeout``, checked here before anything is sent).
        first: The request of the first page (a dataclass with ``pagination_token``).
        items: The items of a page.
        next_token: The token of the page after a page.
        timeout: Seconds each page's call may take (``None``: the client's timeout).

    Raises:
        ValueError, TypeError: ``timeout`` is not a positive number of seconds.
    """
    if timeout is not None:
        timeout_seconds(timeout)

    def fetch_after(token: str | None) -> AsyncResult[PageT]:
        return fetch(dataclasses.replace(first, pagination_token=token))  # type: ignore[type-var]

    return AsyncPager(fetch_after, items, next_token)


def rpc_pager(
    transport: AsyncTransport,
    method: Method[RequestT, ResponseT],
    first: RequestT,
    items: Callable[[ResponseT], Sequence[ItemT]],
    next_token: Callable[[ResponseT], str | None],
    timeout: float | None,
) -> AsyncPager[ResponseT, ItemT]:
    """A :func:`pager` whose pages are ``method``'s responses, as they come."""

    def fetch(request: RequestT) -> AsyncResult[ResponseT]:
        return transport.unary_unary(method, request, timeout=timeout)

    return pager(fetch, first, items, next_token, timeout)
