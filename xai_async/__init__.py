"""xai_async: the async-first Python SDK for the xAI API (asyncio and trio).

``from xai_async import AsyncClient``; the synchronous twin is ``from xai_sync import Client``.
"""

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
