"""Agentic tool use: Grok searches the web and X and runs code on xAI's servers by itself.

``agentic_research`` streams an answer built with ``web_search``, ``x_search`` and
``code_execution``, printing each tool call as it starts, the code interpreter's output, then the
answer, its citations and how often each tool ran (``server_side_tool_usage``).

``with_a_local_tool`` mixes a server-side tool with a function of yours: calls are told apart
with ``get_tool_call_type``; the server-side ones already ran, the client-side ones are run here
and answered with ``tool_result``. ``use_encrypted_content=True`` keeps the model's reasoning
(encrypted) in the history that ``chat.append(response)`` replays.

Run: ``XAI_API_KEY=... python examples/aio/server_side_tools.py``
"""

import asyncio
import json

from xai_async import AsyncClient
from xai_async.chat import tool, tool_result, user
from xai_async.tools import code_execution, get_tool_call_type, web_search, x_search


async def agentic_research(client: AsyncClient, question: str) -> None:
    chat = client.chat.create(
        model="grok-4-1-fast-reasoning",
        tools=[web_search(), x_search(), code_execution()],
        include=[
            "verbose_streaming",  # tool calls are streamed while they run
            "code_execution_call_output",  # and the interpreter's output comes back too
        ],
    )
    chat.append(user(question))

    answering = False
    started: set[str] = set()
    async for response, chunk in chat.stream():
        for call in chunk.tool_calls:
            if call.id in started:  # verbose streaming sends a call again when it completes
                continue
            started.add(call.id)
            assert call.function is not None  # always set: the check is for type checkers
            print(f"[{get_tool_call_type(call)}] {call.function.name}({call.function.arguments})")
        for output in chunk.tool_outputs:
            if output.content:
                kind = get_tool_call_type(output.tool_calls[0])
                print(f"[{kind} output] {output.content.strip()}")
        if chunk.content and not answering:
            print("Answer: ", end="")
            answering = True
        print(chunk.content, end="", flush=True)

    print(f"\n\nCitations: {list(response.citations)}")
    print(f"Tools used: {response.server_side_tool_usage}")
    print(f"Tool calls in all: {len(response.tool_calls)}")
    print(f"Tokens: {response.usage.total_tokens} (reasoning: {response.usage.reasoning_tokens})")


def opening_hours(place: str) -> str:
    return f"{place} is open from 9:00 to 17:30 today."


async def with_a_local_tool(client: AsyncClient, question: str) -> None:
    hours_tool = tool(
        name="opening_hours",
        description="Today's opening hours of a museum, shop or venue.",
        parameters={
            "type": "object",
            "properties": {"place": {"type": "string", "description": "Name of the place."}},
            "required": ["place"],
        },
    )
    chat = client.chat.create(
        model="grok-4-1-fast-reasoning",
        tools=[web_search(), hours_tool],
        use_encrypted_content=True,
    )
    chat.append(user(question))

    while True:
        mine = []  # (id, function) of the calls to run here
        async for response, chunk in chat.stream():
            for call in chunk.tool_calls:
                assert call.function is not None  # always set: the check is for type checkers
                if get_tool_call_type(call) == "client_side_tool":
                    mine.append((call.id, call.function))
                else:
                    print(f"Server ran {call.function.name}({call.function.arguments})")
        chat.append(response)
        if not mine:
            break
        for call_id, function in mine:
            result = opening_hours(json.loads(function.arguments)["place"])
            print(f"We ran {function.name}({function.arguments}) -> {result}")
            chat.append(tool_result(result, tool_call_id=call_id))

    print(f"Answer: {response.content}")


async def main() -> None:
    async with AsyncClient() as client:
        await agentic_research(
            client, "How many moons does Jupiter have? Compute the total with code."
        )
        print("\n" + "-" * 60)
        await with_a_local_tool(client, "Is the most visited museum in Paris open this afternoon?")


if __name__ == "__main__":
    asyncio.run(main())
