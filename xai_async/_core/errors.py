"""The error hierarchy, shared by ``xai_async`` and ``xai_sync``.

Every failed RPC is raised as an :class:`APIError` subclass chosen by its gRPC status. Each one
*is* a :class:`grpc.RpcError` (with ``code()``, ``details()``, ``trailing_metadata()``), and
also a :class:`grpc.aio.AioRpcError`, so code written for the official SDK — which documents
``except grpc.RpcError`` for the sync client and ``except grpc.aio.AioRpcError`` for the async
one — keeps catching what it caught before, while new code can catch e.g. ``RateLimitError``.
"""

from __future__ import annotations

from typing import Any

import grpc
import grpc.aio

__all__ = [
    "APIError",
    "AbortedError",
    "AlreadyExistsError",
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
    "error_from_rpc",
]


class XAIError(Exception):
    """Base class of every exception this SDK raises on purpose."""


class ClientClosedError(XAIError, RuntimeError):
    """The client (or the stream) was used after ``close()``."""


class NotYetImplementedError(XAIError, NotImplementedError):
    """A part of the official SDK's API that this version does not have yet."""


class PollTimeoutError(XAIError, TimeoutError):
    """A long-running operation (deferred completion, video, indexing) did not finish in time.

    A ``TimeoutError``, as the official SDK raises; the RPCs themselves succeeded.
    """


class DeferredError(XAIError, RuntimeError):
    """A deferred request ended without a result: the server reports it expired or failed.

    A ``RuntimeError``, as the official SDK raises for an expired request.

    Attributes:
        request_id: The deferred request's id.
        status: ``"EXPIRED"`` or ``"FAILED"``.
    """

    def __init__(self, message: str, *, request_id: str, status: str) -> None:
        super().__init__(message)
        self.request_id = request_id
        self.status = status


class VideoGenerationError(DeferredError):
    """The server reports that a video generation (or extension) failed.

    As the official SDK's ``VideoGenerationError``, it carries the server's ``code`` and
    ``message``; it is also a :class:`DeferredError` (status ``"FAILED"``), so a
    ``RuntimeError``.

    Attributes:
        code: The failure's code, as the server gave it (``"UNKNOWN"`` if it gave none).
        message: What the server said went wrong.
        request_id: The video request's id (``""`` if unknown).
    """

    def __init__(self, code: str, message: str, *, request_id: str = "") -> None:
        super().__init__(
            f"Video generation failed [{code}]: {message}", request_id=request_id, status="FAILED"
        )
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_video_error, (self.code, self.message, self.request_id))


def _video_error(code: str, message: str, request_id: str) -> VideoGenerationError:
    return VideoGenerationError(code, message, request_id=request_id)


class ToolCallError(XAIError, ValueError):
    """The model asked ``run_tools`` for a function it was not given, or with bad arguments.

    Attributes:
        tool_call: The call as the model made it.
    """

    def __init__(self, message: str, *, tool_call: Any) -> None:
        super().__init__(message)
        self.tool_call = tool_call


class ToolRoundsExceededError(XAIError):
    """``run_tools`` sampled ``max_rounds`` times and the model still asked for tools.

    Attributes:
        response: The last response (its tool calls were not run).
    """

    def __init__(self, message: str, *, response: Any) -> None:
        super().__init__(message)
        self.response = response


class APIError(XAIError, grpc.aio.AioRpcError):
    """An RPC failed; ``code()`` and ``details()`` say how, as gRPC reported it.

    Attributes:
        method: The full gRPC method name, e.g. ``/xai_api.Chat/GetCompletion``.
    """

    #: The status this class stands for (``None`` only on the base class).
    status: grpc.StatusCode | None = None

    def __init__(
        self,
        code: grpc.StatusCode,
        initial_metadata: Any = None,
        trailing_metadata: Any = None,
        details: str | None = None,
        debug_error_string: str | None = None,
        *,
        method: str = "",
    ) -> None:
        super().__init__(code, initial_metadata, trailing_metadata, details, debug_error_string)
        self.method = method

    def __str__(self) -> str:
        where = f" ({self.method})" if self.method else ""
        return f"{self.code().name}: {self.details() or 'no details'}{where}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code().name}, details={self.details()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (
                type(self),
                self.code(),
                self.initial_metadata(),
                self.trailing_metadata(),
                self.details(),
                self.debug_error_string(),
                self.method,
            ),
        )


def _rebuild(cls: type[APIError], *args: Any) -> APIError:
    *positional, method = args
    return cls(*positional, method=method)


class CancelledError(APIError):
    """The RPC was cancelled (status CANCELLED), e.g. by the server."""

    status = grpc.StatusCode.CANCELLED


