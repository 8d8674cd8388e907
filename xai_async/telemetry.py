"""Tracing with OpenTelemetry: every public call is a CLIENT span (gen_ai conventions).

OpenTelemetry is optional (``pip install 'xai-async[telemetry]'``, or ``[telemetry-http]`` /
``[telemetry-grpc]`` with an OTLP exporter). Spans go to the global tracer provider, or to the
one given to :class:`Telemetry`. ``XAI_SDK_DISABLE_TRACING=1`` turns tracing off and
``XAI_SDK_DISABLE_SENSITIVE_TELEMETRY_ATTRIBUTES=1`` keeps prompts, answers, usage and ids out
of spans; both are read when each call starts.
"""

from __future__ import annotations

from xai_async._core.telemetry.setup import (
    Telemetry,
    get_tracer,
    should_disable_sensitive_attributes,
)

__all__ = ["Telemetry", "get_tracer", "should_disable_sensitive_attributes"]
