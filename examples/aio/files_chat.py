"""Chat about an uploaded document: upload it once, then refer to it with ``file(file_id)``.

The model reads the file on the server side, so the conversation carries only its id (compare
``inline_files_chat.py``, which sends the bytes along with the message). The answer is streamed,
and the file is deleted afterwards.

Run: ``XAI_API_KEY=... python examples/aio/files_chat.py``
"""

import asyncio

from xai_async import AsyncClient
from xai_async.chat import file, user

REPORT = """\
Bakery sales, spring quarter

Month     Loaves   Pastries   Revenue (EUR)
March     4,120    6,310      21,480
April     4,480    7,020      23,950
May       3,910    7,880      24,110

Notes:
- Sourdough sold out on 19 of 31 Saturdays.
- The new almond croissant made up 22% of May's pastry sales.
- Oven 2 was down for repairs for eight days in April.
"""


async def main() -> None:
    async with AsyncClient() as client:
        uploaded = await client.files.upload(REPORT.encode(), filename="bakery-sales.txt")
        print(f"Uploaded {uploaded.filename} as {uploaded.id}")

        chat = client.chat.create(model="grok-4-fast")
        chat.append(user("What are the three main takeaways of this report?", file(uploaded.id)))
        print("Grok: ", end="")
        async for response, chunk in chat.stream():
            print(chunk.content, end="", flush=True)
        print(f"\n\nTokens used: {response.usage.total_tokens}")

        await client.files.delete(uploaded.id)
        print(f"Deleted {uploaded.id}")


if __name__ == "__main__":
    asyncio.run(main())
