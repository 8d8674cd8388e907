"""The client: construction, credentials, retries, deadlines, typed errors, closing."""

from __future__ import annotations

import json
from typing import Any

import grpc
import pytest

from tests.fake_server import API_KEY, FakeXai
from xai_async import (
    APIError,
    AsyncClient,
    AuthenticationError,
    ClientClosedError,
    DataLossError,
    DeadlineExceededError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnavailableError,
)
from xai_async.chat import user


def test_missing_api_key_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="XAI_API_KEY"):
        AsyncClient()


def test_empty_api_key_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        AsyncClient(api_key="  ")


def test_a_key_that_cannot_be_a_header_is_refused_without_being_echoed() -> None:
    for bad in ("xai-secret\n", "xai-sécret", "xai secret"):
        with pytest.raises(ValueError, match="cannot be sent in a header") as caught:
            AsyncClient(api_key=bad)
        assert "secret" not in str(caught.value)
        assert "sécret" not in str(caught.value)


def test_api_key_is_read_from_the_environment(
    fake_xai: FakeXai, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XAI_API_KEY", API_KEY)
    client = AsyncClient(api_host=fake_xai.address, use_insecure_channel=True)
    assert API_KEY not in repr(client)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"timeout": 0}, ValueError, "timeout"),
        ({"timeout": "10"}, TypeError, "timeout"),
        ({"api_host": ""}, ValueError, "api_host"),
        ({"metadata": [("Upper", "x")]}, ValueError, "metadata"),
        ({"metadata": [("x-data-bin", "x")]}, ValueError, "metadata"),
        ({"metadata": [("x-team", "line\nbreak")]}, ValueError, "metadata"),
        ({"metadata": "x"}, TypeError, "metadata"),
        ({"channel_options": [("grpc.x",)]}, TypeError, "channel_options"),
        ({"timeout": 1e10}, ValueError, "at most"),
        ({"channel_options": [("grpc.max_send_message_length", None)]}, TypeError, "int"),
        ({"channel_options": [("grpc.keepalive_time_ms", 1.5)]}, TypeError, "keepalive"),
        ({"channel_options": [("grpc.keepalive_time_ms", [1])]}, TypeError, "keepalive"),
        ({"channel_options": [("grpc.max_send_message_length", 2**40)]}, TypeError, "32-bit"),
        ({"channel_options": [("grpc.service_config", "{not json")]}, ValueError, "JSON"),
        ({"use_insecure_channel": "false"}, TypeError, "use_insecure_channel"),
        ({"use_insecure_channel": 0}, TypeError, "use_insecure_channel"),
        ({"api_host": "127.0.0.1:99999"}, ValueError, "1-65535"),
        ({"api_host": "https://api.x.ai"}, ValueError, "no scheme"),
        ({"api_host": "api.x.ai/v1"}, ValueError, "api_host"),
        ({"api_host": "api x.ai"}, ValueError, "api_host"),
        ({"api_host": "api.x.ai:https"}, ValueError, "port"),
        ({"api_host": "[::1"}, ValueError, "api_host"),
        ({"management_api_host": "https://x"}, ValueError, "management_api_host"),
        ({"metadata": [("authorization", "Bearer x")]}, ValueError, "api_key="),
        ({"metadata": [("grpc-timeout", "1S")]}, ValueError, "reserved"),
        ({"metadata": [("content-type", "x")]}, ValueError, "reserved"),
        ({"metadata": [("x-big", "v" * 20_000)]}, ValueError, "larger than"),
    ],
)
def test_bad_constructor_arguments_name_the_argument(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        AsyncClient(api_key=API_KEY, **kwargs)


def test_bad_metadata_is_reported_by_position_without_its_value() -> None:
    secret = "xai-very-secret-value"
    bad: list[Any] = [[("x-team", "a"), ("x-key", secret, "extra")], [("X-Key", secret)]]
    for metadata in bad:
        with pytest.raises((TypeError, ValueError), match="entry") as caught:
            AsyncClient(api_key=API_KEY, metadata=metadata)
        assert secret not in str(caught.value)


def test_plaintext_to_a_remote_host_warns_and_loopback_does_not() -> None:
    # Construction only: channels connect lazily, so nothing is sent anywhere.
    with pytest.warns(UserWarning, match=r"'10\.1\.2\.3'.*unencrypted"):
        AsyncClient(api_key=API_KEY, api_host="10.1.2.3:443", use_insecure_channel=True)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for host in ("127.0.0.1:50051", "localhost:50051", "[::1]:50051", "127.8.9.1"):
            AsyncClient(api_key=API_KEY, api_host=host, use_insecure_channel=True)


def test_the_public_management_host_never_inherits_a_plaintext_channel() -> None:
    from xai_async._core.methods import Host

    client = AsyncClient(
        api_key=API_KEY,
        management_api_key=API_KEY,
        api_host="127.0.0.1:50051",
        use_insecure_channel=True,
    )
    hosts = client._transport._front.hosts
    assert hosts[Host.API].credentials is None  # plaintext, as asked, to the local server
    assert hosts[Host.MANAGEMENT].target == "management-api.x.ai"
    assert hosts[Host.MANAGEMENT].credentials is not None  # TLS
    assert all(key != "authorization" for key, _ in hosts[Host.MANAGEMENT].metadata)


def test_repr_of_a_half_built_client_does_not_raise() -> None:
    client = AsyncClient.__new__(AsyncClient)
    assert "AsyncClient" in repr(client)


async def test_get_api_key_info(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        info = await client.auth.get_api_key_info()
    assert info.user_id == "user-1"
    assert info.acls == ["api-key:model:*"]
    assert info.create_time is not None
    assert info.create_time.year == 2023


async def test_insecure_channel_sends_key_and_metadata_on_unary_and_stream_calls(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs, metadata=[("x-team", "blue")]) as client:
        await client.auth.get_api_key_info()
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        await chat.sample()
        async for _ in chat.stream():
            pass
    assert [r.method for r in fake_xai.received] == [
        "get_api_key_info",
        "GetCompletion",
        "GetCompletionChunk",
    ]
    for received in fake_xai.received:
        assert received.metadata["authorization"] == f"Bearer {API_KEY}"
        assert received.metadata["x-team"] == "blue"
        assert received.metadata["xai-sdk-version"].startswith("python/")
        assert "xai-async-python/" in received.metadata["user-agent"]


async def test_localhost_uses_local_credentials_with_the_key_as_call_credentials(
    fake_xai: FakeXai,
) -> None:
    async with AsyncClient(api_key=API_KEY, api_host=fake_xai.local_address) as client:
        await client.auth.get_api_key_info()
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        async for _ in chat.stream():
            pass
    assert [r.metadata["authorization"] for r in fake_xai.received] == [f"Bearer {API_KEY}"] * 2


async def test_hosts_come_from_the_environment_unless_given(
    fake_xai: FakeXai, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XAI_API_KEY", API_KEY)
    monkeypatch.setenv("XAI_API_HOST", fake_xai.local_address)
    monkeypatch.setenv("XAI_MANAGEMENT_API_HOST", "manage.example.com:443")
    async with AsyncClient() as client:  # what unchanged example code does
        await client.auth.get_api_key_info()
        assert f"(api_host={fake_xai.local_address!r}, timeout=1620.0)" in repr(client)
    assert [r.method for r in fake_xai.received] == ["get_api_key_info"]
    async with AsyncClient(api_host="api.example.com") as client:  # nothing sent: no call
        assert "api.example.com" in repr(client)
    monkeypatch.setenv("XAI_API_HOST", "https://api.x.ai")
    with pytest.raises(ValueError, match="api_host"):
        AsyncClient()


async def test_wrong_key_raises_authentication_error_without_the_key(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    wrong = "xai-wrong-key-0123456789abcdef0123456789"
    async with AsyncClient(**{**client_kwargs, "api_key": wrong}) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.auth.get_api_key_info()
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        with pytest.raises(AuthenticationError) as caught_stream:
            async for _ in chat.stream():
                pass
        for text in (repr(client), str(client), repr(chat), str(chat)):
            assert wrong not in text
    for error in (caught.value, caught_stream.value):
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED
        assert isinstance(error, grpc.RpcError)
        assert isinstance(error, grpc.aio.AioRpcError)
        for text in (str(error), repr(error), error.details() or "", str(error.args)):
            assert wrong not in text


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (grpc.StatusCode.INVALID_ARGUMENT, InvalidArgumentError),
        (grpc.StatusCode.NOT_FOUND, NotFoundError),
        (grpc.StatusCode.PERMISSION_DENIED, PermissionDeniedError),
        (grpc.StatusCode.RESOURCE_EXHAUSTED, RateLimitError),
        (grpc.StatusCode.INTERNAL, InternalServerError),
        (grpc.StatusCode.DATA_LOSS, DataLossError),
    ],
)
async def test_server_errors_are_typed_and_carry_the_status(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    code: grpc.StatusCode,
    error: type[APIError],
) -> None:
    fake_xai.fail_next(1, code, "scripted failure")
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        with pytest.raises(error) as caught:
            await chat.sample()
    assert caught.value.code() == code
    assert caught.value.details() == "scripted failure"
    assert caught.value.method == "/xai_api.Chat/GetCompletion"
    assert str(caught.value) == f"{code.name}: scripted failure (/xai_api.Chat/GetCompletion)"


async def test_unavailable_is_retried_until_it_succeeds(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.fail_next(4, grpc.StatusCode.UNAVAILABLE)
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        response = await chat.sample()
    assert response.content == "Ahoy! You said: hi"
    assert fake_xai.attempts["GetCompletion"] == 5


async def test_five_unavailable_answers_exhaust_the_retries(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.fail_next(5, grpc.StatusCode.UNAVAILABLE)
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        with pytest.raises(UnavailableError):
            await chat.sample()
    assert fake_xai.attempts["GetCompletion"] == 5


async def test_retries_can_be_disabled(fake_xai: FakeXai, client_kwargs: dict[str, Any]) -> None:
    fake_xai.fail_next(1, grpc.StatusCode.UNAVAILABLE)
    options = [("grpc.enable_retries", 0)]
    async with AsyncClient(**client_kwargs, channel_options=options) as client:
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        with pytest.raises(UnavailableError):
            await chat.sample()
    assert fake_xai.attempts["GetCompletion"] == 1


async def test_custom_retry_policy_replaces_the_default(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    policy = json.dumps(
        {
            "methodConfig": [
                {
                    "name": [{}],
                    "retryPolicy": {
                        "maxAttempts": 3,
                        "initialBackoff": "0.01s",
                        "maxBackoff": "0.02s",
                        "backoffMultiplier": 1.5,
                        "retryableStatusCodes": ["UNAVAILABLE", "RESOURCE_EXHAUSTED"],
                    },
                }
            ]
        }
    )
    options = [("grpc.service_config", policy)]
    async with AsyncClient(**client_kwargs, channel_options=options) as client:
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        fake_xai.fail_next(2, grpc.StatusCode.RESOURCE_EXHAUSTED)
        assert (await chat.sample()).content
        assert fake_xai.attempts["GetCompletion"] == 3
        fake_xai.fail_next(3, grpc.StatusCode.UNAVAILABLE)
        with pytest.raises(UnavailableError):
            await chat.sample()
        assert fake_xai.attempts["GetCompletion"] == 6


async def test_client_timeout_becomes_deadline_exceeded(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.delay = 2.0
    async with AsyncClient(**client_kwargs, timeout=0.2) as client:
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        with pytest.raises(DeadlineExceededError) as caught:
            await chat.sample()
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


async def test_per_call_timeout_overrides_the_client_timeout(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.delay = 0.5
    async with AsyncClient(**client_kwargs, timeout=0.1) as client:
        chat = client.chat.create(model="grok-3", messages=[user("hi")])
        assert (await chat.sample(timeout=10)).content
        with pytest.raises(DeadlineExceededError):
            await client.auth.get_api_key_info(timeout=0.1)
        with pytest.raises(ValueError, match="timeout"):
            await chat.sample(timeout=-1)


async def test_stream_timeout_becomes_deadline_exceeded(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.chunk_delay = 0.5
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("one two three")])
        with pytest.raises(DeadlineExceededError):
            async for _ in chat.stream(timeout=0.2):
                pass


async def test_a_closed_client_refuses_calls(client_kwargs: dict[str, Any]) -> None:
    client = AsyncClient(**client_kwargs)
    chat = client.chat.create(model="grok-3", messages=[user("hi")])
    await client.close()
    await client.close()  # idempotent
    with pytest.raises(ClientClosedError, match="closed"):
        await chat.sample()


async def test_stream_that_breaks_midway_raises_after_the_chunks_it_sent(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.stop_stream_after = 2
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("one two three four")])
        stream = chat.stream()
        seen = []
        with pytest.raises(InternalServerError, match="midway"):  # noqa: PT012
            async for _response, chunk in stream:
                seen.append(chunk.content)
    assert seen == ["Ahoy! ", "You "]
    assert stream.response.content == "Ahoy! You "


async def test_leaving_a_stream_early_cancels_it_on_the_server(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.chunk_delay = 0.05
    fake_xai.reply(" ".join(["word"] * 200))
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("talk")])
        async with chat.stream() as stream:
            async for _response, chunk in stream:
                assert chunk.content == "word "
                break
        assert fake_xai.wait_for_cancel("GetCompletionChunk")
        # The stream is finished for good once closed.
        await stream.aclose()


async def test_breaking_out_of_a_stream_without_a_block_cancels_it_on_the_server(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    fake_xai.chunk_delay = 0.05
    fake_xai.reply(" ".join(["word"] * 200))
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create(model="grok-3", messages=[user("talk")])
        async for _response, _chunk in chat.stream():
            break  # the dropped stream is finalized here, which cancels the RPC
        assert fake_xai.wait_for_cancel("GetCompletionChunk")
