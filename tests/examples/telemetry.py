"""Check of the telemetry example: a span line per call, and each call carrying its trace."""

from __future__ import annotations

import re
from pathlib import Path

from tests.examples.common import Example, methods
from tests.fake_server import API_KEY, FakeXai

MODEL = "grok-4-1-fast-non-reasoning"


def check_telemetry(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == ["GetCompletion", "GetCompletionChunk"]
    # A stream's span ends with its last chunk: its line follows the streamed text.
    lines = re.findall(r"\[span\] (.+?) \| [\d.]+ ms \| tokens=(\d+) \| (.+)$", out, re.M)
    host = server.local_address
    assert [(name, where) for name, _, where in lines] == [
        (f"chat.sample {MODEL}", host),
        (f"chat.stream {MODEL}", host),
    ], out
    assert all(int(tokens) > 0 for _, tokens, _ in lines)
    assert "Host: Ahoy! You said: Which planet has the most moons?" in out
    parents = [call.metadata.get("traceparent", "") for call in server.received]
    assert all(re.fullmatch(r"00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]", p) for p in parents), parents
    assert API_KEY not in out


CASES = [Example("telemetry", check_telemetry)]
