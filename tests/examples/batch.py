"""Checks of the Batch API example: what it printed, and what the server received."""

from __future__ import annotations

from pathlib import Path

from tests.examples.common import Example, methods, requests
from tests.fake_server import FakeXai, enum_name


def _slow_batch_with_a_failure(server: FakeXai) -> None:
    batches = server.servicer("xai_api.BatchMgmt")
    batches.pending_polls = 2  # two checks before the requests are answered
    batches.failures["landmark_1"] = "The model is not available for batches."


def check_batch_request(server: FakeXai, out: str, argv: list[str], tmp: Path) -> None:
    assert methods(server) == [
        "CreateBatch",
        "AddBatchRequests",
        "GetBatch",
        "GetBatch",
        "ListBatchRequestMetadata",
        "ListBatchResults",
    ]
    (create,) = requests(server, "CreateBatch")
    assert create.name == "landmarks"
    (added,) = requests(server, "AddBatchRequests")
    assert added.batch_id == "batch-1"
    assert [r.batch_request_id for r in added.batch_requests] == [
        "landmark_0",
        "landmark_1",
        "landmark_2",
    ]
    for request, landmark in zip(
        added.batch_requests,
        ["the Golden Gate Bridge", "the Colosseum", "Table Mountain"],
        strict=True,
    ):
        chat = request.completion_request
        assert chat.model == "grok-4-fast-reasoning"
        assert chat.max_tokens == 500
        assert round(chat.temperature, 3) == 0.2
        assert not chat.HasField("n")
        roles = [enum_name("xai_api.MessageRole", m.role) for m in chat.messages]
        assert roles == ["ROLE_SYSTEM", "ROLE_USER"]
        assert chat.messages[1].content[0].text == f"Where is {landmark}?"
    assert all(r.batch_id == "batch-1" for r in requests(server, "GetBatch"))

    assert "Created batch batch-1 (landmarks)\nQueued 3 requests\n" in out
    assert "Progress: 0/3 done\nProgress: 3/3 done\n" in out
    servicer = server.servicer("xai_api.BatchMgmt")
    ticks = servicer._view(servicer.batches["batch-1"]).cost_breakdown.total_cost_usd_ticks
    assert ticks > 0  # the two answered chats
    assert f"Cost: ${ticks / 1e10:.4f}\n" in out
    assert (
        "Requests:\n"
        "  landmark_0: succeeded (grok-4-fast-reasoning)\n"
        "  landmark_1: failed (grok-4-fast-reasoning)\n"
        "  landmark_2: succeeded (grok-4-fast-reasoning)\n"
    ) in out
    assert (
        "Answers:\n"
        "  landmark_0: Ahoy! You said: Where is the Golden Gate Bridge?\n"
        "  landmark_2: Ahoy! You said: Where is Table Mountain?\n"
        "Failures:\n"
        "  landmark_1: The model is not available for batches.\n"
    ) in out


CASES = [
    Example(
        "batch_request",
        check_batch_request,
        argv=["--interval", "0.01"],
        setup=_slow_batch_with_a_failure,
    ),
]
