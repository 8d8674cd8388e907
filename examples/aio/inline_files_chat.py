"""Attach a document to a message without uploading it first: ``file(data=..., filename=...)``.

The file's bytes travel with the message (fine for small files; upload big ones with the Files
API and pass ``file(file_id)`` instead). The answer is streamed.

Run: ``XAI_API_KEY=... python examples/aio/inline_files_chat.py``
"""

import asyncio

from xai_async import AsyncClient
from xai_async.chat import file, user

MINUTES = """\
# Sailing club committee, minutes of 14 October

- Winter storage: boats leave the water by 15 November; the fee stays at 120 EUR.
- The new safety boat arrives in March; volunteers for the crew rota wanted.
- Treasurer: membership is up 12% on last year; the bar made a small loss.
- Next meeting: 9 December.
"""


async def main() -> None:
    async with AsyncClient() as client:
        chat = client.chat.create(model="grok-4-1-fast-reasoning")
        chat.append(
            user(
                "List the decisions in these minutes, one line each.",
                file(data=MINUTES.encode(), filename="minutes.md", mime_type="text/markdown"),
            )
        )
        print("Grok: ", end="")
        async for response, chunk in chat.stream():
            print(chunk.content, end="", flush=True)
        print(f"\n\nTokens used: {response.usage.total_tokens}")


if __name__ == "__main__":
    asyncio.run(main())
