"""Keep long conversations small: the server compacts their history into one opaque summary.

``chat.compact()`` compacts a chat in place: its history becomes a single encrypted message and
the conversation carries on from there. ``client.chat.compact_context(model, messages)``
compacts any list of messages; ``chat.append(summary)`` then starts a chat from the summary.

Run: ``XAI_API_KEY=... python examples/sync/compaction.py``
"""

from xai_sync import Client
from xai_sync.chat import assistant, system, user

MODEL = "grok-4-1-fast-reasoning"
LESSON = [
    "I play 1.e4 and keep losing to the Sicilian. What should I try?",
    "The Alapin with 2.c3 sounds good. What is the main idea?",
    "And if Black answers 2...Nf6?",
]


def compact_in_place(client: Client) -> None:
    chat = client.chat.create(model=MODEL, messages=[system("You are a patient chess coach.")])
    for question in LESSON:
        chat.append(user(question))
        response = chat.sample()
        print(f"Coach: {response.content}")
        chat.append(response)

    before = len(chat.messages)
    summary = chat.compact()
    print(
        f"Compacted {summary.dropped_message_count} messages into {summary.id}"
        f" ({summary.usage.total_tokens} tokens): the history went from {before} messages"
        f" to {len(chat.messages)}"
    )

    chat.append(user("Remind me which opening we settled on, in one line."))
    print(f"Coach: {chat.sample().content}")


def compact_a_transcript(client: Client) -> None:
    transcript = [
        system("You are a patient chess coach."),
        user("How do I stop hanging my pieces?"),
        assistant("Before every move, check what each of your pieces is defended by."),
        user("Any drill for that?"),
        assistant("Solve ten short tactics puzzles a day, saying the threats out loud."),
    ]
    summary = client.chat.compact_context(MODEL, transcript)
    print(f"{summary.dropped_message_count} messages compacted into {summary.id}")

    chat = client.chat.create(model=MODEL)
    chat.append(summary)  # the new chat starts from the summary
    chat.append(user("What drill did you suggest?"))
    print(f"Coach: {chat.sample().content}")


def main() -> None:
    with Client() as client:
        compact_in_place(client)
        print()
        compact_a_transcript(client)


if __name__ == "__main__":
    main()
