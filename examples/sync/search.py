"""Live search (``search_parameters``): the model looks things up while answering.

``SearchParameters`` lists where to search (the web, news, X posts, RSS feeds) and when:
``mode="auto"`` lets the model decide, ``"on"`` always searches. The answer comes with the URLs
it used (``response.citations``) and ``usage.num_sources_used``.

Run: ``XAI_API_KEY=... python examples/sync/search.py``
"""

from datetime import datetime, timedelta, timezone

from xai_sync import Client
from xai_sync.chat import user
from xai_sync.search import SearchParameters, news_source, rss_source, web_source, x_source


def search_everywhere(client: Client, question: str) -> None:
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
    response = chat.sample()
    print(f"Grok: {response.content}")
    print(f"{len(response.citations)} citations: {list(response.citations)}")
    print(f"Sources used: {response.usage.num_sources_used}")


def recent_news_streamed(client: Client, question: str) -> None:
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
    for response, chunk in chat.stream():
        print(chunk.content, end="", flush=True)
    print(f"\nCitations: {list(response.citations)}")


def main() -> None:
    question = input("Search for: ")
    with Client() as client:
        search_everywhere(client, question)
        print()
        recent_news_streamed(client, question)


if __name__ == "__main__":
    main()
