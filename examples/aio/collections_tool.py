"""Answer from your own documents: the ``collections_search`` tool searches collections on xAI.

The model decides what to look up in the collections you name, reads the matching chunks and
answers with citations. The collection ids below are placeholders: make a collection and add
documents to it first (``client.collections``), then put its id here.

Run: ``XAI_API_KEY=... python examples/aio/collections_tool.py``
"""

import asyncio

from xai_async import AsyncClient
from xai_async.chat import user
from xai_async.tools import collections_search

#: Collections holding the club's handbook and its meeting minutes (replace with yours).
COLLECTION_IDS = ["collection_sailing_handbook", "collection_meeting_minutes"]


async def main() -> None:
    async with AsyncClient() as client:
        chat = client.chat.create(
            model="grok-4-1-fast-reasoning",
            tools=[collections_search(collection_ids=COLLECTION_IDS, limit=5)],
            include=["collections_search_call_output", "inline_citations"],
        )
        chat.append(user("What did the committee decide about winter storage fees?"))

        answering = False
        async for response, chunk in chat.stream():
            for call in chunk.tool_calls:
                assert call.function is not None  # always set: the check is for type checkers
                print(f"Searching: {call.function.name}({call.function.arguments})")
            for output in chunk.tool_outputs:
                print(f"Found: {output.content}")
            if chunk.content and not answering:
                print("Answer: ", end="")
                answering = True
            print(chunk.content, end="", flush=True)

        print(f"\n\nCitations: {list(response.citations)}")
        for citation in response.inline_citations:
            marker = response.content[citation.start_index : citation.end_index]
            print(f"  citation {citation.id}: {marker}")
        print(f"Tools used: {response.server_side_tool_usage}")
        print(f"Tool calls: {len(response.tool_calls)}")


if __name__ == "__main__":
    asyncio.run(main())
