"""Fixtures shared by the async tests (asyncio and trio) and the generated sync tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.fake_server import API_KEY, FakeXai


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Async tests run once on each event loop AnyIO supports."""
    return str(request.param)


@pytest.fixture
def fake_xai() -> Iterator[FakeXai]:
    """A fresh fake xAI server on 127.0.0.1, stopped after the test."""
    server = FakeXai().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def client_kwargs(fake_xai: FakeXai) -> dict[str, Any]:
    """Constructor arguments that point a client at the fake server (plaintext)."""
    return {"api_key": API_KEY, "api_host": fake_xai.address, "use_insecure_channel": True}


@pytest.fixture(autouse=True)
def _no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests say which key they use; a developer's real key must never leak into them.
    monkeypatch.delenv("XAI_API_KEY", raising=False)
    monkeypatch.delenv("XAI_MANAGEMENT_KEY", raising=False)
    monkeypatch.delenv("XAI_API_HOST", raising=False)
    monkeypatch.delenv("XAI_MANAGEMENT_API_HOST", raising=False)


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Every span the SDK ends during the test, in an in-memory exporter.

    The spans go to a provider given to ``Telemetry(provider=...)`` (not the global one, which
    OpenTelemetry lets a process set only once); both switches start off.
    """
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from xai_async._core.telemetry import spans as tracing
    from xai_async.telemetry import Telemetry

    monkeypatch.delenv("XAI_SDK_DISABLE_TRACING", raising=False)
    monkeypatch.delenv("XAI_SDK_DISABLE_SENSITIVE_TELEMETRY_ATTRIBUTES", raising=False)
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    Telemetry(provider=provider)
    try:
        yield exporter
    finally:
        tracing.use_provider(None)
        provider.shutdown()
