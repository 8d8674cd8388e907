"""Ask for an answer now and collect it later: deferred completions.

``chat.defer()`` starts the request on the server and polls until the answer is ready, so no
connection stays open while the model works; ``defer_batch(n)`` does the same for ``n``
alternative answers. A request that expires server-side raises ``RuntimeError``, one that is
not done within ``timeout`` raises ``TimeoutError``.

Run: ``XAI_API_KEY=... python examples/aio/deferred_chat.py``
"""

import asyncio
from datetime import timedelta

from xai_async import AsyncClient
from xai_async.chat import system, user

WAIT_AT_MOST = timedelta(minutes=5)
POLL_EVERY = timedelta(milliseconds=250)


async def main() -> None:
    async with AsyncClient() as client:
        chat = client.chat.create(
            model="grok-4-1-fast-non-reasoning",
            messages=[system("You are a poet who only writes haiku.")],
        )
        chat.append(user("A haiku about waiting for the kettle to boil."))
        try:
            response = await chat.defer(timeout=WAIT_AT_MOST, interval=POLL_EVERY)
            print(f"Deferred answer ({response.id}):\n{response.content}\n")

            drafts = await chat.defer_batch(n=2, timeout=WAIT_AT_MOST, interval=POLL_EVERY)
            for number, draft in enumerate(drafts, 1):
                print(f"Draft {number}: {draft.content}")
        except RuntimeError as error:  # the server let the request expire
            print(f"No answer: {error}")
        except TimeoutError as error:  # still not done after WAIT_AT_MOST
            print(f"Gave up waiting: {error}")


if __name__ == "__main__":
    asyncio.run(main())
