"""``chat.run_tools`` on the async client: the functions of one answer run concurrently, and the
first failure cancels the others and is raised as itself (not in an exception group).

Async-only by nature (the sync twin runs them one after the other), so not mirrored.
"""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from tests.fake_server import FakeXai
from xai_async import AsyncClient
from xai_async.chat import tool, user

pytestmark = pytest.mark.anyio

SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
TOOLS = [tool("first", "The first.", SCHEMA), tool("second", "The second.", SCHEMA)]


async def test_the_calls_of_one_answer_run_concurrently(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    second_started = anyio.Event()

    async def first(city: str) -> str:
        with anyio.fail_after(5):  # run one after the other, this would wait forever
            await second_started.wait()
        return f"first in {city}"

    async def second(city: str) -> str:
        second_started.set()
        return f"second in {city}"

    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Go")], tools=TOOLS)
        answer = await chat.run_tools({"first": first, "second": second})
    # The fake model calls each tool once, then quotes what they returned.
    assert "first in" in answer.content
    assert "second in" in answer.content
    results = [m for m in fake_xai.received[-1].request.messages if m.tool_call_id]
    assert len(results) == 2


async def test_the_first_failure_cancels_the_others_and_is_raised_as_itself(
    client_kwargs: dict[str, Any],
) -> None:
    cancelled = []

    async def first(city: str) -> str:
        try:
            await anyio.sleep(10)
        except anyio.get_cancelled_exc_class():
            cancelled.append("first")
            raise
        return "never"

    async def second(city: str) -> str:
        await anyio.sleep(0.01)
        raise LookupError(f"no weather for {city}")

    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Go")], tools=TOOLS)
        with anyio.fail_after(5), pytest.raises(LookupError, match="no weather"):
            await chat.run_tools({"first": first, "second": second})
    assert cancelled == ["first"]


async def test_sync_functions_work_too(client_kwargs: dict[str, Any]) -> None:
    async with AsyncClient(**client_kwargs) as client:
        chat = client.chat.create("grok-4", messages=[user("Go")], tools=TOOLS)
        answer = await chat.run_tools({"first": lambda city: "one", "second": lambda city: 2})
    assert "one" in answer.content
    assert "2" in answer.content
