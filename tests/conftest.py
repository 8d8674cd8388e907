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
