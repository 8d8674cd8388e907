"""Check of the models example: the three catalogues listed, one model found by alias."""

from __future__ import annotations

from pathlib import Path

from tests.examples.common import Example, methods, requests
from tests.fake_server import FakeXai


def check_models(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == [
        "ListLanguageModels",
        "ListEmbeddingModels",
        "ListImageGenerationModels",
        "GetLanguageModel",
    ]
    (request,) = requests(server, "GetLanguageModel")
    assert request.name == "grok-4"
    assert (
        "Language models:\n"
        "  grok-4-0709 (grok-4, grok-4-latest): text+image -> text, up to 256,000 prompt tokens\n"
    ) in out
    assert "  grok-3-mini (grok-3-mini-latest, grok-3-mini-beta): text -> text, up to" in out
    assert "Embedding models:\n  v1: text+image\n" in out
    assert "  grok-imagine-image-quality: 700000000 per image\n" in out
    assert "'grok-4' is grok-4-0709, version 1.0.0, created 2025-07-09\n" in out
    assert "  prices: prompt 30000, cached prompt 7500, completion 150000\n" in out


CASES = [Example("models", check_models)]
