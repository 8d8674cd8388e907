"""The CLIENT span of each call, on OpenTelemetry (the one module that imports it).

:func:`trace_call` gives a :class:`~xai_async._core.io.front.Call` its :class:`CallSpan` when it
is made; the call starts, feeds and ends the span at the same points it tells its observers,
whichever transport carries it. A public call made of several RPCs (``chat.defer``:
start, then polls) runs them inside an :class:`OperationScope`: one span for all of them,
named and described by the first request, fed by every response.
"""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Callable
from contextvars import ContextVar
from types import TracebackType
from typing import Any

import grpc
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer, TracerProvider
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from xai_async._core.errors import APIError, ClientClosedError
from xai_async._core.methods import Cardinality, Encoded
from xai_async._core.telemetry import (
    Operation,
    should_disable_sensitive_attributes,
    tracing_disabled,
)
from xai_async._core.telemetry.attributes import (
    Attributes,
    ChunkReader,
    answers_requested,
    base_attributes,
    request_attributes,
    response_attributes,
    span_name,
)
from xai_async._core.version import __version__

__all__ = ["CallSpan", "OperationScope", "operation_scope", "trace_call", "use_provider"]

_LOGGER = logging.getLogger("xai_async")
_PROPAGATOR = TraceContextTextMapPropagator()
_SCOPE: ContextVar[OperationScope | None] = ContextVar("xai_operation_scope", default=None)
_CHAT_CHUNKS = "/xai_api.Chat/GetCompletionChunk"
_NO_PROVIDER = (trace.ProxyTracerProvider, trace.NoOpTracerProvider)
_UNKNOWN = object()
#: OpenTelemetry makes the global provider named here on first use.
_PROVIDER_FROM_ENVIRONMENT = "OTEL_PYTHON_TRACER_PROVIDER" in os.environ

#: The provider given to ``Telemetry(provider=...)``; ``None``: the global one.
_provider: TracerProvider | None = None
_tracers: dict[int, tuple[TracerProvider, Tracer]] = {}


def use_provider(provider: TracerProvider | None) -> None:
    """Send the SDK's spans to ``provider`` (``None``: to the global provider)."""
    global _provider
    _provider = provider


def _tracer() -> Tracer:
    provider = _provider if _provider is not None else trace.get_tracer_provider()
    found = _tracers.get(id(provider))
    if found is None or found[0] is not provider:
        found = _tracers[id(provider)] = (provider, provider.get_tracer("xai_async", __version__))
    return found[1]


def _off() -> bool:
    """Whether no span would be kept: switched off now, or no tracer provider set up."""
    if tracing_disabled():
        return True
    if _provider is not None:
        return False
    # Until the application sets a provider, OpenTelemetry's spans are empty shells. Its
    # global (set once, then for good) says so in 0.03 µs; get_tracer_provider() takes 1 µs.
    provider = getattr(trace, "_TRACER_PROVIDER", _UNKNOWN)
    if provider is None and not _PROVIDER_FROM_ENVIRONMENT:
        return True
    if provider is None or provider is _UNKNOWN:
        provider = trace.get_tracer_provider()
    return isinstance(provider, _NO_PROVIDER)


def trace_call(call: Any, request: Any, operation: Operation | None) -> None:
    """Give ``call`` its span, unless tracing is off (``XAI_SDK_DISABLE_TRACING``, read now)."""
    if not _off():
        try:
            call.span = CallSpan(call, request, operation, _SCOPE.get())
        except Exception:  # a span never breaks its call
            _LOGGER.debug("no span for %s", call.method.path, exc_info=True)


def _safely(read: Callable[[], Attributes]) -> Attributes:
    """What ``read`` gives, or nothing if it fails: a span never breaks its call."""
    try:
        return read()
    except Exception:
        _LOGGER.debug("could not read a span's attributes", exc_info=True)
        return {}


def operation_scope(operation: Operation) -> OperationScope | None:
    """A scope that makes one span of the RPCs run inside it, or ``None`` if tracing is off."""
    return None if _off() else OperationScope(operation)


def _decoded(method: Any, request: Any) -> Any:
    if type(request) is Encoded:
        return method.request_type.parse(request.data)
    return request


def _utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def _finish(span: Span, error: BaseException | None, code: grpc.StatusCode | None) -> None:
    """Record how the call ended: its gRPC status, and the error if it failed."""
    if isinstance(error, APIError):
        code = error.code()
    elif error is not None and code is None:
        code = grpc.StatusCode.CANCELLED if _is_cancellation(error) else None
    if code is not None:
        span.set_attribute("rpc.grpc.status_code", code.value[0])
    if error is None:
        return
    kind = code.name if code is not None else type(error).__name__
    span.set_attribute("error.type", kind)
    span.set_status(Status(StatusCode.ERROR, f"{kind}: {error}"))
    if not _is_cancellation(error):
        span.record_exception(error)


