from collections.abc import Iterator

import pytest

from xai_sync import Client, RateLimitError
from xai_sync.chat import system, user
from xai_sync.testing import FakeXai


# The code under test: yours.
def capital_of(client: Client, country: str) -> str:
    chat = client.chat.create(model="grok-4", messages=[system("Answer with the city only.")])
    chat.append(user(f"What is the capital of {country}?"))
    return chat.sample().content


@pytest.fixture
def xai() -> Iterator[FakeXai]:
    with FakeXai() as server:  # a real gRPC server on 127.0.0.1, stopped after the test
        yield server


@pytest.fixture
def client(xai: FakeXai) -> Iterator[Client]:
    with Client(**xai.client_kwargs()) as client:  # API and management hosts and keys
        yield client


def test_capital_of(xai: FakeXai, client: Client) -> None:
    xai.reply("Paris")  # what the next chat completion says
    assert capital_of(client, "France") == "Paris"
    [request] = xai.requests("GetCompletion")  # what the server received (protobuf messages)
    assert request.model == "grok-4"
    assert request.messages[-1].content[0].text == "What is the capital of France?"


def test_rate_limited(xai: FakeXai, client: Client) -> None:
    xai.fail_next(1, "RESOURCE_EXHAUSTED", "slow down")
    with pytest.raises(RateLimitError, match="slow down"):
        capital_of(client, "France")


def test_configured_by_the_environment(xai: FakeXai, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in xai.environment().items():  # XAI_API_KEY, XAI_API_HOST ...
        monkeypatch.setenv(name, value)
    with Client() as client:
        assert "France" in capital_of(client, "France")  # unscripted: it echoes the question
