"""``Telemetry``: set up where the SDK's spans go (the official SDK's public names).

Importing this module does not import OpenTelemetry; making a :class:`Telemetry` does, and
says which extra to install when it is missing.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from xai_async._core.telemetry import should_disable_sensitive_attributes, tracing_disabled
from xai_async._core.version import __version__

__all__ = ["Telemetry", "get_tracer", "should_disable_sensitive_attributes"]

_EXPORTERS = {
    "http/protobuf": ("opentelemetry.exporter.otlp.proto.http.trace_exporter", "telemetry-http"),
    "grpc": ("opentelemetry.exporter.otlp.proto.grpc.trace_exporter", "telemetry-grpc"),
}


def _import(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f"{module} is not installed: pip install 'xai-async[{extra}]'") from error


def _sdk(module: str = "") -> Any:
    return _import("opentelemetry.sdk.trace" + module, "telemetry")


class Telemetry:
    """Where the SDK's spans go: a tracer provider and its exporters.

    Args:
        provider: An OpenTelemetry ``TracerProvider`` of yours. The SDK's spans go to it (the
            official SDK would keep sending them to the global provider). Without one, a
            provider named ``service.name=xai-sdk`` is made and becomes the global provider.

    Raises:
        ImportError: OpenTelemetry's SDK is not installed (``pip install 'xai-async[telemetry]'``).
    """

    def __init__(self, provider: Any = None) -> None:
        sdk = _sdk()
        spans = importlib.import_module("xai_async._core.telemetry.spans")
        if provider is None:
            resources = _import("opentelemetry.sdk.resources", "telemetry")
            resource = resources.Resource.create(
                {resources.SERVICE_NAME: "xai-sdk", resources.SERVICE_VERSION: __version__}
            )
            provider = sdk.TracerProvider(resource=resource)
            importlib.import_module("opentelemetry.trace").set_tracer_provider(provider)
            spans.use_provider(None)
        else:
            spans.use_provider(provider)
        self.provider = provider

    def setup_otlp_exporter(self, **kwargs: Any) -> None:
        """Export spans by OTLP, in batches (``**kwargs`` go to ``OTLPSpanExporter``).

        ``OTEL_EXPORTER_OTLP_PROTOCOL`` picks ``http/protobuf`` (the default, extra
        ``telemetry-http``) or ``grpc`` (extra ``telemetry-grpc``); the other standard
        ``OTEL_EXPORTER_OTLP_*`` variables (endpoint, headers ...) apply as usual.

        Raises:
            ValueError: ``OTEL_EXPORTER_OTLP_PROTOCOL`` names another protocol.
            ImportError: The exporter of that protocol is not installed.
        """
        protocol = os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf").lower()
        if protocol not in _EXPORTERS:
            raise ValueError(
                f"OTEL_EXPORTER_OTLP_PROTOCOL={protocol!r} is not supported: "
                f"use one of {', '.join(map(repr, _EXPORTERS))}"
            )
        exporter = _import(*_EXPORTERS[protocol]).OTLPSpanExporter(**kwargs)
        self.provider.add_span_processor(_sdk(".export").BatchSpanProcessor(exporter))

    def setup_console_exporter(self, **kwargs: Any) -> None:
        """Print every span to stdout as it ends (``**kwargs`` go to ``ConsoleSpanExporter``)."""
        export = _sdk(".export")
        exporter = export.ConsoleSpanExporter(**kwargs)
        self.provider.add_span_processor(export.SimpleSpanProcessor(exporter))


def get_tracer(name: str) -> Any:
    """An OpenTelemetry tracer; a no-op one while ``XAI_SDK_DISABLE_TRACING`` is ``1``/``true``."""
    trace = _import("opentelemetry.trace", "telemetry")
    if tracing_disabled():
        return trace.NoOpTracer()
    return trace.get_tracer(name)
