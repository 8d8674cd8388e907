"""Tracing: one CLIENT span per public call, named and described as the official SDK does it.

Spans are read back from an in-memory exporter (the ``spans`` fixture). Cancellation of a
running task is async-only and lives in tests/test_telemetry_cancel.py.
"""

from __future__ import annotations

import json
from typing import Any

import grpc
import pytest
from opentelemetry.trace import SpanKind, StatusCode

from tests.fake_server import API_KEY, MANAGEMENT_KEY, FakeXai
from xai_async import AsyncClient, NotFoundError
from xai_async.chat import user
from xai_async.proto import services


def _finished(spans: Any) -> list[Any]:
    return list(spans.get_finished_spans())


def _only(spans: Any) -> Any:
    finished = _finished(spans)
    assert len(finished) == 1, [span.name for span in finished]
    return finished[0]


async def test_chat_sample_span_has_the_official_name_and_gen_ai_attributes(
    spans: Any, fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.reply("Paris.")
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(
            "grok-4", conversation_id="conv-7", temperature=0.25, max_tokens=50
        )
        chat.append(user("Capital of France?"))
        response = await chat.sample()
    span = _only(spans)
    assert span.name == "chat.sample grok-4"
    assert span.kind is SpanKind.CLIENT
    assert span.status.status_code is StatusCode.UNSET
    attributes = dict(span.attributes)
    host, port = fake_xai.address.rsplit(":", 1)
    assert attributes["server.address"] == host  # the host called, not api.x.ai
    assert attributes["server.port"] == int(port)
    expected = {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "xai",
        "gen_ai.request.model": "grok-4",
        "gen_ai.request.temperature": 0.25,
        "gen_ai.request.max_tokens": 50,
        "gen_ai.conversation.id": "conv-7",
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Capital of France?",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "Paris.",
        "gen_ai.response.id": response.id,
        "gen_ai.response.model": response.model,
        "gen_ai.usage.input_tokens": response.usage.prompt_tokens,
        "gen_ai.usage.output_tokens": response.usage.completion_tokens,
        "gen_ai.usage.cost_in_usd_ticks": response.usage.cost_in_usd_ticks,
        "rpc.grpc.status_code": 0,
    }
    assert {key: attributes.get(key) for key in expected} == expected
    assert attributes["gen_ai.response.finish_reasons"] == (response.finish_reason,)


async def test_a_stream_span_lasts_until_its_end_and_records_the_first_chunk(
    spans: Any, fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.reply("one two three four")
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("count")])
        stream = chat.stream()
        pieces = []
        async for response, chunk in stream:  # noqa: B007 (read after the loop)
            pieces.append(chunk.content)
            assert _finished(spans) == []  # still open while chunks arrive
    assert len(pieces) > 1
    span = _only(spans)
    assert span.name == "chat.stream grok-4"
    attributes = dict(span.attributes)
    assert attributes["gen_ai.completion.0.content"] == response.content == "".join(pieces)
    assert attributes["gen_ai.response.id"] == response.id
    assert attributes["gen_ai.usage.total_tokens"] == response.usage.total_tokens
    assert attributes["gen_ai.completion.start_time"].endswith("+00:00")


async def test_a_stream_closed_before_its_end_ends_its_span_as_cancelled(
    spans: Any, fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.reply(" ".join(["word"] * 50))
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("talk")])
        async with chat.stream() as stream:
            async for _ in stream:
                break
            assert _finished(spans) == []
    span = _only(spans)
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes["rpc.grpc.status_code"] == grpc.StatusCode.CANCELLED.value[0]
    assert span.attributes["error.type"] == "CANCELLED"
    assert "gen_ai.completion.start_time" in span.attributes


