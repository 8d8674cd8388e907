"""Reasoning models think before they answer; you can read their thoughts and count them.

``reasoning_effort`` ("low" or "high") sets how long the model thinks. The thinking comes back in
``response.reasoning_content`` (streamed in ``chunk.reasoning_content``) and its cost in
``response.usage.reasoning_tokens``.

Run: ``XAI_API_KEY=... python examples/sync/reasoning.py``
"""

from xai_sync import Client
from xai_sync.chat import ReasoningEffort, Response, user

MODEL = "grok-3-mini"  # a model that reasons and takes `reasoning_effort`


def print_usage(response: Response) -> None:
    usage = response.usage
    print(
        f"Tokens: {usage.reasoning_tokens} reasoning, {usage.completion_tokens} answer,"
        f" {usage.total_tokens} in all"
    )


def think_then_answer(client: Client, question: str, effort: ReasoningEffort) -> None:
    chat = client.chat.create(model=MODEL, reasoning_effort=effort)
    chat.append(user(question))
    response = chat.sample()
    print(f"Thoughts ({effort} effort): {response.reasoning_content}")
    print(f"Answer: {response.content}")
    print_usage(response)


def think_aloud(client: Client, question: str, effort: ReasoningEffort) -> None:
    """The same, streamed: the thoughts are printed as they come, then the answer."""
    chat = client.chat.create(model=MODEL, reasoning_effort=effort)
    chat.append(user(question))
    print(f"Thoughts ({effort} effort): ", end="")
    answering = False
    for response, chunk in chat.stream():
        print(chunk.reasoning_content, end="", flush=True)
        if chunk.content and not answering:
            print("\nAnswer: ", end="")
            answering = True
        print(chunk.content, end="", flush=True)
    print()
    print_usage(response)


def main() -> None:
    question = input("Ask something to think about: ")
    with Client() as client:
        think_then_answer(client, question, "low")
        print()
        think_aloud(client, question, "high")


if __name__ == "__main__":
    main()
