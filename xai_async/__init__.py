"""The xAI API SDK: ``AsyncClient`` (asyncio and trio) in ``xai_async``, ``Client`` in ``xai_sync``.

The client and the ``chat`` module load on first use, so importing the package (or one of
the shared modules, as ``xai_sync`` does) stays cheap.
"""

from typing import TYPE_CHECKING, Any

from xai_async._errors import (
    AbortedError,
    AlreadyExistsError,
    APIError,
    AuthenticationError,
    CancelledError,
    ClientClosedError,
    DataLossError,
    DeadlineExceededError,
    FailedPreconditionError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    OutOfRangeError,
    PermissionDeniedError,
    RateLimitError,
    UnavailableError,
    UnimplementedError,
    UnknownError,
    XAIError,
)
from xai_async._version import __version__

if TYPE_CHECKING:
    from . import chat
    from .client import AsyncClient

__all__ = [
    "APIError",
    "AbortedError",
    "AlreadyExistsError",
    "AsyncClient",
    "AuthenticationError",
    "CancelledError",
    "ClientClosedError",
    "DataLossError",
    "DeadlineExceededError",
    "FailedPreconditionError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "OutOfRangeError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnavailableError",
    "UnimplementedError",
    "UnknownError",
    "XAIError",
    "__version__",
    "chat",
]


def __getattr__(name: str) -> Any:
    if name == "AsyncClient":
        from .client import AsyncClient

        return AsyncClient
    if name == "chat":
        from . import chat

        return chat
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
