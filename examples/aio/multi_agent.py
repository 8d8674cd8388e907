"""Several agents on one question: ``agent_count`` runs a team of models that share the work.

A multi-agent model splits the research between 4 (or 16) agents, which may use server-side
tools, and answers as one. Streaming shows the thinking tokens growing, then the answer;
``response.cost_usd`` says what the request cost.

Run: ``XAI_API_KEY=... python examples/aio/multi_agent.py``
"""

import asyncio

from xai_async import AsyncClient
from xai_async.chat import user
from xai_async.tools import web_search, x_search


async def main() -> None:
    async with AsyncClient() as client:
        chat = client.chat.create(
            model="grok-4.20-multi-agent",
            agent_count=4,
            tools=[web_search(), x_search()],
            include=["verbose_streaming"],
        )
        chat.append(user("Compare the three most recent Mars rover missions in a short table."))

        thinking = answering = False
        async for response, chunk in chat.stream():
            if not answering and response.usage.reasoning_tokens:
                print(f"\rThinking... {response.usage.reasoning_tokens} tokens", end="", flush=True)
                thinking = True
            if chunk.content and not answering:
                print("\nGrok: " if thinking else "Grok: ", end="")
                answering = True
            print(chunk.content, end="", flush=True)
        print()
        if response.cost_usd is not None:
            print(f"Cost: ${response.cost_usd:.4f}")


if __name__ == "__main__":
    asyncio.run(main())
