"""See how a model's tokenizer splits your text, token by token.

Type a prompt: each token is printed with its id, its text and its UTF-8 bytes (an accented
letter or an emoji may span several tokens), then the count, which is what a prompt of that
text costs in prompt tokens.

Run: ``XAI_API_KEY=... python examples/sync/tokenizer.py``
"""

from xai_sync import Client

MODEL = "grok-4-1-fast-non-reasoning"


def tokenize_text(client: Client) -> None:
    prompt = input("Enter a prompt: ")
    tokens = client.tokenize.tokenize_text(prompt, model=MODEL)
    for token in tokens:
        print(f"Token ID: {token.token_id}")
        print(f"Token Text: {token.string_token!r}")
        print(f"Token Bytes: {token.token_bytes!r}")
    print(f"{len(tokens)} tokens for {MODEL}")


def main() -> None:
    with Client() as client:
        tokenize_text(client)


if __name__ == "__main__":
    main()
