"""Talk with Grok in the terminal; every turn is added to the conversation's history.

Type a message and press Enter; ``exit`` ends the session. By default each answer comes whole
(``chat.sample()``); ``--stream`` prints it while it is being written (``chat.stream()``), and
``-n 3`` asks for three alternative answers per turn (``sample_batch`` / ``stream_batch``), the
first of which is kept in the history.

Run: ``XAI_API_KEY=... python examples/sync/chat.py [--stream] [-n 3]``
"""

import argparse

from xai_sync import Client
from xai_sync.chat import assistant, system, user

MODEL = "grok-4-1-fast-non-reasoning"
OPENING = [
    system("You are a cheerful lighthouse keeper. Answer in two sentences at most."),
    user("Long night?"),
    assistant("The fog was thick, but the lamp never blinked once."),
]


def next_prompt() -> str | None:
    """The user's next message, or None once they type ``exit``."""
    prompt = input("You: ")
    return None if prompt.strip().lower() == "exit" else prompt


def whole_answers(client: Client) -> None:
    chat = client.chat.create(model=MODEL, messages=OPENING)
    while (prompt := next_prompt()) is not None:
        chat.append(user(prompt))
        response = chat.sample()
        print(f"Grok: {response.content}")
        chat.append(response)  # so the next turn knows what was said


def streamed_answers(client: Client) -> None:
    chat = client.chat.create(model=MODEL, messages=OPENING)
    while (prompt := next_prompt()) is not None:
        chat.append(user(prompt))
        print("Grok: ", end="", flush=True)
        for response, chunk in chat.stream():
            print(chunk.content, end="", flush=True)
        print()
        chat.append(response)  # after the loop, `response` holds the whole answer


def alternative_answers(client: Client, n: int) -> None:
    chat = client.chat.create(model=MODEL, messages=OPENING)
    while (prompt := next_prompt()) is not None:
        chat.append(user(prompt))
        responses = chat.sample_batch(n)
        for number, response in enumerate(responses, 1):
            print(f"Grok ({number} of {n}): {response.content}")
        chat.append(responses[0])


def streamed_alternative_answers(client: Client, n: int) -> None:
    chat = client.chat.create(model=MODEL, messages=OPENING)
    while (prompt := next_prompt()) is not None:
        chat.append(user(prompt))
        for responses, _chunks in chat.stream_batch(n):
            print(".", end="", flush=True)  # one dot per chunk received
        print()
        for number, response in enumerate(responses, 1):
            print(f"Grok ({number} of {n}): {response.content}")
        chat.append(responses[0])


def main() -> None:
    parser = argparse.ArgumentParser(description="Chat with Grok in the terminal.")
    parser.add_argument("--stream", action="store_true", help="print answers as they arrive")
    parser.add_argument("-n", type=int, default=1, help="alternative answers per turn")
    args = parser.parse_args()

    with Client() as client:
        if args.n == 1 and args.stream:
            streamed_answers(client)
        elif args.n == 1:
            whole_answers(client)
        elif args.stream:
            streamed_alternative_answers(client, args.n)
        else:
            alternative_answers(client, args.n)


if __name__ == "__main__":
    main()