def _is_cancellation(error: BaseException) -> bool:
    if isinstance(error, (ClientClosedError, KeyboardInterrupt, GeneratorExit)):
        return True
    # asyncio.CancelledError, trio.Cancelled, anyio's: named, not imported (no loop here).
    return type(error).__name__ in ("CancelledError", "Cancelled")


class CallSpan:
    """The span of one RPC (or its share of an operation's span)."""

    __slots__ = (
        "_base",
        "_chunks",
        "_first_chunk",
        "_metadata",
        "_n",
        "_name",
        "_request",
        "_scope",
        "_sensitive",
        "_span",
        "_streaming",
    )

    def __init__(
        self, call: Any, request: Any, operation: Operation | None, scope: OperationScope | None
    ) -> None:
        method = call.method
        request = _decoded(method, request)
        self._request = request
        self._scope = scope
        self._sensitive = not should_disable_sensitive_attributes()
        self._n = answers_requested(request)
        if scope is not None:  # the operation's span: its name, the first request's model
            operation = scope.operation
        self._name = span_name(method.path, request, operation.name if operation else None)
        base = base_attributes(method.path, call.settings.target)
        if operation is not None and self._sensitive:
            base.update(operation.attributes)
        self._base = base
        self._streaming = method.cardinality in (
            Cardinality.UNARY_STREAM,
            Cardinality.STREAM_STREAM,
        )
        chat_stream = method.path == _CHAT_CHUNKS and self._sensitive
        self._chunks = ChunkReader(self._n) if chat_stream else None
        self._first_chunk = True
        self._span: Span | None = None
        self._metadata: tuple[tuple[str, str], ...] | None = None

    def start(self) -> None:
        """Open the span (or join the operation's) as the call is sent."""
        request, sensitive = self._request, self._sensitive
        attributes = {**self._base, **_safely(lambda: request_attributes(request, sensitive))}
        if self._scope is not None:
            self._span = self._scope.join(self._name, attributes)
        else:
            self._span = _tracer().start_span(
                self._name, kind=SpanKind.CLIENT, attributes=attributes
            )

    def metadata(self, base: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        """``base`` plus the W3C ``traceparent`` of this span, so the server can join the trace."""
        if self._metadata is None:
            carrier: dict[str, str] = {}
            if self._span is not None and self._span.get_span_context().is_valid:
                _PROPAGATOR.inject(carrier, context=trace.set_span_in_context(self._span))
            self._metadata = (*base, *carrier.items())
        return self._metadata

    def received(self, message: Any) -> None:
        """A response (or a stream's next message) arrived."""
        span = self._span
        if span is None or not span.is_recording():
            return
        if self._streaming and self._first_chunk:
            self._first_chunk = False
            span.set_attribute("gen_ai.completion.start_time", _utc_now())
        if not self._sensitive:
            return
        chunks = self._chunks
        if chunks is None:
            span.set_attributes(_safely(lambda: response_attributes(message, self._n)))
            return
        try:
            chunks.add(message)
        except Exception:  # the caller's stream goes on; the span says less
            _LOGGER.debug("could not fold a chunk into a span", exc_info=True)
            self._chunks = None

    def end(self, error: BaseException | None, code: grpc.StatusCode | None) -> None:
        """The call ended: close the span (an operation's closes with its scope)."""
        span = self._span
        if span is None:
            return
        chunks = self._chunks
        if chunks is not None and span.is_recording():
            span.set_attributes(_safely(chunks.attributes))
        if self._scope is None:
            _finish(span, error, code)
            span.end()


class OperationScope:
    """One span for the RPCs of one public call; opened by the first, closed on exit."""

    __slots__ = ("_token", "operation", "span")

    def __init__(self, operation: Operation) -> None:
        self.operation = operation
        self._token: Any = None
        self.span: Span | None = None

    def join(self, name: str, attributes: dict[str, Any]) -> Span:
        """The operation's span, opened with its first RPC's name and attributes."""
        if self.span is None:
            self.span = _tracer().start_span(name, kind=SpanKind.CLIENT, attributes=attributes)
        return self.span

    def __enter__(self) -> OperationScope:
        self._token = _SCOPE.set(self)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _SCOPE.reset(self._token)
        if self.span is not None:
            _finish(self.span, exc, None if exc is not None else grpc.StatusCode.OK)
            self.span.end()
