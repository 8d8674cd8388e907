"""Attach a document to a message without uploading it first: ``file(data=..., filename=...)``.

The file's bytes travel with the message (fine for small files; upload big ones with the Files
API and pass ``file(file_id)`` instead). The answer is streamed.

Run: ``XAI_API_KEY=... python examples/sync/inline_files_chat.py``
"""

from xai_sync import Client
from xai_sync.chat import file, user

MINUTES = """\
# Sailing club committee, minutes of 14 October

- Winter storage: boats leave the water by 15 November; the fee stays at 120 EUR.
- The new safety boat arrives in March; volunteers for the crew rota wanted.
- Treasurer: membership is up 12% on last year; the bar made a small loss.
- Next meeting: 9 December.
"""


def main() -> None:
    with Client() as client:
        chat = client.chat.create(model="grok-4-1-fast-reasoning")
        chat.append(
            user(
                "List the decisions in these minutes, one line each.",
                file(data=MINUTES.encode(), filename="minutes.md", mime_type="text/markdown"),
            )
        )
        print("Grok: ", end="")
        for response, chunk in chat.stream():
            print(chunk.content, end="", flush=True)
        print(f"\n\nTokens used: {response.usage.total_tokens}")


if __name__ == "__main__":
    main()