async def test_a_failed_call_records_its_grpc_status_and_error(
    spans: Any, fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.fail_next(1, grpc.StatusCode.NOT_FOUND, "no such model")
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(NotFoundError):
            await client.models.get_language_model("grok-nope")
    span = _only(spans)
    assert span.name == "get_language_model grok-nope"
    assert span.attributes["gen_ai.request.model"] == "grok-nope"
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes["rpc.grpc.status_code"] == grpc.StatusCode.NOT_FOUND.value[0]
    assert span.attributes["error.type"] == "NOT_FOUND"
    assert "no such model" in (span.status.description or "")
    assert [event.name for event in span.events] == ["exception"]


async def test_spans_of_other_areas_follow_the_official_names(
    spans: Any, fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        await client.tokenize.tokenize_text("hello there", "grok-4")
        await client.models.list_language_models()
        await client.image.sample("a red fox", "grok-2-image", image_format="url")
        uploaded = await client.files.upload(b"some notes", filename="notes.txt")
        await client.files.delete(uploaded.id)
        await client.auth.get_api_key_info()
        chat = client.chat.create("grok-4", messages=[user("two takes")])
        await chat.sample_batch(2)
    by_name = {span.name: span for span in _finished(spans)}
    assert list(by_name) == [
        "tokenize_text grok-4",
        "list_language_models",
        "image.sample grok-2-image",
        "file.upload",
        "file.delete",
        "get_api_key_info",
        "chat.sample_batch grok-4",
    ]
    image = dict(by_name["image.sample grok-2-image"].attributes)
    assert image["gen_ai.operation.name"] == "generate_image"
    assert image["gen_ai.prompt"] == "a red fox"
    assert image["gen_ai.response.0.image.url"].startswith("http")
    upload = dict(by_name["file.upload"].attributes)
    assert upload["file.id"] == uploaded.id
    assert upload["file.name"] == "notes.txt"
    batch = dict(by_name["chat.sample_batch grok-4"].attributes)
    assert "gen_ai.completion.1.content" in batch
    assert len(batch["gen_ai.response.finish_reasons"]) == 2


async def test_a_polled_call_is_one_span_named_for_the_public_call(
    spans: Any, fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("later")], conversation_id="c-1")
        deferred = await chat.defer(interval=0.01)
        video = await client.video.generate("a wave", "grok-imagine-video", interval=0.01)
    names = [span.name for span in _finished(spans)]
    assert names == ["chat.defer grok-4", "video.generate grok-imagine-video"]
    defer, generate = _finished(spans)
    assert defer.attributes["gen_ai.completion.0.content"] == deferred.content
    assert defer.attributes["gen_ai.conversation.id"] == "c-1"
    assert defer.attributes["rpc.grpc.status_code"] == 0
    assert generate.attributes["gen_ai.response.0.video.url"] == video.url


async def test_disable_tracing_is_read_when_each_call_starts(
    spans: Any,
    client_kwargs: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        monkeypatch.setenv("XAI_SDK_DISABLE_TRACING", "true")
        await client.auth.get_api_key_info()
        assert _finished(spans) == []
        monkeypatch.setenv("XAI_SDK_DISABLE_TRACING", "0")
        await client.auth.get_api_key_info()
    assert _only(spans).name == "get_api_key_info"


async def test_disable_sensitive_attributes_keeps_content_usage_and_ids_out(
    spans: Any, client_kwargs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XAI_SDK_DISABLE_SENSITIVE_TELEMETRY_ATTRIBUTES", "1")
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("secret plan")], conversation_id="c")
        await chat.sample()
        async for _ in chat.stream():
            pass
        uploaded = await client.files.upload(b"private", filename="diary.txt")
    for span in _finished(spans):
        keys = set(span.attributes)
        leaked = {
            key
            for key in keys
            if key.startswith(("gen_ai.prompt", "gen_ai.completion.0", "gen_ai.usage"))
            or key in {"gen_ai.response.id", "gen_ai.conversation.id", "file.id", "file.name"}
        }
        assert leaked == set(), span.name
        assert "secret plan" not in json.dumps(dict(span.attributes), default=str)
        assert uploaded.id not in json.dumps(dict(span.attributes), default=str)
    chat_span = _finished(spans)[0]
    assert chat_span.attributes["gen_ai.request.model"] == "grok-4"


async def test_the_call_carries_the_traceparent_of_its_span(
    spans: Any, fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        await client.auth.get_api_key_info()
        chat = client.chat.create("grok-4", messages=[user("hi")])
        async for _ in chat.stream():
            pass
    sent = [call.metadata.get("traceparent") for call in fake_xai.received]
    expected = [
        f"00-{span.context.trace_id:032x}-{span.context.span_id:016x}"
        f"-{int(span.context.trace_flags):02x}"
        for span in _finished(spans)
    ]
    assert sent == expected


async def test_no_span_and_no_traceparent_without_a_tracer_provider(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        await client.auth.get_api_key_info()
        call = client._transport._front.call(services.Auth.get_api_key_info, None)
    assert call.span is None  # OpenTelemetry's default provider keeps nothing: no work done
    assert "traceparent" not in fake_xai.received[0].metadata


async def test_no_key_appears_in_any_exported_span(
    spans: Any, fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    kwargs = {**client_kwargs, "management_api_key": MANAGEMENT_KEY}
    kwargs["management_api_host"] = fake_xai.address
    async with AsyncClient(**kwargs) as client:
        await client.auth.get_api_key_info()
        chat = client.chat.create("grok-4", messages=[user("hello")])
        await chat.sample()
        collection = await client.collections.create("docs")
        await client.collections.upload_document(
            collection.collection_id, "a.txt", b"text", wait_for_indexing=False
        )
        fake_xai.fail_next(1, grpc.StatusCode.UNAUTHENTICATED, "bad key")
        with pytest.raises(Exception, match="bad key"):
            await client.models.list_language_models()
    finished = _finished(spans)
    assert "collections.upload_document" in [span.name for span in finished]
    for span in finished:
        exported = span.to_json()  # attributes, events, status, resource
        assert API_KEY not in exported
        assert MANAGEMENT_KEY not in exported
