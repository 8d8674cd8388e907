"""Live search (``search_parameters``): the model looks things up while answering.

``SearchParameters`` lists where to search (the web, news, X posts, RSS feeds) and when:
``mode="auto"`` lets the model decide, ``"on"`` always searches. The answer comes with the URLs
it used (``response.citations``) and ``usage.num_sources_used``.

Run: ``XAI_API_KEY=... python examples/aio/search.py``
"""

import asyncio
from datetime import datetime, timedelta, timezone

from xai_async import AsyncClient
from xai_async.chat import user
from xai_async.search import SearchParameters, news_source, rss_source, web_source, x_source


async def search_everywhere(client: AsyncClient, question: str) -> None:
    chat = client.chat.create(
        model="grok-3",
        search_parameters=SearchParameters(
            sources=[
                web_source(),
                news_source(),
                x_source(),
                rss_source(["https://status.x.ai/feed.xml"]),
            ],
            mode="auto",
        ),
    )
    chat.append(user(question))
    response = await chat.sample()
    print(f"Grok: {response.content}")
    print(f"{len(response.citations)} citations: {list(response.citations)}")
    print(f"Sources used: {response.usage.num_sources_used}")


async def recent_news_streamed(client: AsyncClient, question: str) -> None:
    chat = client.chat.create(
        model="grok-3",
        search_parameters=SearchParameters(
            sources=[
                web_source(country="GB", excluded_websites=["example.com"]),
                news_source(country="GB"),
            ],
            mode="on",
            from_date=datetime.now(timezone.utc) - timedelta(days=7),  # the last week only
            max_search_results=5,
        ),
    )
    chat.append(user(question))
    print("Grok: ", end="")
    async for response, chunk in chat.stream():
        print(chunk.content, end="", flush=True)
    print(f"\nCitations: {list(response.citations)}")


async def main() -> None:
    # input() blocks the event loop: fine here, nothing else runs meanwhile.
    question = input("Search for: ")  # noqa: ASYNC250
    async with AsyncClient() as client:
        await search_everywhere(client, question)
        print()
        await recent_news_streamed(client, question)


if __name__ == "__main__":
    asyncio.run(main())
