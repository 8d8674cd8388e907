"""Raw text completion: the model continues your text as it is, with no chat around it.

Not in the official SDK. ``client.sample`` sends a bare prompt (no roles, no chat template)
and the model writes what comes next: first one continuation with a token limit and a stop
sequence, then three alternatives in one request (``n=3``), then a continuation streamed as it
is written (``stream_text``).

Run: ``XAI_API_KEY=... python examples/sync/sample.py``
"""

from xai_sync import Client

MODEL = "grok-3"
OPENING = "The lighthouse keeper climbed the stairs one last time, and"


def one_continuation(client: Client) -> None:
    response = client.sample.sample_text(
        OPENING, MODEL, max_tokens=60, temperature=0.8, stop=["\n\n"]
    )
    print(f"{OPENING}{response.text}")
    print(f"[{response.finish_reason}, {response.usage.completion_tokens} tokens]")


def alternatives(client: Client) -> None:
    response = client.sample.sample_text("A good name for a lighthouse cat:", MODEL, n=3)
    for choice in response.choices:
        print(f"Option {choice.index + 1}:{choice.text}")


def streamed(client: Client) -> None:
    print(OPENING, end="", flush=True)
    with client.sample.stream_text(OPENING, MODEL, max_tokens=60) as stream:
        for _response, chunk in stream:
            print(chunk.text, end="", flush=True)
    print(f"\n[streamed {stream.response.usage.completion_tokens} tokens]")


def main() -> None:
    with Client() as client:
        one_continuation(client)
        alternatives(client)
        streamed(client)


if __name__ == "__main__":
    main()
