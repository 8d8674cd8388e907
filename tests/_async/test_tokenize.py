"""``client.tokenize`` against the fake server's deterministic tokenizer."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from tests.fake_server import FakeXai
from xai_async import AsyncClient, DeadlineExceededError, InvalidArgumentError
from xai_async._core.fake.services.tokenize import split, token_id
from xai_async.proto import xai_api


async def test_tokenize_text_returns_every_token_in_order(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    text = "The lamp never blinked, not once."
    async with AsyncClient(**client_kwargs) as client:
        tokens = await client.tokenize.tokenize_text(text, model="grok-4")
    assert all(isinstance(token, xai_api.Token) for token in tokens)
    assert [token.string_token for token in tokens] == split(text)
    assert "".join(token.string_token for token in tokens) == text
    assert [token.token_id for token in tokens] == [token_id(piece) for piece in split(text)]
    assert [token.token_bytes for token in tokens] == [p.encode() for p in split(text)]
    (call,) = fake_xai.received
    assert call.method == "TokenizeText"
    assert (call.request.text, call.request.model, call.request.user) == (text, "grok-4", "")


async def test_token_bytes_are_utf8_and_user_is_sent(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        tokens = await client.tokenize.tokenize_text(
            "café ☕ crème", "grok-4-1-fast-non-reasoning", user="user-42"
        )
    assert b"".join(token.token_bytes for token in tokens) == "café ☕ crème".encode()
    assert [token.string_token for token in tokens] == ["café", " ☕", " crème"]
    assert fake_xai.received[0].request.user == "user-42"


async def test_an_empty_text_has_no_tokens(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        assert list(await client.tokenize.tokenize_text("", "grok-4")) == []
    assert fake_xai.received[0].request.text == ""


async def test_bad_arguments_are_refused_before_sending(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(TypeError, match="`text`"):
            await client.tokenize.tokenize_text(b"bytes", "grok-4")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="`text`"):
            await client.tokenize.tokenize_text("lone \ud800 surrogate", "grok-4")
        with pytest.raises(ValueError, match="`model`"):
            await client.tokenize.tokenize_text("hello", "")
        with pytest.raises(TypeError, match="`user`"):
            await client.tokenize.tokenize_text("hello", "grok-4", user=7)  # type: ignore[arg-type]
    assert fake_xai.received == []


async def test_server_errors_and_timeouts_surface_typed(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        fake_xai.fail_next(1, grpc.StatusCode.INVALID_ARGUMENT, "bad model")
        with pytest.raises(InvalidArgumentError, match="bad model"):
            await client.tokenize.tokenize_text("hello", "grok-4")
        fake_xai.delay = 0.5
        with pytest.raises(DeadlineExceededError):
            await client.tokenize.tokenize_text("hello", "grok-4", timeout=0.1)
