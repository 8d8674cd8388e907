"""The xAI API SDK: ``AsyncClient`` (asyncio and trio) in ``xai_async``, ``Client`` in ``xai_sync``.

Everything but the errors loads on first use, so importing the package stays cheap. The API
areas are this package's modules (``xai_async.chat`` ...). For code ported from the official
SDK, ``xai_async.aio`` is this package and ``xai_async.sync`` the synchronous one, so
annotations such as ``xai_sdk.aio.chat.Chat`` keep working after ``import xai_async as xai_sdk``.
"""

from typing import TYPE_CHECKING, Any

from xai_async._core import areas as _areas
from xai_async._core.errors import (
    AbortedError,
    AlreadyExistsError,
    APIError,
    AuthenticationError,
    CancelledError,
    ClientClosedError,
    DataLossError,
    DeadlineExceededError,
    DeferredError,
    FailedPreconditionError,
    InternalServerError,
    InvalidArgumentError,
    MessageTooLargeError,
    NotFoundError,
    NotYetImplementedError,
    OutOfRangeError,
    PermissionDeniedError,
    PollTimeoutError,
    RateLimitError,
    ToolCallError,
    ToolRoundsExceededError,
    UnavailableError,
    UnimplementedError,
    UnknownError,
    VideoGenerationError,
    XAIError,
)
from xai_async._core.version import __version__

if TYPE_CHECKING:  # what the lazy table below gives, for type checkers
    import xai_async as aio
    import xai_async.proto as proto
    import xai_sync as sync

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
    "DeferredError",
    "FailedPreconditionError",
    "InternalServerError",
    "InvalidArgumentError",
    "MessageTooLargeError",
    "NotFoundError",
    "NotYetImplementedError",
    "OutOfRangeError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "RateLimitError",
    "ToolCallError",
    "ToolRoundsExceededError",
    "UnavailableError",
    "UnimplementedError",
    "UnknownError",
    "VideoGenerationError",
    "XAIError",
    "__version__",
]

if TYPE_CHECKING:
    # For type checkers only, so that annotations such as ``xai_sdk.aio.chat.Chat`` (after
    # ``import xai_async as xai_sdk``) resolve; at run time a star import stays cheap.
    __all__ += ["aio", "proto", "sync"]

#: Names loaded on first use: name -> (module, attribute or None for the module itself).
#: API areas need no entry: every public submodule is found by name.
_LAZY = {
    "AsyncClient": (".client", "AsyncClient"),
    "aio": ("xai_async", None),
    "sync": ("xai_sync", None),
    "proto": ("xai_async.proto", None),
}


def __getattr__(name: str) -> Any:
    return _areas.module_attribute(__name__, name, _LAZY)


def __dir__() -> list[str]:
    return _areas.public_names(__name__, __all__, _LAZY)
