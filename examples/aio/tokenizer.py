"""See how a model's tokenizer splits your text, token by token.

Type a prompt: each token is printed with its id, its text and its UTF-8 bytes (an accented
letter or an emoji may span several tokens), then the count, which is what a prompt of that
text costs in prompt tokens.

Run: ``XAI_API_KEY=... python examples/aio/tokenizer.py``
"""

import asyncio

from xai_async import AsyncClient

MODEL = "grok-4-1-fast-non-reasoning"


def ask_for_prompt() -> str:
    """``input()`` blocks the event loop: fine here, nothing else runs meanwhile."""
    return input("Enter a prompt: ")


async def tokenize_text(client: AsyncClient) -> None:
    prompt = ask_for_prompt()
    tokens = await client.tokenize.tokenize_text(prompt, model=MODEL)
    for token in tokens:
        print(f"Token ID: {token.token_id}")
        print(f"Token Text: {token.string_token!r}")
        print(f"Token Bytes: {token.token_bytes!r}")
    print(f"{len(tokens)} tokens for {MODEL}")


async def main() -> None:
    async with AsyncClient() as client:
        await tokenize_text(client)


if __name__ == "__main__":
    asyncio.run(main())
