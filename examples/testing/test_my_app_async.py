from collections.abc import AsyncIterator

import pytest

from xai_async import AsyncClient
from xai_async.chat import user
from xai_async.testing import FakeXai


# The code under test: yours.
async def summarize(client: AsyncClient, text: str) -> str:
    chat = client.chat.create(model="grok-4")
    chat.append(user(f"Summarize: {text}"))
    return (await chat.sample()).content


@pytest.fixture(params=["asyncio", "trio"])  # trio: pip install trio
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def xai() -> AsyncIterator[FakeXai]:
    async with FakeXai() as server:
        yield server


@pytest.mark.anyio  # anyio's pytest plugin comes with the SDK's dependencies
async def test_summarize(xai: FakeXai) -> None:
    xai.reply("A short summary.")
    async with AsyncClient(**xai.client_kwargs()) as client:
        assert await summarize(client, "a long text") == "A short summary."
    [request] = xai.requests("GetCompletion")
    assert request.messages[0].content[0].text == "Summarize: a long text"
