"""What every call goes through before and after the wire, whichever half carries it.

:class:`Front` holds the settings of the client's hosts and its observers; for each call it
makes a :class:`Call`: the method, the host's settings, the deadline and metadata (checked
before anything is sent), and the place where the outcome is reported — success, a typed
error for a failed RPC, or an interruption (cancellation, a closed client).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

import grpc

from xai_async._core.channel import ChannelSettings
from xai_async._core.errors import (
    APIError,
    ClientClosedError,
    DataLossError,
    DeadlineExceededError,
    error_from_rpc,
)
from xai_async._core.methods import Cardinality, Host, Method
from xai_async._core.telemetry import Operation, tracing_hook

__all__ = ["BoundChannel", "Call", "CallLogger", "CallObserver", "Front"]


class CallObserver(Protocol):
    """Told when each call starts and ends (the hook for telemetry and call metadata)."""

    def call_started(self, call: Call) -> None:
        """The call is about to be sent."""

    def call_ended(self, call: Call, error: BaseException | None) -> None:
        """The call ended: ``error`` is ``None``, the typed ``APIError``, or what interrupted it."""


class CallLogger:
    """Logs one DEBUG line per call: method, host, duration and how it ended, never a secret.

    Installed per call, only while the package's logger is enabled for DEBUG.
    """

    __slots__ = ("_logger",)

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def call_started(self, call: Call) -> None:
        """Nothing to log yet: the line is written when the call ends."""

    def call_ended(self, call: Call, error: BaseException | None) -> None:
        """Log the call (the status name, or the class of what interrupted it)."""
        if call.code is not None:
            outcome = call.code.name
        else:
            outcome = type(error).__name__ if error is not None else "unknown"
        self._logger.debug(
            "%s on %s: %s in %.1f ms",
            call.method.path,
            call.settings.target,
            outcome,
            (call.duration or 0.0) * 1000,
        )


class Front:
    """The part of a transport that is the same for asyncio, trio and sync."""

    def __init__(
        self,
        api: ChannelSettings,
        management: ChannelSettings | None = None,
        observers: Sequence[CallObserver] = (),
        *,
        logger: logging.Logger | None = None,
    ) -> None:
        self.hosts: dict[Host, ChannelSettings] = {Host.API: api}
        if management is not None:
            self.hosts[Host.MANAGEMENT] = management
        self.observers = tuple(observers)
        self.logger = logger
        #: :mod:`xai_async._core.telemetry.spans`, or ``None`` without OpenTelemetry.
        self.tracing = tracing_hook()

    def call(
        self,
        method: Method[Any, Any],
        timeout: float | None,
        request: Any = None,
        operation: Operation | None = None,
    ) -> Call:
        """Check the deadline and the host of one call (raises before anything is sent).

        ``request`` and ``operation`` describe the call to its span, if it gets one.
        """
        settings = self.hosts.get(method.host)
        if settings is None:
            raise ValueError(
                f"{method.path} is served by the management API: pass management_api_key=... "
                "to the client or set the XAI_MANAGEMENT_KEY environment variable."
            )
        observers = self.observers
        logger = self.logger
        if logger is not None and logger.isEnabledFor(logging.DEBUG):  # else: one check a call
            observers = (*observers, CallLogger(logger))
        call = Call(method, settings, settings.deadline(timeout), observers)
        if self.tracing is not None:
            self.tracing.trace_call(call, request, operation)
        return call

    def operation(self, operation: Operation) -> AbstractContextManager[object]:
        """A scope whose RPCs make one span, named by ``operation`` (a no-op when not traced)."""
        scope = None if self.tracing is None else self.tracing.operation_scope(operation)
        return _NO_SCOPE if scope is None else scope

    def __repr__(self) -> str:
        hosts = ", ".join(f"{host.value}={settings!r}" for host, settings in self.hosts.items())
        return f"Front({hosts})"


_CLIENT_STREAMING = (Cardinality.STREAM_UNARY, Cardinality.STREAM_STREAM)
_NO_SCOPE = contextlib.nullcontext()


class Call:
    """One RPC: where it goes, its deadline and metadata, and how it ended.

    Attributes:
        method: The RPC.
        settings: The settings of the host that serves it.
        timeout: Seconds the call may take.
        code: The gRPC status once it ended (``None`` while running or if interrupted).
        trailing_metadata: What the server sent at the end of a successful call, for the
            observers (collected only when there are observers, so it costs nothing otherwise).
        started: ``time.monotonic()`` when it was sent.
        duration: Seconds it took, once it ended.
        span: Its OpenTelemetry span (:class:`~xai_async._core.telemetry.spans.CallSpan`),
            or ``None`` when it is not traced.
    """

    __slots__ = (
        "code",
        "duration",
        "method",
        "observers",
        "settings",
        "span",
        "started",
        "timeout",
        "trailing_metadata",
    )

    def __init__(
        self,
        method: Method[Any, Any],
        settings: ChannelSettings,
        timeout: float,
        observers: tuple[CallObserver, ...],
    ) -> None:
        self.method = method
        self.settings = settings
        self.timeout = timeout
        self.observers = observers
        self.code: grpc.StatusCode | None = None
        self.trailing_metadata: tuple[tuple[str, str | bytes], ...] = ()
        self.started = 0.0
        self.duration: float | None = None
        self.span: Any = None

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        """Metadata sent with the call (with the W3C ``traceparent`` of its span, if any)."""
        if self.span is None:
            return self.settings.metadata
        metadata: tuple[tuple[str, str], ...] = self.span.metadata(self.settings.metadata)
        return metadata

    def start(self) -> None:
        """Record that the call is being sent."""
        self.started = time.monotonic()
        if self.span is not None:
            self.span.start()
        for observer in self.observers:
            observer.call_started(self)

    @property
    def observed(self) -> bool:
        """Whether anyone listens (carriers collect trailing metadata only then)."""
        return bool(self.observers)

    def keep_trailing_metadata(self, metadata: Any) -> None:
        """Store what the server sent at the end (carriers call this when :attr:`observed`)."""
        self.trailing_metadata = tuple((key, value) for key, value in metadata or ())

    def succeeded(self) -> None:
        """Record a successful end."""
        self.code = grpc.StatusCode.OK
        self._end(None)

    def failed(self, error: grpc.RpcError) -> APIError:
        """Record a failed RPC; returns the typed error to raise."""
        typed = error_from_rpc(error, self.method.path)
        if (
            typed.code() is grpc.StatusCode.INTERNAL
            and self.method.cardinality in _CLIENT_STREAMING
            and time.monotonic() - self.started >= self.timeout
        ):
            # grpc.aio may report a deadline that ends an upload while it still writes as
            # INTERNAL "Internal error from Core" (grpc/grpc#36066): name it for what it is.
            typed = DeadlineExceededError(
                grpc.StatusCode.DEADLINE_EXCEEDED,
                None,
                None,
                f"Deadline Exceeded (after {self.timeout:g} s; gRPC reported: {typed.details()})",
                method=self.method.path,
            )
        self.code = typed.code()
        self._end(typed)
        return typed

    def decode(self, data: bytes) -> Any:
        """The response message in ``data``; undecodable bytes end the call as DATA_LOSS."""
        try:
            message = self.method.deserialize(data)
        except Exception as error:  # protobuf's DecodeError, or bytes of another message
            what = (
                "ended the call without a response message (or with a truncated one)"
                if data is None
                else f"sent a response that cannot be decoded as "
                f"{self.method.response_type.__name__}: {error}"
            )
            typed = DataLossError(
                grpc.StatusCode.DATA_LOSS, None, None, f"the server {what}", method=self.method.path
            )
            self.code = typed.code()
            self._end(typed)
            raise typed from None
        if self.span is not None:
            self.span.received(message)
        return message

    def closed_under(self) -> ClientClosedError:
        """Record an end by its stream or client being closed while the call ran.

        Another task or thread closed it; returns the error to raise.
        """
        closed = ClientClosedError(f"{self.method.path} was closed while it was running.")
        self._end(closed)
        return closed

    def interrupted(self, reason: BaseException) -> None:
        """Record an end by cancellation or another exception raised while waiting."""
        self._end(reason)

    def _end(self, error: BaseException | None) -> None:
        if self.duration is not None:
            return  # report one end only
        self.duration = time.monotonic() - self.started
        if self.span is not None:
            self.span.end(error, self.code)
        for observer in self.observers:
            observer.call_ended(self, error)

    def __repr__(self) -> str:
        return f"Call({self.method.path}, timeout={self.timeout}, code={self.code})"


class BoundChannel:
    """A channel and the multi-callables made on it so far (made once per method, not per call)."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        self._callables: dict[str, Any] = {}

    def callable(self, method: Method[Any, Any]) -> Any:
        """The multi-callable of ``method`` on this channel."""
        found = self._callables.get(method.path)
        if found is None:
            found = self._callables[method.path] = method.bind(self.channel)
        return found
