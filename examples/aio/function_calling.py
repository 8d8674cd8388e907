"""Let Grok call functions of your program, then answer from what they returned.

Two client-side tools are declared: one with a hand-written JSON schema, the other with the
schema of a pydantic model (``model_json_schema()``). Whenever an answer asks for tools
(``response.tool_calls``), each call is run here and its result appended with ``tool_result``;
the chat is sampled again until the model answers in words. Type ``exit`` to stop; ``--stream``
streams every answer instead of sampling it whole.

Run: ``XAI_API_KEY=... python examples/aio/function_calling.py [--stream]``
"""

import argparse
import asyncio
import json
from typing import Literal

from pydantic import BaseModel, Field

from xai_async import AsyncClient
from xai_async.chat import system, tool, tool_result, user


def tide_table(harbour: str, day: str) -> str:
    return f"{harbour} on {day}: high water 06:40 and 19:05, low water 00:55 and 13:10."


# The first tool is described by a JSON schema written by hand ...
TIDE_TABLE = tool(
    name="tide_table",
    description="High and low water times at a harbour on a given day.",
    parameters={
        "type": "object",
        "properties": {
            "harbour": {"type": "string", "description": "Name of the harbour."},
            "day": {"type": "string", "description": "The day, as YYYY-MM-DD."},
        },
        "required": ["harbour", "day"],
    },
)


# ... the second by a pydantic model, which also checks the arguments the model sends.
class PackingRequest(BaseModel):
    destination: str = Field(description="Where the trip goes.")
    nights: int = Field(ge=1, description="How many nights away from home.")
    season: Literal["summer", "winter"] = Field(description="When the trip takes place.")


def packing_list(request: PackingRequest) -> str:
    extras = "sunscreen" if request.season == "summer" else "a warm hat"
    shirts = request.nights + 1
    return f"For {request.nights} nights in {request.destination}: {shirts} shirts and {extras}."


PACKING_LIST = tool(
    name="packing_list",
    description="What to pack for a trip.",
    parameters=PackingRequest.model_json_schema(),
)


def run_tool(name: str, arguments: str) -> str:
    """Run the function the model asked for, with the JSON arguments it chose."""
    if name == "tide_table":
        args = json.loads(arguments)
        return tide_table(args["harbour"], args["day"])
    if name == "packing_list":
        return packing_list(PackingRequest.model_validate_json(arguments))
    return f"There is no tool called {name!r}."


async def main() -> None:
    parser = argparse.ArgumentParser(description="Grok calls local functions.")
    parser.add_argument("--stream", action="store_true", help="stream the answers")
    stream = parser.parse_args().stream

    async with AsyncClient() as client:
        chat = client.chat.create(
            model="grok-4-1-fast-non-reasoning",
            messages=[system("You help people plan sailing trips. Use the tools when useful.")],
            tools=[TIDE_TABLE, PACKING_LIST],
        )
        # input() blocks the event loop: fine here, nothing else runs meanwhile.
        while (prompt := input("You: ")).strip().lower() != "exit":  # noqa: ASYNC250
            chat.append(user(prompt))
            while True:  # until the model answers instead of asking for tools
                if stream:
                    started = False
                    async for response, chunk in chat.stream():
                        if chunk.content and not started:
                            print("Grok: ", end="")
                            started = True
                        print(chunk.content, end="", flush=True)
                    if started:
                        print()
                else:
                    response = await chat.sample()
                    if response.content:
                        print(f"Grok: {response.content}")
                chat.append(response)
                if not response.tool_calls:
                    break
                for call in response.tool_calls:  # run what the model asked for
                    assert call.function is not None  # always set: the check is for type checkers
                    result = run_tool(call.function.name, call.function.arguments)
                    print(f"  [{call.function.name}({call.function.arguments}) -> {result}]")
                    chat.append(tool_result(result, tool_call_id=call.id))


if __name__ == "__main__":
    asyncio.run(main())
