"""Reasoning models think before they answer; you can read their thoughts and count them.

``reasoning_effort`` ("low" or "high") sets how long the model thinks. The thinking comes back in
``response.reasoning_content`` (streamed in ``chunk.reasoning_content``) and its cost in
``response.usage.reasoning_tokens``.

Run: ``XAI_API_KEY=... python examples/aio/reasoning.py``
"""

import asyncio

from xai_async import AsyncClient
from xai_async.chat import ReasoningEffort, Response, user

MODEL = "grok-3-mini"  # a model that reasons and takes `reasoning_effort`


def print_usage(response: Response) -> None:
    usage = response.usage
    print(
        f"Tokens: {usage.reasoning_tokens} reasoning, {usage.completion_tokens} answer,"
        f" {usage.total_tokens} in all"
    )


async def think_then_answer(client: AsyncClient, question: str, effort: ReasoningEffort) -> None:
    chat = client.chat.create(model=MODEL, reasoning_effort=effort)
    chat.append(user(question))
    response = await chat.sample()
    print(f"Thoughts ({effort} effort): {response.reasoning_content}")
    print(f"Answer: {response.content}")
    print_usage(response)


async def think_aloud(client: AsyncClient, question: str, effort: ReasoningEffort) -> None:
    """The same, streamed: the thoughts are printed as they come, then the answer."""
    chat = client.chat.create(model=MODEL, reasoning_effort=effort)
    chat.append(user(question))
    print(f"Thoughts ({effort} effort): ", end="")
    answering = False
    async for response, chunk in chat.stream():
        print(chunk.reasoning_content, end="", flush=True)
        if chunk.content and not answering:
            print("\nAnswer: ", end="")
            answering = True
        print(chunk.content, end="", flush=True)
    print()
    print_usage(response)


async def main() -> None:
    # input() blocks the event loop: fine here, nothing else runs meanwhile.
    question = input("Ask something to think about: ")  # noqa: ASYNC250
    async with AsyncClient() as client:
        await think_then_answer(client, question, "low")
        print()
        await think_aloud(client, question, "high")


if __name__ == "__main__":
    asyncio.run(main())
