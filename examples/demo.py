"""See it work: a short multi-turn streamed chat against the fake xAI server, three ways.

The same conversation runs with ``xai_sync.Client``, then ``xai_async.AsyncClient`` on asyncio
and on trio. Nothing here touches api.x.ai: the server is the test suite's fake, on 127.0.0.1.
Run: ``nox -s demo`` (or ``python examples/demo.py`` with the package installed).
"""

from __future__ import annotations

import asyncio

import trio

from xai_async import AsyncClient
from xai_async.chat import system, user
from xai_async.testing import API_KEY, FakeXai
from xai_sync import Client

PROMPTS = ["Hello, who are you?", "What is the best ship in the fleet?"]


def run_sync(server: FakeXai) -> None:
    with Client(api_key=API_KEY, api_host=server.address, use_insecure_channel=True) as client:
        chat = client.chat.create(model="grok-3", messages=[system("You are a pirate.")])
        for prompt in PROMPTS:
            chat.append(user(prompt))
            print(f"You: {prompt}\nGrok: ", end="", flush=True)
            for response, chunk in chat.stream():
                print(chunk.content, end="", flush=True)
            print()
            chat.append(response)


async def run_async(server: FakeXai) -> None:
    async with AsyncClient(
        api_key=API_KEY, api_host=server.address, use_insecure_channel=True
    ) as client:
        chat = client.chat.create(model="grok-3", messages=[system("You are a pirate.")])
        for prompt in PROMPTS:
            chat.append(user(prompt))
            print(f"You: {prompt}\nGrok: ", end="", flush=True)
            async for response, chunk in chat.stream():
                print(chunk.content, end="", flush=True)
            print()
            chat.append(response)


def main() -> None:
    server = FakeXai().start()
    server.chunk_delay = 0.03  # so the streaming is visible
    try:
        print("== xai_sync.Client")
        run_sync(server)
        print("\n== xai_async.AsyncClient on asyncio")
        asyncio.run(run_async(server))
        print("\n== xai_async.AsyncClient on trio")
        trio.run(run_async, server)
    finally:
        server.stop()
    print(f"\nThe fake server answered {len(server.received)} streamed calls.")


if __name__ == "__main__":
    main()
