"""Every item of a list call that pages with ``pagination_token``.

Files, collections, documents and batches page this way; the next page is fetched only when
the items run out.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from typing_extensions import Self

from xai_async._core.errors import XAIError
from xai_async._core.io.async_primitives import AsyncResult

__all__ = ["AsyncPager"]

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")


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
