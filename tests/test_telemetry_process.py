"""Tracing beyond one package's calls: a cancelled task's span (async-only, asyncio and trio),
and whole processes — without OpenTelemetry installed, and with the global provider.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import anyio
import grpc
import pytest
from opentelemetry.trace import StatusCode

from tests.fake_server import FakeXai
from xai_async import AsyncClient
from xai_async.chat import user

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.anyio
async def test_a_cancelled_task_ends_its_span_as_cancelled(
    spans: Any, fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.delay = 10.0
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("slow")])
        with anyio.move_on_after(0.2):
            await chat.sample()
    [span] = spans.get_finished_spans()
    assert span.name == "chat.sample grok-4"
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes["error.type"] == "CANCELLED"
    assert span.attributes["rpc.grpc.status_code"] == grpc.StatusCode.CANCELLED.value[0]
    assert "gen_ai.completion.0.content" not in span.attributes


def _run(code: str, fake: FakeXai, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **fake.environment(), **env}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=environment,
        check=False,
    )


def test_without_opentelemetry_nothing_imports_it_and_calls_work(fake_xai: FakeXai) -> None:
    code = """
        import sys

        class Missing:  # as if OpenTelemetry were not installed
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "opentelemetry":
                    raise ModuleNotFoundError(name)

        sys.meta_path.insert(0, Missing())
        import xai_sync
        from xai_sync.chat import user

        with xai_sync.Client() as client:
            assert client._transport._front.tracing is None
            chat = client.chat.create("grok-4", messages=[user("hi")])
            print(chat.sample().content)
        assert not [name for name in sys.modules if name.startswith("opentelemetry")]
        from xai_sync.telemetry import Telemetry, should_disable_sensitive_attributes
        try:
            Telemetry()
        except ImportError as error:
            print("ImportError:", error)
    """
    result = _run(code, fake_xai)
    assert result.returncode == 0, result.stderr
    assert "You said: hi" in result.stdout
    assert "pip install 'xai-async[telemetry]'" in result.stdout


def test_telemetry_without_a_provider_sets_the_global_one(fake_xai: FakeXai) -> None:
    code = """
        from opentelemetry import trace
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

        import xai_sync
        from xai_sync.telemetry import Telemetry

        telemetry = Telemetry()
        assert trace.get_tracer_provider() is telemetry.provider
        exporter = InMemorySpanExporter()
        telemetry.provider.add_span_processor(SimpleSpanProcessor(exporter))
        with xai_sync.Client() as client:
            client.models.list_language_models()
        [span] = exporter.get_finished_spans()
        print(span.name, span.resource.attributes["service.name"])
    """
    result = _run(code, fake_xai)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["list_language_models", "xai-sdk"]


@pytest.mark.parametrize(("protocol", "error"), [("carrier-pigeon", ValueError)])
def test_setup_otlp_exporter_refuses_an_unknown_protocol(
    protocol: str, error: type[Exception], monkeypatch: pytest.MonkeyPatch
) -> None:
    from opentelemetry.sdk.trace import TracerProvider

    from xai_async._core.telemetry import spans as tracing
    from xai_async.telemetry import Telemetry

    monkeypatch.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
    telemetry = Telemetry(provider=TracerProvider())
    try:
        with pytest.raises(error, match="OTEL_EXPORTER_OTLP_PROTOCOL"):
            telemetry.setup_otlp_exporter()
    finally:
        tracing.use_provider(None)


def test_a_span_that_cannot_read_its_messages_never_breaks_the_call(
    spans: Any, client_kwargs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from xai_async._core.telemetry import spans as tracing
    from xai_sync import Client

    def broken(*args: object) -> dict[str, object]:
        raise RuntimeError("attribute reader bug")

    monkeypatch.setattr(tracing, "request_attributes", broken)
    monkeypatch.setattr(tracing, "response_attributes", broken)
    monkeypatch.setattr(tracing.ChunkReader, "add", broken)
    with Client(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("still fine?")])
        assert chat.sample().content.endswith("still fine?")
        assert "".join(chunk.content for _, chunk in chat.stream()).endswith("still fine?")
    names = [span.name for span in spans.get_finished_spans()]
    assert names == ["chat.sample grok-4", "chat.stream grok-4"]
    assert all(span.attributes["rpc.grpc.status_code"] == 0 for span in spans.get_finished_spans())
