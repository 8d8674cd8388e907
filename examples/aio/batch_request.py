"""The Batch API: queue many chat requests at once, then collect every answer when it is ready.

Each chat is built as for ``sample()`` (``client.chat.create`` and ``append``), with a
``batch_request_id`` to recognise its answer; ``client.batch.add`` queues them all in one call.
The batch runs on the server, at a lower price than live requests: ``client.batch.get`` reports
how far it got, and ``client.batch.list_batch_results`` hands back each answer, or why it failed.

Run: ``XAI_API_KEY=... python examples/aio/batch_request.py [--interval 10]``
"""

import argparse
import asyncio

import anyio  # anyio.sleep waits on asyncio and trio alike

from xai_async import AsyncClient
from xai_async.chat import system, user

LANDMARKS = ["the Golden Gate Bridge", "the Colosseum", "Table Mountain"]


async def main() -> None:
    parser = argparse.ArgumentParser(description="Ask about landmarks in one batch.")
    parser.add_argument("--model", default="grok-4-fast-reasoning")
    parser.add_argument("--interval", type=float, default=5, help="seconds between checks")
    args = parser.parse_args()

    async with AsyncClient() as client:
        batch = await client.batch.create(batch_name="landmarks")
        print(f"Created batch {batch.batch_id} ({batch.name})")

        chats = []
        for number, landmark in enumerate(LANDMARKS):
            chat = client.chat.create(
                model=args.model,
                max_tokens=500,
                temperature=0.2,
                batch_request_id=f"landmark_{number}",
            )
            chat.append(system('Reply with JSON only: {"city": ..., "country": ...}.'))
            chat.append(user(f"Where is {landmark}?"))
            chats.append(chat)
        await client.batch.add(batch_id=batch.batch_id, batch_requests=chats)
        print(f"Queued {len(chats)} requests")

        # The batch works in the background: check on it until nothing is pending.
        while True:
            batch = await client.batch.get(batch_id=batch.batch_id)
            state = batch.state
            assert state is not None
            done = state.num_success + state.num_error
            print(f"Progress: {done}/{state.num_requests} done")
            if state.num_pending == 0:
                break
            await anyio.sleep(args.interval)

        if batch.cost_breakdown is not None:  # in ticks of 1e-10 USD
            print(f"Cost: ${batch.cost_breakdown.total_cost_usd_ticks / 1e10:.4f}")

        print("\nRequests:")
        listing = await client.batch.list_batch_requests(batch_id=batch.batch_id)
        for request in listing.batch_request_metadata:
            print(f"  {request.batch_request_id}: {request.state.name.lower()} ({request.model})")

        results = await client.batch.list_batch_results(batch_id=batch.batch_id)
        print("\nAnswers:")
        for result in results.succeeded:
            print(f"  {result.batch_request_id}: {result.response.content}")
        if results.failed:
            print("Failures:")
            for result in results.failed:
                print(f"  {result.batch_request_id}: {result.error_message}")


if __name__ == "__main__":
    asyncio.run(main())
