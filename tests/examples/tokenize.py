"""Check of the tokenizer example: each token printed, and the text and model sent."""

from __future__ import annotations

from pathlib import Path

from tests.examples.common import Example, methods, requests
from tests.fake_server import FakeXai
from xai_async._core.fake.services.tokenize import split, token_id

PROMPT = "Crème brûlée at the lighthouse 🗼"


def check_tokenizer(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["TokenizeText"]
    (request,) = requests(server, "TokenizeText")
    assert (request.text, request.model) == (PROMPT, "grok-4-1-fast-non-reasoning")
    pieces = split(PROMPT)
    assert pieces[-3:] == [" lighthou", "se", " 🗼"]  # long words split, emoji alone
    for piece in pieces:
        printed = f"Token ID: {token_id(piece)}\nToken Text: {piece!r}\n"
        assert f"{printed}Token Bytes: {piece.encode()!r}\n" in out
    assert "Token Bytes: b'Cr\\xc3\\xa8me'\n" in out
    assert out.endswith(f"{len(pieces)} tokens for grok-4-1-fast-non-reasoning\n")


CASES = [Example("tokenizer", check_tokenizer, inputs=[PROMPT])]
