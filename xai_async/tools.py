"""Tools for ``chat.create(tools=[...])``: server-side tools, and ``tool()`` for your functions.

As in ``xai_sdk.tools`` (plus ``attachment_search``, which the API has and the official SDK
does not). The builders are shared by both packages: they only make messages.
"""

from xai_async._core.chat.tools import (
    attachment_search,
    code_execution,
    collections_search,
    get_tool_call_type,
    image_generation,
    mcp,
    tool,
    web_search,
    x_search,
)
from xai_async._core.types import DocumentRetrievalMode

__all__ = [
    "DocumentRetrievalMode",
    "attachment_search",
    "code_execution",
    "collections_search",
    "get_tool_call_type",
    "image_generation",
    "mcp",
    "tool",
    "web_search",
    "x_search",
]
