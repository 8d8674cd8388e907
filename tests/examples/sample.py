"""Check of the raw sampling example: one completion, three alternatives, one streamed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.examples.common import Example, methods, requests
from tests.fake_server import FakeXai

OPENING = "The lighthouse keeper climbed the stairs one last time, and"


def check_sample(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["SampleText", "SampleText", "SampleTextStreaming"]
    limited, alternatives = requests(server, "SampleText")
    assert list(limited.prompt) == [OPENING]
    assert limited.model == "grok-3"
    assert (limited.max_tokens, list(limited.stop)) == (60, ["\n\n"])
    assert limited.temperature == pytest.approx(0.8)
    assert not limited.HasField("n")
    assert alternatives.n == 3
    (streamed,) = requests(server, "SampleTextStreaming")
    assert (list(streamed.prompt), streamed.max_tokens) == ([OPENING], 60)

    words = len(OPENING.split()) + 1  # the fake echoes the prompt after "Echo:"
    assert f"{OPENING} Echo: {OPENING}\n[REASON_STOP, {words} tokens]\n" in out
    cat = "A good name for a lighthouse cat:"
    assert f"Option 1: Echo: {cat}\nOption 2: Echo: {cat} (2)\nOption 3: Echo: {cat} (3)\n" in out
    assert out.endswith(f"{OPENING} Echo: {OPENING}\n[streamed {words} tokens]\n")


CASES = [Example("sample", check_sample)]
