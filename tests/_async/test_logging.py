"""Logging: one DEBUG line per call on the package's logger, never a secret, silent when off."""

from __future__ import annotations

import logging
from typing import Any

import grpc
import pytest

from tests.fake_server import API_KEY, FakeXai
from xai_async import AsyncClient, NotFoundError
from xai_async.chat import user
from xai_async.proto import services

PACKAGE = "xai_async"  # the generated sync tests read "xai_sync": each package has its logger


async def test_each_call_logs_one_debug_line_without_the_key(
    fake_xai: FakeXai, client_kwargs: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=PACKAGE)
    async with AsyncClient(**client_kwargs) as client:
        await client.auth.get_api_key_info()
        chat = client.chat.create("grok-3", messages=[user("hi")])
        async for _ in chat.stream():
            pass
        fake_xai.fail_next(1, grpc.StatusCode.NOT_FOUND, "no such model")
        with pytest.raises(NotFoundError):
            await client.models.get_language_model("nope")
    lines = [record.getMessage() for record in caplog.records if record.name == PACKAGE]
    assert len(lines) == 3
    assert lines[0].startswith(f"/xai_api.Auth/get_api_key_info on {fake_xai.address}: OK in ")
    assert lines[0].endswith(" ms")
    assert lines[1].startswith("/xai_api.Chat/GetCompletionChunk on ")
    assert ": OK in " in lines[1]
    assert ": NOT_FOUND in " in lines[2]
    assert API_KEY not in caplog.text
    assert all(record.levelno == logging.DEBUG for record in caplog.records)


async def test_nothing_is_logged_or_hooked_while_debug_is_off(
    client_kwargs: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=PACKAGE)
    async with AsyncClient(**client_kwargs) as client:
        await client.auth.get_api_key_info()
        call = client._transport._front.call(services.Auth.get_api_key_info, None)
    assert call.observers == ()  # no per-call logging hook: the off path costs one check
    assert [r for r in caplog.records if r.name == PACKAGE] == []
