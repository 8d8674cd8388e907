"""Trace what the SDK does with OpenTelemetry: every call becomes a span you can export.

Each call to the API is a CLIENT span named like ``chat.sample <model>`` carrying gen_ai
attributes (model, prompt, answer, token usage, cost) and the host it went to. Here the spans
go to a tracer provider of our own and are printed one line each as they end; with
``OTEL_EXPORTER_OTLP_ENDPOINT`` set they are sent by OTLP instead (to Jaeger, Langfuse ...).
``XAI_SDK_DISABLE_SENSITIVE_TELEMETRY_ATTRIBUTES=1`` keeps prompts and answers out of them.
The same spans come from asyncio and trio (swap ``asyncio.run`` for ``trio.run``).

Needs: ``pip install 'xai-async[telemetry]'`` (``[telemetry-http]`` for OTLP).
Run: ``XAI_API_KEY=... python examples/aio/telemetry.py``
"""

import asyncio
import os
import sys

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider

from xai_async import AsyncClient
from xai_async.chat import system, user
from xai_async.telemetry import Telemetry

MODEL = "grok-4-1-fast-non-reasoning"


def one_line(span: ReadableSpan) -> str:
    """A span as one line: name, duration, tokens and where the call went."""
    attributes = span.attributes or {}
    took = ((span.end_time or 0) - (span.start_time or 0)) / 1e6
    tokens = attributes.get("gen_ai.usage.total_tokens", "-")
    where = f"{attributes.get('server.address')}:{attributes.get('server.port')}"
    return f"[span] {span.name} | {took:.1f} ms | tokens={tokens} | {where}\n"


def setup_tracing() -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({"service.name": "trivia-night"}))
    telemetry = Telemetry(provider=provider)  # the SDK's spans go to this provider
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        telemetry.setup_otlp_exporter()
    else:
        telemetry.setup_console_exporter(out=sys.stdout, formatter=one_line)
    return provider


async def quiz(client: AsyncClient) -> None:
    chat = client.chat.create(model=MODEL, conversation_id="trivia-night-1")
    chat.append(system("You host a pub quiz. Keep every answer to one sentence."))
    chat.append(user("Which planet has the most moons?"))
    answer = await chat.sample()
    print(f"Host: {answer.content}")
    chat.append(answer)
    chat.append(user("And the largest moon?"))
    print("Host: ", end="")
    async for _, chunk in chat.stream():
        print(chunk.content, end="", flush=True)
    print()


async def main() -> None:
    provider = setup_tracing()
    try:
        async with AsyncClient() as client:
            await quiz(client)
    finally:
        provider.shutdown()  # exports what is still buffered


if __name__ == "__main__":
    asyncio.run(main())