class UnknownError(APIError):
    """An unexpected issue on the server side (UNKNOWN)."""

    status = grpc.StatusCode.UNKNOWN


class InvalidArgumentError(APIError):
    """The request was rejected as malformed (INVALID_ARGUMENT)."""

    status = grpc.StatusCode.INVALID_ARGUMENT


class DeadlineExceededError(APIError):
    """The call did not finish within its timeout (DEADLINE_EXCEEDED)."""

    status = grpc.StatusCode.DEADLINE_EXCEEDED


class NotFoundError(APIError):
    """The model or resource does not exist (NOT_FOUND)."""

    status = grpc.StatusCode.NOT_FOUND


class AlreadyExistsError(APIError):
    """The resource already exists (ALREADY_EXISTS)."""

    status = grpc.StatusCode.ALREADY_EXISTS


class PermissionDeniedError(APIError):
    """The key is disabled, blocked or lacks access (PERMISSION_DENIED)."""

    status = grpc.StatusCode.PERMISSION_DENIED


class RateLimitError(APIError):
    """A quota or rate limit was exceeded (RESOURCE_EXHAUSTED)."""

    status = grpc.StatusCode.RESOURCE_EXHAUSTED


class FailedPreconditionError(APIError):
    """The system is not in a state the call needs (FAILED_PRECONDITION)."""

    status = grpc.StatusCode.FAILED_PRECONDITION


class AbortedError(APIError):
    """The operation was aborted, typically by a concurrency conflict (ABORTED)."""

    status = grpc.StatusCode.ABORTED


class OutOfRangeError(APIError):
    """A value was past the valid range (OUT_OF_RANGE)."""

    status = grpc.StatusCode.OUT_OF_RANGE


class UnimplementedError(APIError):
    """The method is not implemented by the server (UNIMPLEMENTED)."""

    status = grpc.StatusCode.UNIMPLEMENTED


class InternalServerError(APIError):
    """An internal error on the xAI side (INTERNAL)."""

    status = grpc.StatusCode.INTERNAL


class UnavailableError(APIError):
    """The service is temporarily unavailable, after the retries ran out (UNAVAILABLE)."""

    status = grpc.StatusCode.UNAVAILABLE


class DataLossError(APIError):
    """Unrecoverable data loss, e.g. an image URL that could not be fetched (DATA_LOSS)."""

    status = grpc.StatusCode.DATA_LOSS


class MessageTooLargeError(APIError):
    """A request or response was over the client's message-size limit.

    gRPC raises it locally as RESOURCE_EXHAUSTED; it is not a rate limit, and retrying will
    not help. The SDK allows 20 MiB each way; raise the limits with
    ``channel_options=[("grpc.max_send_message_length", n),
    ("grpc.max_receive_message_length", n)]``.
    """

    status = grpc.StatusCode.RESOURCE_EXHAUSTED


class AuthenticationError(APIError):
    """The API key is missing, invalid or expired (UNAUTHENTICATED)."""

    status = grpc.StatusCode.UNAUTHENTICATED


_BY_STATUS: dict[grpc.StatusCode, type[APIError]] = {
    cls.status: cls
    for cls in (
        CancelledError,
        UnknownError,
        InvalidArgumentError,
        DeadlineExceededError,
        NotFoundError,
        AlreadyExistsError,
        PermissionDeniedError,
        RateLimitError,
        FailedPreconditionError,
        AbortedError,
        OutOfRangeError,
        UnimplementedError,
        InternalServerError,
        UnavailableError,
        DataLossError,
        AuthenticationError,
    )
    if cls.status is not None
}


def error_from_rpc(error: grpc.RpcError, method: str = "") -> APIError:
    """Return the typed error for a failed call (a ``grpc.Call`` that raised, or an AioRpcError).

    Args:
        error: The exception grpcio raised; it must also be a ``grpc.Call`` (sync) or an
            ``AioRpcError`` (asyncio), as every RPC failure from grpcio is.
        method: The full method name, kept for the message.
    """
    if isinstance(error, APIError):
        return error
    call: Any = error
    code: grpc.StatusCode = call.code()
    cls = _BY_STATUS.get(code, APIError)
    details = call.details() or ""
    if code == grpc.StatusCode.RESOURCE_EXHAUSTED and "message larger than max" in details:
        cls = MessageTooLargeError
    # Never call debug_error_string(): on a call that grpcio ended locally (cancelled, closed
    # channel) it blocks forever. code(), details() and the metadata are already settled.
    return cls(
        code,
        call.initial_metadata(),
        call.trailing_metadata(),
        details,
        None,
        method=method,
    )
